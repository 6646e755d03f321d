"""Practice standards as data: the shipped England default and the checks on a standards file."""

from __future__ import annotations

import pytest
import yaml

from timestudy.errors import ConfigError
from timestudy.schema.standards import (
    BANK_HOLIDAYS_A_YEAR,
    ENGLAND_STANDARDS,
    WEEKDAYS_PER_MONTH,
    WORKING_DAYS_PER_MONTH,
    per_case_month,
    read_standards,
    standards_from_dict,
    working_days,
)


def _one(**item):
    base = {"piece": "visit", "task_types": ["statutory_visit"], "every": "10 working days",
            "source": "local"}
    return {"standards_version": 1, "name": "n", "source": "s",
            "case_types": {"CP": [base | item]}}


def test_england_default_has_a_source_on_every_line():
    raw = yaml.safe_load(ENGLAND_STANDARDS.read_text())
    items = [i for items in raw["case_types"].values() for i in items]
    assert len(items) >= 10 and all(i["source"].strip() for i in items)
    s = read_standards()
    assert s.items["source"].str.len().gt(10).all()


def test_england_default_says_what_working_together_says():
    s = read_standards()
    i = s.items.set_index(["case_type", "piece"])
    assert i.loc[("CP", "statutory_visit"), "every_working_days"] == 10
    assert i.loc[("CP", "core_group"), "every_working_days"] == 30  # 6 weeks
    assert i.loc[("CP", "review_conference"), "first_working_days"] == (
        pytest.approx(3 * WEEKDAYS_PER_MONTH),)
    assert i.loc[("CP", "initial_conference"), "within_working_days"] == 15
    assert i.loc[("CP", "initial_conference"), "after"] == "strategy_meeting"
    assert i.loc[("CLA", "statutory_visit"), "every_working_days"] == 30
    assert i.loc[("CLA", "cla_review"), "first_working_days"][0] == 20
    assert i.loc[("CIN", "visit"), "per_case_month"] == pytest.approx(1.0)
    assert set(i.loc["PROCEEDINGS"].index) >= {"plo_meeting", "court_statement"}


@pytest.mark.parametrize(("text", "days"), [("10 working days", 10), ("6 weeks", 30),
                                            ("7 days", 5), ("2 months", 2 * 365.25 / 12 * 5 / 7),
                                            ("1 month", 365.25 / 12 * 5 / 7)])
def test_intervals_in_working_days(text, days):
    assert working_days(text) == pytest.approx(days)


def test_rate_per_case_month_hand_worked():
    """Audit 4 defect 5: working days exclude bank holidays. A year has 365.25 x 5 / 7 =
    260.89 weekdays, less England and Wales' 8 bank holidays 252.89 working days, 21.07 a
    month: a visit every 10 working days is due 2.107 times a case-month (was 21.74 / 10 =
    2.174, 3.2% more visits). Calendar intervals keep the calendar: 6 weeks is
    365.25 / 12 / 42 = 0.7247 a case-month, 1 month 1.0, 6 months 1/6."""
    s = standards_from_dict(_one(every="10 working days"))
    assert s.rate("CP", "visit") == pytest.approx((365.25 * 5 / 7 - 8) / 12 / 10)
    assert round(s.rate("CP", "visit"), 3) == 2.107
    assert WORKING_DAYS_PER_MONTH == pytest.approx(252.892857 / 12)
    assert per_case_month("6 weeks") == pytest.approx(365.25 / 12 / 42)
    assert per_case_month("1 month") == pytest.approx(1.0)
    assert per_case_month("6 months") == pytest.approx(1 / 6)
    assert per_case_month("14 days") == pytest.approx(365.25 / 12 / 14)


def test_bank_holidays_are_the_usual_number_of_england_and_wales():
    from timestudy.panels.workdays import holidays_a_year

    assert BANK_HOLIDAYS_A_YEAR == holidays_a_year("england-and-wales") == holidays_a_year()


@pytest.mark.parametrize(("change", "words"), [
    ({"every": "fortnightly"}, "every"),
    ({"source": ""}, "source"),
    ({"task_types": []}, "task_types"),
    ({"piece": "Visit Me"}, "piece"),
    ({"colour": "red"}, "colour"),
])
def test_bad_items_are_named(change, words):
    with pytest.raises(ConfigError, match=words):
        standards_from_dict(_one(**change))


def test_a_piece_with_no_timing_is_refused():
    raw = _one()
    del raw["case_types"]["CP"][0]["every"]
    with pytest.raises(ConfigError, match="CP.0"):
        standards_from_dict(raw)


def test_a_piece_listed_twice_is_refused():
    raw = _one()
    raw["case_types"]["CP"].append(dict(raw["case_types"]["CP"][0]))
    with pytest.raises(ConfigError, match="listed twice"):
        standards_from_dict(raw)


def test_file_errors_name_the_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        read_standards(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_types: [\n")
    with pytest.raises(ConfigError, match="bad.yaml"):
        read_standards(bad)
    bad.write_text("- a list\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        read_standards(bad)


def test_round_trip_through_a_file(tmp_path):
    s = read_standards()
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(s.to_dict(), sort_keys=False))
    again = read_standards(path)
    cols = ["case_type", "piece", "kind", "after", "source"]
    assert again.items[cols].values.tolist() == s.items[cols].values.tolist()
    assert again.items["per_case_month"].fillna(-1).round(9).tolist() == \
        s.items["per_case_month"].fillna(-1).round(9).tolist()
