"""A worker taken to work Monday to Friday who never records a Friday is named, with the fix.

The audit (/tmp/audit4, study A with its workers table's ``workdays`` column removed): W04,
1.0 FTE on compressed hours (Monday to Thursday, 9.25 h days), was taken to work Monday to
Friday; each Friday counted as a missing day, their hours per FTE-week became 74 h / 1.6 =
46.25 and the study's rose from 37.4 to 38.4, without a word.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness


def _diary():
    days = pd.date_range("2026-03-09", "2026-03-20")
    rows = []
    for d in days:
        if d.weekday() < 5:
            rows.append(("W1", d + pd.Timedelta("9h"), 450))
        if d.weekday() < 4:
            rows.append(("W4", d + pd.Timedelta("8h"), 555))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                    counted_min=e["minutes"].astype(float), category="direct_work",
                    task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())


WORKERS = pd.DataFrame({"worker_id": ["W1", "W4"], "fte": [1.0, 1.0]})


def test_a_weekday_never_recorded_is_named():
    with pytest.warns(DataQualityWarning, match=r"1 worker never made an entry on a weekday "
                      r"taken as contracted .*: W4 \(Friday\)$"):
        days = diary_completeness(_diary(), WORKERS)
    # the rule is unchanged: W4's Fridays are missing days, as the warning says
    w4 = days[days["worker_id"] == "W4"]
    assert (w4.loc[w4["diary_date"].dt.day_of_week == 4, "status"] == "missing").all()


def test_no_warning_when_workdays_are_given():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        days = diary_completeness(_diary(), WORKERS.assign(workdays=["Mon-Fri", "Mon-Thu"]))
    assert not (days["status"] == "missing").any()
