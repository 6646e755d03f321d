"""The truth of a held-out study, from the generator's own labels (never from timestudy).

Definitions (each the project's documented one where it has one; see the
``definitions`` entry of the truth and ``benchmarks/RESULTS.md``):

- a **piece of work** on a case is what the generator made one piece: a visit, a
  meeting, a statement over all its sittings, one case's liaison calls of one day,
  a hearing over its consecutive days. A non-case piece is one non-case task of one
  worker on one diary day (the project's window 0). Averages are over the pieces
  whose first sitting lies in the diary window (the flow of pieces begun in it);
- its **direct** minutes: all its sittings, in the diary window or not, on days
  the diary has or misses;
- its **full** minutes: direct + every leg of travel to and from its sittings + the
  notes written after it. ``full_hours_recorded`` leaves out the return legs the
  worker wrote down without a case (the project's rule cannot see them);
- **hours per case-month**: all work recorded with a case id in the complete
  diary window (any worker, any date), over the case-months open in the window
  (365.25 / 12 days each); ``hours_per_case_month_all`` adds the uncoded legs;
- an **FTE-week**: a week at 1.0 FTE, less contracted days on leave or sick (and bank
  holidays taken), each day the worker's share of their own week (a six-day holder's
  day is a sixth of a week, a compressed day a quarter: their FTE stays 1.0);
  **non-case hours** all work without a case (the uncoded return legs are case
  work here, non-case work in ``..._recorded``); available case hours per
  FTE-week = 37 less non-case hours per FTE-week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 365.25 / 12
CONTRACTED_PER_FTE = 37.0
DEFINITIONS = {
    "piece": "what the generator made one piece: a visit, a meeting, a statement over all its "
    "sittings, a liaison call or a call with the family (with calls='per_day': one case's "
    "calls of one task on one day together), a hearing over "
    "its consecutive court days; a non-case piece is one non-case task of one worker on one "
    "diary day; averages over the pieces whose first sitting lies in the diary window",
    "direct_minutes": "all the piece's sittings, in the diary window or not, on days the diary "
    "has or misses",
    "full_hours": "direct + every leg of travel to and from its sittings + the notes written "
    "after it; full_hours_recorded leaves out return legs written without a case id",
    "hours_per_case_month": "work written with a case id in the complete diary window (any "
    "worker, any date) over case-months open in the window (365.25 / 12 days each); "
    "hours_per_case_month_all adds the return legs written without a case id",
    "fte_week": "a week at 1.0 FTE less contracted days on leave or sick",
    "available_case_hours": "37 less non-case hours per FTE-week; *_recorded counts the "
    "return legs written without a case id as non-case work",
}


def piece_table(ep: pd.DataFrame, pieces: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """One row per case piece begun in the diary window: direct, full and recorded minutes."""
    m = ep["minutes"].to_numpy(float)
    kind = ep["kind"].to_numpy()
    unc = ep["uncoded"].fillna(False).to_numpy(bool)
    g = ep.assign(
        direct=np.where(kind == "direct", m, 0.0),
        other=np.where(kind != "direct", m, 0.0),
        uncoded_min=np.where(unc, m, 0.0),
        dday=np.where(kind == "direct", ep["day"], np.nan),
    )
    by = g.groupby("piece")
    t = pd.DataFrame(
        {
            "direct_min": by["direct"].sum(),
            "linked_min": by["other"].sum(),
            "uncoded_min": by["uncoded_min"].sum(),
            "first_day": by["dday"].min(),
            "n_sittings": by["dday"].nunique(),
        }
    )
    t["task_type"] = pieces["task"].to_numpy()[t.index.to_numpy()]
    t["full_min"] = t["direct_min"] + t["linked_min"]
    t["full_recorded_min"] = t["full_min"] - t["uncoded_min"]
    return t.loc[t["first_day"].between(0, 7 * weeks - 1) & (t["direct_min"] > 0)]


def _non_case_pieces(day: pd.DataFrame) -> pd.DataFrame:
    w = day.loc[day["kind"].eq("noncase") & day["task"].ne("break")]
    t = w.groupby(["worker", "day", "task"])["minutes"].sum().rename("direct_min").reset_index()
    return t.rename(columns={"task": "task_type"}).assign(
        full_min=t["direct_min"], full_recorded_min=t["direct_min"], n_sittings=1
    )


def _open_months(cases: pd.DataFrame, weeks: int) -> pd.Series:
    lo = cases["open_from"].clip(lower=0)
    hi = cases["open_to"].clip(upper=7 * weeks - 1)
    return ((hi - lo + 1).clip(lower=0) / DAYS_PER_MONTH).set_axis(cases.index)


def compute_truth(
    ep: pd.DataFrame,
    pieces: pd.DataFrame,
    day: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame,
    cal: pd.DataFrame,
    weeks: int,
) -> dict:
    """The true figures: per piece by task type, per case-month by case type, per FTE-week.

    ``ep`` are all case episodes of the span (in the diary or not), ``day`` the
    complete laid-out diary window, ``cal`` the contracted days.
    """
    p = pd.concat([piece_table(ep, pieces, weeks), _non_case_pieces(day)], ignore_index=True)
    by = p.groupby("task_type")
    work = day.loc[~day["task"].isin(["break"])]
    case = work["case"].fillna(-1).to_numpy(int)
    unc = work["uncoded"].fillna(False).to_numpy(bool)
    coded = (case >= 0) & ~unc
    ctype = cases["case_type"].to_numpy()
    months = _open_months(cases, weeks).groupby(cases["case_type"]).sum()
    hrs = work["minutes"].to_numpy(float) / 60
    coded_h = pd.Series(hrs[coded]).groupby(ctype[case[coded]]).sum()
    all_h = pd.Series(hrs[case >= 0]).groupby(ctype[case[case >= 0]]).sum()
    diary = cal.loc[cal["in_diary"]]
    # A bank holiday taken is a contracted day away, as leave is (patterns="real" only).
    away = diary["status"].isin(["leave", "sick", "holiday"]).groupby(diary["worker"]).mean()
    fte = workers["fte"].to_numpy()[away.index.to_numpy()]
    fte_weeks = float((fte * weeks * (1 - away.to_numpy())).sum())
    non_case = hrs[case < 0].sum()
    worked = hrs.sum()
    return {
        "definitions": DEFINITIONS,
        "direct_minutes_per_piece": by["direct_min"].mean().round(6).to_dict(),
        "full_hours_per_piece": (by["full_min"].mean() / 60).round(6).to_dict(),
        "full_hours_recorded_per_piece": (by["full_recorded_min"].mean() / 60).round(6).to_dict(),
        "sittings_per_piece": by["n_sittings"].mean().round(6).to_dict(),
        "n_pieces": {k: int(v) for k, v in by.size().items()},
        "hours_per_case_month": (coded_h / months).round(6).to_dict(),
        "hours_per_case_month_all": (all_h / months).round(6).to_dict(),
        "case_months": months.round(6).to_dict(),
        "fte_weeks": round(fte_weeks, 6),
        "hours_worked_per_fte_week": round(worked / fte_weeks, 6),
        "non_case_hours_per_fte_week": round((non_case) / fte_weeks, 6),
        "non_case_hours_per_fte_week_recorded": round((non_case + hrs[unc].sum()) / fte_weeks, 6),
        "available_case_hours_per_fte_week": round(CONTRACTED_PER_FTE - non_case / fte_weeks, 6),
        "available_case_hours_per_fte_week_recorded": round(
            CONTRACTED_PER_FTE - (non_case + hrs[unc].sum()) / fte_weeks, 6
        ),
    }


PATTERN_DEFINITIONS = {
    "fte_week": "a week at 1.0 FTE less contracted days on leave or sick or a bank holiday "
    "taken (one worked is a day at work), each day a share of the worker's own week of "
    "contracted days (a six-day holder's FTE is 1.0, a day a sixth of their week)",
    "hours_per_case_month_own_week": "work written with a case id in the complete diary "
    "window over case-months of the holder's own week: each day the case is open that its "
    "holder was at work (a contracted day not on leave, sick or a bank holiday taken; a "
    "bank holiday worked) counts 5 / the holder's contracted days a week (a compressed "
    "day 1.25, a six-day day 0.83, a three-day part-timer's 1.67), over 21.07: a month "
    "of a holder's full weeks is one case-month whatever their week, and a day off or "
    "a bank holiday on a day the holder does not work takes none of the case's time",
    "hours_per_case_month_working": "work written with a case id in the complete diary "
    "window over case-months of 21.07 working days: each case's Monday-to-Friday days open "
    "in the window less bank holidays, whatever its holder's week",
}


MONTH_WORKING_DAYS = (365.25 * 5 / 7 - 8) / 12  # England and Wales: 8 bank holidays a year


def pattern_truth(
    truth: dict, cases: pd.DataFrame, workers: pd.DataFrame, cal: pd.DataFrame, weeks: int
) -> dict:
    """The truth's additions for ``patterns="real"``: who works which pattern, and hours per
    case-month over working days.

    ``hours_per_case_month_working`` is the coded case hours of the diary window over
    case-months counted in working days: the Monday-to-Friday days each case is open in
    the window less bank holidays, over the 21.07 working days of a month (a case open
    a whole month is one case-month whatever its holder's week, six days or four, Sunday
    to Thursday or nights). The calendar ``hours_per_case_month`` counts a window with
    two bank holidays as a whole 28 days; this one as the 18 days a year's month of 21.07
    has in proportion. Each ``..._all`` adds the return legs written without a case id, as
    ``hours_per_case_month_all`` does (the case time the pipeline estimates: fix35c; the
    coded hours alone read the estimate +3.7% high for CLA, far placements, at seed 1).
    """
    days = np.arange(0, 7 * weeks)
    holiday = np.isin(days, cal.loc[cal["bank_holiday"], "day"].unique())
    working = (days % 7 < 5) & ~holiday
    lo = cases["open_from"].to_numpy()[:, None]
    hi = cases["open_to"].to_numpy()[:, None]
    open_days = ((days[None, :] >= lo) & (days[None, :] <= hi) & working[None, :]).sum(axis=1)
    months = pd.Series(open_days / MONTH_WORKING_DAYS).groupby(cases["case_type"].to_numpy())
    months = months.sum()
    hours = {k: v * truth["case_months"][k] for k, v in truth["hours_per_case_month"].items()}
    legs = {k: v * truth["case_months"][k] for k, v in truth["hours_per_case_month_all"].items()}
    own = _own_week_months(cases, workers, cal, weeks).groupby(cases["case_type"]).sum()
    return {
        "hours_per_case_month_own_week": {k: round(h / own[k], 6) for k, h in hours.items()},
        "hours_per_case_month_own_week_all": {k: round(h / own[k], 6) for k, h in legs.items()},
        "hours_per_case_month_working_all": {k: round(h / months[k], 6) for k, h in legs.items()},
        "case_months_own_week": own.round(6).to_dict(),
        "definitions": DEFINITIONS | PATTERN_DEFINITIONS,
        "hours_per_case_month_working": {k: round(h / months[k], 6) for k, h in hours.items()},
        "patterns": {k: int(v) for k, v in workers["pattern"].value_counts().items()},
        "bank_holidays_in_window": int(holiday.sum()),
        "case_months_working": months.round(6).to_dict(),
    }


def _own_week_months(
    cases: pd.DataFrame, workers: pd.DataFrame, cal: pd.DataFrame, weeks: int
) -> pd.Series:
    """Each case's case-months in its holder's own week (``hours_per_case_month_own_week``)."""
    n = 7 * weeks
    d = cal.loc[cal["in_diary"]]
    per_week = d.groupby("worker").size().reindex(range(len(workers)), fill_value=0) / weeks
    at_work = d.loc[d["status"].isin(["work", "light"])]
    weight = np.zeros((len(workers), n + 1))
    np.add.at(
        weight,
        (at_work["worker"].to_numpy(), at_work["day"].to_numpy() + 1),
        5 / per_week.to_numpy()[at_work["worker"].to_numpy()],
    )
    total = np.cumsum(weight, axis=1)
    lo = cases["open_from"].clip(0, n).to_numpy()
    hi = (cases["open_to"] + 1).clip(0, n).to_numpy()
    h = cases["holder"].to_numpy()
    days = np.where(hi > lo, total[h, hi] - total[h, lo], 0.0)
    return pd.Series(days / MONTH_WORKING_DAYS, index=cases.index)
