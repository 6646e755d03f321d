"""agreement(): Cohen's kappa against hand computation and statsmodels; tables and plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import Agreement, DataQualityWarning, TimestudyError, agreement
from timestudy.stats.kappa import cohens_kappa


def test_kappa_hand_computed_two_by_two():
    # 50 items: both yes 20, rater 1 yes / rater 2 no 5, 10 the other way, both no 15.
    # p_o = 35/50 = 0.7; p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4.
    r = cohens_kappa([[20, 5], [10, 15]])
    assert r["observed"] == pytest.approx(0.7)
    assert r["expected"] == pytest.approx(0.5)
    assert r["kappa"] == pytest.approx(0.4)
    # Fleiss, Cohen & Everitt (1969) variance by hand:
    # A = 0.4 (1 - (0.5 + 0.6) 0.6)^2 + 0.3 (1 - (0.5 + 0.4) 0.6)^2 = 0.4 x 0.1156 + 0.3 x 0.2116
    # B = (1 - k)^2 sum_{i != j} p_ij (p_.i + p_j.)^2, column margin of i plus row margin of j:
    #   = 0.6^2 [0.1 (0.6 + 0.5)^2 + 0.2 (0.4 + 0.5)^2] = 0.36 x (0.121 + 0.162)
    # C = (0.4 - 0.5 x 0.6)^2 = 0.01; var = (A + B - C) / (50 x 0.25)
    a = 0.4 * 0.1156 + 0.3 * 0.2116
    b = 0.36 * (0.121 + 0.162)
    assert r["se"] == pytest.approx(np.sqrt((a + b - 0.01) / 12.5))  # 0.1270


def test_kappa_fleiss_levin_paik_example():
    # Fleiss, Levin & Paik (2003), table 18.1: kappa = (0.89 - 0.66) / 0.34 = 0.68.
    r = cohens_kappa([[75, 1, 4], [5, 4, 1], [0, 0, 10]])
    assert r["kappa"] == pytest.approx(0.23 / 0.34)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kappa_and_se_match_statsmodels(seed):
    # imported here, not at the top: every test process collecting the module imported
    # statsmodels (0.4 s of processor time), most never running this test
    from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

    table = np.random.default_rng(seed).integers(0, 40, size=(5, 5)) + np.eye(5, dtype=int) * 60
    ours, ref = cohens_kappa(table), sm_kappa(table)
    assert ours["kappa"] == pytest.approx(ref.kappa, rel=1e-12)
    assert ours["se"] == pytest.approx(ref.std_kappa, rel=1e-12)


def test_kappa_degenerate_tables():
    assert np.isnan(cohens_kappa([[10, 0], [0, 0]])["kappa"])  # one category only
    assert np.isnan(cohens_kappa([[0, 0], [0, 0]])["kappa"])
    perfect = cohens_kappa([[3, 0], [0, 7]])
    assert perfect["kappa"] == 1 and perfect["se"] == 0
    with pytest.raises(TimestudyError, match="square"):
        cohens_kappa([[1, 2, 3]])


def test_agreement_on_simulated_coding(study):
    rng = np.random.default_rng(4)
    manual = study.diary["true_task_type"].to_numpy(dtype=object).copy()
    flip = rng.random(len(manual)) < 0.1
    manual[flip] = rng.choice(manual, flip.sum())
    eps = study.diary.assign(manual_task_type=manual)
    eps.loc[eps.index[:5], "manual_task_type"] = None
    a = agreement(eps)  # categorises first: no task_type column
    assert isinstance(a, Agreement) and a.n_excluded == 5
    row = a.stats.loc["task_type"]
    # ~10% relabelled at random (a few to their own label again), and the simulator's typos
    # and vague texts leave about 1-2% of episodes wrongly or not categorised.
    assert 0.86 < row["observed_agreement"] < 0.93
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert a.stats.loc["category", "observed_agreement"] >= row["observed_agreement"]
    ref = a.statsmodels("task_type")
    assert row["estimate"] == pytest.approx(ref.kappa)
    assert row["ci_low"] == pytest.approx(ref.kappa_low)
    table = a.to_frame("task_type")
    assert table.to_numpy().sum() == len(eps) - 5
    assert np.trace(table.to_numpy()) / table.to_numpy().sum() == pytest.approx(row["observed_agreement"])
    assert a.to_frame("category", weight="minutes").to_numpy().sum() == pytest.approx(
        row["minutes"]
    )
    per = a.per_label("category")
    assert per["manual"].sum() == len(eps) - 5
    assert per["recall"].dropna().between(0, 1).all()  # no manual label "uncategorised": NaN


def test_time_weighted_agreement_and_categories():
    eps = pd.DataFrame(
        {
            "manual_task_type": ["statutory_visit", "case_notes", "travel", "case_notes"],
            "task_type": ["statutory_visit", "case_notes", "travel", "chronology"],
            "duration_min": [60, 30, 20, 10],
        }
    )
    a = agreement(eps)
    assert a.stats.loc["task_type", "observed_agreement"] == 0.75
    assert a.stats.loc["task_type", "time_weighted_agreement"] == pytest.approx(110 / 120)
    assert a.stats.loc["category", "observed_agreement"] == 1.0  # chronology is recording too
    assert list(a.to_frame("category").index) == ["direct_work", "recording", "travel"]


def test_agreement_plot_and_write(study, tmp_path):
    a = agreement(study.diary, manual="true_task_type")
    assert a.stats.loc["category", "estimate"] > 0.98
    ax = a.plot()
    assert ax.get_ylabel() == "manual (true_task_type)" and "kappa" in ax.get_title()
    paths = a.write(tmp_path)
    assert paths["heatmap_task_type"].exists() and paths["confusion_category"].exists()
    assert "Fleiss-Cohen-Everitt" in repr(a) and "<table" in a._repr_html_()


def test_agreement_errors_and_warnings():
    eps = pd.DataFrame({"manual": ["travel", "x_code"], "task_type": ["travel", "travel"]})
    with pytest.raises(TimestudyError, match=r"`manual` column 'manual_task_type' is not in"):
        agreement(eps)
    with pytest.warns(DataQualityWarning, match=r"neither task types nor categories.*x_code"):
        agreement(eps, manual="manual")
    with pytest.raises(TimestudyError, match="no episode has both"):
        agreement(eps.assign(manual=None), manual="manual")
    with pytest.raises(TimestudyError, match="`by` must be one of"):
        agreement(eps.iloc[:1], manual="manual").to_frame("task")
