"""The steady-flow rule (a direction that sees no start, or no end, of a task's pieces is
left out) holds replicate by replicate in the worker bootstrap, as for the point estimate.

Hand-worked (review of 2026-12-04): task x; W1 has one piece begun in the diary and cut at
its end (a start seen; 4 days forward, 2 backward); W2 two pieces begun before the diary,
each with its end seen (2 + 1 days forward, 3 + 1 backward). A replicate drawing W2 twice
sees no start: forward days left out, backward (3 + 1) x 2 = 8 days over 4 ends = 2 days a
piece, with Kaplan-Meier's 2 days: 2.0, as the same pieces estimated directly. Before, the
replicate pooled W2's forward days decided on the whole sample: 2.75.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.models.piece_sums import piece_days, piece_sums

PIECES = pd.DataFrame({
    "worker_id": ["W1", "W2", "W2"], "task_type": "x", "n_days": [2, 2, 1],
    "link_within_days": 10, "direct_min": 60.0, "full_min": 60.0, "observed_share": 1.0,
    "left_censored": [False, True, True], "right_censored": [True, False, False],
    "days_preceded": [4, 2, 1], "days_followed": [2, 3, 1]})


def test_a_replicate_without_a_start_leaves_the_forward_days_out():
    s = piece_sums(PIECES)
    replicate = piece_days(s, draws=np.array([[0.0, 2.0]]), correct=False)[0]
    twice = pd.concat([PIECES[PIECES.worker_id == "W2"]] * 2).assign(
        worker_id=["W2", "W2", "W3", "W3"])
    direct = piece_days(piece_sums(twice), correct=False)[0]
    assert replicate.ravel()[0] == pytest.approx(2.0)
    assert direct.ravel()[0] == pytest.approx(2.0)


def test_the_point_estimate_and_a_replicate_of_every_worker_once_agree():
    s = piece_sums(PIECES)
    point = piece_days(s, correct=False)[0]
    same = piece_days(s, draws=np.ones((1, 2)), correct=False)[0]
    assert same.ravel() == pytest.approx(point.ravel())
