"""The checks that run on every clean diary read their columns as they are (issue 20).

Checks that find nothing on a usual diary made a copy of a whole column before
looking: the empty-lines check stripped every first cell into a new column of text
(``str.strip``), the flags were turned into another string dtype to be searched twice
(``astype``: the 12-hour check's placed rows, the duration unit's "every row read as
hours"), and the 12-hour check copied the starts and ends into nanoseconds. Each now
reads the column's own Arrow data or its own unit; what they find is the same, which these
tests hold by hand-worked examples and against the former way on every kind of value.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.arrays import ArrowStringArray

from timestudy import read_diary
from timestudy.ingest import files, hour_entries, twelve_hour, units


def _no_copy(monkeypatch, rows: int = 0):
    """Make the former copies fail: a strip of Arrow text, a cast of it to ``str``, of
    more than ``rows`` rows (a column; the few rows found blank are looked at whole)."""
    def refuse(*_a, **_k):
        raise AssertionError("a copy of the whole column was made")

    strip = ArrowStringArray._str_strip
    monkeypatch.setattr(ArrowStringArray, "_str_strip",
                        lambda self, *a, **k: refuse() if len(self) > rows
                        else strip(self, *a, **k))
    real = pd.Series.astype

    def astype(self, dtype, *a, **k):
        if (isinstance(self.dtype, pd.StringDtype) and dtype in ("str", "string", str)
                and len(self) > rows):
            refuse()
        return real(self, dtype, *a, **k)

    monkeypatch.setattr(pd.Series, "astype", astype)


def test_spaces_alone_read_by_arrow_as_the_strip_did():
    """Every character alone (each code point), and a few mixes, blank exactly where the
    former ``str.strip() == ""`` said so: ``\\u3000`` (ideographic space) and a tab are
    spaces, ``\\u200b`` (zero width space) is not, as ``str.strip`` has them."""
    cells = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    cells += ["", " \t ", "a ", " a", None]
    first = pd.Series(cells, dtype="string[pyarrow]")
    former = (first.isna() | (first.str.strip() == "")).fillna(True).to_numpy(bool)
    assert files._blank(first).tolist() == former.tolist()
    assert files._blank(pd.Series(["\u3000", "\t", "\u200b"], dtype="string")).tolist() == [
        True, True, False]


def test_empty_lines_found_without_stripping_the_column(tmp_path, monkeypatch):
    """By hand: lines 2 and 5 are entries (W1 09:00-10:00, 60 min; 10:00-10:30, 30 min);
    line 3 is an ideographic space and a tab between delimiters, line 4 delimiters only:
    both skipped as ``empty_lines`` (lines 3, 4), 2 episodes, 90 minutes. The first column
    is not stripped into a copy (the former way fails here)."""
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end\nW1,2026-03-09T09:00,2026-03-09T10:00\n"
                    "\u3000,\t,\n,,\nW1,2026-03-09T10:00,2026-03-09T10:30\n", encoding="utf-8")
    _no_copy(monkeypatch, rows=2)
    r = read_diary(path, warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].tolist() == [60, 30]
    said = [w for w in r.report.details["warnings"] if w["code"] == "empty_lines"]
    assert said[0]["message"].startswith("empty_lines: lines 3, 4 (2 lines)")


def test_flags_searched_in_place(monkeypatch):
    """By hand: rows 2 and 3 hold ``time_of_day_unknown`` (one among others), row 1 none,
    row 4 missing: placed rows [F, T, T, F]. "Every row read as hours" asks the first row
    first: ``x`` is not there, so the answer (False) is had on one row."""
    flags = pd.Series(["", "time_of_day_unknown", "gap_before;time_of_day_unknown", None],
                      dtype="string[pyarrow]")
    _no_copy(monkeypatch)
    assert hour_entries.placed_rows(pd.DataFrame({"flags": flags})).tolist() == [
        False, True, True, False]
    asked = []
    real = hour_entries.flag_rows
    monkeypatch.setattr(hour_entries, "flag_rows",
                        lambda f, c: asked.append(len(f)) or real(f, c))
    assert units.all_flagged(pd.Series(["", "x"] * 500, dtype="string"), "x") is False
    assert asked == [1]
    assert units.all_flagged(pd.Series(["x", "x;y"], dtype="string"), "x") is True


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_hours_in_the_columns_own_unit(unit):
    """The hour of each time as through a copy in nanoseconds: 13:30 -> 13, 00:59 -> 0,
    23:00 the day before 1970 -> 23 (a negative count: the floor, not the truncation),
    a missing time -> 0 (as NaT read in nanoseconds), in every unit."""
    t = pd.Series(pd.to_datetime(["2026-03-09 13:30", "2026-03-09 00:59", None,
                                  "1969-12-31 23:00"])).astype(f"M8[{unit}]")
    hour, nat = twelve_hour._hours_of(t)
    assert hour.tolist() == [13, 0, 0, 23] and nat.tolist() == [False, False, True, False]
    assert hour.tolist() == twelve_hour._hour(t.to_numpy("M8[ns]")).tolist()


def test_twelve_hour_worker_found_on_microseconds():
    """By hand (the module's example, times in microseconds as episodes hold them): W1
    9:00-11:30, 11:30-1:00, 1:00-2:30, 2:30-4:45 has no time after 12:59; W2 writes
    13:15: W1 is named, 2 of its 4 entries in the small hours."""
    t = lambda s: pd.to_datetime(s, format="%Y-%m-%d %H:%M").astype("M8[us]")  # noqa: E731
    e = pd.DataFrame({"worker_id": ["W1"] * 4 + ["W2"] * 2,
                      "source_row": [4, 5, 2, 3, 6, 7],
                      "start": t(["2026-03-09 01:00", "2026-03-09 02:30", "2026-03-09 09:00",
                                  "2026-03-09 11:30", "2026-03-09 09:00", "2026-03-09 12:30"]),
                      "end": t(["2026-03-09 02:30", "2026-03-09 04:45", "2026-03-09 11:30",
                                "2026-03-10 01:00", "2026-03-09 12:30", "2026-03-09 13:15"])})
    w = twelve_hour.by_worker(e)
    assert (w["workers"], w["episodes"]) == (["W1"], 2)
