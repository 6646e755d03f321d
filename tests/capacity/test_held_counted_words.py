"""The headline says which cases its "workers hold" counts, and compares like with like.

The rule (:func:`timestudy.capacity.headline`): a case of a type the guide cannot cost
counts in the cases held per FTE but not in the hours, so not in the cases supported.
Audit s1 read "workers hold 1.3 per FTE, 1.7 times as many", 1.3 = 8 / 6 counting the
2 PROCEEDINGS cases not costed, against the cases supported for the 6 costed CP cases.

Hand-worked on the guide of ``test_headline_not_costed`` (100 hours a month per FTE; CIN
5 and CP 12 should hours; PROC not costed). A (1.0 FTE) holds CIN, CIN, CP, PROC; B (0.5
FTE) holds CP, PROC; one CIN case has no holder.

- every case held: 6 / 1.5 = 4.0 per FTE (the rule); costed only: 4 / 1.5 = 2.67;
- supported: 100 / (39 / 5) = 12.8 (the 5 costed cases, the unallocated CIN included);
- like with like: 2.67 / 12.8 = 0.21, "79% fewer, before the cases not costed".
"""

from __future__ import annotations

import pytest
from test_headline_not_costed import CASELOAD, WORKERS, hand_guide

from timestudy.capacity import headline
from timestudy.report.headline import headline_sentences


def test_both_counts_by_hand():
    h = headline(hand_guide(), CASELOAD, WORKERS)
    assert h["held_cases"] == 6 and h["held_costed_cases"] == 4
    assert h["held_cases_per_fte"] == pytest.approx(4.0)
    assert h["held_costed_cases_per_fte"] == pytest.approx(4 / 1.5, abs=1e-4)


def test_the_words_say_what_is_counted():
    text = headline_sentences({"headline": headline(hand_guide(), CASELOAD, WORKERS)})[0]
    assert ("workers hold 4.0 per FTE counting all their cases (the 2 not costed included) "
            "and 2.7 per FTE counting only the 4 costed, 79% fewer, before the cases not "
            "costed.") in text


def test_all_costed_reads_as_before():
    costed = CASELOAD[CASELOAD["case_type"] != "PROC"]
    text = headline_sentences({"headline": headline(hand_guide(), costed, WORKERS)})[0]
    assert "counting" not in text and "before the cases not costed" not in text
