"""A task type with both estimates but no interval for the regression's is said so.

review27 F1: on the audit27 study the regression's professional liaison figure (3.73 h
beside 1.00 h by attribution) rests on one worker's rows, so its degrees of freedom and
interval are not given (stats/sandwich.py, this stop) and ``estimates_disagree`` is blank.
The report then read "no task type had both estimates, so none could be compared" above a
table showing both: untrue. It now names the task and why it could not be compared.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy.report.content import disagreement_sentence


def _guide(flag, reg_low):
    tasks = pd.DataFrame({"full_hours": [1.00, 2.0], "full_hours_regression": [3.73, np.nan],
                          "full_hours_regression_ci_low": [reg_low, np.nan],
                          "estimates_disagree": pd.array([flag, None], dtype=object)},
                         index=["professional_liaison", "chronology"])
    return SimpleNamespace(meta={}, tasks=tasks)


def test_both_estimates_without_an_interval_are_named():
    text = disagreement_sentence(_guide(None, np.nan))
    assert "no task type had both estimates" not in text
    assert text == ("In this study no task type's two estimates could be compared: "
                    "Professional liaison had both estimates but the regression's without an "
                    "interval (its figure rests on too few workers' rows to give one), so it "
                    "could not be compared.")


def test_with_an_interval_the_count_is_as_before():
    text = disagreement_sentence(_guide(True, 2.40))
    assert text == ("In this study the two estimates differ for 1 of the 1 task types with "
                    "both (Professional liaison).")
