"""Inter-observer agreement: slice and task kappas, concordance, gaps, pairing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import TimestudyError
from timestudy.observe import observer_agreement, paired_sessions
from timestudy.simulate import second_observer
from timestudy.stats.ccc import concordance


@pytest.fixture
def late_call(make):
    # Case notes 09:00-09:40 then a call 09:40-10:00; observer B starts the call 30 s late.
    a = make([("W1", "09:00", "09:40", "recording"), ("W1", "09:40", "10:00", "admin")])
    b = make([("W1", "09:00", "09:40:30", "recording"), ("W1", "09:40:30", "10:00", "admin")])
    return a, b


def test_one_second_slices(late_call):
    r = observer_agreement(*late_call[:1], other=late_call[1])
    t = r.confusion["slices_1s"]
    # 3600 seconds: admin/admin 1170, admin (A) / recording (B) 30, recording/recording 2400
    assert t.loc["admin", "admin"] == 1170 and t.loc["admin", "recording"] == 30
    assert t.loc["recording", "recording"] == 2400 and t.loc["recording", "admin"] == 0
    # p_o = 3570 / 3600; p_e = (1200/3600)(1170/3600) + (2400/3600)(2430/3600) = 0.558333
    po, pe = 3570 / 3600, (1200 * 1170 + 2400 * 2430) / 3600**2
    s = r.stats.loc["slices_1s"]
    assert s["observed_agreement"] == pytest.approx(po)
    assert s["estimate"] == pytest.approx((po - pe) / (1 - pe))  # 0.98113
    # Reference: statsmodels on the same table (imported here, by the one test using it, not
    # by every test process collecting the module).
    from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

    ref = sm_kappa(t.to_numpy())
    assert s["estimate"] == pytest.approx(ref.kappa) and s["se"] == pytest.approx(ref.std_kappa)


def test_gaps_and_matches(late_call):
    r = observer_agreement(late_call[0], other=late_call[1])
    assert r.matches["start_gap_s"].tolist() == [0.0, 30.0]
    assert r.matches["end_gap_s"].tolist() == [30.0, 0.0]
    assert r.gaps.loc["start_gap", "mean_abs_s"] == 15.0
    assert r.stats.loc["task_pairs", "estimate"] == 1.0
    assert r.matches["row_b"].tolist() == [0, 1]  # positions in `other`
    assert r.summary().loc["start_gap_abs_s", "estimate"] == 15.0
    # durations 40 / 40.5 and 20 / 19.5 minutes: Lin's CCC by hand
    x, y = np.array([40, 20.0]), np.array([40.5, 19.5])
    ccc = 2 * np.mean((x - 30) * (y - 30)) / (x.var() + y.var() + 0.0)
    assert r.stats.loc["duration_ccc", "estimate"] == pytest.approx(ccc)  # 0.99881


def test_window_slices_take_the_majority(make):
    # A: recording 100 s then admin; B: recording 80 s then admin, over 180 s.
    # 60-s slices: [0, 60) both recording; [60, 120) A recording (40 s of 60), B admin (40 s)
    # -> disagree; [120, 180) both admin.
    a = make([("W", "09:00:00", "09:01:40", "recording"), ("W", "09:01:40", "09:03:00", "admin")])
    b = make([("W", "09:00:00", "09:01:20", "recording"), ("W", "09:01:20", "09:03:00", "admin")])
    r = observer_agreement(a, other=b, window=60)
    t = r.confusion["slices_60s"]
    assert t.loc["recording", "recording"] == 1 and t.loc["recording", "admin"] == 1
    assert t.loc["admin", "admin"] == 1 and t.to_numpy().sum() == 3
    one = r.confusion["slices_1s"]
    assert one.loc["recording", "admin"] == 20 and one.to_numpy().sum() == 180


def test_nested_tasks_match_their_counterparts(make):
    # A short email inside a long task must match the other observer's email, not the long task.
    a = make([("W", "09:00", "10:00", "recording"), ("W", "09:20", "09:25", "admin")])
    b = make([("W", "09:00:05", "10:00", "recording"), ("W", "09:20:30", "09:25", "admin")])
    r = observer_agreement(a, other=b)
    assert r.matches[["label_a", "label_b"]].to_numpy().tolist() == [
        ["recording", "recording"],
        ["admin", "admin"],
    ]
    assert r.stats.loc["task_pairs", "excluded"] == 0


def test_concordance_by_hand():
    # x = 1, 2, 3, 4 and y = 1.5, 2, 3.5, 4: means 2.5 and 2.75, variances (/n) 1.25 and
    # 1.0625, covariance 1.125 -> CCC = 2.25 / (1.25 + 1.0625 + 0.0625) = 0.947368
    r = concordance(np.array([1.0, 2, 3, 4]), np.array([1.5, 2, 3.5, 4]))
    assert r["ccc"] == pytest.approx(2.25 / 2.375)
    # Lin's z-transform interval: r = 1.125 / sqrt(1.25 * 1.0625), u = -0.25 / (1.25 * 1.0625)^.25
    c, p = 2.25 / 2.375, 1.125 / np.sqrt(1.25 * 1.0625)
    u = -0.25 / (1.25 * 1.0625) ** 0.25
    var_z = (
        (1 - p**2) * c**2 / ((1 - c**2) * p**2)
        + 2 * c**3 * (1 - c) * u**2 / (p * (1 - c**2) ** 2)
        - c**4 * u**4 / (2 * p**2 * (1 - c**2) ** 2)
    ) / (4 - 2)
    assert r["ci_low"] == pytest.approx(np.tanh(np.arctanh(c) - 1.959964 * np.sqrt(var_z)))
    assert r["ci_low"] < r["ccc"] < r["ci_high"] < 1
    # Equal means and variances: CCC equals Pearson's r.
    x = np.array([1.0, 2, 3, 4, 5])
    y = np.array([2.0, 1, 3, 5, 4])
    assert concordance(x, y)["ccc"] == pytest.approx(np.corrcoef(x, y)[0, 1])


def test_concordance_of_uncorrelated_durations():
    # x = 1, 2, 3 and y = 1, 3, 1: covariance 0, so r = 0 and CCC = 0. Lin's variance divides
    # by r only through ccc / r = C_b = 2 s_x s_y / (s_x^2 + s_y^2 + (mean_x - mean_y)^2),
    # so at r = 0 it is C_b^2 / (n - 2), here with n - 2 = 1 (found by a property test of
    # multi_observer_agreement: this used to raise ZeroDivisionError).
    x, y = np.array([1.0, 2, 3]), np.array([1.0, 3, 1])
    r = concordance(x, y)
    assert r["ccc"] == 0 and r["pearson"] == 0
    sx2, sy2, d = x.var(), y.var(), x.mean() - y.mean()
    cb = 2 * np.sqrt(sx2 * sy2) / (sx2 + sy2 + d**2)
    assert r["ci_high"] == pytest.approx(np.tanh(1.959964 * cb))
    assert r["ci_low"] == pytest.approx(-r["ci_high"])


def test_pairing_in_one_table(make):
    # Three observers shadow W1 in overlapping sessions (three pairs); W2's sessions do not
    # overlap (no pair).
    eps = make(
        [
            ("W1", "09:00", "10:00", "recording"),
            ("W1", "09:10", "10:00", "recording"),
            ("W1", "09:00", "09:50", "recording"),
            ("W2", "09:00", "10:00", "admin"),
            ("W2", "11:00", "12:00", "admin"),
        ],
        observer=["O1", "O2", "O3", "O1", "O2"],
        session_id=["S1", "S2", "S3", "S4", "S5"],
    )
    pairs = paired_sessions(eps)
    assert len(pairs) == 3 and set(pairs["worker"]) == {"W1"}
    first = pairs[(pairs["session_a"] == "S1") & (pairs["session_b"] == "S2")].iloc[0]
    assert first["common_min"] == 50  # 09:10-10:00
    linked = paired_sessions(eps.assign(pair=["p", "p", "q", "r", "r"]), pair_by="pair")
    assert len(linked) == 1  # S1 with S2 only (S4 and S5 do not overlap)
    r = observer_agreement(eps)
    assert len(r.pairs) == 3 and r.kappa != r.kappa  # one category only: kappa undefined (NaN)
    with pytest.raises(TimestudyError, match="no paired sessions"):
        observer_agreement(eps[eps["worker_id"] == "W2"])


def test_sessions_without_an_observer_column(make):
    # Each session is then its own observer (this used to fail with duplicate column labels).
    eps = make(
        [("W1", "09:00", "10:00", "admin"), ("W1", "09:15", "10:30", "admin")],
        session_id=["S1", "S2"],
    )
    pairs = paired_sessions(eps)
    assert pairs[["observer_a", "observer_b", "common_min"]].to_dict("records") == [
        {"observer_a": "S1", "observer_b": "S2", "common_min": 45.0}
    ]


def test_second_observer_without_noise_agrees(make):
    eps = make(
        [
            ("W", "09:00", "09:30", "recording"),
            ("W", "09:30", "09:45", "admin"),
            ("W", "09:45", "10:30", "travel"),
        ]
    )
    b = second_observer(eps, jitter_s=0, relabel=0, seed=1)
    r = observer_agreement(eps, other=b)
    assert r.kappa == 1.0 and r.stats.loc["task_pairs", "estimate"] == 1.0
    assert (r.matches["start_gap_s"] == 0).all()
    noisy = second_observer(eps, jitter_s=20, relabel=0, seed=2)
    assert (noisy["end"].iloc[:-1].to_numpy() == noisy["start"].iloc[1:].to_numpy()).all()


@settings(max_examples=25)
@given(
    st.lists(st.tuples(st.integers(1, 20), st.sampled_from("abcd")), min_size=2, max_size=8),
    st.integers(1, 120),
)
def test_kappa_of_a_sequence_with_itself_is_one(tasks, window):
    t0 = pd.Timestamp("2026-03-09 09:00")
    ends = np.cumsum([m for m, _ in tasks])
    eps = pd.DataFrame(
        {
            "worker_id": "W",
            "start": t0 + pd.to_timedelta(np.concatenate([[0], ends[:-1]]), unit="min"),
            "end": t0 + pd.to_timedelta(ends, unit="min"),
            "category": [c for _, c in tasks],
        }
    )
    r = observer_agreement(eps, other=eps, window=window)
    assert r.stats.loc["slices_1s", "observed_agreement"] == pytest.approx(1.0)
    assert r.stats.loc["task_pairs", "n"] == len(tasks)
    if len({c for _, c in tasks}) > 1:
        assert r.kappa == pytest.approx(1.0)
        assert r.stats.loc["task_pairs", "estimate"] == pytest.approx(1.0)


def test_errors_and_plots(late_call):
    a, b = late_call
    with pytest.raises(TimestudyError, match="`window`"):
        observer_agreement(a, other=b, window=0)
    r = observer_agreement(a, other=b)
    assert "CCC" in r.plot().get_title()
    assert r.plot(kind="gaps").get_xlabel().startswith("observer B")
    assert "kappa" in r.plot(kind="confusion").get_title()
    assert "not independent" in repr(r)


@settings(max_examples=25)
@given(
    st.lists(st.tuples(st.integers(1, 300), st.sampled_from("abc")), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(1, 300), st.sampled_from("abc")), min_size=1, max_size=6),
    st.sampled_from([7, 30, 60]),
)
def test_slices_match_a_second_by_second_count(seq_a, seq_b, window):
    # Two back-to-back sequences in whole seconds; label each second, then each slice by the
    # label with the most seconds in it (the first in alphabetical order on a tie).
    t0 = pd.Timestamp("2026-03-09 09:00")

    def frame(seq):
        ends = np.cumsum([s for s, _ in seq])
        return pd.DataFrame(
            {
                "worker_id": "W",
                "start": t0 + pd.to_timedelta(np.concatenate([[0], ends[:-1]]), unit="s"),
                "end": t0 + pd.to_timedelta(ends, unit="s"),
                "category": [c for _, c in seq],
            }
        )

    a, b = frame(seq_a), frame(seq_b)
    common = min(a["end"].max(), b["end"].max()) - t0
    n = int(common.total_seconds())
    per_second = [np.repeat([c for _, c in seq], [s for s, _ in seq])[:n] for seq in (seq_a, seq_b)]
    r = observer_agreement(a, other=b, window=window)
    one = r.confusion["slices_1s"]
    for x in one.index:
        for y in one.columns:
            expected = np.sum((per_second[0] == x) & (per_second[1] == y))
            assert one.loc[x, y] == expected
    slices = []
    for labels in per_second:
        chunks = [labels[i : i + window] for i in range(0, n, window)]
        slices.append([min(set(c), key=lambda v, c=c: (-np.sum(c == v), v)) for c in chunks])
    win = r.confusion[f"slices_{window}s"]
    for x in win.index:
        for y in win.columns:
            expected = sum(p == x and q == y for p, q in zip(*slices, strict=True))
            assert win.loc[x, y] == expected
