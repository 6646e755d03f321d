"""Piece equivalents (what a piece counts for in the regression of full hours and the event-based
case weights) allow for days missing at random as the task times do.

A piece linked over several days counts its direct minutes over its task's minutes per piece.
Before, the minutes per piece there were the days *seen* per piece: with days missing from the
diary, pieces look short, so the pieces' equivalents added up to too many pieces and the
regression's full hours per piece came out short (measured in ``benchmarks/RESULTS.md``,
"Piece equivalents and days missing").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import fit_study
from timestudy.models.piece_sums import piece_sums, task_point_estimates
from timestudy.panels.censoring import days_per_piece
from timestudy.panels.own_pieces import pieces_as_counted
from timestudy.panels.pieces import _piece_equivalents


def _statements(share: float) -> pd.DataFrame:
    """Two workers; statements of 1, 2 and 3 days seen whole at 60 minutes a day; visits."""
    rows = [
        {
            "worker_id": w,
            "task_type": "statement",
            "n_days": n,
            "link_within_days": 10,
            "direct_min": 60.0 * n,
            "full_min": 60.0 * n,
        }
        for w in ("W1", "W2")
        for n in (1, 2, 3)
    ]
    rows += [
        {
            "worker_id": w,
            "task_type": "visit",
            "n_days": 1,
            "link_within_days": 0,
            "direct_min": m,
            "full_min": m,
        }
        for w in ("W1", "W2")
        for m in (30.0, 50.0)
    ]
    p = pd.DataFrame(rows)
    return p.assign(
        left_censored=False,
        right_censored=False,
        days_followed=p["n_days"],
        days_preceded=p["n_days"],
        weight=1.0,
        observed_share=share,
    )


def test_hand_worked_equivalents_at_p_08():
    # At p = 0.8 the 6 statements seen stand for sum g(j) = 2 x (1.25 + 0.9375 + 1.015625)
    # = 6.40625 statements of 7.5 / 3.203125 days each; the diary holds p of their days, so
    # their equivalents add up to 0.8 x 6.40625 = 5.125 (the days seen, 12, over 2.3415).
    # With the days seen (the rule before) they added up to 6: one per piece seen.
    eq = _piece_equivalents(_statements(0.8))
    st = _statements(0.8)["task_type"].eq("statement").to_numpy()
    assert eq[st].sum() == pytest.approx(0.8 * 6.40625, rel=1e-12)
    assert eq[~st].tolist() == [1.0] * 4  # one-day tasks count 1 each
    assert _piece_equivalents(_statements(1.0))[st].sum() == pytest.approx(6.0, rel=1e-12)


def test_days_per_piece_is_the_task_times_figure_with_or_without_missing_days():
    for share in (0.8, 0.55, 1.0):
        p = _statements(share)
        tt = task_point_estimates(piece_sums(p))
        pd.testing.assert_series_equal(
            days_per_piece(p), tt["sittings_per_piece"], check_names=False, rtol=1e-12
        )
    plain = days_per_piece(_statements(0.8), correct=False)
    assert plain["statement"] == pytest.approx(2.0)


@pytest.fixture(scope="module")
def gappy():
    s = simulate_study(n_workers=30, weeks=4, seed=5, missing_days=0.2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return fit_study(ep, s.cases, s.workers, n_boot=9, sensitivity=False)


def test_equivalents_count_the_pieces_the_task_times_count(gappy):
    # The minutes per piece implied by the equivalents (a task's direct minutes over its
    # pieces' equivalents) are the task times' direct minutes per piece, edges and days
    # missing at random allowed for in both; with the days seen they were 6-18% lower here.
    p, tt = gappy.pieces, gappy.task_times.table
    linked = p.loc[p["link_within_days"] > 0]
    g = linked.groupby("task_type")
    implied = g["direct_min"].sum() / g["piece_equivalent"].sum()
    assert (tt.loc[implied.index, "missing_factor"] > 1.02).any()  # the diary lost sittings
    np.testing.assert_allclose(implied, tt.loc[implied.index, "direct_min"], rtol=1e-9)
    counted = days_per_piece(pieces_as_counted(p))  # travel and notes: pieces of their own
    np.testing.assert_allclose(counted, tt["sittings_per_piece"].reindex(counted.index), rtol=1e-9)


def test_worker_week_counts_add_up_to_the_equivalents(gappy):
    # The regression's counts are the primary case pieces' equivalents spread over weeks.
    p, ww = gappy.pieces, gappy.worker_week
    prim = p.loc[p["primary"] & p["case_id"].notna()]
    for task in ("court_statement", "statutory_visit"):
        total = prim.loc[prim["task_type"] == task, "piece_equivalent"].sum()
        assert ww[f"n_{task}"].sum() == pytest.approx(total, rel=1e-9)


def test_equivalents_left_out_then_asked_for():
    """``build_pieces(..., equivalents=False)`` (the sensitivity's rules, which read time per
    piece only) leaves ``piece_equivalent`` NaN and every other column as a full build has it;
    asked for afterwards on the same linking, the equivalents are those of a fresh build."""
    from timestudy.categorise.taxonomy import load_taxonomy
    from timestudy.panels.pieces import build_pieces, code_diary

    s = simulate_study(n_workers=6, weeks=2, seed=3)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    windows = {t: 2 * w for t, w in load_taxonomy().link_within_days.items()}
    full = build_pieces(code_diary(ep), windows)
    coded = code_diary(ep)
    without = build_pieces(coded, windows, equivalents=False)
    assert without["piece_equivalent"].isna().all() and full["piece_equivalent"].notna().all()
    others = [c for c in full.columns if c != "piece_equivalent"]
    pd.testing.assert_frame_equal(without[others], full[others])
    pd.testing.assert_frame_equal(build_pieces(coded, windows), full)  # the same linking
