"""A diary with two columns headed by dates is still a diary, never a Weekly report.

Before (integ38): the Weekly check ran before the layout was detected, so any file with
two date-like headers and a worker, user, project or client column was read as a Weekly
report even when it was a readable diary (found by review38r). After: the Weekly path is
taken only when the file has no start, end, date, clock time or duration column a diary
layout reads (:mod:`timestudy.ingest.layouts`); the date-headed columns are its extras.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.schema import EXAMPLES

CONTACTS = Path(__file__).parent / "conformance" / "dated" / "contacts_export.csv"


def _with_date_columns(source: Path, out: Path, first: str = "") -> Path:
    """``source`` with two empty columns headed ``01/03/2026`` and ``02/03/2026`` (the
    first row's first such cell ``first``)."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    frame["01/03/2026"] = [first] + [""] * (len(frame) - 1)
    frame["02/03/2026"] = ""
    frame.to_csv(out, index=False)
    return out


@pytest.mark.parametrize("first", ["", "1"])
def test_a_dated_diary_with_date_headed_columns_is_read_as_the_diary(tmp_path, first):
    """By hand (conformance/dated/contacts_export.csv): W1 90 + 30 + 75 (1:15) + 120
    (2:00) + 60 = 375, W2 15 + 15 = 30: 405 accepted in 7 rows; W2's 900 + 600 on 3 March
    (over 24 h) and W1's blank duration rejected: 10 rows read, as at 7bc88346. Before
    (integ38): with the two columns blank, "0 rows read", 0 minutes, exit 0; with a
    stray ``1`` in the first, 1 row of 60 min, the 405 real minutes dropped."""
    result = read_diary(_with_date_columns(CONTACTS, tmp_path / "d.csv", first), warn=False)
    assert result.report.layout == "dated"
    assert (result.report.n_read, result.report.n_accepted, result.report.n_rejected) == (10, 7, 3)
    assert result.episodes["duration_min"].sum() == 405


@pytest.mark.parametrize("example, layout", [("episodes_split.csv", "split"),
                                             ("episodes.csv", "canonical")])
def test_a_timed_diary_with_date_headed_columns_keeps_its_layout(tmp_path, example, layout):
    """The published examples with two empty date-headed columns read as without them
    (same rows and minutes). Before (integ38): refused, exit 2, "the layout dated is for
    a diary with no time of day" (a layout nobody gave); the simulator diary so (46,055
    min at 7bc88346, refused on integ38)."""
    plain = read_diary(EXAMPLES / example, warn=False)
    result = read_diary(_with_date_columns(EXAMPLES / example, tmp_path / example), warn=False)
    assert result.report.layout == plain.report.layout == layout
    assert result.report.n_accepted == plain.report.n_accepted
    assert result.episodes["duration_min"].sum() == plain.episodes["duration_min"].sum()
