"""The report's capacity section counts the cases of holders missing from the workers table.

Before, their cases were published in a staffing row ``(none)``, with no word of what it
was, and the holders were left out of "Workers by status" without a word. Now the row
says whose cases they are, a sentence counts the cases and holders (it does not name
them: the report is published; the staffing note and ``timestudy guide`` do), and the
status table says how many workers holding cases have no status.
"""

from __future__ import annotations

import re
import warnings

from timestudy.capacity import DEFAULT_BANDS
from timestudy.errors import TimestudyWarning
from timestudy.report.capacity_section import capacity_section
from timestudy.report.model import Table, Text
from timestudy.report.tables import open_caseload


def test_cases_of_an_unlisted_holder_are_counted_in_the_report(six_run):
    s, run = six_run
    held = open_caseload(s.cases, run.models.period[1]).astype({"worker_id": "string"})
    moved = held.index[held["case_type"].astype(str) == "CIN"][:2]
    held.loc[moved, "worker_id"] = "W999"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        sec = capacity_section(run.guide, None, held, s.workers, DEFAULT_BANDS)
    tables = {b.caption: b for b in sec.blocks if isinstance(b, Table)}
    teams = tables["Staff needed by team"].frame.set_index("team")
    assert "(none)" not in teams.index
    assert teams.loc["cases of workers not in the workers table", "cases"] == "2"
    texts = [b.text for b in sec.blocks if isinstance(b, Text)]
    assert any(
        t.startswith(
            "2 cases are held by fewer than 5 workers not in the workers table: their "
            "hours count in the staff needed"
        )
        for t in texts
    )
    # 1 worker: fewer than 5, so in words (the count rule; audit20b)
    assert re.search(
        r"Not in this table: fewer than 5 of the \d+ workers holding cases with no hours "
        "available", tables["Workers by status"].note + tables["Workers by status"].caption)
    assert not any("W999" in t for t in texts)


def test_the_report_and_the_headline_count_unlisted_holders_alike():
    # holder Q: one CP case and one PROCEEDINGS case; holder R: one PROCEEDINGS case; the
    # hand-made guide publishes no PROCEEDINGS hours, so only Q's CP case is costed
    import sys
    from pathlib import Path

    import pandas as pd

    sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
    from test_one_status_rule import CASELOAD, WORKERS, _guide

    from timestudy.capacity import headline
    from timestudy.report.tables import capacity_tables

    g = _guide()
    extra = pd.DataFrame({"case_id": ["X1", "X2", "X3"], "worker_id": ["Q", "Q", "R"],
                          "case_type": ["CP", "PROCEEDINGS", "PROCEEDINGS"]})
    c = pd.concat([CASELOAD, extra], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        h = headline(g, c, WORKERS)
        t = capacity_tables(g, c, WORKERS, min_workers=1)["unlisted"]
    assert (h["unlisted_cases"], h["unlisted_workers"]) == (3, None)  # 2 holders: in words
    assert h["unlisted_workers_words"] == "fewer than 5"  # no total: n_workers is shown
    assert t.to_dict("records") == [{"n_cases": 3, "n_workers": 2, "n_costed": 1}]
