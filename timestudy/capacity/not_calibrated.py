"""The figures a calibration cannot give, and why (:mod:`timestudy.capacity.calibration`).

A figure is calibrated toward the reference's: where the reference has none (no table of
such figures, a withheld row, no row for a key the local study has), the calibrated guide
leaves it blank rather than print a small local study's figure alone, and says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import ConfigError
from timestudy.guide.counts import resting_on

#: The figure of hours for casework: shown beside the pooled ones, never pooled.
WEEK = "available hours per FTE-week"
#: Its row in a guide's ``available`` table.
WEEK_ROW = "available_case_hours_per_fte_week"


def _columns(guide, table: str, name: str) -> pd.DataFrame:
    """The guide's ``table`` with an estimate's columns and ``n_workers`` (the workers each
    figure rests on: :func:`workers_measured`), blank where it lacks them (a reference that
    publishes no per-task table has none)."""
    frame = getattr(guide, table)
    cols = [name, f"{name}_ci_low", f"{name}_ci_high"]
    return frame.reindex(columns=cols).astype(float).assign(
        n_workers=workers_measured(guide, table))


def workers_measured(guide, table: str) -> pd.Series:
    """The workers each row of the guide's ``table`` rests on, as measured: never the NaN
    its published count is where the count rule withholds it.

    The counts measured where the guide keeps them (a guide built in this session,
    ``_unsuppressed_counts``), else the published count, else the least its words allow
    (:func:`~timestudy.guide.counts.resting_on`: "fewer than 5 of 8" 1, "at least 5 of 8"
    5, on the same side of ``min_workers``; a guide read from guide.json).

    Examples
    --------
    A guide read back from guide.json: 10 workers, a figure of 3 and one of 6, both in words:

    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(tasks=pd.DataFrame({"n_workers": [10, None, None],
    ...     "n_workers_words": [None, "fewer than 5 of 10", "at least 6 of 10"]}))
    >>> workers_measured(g, "tasks").tolist()
    [10.0, 1.0, 6.0]
    """
    frame = getattr(guide, table)
    if "n_workers" not in frame:
        return pd.Series(np.nan, index=frame.index)
    shown = resting_on(frame["n_workers"], frame.get("n_workers_words")).astype(float)
    counts = getattr(guide, "_unsuppressed_counts", lambda _: None)(table)
    if counts is None or "n_workers" not in counts:
        return shown
    return counts["n_workers"].reindex(frame.index).astype(float).fillna(shown)


def guide_figures(guide) -> pd.DataFrame:
    """The figures of a guide a calibration pools, in one table.

    Parameters
    ----------
    guide : TimeGuide
        A reference or local guide.

    Returns
    -------
    DataFrame
        Indexed by (``figure``, ``key``): ``estimate``, ``ci_low``, ``ci_high`` and
        ``n_workers``, for hours per case-month by case type, full hours by task and the
        hours for casework per FTE-week (:data:`WEEK`, key ``all``, with the guide's
        ``meta["n_workers"]``).

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> f = guide_figures(run_study(s.diary, s.cases, s.workers, n_boot=19).guide)
    >>> f.loc[(WEEK, "all"), "n_workers"]
    np.float64(8.0)
    """
    ct = _columns(guide, "case_types", "hours_per_case_month")
    rows = [pd.DataFrame({"figure": "hours per case-month", "key": ct.index,
                          "estimate": ct["hours_per_case_month"],
                          "ci_low": ct["hours_per_case_month_ci_low"],
                          "ci_high": ct["hours_per_case_month_ci_high"],
                          "n_workers": ct["n_workers"]})]
    tk = _columns(guide, "tasks", "full_hours")
    rows.append(pd.DataFrame({"figure": "full hours per piece of work", "key": tk.index,
                              "estimate": tk["full_hours"], "ci_low": tk["full_hours_ci_low"],
                              "ci_high": tk["full_hours_ci_high"], "n_workers": tk["n_workers"]}))
    av = guide.available.reindex(index=[WEEK_ROW], columns=["estimate", "ci_low", "ci_high"])
    rows.append(pd.DataFrame({"figure": WEEK, "key": "all",
                              "estimate": av["estimate"], "ci_low": av["ci_low"],
                              "ci_high": av["ci_high"], "n_workers": guide.meta["n_workers"]}))
    return pd.concat(rows, ignore_index=True).set_index(["figure", "key"])


def figure_rows(table: pd.DataFrame, figure: str) -> pd.DataFrame:
    """The rows of one figure, by key (none when the table has no such figure).

    Examples
    --------
    >>> t = pd.DataFrame({"estimate": [5.0, 29.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("hours per case-month", "CIN"), (WEEK, "all")], names=["figure", "key"]))
    >>> figure_rows(t, WEEK)["estimate"].to_dict()
    {'all': 29.0}
    """
    return table.loc[table.index.get_level_values("figure") == figure].droplevel("figure")


NO_TABLE = {"hours per case-month": "the reference publishes no hours per case-month",
            "full hours per piece of work": "the reference publishes no per-task table"}


def not_calibrated(reference: pd.DataFrame, local: pd.DataFrame,
                   withheld: dict[str, str] | None = None) -> pd.DataFrame:
    """The figures a calibration cannot give, and why: nothing to pool toward.

    A figure is calibrated toward the reference's: where the reference has none, the
    calibrated guide leaves it blank rather than print the local figure alone (from a
    small study, built with ``min_workers=1``, so never for publication). Three cases:
    the reference publishes no table of such figures at all (``key`` ``*``: a published
    guide with hours per case-month and hours available but no per-task table), withholds
    a row (its reason from ``withheld``) or gives no estimate for it, or has no row for a
    key the local study has; and the hours for casework per FTE-week when neither guide
    gives them.

    Parameters
    ----------
    reference, local : DataFrame
        The figures of the reference and local guides, indexed by (``figure``, ``key``)
        with ``estimate`` (as :func:`calibrate` reads them).
    withheld : dict, optional
        Key -> why the reference withholds it (:meth:`TimeGuide.reasons`).

    Returns
    -------
    DataFrame
        ``figure``, ``key``, ``why``: one row per figure not calibrated (``key`` ``*``
        for a whole table), in the order of the figures; empty when every figure is.

    Examples
    --------
    A reference with hours per case-month and no per-task table, one type withheld:

    >>> idx = pd.MultiIndex.from_tuples([("hours per case-month", "CIN"),
    ...     ("hours per case-month", "PROC"), (WEEK, "all")], names=["figure", "key"])
    >>> ref = pd.DataFrame({"estimate": [5.0, float("nan"), 29.0]}, index=idx)
    >>> loc = pd.DataFrame({"estimate": [6.0, 30.0, 25.0, 2.0]}, index=idx.append(
    ...     pd.MultiIndex.from_tuples([("full hours per piece of work", "visit")],
    ...                               names=["figure", "key"])))
    >>> not_calibrated(ref, loc, {"PROC": "fewer than 5 workers (3)"})[["key", "why"]].values.tolist()
    [['PROC', 'withheld in the reference: fewer than 5 workers (3)'], ['*', 'the reference publishes no per-task table']]
    """
    withheld = withheld or {}
    rows = []
    for figure in NO_TABLE:
        ref, loc = figure_rows(reference, figure)["estimate"], figure_rows(local, figure)["estimate"]
        if ref.empty:
            rows.append((figure, "*", NO_TABLE[figure]))
            continue
        blank = ref.index[ref.isna()]
        why = [withheld.get(str(k)) or withheld.get("*") for k in blank]
        rows += [(figure, str(k), f"withheld in the reference: {w}" if w else
                  "the reference gives no estimate") for k, w in zip(blank, why, strict=True)]
        rows += [(figure, str(k), "the reference has no figure for it")
                 for k in loc.index.difference(ref.index)]
    week = [figure_rows(f, WEEK)["estimate"].reindex(["all"]).iloc[0] for f in (reference, local)]
    if np.isnan(week).all():  # not pooled: the local figure, else the reference's
        rows.append((WEEK, "all", "neither the reference nor the local study gives it"))
    return pd.DataFrame(rows, columns=["figure", "key", "why"])


def missing_note(missing: pd.DataFrame) -> str:
    """The calibration's note on the figures it could not give ('' when none).

    Examples
    --------
    >>> missing_note(pd.DataFrame(columns=["figure", "key", "why"]))
    ''
    >>> missing_note(pd.DataFrame({"figure": ["full hours per piece of work"], "key": ["*"],
    ...     "why": ["the reference publishes no per-task table"]})).split(": ", 1)[1]
    'full hours per piece of work: the reference publishes no per-task table.'
    """
    if missing.empty:
        return ""
    parts = []
    for figure, rows in missing.groupby("figure", sort=False):
        if rows["key"].isin(["*", "all"]).all():  # a whole table, or the one week figure
            parts.append(f"{figure}: {rows['why'].iloc[0]}")
            continue
        named = [f"{first_keys(keys)} ({why})" for why, keys in rows.groupby("why", sort=False)["key"]]
        parts.append(f"{figure} of {'; '.join(named)}")
    return ("Not calibrated, left blank in the calibrated guide (no reference figure to pool "
            "the local one toward; the local figure alone is not a calibrated one): "
            + "; ".join(parts) + ".")


def named_figures(index: pd.MultiIndex, mask: np.ndarray) -> str:
    """The figures of ``index`` where ``mask``, by figure: "hours per case-month of CIN;
    full hours per piece of work of a, b".

    Examples
    --------
    >>> idx = pd.MultiIndex.from_tuples([("hours per case-month", "CIN"),
    ...     ("hours per case-month", "CP"), ("full hours per piece of work", "visit")])
    >>> named_figures(idx, np.array([True, False, True]))
    'hours per case-month of CIN; full hours per piece of work of visit'
    """
    keys = pd.Series(index.get_level_values(1)[mask].astype(str))
    figures = index.get_level_values(0)[mask]
    return "; ".join(f"{figure} of {first_keys(keys[figures == figure])}"
                     for figure in dict.fromkeys(figures))


#: Why a reference figure is kept as published with no local weight, though no rule of
#: disclosure withheld the local one (:func:`kept_note`), by the first reason that holds.
KEPT = ("the local study gives no such figure: not one of its case types or task types, "
        "or no estimate",
        "an estimate of 0, which pooling on the log scale cannot weigh",
        "the local figure has no interval to weigh it by",
        "the reference publishes no interval to weigh it by")


def kept_note(index: pd.MultiIndex, reasons: list[np.ndarray]) -> str:
    """The calibration's note on the reference figures kept as published for want of a
    local figure or an interval ('' when none): one per reason of :data:`KEPT`.

    Parameters
    ----------
    index : MultiIndex
        The calibration's (``figure``, ``key``).
    reasons : list of ndarray of bool
        Where each reason of :data:`KEPT` holds (a figure is named under its first).

    Examples
    --------
    >>> idx = pd.MultiIndex.from_tuples([("hours per case-month", "CIN"),
    ...     ("hours per case-month", "PROCEEDINGS")])
    >>> no = np.array([False, False])
    >>> print(kept_note(idx, [np.array([False, True]), no, no, no]))
    Kept as the reference published them, with no local weight: hours per case-month of PROCEEDINGS (the local study gives no such figure: not one of its case types or task types, or no estimate).
    """
    left = np.ones(len(index), dtype=bool)
    parts = []
    for why, mask in zip(KEPT, reasons, strict=True):
        mine = left & np.asarray(mask, dtype=bool)
        left &= ~mine
        if mine.any():
            parts.append(f"{named_figures(index, mine)} ({why})")
    if not parts:
        return ""
    return "Kept as the reference published them, with no local weight: " + "; ".join(
        parts) + "."


def refuse_unshared(reference: pd.DataFrame, local: pd.DataFrame) -> None:
    """Refuse, in one line, a reference that shares no case type and no task type with the
    local study: nothing could be pooled, and the "calibrated" guide would be the
    reference's of another taxonomy or case mix, with the local hours available.

    Examples
    --------
    >>> ref = pd.DataFrame({"estimate": [5.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("hours per case-month", "Adult")], names=["figure", "key"]))
    >>> loc = pd.DataFrame({"estimate": [6.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("hours per case-month", "CIN")], names=["figure", "key"]))
    >>> refuse_unshared(ref, loc)
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) shares no case type and no task type with the local study (the reference's: Adult; the local study's: CIN): it was built with another taxonomy or other case types; give a reference of the local study's taxonomy and case types, or categorise the local diary with the reference's taxonomy (--taxonomy)
    """
    def keys(f: pd.DataFrame) -> pd.Index:
        return f.index[f.index.get_level_values("figure").isin(NO_TABLE)]

    mine, theirs = keys(local), keys(reference)
    if mine.empty or theirs.empty or not mine.intersection(theirs).empty:
        return
    raise ConfigError(
        "the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) shares no "
        "case type and no task type with the local study (the reference's: "
        f"{first_keys(pd.Series(theirs.get_level_values('key').astype(str)))}; the local "
        f"study's: {first_keys(pd.Series(mine.get_level_values('key').astype(str)))}): it "
        "was built with another taxonomy or other case types; give a reference of the local "
        "study's taxonomy and case types, or categorise the local diary with the reference's "
        "taxonomy (--taxonomy)")


def first_keys(keys: pd.Series, most: int = 10) -> str:
    """The first ``most`` keys, comma-separated, and how many more.

    Examples
    --------
    >>> first_keys(pd.Series(["a", "b", "c"]), most=2)
    'a, b and 1 more'
    """
    shown = ", ".join(keys.iloc[:most])
    return shown + (f" and {len(keys) - most} more" if len(keys) > most else "")


def records(missing: pd.DataFrame | None) -> list[dict]:
    """The figures not calibrated as ``{figure, key, why}`` records (for ``meta``).

    Examples
    --------
    >>> records(None)
    []
    """
    return [] if missing is None else missing.to_dict("records")
