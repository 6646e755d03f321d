"""Withheld figures read "not shown", and the reason for an empty guide is the true one
(audit23, runs g5, g10 and g7).

g5 (cases5.csv) showed the case-months of the withheld CLA and PROCEEDINGS as "–" (a figure
not estimated) and their multipliers likewise; g10 its "In care proceedings" multiplier
(withheld: proceedings held by 3 workers). g7 (``--weight``, 8 workers whose survey weights
make them 2.7 in effect) said "Fewer than 5 workers took part" when 8 did.
"""

from __future__ import annotations

from timestudy.report.content import _all_withheld
from timestudy.report.labels import case_type_label, term_label
from timestudy.report.rows import case_rows, multiplier_rows


def test_withheld_case_type_and_multiplier_read_not_shown(six_run):
    """g6 withholds PROCEEDINGS (3 workers) and its multiplier: both "not shown"."""
    guide = six_run[1].guide
    withheld = set(guide.reasons("case_types"))
    assert "PROCEEDINGS" in withheld
    rows = {r["case type"]: r for r in case_rows(guide)}
    assert rows[case_type_label("PROCEEDINGS")]["case-months"] == "not shown"
    terms = set(guide.reasons("multipliers"))
    assert terms
    shown = {r["term"]: r["multiplier"] for r in multiplier_rows(guide)}
    for t in terms:
        assert shown[term_label(t)] == "not shown"


def test_an_empty_guide_under_survey_weights_says_why():
    """8 workers by head, 2.7 in effect: the report says both, not "fewer than 5 took part"."""
    text = _all_withheld("fewer than 5 workers in effect under their survey weights (8 by "
                         "head, 2.7 in effect)", {"n_workers": 8, "min_workers": 5})
    assert text.startswith("8 workers took part, but under their survey weights they count "
                           "as 2.7 (the effective number of workers")
    assert "Fewer than 5 workers took part" not in text
    assert _all_withheld("fewer than 5 workers (3)", {"n_workers": 3, "min_workers": 5}
                         ).startswith("Fewer than 5 workers took part")
