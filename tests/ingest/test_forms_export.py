"""A Microsoft Forms export's own times are not taken for the work's.

The audit (/tmp/audit3, f1_msforms.xlsx with a mapping naming the date and the minutes):
the form's ``Start time`` (when the response was opened) was taken as the work's start
time without being mapped, and all 16 rows were rejected "Start time ... is not a time".
Now the form's ``Start time`` and ``Completion time`` are kept as extra columns, never read
as the work's times unless the mapping names them, and a refusal says what they are.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.errors import SchemaError

FORM = pd.DataFrame({
    "ID": [1, 2], "Start time": ["3/9/26 9:02:11", "3/9/26 16:40:05"],
    "Completion time": ["3/9/26 9:03:40", "3/9/26 16:41:00"], "Email": ["a@x.org"] * 2,
    "Name": ["A"] * 2, "Date of the work": ["09/03/2026"] * 2,
    "Started": ["09:00", "13:00"], "Finished": ["10:30", "14:00"], "What": ["visit", "notes"]})


def test_the_forms_times_are_not_the_works():
    mapping = {"columns": {"worker_id": "Email", "date": "Date of the work",
                           "start_time": "Started", "end_time": "Finished", "activity": "What"},
               "dayfirst": True}
    r = read_diary(FORM, mapping=mapping, warn=False)
    assert r.rejects.empty
    assert r.episodes["counted_min"].tolist() == [90.0, 60.0]
    assert r.episodes["Start time (form)"].tolist() == ["3/9/26 9:02:11", "3/9/26 16:40:05"]


def test_a_forms_export_without_the_works_times_is_refused_saying_so():
    mapping = {"columns": {"worker_id": "Email", "date": "Date of the work", "activity": "What"}}
    with pytest.raises(SchemaError, match="looks like a Microsoft Forms export: its 'Start "
                       "time' and 'Completion time' are when the form was opened and sent"):
        read_diary(FORM.drop(columns=["Started", "Finished"]), mapping=mapping, warn=False)


def test_a_mapping_may_still_name_the_forms_start_time():
    mapping = {"columns": {"worker_id": "Email", "start": "Start time", "activity": "What"},
               "dayfirst": False}
    frame = FORM.assign(**{"Start time": ["2026-03-09 09:00", "2026-03-09 13:00"],
                           "duration_min": [90, 60]})
    r = read_diary(frame, mapping=mapping, warn=False)
    assert r.episodes["counted_min"].tolist() == [90.0, 60.0]
