"""The claims by instance id and the notes after a call are found once a coded diary, not once
a linking (perf31c).

Which piece of work travel or notes carrying an ``instance_id`` go to
(:func:`~timestudy.panels.claims.by_instance_id`) is the group (worker, id, case, task type)
with the most direct minutes, then, of that group's pieces, the one of the day: only that
last step reads the linking. The sensitivity of time per piece links one coded diary under
seven rules, and each linking grouped and sorted the claims again (about 0.04 s a linking at
120 workers), as it found the notes written straight after a call, which read no linking at
all. Both are now kept with the coded diary (:func:`~timestudy.panels.claims.id_claims`).

The diary of tests/panels/test_instance_id_on_two_days.py: visits with id V1 on two Mondays,
each with a drive carrying V1 and no case, notes with V1 on the second; a statement S1 on
both Mondays. Under three linkings the pieces are those of a diary coded afresh for each,
and the claims are found twice in all (one search for ids written with a case, one for those
without), where they were found twice a linking (six times).
"""

from __future__ import annotations

import warnings

from pandas.testing import assert_frame_equal

from tests.panels.test_instance_id_on_two_days import _diary
from timestudy.panels import claims
from timestudy.panels.coded_diary import code_diary
from timestudy.panels.pieces import build_pieces

RULES = (
    {"statutory_visit": 0, "court_statement": 10},
    {"statutory_visit": 0, "court_statement": 0},
    {"statutory_visit": 5, "court_statement": 20},
)


def test_claims_found_once_for_every_linking(monkeypatch):
    found = []
    most = claims._most_minutes

    def counted(*args, **kwargs):
        found.append(1)
        return most(*args, **kwargs)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = [build_pieces(code_diary(_diary()), rule) for rule in RULES]
        monkeypatch.setattr(claims, "_most_minutes", counted)
        coded = code_diary(_diary())
        again = [build_pieces(coded, rule) for rule in RULES]
    for one, other in zip(again, fresh, strict=True):
        assert_frame_equal(one, other, check_exact=True)
    assert len(found) == 2  # was 6: twice a linking
    visits = again[0].loc[again[0]["task_type"].eq("statutory_visit")]
    assert visits["linked_travel_min"].tolist() == [30.0, 30.0]  # each day's drive its own
