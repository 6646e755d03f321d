"""``gap_before`` is judged from the worker's previous episode that diary day, whatever the
order of rows starting together (audit20a, gap_tie_a.csv / gap_tie_b.csv)."""

from __future__ import annotations

import pytest

from timestudy import read_diary

HEAD = "worker_id,start,end,activity,case_id\n"
DAY1 = "W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1\n"
LONG = "W1,2026-03-10T09:00,2026-03-10T09:30,call,C1\n"
POINT = "W1,2026-03-10T09:00,2026-03-10T09:00,note,C1\n"


@pytest.mark.parametrize("rows", [LONG + POINT, POINT + LONG], ids=["a", "b"])
def test_the_days_first_entries_tied_on_start_have_no_gap_before(tmp_path, rows):
    """By hand: on 10/03 both entries start at 09:00, the day's first start: no episode of
    W1 that diary day came before either (the 09/03 visit is another day), so no row is
    flagged ``gap_before``, in either order. The code before flagged the second tied row
    in file order (09:00 on 10/03 less 10:00 on 09/03 = 1,380 min > 60)."""
    path = tmp_path / "d.csv"
    path.write_text(HEAD + DAY1 + rows)
    r = read_diary(path, warn=False)
    assert not r.episodes["flags"].str.contains("gap_before").any()
    assert "gap_before" not in r.report.warnings_by_code


def test_a_later_entry_that_day_is_still_measured_from_the_tied_ones(tmp_path):
    """By hand: after the tied 09:00 entries (latest end 09:30), a call at 11:00 is 90 min
    later (> 60): flagged ``gap_before``, the only one."""
    path = tmp_path / "d.csv"
    path.write_text(HEAD + DAY1 + POINT + LONG + "W1,2026-03-10T11:00,2026-03-10T11:15,call,C2\n")
    e = read_diary(path, warn=False).episodes
    flagged = e.loc[e["flags"].str.contains("gap_before"), "start"].astype(str).tolist()
    assert flagged == ["2026-03-10 11:00:00"]
