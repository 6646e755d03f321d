"""Sufficiency-of-time survey (NCSC/FJC): per task, who lacks time, and the uplift it implies.

The rule (NCSC-style adjustment): respondents who say they usually lack time for a
task give the extra minutes one piece would need; those with enough time need none.
The task's uplift is

``uplift_t = 1 + (mean extra minutes over all respondents to task t) / m_t``

``= 1 + p_t * e_t / m_t``, with ``p_t`` the share reporting insufficient time, ``e_t``
their mean extra minutes and ``m_t`` the measured full minutes per piece. Tasks where
fewer than half the respondents have enough time are flagged ``review`` (the NCSC
studies review these with a panel rather than apply a blanket uplift). Intervals by
bootstrap over respondents (the measured minutes held fixed); tasks with fewer than
``min_respondents`` respondents are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.results import Result
from timestudy.stats.bootstrap import percentile_interval, worker_draws


@dataclass(frozen=True, repr=False)
class Sufficiency(Result):
    """Per task: share lacking time, extra minutes needed and the implied uplift.

    Attributes
    ----------
    table : DataFrame
        By ``task_type``: ``n_respondents``, ``share_insufficient``,
        ``mean_extra_minutes`` (among those lacking time), ``measured_minutes_per_piece``,
        ``uplift`` with ``uplift_ci_low``/``uplift_ci_high``, ``review`` (bool) and
        ``suppressed`` (bool: fewer than ``min_respondents``).
    min_respondents : int
    """

    table: pd.DataFrame
    min_respondents: int = 5
    title = "Sufficiency-of-time survey"
    notes = ("uplift = 1 + share lacking time x their mean extra minutes / measured full "
             "minutes per piece; intervals by bootstrap over respondents; tasks where "
             "fewer than half have enough time are marked for review.")

    def summary(self) -> pd.DataFrame:
        """The per-task table (columns as ``table``)."""
        return self.table


def sufficiency(survey: pd.DataFrame, minutes_per_piece: pd.Series, *,
                min_respondents: int = 5, n_boot: int = 999, seed: int | None = 0,
                level: float = 0.95) -> Sufficiency:
    """Per task: share reporting insufficient time and the uplift it implies.

    Parameters
    ----------
    survey : path or DataFrame
        The survey; read and checked by :func:`timestudy.ingest.evidence.read_survey`
        whatever it is given as, so one rule holds: a respondent with enough time needs
        no extra minutes (their ``extra_minutes`` count as 0), and a row lacking time
        with no extra minutes is refused.
    minutes_per_piece : Series
        Measured full minutes per piece by task type (the guide's ``full_hours`` x 60).
    min_respondents : int
        Fewer respondents to a task and its figures are suppressed (NaN).

    Examples
    --------
    Four respondents; two lack time, needing 30 and 10 minutes more on a 100-minute task:
    the uplift is ``1 + (30 + 10 + 0 + 0) / 4 / 100 = 1.1``.

    >>> s = pd.DataFrame({"respondent_id": list("abcd"), "task_type": ["v"] * 4,
    ...                   "sufficient": [False, False, True, True],
    ...                   "extra_minutes": [30.0, 10.0, 0.0, 0.0]})
    >>> t = sufficiency(s, pd.Series({"v": 100.0}), min_respondents=3, n_boot=99).table
    >>> float(t.loc["v", "uplift"]), float(t.loc["v", "share_insufficient"])
    (1.1, 0.5)
    """
    from timestudy.ingest.evidence import read_survey  # reading a file: its readers

    survey = read_survey(survey)
    resp = pd.Index(pd.unique(survey["respondent_id"].astype(str)))
    tasks = pd.Index(sorted(pd.unique(survey["task_type"].astype(str))), name="task_type")
    r = resp.get_indexer(survey["respondent_id"].astype(str))
    t = tasks.get_indexer(survey["task_type"].astype(str))
    extra, answered, short = (np.zeros((len(resp), len(tasks))) for _ in range(3))
    np.add.at(extra, (r, t), survey["extra_minutes"].to_numpy(float))
    np.add.at(answered, (r, t), 1.0)
    np.add.at(short, (r, t), (~survey["sufficient"].astype(bool)).to_numpy(float))
    m = minutes_per_piece.reindex(tasks).to_numpy(float)
    n = answered.sum(0)
    with np.errstate(all="ignore"):
        share = short.sum(0) / n
        mean_extra = extra.sum(0) / short.sum(0)
        uplift = 1 + extra.sum(0) / n / m
        d = worker_draws(len(resp), n_boot, seed)
        draws = 1 + (d @ extra) / (d @ answered) / m
    lo, hi = percentile_interval(draws, level)
    small = n < min_respondents
    table = pd.DataFrame({"n_respondents": n.astype(int), "share_insufficient": share,
                          "mean_extra_minutes": np.where(short.sum(0) > 0, mean_extra, 0.0),
                          "measured_minutes_per_piece": m, "uplift": uplift,
                          "uplift_ci_low": lo, "uplift_ci_high": hi,
                          "review": share > 0.5, "suppressed": small}, index=tasks)
    cols = ["share_insufficient", "mean_extra_minutes", "uplift", "uplift_ci_low",
            "uplift_ci_high"]
    table.loc[small, cols] = np.nan
    # from fewer respondents, whether most lacked time is withheld too (it tells their answers)
    table["review"] = pd.array(share > 0.5, dtype="boolean")
    table.loc[small, "review"] = pd.NA
    return Sufficiency(table, min_respondents)
