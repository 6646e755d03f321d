"""Is the practice standard met? Which required pieces happened, per case, against the standard.

For each case and each required piece of its type (:class:`~timestudy.schema.standards.Standards`)
over the part of the diary period the case was open (its *window*):

- a **recurring** piece (``every``) is due ``floor(working days in window / every)`` times;
- a **scheduled** piece (``first`` offsets from the case's opening, then ``every``) is due
  on each of its dates that falls in the window;
- a **deadline** piece (``within`` of ``after``) is due when the task that starts its clock
  is in the diary and the deadline passed before the diary ended; it is done when it
  happened between the two.

An interval written in working days ("every 10 working days", "within 15 working days")
is counted on the working-day calendar: weekdays less the bank holidays of the study's
list (the diary's ``holidays``, England and Wales by default), so a bank holiday is not a
working day of the standard. One written by the calendar (days, weeks, months) is counted
in calendar days (a weekday of it is 7/5 calendar days), bank holidays included.

A piece is *done* once for each diary day a task of its types was recorded on the case.
A case meets the standard when every piece due was done at least as often as due and,
for a recurring piece, no run of ``every`` working days of its window went without it
(one visit in a 15-day window meets a 10-day standard only if it fell between day 6 and
day 10); a case with nothing due in its window cannot be shown to miss it and counts as
meeting it.
Hours per case-month of cases that met the standard against those that did not are the
NCCD estimate of "should" (worker-cluster bootstrap intervals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS, bank_holidays
from timestudy.results import Result
from timestudy.schema.standards import Standards, in_working_days
from timestudy.stats.bootstrap import cluster_interval, ratio_draws, worker_draws

_CAL = 7 / 5  # calendar days per working day


def work_table(models) -> pd.DataFrame:
    """The units of work of the models: ``worker_id``, ``case_id``, ``task_type``,
    ``diary_date``, ``full_min`` and ``primary``.

    Task instances (one task on one case on one day) for models that have them; pieces of
    work (several sittings, dated by their first) for models built on pieces, so the
    standards and should by events use time per piece whichever the models give.
    """
    pieces = getattr(models, "pieces", None)
    if isinstance(pieces, pd.DataFrame) and "first_date" in pieces:
        return pieces.assign(diary_date=pieces["first_date"])[
            ["worker_id", "case_id", "task_type", "diary_date", "full_min", "primary"]]
    return models.instances


def _windows(case_month: pd.DataFrame, period) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Opened date, window start and window end (inclusive) of each case, as datetime64[D]."""
    start, end = np.datetime64(pd.Timestamp(period[0]).date()), np.datetime64(
        pd.Timestamp(period[1]).date())
    opened = pd.to_datetime(case_month["opened"]).to_numpy("datetime64[D]")
    closed = pd.to_datetime(case_month["closed"]).to_numpy("datetime64[D]")
    lo = np.where(np.isnat(opened) | (opened < start), start, opened)
    hi = np.where(np.isnat(closed) | (closed > end), end, closed)
    return opened, lo, hi


def _count(a, b, hol) -> np.ndarray:
    """Working days (weekdays not in ``hol``) in ``[a, b)``, negative when ``b < a``; 0
    where ``a`` is NaT (``b`` never is)."""
    return np.where(np.isnat(a), 0, np.busday_count(np.where(np.isnat(a), b, a), b,
                                                    holidays=hol))


def _working_day_after(start, n: int, hol) -> np.ndarray:
    """The ``n``-th working day (weekday not in ``hol``) after ``start``; for ``n = 0``,
    ``start`` itself if it is a working day, else the next. A start on a weekend or a bank
    holiday counts from the working day before it: the first working day after a Saturday
    is the Monday (rolling the Saturday forward first would make it the Tuesday).

    Examples
    --------
    >>> sat = np.datetime64("2026-03-28")  # a Saturday; Good Friday is 2026-04-03
    >>> _working_day_after(sat, 1, []), _working_day_after(sat, 0, [])
    (np.datetime64('2026-03-30'), np.datetime64('2026-03-30'))
    >>> _working_day_after(sat, 5, ["2026-04-03"])
    np.datetime64('2026-04-06')
    """
    return np.busday_offset(start, n, roll="backward" if n >= 1 else "forward", holidays=hol)


def _scheduled_due(opened, lo, hi, item, hol) -> np.ndarray:
    """Dates of a scheduled piece falling in each case's window: each ``first`` offset from
    the opening, then one each ``every`` after the last of them. An offset in working days
    is that many working days (weekdays not in ``hol``) after the opening; one by the
    calendar is weekdays x 7/5 calendar days."""
    since_lo = (lo - opened).astype(float)
    since_hi = (hi - opened).astype(float)
    due = np.zeros(len(lo))
    anchor, a, last = opened, np.zeros(len(lo)), -np.inf  # the last first offset's date
    for off, text in zip(item.first_working_days, item.first, strict=True):
        if in_working_days(text):
            date = _working_day_after(opened, round(off), hol)
            due += (date >= lo) & (date <= hi)
            since = (date - opened).astype(float)
        else:
            since = np.full(len(lo), off * _CAL)
            due += (since >= since_lo) & (since <= since_hi)
            date = opened + np.ceil(since).astype("timedelta64[D]")
        if off > last:
            last, anchor, a = off, date, since
    every = item.every_working_days
    if every == every:
        if in_working_days(item.every):  # the k-th repeat: k * every working days on
            # counted from the working day the anchor is or follows, as _working_day_after does
            start = np.busday_offset(anchor, 0, roll="backward", holidays=hol)
            k_min = np.maximum(1, np.ceil(_count(start, lo, hol) / every))
            k_max = np.floor((_count(start, hi + 1, hol) - 1) / every)
        else:
            p = every * _CAL
            k_min = np.maximum(1, np.ceil((since_lo - a) / p))
            k_max = np.floor((since_hi - a) / p)
        due += np.clip(k_max - k_min + 1, 0, None)
    return np.where(np.isnat(opened), np.nan, due)


def _deadline_due(cases: pd.Index, lo, hi, visits: pd.DataFrame, item, end, hol) -> tuple:
    """Due (0/1) and done (0/1) of a piece due within a time of another task."""
    first = visits.loc[visits["task_type"] == item.after].groupby("case_id")["day"].min()
    trig = first.reindex(cases).to_numpy("datetime64[D]")
    if in_working_days(item.within):  # bank holidays are not working days
        limit = _working_day_after(trig, round(item.within_working_days), hol)
    else:
        limit = trig + np.round(item.within_working_days * _CAL).astype("timedelta64[D]")
    due = (~np.isnat(trig)) & (limit <= end)
    hit = visits.loc[visits["task_type"].isin(item.task_types)].merge(
        pd.DataFrame({"case_id": cases, "t": trig, "l": limit}), on="case_id")
    ok = hit.loc[(hit["day"] >= hit["t"]) & (hit["day"] <= hit["l"]), "case_id"].unique()
    return due.astype(float), (cases.isin(ok) & due).astype(float)


def longest_gap(in_win: pd.DataFrame, cases: pd.Index, days: np.ndarray, hol) -> np.ndarray:
    """The longest run of working days (weekdays not in ``hol``) of each case's window in
    which the piece was not done: before the first, between two and after the last; the
    whole window where it was never done.

    ``in_win`` has ``case_id``, ``lo`` (window start) and ``day`` (each day it was done);
    ``days`` is each case's window in working days.

    Examples
    --------
    15 working days from Monday 2 March 2026; A done on day 1 and day 11 (positions 1 and
    9): runs 1, 7 and 15 - 1 - 9 = 5; B done on day 3 only (position 2): runs 2 and 12;
    C never: 15.

    >>> w = pd.DataFrame({"case_id": ["A", "A", "B"], "lo": np.datetime64("2026-03-02"),
    ...     "day": pd.to_datetime(["2026-03-03", "2026-03-13", "2026-03-04"]).to_numpy(
    ...     "datetime64[D]")})
    >>> longest_gap(w, pd.Index(["A", "B", "C"]), np.array([15.0, 15, 15]), []).tolist()
    [7.0, 12.0, 15.0]
    """
    width = pd.Series(np.asarray(days, float), index=cases)
    if in_win.empty:
        return width.to_numpy(float)
    pos = np.busday_count(in_win["lo"].to_numpy("datetime64[D]"),
                          in_win["day"].to_numpy("datetime64[D]"), holidays=hol)
    f = pd.DataFrame({"case_id": in_win["case_id"].to_numpy(), "pos": pos}).sort_values(
        ["case_id", "pos"])
    g = f.groupby("case_id")["pos"]
    between = (g.diff() - 1).groupby(f["case_id"]).max()
    last = g.max()
    runs = pd.concat([g.min(), width.reindex(last.index) - 1 - last, between], axis=1)
    return runs.max(axis=1).reindex(cases).fillna(width).to_numpy(float)


def pieces_due(case_month: pd.DataFrame, instances: pd.DataFrame, standards: Standards,
               period, holidays=DEFAULT_BANK_HOLIDAYS) -> pd.DataFrame:
    """Each required piece of each case: how often it was due and done in the case's window.

    An interval written in working days counts weekdays that are not bank holidays
    (``holidays``); one by the calendar counts calendar days (see the module's notes).

    Parameters
    ----------
    case_month : DataFrame
        One row per case: ``case_id``, ``case_type``, ``worker_id``, ``opened``, ``closed``.
    instances : DataFrame
        Units of work: ``case_id``, ``task_type``, ``diary_date``.
    standards : Standards
        See :func:`timestudy.schema.standards.read_standards`.
    period : (date, date)
        First and last day of the diary.
    holidays : str, sequence of dates or None
        Bank holidays, as :func:`timestudy.panels.workdays.bank_holidays` takes them
        (England and Wales by default; ``"none"`` for none).

    Returns
    -------
    DataFrame
        One row per case and piece of its type: ``case_id``, ``case_type``,
        ``worker_id``, ``piece``, ``kind``, ``window_working_days``, ``due``,
        ``done``, ``longest_gap`` (recurring pieces: the longest run of working days of
        the window without it, :func:`longest_gap`) and ``met`` (a recurring piece:
        ``longest_gap < every``; the others ``done >= due``; NaN ``due`` when it cannot
        be told).

    Examples
    --------
    >>> from timestudy.schema.standards import read_standards
    >>> cm = pd.DataFrame({"case_id": ["A", "B"], "case_type": ["CP", "CP"],
    ...     "worker_id": ["W1", "W1"], "opened": pd.to_datetime(["2020-01-01"] * 2),
    ...     "closed": pd.NaT, "case_months": [0.92, 0.92]})
    >>> inst = pd.DataFrame({"case_id": ["A", "A", "B"], "task_type": ["statutory_visit"] * 3,
    ...     "diary_date": pd.to_datetime(["2026-03-03", "2026-03-17", "2026-03-05"])})
    >>> p = pieces_due(cm, inst, read_standards(), ("2026-03-02", "2026-03-29"))
    >>> p.loc[p["piece"] == "statutory_visit", ["case_id", "due", "done", "met"]].values.tolist()
    [['A', 2.0, 2.0, True], ['B', 2.0, 1.0, False]]

    "Every 10 working days" over 6 to 17 April 2026 (Easter Monday a bank holiday): 9
    working days, so no visit is due; without the bank holiday, 10 and one is due:

    >>> cm2 = cm.assign(closed=pd.to_datetime(["2026-04-17"] * 2))
    >>> p = pieces_due(cm2, inst, read_standards(), ("2026-04-06", "2026-04-30"))
    >>> p.loc[p["piece"] == "statutory_visit", ["window_working_days", "due"]].values[0].tolist()
    [9.0, 0.0]
    >>> p = pieces_due(cm2, inst, read_standards(), ("2026-04-06", "2026-04-30"), "none")
    >>> p.loc[p["piece"] == "statutory_visit", ["window_working_days", "due"]].values[0].tolist()
    [10.0, 1.0]
    """
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    opened, lo, hi = _windows(case_month, period)
    hol = bank_holidays(holidays).to_numpy().astype("datetime64[D]")
    wd = np.busday_count(lo, hi + 1).astype(float)  # weekdays: a calendar interval's clock
    wd_hol = np.busday_count(lo, hi + 1, holidays=hol).astype(float)  # working days
    cases = pd.Index(case_month["case_id"])
    vis = instances.loc[instances["case_id"].isin(cases), ["case_id", "task_type", "diary_date"]]
    vis = vis.assign(day=pd.to_datetime(vis["diary_date"]).to_numpy("datetime64[D]"))
    vis = vis.drop_duplicates(["case_id", "task_type", "day"])
    end = np.datetime64(period[1].date())
    out = []
    for item in standards.items.itertuples():
        mine = (case_month["case_type"] == item.case_type).to_numpy()
        if not mine.any():
            continue
        days = wd_hol if item.every and in_working_days(item.every) else wd
        if item.kind == "deadline":
            due, done = _deadline_due(cases[mine], lo[mine], hi[mine], vis, item, end, hol)
        else:
            if item.kind == "recurring":
                due = np.floor(days[mine] / item.every_working_days)
            else:
                due = _scheduled_due(opened[mine], lo[mine], hi[mine], item, hol)
            v = vis.loc[vis["task_type"].isin(item.task_types)].drop_duplicates(["case_id", "day"])
            in_win = v.merge(pd.DataFrame({"case_id": cases[mine], "lo": lo[mine],
                                           "hi": hi[mine]}), on="case_id")
            in_win = in_win.loc[(in_win["day"] >= in_win["lo"]) & (in_win["day"] <= in_win["hi"])]
            done = in_win.groupby("case_id").size().reindex(cases[mine]).fillna(0).to_numpy(float)
        gap = (longest_gap(in_win, cases[mine], days[mine], hol if days is wd_hol else [])
               if item.kind == "recurring" else np.full(int(mine.sum()), np.nan))
        out.append(pd.DataFrame({
            "case_id": cases[mine], "case_type": item.case_type,
            "worker_id": case_month["worker_id"].to_numpy()[mine], "piece": item.piece,
            "kind": item.kind, "window_working_days": days[mine], "due": due, "done": done,
            "longest_gap": gap, "every": item.every_working_days}))
    cols = ["case_id", "case_type", "worker_id", "piece", "kind", "window_working_days",
            "due", "done", "longest_gap", "every"]
    p = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)
    # a recurring piece is met when no run of `every` working days of the window went
    # without it (a count of floor(window / every) lets one visit in 15 days "meet" a
    # 10-day standard wherever it fell); the others when done as often as due
    met = np.where(p["kind"].eq("recurring"), p["longest_gap"] < p["every"],
                   p["done"] >= p["due"].fillna(0))
    p["met"] = np.where(p["due"].isna(), None, met)
    p = p.drop(columns="every")
    p["met"] = p["met"].astype(object)
    return p


def _ratio_by(frame: pd.DataFrame, groups: list[str], num: str, den: str, n_boot, seed, level):
    """Sum(num) / sum(den) by ``groups`` with worker-cluster bootstrap intervals."""
    keys = frame[groups].astype(str).agg(" | ".join, axis=1) if len(frame) else pd.Series([], str)
    cells, ci = np.unique(keys.to_numpy(str), return_inverse=True)
    workers, gi = np.unique(frame["worker_id"].astype(str).to_numpy(), return_inverse=True)
    n_, d_ = np.zeros((len(workers), len(cells))), np.zeros((len(workers), len(cells)))
    np.add.at(n_, (gi, ci), frame[num].to_numpy(float))
    np.add.at(d_, (gi, ci), frame[den].to_numpy(float))
    with np.errstate(all="ignore"):
        est = n_.sum(0) / d_.sum(0)
    draws = ratio_draws(n_, d_, worker_draws(len(workers), n_boot, seed))
    lo, hi = cluster_interval(est, draws, (d_ > 0).sum(0), level)
    first = frame.groupby(keys.to_numpy(str))[groups].first().reindex(cells)
    return first.assign(estimate=est, ci_low=lo, ci_high=hi,
                        n_cases=pd.Series(keys).value_counts().reindex(cells).to_numpy(),
                        n_workers=(d_ > 0).sum(0)).reset_index(drop=True)


@dataclass(frozen=True, repr=False)
class StandardsMet(Result):
    """Whether each case met its practice standard, and what that says about time.

    Attributes
    ----------
    pieces : DataFrame
        :func:`pieces_due`: one row per case and required piece.
    cases : DataFrame
        One row per case: ``case_id``, ``case_type``, ``worker_id``, ``case_months``,
        ``hours``, ``pieces_due``, ``pieces_missed`` and ``met_standard``.
    by_type : DataFrame
        Per case type: ``n_cases``, ``n_met``, ``share_met``, ``n_nothing_due`` (cases
        with nothing due in their window: counted as meeting the standard, though none
        could be seen to meet or miss it), ``not_judged`` (pieces due for no case of the
        type in the diary period, e.g. a six-weekly visit in a two-week diary; "" when
        none), ``hours_per_case_month_met`` and ``_not_met`` with their
        ``_ci_low``/``_ci_high`` (the NCCD comparison).
    standards_name : str
    """

    pieces: pd.DataFrame
    cases: pd.DataFrame
    by_type: pd.DataFrame
    standards_name: str = ""
    title = "Practice standards met"
    notes = ("A case meets the standard when every piece due in the part of the diary "
             "period it was open was done at least as often as due, a recurring piece with "
             "no run of its interval without it; a case with nothing "
             "due counts as meeting it, though it could not be seen to meet or miss it "
             "(n_nothing_due: a diary shorter than a piece's interval leaves many such "
             "cases; not_judged names the pieces due for no case of a type). Hours per "
             "case-month of cases that met the standard estimate the time the work takes "
             "when done to standard (NCCD); intervals by worker-cluster bootstrap.")

    def summary(self) -> pd.DataFrame:
        """Per case type: cases, share meeting the standard, hours per case-month met and not."""
        return self.by_type

    def _lead(self) -> list[str]:
        return [f"Standards: {self.standards_name}."] if self.standards_name else []


def _not_judged(p: pd.DataFrame) -> pd.Series:
    """By case type, the pieces due for none of its cases (a comma-separated list)."""
    due = p.assign(due=p["due"].fillna(0) > 0).groupby(["case_type", "piece"], sort=False)[
        "due"].any().reset_index()
    none = due.loc[~due["due"]]
    return none.groupby("case_type")["piece"].agg(", ".join)


def standards_met(models, standards: Standards, *, n_boot: int | None = None,
                  seed: int | None = None, level: float | None = None) -> StandardsMet:
    """Is the standard met, per case, and the share of cases of each type meeting it.

    Parameters
    ----------
    models : StudyModels
        Output of :func:`timestudy.models.fit_study`.
    standards : Standards
        See :func:`timestudy.schema.standards.read_standards`.
    n_boot, seed, level
        Bootstrap settings (default: those the models were fitted with).

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> from timestudy.schema.standards import read_standards
    >>> met = standards_met(example_run().models, read_standards())
    >>> bool(met.by_type["share_met"].between(0, 1).all())
    True
    """
    opts = models.options
    boot = (opts.get("n_boot", 999) if n_boot is None else n_boot,
            opts.get("seed", 0) if seed is None else seed,
            opts.get("level", 0.95) if level is None else level)
    cm = models.case_month
    p = pieces_due(cm, work_table(models), standards, models.period,
                   opts.get("diary", {}).get("holidays", DEFAULT_BANK_HOLIDAYS))
    judged = p.loc[p["due"].fillna(0) > 0]
    missed = judged.loc[~judged["met"].astype(bool)].groupby("case_id").size()
    cases = cm[["case_id", "case_type", "worker_id", "case_months", "hours"]].copy()
    cases["pieces_due"] = judged.groupby("case_id").size().reindex(cases["case_id"]).fillna(
        0).astype(int).to_numpy()
    cases["pieces_missed"] = missed.reindex(cases["case_id"]).fillna(0).astype(int).to_numpy()
    cases["met_standard"] = cases["pieces_missed"] == 0
    covered = cases.loc[cases["case_type"].isin(standards.case_types)]
    by = covered.assign(nothing=covered["pieces_due"] == 0).groupby("case_type").agg(
        n_cases=("case_id", "size"), n_met=("met_standard", "sum"),
        n_nothing_due=("nothing", "sum"))
    by["share_met"] = by["n_met"] / by["n_cases"]
    by["not_judged"] = _not_judged(p).reindex(by.index).fillna("")
    r = _ratio_by(covered.assign(status=np.where(covered["met_standard"], "met", "not_met")),
                  ["case_type", "status"], "hours", "case_months", *boot)
    for status in ("met", "not_met"):
        s = r.loc[r["status"] == status].set_index("case_type")
        for c, name in (("estimate", ""), ("ci_low", "_ci_low"), ("ci_high", "_ci_high")):
            by[f"hours_per_case_month_{status}{name}"] = s[c].reindex(by.index)
        by[f"n_workers_{status}"] = s["n_workers"].reindex(by.index).fillna(0).astype(int)
    return StandardsMet(p, cases.reset_index(drop=True), by, standards.name)
