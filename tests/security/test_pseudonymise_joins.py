"""Pseudonymised copies join as the originals do (audit25j, PS_C_case_space, PS_K2_wid_case).

A token hashes an id's spelling, while the guide joins a diary's ids to the workers and
cases tables with case and white space folded (:mod:`timestudy.ingest.worker_ids`,
:mod:`timestudy.ingest.case_ids`). Before the fix, ``pseudonymise`` gave the diary's
``lcs-0003001`` and the cases table's ``LCS-0003001`` two tokens: on the audit's study the
guide said CIN 21.07 h per case-month on the originals and 17.56 (= 21.07 x 5/6) on the
copies; and the diary's ``W02`` against the workers table's ``w02 ``: 90 rows rejected and
W02 dropped, with no word from ``pseudonymise``.

The files here are the audit-7 week (tests/data/worker_ids, worked by hand in
tests/test_pipeline_case_ids.py): 5 workers W1-W5 keeping 9-13 March 2026, 7 h a day on
their own CP case; s7_guide.csv writes W1's Friday ``w1 `` (folded to W1), W2's Friday
``W02`` (not in the table: rejected, "did you mean 'W2'?") and W3's Thursday case ``c3``
(folded to C3). By hand the guide on the originals gives

    CP = (3 x 35 + 28 [W2, Friday rejected] + 35 [W3]) / (4.8 x 5/21.0744) = 168 / 1.138827
       = 147.5208 h per case-month; 75 rows read, 72 accepted, 3 rejected,

and the guide on the copies must give the same. Before the fix the copies lost W1's Friday
too (``w1`` a worker of its own token: 3 more rows rejected) and C3's Thursday (``c3``: 7 h
in no case-month): CP = (35 + 28 + 28 + 28 + 35) / (4.6 x 5/21.0744) = 154 / 1.091376 =
141.11 h, 6 rows rejected.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.cli import main
from timestudy.errors import DataQualityWarning
from timestudy.ingest.table_spellings import spelt_as_tables
from timestudy.privacy import pseudonymise

DATA = Path(__file__).parents[1] / "data" / "worker_ids"
KEY = "a-test-key-of-32-characters-long"
FILES = ("s7_guide.csv", "cases5.csv", "workers5.csv")


def _guide(folder: Path, diary: str = FILES[0]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(folder / diary, folder / FILES[1], folder / FILES[2],
                         min_workers=1, sensitivity=False, n_boot=19)


def test_the_guide_on_the_copies_gives_the_originals_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["pseudonymise", *(str(DATA / f) for f in FILES),
                     "--out", str(tmp_path / "out")]) == 0
    said = [str(w.message) for w in caught if w.category is DataQualityWarning]
    raw, copy = _guide(DATA), _guide(tmp_path / "out")
    counts = [(r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates)
              for r in (raw.ingest.report, copy.ingest.report)]
    assert counts == [(75, 72, 3, 0)] * 2  # before: the copies 75, 69, 6, 0
    cp = [g.guide.case_types.loc["CP", "hours_per_case_month"] for g in (raw, copy)]
    assert cp == pytest.approx([147.5208] * 2, abs=1e-4)  # before: 147.52 and 141.11
    gap = [g.guide.meta["headline"]["gap_fte"]["estimate"] for g in (raw, copy)]
    assert gap[0] == pytest.approx(gap[1], abs=1e-9)
    assert raw.guide.case_types.loc["CP", "case_months"] == pytest.approx(
        copy.guide.case_types.loc["CP", "case_months"], abs=1e-9)
    # said before the ids become tokens: the foldings, and the id no table lists
    assert ("s7_guide.csv: 1 worker id spelt as workers5.csv spells it before the tokens "
            "(case and spaces folded, the rule the guide joins on), so the copies join as the "
            "originals do: 'w1' as 'W1' (3 rows)") in said
    assert any("s7_guide.csv: 1 case id spelt as cases5.csv spells it" in m
               and "'c3' as 'C3' (2 rows)" in m for m in said)
    assert ("s7_guide.csv: 1 worker id not in workers5.csv: 'W02' (3 rows; did you mean 'W2'? "
            "its digits differ only by leading zeros); as a token it joins nothing, as in the "
            "guide, which then cannot name it: correct it in s7_guide.csv (or add it to "
            "workers5.csv) before pseudonymising") in said
    text = "".join(p.read_text() for p in (tmp_path / "out").iterdir())
    assert "c3" not in text and "W02" not in text and "w1" not in text


def test_a_week_exported_twice_is_counted_once_in_the_copies_too(tmp_path, monkeypatch):
    """s7_twoteams.csv: the base week with W1's week exported again as ``w1 `` (15 rows).
    The guide folds ``w1`` to W1 and counts the 15 copies once: 90 rows read, 75 accepted,
    15 exact duplicates, CP = 5 x 35 / (5 x 5/21.0744) = 147.5208 h. On the copies ``w1``
    has W1's token, so the reader finds the same 15 duplicates (before: a token of its own,
    15 rows rejected as an unknown worker)."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    files = [DATA / "s7_twoteams.csv", DATA / FILES[1], DATA / FILES[2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["pseudonymise", *map(str, files), "--out", str(tmp_path / "out")]) == 0
    got = [_guide(folder, "s7_twoteams.csv") for folder in (DATA, tmp_path / "out")]
    counts = [(r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates)
              for r in (g.ingest.report for g in got)]
    assert counts == [(90, 75, 0, 15)] * 2
    assert [g.guide.case_types.loc["CP", "hours_per_case_month"] for g in got] == \
        pytest.approx([147.5208] * 2, abs=1e-4)


def test_an_id_that_folds_to_two_table_ids_is_not_guessed():
    """The cases table lists ``C1`` and ``c1`` (two cases to the guide): the diary's ``c 1``
    folds to both, so the guide leaves it unknown; it keeps a token of its own, and ``C1``
    and ``c1`` keep theirs. The diary's ``C1`` is the table's ``C1`` as spelt."""
    diary = pd.DataFrame({"worker_id": ["W1"] * 3, "case_id": ["c 1", "C1", "c1"]})
    cases = pd.DataFrame({"case_id": ["C1", "c1"], "case_type": ["CP", "CIN"]})
    frames = {"diary": diary, "cases": cases}
    out, said = spelt_as_tables(frames, None, {"case_id": ["cases"]})
    assert out["diary"]["case_id"].tolist() == ["c 1", "C1", "c1"]
    assert said == {"folded": [], "unknown": [
        {"kind": "case_id", "name": "diary", "id": "c 1", "rows": 1, "near": None}]}
    got = pseudonymise(out, key=KEY)
    assert got["diary"]["case_id"].nunique() == 3
    assert set(got["diary"]["case_id"][1:]) == set(got["cases"]["case_id"])


def test_the_holders_of_a_cases_table_take_the_workers_tables_spelling():
    """``fold_holders``' rule: the cases table's holder ``w1 `` is the workers table's
    ``W1``, so both copies carry one token."""
    cases = pd.DataFrame({"case_id": ["C1"], "case_type": ["CP"], "worker_id": ["w1 "]})
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    spelt = spelt_as_tables({"cases": cases, "workers": workers}, None,
                            {"worker_id": ["workers"]})[0]
    got = pseudonymise(spelt, key=KEY)
    assert got["cases"]["worker_id"].iloc[0] == got["workers"]["worker_id"].iloc[0]
