"""A fault drawn next to another does not stop the simulator (fix37t2).

``timestudy simulate --faults 0.1 --seed 5 --workers 40 --weeks 8`` stopped with an
internal error (DateParseError "2026-13-45T09:00", at 1d689f36 too): an ``overlap`` row
read its previous row's times from the diary being corrupted, and that row had been given
an unparseable start already. It reads them as generated now: the study is written
(20,592 rows, 2,030 faults), and ingest rejects each faulty row with its reason (an
overlap of a rejected row has nothing to overlap, as ``test_ingest_validate`` allows; nor
has one after a row given to ``W_UNKNOWN``, another worker's: row 14242 here).
"""

from __future__ import annotations

import pytest

from timestudy import read_diary, simulate_study


@pytest.fixture(scope="module")
def study():
    return simulate_study(n_workers=40, weeks=8, seed=5, faults=0.1)


def test_the_faulty_study_is_drawn(study):
    """Before: DateParseError."""
    assert len(study.diary) == 20592
    assert len(study.faults) == 2030
    bad = study.diary["start"].iloc[study.faults.loc[
        study.faults["fault"].eq("unparseable_time"), "row"]]
    assert bad.eq("2026-13-45T09:00").any()


def test_ingest_meets_the_simulators_expectations(study):
    got = read_diary(study.diary, cases=study.cases, workers=study.workers, warn=False)
    rejected = set(got.rejects["source_row"] - 1)
    assert got.rejects["reason"].str.contains("2026-13-45T09:00").any()
    faults = study.faults
    assert set(faults.loc[faults["expected"].eq("rejected"), "row"]) <= rejected
    assert got.report.n_rejected == int(faults["expected"].eq("rejected").sum())
    assert got.report.n_duplicates == int(faults["expected"].eq("duplicate").sum())
    flags = got.episodes.set_index(got.episodes["source_row"] - 1)["flags"]
    other = set(faults.loc[faults["fault"].eq("unknown_worker"), "row"])
    for row in faults.loc[faults["expected"].eq("warning")].itertuples():  # a few hundred
        if not (row.fault == "overlap" and (row.row - 1 in rejected | other)):
            assert row.fault in flags.loc[row.row].split(";"), row
