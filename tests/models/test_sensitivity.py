"""The sensitivity table built the fast way (each rule once, the caller's pieces reused) equals
the table built straightforwardly, one full rebuild of the pieces per rule, each rule's table
the task times' (travel and case notes over their pieces of their own:
panels.own_pieces)."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.categorise.taxonomy import load_taxonomy
from timestudy.models import fit_study, pieces_sensitivity
from timestudy.models.sensitivity import COLUMNS, GAPS, SCALES
from timestudy.models.tasks import estimate_task_times
from timestudy.panels import diary_completeness, pieces_of_work, used_episodes
from timestudy.panels.pieces import NOTES_WITHIN_DAYS, TRAVEL_GAP_MIN, build_pieces, code_diary


def _straightforward(episodes, days, *, scales=SCALES, gaps=GAPS, **options) -> pd.DataFrame:
    """One pieces_of_work per rule, as the table is defined (no reuse of any kind)."""
    windows = load_taxonomy().link_within_days
    gap = options.pop("travel_gap_min", TRAVEL_GAP_MIN)

    def estimates(w, g):
        # coded afresh for every rule; the pieces an instance_id defines keep the taxonomy's
        # windows (one piece per day only for its tasks of one day), as in pieces_of_work
        coded = code_diary(episodes, days=days, **options)
        p = build_pieces(coded, w, g, NOTES_WITHIN_DAYS, id_within_days=windows)
        t = estimate_task_times(p, n_boot=2, seed=0).table
        return t[["n_pieces", "sittings_per_piece", "direct_min", "full_hours"]].copy()

    base = estimates(windows, gap)
    rules = [
        ("link_within_days", float(k), {t: int(round(v * k)) for t, v in windows.items()}, gap)
        for k in scales
    ]
    rules += [("travel_gap_min", float(g), dict(windows), g) for g in gaps]
    rows = []
    for parameter, value, w, g in rules:
        est = estimates(w, g)
        est["direct_change"] = est["direct_min"] / base["direct_min"].reindex(est.index) - 1
        est["full_change"] = est["full_hours"] / base["full_hours"].reindex(est.index) - 1
        rows.append(est.reset_index().assign(parameter=parameter, value=value))
    return pd.concat(rows, ignore_index=True)[COLUMNS]


@pytest.fixture(scope="module")
def diary():
    s = simulate_study(n_workers=12, weeks=3, seed=5)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, ep


@pytest.fixture(scope="module")
def expected(diary):
    """Days, used episodes and the table built the straightforward way (defaults)."""
    s, ep = diary
    days = diary_completeness(ep, s.workers)
    used = used_episodes(ep, days)
    table = _straightforward(used, days)
    assert len(table) > 0 and table["direct_change"].abs().max() > 0
    return days, used, table


def test_fast_table_equals_one_rebuild_per_rule(expected):
    days, used, table = expected
    pd.testing.assert_frame_equal(pieces_sensitivity(used, days=days), table, check_exact=True)
    given = pieces_of_work(used, days=days)
    pd.testing.assert_frame_equal(pieces_sensitivity(used, days=days, pieces=given), table,
                                  check_exact=True)


def test_fast_table_equals_rebuild_with_options_and_repeated_rules(diary):
    # a gap other than the default, a survey weight, and rules met twice (1 and 1.0, 30 and 30)
    s, ep = diary
    ep = ep.assign(w=1.0 + (ep["worker_id"].factorize()[0] % 3) / 2)
    days = diary_completeness(ep, s.workers)
    used = used_episodes(ep, days)
    opts = {"travel_gap_min": 45.0, "weight": "w"}
    expected = _straightforward(used, days, scales=(1, 1.0, 0.5), gaps=(30, 45.0, 30), **opts)
    got = pieces_sensitivity(used, days=days, scales=(1, 1.0, 0.5), gaps=(30, 45.0, 30), **opts)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_fit_study_sensitivity_equals_rebuild(diary, expected):
    s, ep = diary
    days, _, table = expected
    fit = fit_study(ep, s.cases, s.workers, n_boot=9)
    pd.testing.assert_frame_equal(fit.days, days)  # the same used days as the rebuild
    pd.testing.assert_frame_equal(fit.sensitivity, table, check_exact=True)


@pytest.mark.parametrize(("helper", "free", "limit", "child"), [
    ("1", False, 0, True),  # asked for: whatever the size and the load
    ("0", True, 10**9, False),  # refused: never
    (None, True, 10**9, True),  # by the rule: a small diary with a processor free
    (None, False, 10**9, False),  # no processor free
    (None, True, 0, False),  # more used rows than SENSITIVITY_CHILD_ROWS: here
])
def test_fit_study_sensitivity_the_same_in_a_child_or_here(diary, expected, monkeypatch,
                                                          helper, free, limit, child):
    # worked out by a forked child (stats/background.py) when TIMESTUDY_HELPER=1 asks, or
    # by default for a diary of at most SENSITIVITY_CHILD_ROWS used rows when a processor
    # is free; the same table either way
    import timestudy.models as models_module
    from timestudy._lib import forking
    from timestudy.stats import background

    s, ep = diary
    if helper is None:
        monkeypatch.delenv("TIMESTUDY_HELPER", raising=False)
    else:
        monkeypatch.setenv("TIMESTUDY_HELPER", helper)
    monkeypatch.setattr(forking, "processor_free", lambda: free)
    monkeypatch.setattr(background, "processor_free", lambda: free)
    monkeypatch.setattr(models_module, "SENSITIVITY_CHILD_ROWS", limit)
    forked = []
    start = background.start
    monkeypatch.setattr(background, "start",
                        lambda *a, **k: forked.append(start(*a, **k)) or forked[-1])
    fit = fit_study(ep, s.cases, s.workers, n_boot=9)
    assert [p.forked for p in forked] == [child]
    pd.testing.assert_frame_equal(fit.sensitivity, expected[2], check_exact=True)


def test_fit_study_sensitivity_done_again_here_when_the_child_fails(diary, expected,
                                                                   monkeypatch):
    import os

    from timestudy.models import sensitivity as sens_module

    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    parent, real = os.getpid(), sens_module.pieces_sensitivity

    def fails_in_child(*a, **k):
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        return real(*a, **k)

    monkeypatch.setattr("timestudy.models.pieces_sensitivity", fails_in_child)
    fit = fit_study(ep, s.cases, s.workers, n_boot=9)
    pd.testing.assert_frame_equal(fit.sensitivity, expected[2], check_exact=True)
