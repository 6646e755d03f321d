"""A standard in working days is due per case-month of the study's working days.

A case-month is the working days of a month with the study's bank holidays a year out:
21.0744 with England and Wales' 8, 21.0744 - 2 / 12 = 20.9077 with Northern Ireland's 10
(``available_time.bank_holidays``). A CP visit "every 10 working days" is then due
20.9077 / 10 = 2.09077 times a case-month, not 21.0744 / 10 = 2.10744 (0.8% more visits
than a year of that study's working days holds: 250.9 / 10 = 25.09 a year, 2.09077 a
month). Calendar intervals ("every 6 weeks") are due 21.7411 / 30 = 0.7247 a case-month
whatever the holidays (a year's 8.70 visits over its 12 case-months). A Delphi panel's
frequency is its whole rate: 3 visits a case-month stay 3 in either case-month.
"""

from __future__ import annotations

import datetime as dt
import warnings
from types import SimpleNamespace

import pandas as pd
import pytest

from timestudy.guide import build_guide
from timestudy.guide.should_sources import events_from_guide, panel_standards
from timestudy.models import fit_study
from timestudy.models.should_events import should_by_events
from timestudy.schema.standards import standards_from_dict

TEN = 21.0744 - 2 / 12  # 20.9077: a case-month with 10 bank holidays a year


def _standards() -> object:
    return standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
                                "case_types": {"CP": [
                                    {"piece": "visit", "task_types": ["statutory_visit"],
                                     "every": "10 working days", "source": "t"},
                                    {"piece": "review", "task_types": ["email_admin"],
                                     "every": "6 weeks", "source": "t"}]}})


def _models(**options):
    """Six workers, 2-13 March 2026 (no bank holiday), a CP visit of 3 h a day each."""
    rows = []
    for i in range(1, 7):
        for d in pd.bdate_range(dt.date(2026, 3, 2), periods=10):
            for t, m, task, cat, case in (("09:00", 60, "email_admin", "admin", None),
                                          ("10:00", 120, "case_notes", "recording", f"N{i}"),
                                          ("12:30", 180, "statutory_visit", "direct_work",
                                           f"P{i}")):
                s = pd.Timestamp(f"{d:%Y-%m-%d} {t}")
                rows.append((f"W{i}", s, s + pd.Timedelta(minutes=m), m, task, cat, case))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "duration_min", "task_type",
                                    "category", "case_id"])
    workers = pd.DataFrame({"worker_id": [f"W{i}" for i in range(1, 7)], "fte": 1.0,
                            "contracted_hours": 37.0, "workdays": "Mon-Fri"})
    cases = pd.DataFrame({"case_id": [f"N{i}" for i in range(1, 7)] + [f"P{i}" for i in
                                                                      range(1, 7)],
                          "case_type": ["CIN"] * 6 + ["CP"] * 6,
                          "worker_id": [f"W{i}" for i in range(1, 7)] * 2,
                          "opened": pd.NaT, "closed": pd.NaT})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_study(e, cases, workers, n_boot=9, sensitivity=False, **options)


def _rates(items: pd.DataFrame) -> dict:
    return dict(zip(items["piece"], items["per_case_month_required"], strict=True))


@pytest.mark.parametrize(("options", "month"), [({}, 21.0744),
                                                ({"available_options": {"bank_holidays": 10}},
                                                 TEN)])
def test_a_working_day_standard_is_due_per_the_studys_case_month(options, month):
    m = _models(**options)
    got = _rates(should_by_events(m, _standards(), n_boot=9).items)
    assert got["visit"] == pytest.approx(month / 10, abs=1e-4)
    assert got["review"] == pytest.approx(21.7411 / 30, abs=1e-4)  # calendar: unchanged
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = build_guide(m, min_workers=1)
    guide_only = _rates(events_from_guide(g, _standards()).items)
    assert guide_only["visit"] == pytest.approx(month / 10, abs=1e-4)
    assert guide_only["review"] == pytest.approx(21.7411 / 30, abs=1e-4)


@pytest.mark.parametrize("month", [21.0744, TEN])
def test_a_delphi_frequency_is_its_rate_in_any_case_month(month):
    final = pd.DataFrame({"measure": ["pieces_per_case_month"], "consensus": [True],
                          "value": [3.0], "item": ["task:statutory_visit@CP"]})
    std = panel_standards(SimpleNamespace(final=final), month)
    assert std.in_case_month(month).rate("CP", "statutory_visit") == pytest.approx(3.0,
                                                                                  rel=1e-6)
