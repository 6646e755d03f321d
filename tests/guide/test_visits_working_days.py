"""The visiting standard counts each bank holiday out once.

Case-months count working days, bank holidays out (panels/cases.py, fixexposure). The
visiting standard turned them back into weekdays (x 365.25/12 x 5/7) and then took the
holidays out again: on an Easter fortnight 12 of 489 simulated cases were counted as having
met their standard when they had not (482 against 470).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.guide.estimates import met_visiting_standard
from timestudy.panels.exposure import month_working_days


def test_an_easter_fortnight_is_eight_working_days_once():
    """By hand: a CP case open 30 March to 10 April 2026 has 10 weekdays less Good Friday
    and Easter Monday = 8 working days, 8 / 21.0744 case-months. A visit every 4 working
    days needs floor(8 / 4) = 2 visits: with 1 it has not met the standard (taking the
    holidays out twice gave 6 days, 1 visit needed, met)."""
    cm = pd.DataFrame({"case_id": ["P1"], "case_type": ["CP"],
                       "case_months": [8 / month_working_days()],
                       "opened": [pd.NaT], "closed": [pd.NaT]})
    pieces = pd.DataFrame({"case_id": ["P1"], "task_type": ["statutory_visit"]})
    models = SimpleNamespace(case_month=cm, pieces=pieces, options={},
                             period=(pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-10")))
    assert not met_visiting_standard(models, {"CP": 4}).iloc[0]
    two = pd.concat([pieces, pieces], ignore_index=True)
    assert met_visiting_standard(SimpleNamespace(**{**vars(models), "pieces": two}),
                                 {"CP": 4}).iloc[0]
