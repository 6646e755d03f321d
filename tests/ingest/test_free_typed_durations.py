"""Durations typed into a form (the audit's f1_msforms.xlsx read with fm2.yaml: ``Time
spent (minutes)``): hours and minutes in words are read (``1h30``, ``1hr 30``), what is
not a duration stays unread. The form itself: test_short_minutes.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.schema.parse import durations


@pytest.mark.parametrize("text", ["1h30", "1hr 30", "1 hr 30 min", "1h30m", "1h 30m",
                                  "1 hour and 30 minutes", "1.5 hrs", "90 mins", "1:30"])
def test_an_hour_and_a_half_in_words(text):
    """Each is 60 + 30 = 90 minutes (``1h 30m`` is documented in data_schema/README.md;
    ``1h30`` and ``1hr 30`` were rejected bad_duration)."""
    assert durations(pd.Series([text])).tolist() == [90.0]


@pytest.mark.parametrize("text", ["half an hour", "30-45", "1h 75", "1 30", "h30", "1h and"])
def test_what_is_not_a_duration_stays_unread(text):
    assert np.isnan(durations(pd.Series([text]))[0])


@settings(max_examples=60)
@given(st.integers(0, 23), st.integers(0, 59),
       st.sampled_from(["h", "hr", "hrs", " hour", " hours"]), st.sampled_from(["", " "]),
       st.sampled_from(["", "m", " min", " mins", " minutes"]))
def test_hours_then_minutes_are_sixty_h_plus_m(h, m, hours_word, gap, minutes_word):
    assert durations(pd.Series([f"{h}{hours_word}{gap}{m}{minutes_word}"]))[0] == 60 * h + m
