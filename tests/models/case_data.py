"""Case-month panels generated from the case models with a known truth (tests of tests/models)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Multipliers of the generated panels, by term of the design.
TRUTH = {"baseline_hours_per_month": 5.0, "case_type=CLA": 1.5, "case_type=CP": 2.0,
         "travel_miles": np.exp(0.01), "n_professionals": np.exp(0.05),
         "n_children": np.exp(0.15), "in_proceedings": 1.8}


def case_panel(n_workers: int = 60, per_worker: int = 15, seed: int = 0) -> pd.DataFrame:
    """Cases with drivers, exposure and the true mean hours ``mean_hours`` (no response yet)."""
    rng = np.random.default_rng(seed)
    n = n_workers * per_worker
    d = pd.DataFrame({
        "case_id": np.arange(n).astype(str),
        "worker_id": np.repeat([f"W{i:03d}" for i in range(n_workers)], per_worker),
        "case_type": rng.choice(["CIN", "CP", "CLA"], n),
        "travel_miles": rng.gamma(2, 10, n),
        "n_professionals": rng.poisson(4, n).astype(float),
        "n_children": (1 + rng.poisson(0.6, n)).astype(float),
        "in_proceedings": rng.random(n) < 0.2,
        "case_months": rng.choice([0.5, 0.92], n),
        "weight": 1.0,
    })
    log_m = np.log(pd.Series(TRUTH))
    eta = (log_m["baseline_hours_per_month"]
           + log_m["case_type=CP"] * (d["case_type"] == "CP")
           + log_m["case_type=CLA"] * (d["case_type"] == "CLA")
           + sum(log_m[c] * d[c] for c in ("travel_miles", "n_professionals", "n_children",
                                              "in_proceedings")))
    d["mean_hours"] = d["case_months"] * np.exp(eta)
    return d


def with_hours(d: pd.DataFrame, hours: np.ndarray) -> pd.DataFrame:
    return d.assign(hours=hours, hours_per_month=hours / d["case_months"]).drop(
        columns="mean_hours")


def gamma_cases(n_workers: int = 60, per_worker: int = 15, seed: int = 0, shape: float = 4.0,
                worker_sd: float = 0.0) -> pd.DataFrame:
    """Gamma hours with the multipliers of TRUTH, times a log-normal worker effect."""
    d = case_panel(n_workers, per_worker, seed)
    rng = np.random.default_rng(seed + 1000)
    effect = np.exp(rng.normal(0, worker_sd, n_workers)) if worker_sd else np.ones(n_workers)
    mean = d["mean_hours"].to_numpy() * np.repeat(effect, per_worker)
    return with_hours(d, rng.gamma(shape, mean / shape))


def tweedie_cases(power: float, phi: float = 1.0, n_workers: int = 60, per_worker: int = 15,
                  seed: int = 0) -> pd.DataFrame:
    """Compound Poisson-Gamma hours: a Poisson number of pieces of work of Gamma length."""
    d = case_panel(n_workers, per_worker, seed)
    rng = np.random.default_rng(seed + 2000)
    mu = d["mean_hours"].to_numpy()
    lam = mu ** (2 - power) / (phi * (2 - power))
    shape = (2 - power) / (power - 1)
    scale = phi * (power - 1) * mu ** (power - 1)
    pieces = rng.poisson(lam)
    hours = np.where(pieces > 0, rng.gamma(np.maximum(pieces, 1) * shape, scale), 0.0)
    return with_hours(d, hours)
