"""Start plus duration on the nights the clocks change (audit20a durtz_unchecked.csv,
spring_dur_flag.csv): an end made from a duration is the start plus the true minutes in a
zone, so without one such an episode is flagged ``clock_change_unchecked`` where
Europe/London would put its end elsewhere, and with one flagged ``clock_change`` where the
clock times shown differ from its minutes."""

from __future__ import annotations

from timestudy import read_diary

HEAD = "worker_id,start,duration_min,activity\n"
AUTUMN = HEAD + "W1,2026-10-25T01:30,60,visit\nW1,2026-10-25T02:00,30,call\n"
SPRING = HEAD + "W1,2026-03-29T00:30,60,a\nW3,2026-03-29T00:15,30,c\n"


def _read(tmp_path, text, timezone=None):
    path = tmp_path / "d.csv"
    path.write_text(text)
    return read_diary(path, warn=False, timezone=timezone)


def test_an_end_from_a_duration_london_would_move_is_flagged_unchecked(tmp_path):
    """By hand, without a zone: 01:30 + 60 ends 02:30 on the clock as written, so the call
    02:00-02:30 lies under it: counted 30 + 30. In Europe/London 01:30 BST + 60 min is 01:30
    GMT, before the call: 60 + 30. The visit is read otherwise there: flagged
    ``clock_change_unchecked`` and warned once; the call (02:00 GMT + 30 = 02:30 either way)
    is not. The code before left out every row whose end came from a duration: no flag, no
    warning."""
    r = _read(tmp_path, AUTUMN)
    e = r.episodes
    assert e["counted_min"].tolist() == [30.0, 30.0]  # the minutes stay as written
    assert e["flags"].str.contains("clock_change_unchecked").tolist() == [True, False]
    assert r.report.warnings_by_code.get("clock_change_unchecked") == 1
    zoned = _read(tmp_path, AUTUMN, "Europe/London").episodes
    assert zoned["counted_min"].tolist() == [60.0, 30.0]


def test_an_end_from_a_duration_is_unchecked_only_where_london_reads_it_otherwise(tmp_path):
    """By hand, without a zone, spring night: W1 00:30 + 120 alone ends 02:30 as written,
    03:30 BST in London, over no other entry of W1: 120 counted either way, not flagged (as
    before). W2 00:30 + 120 with a call 02:45-03:00: in London the call lies under it
    (00:30 GMT + 120 = 03:30 BST): flagged. W3 01:15 + 30 starts in the hour London skips
    (rejected ``nonexistent_time`` there): flagged."""
    r = _read(tmp_path, "worker_id,start,end,duration_min,activity\n"
              "W1,2026-03-29T00:30,,120,a\n"
              "W2,2026-03-29T00:30,,120,a\nW2,2026-03-29T02:45,2026-03-29T03:00,,call\n"
              "W3,2026-03-29T01:15,,30,a\n")
    e = r.episodes.set_index("source_row")
    assert e["flags"].str.contains("clock_change_unchecked").to_dict() == {
        2: False, 3: True, 4: False, 5: True}
    assert r.report.warnings_by_code.get("clock_change_unchecked") == 2


def test_a_duration_across_the_spring_change_is_flagged_clock_change(tmp_path):
    """By hand, in Europe/London: 00:30 GMT + 60 min is 01:30 GMT = 02:30 BST, so the
    episode shows 00:30-02:30 (120 on the clock) for 60 minutes: it spans the change,
    flagged ``clock_change``, as the same episode written with its end 02:30 is. 00:15 + 30
    ends 00:45 before the change: not flagged. The code before judged the change on the
    end 01:30 as written on the clock (60 = 60) and never flagged it."""
    e = _read(tmp_path, SPRING, "Europe/London").episodes
    assert e["end"].astype(str).tolist() == ["2026-03-29 02:30:00", "2026-03-29 00:45:00"]
    assert e["duration_min"].tolist() == [60.0, 30.0]
    assert e["flags"].str.contains("clock_change").tolist() == [True, False]
    written = _read(tmp_path, "worker_id,start,end,activity\n"
                    "W1,2026-03-29T00:30,2026-03-29T02:30,a\n", "Europe/London").episodes
    assert written["flags"].tolist() == ["clock_change"]
