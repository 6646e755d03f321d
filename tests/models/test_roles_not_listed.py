"""A role given no share of a caseload is said, when shares are given (audit22k).

A workers table naming an ASYE by the other usual name, ``NQSW`` (newly qualified social
worker), while the study gives ``asye: 0.9``: the worker held a full caseload (FTE in post
7.9 for 7.8) without a word.
"""

from __future__ import annotations

import pandas as pd

from timestudy.models.available import roles_not_listed

W = pd.DataFrame({"worker_id": ["a", "b", "c", "d", "e"],
                  "role": ["ASYE", "NQSW", "social_worker", None, "Team manager"]})


def test_the_roles_not_given_a_share_are_named_with_the_fix():
    note = roles_not_listed(W, {"asye": 0.9})  # social workers, managers: unsaid
    assert note.startswith("1 worker has a role given no share of a caseload ('NQSW': 1)")
    assert "--role NQSW=0.9" in note


def test_nothing_to_say_without_shares_or_with_every_role_given_one():
    assert roles_not_listed(W, None) is None
    assert roles_not_listed(W, {"asye": 0.9, "nqsw": 0.9}) is None
    assert roles_not_listed(W.drop(columns="role"), {"asye": 0.9}) is None
