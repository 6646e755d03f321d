"""The survey's uplift interval is the uplift's own (audit20c: 'uplift 1.17 (0.99 to 1.40)')."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy.guide.should_sources import survey_rows
from timestudy.models.sufficiency import sufficiency


def _guide(full, low, high):
    tasks = pd.DataFrame({"category": ["visits"], "full_hours": [full],
                          "full_hours_ci_low": [low], "full_hours_ci_high": [high]},
                         index=["visit"])
    return SimpleNamespace(tasks=tasks, suppressed=[], reasons=lambda *t: {})


def test_survey_uplift_interval_is_the_bootstraps_not_should_over_is():
    """Five respondents, each lacking time and wanting 30 extra minutes on a visit measured
    at 60 minutes (1.0 h, interval 0.5 to 1.5 h).

    By hand: uplift = 1 + 30/60 = 1.5; every bootstrap resample of the respondents gives
    1.5 too, so the uplift's interval is 1.5 to 1.5. Should = 1.0 x 1.5 = 1.5 h, its interval
    1.5 -+ hypot(0.5, 1.0 x 0) = 1.0 to 2.0 h (the measured error). The old code printed
    the uplift interval as should interval / measured = 1.0 to 2.0: an uplift of 1.0 a
    survey of people all lacking time cannot give.
    """
    survey = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(5)],
                           "task_type": "visit", "sufficient": False, "extra_minutes": 30.0})
    s = sufficiency(survey, pd.Series({"visit": 60.0}), n_boot=49, seed=0)
    row = survey_rows(_guide(1.0, 0.5, 1.5), s).iloc[0]
    assert np.isclose(row["uplift"], 1.5)
    assert np.isclose(row["uplift_ci_low"], 1.5) and np.isclose(row["uplift_ci_high"], 1.5)
    assert np.isclose(row["should_ci_low"], 1.0) and np.isclose(row["should_ci_high"], 2.0)


def test_survey_uplift_interval_never_below_one():
    """Four respondents to a 100-minute task: 30, 10, 0 and 0 extra minutes (by hand the
    uplift is 1 + 40/4/100 = 1.1); no resample can add negative minutes, so the uplift's
    lower bound is at least 1 and equals the survey's own bootstrap bound, whatever the
    measured interval (here 0.5 to 3 h around 100/60 h)."""
    survey = pd.DataFrame({"respondent_id": ["A", "B", "C", "D"], "task_type": "visit",
                           "sufficient": [False, False, True, True],
                           "extra_minutes": [30.0, 10.0, np.nan, np.nan]})
    s = sufficiency(survey, pd.Series({"visit": 100.0}), min_respondents=3, n_boot=99)
    row = survey_rows(_guide(100 / 60, 0.5, 3.0), s).iloc[0]
    assert np.isclose(row["uplift"], 1.1)
    assert row["uplift_ci_low"] >= 1.0
    assert row["uplift_ci_low"] == s.table.loc["visit", "uplift_ci_low"]
    assert row["uplift_ci_high"] == s.table.loc["visit", "uplift_ci_high"]


def test_non_case_extra_hours_carry_the_uplifts_interval_once():
    """Supervision measured at 60 minutes a piece (1.0 h, interval 0.5 to 1.5 h) and 4 h a
    FTE-week of non-case time; five respondents each want 30 extra minutes.

    By hand: uplift 1.5 (1.5 to 1.5, every resample the same), so the extra non-case hours
    are 4 x 0.5 = 2.0 h a week (2.0 to 2.0): the measured error is in the non-case hours'
    own interval, where the hours available take it. The code before carried the should
    interval over the measured figure, 1.0 to 2.0, as the uplift's: extra 0.0 to 4.0 h, the
    measured error counted a second time (audit20c: lower bound 7.20585 against 7.20655).
    """
    from timestudy.guide.adjustments import Adjustments, non_case_uplift

    survey = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(5)],
                           "task_type": "supervision", "sufficient": False,
                           "extra_minutes": 30.0})
    s = sufficiency(survey, pd.Series({"supervision": 60.0}), n_boot=49, seed=0)
    g = _guide(1.0, 0.5, 1.5)
    g.tasks.index = ["supervision"]
    rows = survey_rows(g, s).assign(chosen=True)
    adj = Adjustments("survey", "survey", task_types={"supervision": 1.5},
                      evidence=tuple(rows.to_dict("records")))
    tasks = pd.DataFrame({"uplift": [1.5], "non_case_hours_per_fte_week": [4.0]},
                         index=["supervision"])
    extra, withheld = non_case_uplift(tasks, adj)
    assert withheld == []
    np.testing.assert_allclose(extra.to_numpy(), [2.0, 2.0, 2.0])
