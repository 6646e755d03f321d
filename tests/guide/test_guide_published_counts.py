"""A TimeGuide is the published guide: its tables, display and Markdown withhold what
guide.json withholds, and its summary says why figures are hidden (audit28, findings 2, 3).

The audit's study (:mod:`_audit28`): W01 alone writes up an assessment (1 piece of 2 sittings
cut by the diary's start, so 1 censored: 1 worker, 1 piece, 1 censored, 1 worker with pieces
of full time), and W02 alone works out of hours. guide.json publishes those counts as null
and "fewer than 5 of 10"; on main ``TimeGuide.tasks`` showed 1, 1, 1, 1 and
``category_shares`` 1 for out of hours, and so did ``_repr_html_`` and ``to_markdown``, and
notebook 03's CSV of "published figures".
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from _audit28 import audit_guide

from timestudy import TimeGuide

COUNTS = ["n_workers", "n_pieces", "n_censored", "n_workers_primary"]


@pytest.fixture(scope="module")
def guide():
    return audit_guide()


def test_task_counts_are_withheld_as_in_guide_json(guide):
    """assessment_writeup: 1 worker, 1 piece, 1 censored, 1 worker with pieces of full time
    (on main all four in ``guide.tasks``); guide.json has null for each, and words for the
    workers. The table has NaN and the same words; the visits' 10 workers and 144 pieces
    stay."""
    row = guide.tasks.loc["assessment_writeup"]
    assert row[COUNTS].isna().all(), row[COUNTS].tolist()
    assert row["n_workers_words"] == row["n_workers_primary_words"] == "fewer than 5 of 10"
    item = next(t for t in json.loads(guide.to_json())["tasks"]
                if t["task_type"] == "assessment_writeup")
    assert [item[c] for c in COUNTS] == [None] * 4
    assert item["n_workers_words"] == row["n_workers_words"]
    assert guide.tasks.loc["statutory_visit", ["n_workers", "n_pieces"]].tolist() == [10, 144]


def test_share_counts_are_withheld_as_in_guide_json(guide):
    """Out of hours: W02 alone (1 worker, shown on main); null and "fewer than 5 of 10"."""
    row = guide.category_shares.loc["out_of_hours"]
    assert np.isnan(row["n_workers"]) and row["n_workers_words"] == "fewer than 5 of 10"
    assert guide.category_shares.loc["admin", "n_workers"] == 10


def test_every_published_count_is_guide_jsons(guide):
    """Each count of the three tables is guide.json's: a number where it has one, NaN where
    it has null (read back from guide.json the tables are the same)."""
    raw = json.loads(guide.to_json())
    back = TimeGuide.from_dict(raw)
    for name, key in (("tasks", "task_type"), ("case_types", "case_type"),
                      ("category_shares", "category")):
        table = getattr(guide, name)
        for item in raw[name]:
            for c in [c for c in COUNTS + ["n_cases"] if c in item]:
                shown = table.loc[item[key], c]
                assert (item[c] is None and pd.isna(shown)) or item[c] == shown, (name, c)
        cols = [c for c in table if c.startswith("n_") and c in getattr(back, name)]
        pd.testing.assert_frame_equal(table[cols], getattr(back, name)[cols],
                                      check_dtype=False)


def test_display_and_markdown_show_no_count_under_five(guide):
    """The Markdown's task table: assessment write-up's counts are blank ("–") and its
    workers "fewer than 5 of 10" (on main: 1, 1, 1, 1)."""
    md = guide.to_markdown()
    line = next(x for x in md.splitlines() if x.startswith("| assessment\\_writeup"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert "1" not in cells and "1.00" not in cells
    assert "fewer than 5 of 10" in cells
    html = guide._repr_html_()
    assert "fewer than 5 of 10" in html


def test_the_counts_measured_stay_behind_an_internal_accessor(guide):
    """The unsuppressed counts (1 worker, 1 piece) are kept in memory only, named so."""
    measured = guide._unsuppressed_counts("tasks")
    assert measured.loc["assessment_writeup", "n_workers"] == 1
    assert "_measured_counts" not in json.loads(guide.to_json())
