"""Standards met, should by events, the sufficiency survey and the Delphi panel, by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy.models.delphi import delphi_rounds
from timestudy.models.should_events import should_by_events
from timestudy.models.standards import pieces_due, standards_met
from timestudy.models.sufficiency import sufficiency
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH, read_standards, standards_from_dict

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))  # 20 working days


def _std(every_cp="10 working days", every_cin="20 working days"):
    item = {"piece": "visit", "task_types": ["statutory_visit", "unannounced_visit"],
            "source": "test"}
    return standards_from_dict({"standards_version": 1, "name": "test", "source": "test",
                                "case_types": {"CP": [item | {"every": every_cp}],
                                               "CIN": [item | {"every": every_cin}]}})


def _models(n_workers_extra: int = 0):
    """Three cases on two workers: A (CP, W1) visited twice, B (CP, W2) once, C (CIN, W1)
    never; each open the whole month of the diary (1.0 case-months)."""
    cm = pd.DataFrame({"case_id": ["A", "B", "C"], "case_type": ["CP", "CP", "CIN"],
                       "worker_id": ["W1", "W2", "W1"],
                       "opened": pd.to_datetime(["2025-01-01"] * 3), "closed": pd.NaT,
                       "case_months": [1.0, 1.0, 1.0], "hours": [250 / 60, 200 / 60, 45 / 60]})
    inst = pd.DataFrame({
        "worker_id": ["W1", "W1", "W1", "W2", "W2", "W1"],
        "case_id": ["A", "A", "A", "B", "B", "C"],
        "task_type": ["statutory_visit", "unannounced_visit", "liaison", "statutory_visit",
                      "liaison", "liaison"],
        "diary_date": pd.to_datetime(["2026-03-03", "2026-03-16", "2026-03-04", "2026-03-05",
                                      "2026-03-06", "2026-03-10"]),
        "full_min": [120.0, 100.0, 30.0, 140.0, 60.0, 45.0], "primary": True})
    return SimpleNamespace(case_month=cm, instances=inst, period=PERIOD,
                           options={"n_boot": 99, "seed": 1, "level": 0.95})


def test_recurring_pieces_due_and_done_by_hand():
    m = _models()
    p = pieces_due(m.case_month, m.instances, _std(), PERIOD).set_index("case_id")
    assert p.loc["A", ["window_working_days", "due", "done", "met"]].tolist() == [20, 2, 2, True]
    assert p.loc["B", ["due", "done", "met"]].tolist() == [2, 1, False]
    assert p.loc["C", ["due", "done", "met"]].tolist() == [1, 0, False]


def test_a_case_opened_in_the_diary_owes_only_its_open_days():
    m = _models()
    cm = m.case_month.assign(opened=pd.to_datetime(["2026-03-20", "2025-01-01", "2025-01-01"]))
    p = pieces_due(cm, m.instances, _std(), PERIOD).set_index("case_id")
    assert p.loc["A", "window_working_days"] == 6  # 20, 23-27 March
    assert p.loc["A", "due"] == 0 and p.loc["A", "done"] == 0  # visits before it opened


def test_scheduled_and_deadline_pieces_by_hand():
    cm = pd.DataFrame({"case_id": ["R", "S", "T"], "case_type": "CP", "worker_id": "W1",
                       "opened": pd.to_datetime(["2025-12-10", "2026-01-20", "2025-06-01"]),
                       "closed": pd.NaT, "case_months": 0.92})
    inst = pd.DataFrame({
        "case_id": ["S", "S", "T"],
        "task_type": ["strategy_meeting", "initial_cp_conference", "strategy_meeting"],
        "diary_date": pd.to_datetime(["2026-03-03", "2026-03-20", "2026-03-20"])})
    p = pieces_due(cm, inst, read_standards(), PERIOD).set_index(["case_id", "piece"])
    # 3 months after 10 December (91.3 days) is 11 March: due once, not held
    assert p.loc[("R", "review_conference"), ["due", "done", "met"]].tolist() == [1, 0, False]
    # 3 months after 20 January is 21 April: nothing due in March
    assert p.loc[("S", "review_conference"), "due"] == 0
    # ICPC due 15 working days (21 days) after the strategy meeting of 3 March, held on the 20th
    assert p.loc[("S", "initial_conference"), ["due", "done"]].tolist() == [1, 1]
    # strategy meeting on 20 March: its deadline (10 April) is after the diary
    assert p.loc[("T", "initial_conference"), ["due", "done"]].tolist() == [0, 0]


def test_share_met_and_nccd_hours_by_hand():
    met = standards_met(_models(), _std())
    b = met.by_type
    assert b.loc["CP", ["n_cases", "n_met", "share_met"]].tolist() == [2, 1, 0.5]
    assert b.loc["CP", "hours_per_case_month_met"] == pytest.approx(250 / 60)
    assert b.loc["CP", "hours_per_case_month_not_met"] == pytest.approx(200 / 60)
    assert b.loc["CIN", "share_met"] == 0
    assert met.cases.set_index("case_id")["met_standard"].to_dict() == {
        "A": True, "B": False, "C": False}


def test_should_by_events_by_hand():
    ev = should_by_events(_models(), _std())
    rate = WORKING_DAYS_PER_MONTH / 10
    t = ev.table
    # CP: visits 120, 100, 140 minutes -> 2 h a piece; unlisted liaison 30 + 60 min over 2 months
    assert t.loc["CP", "listed_hours"] == pytest.approx(rate * 2.0)
    assert t.loc["CP", "unlisted_hours"] == pytest.approx(0.75)
    assert t.loc["CP", "should_hours_per_case_month"] == pytest.approx(rate * 2 + 0.75)
    assert t.loc["CP", "is_hours_per_case_month"] == pytest.approx(450 / 120)
    # CIN never had a visit: its time per piece is pooled over case types (2 h)
    items = ev.items.set_index("case_type")
    assert bool(items.loc["CIN", "pooled"]) and not bool(items.loc["CP", "pooled"])
    assert t.loc["CIN", "should_hours_per_case_month"] == pytest.approx(rate / 2 * 2 + 0.75)
    assert items.loc["CP", "per_case_month_measured"] == pytest.approx(1.5)


def test_a_case_type_the_standards_do_not_list_changes_no_listed_type():
    """A local case type (EARLY_HELP) is in the diary but not the standards: its case-months
    and pieces are no listed type's (they were counted to the last listed type, CP)."""
    m = _models()
    m.case_month = pd.concat([m.case_month, pd.DataFrame({
        "case_id": ["D"], "case_type": ["EARLY_HELP"], "worker_id": ["W2"],
        "opened": pd.to_datetime(["2025-01-01"]), "closed": pd.NaT, "case_months": [3.0],
        "hours": [1.0]})], ignore_index=True)
    m.instances = pd.concat([m.instances, pd.DataFrame({
        "worker_id": ["W2"], "case_id": ["D"], "task_type": ["liaison"],
        "diary_date": pd.to_datetime(["2026-03-11"]), "full_min": [60.0], "primary": True})],
        ignore_index=True)
    t = should_by_events(m, _std()).table
    base = should_by_events(_models(), _std()).table
    assert list(t.index) == ["CIN", "CP"]
    assert t.loc["CP", "is_hours_per_case_month"] == pytest.approx(450 / 120)
    assert t.loc["CP", "unlisted_hours"] == pytest.approx(0.75)
    pd.testing.assert_frame_equal(t.drop(columns=[c for c in t if "ci_" in c]),
                                  base.drop(columns=[c for c in base if "ci_" in c]))


def test_task_uplifts_scale_pieces_listed_or_not():
    ev = should_by_events(_models(), _std(), task_uplifts=pd.Series({"liaison": 2.0,
                                                                     "statutory_visit": 1.5}))
    rate = WORKING_DAYS_PER_MONTH / 10
    # visits: (180 + 100 + 210) / 3 = 163.33 min; liaison doubled: 1.5 h per case-month
    assert ev.table.loc["CP", "should_hours_per_case_month"] == pytest.approx(
        rate * 490 / 3 / 60 + 1.5)


def test_with_task_uplifts_is_stays_measured_and_uplift_is_should_over_measured():
    """Audit 4 defect 4: the "is" column took the task uplifts, so the table showed
    uplifted hours as measured. CP: measured 120 + 100 + 140 + 30 + 60 = 450 min over 2
    case-months = 3.75 h (was shown as 5.583 h: visits x 1.5 = 490 min, liaison x 2 =
    180 min, 670 / 120); should = rate x 490 / 3 / 60 + 1.5 = 7.237 h with rate
    21.07 / 10 (unchanged by the fix); uplift = should / 3.75 = 1.930 (was 1.296)."""
    up = pd.Series({"liaison": 2.0, "statutory_visit": 1.5})
    t = should_by_events(_models(), _std(), task_uplifts=up).table
    rate = WORKING_DAYS_PER_MONTH / 10
    should = rate * 490 / 3 / 60 + 1.5
    assert t.loc["CP", "is_hours_per_case_month"] == pytest.approx(450 / 120)
    assert t.loc["CP", "should_hours_per_case_month"] == pytest.approx(should)
    assert t.loc["CP", "uplift"] == pytest.approx(should / (450 / 120))
    plain = should_by_events(_models(), _std()).table
    pd.testing.assert_series_equal(t["is_hours_per_case_month"],
                                   plain["is_hours_per_case_month"])


def test_events_interval_from_the_bootstrap_brackets_the_estimate():
    rng = np.random.default_rng(0)
    n = 30
    cm = pd.DataFrame({"case_id": [f"C{i}" for i in range(n)], "case_type": "CP",
                       "worker_id": [f"W{i % 10}" for i in range(n)],
                       "opened": pd.Timestamp("2025-01-01"), "closed": pd.NaT,
                       "case_months": 1.0, "hours": 1.0})
    inst = pd.DataFrame({"worker_id": np.repeat(cm["worker_id"], 2).to_numpy(),
                         "case_id": np.repeat(cm["case_id"], 2).to_numpy(),
                         "task_type": "statutory_visit", "primary": True,
                         "diary_date": pd.Timestamp("2026-03-03"),
                         "full_min": rng.gamma(9, 13, 2 * n)})
    ev = should_by_events(SimpleNamespace(case_month=cm, instances=inst, period=PERIOD,
                                          options={"n_boot": 199, "seed": 0}), _std())
    r = ev.table.loc["CP"]
    assert r["should_hours_per_case_month_ci_low"] < r["should_hours_per_case_month"] \
        < r["should_hours_per_case_month_ci_high"]


def test_sufficiency_by_hand_and_suppression():
    s = pd.DataFrame({"respondent_id": list("abcde") + list("ab"),
                      "task_type": ["visit"] * 5 + ["notes"] * 2,
                      "sufficient": [False, False, True, True, False, False, True],
                      "extra_minutes": [30.0, 10.0, 0.0, 0.0, 20.0, 5.0, 0.0]})
    t = sufficiency(s, pd.Series({"visit": 100.0, "notes": 20.0}), min_respondents=3,
                    n_boot=199).table
    # visit: (30 + 10 + 20) / 5 respondents / 100 minutes
    assert t.loc["visit", "uplift"] == pytest.approx(1.12)
    assert t.loc["visit", "share_insufficient"] == pytest.approx(0.6)
    assert t.loc["visit", "mean_extra_minutes"] == pytest.approx(20.0)
    assert bool(t.loc["visit", "review"])
    assert t.loc["visit", "uplift_ci_low"] <= 1.12 <= t.loc["visit", "uplift_ci_high"]
    assert bool(t.loc["notes", "suppressed"]) and np.isnan(t.loc["notes", "uplift"])
    assert t.loc["notes", "n_respondents"] == 2


def test_a_survey_frame_goes_through_the_same_rule_as_a_survey_file():
    """Audit 4 defect 7: a DataFrame with a bool ``sufficient`` column skipped
    read_survey, so the 30 minutes of respondent b, who has enough time, were counted.
    Five respondents to a 100-minute task, a lacks time (30 min more), b has enough (and
    wrote 30): uplift 1 + 30 / 5 / 100 = 1.06 (was 1.12), mean extra minutes among those
    lacking time 30 (was 60); a row lacking time with no minutes is refused."""
    from timestudy.errors import SchemaError

    s = pd.DataFrame({"respondent_id": list("abcde"), "task_type": "v",
                      "sufficient": [False, True, True, True, True],
                      "extra_minutes": [30.0, 30.0, 0.0, 0.0, 0.0]})
    t = sufficiency(s, pd.Series({"v": 100.0}), n_boot=19).table
    assert t.loc["v", "uplift"] == pytest.approx(1.06)
    assert t.loc["v", "mean_extra_minutes"] == pytest.approx(30.0)
    with pytest.raises(SchemaError, match="extra_minutes"):
        sufficiency(s.assign(extra_minutes=[np.nan, 0.0, 0.0, 0.0, 0.0]),
                    pd.Series({"v": 100.0}), n_boot=19)


def test_delphi_by_hand():
    p = pd.DataFrame({"expert_id": list("abcd") * 2, "round": [1] * 4 + [2] * 4,
                      "item": "case:CP", "measure": "hours_per_case_month",
                      "value": [10.0, 12.0, 20.0, 14.0, 12.0, 13.0, 13.0, 14.0]})
    d = delphi_rounds(p, min_experts=4)  # the rule's arithmetic on a panel of four
    r1, r2 = d.rounds.iloc[0], d.rounds.iloc[1]
    assert r1["median"] == 13.0 and r1["q1"] == 11.5 and r1["q3"] == 15.5
    assert r1["relative_iqr"] == pytest.approx(4 / 13)
    assert r1["share_within_band"] == 0.5 and not r1["consensus"]  # 12, 14 within 2.6
    assert r2["median"] == 13.0 and r2["share_within_band"] == 1.0 and r2["consensus"]
    f = d.final.iloc[0]
    assert (f["value"], f["round"], f["rounds_to_consensus"]) == (13.0, 2, 2)
    assert list(d.convergence().columns.get_level_values(1)) == [1, 2, 1, 2]


def test_delphi_flags_an_item_without_consensus():
    p = pd.DataFrame({"expert_id": list("abcd"), "round": 1, "item": "task:visit",
                      "measure": "minutes_per_piece", "value": [60.0, 120.0, 200.0, 90.0]})
    f = delphi_rounds(p).final.iloc[0]
    assert not f["consensus"] and np.isnan(f["rounds_to_consensus"])
    assert f["value"] == 105.0


def test_models_built_on_pieces_of_work_give_the_same_answer():
    m = _models()
    inst = m.instances
    pieces = inst.rename(columns={"diary_date": "first_date"}).assign(
        piece_id=range(len(inst)), n_sittings=1)
    on_pieces = SimpleNamespace(case_month=m.case_month, pieces=pieces, period=PERIOD,
                                options=m.options)
    a = should_by_events(m, _std()).table
    b = should_by_events(on_pieces, _std()).table
    pd.testing.assert_frame_equal(a, b)
    assert standards_met(on_pieces, _std()).by_type["n_met"].tolist() == \
        standards_met(m, _std()).by_type["n_met"].tolist()


def test_a_delphi_panel_of_one_or_two_experts_is_no_consensus():
    """Audit of the should figures: one expert (CP 40 h) was 100% within the band with an IQR
    of 0, so 'consensus', chosen and applied (uplift 3.31); two experts (CLA 20, 20) alike.
    A consensus now needs 5 experts (the survey's floor), and the row says why not."""
    one = pd.DataFrame({"expert_id": ["E01"], "round": [1], "item": "case:CP",
                        "measure": "hours_per_case_month", "value": [40.0]})
    assert not delphi_rounds(one).final["consensus"].any()
    five = pd.DataFrame({"expert_id": list("abcde"), "round": 1, "item": "case:CP",
                         "measure": "hours_per_case_month", "value": [14.0, 14, 13, 15, 14]})
    assert delphi_rounds(five).final["consensus"].all()
    assert "with at least 5 experts" in delphi_rounds(five).rule
