"""Statements, the headline and the calculator agree on three edge cases.

On the audit's g6 (``six_run``: PROCEEDINGS suppressed, too few workers, and CLA with it):

* a worker holding a withheld case whose other cases alone already reach the
  over-capacity edge is counted over capacity by the headline; their statement said
  "no status" (the audit's W003 in wlB: 195.5 hours needed of 106 available, 184%).
  Now it says "at least red" (or amber), by the one rule of
  :func:`timestudy.capacity.status`;
* a caseload with no opened or closed columns: statements said "Cases counted are
  those open on ...: opened by then and not closed by then" though no date was
  checked; now they say the caseload has no dates, so every case in it is counted;
* a holder missing from the workers table (the audit's W999, 2 cases): the headline
  took them as 1.0 FTE, the calculator as no FTE. Now both count their cases in the
  hours needed and not in the cases held per FTE, and name them.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import pytest

from timestudy import workload_statements
from timestudy.capacity import headline, weighted_load
from timestudy.capacity.loads import OVER_CAPACITY
from timestudy.errors import TimestudyWarning
from timestudy.report.headline import staffing_sentence
from timestudy.report.prefill import prefill
from timestudy.report.tables import open_caseload


def _usable(guide, cases):
    hours = guide.hours_per_case_month(True)
    return cases.loc[cases["case_type"].astype(str).isin(hours.index[hours.notna()])]


def test_a_worker_the_headline_counts_over_capacity_is_not_status_none(six_run):
    s, run = six_run
    g = run.guide
    statements = workload_statements(g, s.cases, s.workers)
    held = open_caseload(s.cases, run.models.period[1])
    loads = weighted_load(g, _usable(g, held), s.workers).table
    over = set(loads.index[loads["status"].isin(OVER_CAPACITY)])
    floors = [st for st in statements if st.at_least]
    assert floors, "the study should have a worker with PROCEEDINGS and a heavy caseload"
    assert {st.worker_id for st in statements if st.status in OVER_CAPACITY} == over
    shown = replace(g, meta=g.meta | {"min_workers": 1})  # the count as a number, any size
    assert headline(shown, held, s.workers)["n_over_capacity"] == len(over)
    for st in floors:
        costed = st.cases["hours_per_month"].sum()
        assert st.hours_needed_per_month == pytest.approx(costed)
        assert st.load == pytest.approx(costed / st.hours_available_per_month)
        assert st.load == pytest.approx(loads.loc[st.worker_id, "load"])
        assert st.status_words.startswith(f"at least {st.status}")
        withheld = set(st.cases.loc[st.cases["hours_per_month"].isna(), "case_type"])
        assert withheld and all(t in st.no_status for t in withheld)  # CLA, PROCEEDINGS
        assert f"Status: at least {st.status}" in st.to_markdown()


def test_a_caseload_without_dates_is_not_said_to_be_checked(six_run):
    s, run = six_run
    cases = s.cases.drop(columns=["opened", "closed"])
    statements = workload_statements(run.guide, cases, s.workers)
    for st in statements:
        assert "opened by then" not in st.basis and "open on" not in st.to_markdown()
        assert st.basis.startswith("The caseload has no opened or closed dates, so every "
                                   "case in it is counted.")
        assert st.as_of == ""
    assert sum(len(st.cases) for st in statements) == cases["worker_id"].notna().sum()


def test_a_holder_missing_from_the_workers_table_is_counted_as_the_calculator_counts(six_run):
    s, run = six_run
    g = run.guide
    held = open_caseload(s.cases, run.models.period[1])
    usable = _usable(g, held).copy()
    usable["worker_id"] = usable["worker_id"].astype("string")
    moved = usable.index[usable["worker_id"].notna()][:2]
    usable.loc[moved, "worker_id"] = "W999"
    with pytest.warns(TimestudyWarning, match=r"W999.*Add them to the workers table"):
        h = headline(g, usable, s.workers)
    listed = usable["worker_id"].isin(s.workers["worker_id"])
    in_post = h["fte_in_post"]
    assert h["held_cases_per_fte"] == pytest.approx(listed.sum() / in_post, abs=1e-4)
    assert (h["unlisted_cases"], h["unlisted_workers"]) == (2, None)  # 1 holder: in words
    assert h["unlisted_workers_words"] == "fewer than 5"  # no total: n_workers is shown
    assert h["n_workers"] == usable.loc[listed, "worker_id"].nunique()
    hours = g.hours_per_case_month(True)
    need = usable["case_type"].astype(str).map(hours).sum() / g.available_hours_per_fte_month
    assert h["fte_needed"]["estimate"] == pytest.approx(need, abs=1e-4)  # W999's hours count
    assert "2 cases held by fewer than 5 workers not in the workers table" in staffing_sentence(h)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        rows = prefill(g, usable, s.workers, {}, per_worker=True)
        [st] = workload_statements(g, usable, s.workers, worker="W999")
    rest = rows[-1]
    assert rest["label"] == "Cases no listed worker holds" and rest["fte"] is None
    assert sum(rest["counts"].values()) == 2 + int(usable["worker_id"].isna().sum())
    assert st.status == "none" and "not in the workers table" in st.no_status
    assert "taken as 1.0" not in st.to_markdown()
