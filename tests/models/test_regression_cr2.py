"""Full hours by regression: CR2 standard errors checked against the textbook n-space formula."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.models import regress_full_hours


def _panel(seed: int, n_workers: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = rng.integers(2, 6, n_workers)  # unbalanced: 2 to 5 weeks per worker
    wid = np.repeat([f"w{i}" for i in range(n_workers)], weeks)
    n = len(wid)
    fte = rng.choice([0.6, 0.8, 1.0], n)
    a, b = rng.poisson(6, n).astype(float), rng.poisson(3, n).astype(float)
    effect = np.repeat(rng.normal(0, 2, n_workers), weeks)
    hours = 12 * fte + 2.5 * a + 1.2 * b + effect + rng.normal(0, 3, n)
    return pd.DataFrame({"worker_id": wid, "fte_weeks": fte, "hours_worked": hours,
                         "n_visit": a, "n_report": b, "weight": rng.uniform(0.5, 2.0, n)})


def _cr2_n_space(ww: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """WLS with CR2: X~'(I - H_gg)^(-1/2) e~ per worker, on the root-weighted scale."""
    X = ww[["fte_weeks", "n_visit", "n_report"]].to_numpy()
    sw = np.sqrt(ww["weight"].to_numpy())
    Xt, yt = X * sw[:, None], ww["hours_worked"].to_numpy() * sw
    bread = np.linalg.inv(Xt.T @ Xt)
    coef = bread @ Xt.T @ yt
    e = yt - Xt @ coef
    meat = np.zeros((3, 3))
    for g in ww["worker_id"].unique():
        rows = (ww["worker_id"] == g).to_numpy()
        h = Xt[rows] @ bread @ Xt[rows].T
        vals, vecs = np.linalg.eigh(np.eye(rows.sum()) - h)
        u = Xt[rows].T @ (vecs @ np.diag(vals ** -0.5) @ vecs.T) @ e[rows]
        meat += np.outer(u, u)
    return coef, np.sqrt(np.diag(bread @ meat @ bread))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cr2_equals_the_n_space_formula(seed):
    ww = _panel(seed)
    got = regress_full_hours(ww, min_pieces=1, hours="worked").table
    coef, se = _cr2_n_space(ww)
    np.testing.assert_allclose(got["estimate"].to_numpy(), coef, rtol=1e-10)
    np.testing.assert_allclose(got["se"].to_numpy(), se, rtol=1e-8)


def test_intervals_use_satterthwaite_df_below_workers_less_one():
    ww = _panel(3)
    t = regress_full_hours(ww, min_pieces=1, hours="worked").table
    quantile = ((t["ci_high"] - t["ci_low"]) / 2 / t["se"]).to_numpy()
    # The t quantile of each interval: Satterthwaite df under G - 1 here, so wider than t(G - 1).
    from scipy import stats  # not at collection: every test process collects this module

    assert (quantile > stats.t.ppf(0.975, ww["worker_id"].nunique() - 1)).all()
    np.testing.assert_allclose((t["ci_high"] + t["ci_low"]) / 2, t["estimate"], rtol=1e-12)
