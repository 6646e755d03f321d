"""A time in the hour the clocks skip is rejected ``nonexistent_time`` whatever else its row
fails for (audit20a nonexist_order.csv, ``--timezone Europe/London``): a row failing for two
reasons has two reject rows. The code before judged the skipped hour only on rows that had
passed every other rule, so an end written before its start hid it."""

from __future__ import annotations

from timestudy import read_diary

DIARY = ("worker_id,start,end,activity\n"
         "W1,2026-03-29T02:00,2026-03-29T01:30,visit\n"
         "W1,2026-03-29T01:45,2026-03-29T01:15,call\n")


def test_times_in_the_skipped_hour_are_rejected_as_such_beside_end_before_start(tmp_path):
    """By hand, in Europe/London on 29 March 2026 the clocks went from 01:00 to 02:00:
    line 2's end 01:30 did not happen (one ``nonexistent_time``, on ``end``, suggesting
    02:30) and on the clock as written it is before its start 02:00 (``end_before_start``);
    line 3's start 01:45 and end 01:15 did not happen (two ``nonexistent_time``, 02:45? and
    02:15?) and 01:15 is before 01:45. Reject rows: line 2 twice, line 3 three times."""
    path = tmp_path / "d.csv"
    path.write_text(DIARY)
    r = read_diary(path, warn=False, timezone="Europe/London")
    got = sorted(zip(r.rejects["source_row"], r.rejects["column"], r.rejects["code"],
                     strict=True))
    assert got == [(2, "end", "end_before_start"), (2, "end", "nonexistent_time"),
                   (3, "end", "end_before_start"), (3, "end", "nonexistent_time"),
                   (3, "start", "nonexistent_time")]
    reasons = r.rejects.loc[r.rejects["code"] == "nonexistent_time", "reason"].tolist()
    assert sorted(x.split("(")[-1][:6] for x in reasons) == ["02:15?", "02:30?", "02:45?"]
    assert r.report.n_rejected == 2 and r.report.n_accepted == 0
