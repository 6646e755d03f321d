"""A guide published at a higher ``min_workers`` than its tables were published at withholds
what rests on too few workers, or is refused (fix37g2; measured at integ37b db84f765).

By hand, the example study (8 workers) at min_workers 7: PROCEEDINGS' 7 workers are "not
shown" (7 and the other 1 are not both 7 or more; 3 reads the same), its 13 cases rest on
7 workers and are published, and so CLA's 27 (the smallest other count) too. Built at 8,
both are withheld. A guide read back at 7 and published at 8 (``derive`` or
``dataclasses.replace`` of its ``meta``) published 13 and 27 again, and PROCEEDINGS' hours
per case-month (21.793096 from 7 workers) and its cases per FTE (4.996...) as well: a
count "not shown" was taken to be on the right side of whatever threshold it was published
at. Its matrix cells carry no count of workers, so what they rest on at 8 cannot be found:
the guide read back is refused at a higher threshold, in one line. A guide built at 7 and
published at 8 is refused too (its estimates were withheld at 7: PROCEEDINGS' 21.793096
hours per case-month were published at 8 on 1d689f36 and integ37b).
At 7 or less the guide read back publishes what was written.
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import pandas as pd
import pytest

from timestudy import TimeGuide, run_study, simulate_study
from timestudy.errors import ConfigError
from timestudy.examples import example_run
from timestudy.guide import build_guide


@pytest.fixture(scope="module")
def at_seven(tmp_path_factory):
    """The example study's guide built at min_workers 7, and its guide.json's path."""
    built = build_guide(example_run().models, min_workers=7)
    path = tmp_path_factory.mktemp("seven") / "guide.json"
    built.to_json(path)
    return built, path


@pytest.fixture(scope="module")
def four_weeks(tmp_path_factory):
    """The guide.json at min_workers 7 of an 8-worker study of 4 weeks (seed 3), and what
    its tasks of workers "not shown" publish at 8 when built at 8."""
    s = simulate_study(n_workers=8, weeks=4, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = run_study(s.diary, s.cases, s.workers, n_boot=19).models
    path = tmp_path_factory.mktemp("four") / "guide.json"
    build_guide(models, min_workers=7).to_json(path)
    return path, build_guide(models, min_workers=8).tasks


@pytest.mark.parametrize("how", ["derive", "replace"])
@pytest.mark.parametrize("study", ["example", "four_weeks"])
def test_a_guide_read_back_is_refused_at_a_higher_threshold(how, study, at_seven,
                                                            four_weeks):
    """The example (13 and 27 cases published at 8 at integ37b) and the 8-worker study of
    4 weeks, seed 3 (n_pieces 12, 18, 16 and n_censored 10, 7, 0 of assessment write-up,
    care plan and uncategorised, workers "not shown", published at 8 at integ37b; built at
    8 all withheld): refused in one line naming both thresholds and the fix."""
    path = at_seven[1] if study == "example" else four_weeks[0]
    if study == "four_weeks":
        built = four_weeks[1].loc[["assessment_writeup", "care_plan", "uncategorised"]]
        assert built[["n_pieces", "n_censored"]].isna().all().all()
        read = TimeGuide.from_json(path).tasks.loc[built.index]
        assert read["n_pieces"].tolist() == [12, 18, 16]  # at 7, as written
    g = TimeGuide.from_json(path)
    meta = g.meta | {"min_workers": 8}
    with pytest.raises(ConfigError, match=r"written at min_workers 7 cannot be published at "
                       r"min_workers 8: .* build the guide again") as exc:
        g.derive(meta=meta) if how == "derive" else dataclasses.replace(g, meta=meta)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("k", [1, 5, 7])
def test_a_guide_read_back_at_seven_or_less_publishes_what_was_written(at_seven, k):
    """At 7, 5 and 1 the guide read back writes the file again (but its threshold): 13
    and 27 cases, PROCEEDINGS "not shown"; and published at 5 then at 7 again, the same."""
    _, path = at_seven
    written = json.loads(path.read_text())
    g = TimeGuide.from_json(path)
    lower = g.derive(meta=g.meta | {"min_workers": k})
    for again in (lower, lower.derive(meta=g.meta)):
        doc = again.to_dict()
        assert doc["meta"] | {"min_workers": 7} == written["meta"]
        assert {k: v for k, v in doc.items() if k != "meta"} == {
            k: v for k, v in written.items() if k != "meta"}
    assert [c["n_cases"] for c in written["case_types"]] == [42, 27, 31, 13]


def test_a_built_guide_published_higher_is_refused(at_seven):
    """Built at 7 and published at 8 (``derive``): fix37g2 withheld PROCEEDINGS' 13 cases
    and CLA's 27, but PROCEEDINGS' hours per case-month (21.793096, from 7 workers) were
    still published at 8, as on 1d689f36: ``derive`` publishes the counts again, not the
    estimates. Refused in one line, as a guide read back; built at 8 it withholds them."""
    built, _ = at_seven
    with pytest.raises(ConfigError, match=r"published at min_workers 7 cannot be published "
                       r"again at min_workers 8: .* build the guide again") as exc:
        built.derive(meta=built.meta | {"min_workers": 8})
    assert "\n" not in str(exc.value)
    at_eight = build_guide(example_run().models, min_workers=8)
    assert at_eight.case_types["n_cases"].isna().tolist() == [False, True, False, True]
    assert pd.isna(at_eight.case_types.loc["PROCEEDINGS", "hours_per_case_month"])
    lower = built.derive(meta=built.meta | {"min_workers": 5})  # lower: published
    assert lower.case_types.loc["CIN", "n_cases"] == 42


def test_a_guide_built_without_its_episodes_counted_shows(at_seven):
    """``build_guide(models)`` without ``n_episodes`` (meta null): its summary raised
    TypeError (None formatted with ``:,``), so did ``repr``; now its lead leaves them out."""
    built, _ = at_seven
    assert built.meta["n_episodes"] is None
    assert "8 workers, 2026-03-02 to 2026-03-06; 95% intervals." in repr(built)


def test_a_threshold_raised_in_place_is_refused_on_writing(at_seven):
    """``meta`` is a dict: ``g.meta["min_workers"] = 8`` on a guide built at 7 skipped the
    check, and guide.json said 8 while publishing PROCEEDINGS' 21.793096 h per case-month
    from 7 workers (review37x). Now refused on writing; lowered in place it is written."""
    built = build_guide(example_run().models, min_workers=7)
    built.meta["min_workers"] = 8
    with pytest.raises(ConfigError, match="cannot be published again at min_workers 8"):
        built.to_json()
    built.meta["min_workers"] = 5
    assert json.loads(built.to_json())["meta"]["min_workers"] == 5
