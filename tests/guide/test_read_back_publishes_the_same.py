"""A guide.json read back and written again is the guide.json written (fix37g).

Two ways the roundtrip changed what was published, both measured at 1d689f36:

- counts: a count of workers withheld as "not shown" (every count but none and all is
  "not shown" at 7 of 8 workers, min_workers 7: 7 as 3) was read back as 0 workers, so the
  cases resting on it were withheld on the way back, and the smallest other count with
  them (the example study: PROCEEDINGS' 13 cases and CLA's 27 were written 13 and 27,
  then null and null). A 40-worker study (1 week, seed 2) at min_workers 2 lost its
  second case type's 161 cases the same way (5 values differed). Now a count not known
  stands as published.
- figures derived from the tables (``max_cases_per_fte``, the should hours available)
  were computed again from the tables as rounded to 6 decimals: the example's case-months
  mix at min_workers 8 came back 14.084458 for 14.084457, with the illustrative uplifts
  CIN 15.32367 for 15.323669. Now a guide read back keeps the figures it was given.

And the ``timestudy should`` evidence of a guide read back (no study data) showed
PROCEEDINGS' "not shown" workers as "0": now "not shown", as the guide.
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import pytest

from timestudy import TimeGuide, run_study, simulate_study
from timestudy.examples import example_run
from timestudy.guide import build_guide
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.guide.should import published_worker_counts, should_evidence
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def models():
    """The example study's models (8 workers) and a 40-worker simulated study's."""
    s = simulate_study(n_workers=40, weeks=1, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forty = run_study(s.diary, s.cases, s.workers, n_boot=19).models
    return {"example": example_run().models, "forty": forty}


def _differences(a, b, path: str = "") -> list[tuple]:
    """Every value of two JSON documents that differs, key by key (type too: 1 is not 1.0)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [(f"{path}/{k}", a.get(k, "<none>"), b.get(k, "<none>"))
               for k in sorted(set(a) ^ set(b))]
        return out + [d for k in sorted(set(a) & set(b))
                      for d in _differences(a[k], b[k], f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list):
        out = [] if len(a) == len(b) else [(path, len(a), len(b))]
        return out + [d for i, (x, y) in enumerate(zip(a, b, strict=False)) for d in
                      _differences(x, y, f"{path}[{i}]")]
    return [] if a == b and type(a) is type(b) else [(path, a, b)]


def _nulls(doc, path: str = "") -> set[str]:
    """Where a JSON document withholds a value (null)."""
    if isinstance(doc, dict):
        return {p for k, v in doc.items() for p in _nulls(v, f"{path}/{k}")}
    if isinstance(doc, list):
        return {p for i, v in enumerate(doc) for p in _nulls(v, f"{path}[{i}]")}
    return {path} if doc is None else set()


CASES = [("example", k, False) for k in (5, 7, 8)] + [("example", k, True) for k in (1, 7)] + [
    ("forty", k, False) for k in (2, 5, 9)]


@pytest.mark.parametrize(("study", "min_workers", "uplifts"), CASES)
def test_a_guide_read_back_writes_what_was_written(models, study, min_workers, uplifts,
                                                   tmp_path):
    # example, 7: case_types[1].n_cases 27 -> null, case_types[3].n_cases 13 -> null (before)
    adjustments = EXAMPLES / "adjustments.yaml" if uplifts else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = build_guide(models[study], min_workers=min_workers, adjustments=adjustments)
    path = tmp_path / "guide.json"
    first = json.loads(built.to_json(path))
    read = TimeGuide.from_json(path)
    second = json.loads(read.to_json())
    third = json.loads(TimeGuide.from_dict(second).to_json())
    assert _differences(first, second) == []
    assert _differences(second, third) == []
    assert _nulls(first) == _nulls(second)  # the same cells withheld


def test_the_example_at_seven_of_eight_keeps_its_cases(models, tmp_path):
    """By hand: 8 workers, min_workers 7: PROCEEDINGS' 7 workers read "not shown" (7 and the
    other 1 are not both 7 or more; 3 would read the same), its 13 cases rest on 7 workers
    and were published; read back they stay 13 (were withheld, with CLA's 27)."""
    built = build_guide(models["example"], min_workers=7)
    path = tmp_path / "guide.json"
    built.to_json(path)
    again = TimeGuide.from_json(path).case_types
    assert again.loc["PROCEEDINGS", "n_workers_words"] == "not shown"
    assert again["n_cases"].tolist() == built.case_types["n_cases"].tolist() == [42, 27, 31, 13]


def test_should_evidence_of_a_guide_read_back_says_not_shown(models, tmp_path):
    """``timestudy should --guide`` without the study: PROCEEDINGS' workers ("not shown" in
    the guide) were published "0" (of 8) in the evidence; now "not shown"."""
    path = tmp_path / "guide.json"
    build_guide(models["example"], min_workers=7).to_json(path)
    ev = should_evidence(TimeGuide.from_json(path), None, standards="england")
    shown = published_worker_counts(ev.events.table, ev.n_workers, ev.min_workers)
    assert shown.loc["PROCEEDINGS", "n_workers"] == "not shown"
    assert shown.loc["CIN", "n_workers"] == "8"


def uplifted_week(models) -> TimeGuide:
    """The example's guide with the illustrative uplifts and its hours available set by
    hand: 25.0000006 h for casework a week (24-26), 40 working weeks, 1.0 h more non-case
    work a week (0.8-1.4)."""
    g = build_guide(models, adjustments=EXAMPLES / "adjustments.yaml")
    av = g.available.copy()
    av.loc["available_case_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]] = [
        25.0000006, 24.0, 26.0]
    av.loc["working_weeks_per_year", ["estimate", "ci_low", "ci_high"]] = [40.0] * 3
    av.loc[NON_CASE_UPLIFT, ["estimate", "ci_low", "ci_high"]] = [1.0, 0.8, 1.4]
    return dataclasses.replace(g, available=av)


def test_should_hours_available_read_back_are_those_written(models):
    """By hand: 25.0000006 h for casework a week, 1.0 h more non-case work with the
    uplifts, 40 weeks: the should week is 24.0000006 (written 24.000001), the year
    960.000024. Computed again from the week as written (25.000001 - 1.0) x 40 it came
    back 960.00004; now the guide read back gives 960.000024, as written."""
    built = uplifted_week(models["example"])
    written = built.to_dict()["available_hours"]["measures"]
    assert written["available_case_hours_per_fte_year_should"]["estimate"] == 960.000024
    read = TimeGuide.from_dict(json.loads(built.to_json()))
    year = read.available_hours().loc["available_case_hours_per_fte_year"]
    assert year["estimate"] == 960.000024  # 960.00004 before
    for m in ("non_case_hours_per_fte_week", "available_case_hours_per_fte_week",
              "available_case_hours_per_fte_year"):
        assert read.available_hours().loc[m].tolist() == [
            written[f"{m}_should"][c] for c in ("estimate", "ci_low", "ci_high")], m
    assert read.max_cases_per_fte() == json.loads(built.to_json())["max_cases_per_fte"]
    changed = dataclasses.replace(read, available=read.available.copy())  # another table
    assert changed.available_hours().loc["available_case_hours_per_fte_year",
                                         "estimate"] == pytest.approx(960.00004)


def test_a_guide_calibrated_to_a_guide_read_back_keeps_its_counts(models, tmp_path):
    """``timestudy guide --calibrate-to guide.json``: the reference's case types as it
    published them (at 1d689f36 CLA's 27 and PROCEEDINGS' 13 cases were withheld, from a
    reference that published both). The local study is the 40-worker one (the counts are
    the reference's whatever the local study: the second example study, seed 3, gave the
    same 42, 27, 31 and 13, and a study run of its own)."""
    from timestudy.capacity.calibration_reference import calibrated_guide

    path = tmp_path / "reference.json"
    build_guide(models["example"], min_workers=7).to_json(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = calibrated_guide(TimeGuide.from_json(path), models["forty"], 5)
    assert g.case_types["n_cases"].tolist() == [42, 27, 31, 13]


def test_should_hours_available_written_again_are_those_written(models):
    """Written, read back and written again (with serialise asking the guide read back for
    its should rows, not computing them again from its rounded table): the should year
    960.000024 as written (960.00004 before); on /tmp/s120 (min_workers 1, the example
    uplifts) 1269.649998 h a year came back 1269.649987."""
    first = json.loads(uplifted_week(models["example"]).to_json())
    second = json.loads(TimeGuide.from_dict(first).to_json())
    year = "available_case_hours_per_fte_year_should"
    assert first["available_hours"]["measures"][year]["estimate"] == 960.000024
    assert second["available_hours"] == first["available_hours"]  # 960.00004 before
