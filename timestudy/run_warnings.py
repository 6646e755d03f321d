"""A study run's warnings: those published with the guide (each once, with no quoted value,
identifier or amount of time: :func:`publishable`), those raised again for the caller of
:func:`timestudy.pipeline.run_study`, and the note of the rows a diary's read rejected."""

from __future__ import annotations

import re
import warnings

from timestudy.errors import TimestudyWarning
from timestudy.ingest.co_worked import CO_WORKERS
from timestudy.ingest.result import IngestResult
from timestudy.panels.co_held import case_holders


def _warn_again(caught: list) -> None:
    """A run's warnings raised again for its caller: timestudy's in full (not as published),
    each once, and other libraries' as they were."""
    raw = {str(w.message): w.category for w in caught if issubclass(w.category, TimestudyWarning)}
    for text, category in raw.items():
        warnings.warn(text, category, stacklevel=3)
    for w in caught:
        if not issubclass(w.category, TimestudyWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _rejected_note(report) -> str | None:
    """The rows the diary's read rejected, by reason (the three commonest), and what the
    figures rest on; None when none was.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(source="d.csv", n_read=55, n_rejected=50, n_accepted=5,
    ...                     rejected_by_reason={"missing_required": 50})
    >>> print(_rejected_note(r))
    d.csv: 50 of 55 rows rejected (missing_required 50): every figure rests on the 5 rows accepted; timestudy validate lists them with their lines and reasons
    """
    if not report.n_rejected:
        return None
    top = sorted(report.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
    why = ", ".join(f"{k} {v:,}" for k, v in top)
    return (f"{report.source}: {report.n_rejected:,} of {report.n_read:,} rows rejected "
            f"({why}): every figure rests on the {report.n_accepted:,} "
            f"row{'s' if report.n_accepted != 1 else ''} accepted; "
            "timestudy validate lists them with their lines and reasons")


def _named(ingest: IngestResult, cases_t, workers_t) -> set[str]:
    """The identifiers no published warning may carry: the tables' and the diary's ids, the
    spellings folded to them, and the file's name (a file may be named after a person: not
    its stem alone, or a file diary.csv would take 'diary' out of every warning)."""
    folded = {f["as_read"] for key in ("worker_ids", "case_ids")
              for f in ingest.report.details.get(key, {}).get("folded", ())}
    return _identifiers(ingest.episodes, ingest.rejects, cases_t, workers_t) | {
        str(ingest.report.source)} | folded


def _warnings(caught, identifiers: frozenset = frozenset(),
              withheld: frozenset = frozenset(), names: frozenset = frozenset()) -> list[dict]:
    """timestudy's warnings of a run, each once, in order, as JSON-ready records.

    They are published (``guide.json``, the report): a quoted value, and any word that is
    a worker, case or team identifier of the run, is replaced, a figure named after a task
    or case type of ``withheld`` (:func:`withheld_names`; ``names``: :func:`type_names`)
    too, and a message is cut at
    300 characters.
    """
    out: dict[str, dict] = {}
    for w in caught:
        if issubclass(w.category, TimestudyWarning):
            text = publishable(str(w.message), identifiers, withheld, names)
            out.setdefault(text, {"kind": w.category.__name__, "message": text})
    return list(out.values())


#: A quoted value: its quote marks not inside a word (so the grid's apostrophe is none).
_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"(?!\w)")
_WORD = re.compile(r"[^\s,;:()\[\]{}'\"]+")
#: An amount of time a warning gives (``6.8 h``, ``8.7 of 770.0 hours``, ``45 minutes``,
#: ``1.5 days``; not ``3 hours' time``): it may be one worker's or one case's, which no
#: published figure may be.
_TIME = re.compile(r"\b\d[\d,]*(?:\.\d+)?(?: of \d[\d,]*(?:\.\d+)?)? ?"
                   r"(?:h|hrs?|hours?|mins?|minutes?|days?)\b(?!')", re.IGNORECASE)


def withheld_names(guide, labels: dict | None = None) -> frozenset:
    """The names by which a warning may give a figure the guide withholds: the task types it
    withholds whole, or their time per piece or full hours, and the case types it withholds,
    each as its id, the id with spaces (``court hearing``) and the taxonomy's label; every
    task and case type when the whole guide is withheld.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> g = SimpleNamespace(reasons=lambda *t: {"court_hearing": "few"} if "tasks" in t
    ...                     else {}, tasks=pd.DataFrame(index=["court_hearing", "visit"]),
    ...                     case_types=pd.DataFrame(index=["CP"]))
    >>> sorted(withheld_names(g, {"task_types": {"court_hearing": "Court hearing"}}))
    ['Court hearing', 'court hearing', 'court_hearing']
    >>> sorted(type_names(g))
    ['CP', 'court hearing', 'court_hearing', 'visit']
    """
    keys = set(guide.reasons("tasks", "tasks.full_hours", "tasks.direct_minutes"))
    keys |= set(guide.reasons("case_types"))
    if "*" in keys:
        keys |= set(map(str, guide.tasks.index)) | set(map(str, guide.case_types.index))
    return _names(keys - {"*"}, labels)


def type_names(guide, labels: dict | None = None) -> frozenset:
    """The names of every task and case type of the guide, as :func:`withheld_names` gives
    them: a warning's figure after a published name (``statutory visit 12%``) is told from
    one after a withheld name inside it (``visit``) by the longer name."""
    return _names(set(map(str, guide.tasks.index)) | set(map(str, guide.case_types.index)),
                  labels)


def _names(keys: set, labels: dict | None) -> frozenset:
    """Each key, with spaces for its underscores, and its taxonomy label."""
    names = (labels or {}).get("task_types", {})
    return frozenset(n for k in keys for n in (k, k.replace("_", " "), names.get(k)) if n)


#: A figure a warning gives after a name: ``1.5%``, ``12``, ``3.25``.
_FIGURE = r"(\s+)-?\d[\d,]*(?:\.\d+)?%?(?![\w.])"


def publishable(message: str, identifiers: frozenset = frozenset(),
                withheld: frozenset = frozenset(), names: frozenset = frozenset()) -> str:
    """A warning fit to publish: no quoted value, no identifier, no amount of time (which may
    be one worker's), no figure of a task or case type the guide withholds (``withheld``:
    :func:`withheld_names`; it rests on fewer than ``min_workers`` workers; ``names``, every
    type's, :func:`type_names`, so that a published name holding a withheld one keeps its
    figure), one line, 300 characters.

    Examples
    --------
    >>> publishable("worker W123 has 'Jo Smith' in team North", frozenset({"W123", "North"}))
    'worker [id] has [value] in team [id]'
    >>> publishable("rows of Jo Smith (W1)", frozenset({"Jo Smith"}))
    'rows of [id] (W1)'
    >>> publishable("the grid's rows ('Amy Khan' '09/03/2026')")
    "the grid's rows ([value] [value])"
    >>> publishable("its 11 rows (6.8 h recorded); 8.7 of 770.0 hours in no case-month")
    'its 11 rows ([time] recorded); [time] in no case-month'
    >>> publishable("6.8 Hours and 1.5 days; in 3 hours' time; every 2 weeks")
    "[time] and [time]; in 3 hours' time; every 2 weeks"
    >>> publishable("for 2 task type(s) (court hearing 1.5%, statutory visit 1.2%)",
    ...             withheld=frozenset({"court hearing"}))
    'for 2 task type(s) (court hearing [not shown], statutory visit 1.2%)'
    >>> publishable("(visit 1.5%, statutory visit 12%)", withheld=frozenset({"visit"}),
    ...             names=frozenset({"visit", "statutory visit"}))
    '(visit [not shown], statutory visit 12%)'
    """
    text = _QUOTED.sub("[value]", " ".join(message.split()))
    text = _TIME.sub("[time]", text)  # whose time it is a warning does not say: not published
    if withheld:  # a withheld task's 1.5%, the longest name at each place first
        hidden = {n.lower() for n in withheld}
        every = "|".join(map(re.escape, sorted(set(withheld) | set(names), key=len,
                                                reverse=True)))
        text = re.sub(rf"(?<!\w)({every}){_FIGURE}", lambda m: m.group(0) if m.group(1).lower()
                      not in hidden else f"{m.group(1)}{m.group(2)}[not shown]", text,
                      flags=re.IGNORECASE)
    for name in sorted((i for i in identifiers if " " in i.strip()), key=len, reverse=True):
        text = text.replace(" ".join(name.split()), "[id]")  # 'Jo Smith': no word alone
    text = _WORD.sub(lambda m: "[id]" if m.group(0).strip(".") in identifiers else m.group(0),
                     text)
    return text if len(text) <= 300 else text[:299] + "…"


def _identifiers(*tables) -> frozenset:
    """Every worker, case and team identifier of the run's tables."""
    ids: set[str] = set()
    for t in tables:
        for col in ("worker_id", "case_id", "team", "session_id", "observer_id"):
            if t is not None and col in t:
                ids.update(t[col].dropna().astype(str).unique())
        if t is not None and CO_WORKERS in t:  # a co-worked case's other holders, each
            ids.update(case_holders(t, first=False)["holder"].astype(str))
    return frozenset(ids)
