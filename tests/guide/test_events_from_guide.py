"""Should by events from a published guide whose cells may be suppressed (audit 4 defect 1).

One case type, CP, 5.0 hours per case-month (published total), its row by task type:
statutory_visit 1.5, review 1.5, liaison 1.0, notes 1.0. Standards: a visit every month
(statutory_visit, 1.0 a case-month, 2.0 h a piece) and a review every 2 months (0.5 a
case-month, 3.0 h a piece). Listed 1 x 2 + 0.5 x 3 = 3.5 h; unlisted = total less the
listed tasks' cells = 5 - 1.5 - 1.5 = 2.0 h; should 5.5 h.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy.guide.should_sources import events_from_guide, events_rows
from timestudy.schema.standards import standards_from_dict

STANDARDS = standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
                                 "case_types": {"CP": [
                                     {"piece": "visit", "task_types": ["statutory_visit"],
                                      "every": "1 month", "source": "t"},
                                     {"piece": "review", "task_types": ["review"],
                                      "every": "2 months", "source": "t"}]}})


def _guide(hidden=(), per_piece_hidden=()):
    hours = pd.Series({"statutory_visit": 2.0, "review": 3.0, "liaison": 0.5, "notes": 0.25})
    hours[list(per_piece_hidden)] = np.nan
    tasks = pd.DataFrame({"full_hours": hours, "full_hours_ci_low": hours - 0.2,
                          "full_hours_ci_high": hours + 0.2, "n_pieces": 10})
    row = pd.Series({"statutory_visit": 1.5, "review": 1.5, "liaison": 1.0, "notes": 1.0})
    row[list(hidden)] = np.nan
    return SimpleNamespace(
        meta={"level": 0.95}, tasks=tasks, _task_case_hours_unsuppressed=None,
        task_case_hours=row.to_frame("CP").T,
        case_types=pd.DataFrame({"hours_per_case_month": [5.0],
                                 "hours_per_case_month_ci_low": [4.0],
                                 "hours_per_case_month_ci_high": [6.0], "n_workers": [10]},
                                index=["CP"]))


def test_every_cell_published_by_hand():
    t = events_from_guide(_guide(), STANDARDS).table.loc["CP"]
    assert t["listed_hours"] == pytest.approx(3.5)
    assert t["unlisted_hours"] == pytest.approx(2.0)
    assert t["should_hours_per_case_month"] == pytest.approx(5.5)
    assert t["note"] == ""


def test_a_suppressed_listed_cell_is_never_read_as_zero():
    """The visits' cell hidden: it was read as 0, so its 1.5 h stayed in the unlisted hours
    while the visits also counted at the standard's rate: unlisted 3.5, should 7.0 (+1.5 h,
    the hidden cell). From the published figures the unlisted hours are unknown: should is
    not computed and the note says why."""
    ev = events_from_guide(_guide(hidden=["statutory_visit"]), STANDARDS)
    t = ev.table.loc["CP"]
    assert np.isnan(t["should_hours_per_case_month"]) and np.isnan(t["uplift"])
    assert "statutory_visit" in t["note"] and "suppressed" in t["note"]
    row = events_rows(_guide(), ev, STANDARDS, "standards_events").iloc[0]
    assert "cannot be told" in row["note"] and np.isnan(row["uplift"])


def test_a_listed_piece_without_hours_per_piece_is_named_and_not_applied():
    """The visits' hours per piece hidden: the visits dropped out of listed and (with the
    cells published) out of unlisted too, so their measured 1.5 h counted as none: should
    1.5 + 2.0 = 3.5. Now the standard for visits is not applied, their measured hours stay:
    listed 1.5 (review), unlisted 5 - 1.5 = 3.5, should 5.0, and the note names it."""
    t = events_from_guide(_guide(per_piece_hidden=["statutory_visit"]), STANDARDS).table
    assert t.loc["CP", "listed_hours"] == pytest.approx(1.5)
    assert t.loc["CP", "unlisted_hours"] == pytest.approx(3.5)
    assert t.loc["CP", "should_hours_per_case_month"] == pytest.approx(5.0)
    assert "standard for visit not applied" in t.loc["CP", "note"]


def test_suppressed_unlisted_cells_are_the_rest_of_the_total():
    """Liaison's cell hidden, its pieces uplifted x 2: the hidden cell is the rest of the
    total, 5 - 1.5 - 1.5 - 1.0 = 1.0 h, so unlisted = notes 1.0 + liaison 1.0 x 2 = 3.0 and
    should 6.5 (it was 5.5: the hidden cell took the visible cells' mix, 1.0). With notes
    hidden too, and uplifts 2 and 1 on the two, the rest cannot be split: not computed."""
    up = pd.Series({"liaison": 2.0})
    t = events_from_guide(_guide(hidden=["liaison"]), STANDARDS, up).table.loc["CP"]
    assert t["unlisted_hours"] == pytest.approx(3.0)
    assert t["should_hours_per_case_month"] == pytest.approx(6.5)
    plain = events_from_guide(_guide(hidden=["liaison"]), STANDARDS).table.loc["CP"]
    assert plain["should_hours_per_case_month"] == pytest.approx(5.5)
    both = events_from_guide(_guide(hidden=["liaison", "notes"]), STANDARDS, up).table
    assert np.isnan(both.loc["CP", "should_hours_per_case_month"])
    assert "different uplifts" in both.loc["CP", "note"]
