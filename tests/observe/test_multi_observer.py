"""Agreement of three or more observers: Fleiss' kappa, pairwise kappas, bootstrap, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import TimestudyError
from timestudy.observe import (
    MultiObserverAgreement,
    multi_observer_agreement,
    observation_study,
    observer_agreement,
)
from timestudy.simulate import second_observer
from timestudy.stats.fleiss import fleiss_from_sums, session_sums

T0 = pd.Timestamp("2026-03-09 09:00")


def fleiss_kappa(table):
    """statsmodels' Fleiss kappa (its inter_rater module, with scipy.stats, imported when a
    test asks, not at collection, which every test process makes)."""
    from statsmodels.stats.inter_rater import fleiss_kappa as reference

    return reference(table)


def aggregate_raters(labels, n_cat):
    """statsmodels' ``aggregate_raters`` (imported as :func:`fleiss_kappa` says)."""
    from statsmodels.stats.inter_rater import aggregate_raters as reference

    return reference(labels, n_cat=n_cat)


def sequence(tasks, observer, worker="W1", start=T0, unit="s", session=None) -> pd.DataFrame:
    """Back-to-back episodes from ``(duration, category)`` pairs, for one observer's session."""
    ends = np.cumsum([d for d, _ in tasks])
    begins = np.concatenate([[0], ends[:-1]])
    return pd.DataFrame(
        {
            "worker_id": worker,
            "observer": observer,
            "session_id": session or f"{worker}-{start:%m%d}-{observer}",
            "start": start + pd.to_timedelta(begins, unit=unit),
            "end": start + pd.to_timedelta(ends, unit=unit),
            "category": [c for _, c in tasks],
        }
    )


def simulated(n_sessions=5, observers=("O1", "O2", "O3"), seed=0) -> pd.DataFrame:
    """Joint sessions: the first observer's record, the others' perturbed from it."""
    rng = np.random.default_rng(seed)
    frames = []
    for k in range(n_sessions):
        tasks = [(int(rng.integers(60, 900)), str(rng.choice(list("abcde")))) for _ in range(15)]
        base = sequence(tasks, observers[0], f"W{k % 3}", T0 + pd.Timedelta(days=k))
        frames.append(base)
        for j, o in enumerate(observers[1:]):
            b = second_observer(base, jitter_s=10, relabel=0.1, seed=100 * seed + 10 * k + j)
            frames.append(b.assign(observer=o, session_id=f"{base['session_id'].iloc[0]}-{o}"))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def four_minutes():
    # O1 and O2: recording 09:00-09:02, travel 09:02-09:04. O3: recording 09:00-09:01,
    # admin 09:01-09:03, travel 09:03-09:04.
    two = [(2, "recording"), (2, "travel")]
    third = [(1, "recording"), (2, "admin"), (1, "travel")]
    return pd.concat(
        [sequence(two, "O1", unit="min"), sequence(two, "O2", unit="min"),
         sequence(third, "O3", unit="min")],
        ignore_index=True,
    )  # fmt: skip


def test_hand_worked_example(four_minutes):
    # Ratings per minute (admin, recording, travel): (0,3,0), (1,2,0), (1,0,2), (0,0,3).
    # p_j = (2, 5, 5) / 12; chance agreement P_e = (4 + 25 + 25) / 144 = 0.375.
    # P_i = (sum n_ij^2 - 3) / 6 = 1, 1/3, 1/3, 1 -> mean agreement 2/3.
    # kappa = (2/3 - 3/8) / (1 - 3/8) = 7/15 = 0.46667.
    # Category kappas, 1 - sum n(3 - n) / (N m (m-1) p q) with N m (m-1) = 24:
    #   admin: 1 - 4 / (24 * 1/6 * 5/6) = -0.2; recording and travel: 1 - 2 / (24 * 35/144) = 23/35.
    r = multi_observer_agreement(four_minutes)
    assert isinstance(r, MultiObserverAgreement) and r.raters == 3
    for measure, n in (("slices_1s", 240), ("slices_60s", 4)):
        s = r.stats.loc[measure]
        assert s["n"] == n and s["excluded"] == 0 and s["joint_sessions"] == 1
        assert s["observed_agreement"] == pytest.approx(2 / 3)
        assert s["expected_agreement"] == pytest.approx(0.375)
        assert s["estimate"] == pytest.approx(7 / 15)
        kappas = r.categories.loc[measure, "estimate"]
        assert kappas.to_dict() == pytest.approx(
            {"admin": -0.2, "recording": 23 / 35, "travel": 23 / 35}
        )
    assert r.kappa == pytest.approx(7 / 15)
    # Reference: statsmodels on the same table, and on each category against the rest.
    table = np.array([[0, 3, 0], [1, 2, 0], [1, 0, 2], [0, 0, 3]])
    assert fleiss_kappa(table) == pytest.approx(7 / 15)
    for j, label in enumerate(["admin", "recording", "travel"]):
        binary = np.column_stack([table[:, j], 3 - table[:, j]])
        assert fleiss_kappa(binary) == pytest.approx(
            r.categories.loc[("slices_1s", label), "estimate"]
        )
    # Fleiss (1971): kappa is the p_j q_j-weighted mean of the category kappas.
    c = r.categories.loc["slices_1s"]
    pq = c["share"] * (1 - c["share"])
    assert (pq * c["estimate"]).sum() / pq.sum() == pytest.approx(7 / 15)
    # One joint session: no interval, and the result says why.
    assert np.isnan(r.stats.loc["slices_1s", "ci_low"]) and "too few" in r.notes
    assert r.usage.loc["O3", "admin"] == 120 and r.usage.loc["O1", "admin"] == 0
    assert r.categories.loc[("slices_1s", "admin"), "observers_never"] == 2
    assert "admin (O1, O2)" in r.notes


def test_fleiss_1971_table():
    # Fleiss (1971), 10 subjects, 14 raters, 5 categories (as reproduced on Wikipedia):
    # mean agreement 0.378, chance 0.213, kappa 0.210.
    table = np.array(
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
    )  # fmt: skip
    r = fleiss_from_sums(session_sums(np.zeros(10, int), table, np.ones(10), 1)[0], 14)
    assert round(float(r["observed"]), 3) == 0.378 and round(float(r["expected"]), 3) == 0.213
    assert round(float(r["kappa"]), 3) == 0.210
    assert r["kappa"] == pytest.approx(fleiss_kappa(table), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 5),
    st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=5), min_size=2, max_size=12),
    st.lists(st.integers(1, 4), min_size=12, max_size=12),
)
def test_weighted_sums_equal_statsmodels_on_repeated_slices(m, raw, weights):
    # A slice of weight w (seconds, or a session drawn w times) counts as w identical slices.
    k = 4
    labels = np.array([[row[i % len(row)] for i in range(m)] for row in raw])
    counts, _ = aggregate_raters(labels, n_cat=k)
    w = np.array(weights[: len(raw)], float)
    r = fleiss_from_sums(session_sums(np.zeros(len(raw), int), counts, w, 1)[0], m)
    repeated = np.repeat(counts, w.astype(int), axis=0)
    if (repeated.sum(axis=0) > 0).sum() < 2:  # one category only: kappa undefined
        assert np.isnan(r["kappa"])
        return
    assert r["kappa"] == pytest.approx(fleiss_kappa(repeated), abs=1e-12)
    for j in range(k):
        if 0 < counts[:, j].sum() < counts.sum():
            binary = np.column_stack([repeated[:, j], m - repeated[:, j]])
            assert r["per_category"][j] == pytest.approx(fleiss_kappa(binary), abs=1e-12)


def scotts_pi(table: pd.DataFrame) -> tuple[float, float]:
    """Scott (1955): chance agreement from the two observers' pooled shares."""
    t = table.to_numpy(float) / table.to_numpy().sum()
    pooled = (t.sum(axis=0) + t.sum(axis=1)) / 2
    po, pe = np.trace(t), (pooled**2).sum()
    return po, (po - pe) / (1 - pe)


def test_two_observers_give_scotts_pi():
    eps = simulated(n_sessions=4, observers=("O1", "O2"), seed=3)
    multi = multi_observer_agreement(eps)
    two = observer_agreement(eps)
    assert multi.raters == 2
    for measure in ("slices_1s", "slices_60s"):
        po, pi = scotts_pi(two.confusion[measure])
        s = multi.stats.loc[measure]
        assert s["estimate"] == pytest.approx(pi, abs=1e-12)
        assert s["observed_agreement"] == pytest.approx(po, abs=1e-12)
        assert s["n"] == pytest.approx(two.stats.loc[measure, "n"])
        assert s["excluded"] == pytest.approx(two.stats.loc[measure, "excluded"])
        # Cohen's chance agreement is never above Scott's, so kappa >= pi.
        assert two.stats.loc[measure, "estimate"] >= pi - 1e-12
    # The pairwise table is observer_agreement's, row for row.
    pw = multi.pairwise.set_index("measure")
    for measure in ("slices_1s", "slices_60s", "task_pairs"):
        assert pw.loc[measure, "estimate"] == pytest.approx(two.stats.loc[measure, "estimate"])
        assert pw.loc[measure, "n"] == two.stats.loc[measure, "n"]


def test_pairwise_covers_every_pair_of_observers():
    eps = simulated(n_sessions=3, observers=("O1", "O2", "O3", "O4"), seed=1)
    r = multi_observer_agreement(eps, window=30)
    assert r.raters == 4 and r.observers == ["O1", "O2", "O3", "O4"]
    one = r.pairwise[r.pairwise["measure"] == "slices_1s"]
    assert len(one) == 6 and set(r.pairwise["measure"]) == {"slices_1s", "slices_30s", "task_pairs"}
    sub = eps[eps["observer"].isin(["O2", "O4"])]
    ref = observer_agreement(sub, window=30).stats.loc["slices_30s", "estimate"]
    row = r.pairwise.query("observer_a == 'O2' and observer_b == 'O4' and measure == 'slices_30s'")
    assert row["estimate"].iloc[0] == pytest.approx(ref)
    assert 0.5 < r.kappa < 1 and r.stats["joint_sessions"].tolist() == [3.0, 3.0]


def test_bootstrap_resamples_sessions_not_slices():
    # Four joint sessions with the same record: any resample of sessions has the same kappa,
    # so the bootstrap has no spread (a bootstrap of slices would).
    a = [(60, "recording"), (60, "admin"), (60, "travel"), (60, "recording")]
    b = [(60, "recording"), (90, "admin"), (30, "travel"), (60, "recording")]
    frames = [
        sequence(tasks, o, worker=f"W{d}", start=T0 + pd.Timedelta(days=d))
        for d in range(4)
        for o, tasks in (("O1", a), ("O2", a), ("O3", b))
    ]
    r = multi_observer_agreement(pd.concat(frames), n_boot=200, seed=1)
    s = r.stats.loc["slices_1s"]
    assert s["joint_sessions"] == 4 and 0 < s["estimate"] < 1
    assert np.allclose(r.replicates["slices_1s"], s["estimate"])
    assert s["se"] == pytest.approx(0, abs=1e-12) and s["ci_low"] == pytest.approx(s["estimate"])
    # Two different sessions: every replicate is one of the three resamples (1+1, 1+2, 2+2).
    two = pd.concat(frames[:3] + [sequence(a, o, "W9", T0 + pd.Timedelta(days=9)) for o in "XYZ"])
    two["observer"] = two["observer"].replace({"X": "O1", "Y": "O2", "Z": "O3"})
    r2 = multi_observer_agreement(two, n_boot=300, seed=2)
    reps = np.round(r2.replicates["slices_1s"].to_numpy(), 12)
    assert len(np.unique(reps)) == 3 and r2.stats.loc["slices_1s", "joint_sessions"] == 2
    assert np.isnan(r2.stats.loc["slices_1s", "ci_high"])
    assert "Only 2 joint session(s): too few for an interval" in r2.notes


def test_interval_with_several_sessions():
    r = multi_observer_agreement(simulated(n_sessions=6, seed=5), n_boot=400)
    s = r.stats.loc["slices_60s"]
    assert s["ci_low"] < s["estimate"] < s["ci_high"] <= 1 and s["se"] > 0
    assert r.replicates.shape == (400, 2)
    # the same seed gives the same interval
    again = multi_observer_agreement(simulated(n_sessions=6, seed=5), n_boot=400)
    assert again.stats.loc["slices_60s", "ci_low"] == s["ci_low"]


def test_excluded_sessions_are_counted(four_minutes):
    alone = sequence([(30, "admin")], "O9", worker="W2", unit="min")  # nobody else saw W2
    later = T0 + pd.Timedelta(days=1)
    pair_only = pd.concat(  # a joint session with two of the three observers
        [sequence([(5, "admin")], o, worker="W1", start=later, unit="min") for o in ("O1", "O2")]
    )
    r = multi_observer_agreement(pd.concat([four_minutes, alone, pair_only]))
    reasons = r.excluded.set_index("session")["reason"]
    assert reasons[alone["session_id"].iloc[0]].startswith("no other observer")
    assert (reasons.str.contains("2 of 3 observers")).sum() == 2
    assert "1 session(s) left out" in r.notes and "1 joint session(s) with fewer than 3" in r.notes
    assert r.sessions["included"].tolist() == [True, False]
    assert r.observers == ["O1", "O2", "O3"] and r.usage.index.tolist() == r.observers
    assert "O9" not in r.notes  # not listed as never giving any label
    assert r.stats.loc["slices_60s", "estimate"] == pytest.approx(7 / 15)  # unchanged
    assert set(r.tables()) >= {"multi_agreement", "multi_agreement_excluded"}


def test_sessions_linked_by_a_column(four_minutes):
    # pair_by=<column>: only sessions sharing the value form a joint session.
    linked = multi_observer_agreement(four_minutes.assign(visit="v1"), pair_by="visit")
    assert linked.stats.loc["slices_60s", "estimate"] == pytest.approx(7 / 15)
    split = four_minutes.assign(visit=four_minutes["observer"].map({"O1": "v1", "O2": "v1"}))
    r = multi_observer_agreement(split.fillna({"visit": "v2"}), pair_by="visit")
    assert r.raters == 2 and r.observers == ["O1", "O2"] and r.kappa == pytest.approx(1.0)
    assert "no other observer's session shares the `visit` of them" in r.notes


def test_late_observer_slices_are_excluded_not_scored(four_minutes):
    # O3 arrives one minute late: only the last three minutes have three ratings.
    late = four_minutes.copy()
    first = late.index[(late["observer"] == "O3")][0]
    late = late.drop(index=first).reset_index(drop=True)
    r = multi_observer_agreement(late)
    s = r.stats.loc["slices_60s"]
    assert s["n"] == 3 and s["excluded"] == 0  # clipped to the time all three recorded
    assert r.sessions["common_min"].iloc[0] == 3


def test_sessions_overlapping_only_in_a_chain():
    # O1 09:00-10:00, O2 09:50-11:00, O3 10:30-11:30: one joint session, never all at once.
    eps = pd.concat(
        [
            sequence([(60, "admin")], "O1", unit="min"),
            sequence([(70, "admin")], "O2", start=T0 + pd.Timedelta(minutes=50), unit="min"),
            sequence([(60, "travel")], "O3", start=T0 + pd.Timedelta(minutes=90), unit="min"),
        ]
    )
    r = multi_observer_agreement(eps, n_boot=20)
    assert r.raters == 3 and r.stats["n"].tolist() == [0.0, 0.0]
    assert r.stats["estimate"].isna().all() and "only in a chain" in r.notes
    assert r.sessions["common_min"].tolist() == [0.0]
    # observation_study still runs, and needs the observer column to try.
    assert observation_study(eps).multi_agreement.stats["estimate"].isna().all()
    assert observation_study(eps.drop(columns="observer")).multi_agreement is None


def test_bad_input_messages(four_minutes):
    with pytest.raises(TimestudyError, match="no column `observer`.*observer="):
        multi_observer_agreement(four_minutes.drop(columns="observer"))
    with pytest.raises(TimestudyError, match="no column `visit`.*session="):
        multi_observer_agreement(four_minutes, session="visit")
    with pytest.raises(TimestudyError, match="one observer only \\('O1'\\)"):
        multi_observer_agreement(four_minutes.assign(observer="O1"))
    apart = four_minutes.assign(
        worker_id=four_minutes["observer"].map({"O1": "A", "O2": "B", "O3": "C"})
    )
    with pytest.raises(TimestudyError, match="no joint sessions"):
        multi_observer_agreement(apart)
    with pytest.raises(TimestudyError, match="`window`"):
        multi_observer_agreement(four_minutes, window=0)
    with pytest.raises(TimestudyError, match="`n_boot`"):
        multi_observer_agreement(four_minutes, n_boot=1)
    with pytest.raises(TimestudyError, match="no column `category`.*categorise"):
        multi_observer_agreement(four_minutes.drop(columns="category"))


def test_a_category_missing_in_some_observers():
    # O3 never uses "travel" (records it as admin); the category still counts for the others.
    a = [(60, "recording"), (60, "travel"), (60, "admin")]
    b = [(60, "recording"), (120, "admin")]
    eps = pd.concat([sequence(a, "O1"), sequence(a, "O2"), sequence(b, "O3")])
    eps.loc[eps["category"] == "recording", "category"] = np.nan  # a missing label is a label
    r = multi_observer_agreement(eps)
    cats = r.categories.loc["slices_60s"]
    assert set(cats.index) == {"(missing)", "admin", "travel"}
    assert cats.loc["travel", "observers_never"] == 1 and "travel (O3)" in r.notes
    assert r.usage.loc["O3", "travel"] == 0


def test_display_and_plots(four_minutes):
    r = multi_observer_agreement(four_minutes)
    assert "Fleiss" in repr(r) and "Scott's pi" in repr(r)
    assert "<h4>" in r._repr_html_() and "slices_1s" in r._repr_html_()
    assert len(r.to_frame()) == 1 and r.summary().index.tolist() == ["slices_1s", "slices_60s"]
    assert "Fleiss' kappa 0.47" in r.plot().get_title()
    assert r.plot(kind="categories").get_xlabel().startswith("kappa of the category")
    with pytest.raises(TimestudyError, match="`kind`"):
        r.plot(kind="nonsense")
    lean = multi_observer_agreement(four_minutes, pairwise=False)
    assert lean.pairwise.empty and list(lean.pairwise.columns) == list(r.pairwise.columns)
    with pytest.raises(TimestudyError, match="pairwise=True"):
        lean.plot()


def test_study_includes_it_with_three_observers():
    eps = simulated(n_sessions=3, seed=2)
    study = observation_study(eps)
    assert study.multi_agreement is not None and "multi_agreement" in study.results()
    summary = study.summary()["value"]
    assert summary["observers_per_joint_session"] == 3
    assert summary["fleiss_kappa_slices_1s"] == pytest.approx(study.multi_agreement.kappa)
    assert "Pairs of observers" in study.to_html()
    two = observation_study(simulated(n_sessions=2, observers=("O1", "O2"), seed=2))
    assert two.multi_agreement is None and "fleiss_kappa_slices_1s" not in two.summary().index


def task_lists(min_size=2):
    return st.lists(
        st.tuples(st.integers(1, 6), st.sampled_from("abcd")), min_size=min_size, max_size=7
    )


@settings(max_examples=30, deadline=None)
@given(task_lists(), st.integers(2, 4))
def test_kappa_is_one_when_all_observers_agree(tasks, m):
    eps = pd.concat([sequence(tasks, f"O{i}", unit="min") for i in range(m)])
    r = multi_observer_agreement(eps, n_boot=20, pairwise=False)
    assert r.stats["observed_agreement"].tolist() == pytest.approx([1.0, 1.0])
    if len({c for _, c in tasks}) > 1:
        assert r.stats["estimate"].tolist() == pytest.approx([1.0, 1.0])
        assert r.categories["estimate"].to_numpy() == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(st.lists(task_lists(), min_size=3, max_size=3), st.permutations("abcd"))
def test_invariant_to_relabelling_categories(per_observer, perm):
    # Whole minutes and 60-second slices: no slice is shared by two labels, so no tie is
    # broken by label order (the slicing breaks ties by the first label in sorted order).
    eps = pd.concat([sequence(t, f"O{i}", unit="min") for i, t in enumerate(per_observer)])
    rename = dict(zip("abcd", perm, strict=True))
    r = multi_observer_agreement(eps, n_boot=20, pairwise=False)
    relabelled = eps.assign(category=eps["category"].map(rename))
    r2 = multi_observer_agreement(relabelled, n_boot=20, pairwise=False)
    cols = ["n", "excluded", "observed_agreement", "expected_agreement", "estimate"]
    pd.testing.assert_frame_equal(r.stats[cols], r2.stats[cols], rtol=1e-12, atol=1e-12)
    k1 = r.categories["estimate"].rename(index=rename, level="label").sort_index()
    pd.testing.assert_series_equal(
        k1, r2.categories["estimate"].sort_index(), rtol=1e-12, atol=1e-12
    )
