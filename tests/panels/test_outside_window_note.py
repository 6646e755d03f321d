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

from timestudy.panels.left_out import outside_window_note


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


def test_case_month_says_it_on_the_console():
    """The warning is raised where the hours are worked out. By hand: W2 holds A from
    joining on Wednesday 4 March; W1's 3 h on Monday and 1.5 h on Tuesday fall before it,
    outside W2's window: 4.5 h left out, W2's 1 h on Thursday counted."""
    import warnings

    from timestudy.errors import DataQualityWarning
    from timestudy.panels import case_month

    period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-06"))
    days = pd.concat([pd.DataFrame({"worker_id": w, "diary_date": pd.bdate_range(*period),
                                    "contracted": True, "status": "complete", "used": True,
                                    "short": False}) for w in ("W1", "W2")])
    days = days[~((days["worker_id"] == "W2") & (days["diary_date"] < "2026-03-04"))]
    e = pd.DataFrame({"worker_id": ["W1", "W1", "W2"], "case_id": "A", "task_type": "t",
                      "category": "direct", "duration_min": [180.0, 90.0, 60.0],
                      "start": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-05"])
                      + pd.Timedelta(hours=10)})
    cases = pd.DataFrame({"case_id": ["A"], "case_type": "CIN",
                          "worker_id": pd.array(["W2"], dtype="string"),
                          "opened": pd.to_datetime(["2026-01-05"]), "closed": pd.NaT})
    workers = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0,
                            "joined": pd.to_datetime([None, "2026-03-04"])})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cm = case_month(e, cases, period=period, days=days, workers=workers)
    assert cm["hours"].tolist() == [1.0] and cm["hours_outside_window"].tolist() == [4.5]
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    assert any(s.startswith("4.5 h of work on 1 case by 1 worker (W1) fall outside")
               for s in said), said
