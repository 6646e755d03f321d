"""Evidence about case and task types the study does not have, said, never dropped.

A standard for a case type with no case in the study, a Delphi item for one, and a task
type a standard or a panel names that is not in the taxonomy (a misspelling) each get a
row or a note in the evidence table saying so, as the survey's rows do.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd


def taxonomy_task_types(guide) -> tuple[str, list[str]]:
    """The name of the guide's taxonomy and its task types (the guide's own task types
    when the taxonomy cannot be loaded)."""
    from timestudy.categorise.taxonomy import load_taxonomy
    from timestudy.errors import TimestudyError

    name = str((getattr(guide, "meta", None) or {}).get("taxonomy") or "")
    own = [str(t) for t in guide.tasks.index]
    try:
        return name, list(dict.fromkeys(load_taxonomy(name).task_ids + own))
    except (TimestudyError, OSError, ValueError):  # a taxonomy file not at hand
        return name or "of the guide", own


def not_in_taxonomy(task: str, ids: list[str], name: str) -> str:
    """Why a task type is unknown, with the nearest spelling.

    Examples
    --------
    >>> not_in_taxonomy("statutory_visti", ["statutory_visit", "supervision"], "uk")
    'statutory_visti is not a task type of the taxonomy uk (did you mean statutory_visit?)'
    """
    near = difflib.get_close_matches(task, ids, n=1, cutoff=0.6)
    return (f"{task} is not a task type of the taxonomy {name}"
            + (f" (did you mean {near[0]}?)" if near else ""))


def _row(item: str, method: str, note: str, source: str) -> dict:
    return {"level": "case_type", "item": item, "method": method,
            "unit": "hours per case-month", "eligible": False, "chosen": False,
            "agrees": None, "note": note, "source": source}


def say_unknown(table: pd.DataFrame, guide, standards=None) -> pd.DataFrame:
    """The evidence rows with what does not fit the study said: a row for each standard's
    case type with no case in the study, and notes on rows naming an unknown case or task
    type (never eligible).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={}, case_types=pd.DataFrame(index=["CP"]),
    ...                     tasks=pd.DataFrame(index=["statutory_visit"]))
    >>> t = pd.DataFrame({"level": "case_type", "item": ["YOUTH"], "method": "delphi",
    ...                   "eligible": True, "note": ["IQR as interval"]})
    >>> say_unknown(t, g)[["eligible", "note"]].values.tolist()
    [[False, 'YOUTH is not a case type of this study (no case of it): not used; IQR as interval']]
    """
    cases = {str(k) for k in guide.case_types.index}
    tasks = {str(k) for k in guide.tasks.index}
    name, ids = taxonomy_task_types(guide)
    extra = []
    if standards is not None:
        src = f"{standards.name} ({standards.source})"
        for k in sorted(set(map(str, standards.case_types)) - cases):
            extra.append(_row(k, "standards_events", f"{k} is not a case type of this study "
                              "(no case of it): its standard is not used", src))
    table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if extra else table
    if table.empty:
        return table
    table = table.copy()
    level, item = table["level"].astype(str), table["item"].astype(str)
    why = pd.Series("", index=table.index)
    case_off = (level == "case_type") & ~item.isin(cases)
    why[case_off] = item[case_off] + " is not a case type of this study (no case of it): not used"
    task_off = (level == "task_type") & ~item.isin(tasks)
    why[task_off] = [(not_in_taxonomy(t, ids, name) if t not in ids else
                      f"{t} is not a task type of this study (none in the diary)") + ": not used"
                     for t in item[task_off]]
    if standards is not None:
        why = _pieces_unknown(table, why, standards, ids, name)
    if "note" in table:  # a row added above says it already
        why[table["note"].astype(str).str.contains(" is not a case type of this study",
                                                    regex=False)] = ""
    said = why.ne("").to_numpy()
    if said.any():
        notes = table["note"] if "note" in table else pd.Series("", index=table.index)
        table["note"] = ["; ".join(filter(None, (w, n if isinstance(n, str) else "")))
                         if s else n for w, n, s in zip(why, notes, said, strict=True)]
        off = (case_off | task_off).to_numpy()
        table["eligible"] = table["eligible"].astype(bool) & ~off
    return table


def _pieces_unknown(table, why, standards, ids, name) -> pd.Series:
    """Notes on the standards' rows of a case type whose pieces name task types not in
    the taxonomy."""
    items = standards.items
    bad: dict[str, list[str]] = {}
    for k, piece, ts in zip(items["case_type"], items["piece"], items["task_types"],
                            strict=True):
        wrong = [t for t in ts if t not in ids]
        if wrong:
            bad.setdefault(str(k), []).append(
                f"standard for {piece}: " + "; ".join(not_in_taxonomy(t, ids, name)
                                                      for t in wrong))
    if not bad:
        return why
    on = table["method"].astype(str).str.startswith("standards") & (
        table["level"] == "case_type")
    why = why.copy()
    for i in np.flatnonzero(on.to_numpy()):
        k = str(table["item"].iloc[i])
        if k in bad:
            why.iloc[i] = "; ".join(filter(None, [why.iloc[i], *bad[k]]))
    return why
