"""WOMBAT web-app export rows from compact task lists, for the hand-worked observation tests.

Each task is a dict: ``n`` (task number), ``what``, optional ``sub``, ``start``,
``end`` (``HH:MM``), optional ``pauses`` (``[(interrupting task n, start, end)]``),
``interrupting`` and ``multi`` (task numbers done in parallel).
"""

from __future__ import annotations

import pandas as pd

_FIXED = {"[With Whom] No one": 1, "[How] Face to face": 0, "Where": "Office", "Comments": "0",
          "ended by": "session", "is session complete?": "TRUE"}


def _secs(clock: str) -> int:
    h, m = clock.split(":")[:2]
    return int(h) * 3600 + int(m) * 60


def _span(a: str, b: str) -> int:
    d = _secs(b) - _secs(a)
    return d + 86400 if d < 0 else d


def _hms(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def session(date, observer, sid, site, participant, start, end, tasks) -> list[dict]:
    """The rows of one session (``date`` as WOMBAT writes it: ``10-Apr-2025``)."""
    rows = []
    for t in tasks:
        pauses = t.get("pauses", [])
        elapsed = _span(t["start"], t["end"])
        inactive = [_span(ps, pe) for _, ps, pe in pauses]
        bounds = [t["start"], *(x for _, ps, pe in pauses for x in (ps, pe)), t["end"]]
        active = [_span(bounds[2 * i], bounds[2 * i + 1]) for i in range(len(pauses) + 1)]
        ids = [f"{observer}_{sid}_{n}" for n, _, _ in pauses]
        r = {
            "session date": date, "observer id": observer, "session id": sid,
            "location id": site, "participant id": participant,
            "session start": start + ":00", "session end": end + ":00",
            "observer/session/task id": f"{observer}_{sid}_{t['n']}",
            "What (SW v1)": t["what"], "What (SW v1) (subcategories)": t.get("sub", "0"),
            "start time": t["start"] + ":00", "end time": t["end"] + ":00",
            "elapsed time": _hms(elapsed), "total time": _hms(elapsed - sum(inactive)),
            **_FIXED,
            "multi with": ";".join(f"{observer}_{sid}_{m}" for m in t.get("multi", [])),
            "is interrupting task?": "true" if t.get("interrupting") else "false",
            "interrupted by": ";".join(ids), "num of interrupts": len(pauses),
        }
        for i, (tid, (_, ps, pe)) in enumerate(zip(ids, pauses, strict=True), 1):
            r.update({f"int task id {i}": tid, f"int start {i}": ps + ":00",
                      f"int end {i}": pe + ":00", f"inactive {i}": _hms(inactive[i - 1])})
        for i, a in enumerate(active, 1):
            r[f"active {i}"] = _hms(a)
        rows.append(r)
    return rows


def export(rows: list[dict]) -> pd.DataFrame:
    """The rows as one export (every column as text, blanks where a row has none)."""
    return pd.DataFrame(rows).fillna("").astype(str)
