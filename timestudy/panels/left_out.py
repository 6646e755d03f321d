"""Work on cases left out of the hours per case-month, and why: the hours on cases in no
case-month (:func:`hours_left_out`, by reason, one warning), and the hours outside their
case's holder's window (:func:`outside_window_note`: audit26, a cases export listing only
each case's current holder)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.co_worked import SEPARATORS
from timestudy.panels.exposure import _positions

#: Why work on a case is in no case-month, in the order they are tested.
LEFT_OUT = {  # no apostrophe (a published warning blanks a quote), no snake_case (people read it)
    "not_in_cases": "not in the cases table",
    "no_holder": "with no holder",
    "holder_kept_no_diary": "whose holder kept no diary",
    "no_case_months": "open on no working day its holder wrote in the diary",
}


def hours_left_out(work: pd.DataFrame, cases: pd.DataFrame, days: pd.DataFrame
                   ) -> pd.DataFrame:
    """Hours of work on cases that have no case-months, by why.

    Parameters
    ----------
    work : DataFrame
        Work episodes on a case: ``case_id`` and ``minutes``.
    cases : DataFrame
        ``case_id``, ``worker_id`` (holder) and ``case_months`` (see
        :func:`~timestudy.panels.exposure.case_exposure`); a case repeated counts once if any row has case-months.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (``worker_id``, ``used``).

    Returns
    -------
    DataFrame
        Indexed by ``reason`` (the keys of :data:`LEFT_OUT`, only those with work):
        ``n_cases``, ``n_episodes``, ``hours`` (as recorded, in no case's hours).

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1", "W2"], "used": [True, True]})
    >>> cases = pd.DataFrame({"case_id": ["A", "B", "C", "D"], "worker_id": ["W1", "W9",
    ...     None, "W2"], "case_months": [1.0, 0.0, 0.0, 0.0]})
    >>> work = pd.DataFrame({"case_id": ["A", "B", "B", "C", "D", "Z"],
    ...                      "minutes": [60.0, 30.0, 30.0, 15.0, 45.0, 90.0]})
    >>> t = hours_left_out(work, cases, days)  # Z, C, B (W9: no diary), D (W2: not open)
    >>> t["hours"].to_dict()
    {'not_in_cases': 1.5, 'no_holder': 0.25, 'holder_kept_no_diary': 1.0, 'no_case_months': 0.75}
    >>> t["n_cases"].tolist(), t["n_episodes"].tolist()
    ([1, 1, 1, 1], [1, 1, 2, 1])
    """
    ids = cases["case_id"].astype("string")
    kept = pd.Index(ids[cases["case_months"].to_numpy() > 0].unique())
    lost = work.loc[_positions(kept, work["case_id"].astype("string")) < 0]
    rows: dict[str, tuple] = {}
    if lost.empty:
        return _left_out_table(rows)
    c = cases.assign(case_id=ids).drop_duplicates("case_id")
    holder = (c["worker_id"].astype("string") if "worker_id" in c
              else pd.Series(pd.NA, index=c.index, dtype="string"))
    diarists = pd.Index(days.loc[days["used"].astype(bool), "worker_id"].astype("string").unique())
    why = np.select([holder.isna().to_numpy(), _positions(diarists, holder) < 0],
                    ["no_holder", "holder_kept_no_diary"], "no_case_months")
    case = lost["case_id"].astype("string")
    at = _positions(pd.Index(c["case_id"]), case)
    reason = np.where(at < 0, "not_in_cases", why[at])
    minutes = lost["minutes"].to_numpy(float)
    rows = {k: (case[reason == k].nunique(), int((reason == k).sum()),
                minutes[reason == k].sum() / 60) for k in LEFT_OUT if (reason == k).any()}
    out = _left_out_table(rows)
    nodiary = pd.unique(holder.to_numpy()[at[(at >= 0) & (reason == "holder_kept_no_diary")]])
    out.attrs["several_holders"] = _several(pd.Series(nodiary, dtype="string"), diarists)
    return out


def _several(holders: pd.Series, diarists: pd.Index) -> list[str]:
    """The holders written as several workers in one cell (``W1/W2``, ``W1 and W2``), each of
    them a worker who kept a diary.

    Examples
    --------
    >>> _several(pd.Series(["W1/W2", "W9", "W1 & W3"]), pd.Index(["W1", "W2"]))
    ['W1/W2']
    """
    parts = holders.str.split(SEPARATORS, regex=True)  # the guide's cell rule
    return [str(h) for h, p in zip(holders, parts, strict=True)
            if isinstance(p, list) and len(p) > 1 and all(x in diarists for x in p)]


def _left_out_table(rows: dict[str, tuple]) -> pd.DataFrame:
    return pd.DataFrame(list(rows.values()), columns=["n_cases", "n_episodes", "hours"],
                        index=pd.Index(list(rows), name="reason", dtype=object))


def _warn_left_out(lost: pd.DataFrame, total_hours: float) -> None:
    """One data note naming the hours on cases with no case-months, and why."""
    several = lost.attrs.get("several_holders") or []
    named = (f" ({len(several)} of them name several workers in one cell, as "
             f"{several[0]!r}: give the case's one holder)") if several else ""
    parts = "; ".join(f"{_h(h)} h on {n:,} case{'s' if n != 1 else ''} {LEFT_OUT[k]}"
                      + (named if k == "holder_kept_no_diary" else "")
                      for k, n, h in zip(lost.index, lost["n_cases"], lost["hours"],
                                         strict=True))
    warnings.warn(  # the figures first: a published warning is cut at 300 characters
        f"{_h(lost['hours'].sum())} of {_h(total_hours)} hours of work on cases are in no "
        f"case-month ({parts}); a case needs case-months in the diary period to be in the "
        "hours per case-month. Check the holders and the opening and closing dates in the "
        "cases table, and that it lists every case.",
        DataQualityWarning, stacklevel=3)


def _h(hours: float) -> str:
    """Hours to 0.1, or to 0.01 under 0.05 (a few minutes are not '0.0 h').

    Examples
    --------
    >>> _h(38.44), _h(0.03), _h(0.0)
    ('38.4', '0.03', '0.0')
    """
    return f"{hours:,.2f}" if 0 < hours < 0.05 else f"{hours:,.1f}"


def outside_window_note(hours: pd.DataFrame) -> str | None:
    """The console warning on work left out for falling outside its case's holder's window
    (audit26: a cases export listing only the current holder dropped 42 h); None when none.

    Parameters
    ----------
    hours : DataFrame
        Work rows on cases (:func:`timestudy.panels.cases._hours_of`): ``case_id``,
        ``worker_id``, ``minutes`` and ``outside_window``.

    Examples
    --------
    W1 held C1 until it passed to W2 (joined on the 6th); the cases table lists W2 alone,
    so W1's 3 h and 1.5 h on C1 before the 6th fall outside W2's window:

    >>> h = pd.DataFrame({"case_id": ["C1", "C1", "C1"], "worker_id": ["W1", "W1", "W2"],
    ...                   "minutes": [180.0, 90.0, 60.0], "outside_window": [True, True, False]})
    >>> print(outside_window_note(h))
    4.5 h of work on 1 case by 1 worker (W1) fall outside the case's holder's window (before the holder joined or after they left, or on no diary day of theirs) and are left out of the hours per case-month: list each holder of a case in the cases table, a row each with the dates they held it (opened, closed), not the current holder alone
    """
    out = hours.loc[hours["outside_window"].to_numpy(bool)]
    if out.empty:
        return None
    n, who = out["case_id"].nunique(), sorted(out["worker_id"].astype(str).unique())
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    return (f"{out['minutes'].sum() / 60:,.1f} h of work on {n:,} case{'s' if n != 1 else ''} "
            f"by {len(who):,} worker{'s' if len(who) != 1 else ''} ({shown}) fall outside the "
            "case's holder's window (before the holder joined or after they left, or on no "
            "diary day of theirs) and are left out of the hours per case-month: list each "
            "holder of a case in the cases table, a row each with the dates they held it "
            "(opened, closed), not the current holder alone")
