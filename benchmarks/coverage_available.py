"""Coverage of the hours-per-FTE-week intervals of ``available_time``, as they are and clipped.

The guide's intervals for hours per FTE-week (worked, non-case, case, out of hours) are the
worker-cluster bootstrap's t interval on the log scale (:func:`timestudy.stats.bootstrap.
cluster_interval`). For a skewed figure from few workers (out-of-hours work, most workers
doing none) its upper limit can lie far above every worker's own figure. This compares it,
on simulated studies with a known population mean, with the same bootstrap's t interval on
the hours' own scale clipped to the workers' range (a resample of the workers cannot leave
it), which a reviewer proposed (2026-12-04).

Population: non-case hours per FTE-week normal(22, 4); out-of-hours hours zero for half the
workers and lognormal(0.5, 1) for the rest (mean 0.5 e^1 = 1.36 h). Run::

    PYTHONPATH=. .venv/bin/python benchmarks/coverage_available.py --workers 20 --studies 300
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

import timestudy.models.cases as cases
from timestudy.stats.distributions import t_ppf

MU_NON_CASE, P_ZERO, LN_MU, LN_SD = 22.0, 0.5, 0.5, 1.0
MU_OOH = (1 - P_ZERO) * np.exp(LN_MU + LN_SD**2 / 2)


def clipped(estimate, reps, n_workers, level=0.95, own=None):
    """The bootstrap's t interval on the hours' scale, within the workers' own range."""
    g = float(n_workers[0])
    se = np.nanstd(reps, axis=0, ddof=1) * np.sqrt(g / (g - 1))
    t = t_ppf(0.5 + level / 2, g - 1)
    return (np.clip(estimate - t * se, own.min(0), own.max(0)),
            np.clip(estimate + t * se, own.min(0), own.max(0)))


def week(non_case: np.ndarray, ooh: np.ndarray) -> pd.DataFrame:
    n = len(non_case)
    return pd.DataFrame({"worker_id": [f"W{i}" for i in range(n)], "fte_weeks": np.ones(n),
                         "contracted_hours": 37.0, "hours_worked": non_case + 4.0,
                         "hours_non_case": non_case, "hours_case": 4.0,
                         "hours_out_of_hours": ooh})


def run(workers: int, studies: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    hits = {"log-t (kept)": np.zeros(2), "clipped t": np.zeros(2)}
    width = {k: np.zeros(2) for k in hits}
    finite = {k: np.zeros(2) for k in hits}  # intervals given (none where every worker has 0)
    keep = cases.cluster_interval
    for r in range(studies):
        nc = rng.normal(MU_NON_CASE, 4, workers).clip(0)
        ooh = np.where(rng.random(workers) < P_ZERO, 0.0,
                       np.exp(rng.normal(LN_MU, LN_SD, workers)))
        own = np.column_stack([nc + 4.0, nc, np.full(workers, 4.0), ooh])
        for name in hits:
            cases.cluster_interval = keep if name.startswith("log") else (
                lambda e, b, n, level=0.95, own=own: clipped(e, b, n, level, own))
            t = cases.available_time(week(nc, ooh), n_boot=199, seed=r).table
            for k, (m, mu) in enumerate((("non_case_hours_per_fte_week", MU_NON_CASE),
                                         ("out_of_hours_per_fte_week", MU_OOH))):
                lo, hi = t.loc[m, ["ci_low", "ci_high"]]
                hits[name][k] += lo <= mu <= hi
                if np.isfinite(hi - lo):
                    width[name][k] += hi - lo
                    finite[name][k] += 1
    cases.cluster_interval = keep
    return {k: (hits[k] / studies, width[k] / np.maximum(finite[k], 1)) for k in hits}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--studies", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2)
    a = ap.parse_args()
    for name, (cover, width) in run(a.workers, a.studies, a.seed).items():
        print(f"{a.workers} workers, {a.studies} studies, {name}: coverage non-case "
              f"{cover[0]:.3f}, out of hours {cover[1]:.3f}; mean width {width[0]:.2f} h, "
              f"{width[1]:.2f} h")


if __name__ == "__main__":
    main()
