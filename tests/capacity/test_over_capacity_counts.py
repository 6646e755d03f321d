"""The headline's share over capacity follows the one status rule, and its counts the
count rule (audit20b).

audit20b: the headline said "33% (3 of 9)", ``n_no_status: 0``, while the report's table of
workers by status said "No status (cases not costed) 5": the headline rated each worker on
their costed cases alone, so the five holding a CLA case (a withheld type) counted as not
over capacity. The calculator leaves an "Incomplete" row out of the share (README) and
capacity calculations refuse to count a suppressed type's hours as zero
(data_schema/README.md). And "3 of 9", ``n_over_capacity: 3``, were published though
fewer than 5 workers were counted (README: a count of workers with some property is a
number only when those counted and the rest are both at least 5, or none or all).

Hand-worked on ``_guides.hand_guide`` (100 hours for casework per FTE-month, "should"
hours CIN 5 and CP 12 a case-month) with CLA withheld (no hours), every worker 1.0 FTE,
default bands (amber from 100%, red from 110%):

* W01: 10 CP and 1 CLA: costed 120 hours, at least 1.20: at least red, over;
* W03, W08: 9 CP and 1 CLA each: costed 108 hours, at least 1.08: at least amber, over;
* W07: 5 CP and 2 CIN: 70 hours, 0.70: blue;
* W02, W04, W05, W06, W10: 2 CP and 1 CLA each: costed 24 hours, under amber: no status.

Over capacity: 3 of the 4 with a status, 75% (was 3 of 9, 33%: the five counted as blue
on their 24 costed hours). Wilson 95% interval of 3 of 4 (z = 1.95996, z^2 = 3.8415):
centre (0.75 + 3.8415 / 8) / (1 + 3.8415 / 4) = 1.2302 / 1.9604 = 0.6275, half 1.95996 x
sqrt(0.75 x 0.25 / 4 + 3.8415 / 64) / 1.9604 = 1.95996 x 0.32695 / 1.9604 = 0.3269: 30.1%
to 95.4%.

With the threshold of 5: the 5 of 9 with no status leave 4, under 5, so that count is in
words ("at least 5 of 9"), the number with a status (4) is then not published, and the
count over capacity is of all 9: 3, under 5, "fewer than 5 of 9"; the share, which would
give both back (75% of 4), is withheld.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import headline
from timestudy.report.headline import over_capacity_sentence

HELD = {
    "W01": {"CP": 10, "CLA": 1},
    "W03": {"CP": 9, "CLA": 1},
    "W08": {"CP": 9, "CLA": 1},
    "W07": {"CP": 5, "CIN": 2},
    **{w: {"CP": 2, "CLA": 1} for w in ("W02", "W04", "W05", "W06", "W10")},
}
CASELOAD = pd.DataFrame(
    [
        {"case_id": f"{w}{k}{i}", "worker_id": w, "case_type": k}
        for w, held in HELD.items()
        for k, n in held.items()
        for i in range(n)
    ]
)
WORKERS = pd.DataFrame({"worker_id": sorted(HELD), "fte": 1.0, "team": "T"})


def _guide(min_workers: int):
    g = hand_guide(min_workers=min_workers)
    cla = pd.DataFrame({c: [np.nan] for c in g.case_types}, index=pd.Index(["CLA"]))
    cla[["n_cases", "n_workers"]] = [8, 4]  # withheld: held by too few workers
    types = pd.concat([g.case_types, cla])
    types.index.name = "case_type"
    return replace(g, case_types=types)


def test_the_share_is_of_the_workers_with_a_status():
    h = headline(_guide(1), CASELOAD, WORKERS)  # threshold 1: every count a number
    assert h["n_workers"] == 9
    assert (h["n_over_capacity"], h["n_no_status"]) == (3, 5)  # was 3 and 0
    s = h["share_over_capacity"]
    assert s["estimate"] == pytest.approx(0.75)  # was 3 / 9
    assert (s["ci_low"], s["ci_high"]) == pytest.approx((0.3006, 0.9544), abs=1e-4)
    text = over_capacity_sentence(h)
    assert text.startswith("75% of workers (3 of 4; interval ")
    assert "counting a worker whose costed cases alone reach it" in text
    assert (
        "5 workers holding cases not costed whose other cases stay under amber have no "
        "status and are not counted"
    ) in text


def test_counts_of_fewer_than_5_workers_are_in_words_and_the_share_withheld():
    h = headline(_guide(5), CASELOAD, WORKERS)
    assert h["n_over_capacity"] is None and h["n_no_status"] is None  # were 3 and 0
    assert h["n_over_capacity_words"] == "fewer than 5 of 9"
    assert h["n_no_status_words"] == "at least 5 of 9"
    assert h["share_over_capacity"] is None  # 75% of 4 would give 3 back
    text = over_capacity_sentence(h)
    assert text.startswith("Fewer than 5 of 9 workers hold more work than their hours")
    assert "; at least 5 of 9 have no status" in text
    assert "3 of" not in text and "75%" not in text and "33%" not in text


def test_a_guide_json_written_before_the_words_reads_as_it_did():
    """An older guide.json has the numbers only: the sentence shows them as it did."""
    h = {
        "n_workers": 12,
        "n_over_capacity": 6,
        "n_no_status": 0,
        "over_capacity_from": 1.0,
        "share_over_capacity": {"estimate": 0.5, "ci_low": 0.25, "ci_high": 0.75},
    }
    assert over_capacity_sentence(h).startswith("50% of workers (6 of 12; interval 25% to 75%)")


def test_a_headline_with_counts_withheld_is_shaped_like_guide_json():
    """guide.json's schema has the counts as integers: a withheld count is left out (its
    words given), so the guide still reads back (``TimeGuide.from_json`` checks it)."""
    import json

    import jsonschema

    from timestudy.schema import PUBLISHED

    schema = json.loads((PUBLISHED / "guide.json").read_text("utf-8"))
    shape = schema["properties"]["meta"]["properties"]["headline"] | {"$defs": schema["$defs"]}
    h = json.loads(json.dumps(headline(_guide(5), CASELOAD, WORKERS)))
    assert list(jsonschema.Draft202012Validator(shape).iter_errors(h)) == []
    assert h["n_over_capacity_words"] == "fewer than 5 of 9"


def test_a_count_the_words_give_is_a_number():
    """review20: 8 red, 7 amber, 1 green, 1 blue and 3 with no status, of 20. The 3 are
    withheld, so the over-capacity count is of all 20: 15 of 20, both 15 and 5 at least 5,
    a number (it was None beside the words '15 of 20'); the share stays withheld (it
    would give the 3 back)."""
    from timestudy.capacity.over_capacity import over_capacity_counts

    s = ["red"] * 8 + ["amber"] * 7 + ["green", "blue"] + ["none"] * 3
    c = over_capacity_counts(s, 5, 1.96)
    assert (c["n_over_capacity"], c["n_over_capacity_words"]) == (15, "15 of 20")
    assert c["n_no_status"] is None and c["share_over_capacity"] is None


def test_the_headline_does_not_pin_two_bands_in_words():
    """review20: 4 red, 4 amber, 10 green of 18. The table has red and amber in words
    ("fewer than 5": 1 to 4 each); a headline of 8 over capacity would make both 4. So the
    headline says "at least 5 of 18" and gives no number or share."""
    from timestudy.capacity.over_capacity import over_capacity_counts

    c = over_capacity_counts(["red"] * 4 + ["amber"] * 4 + ["green"] * 10, 5, 1.96)
    assert c["n_over_capacity"] is None and c["share_over_capacity"] is None
    assert c["n_over_capacity_words"] == "at least 5 of 18"
