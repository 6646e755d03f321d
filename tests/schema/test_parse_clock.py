"""Clock times read in Arrow (the plain ``09:30``) against the regular expression's reading."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.schema import parse

spellings = st.lists(
    st.one_of(st.none(), st.text(alphabet="0129:. apmP\u0663\n", max_size=9),
              st.from_regex(r"\A[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\Z")),
    max_size=20,
)


@settings(max_examples=150, deadline=None)  # each example up to 20 spellings
@given(spellings, st.sampled_from(["str", "object"]))
def test_time_minutes_reads_every_spelling_as_the_regular_expression_does(values, dtype):
    series = pd.Series(values, dtype=dtype, index=np.arange(len(values)) * 3)
    np.testing.assert_array_equal(parse.time_minutes(series), parse._clock_text_minutes(series))


def test_time_minutes_plain_and_other_spellings_together():
    """9:30 = 570; 09:30:15 = 570 + 15/60 = 570.25; 24:00 = 1440 (the day's end); 24:00:01,
    12:60 and 25:00 are no time; 9.30pm = 21 * 60 + 30 = 1290 and " 9:30" (padded) go the
    regular expression's way; an Arabic-Indic digit is not read as a plain clock time."""
    values = pd.Series(["9:30", "09:30:15", "24:00", "24:00:01", "12:60", "25:00", "9.30pm",
                        " 9:30", None, "\u0660\u0669:30"], dtype="str")
    out = parse.time_minutes(values)
    np.testing.assert_array_equal(out[:8], [570, 570.25, 1440, np.nan, np.nan, np.nan, 1290, 570])
    assert np.isnan(out[8])
    np.testing.assert_array_equal(out, parse._clock_text_minutes(values))


def test_time_minutes_on_values_arrow_cannot_hold_as_text():
    """Numbers among the values (an object column): read the regular expression's way."""
    values = pd.Series(["9:30", 930, None], dtype=object)
    np.testing.assert_array_equal(parse.time_minutes(values), parse._clock_text_minutes(values))
