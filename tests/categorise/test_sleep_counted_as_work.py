"""A night written as one entry with a call in it is counted as work in full: said, by row.

Taxonomy 1.3.1 reads "EDT - asleep, phone call 02:10 re YP" as the call it names (duty), so
written 22:00-07:00 the whole 540 minutes are hours worked, though the call took minutes;
nothing said so (the last stops' closing notes: "a call inside a sleep entry"). The count is
kept (the taxonomy cannot tell the call's length; sleep would lose the call) and a
DataQualityWarning names the rows and hours and the fix, never the text.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy import categorise, load_taxonomy
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.sleep_checks import sleep_counted_as_work
from timestudy.errors import DataQualityWarning

UK = load_taxonomy("uk_children_social_work")

#: (text, start, end, warned): an EDT worker's and a day worker's entries.
ENTRIES = [
    ("EDT - asleep, phone call 02:10 re YP", "2026-03-02 22:00", "2026-03-03 07:00", True),
    ("sleeping in - on call", "2026-03-03 22:00", "2026-03-04 07:00", False),  # sleep
    ("sleep in - emergency placement arranged", "2026-03-04 23:00", "2026-03-05 05:00", True),
    ("Emergency bed search for YP", "2026-03-05 23:00", "2026-03-06 03:00", False),  # work
    ("sleep hygiene work with YP", "2026-03-06 10:00", "2026-03-06 13:00", False),  # daytime
    ("EDT - asleep, phone call 02:10 re YP", "2026-03-07 02:00", "2026-03-07 02:30", False),
    ("Bed 23:00-07:00, call from police 3am", "2026-03-07 23:00", "2026-03-08 07:00", True),
]


def _diary() -> pd.DataFrame:
    start = pd.to_datetime([e[1] for e in ENTRIES])
    end = pd.to_datetime([e[2] for e in ENTRIES])
    return pd.DataFrame(
        {
            "worker_id": "E1",
            "activity": [e[0] for e in ENTRIES],
            "start": start,
            "end": end,
            "duration_min": (end - start).total_seconds() / 60,
            "source_row": range(2, len(ENTRIES) + 2),
        }
    )


def test_nights_with_work_named_are_listed_by_row_and_minutes():
    out = categorise(_diary(), UK)
    found = sleep_counted_as_work(out, UK)
    # by hand: rows 2 (22:00-07:00, 540 min), 4 (23:00-05:00, 360), 8 (23:00-07:00, 480)
    assert found["row"].tolist() == ["2", "4", "8"]
    assert found["minutes"].tolist() == [540.0, 360.0, 480.0]
    assert found["task_type"].astype(str).tolist()[1] == "uncategorised"  # counted as worked


def test_the_guide_path_warns_once_with_rows_and_hours_and_no_text():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        categorise_and_report(_diary(), UK)
    said = [
        str(w.message)
        for w in caught
        if issubclass(w.category, DataQualityWarning) and "sleep but" in str(w.message)
    ]
    assert len(said) == 1
    assert said[0].startswith("3 entries of 3 hours or more name sleep but are counted as work")
    assert "(23.0 h; rows 2, 4, 8)" in said[0]  # 540 + 360 + 480 = 1,380 min
    assert "as its own entry" in said[0]
    assert "phone call" not in said[0] and "placement" not in said[0]  # no free text


def test_a_diary_of_day_work_and_plain_sleep_is_not_warned():
    diary = _diary().iloc[[1, 3, 4, 5]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        categorise(diary, UK)
    assert not [w for w in caught if "sleep" in str(w.message)]
