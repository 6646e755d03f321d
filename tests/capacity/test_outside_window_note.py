"""Work left out for falling outside its holder's window is said on the console (audit26).

A cases export listing only each case's current holder (/tmp/audit26/cases_current.csv:
C301-C303 passed from S01, who left on 7 May, to S02, who joined on 6 May, listed under
S02 alone) left S01's 42 h on them before 6 May out of every figure (CIN 33.0 -> 32.1 h
per case-month), said only by a row of the report's diary-completeness section.
:func:`outside_window_note` is the warning: the hours, the workers and the fix.

By hand: C1 listed under W2 alone; W1's 3 h and 1.5 h on C1 fall outside W2's window, W2's
own hour inside it; C2's 2 h by W3 outside its holder's window too: 3 + 1.5 + 2 = 6.5 h on
2 cases by 2 workers (W1, W3).
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity.holders import outside_window_note


def test_the_hours_the_workers_and_the_fix():
    h = pd.DataFrame({"case_id": ["C1", "C1", "C1", "C2"],
                      "worker_id": ["W1", "W1", "W2", "W3"],
                      "minutes": [180.0, 90.0, 60.0, 120.0],
                      "outside_window": [True, True, False, True]})
    said = outside_window_note(h)
    assert said.startswith("6.5 h of work on 2 cases by 2 workers (W1, W3) fall outside")
    assert "left out of the hours per case-month" in said
    assert "a row each with the dates they held it" in said


def test_nothing_outside_nothing_said():
    h = pd.DataFrame({"case_id": ["C1"], "worker_id": ["W1"], "minutes": [60.0],
                      "outside_window": [False]})
    assert outside_window_note(h) is None
