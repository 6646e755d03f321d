"""One cases table, its holders read the same by ``timestudy guide`` and by the Python API
(fix38h).

The command line reads a holder cell naming several workers of the workers table at any
of its separators (``W3/W4``, ``W5, W6``, ``W7 & W8``, ``W9 and W10``, ``W11 + W12``:
:func:`timestudy.ingest.holder_ids.fold_holders`, :func:`~timestudy.ingest.co_worked.split_co_held`)
as a co-worked case; without a workers table nothing is split but at ``;``
(:func:`~timestudy.ingest.co_worked.holders_read`). ``fit_study`` took the cases as given,
so ``'W003/W004'`` was one holder with no diary and the case left every case-month (on
/tmp/s120 with six such cases: CIN 745 cases, 5.899021 h per case-month, against the
command line's 747 and 5.903371).
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import timestudy
from timestudy.categorise.rules import categorise
from timestudy.cli import main
from timestudy.guide import build_guide

FORMS = ["{a}; {b}", "{a}/{b}", "{a}, {b}", "{a} & {b}", "{a} and {b}", "{a} + {b}"]


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A simulated study (12 workers, 2 weeks), six open cases made co-held, one at each
    separator, each with the next worker."""
    where = tmp_path_factory.mktemp("co_held")
    assert main(["simulate", "--workers", "12", "--weeks", "2", "--seed", "3",
                 "--out", str(where / "s")]) == 0
    cases = pd.read_csv(where / "s" / "cases.csv", dtype=str)
    held = {}
    for i, form in enumerate(FORMS):
        a, b = f"W{2 * i + 1:03d}", f"W{2 * i + 2:03d}"
        at = cases.index[(cases["worker_id"] == a) & cases["closed"].isna()][0]
        cases.loc[at, "worker_id"] = form.format(a=a, b=b)
        held[cases.loc[at, "case_id"]] = a
    cases.to_csv(where / "cases.csv", index=False)
    return where, held


def _api(where):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = timestudy.read_cases(where / "cases.csv")
        workers = timestudy.read_workers(where / "s" / "workers.csv")
        ingest = timestudy.read_diary(where / "s" / "diary.csv", cases=cases, workers=workers,
                                      warn=False)
        return timestudy.fit_study(categorise(ingest.episodes), cases, workers, n_boot=9,
                                   sensitivity=False)


def test_the_same_holders_and_hours_per_case_month(study):
    """Before: the five cases written with '/', ',', '&', 'and' or '+' left the API's
    case-months (each one holder, 'W003/W004', with no diary); after: each held by its
    first-named worker with a case-month as the command line's, and every case type's
    hours per case-month, cases and case-months equal to guide.json's."""
    where, held = study
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["guide", str(where / "s" / "diary.csv"), "--cases",
                     str(where / "cases.csv"), "--workers", str(where / "s" / "workers.csv"),
                     "--out", str(where / "out"), "--n-boot", "9", "--no-sensitivity",
                     "--min-workers", "1", "--quiet", "--formats", "json"]) == 0
    models = _api(where)
    cm = models.case_month.set_index("case_id")
    assert {c: cm.loc[c, "worker_id"] for c in held if c in cm.index} == held
    cli = json.loads((where / "out" / "guide.json").read_text())["case_types"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = json.loads(build_guide(models, min_workers=1).to_json())["case_types"]
    assert [(t["case_type"], t["n_cases"], t["case_months"],
             t["hours_per_case_month"]["estimate"]) for t in api] == [
        (t["case_type"], t["n_cases"], t["case_months"], t["hours_per_case_month"]["estimate"])
        for t in cli]
