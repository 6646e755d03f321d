"""Should by events from a published guide alone: a standard is a minimum, and the interval
of should is never narrower than that of the measured figure it rests on (audit 6).

One case type, CP, 5.0 hours per case-month published (interval 4.0 to 6.0); standards: a
visit every month (statutory_visit, 2.0 h a piece, 1.8 to 2.2 from 10 pieces) and a review
every 2 months (review, 3.0 h a piece, 2.8 to 3.2).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy.guide.should_sources import events_from_guide, events_rows
from timestudy.schema.standards import standards_from_dict
from timestudy.stats.distributions import norm_ppf

STANDARDS = standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
                                 "case_types": {"CP": [
                                     {"piece": "visit", "task_types": ["statutory_visit"],
                                      "every": "1 month", "source": "t"},
                                     {"piece": "review", "task_types": ["review"],
                                      "every": "2 months", "source": "t"}]}})
Z = norm_ppf(0.975)


def _guide(row):
    hours = pd.Series({"statutory_visit": 2.0, "review": 3.0, "liaison": 0.5, "notes": 0.25})
    tasks = pd.DataFrame({"full_hours": hours, "full_hours_ci_low": hours - 0.2,
                          "full_hours_ci_high": hours + 0.2, "n_pieces": 10})
    return SimpleNamespace(
        meta={"level": 0.95}, tasks=tasks, _task_case_hours_unsuppressed=None,
        task_case_hours=pd.Series(row).to_frame("CP").T,
        case_types=pd.DataFrame({"hours_per_case_month": [5.0],
                                 "hours_per_case_month_ci_low": [4.0],
                                 "hours_per_case_month_ci_high": [6.0], "n_workers": [10]},
                                index=["CP"]))


def test_visits_above_the_standard_keep_their_measured_hours():
    """Visits take 2.5 h a case-month on CP (1.25 a case-month at 2.0 h), above the
    standard's 1 x 2.0 = 2.0 h: they count at 2.5 h (was 2.0, so 0.5 h of measured visits
    were taken out); review 0.5 x 3.0 = 1.5 h = its cell. Listed 2.5 + 1.5 = 4.0, unlisted
    liaison 0.5 + notes 0.5 = 1.0: should 5.0 = measured (was 4.5, below)."""
    ev = events_from_guide(_guide({"statutory_visit": 2.5, "review": 1.5, "liaison": 0.5,
                                   "notes": 0.5}), STANDARDS)
    t = ev.table.loc["CP"]
    assert t["listed_hours"] == pytest.approx(4.0)
    assert t["unlisted_hours"] == pytest.approx(1.0)
    assert t["should_hours_per_case_month"] == pytest.approx(5.0)
    assert t["added_hours"] == pytest.approx(0.0)
    it = ev.items.set_index("piece")
    assert it.loc["visit", "per_case_month_measured"] == pytest.approx(1.25)
    assert it.loc["visit", "per_case_month_applied"] == pytest.approx(1.25)
    row = events_rows(_guide({}), ev, STANDARDS, "standards_events").iloc[0]
    assert "measured rate is kept: visit" in row["note"]


def test_the_interval_is_never_narrower_than_the_measured_figures():
    """Visits 1.5 h a case-month, below the standard's 2.0: 0.5 h added, should 5.5. The
    measured 5.0 h has 4.0 to 6.0; the added half hour's error is the rate (1) x the
    standard error of the hours per piece (0.4 / (2 x 1.96) = 0.102), so +-0.2 at 95%;
    in quadrature: 5.5 -+ hypot(1.0, 0.2) = 4.480 to 6.520 (it was 5.04 to 5.96, narrower
    than the measured figure's own 4.0 to 6.0)."""
    t = events_from_guide(_guide({"statutory_visit": 1.5, "review": 1.5, "liaison": 1.0,
                                  "notes": 1.0}), STANDARDS).table.loc["CP"]
    assert t["should_hours_per_case_month"] == pytest.approx(5.5)
    assert t["added_hours"] == pytest.approx(0.5)
    half = np.hypot(1.0, Z * 0.4 / (2 * Z))
    assert t["should_hours_per_case_month_ci_low"] == pytest.approx(5.5 - half)
    assert t["should_hours_per_case_month_ci_high"] == pytest.approx(5.5 + half)
    assert (t["should_hours_per_case_month_ci_high"] - t["should_hours_per_case_month_ci_low"]
            >= 6.0 - 4.0)


@pytest.mark.parametrize("visits", [0.0, 0.5, 1.5, 2.0, 2.5])
@pytest.mark.parametrize("uplift", [1.0, 1.3])
def test_should_and_its_interval_rest_on_the_measured_figure(visits, uplift):
    """Whatever the visits' hours, should >= measured and its interval is at least as wide
    on each side as the measured figure's (scaled by a task uplift on liaison)."""
    row = {"statutory_visit": visits, "review": 1.5, "liaison": 1.0, "notes": 2.5 - visits}
    t = events_from_guide(_guide(row), STANDARDS,
                          pd.Series({"liaison": uplift})).table.loc["CP"]
    measured = 5.0 + row["liaison"] * (uplift - 1)
    assert t["should_hours_per_case_month"] >= measured - 1e-9
    assert t["should_hours_per_case_month"] - t["should_hours_per_case_month_ci_low"] >= (
        (5.0 - 4.0) * measured / 5.0 - 1e-9)
    assert t["should_hours_per_case_month_ci_high"] - t["should_hours_per_case_month"] >= (
        (6.0 - 5.0) * measured / 5.0 - 1e-9)


def test_a_panels_frequencies_are_the_rate_and_the_row_says_where_below():
    """minimum=False (a Delphi panel's pieces per case-month): visits 2.5 h measured, the
    panel's 1 x 2.0 = 2.0 h: should 5.0 - 0.5 = 4.5, and the note says why it is below."""
    ev = events_from_guide(_guide({"statutory_visit": 2.5, "review": 1.5, "liaison": 0.5,
                                   "notes": 0.5}), STANDARDS, minimum=False)
    t = ev.table.loc["CP"]
    assert t["should_hours_per_case_month"] == pytest.approx(4.5)
    assert t["added_hours"] == pytest.approx(-0.5)
    row = events_rows(_guide({}), ev, STANDARDS, "delphi_events").iloc[0]
    assert "below the rate measured" in row["note"] and "visit" in row["note"]
