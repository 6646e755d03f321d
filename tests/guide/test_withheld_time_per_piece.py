"""Audit25f: a time per piece withheld for its pieces of their own is withheld everywhere.

The study of ``test_own_pieces`` with only W1..W3 writing notes of their own: each, on
Wednesday 11 March 2026, case notes on D 17:10-17:30 that no piece claims (every other note
is a visit's). Case notes' pieces of their own: 3, of 20 minutes each, by 3 workers (fewer
than min_workers = 5), so the guide withholds their direct minutes, days and full hours
(``tasks.direct_minutes``, ``tasks.full_hours``), while the row's hours per FTE-week rest on
all six workers who wrote notes (5 x 45 + 20 min for W1..W3, 5 x 45 for W4..W6).

Before: guide.json's ``sensitivity`` gave the withheld time back on every row of case notes
(``direct_min`` 20.0 from ``n_pieces`` 3; the audit's study: 54.5 = (47 + 64 + 53 + 54) / 4
from 2 workers); the tasks row published its 3 pieces; every reason said the count ("fewer
than 5 workers with pieces of their own (3)"); and the report's row read "–" (a figure not
estimated) with 3 pieces and 6 workers, the note and the workbook's "why not shown" silent.
"""

from __future__ import annotations

import re

import pytest
from test_own_pieces import _run

from timestudy.report.excel import _tasks_frame
from timestudy.report.rows import not_shown_note, task_rows


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Only W1..W3 have notes (and travel) of their own."""
    return _run(tmp_path_factory, range(1, 4))


def test_the_sensitivity_table_withholds_what_the_tasks_table_does(three):
    """Every sensitivity row of case notes: no time, no days, no pieces (were 20.0 min, 1.0,
    3 pieces on each row); the visits' rows keep theirs (30 pieces of 60 min)."""
    g = three.guide
    assert g._unsuppressed_counts("tasks").loc["case_notes", "n_workers_primary"] == 3
    rows = [r for r in g.to_dict()["sensitivity"] if r["task_type"] == "case_notes"]
    assert rows
    for r in rows:
        assert {k: r[k] for k in ("n_pieces", "sittings_per_piece", "direct_min",
                                  "full_hours", "direct_change", "full_change")} == dict.fromkeys(
            ("n_pieces", "sittings_per_piece", "direct_min", "full_hours", "direct_change",
             "full_change"))
    visits = [r for r in g.to_dict()["sensitivity"] if r["task_type"] == "statutory_visit"
              and r["parameter"] == "link_within_days" and r["value"] == 1.0]
    assert visits and visits[0]["direct_min"] == pytest.approx(60.0)
    assert visits[0]["n_pieces"] == 30


def test_the_tasks_row_publishes_no_count_of_the_three(three):
    """guide.json's case notes: direct minutes and full hours null, its pieces null (3, of
    the 3 workers), its workers 6 (all who wrote notes) and those of the pieces in words."""
    item = next(x for x in three.guide.to_dict()["tasks"] if x["task_type"] == "case_notes")
    assert item["direct_minutes"] is None and item["full_hours"] is None
    assert item["n_pieces"] is None and item["n_censored"] is None
    assert item["n_workers"] == 6 and item["n_workers_primary"] is None


def test_no_published_reason_says_how_many_workers(three):
    """Every reason in words only: "fewer than 5 workers with pieces of their own" (was
    "... (3)")."""
    d = three.guide.to_dict()
    reasons = {(s["table"], s["key"]): s["reason"] for s in d["suppressed"]}
    assert reasons[("tasks.direct_minutes", "case_notes")] == (
        "fewer than 5 workers with pieces of their own")
    assert not [r for r in reasons.values() if re.search(r"\(\d+\)", r)]
    assert not [t for t in d["tasks"] if t["suppressed"] and re.search(r"\d\)", t["suppressed"])]


def test_the_report_row_reads_not_shown_with_its_reason(three):
    """The report's row: "not shown" for its days, direct minutes, full hours and should
    (was "–"), pieces "not shown" (was 3), workers "not shown" (was 6: 3 of 6 in words
    would give the other 3); the note names it; the workbook says why."""
    g = three.guide
    row = next(r for r in task_rows(g) if r["task"] == "Case notes")
    for col in ("sittings per piece", "direct minutes", "full hours", "should",
                "pieces of work", "workers"):
        assert row[col] == "not shown", col
    note = not_shown_note(g, "tasks", g.tasks.index)
    assert "case_notes: the time per piece (fewer than 5 workers gave this figure)" in note
    sheet = _tasks_frame(g).set_index("task").loc["Case notes"]
    assert sheet["pieces of work"] == "not shown" and sheet["workers"] == "not shown"
    assert sheet["why not shown"] == "the time per piece (fewer than 5 workers gave this figure)"
    visit = next(r for r in task_rows(g) if r["task"] == "Statutory visit")
    assert visit["pieces of work"] == "30" and visit["workers"] == "6"
