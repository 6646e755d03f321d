"""A simulated study where workload keeps work below standard, with its true "should".

:func:`simulate_shortfall` simulates a study (:func:`~timestudy.simulate.simulate_study`)
whose diaries show every visit the simulator's rhythms require: that is the truth of
what the work *should* take. It then takes the work that pressure removes out of the
diary of the most loaded workers:

- a stated share of all cases miss their visiting standard: on each, every other
  statutory or unannounced visit is not made (the visit, its travel and its notes that
  day leave the diary);
- the overloaded workers rush their chronologies (each piece cut by ``rush``).

It also writes the evidence a council would gather: a sufficiency survey of every
worker (overloaded ones say they lack time for chronologies and how many minutes each
needs, with noise), and a Delphi panel of experts estimating the true hours per
case-month of each case type, noisy in round one and drawing towards the panel's
median in later rounds (each expert moves halfway to the last round's median and
halfway to a fresh judgement whose noise shrinks with the round). ``truth`` holds the should-hours (the full study's hours per
case-month), the chronology's true uplift and the share of cases that missed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.simulate import params as P
from timestudy.simulate.study import SimulatedStudy, simulate_study

VISITS = ("statutory_visit", "unannounced_visit")
#: Task rushed by overloaded workers.
RUSHED = "chronology"


def simulated_standards() -> dict:
    """The simulator's visiting rhythms as a standards mapping (its own practice standard).

    Returns
    -------
    dict
        ``standards_version``, ``name``, ``source`` and ``case_types`` (a visit
        piece per case type, ``every`` its rhythm in working days), as read by
        :func:`timestudy.schema.standards.standards_from_dict`.

    Examples
    --------
    >>> from timestudy.simulate import simulated_standards
    >>> simulated_standards()["case_types"]["CP"][0]["every"]
    '10 working days'
    """
    case_types = {k: [{"piece": "visit", "task_types": list(VISITS),
                       "every": f"{P.RHYTHMS[k]['statutory_visit']:g} working days",
                       "source": "timestudy simulator rhythm (simulate/params.py RHYTHMS)"}]
                  for k in P.CASE_TYPES}
    return {"standards_version": 1, "name": "Simulated visiting standard",
            "source": "timestudy simulator", "case_types": case_types}


@dataclass(repr=False)
class ShortfallStudy(SimulatedStudy):
    """A :class:`SimulatedStudy` whose diary falls short of the standard, with its evidence.

    Made by :func:`simulate_shortfall`. It has the attributes of
    :class:`SimulatedStudy` and these.

    Attributes
    ----------
    full_diary : DataFrame
        The diary before the shortfall (every visit made, nothing rushed).
    survey, delphi : DataFrame
        Raw survey and panel tables in the layouts of ``data_schema/survey.json`` and
        ``data_schema/delphi.json``.
    standards : dict
        :func:`simulated_standards`.

    Examples
    --------
    >>> from timestudy.simulate import SimulatedStudy, simulate_shortfall
    >>> s = simulate_shortfall(n_workers=6, weeks=1, seed=1)
    >>> isinstance(s, SimulatedStudy), len(s.diary) < len(s.full_diary)
    (True, True)
    >>> s.survey.columns.tolist()
    ['respondent_id', 'worker_id', 'task_type', 'sufficient', 'extra_minutes']
    """

    full_diary: pd.DataFrame = None  # type: ignore[assignment]
    survey: pd.DataFrame = None  # type: ignore[assignment]
    delphi: pd.DataFrame = None  # type: ignore[assignment]
    standards: dict = None  # type: ignore[assignment]
    title = "Simulated study with a workload shortfall"


def _overloaded(study: SimulatedStudy, share: float) -> np.ndarray:
    """Workers in the top ``share`` by cases held per FTE."""
    held = study.cases.groupby("worker_id").size()
    per_fte = held / study.workers.set_index("worker_id")["fte"].reindex(held.index)
    n = max(1, int(round(share * len(per_fte))))
    return per_fte.sort_values(ascending=False).index[:n].to_numpy()


def _drop_visits(diary: pd.DataFrame, cases: np.ndarray) -> pd.DataFrame:
    """Remove every other visit (the first, third...) of each case, with that day's travel
    and notes on the case."""
    day = diary["start"].dt.normalize()
    v = diary.loc[diary["case_id"].isin(cases) & diary["true_task_type"].isin(VISITS)]
    days = v.assign(day=day[v.index]).drop_duplicates(["case_id", "day"]).sort_values("start")
    gone = days.loc[days.groupby("case_id").cumcount() % 2 == 0, ["case_id", "day"]]
    key = diary[["case_id"]].assign(day=day)
    hit = key.merge(gone.assign(_gone=True), on=["case_id", "day"], how="left")["_gone"]
    linked = diary["true_task_type"].isin((*VISITS, "travel", "case_notes")).to_numpy()
    return diary.loc[~(hit.fillna(False).to_numpy(bool) & linked)].reset_index(drop=True)


def _survey(rng, diary, full, workers, over, noise) -> pd.DataFrame:
    """Every worker answers for the rushed task and for visits."""
    cut = full.loc[full["true_task_type"] == RUSHED].set_index("start")
    rows = []
    mine = diary.loc[diary["true_task_type"] == RUSHED]
    lost = (cut.groupby("worker_id")["duration_min"].mean()
            - mine.groupby("worker_id")["duration_min"].mean()).reindex(workers).fillna(0)
    for i, w in enumerate(workers):
        short = w in set(over)
        extra = max(0.0, lost[w] * rng.lognormal(0, noise)) if short else 0.0
        rows.append((f"R{i + 1:03d}", w, RUSHED, "no" if short else "yes",
                     round(extra, 1) if short else None))
        rows.append((f"R{i + 1:03d}", w, "statutory_visit", "yes", None))
    return pd.DataFrame(rows, columns=["respondent_id", "worker_id", "task_type",
                                       "sufficient", "extra_minutes"])


def _delphi(rng, truth: dict, n_experts: int, rounds: int, noise: float) -> pd.DataFrame:
    """Experts estimate each case type's true hours per case-month, converging by round."""
    rows = []
    for ctype, true in truth.items():
        est = true * rng.lognormal(0, noise, n_experts)
        for r in range(1, rounds + 1):
            if r > 1:  # halfway to the panel's median, halfway to a fresh, closer judgement
                fresh = true * rng.lognormal(0, noise / r, n_experts)
                est = np.sqrt(np.median(est) * fresh)
            rows += [(f"E{e + 1:02d}", r, ctype, round(float(x), 2)) for e, x in enumerate(est)]
    return pd.DataFrame(rows, columns=["expert_id", "round", "case_type",
                                       "hours_per_case_month"])


def simulate_shortfall(n_workers: int = 40, weeks: int = 4, seed: int = 0, *,
                       share_missed: float = 0.25, share_overloaded: float = 0.5,
                       rush: float = 0.3, n_experts: int = 20, rounds: int = 3,
                       expert_noise: float = 0.3, survey_noise: float = 0.1
                       ) -> ShortfallStudy:
    """A study where workload makes a share of cases miss the standard, with its evidence.

    Parameters
    ----------
    n_workers, weeks, seed : int
        As for :func:`simulate_study` (the full study simulated first).
    share_missed : float
        Share of all cases that miss their visiting standard (drawn from the cases of
        overloaded workers; fewer when they hold too few).
    share_overloaded : float
        Share of workers, by cases per FTE, under pressure.
    rush : float
        Share of each chronology's minutes an overloaded worker cuts.
    n_experts, rounds, expert_noise
        The Delphi panel: experts' log-normal noise in round one.
    survey_noise : float
        Log-normal noise of the extra minutes respondents give.

    Returns
    -------
    ShortfallStudy
        The short diary with the full one, survey, Delphi panel and standards;
        ``truth`` adds ``should_hours_per_case_month`` (the full diary's hours),
        ``missed_cases``, ``share_missed``, ``overloaded_workers``,
        ``rushed_task`` and ``rushed_uplift``.

    Examples
    --------
    >>> from timestudy.simulate import simulate_shortfall
    >>> s = simulate_shortfall(n_workers=10, weeks=2, seed=1)
    >>> len(s.diary) < len(s.full_diary), sorted(s.truth["should_hours_per_case_month"])
    (True, ['CIN', 'CLA', 'CP', 'PROCEEDINGS'])
    """
    full = simulate_study(n_workers=n_workers, weeks=weeks, seed=seed)
    rng = np.random.default_rng([seed, 17])
    over = _overloaded(full, share_overloaded)
    pool = full.cases.loc[full.cases["worker_id"].isin(over), "case_id"].to_numpy()
    n_miss = min(len(pool), int(round(share_missed * len(full.cases))))
    missed = rng.choice(pool, n_miss, replace=False)
    diary = _drop_visits(full.diary, missed)
    rushed = diary["worker_id"].isin(over) & (diary["true_task_type"] == RUSHED)
    diary.loc[rushed, "duration_min"] = np.round(diary.loc[rushed, "duration_min"] * (1 - rush))
    diary.loc[rushed, "end"] = diary.loc[rushed, "start"] + pd.to_timedelta(
        diary.loc[rushed, "duration_min"], unit="min")
    should = dict(full.truth["hours_per_case_month"])
    is_chron = diary.loc[diary["true_task_type"] == RUSHED, "duration_min"]
    full_chron = full.diary.loc[full.diary["true_task_type"] == RUSHED, "duration_min"]
    truth = {**full.truth, "should_hours_per_case_month": should,
             "missed_cases": sorted(map(str, missed)), "share_missed": n_miss / len(full.cases),
             "overloaded_workers": sorted(map(str, over)),
             "rushed_task": RUSHED, "rushed_uplift": float(full_chron.mean() / is_chron.mean())}
    workers = full.workers["worker_id"].to_numpy()
    return ShortfallStudy(
        diary=diary, cases=full.cases, workers=full.workers, truth=truth,
        design={**full.design, "share_missed": share_missed, "share_overloaded":
                share_overloaded, "rush": rush}, full_diary=full.diary,
        survey=_survey(rng, diary, full.diary, workers, over, survey_noise),
        delphi=_delphi(rng, should, n_experts, rounds, expert_noise),
        standards=simulated_standards())


__all__ = ["ShortfallStudy", "simulate_shortfall", "simulated_standards"]
