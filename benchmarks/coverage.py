"""Coverage of the 95% intervals over repeated simulated studies (issue 5, item 8).

Each replication simulates a study of 120 workers x 4 weeks with a new seed, fits
every ratio estimator with a 999-replicate worker-cluster bootstrap, and checks
whether each interval contains the population value. The population value is
taken from one very large simulated study (4,000 workers, seed 0), whose own
sampling error is about a sixth of a 120-worker study's, so the coverage
measured here is, if anything, slightly understated.

Run: ``.venv/bin/python benchmarks/coverage.py [--reps 40]``; the result is
written to the ``Interval coverage`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timestudy import simulate_study  # noqa: E402
from timestudy.models import fit_study  # noqa: E402


def population(n_workers: int) -> dict:
    return simulate_study(n_workers=n_workers, weeks=4, seed=0).truth


def one_replication(seed: int, pop: dict, n_workers: int) -> list[dict]:
    s = simulate_study(n_workers=n_workers, weeks=4, seed=seed)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    fit = fit_study(ep, s.cases, s.workers, n_boot=999, seed=seed)
    rows = []
    cw = fit.case_weights.table
    for k, value in pop["hours_per_case_month"].items():
        rows.append({"measure": f"hours per case-month {k}", "truth": value,
                     "low": cw.loc[k, "hours_per_case_month_ci_low"],
                     "high": cw.loc[k, "hours_per_case_month_ci_high"]})
    tt = fit.task_times.table
    for task in ("statutory_visit", "core_group", "court_statement", "case_notes",
                 "professional_liaison"):
        rows.append({"measure": f"direct minutes {task}",
                     "truth": pop["direct_minutes_per_instance"][task],
                     "low": tt.loc[task, "direct_min_ci_low"],
                     "high": tt.loc[task, "direct_min_ci_high"]})
    for task in ("statutory_visit", "core_group", "court_hearing"):
        rows.append({"measure": f"full hours {task}", "truth": pop["full_hours_per_instance"][task],
                     "low": tt.loc[task, "full_hours_ci_low"],
                     "high": tt.loc[task, "full_hours_ci_high"]})
    av = fit.available.table.loc["non_case_hours_per_fte_week"]
    rows.append({"measure": "non-case hours per FTE-week",
                 "truth": pop["non_case_hours_per_fte_week"], "low": av["ci_low"],
                 "high": av["ci_high"]})
    for r in rows:
        r["seed"] = seed
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--workers", type=int, default=120)
    parser.add_argument("--population", type=int, default=4000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    pop = population(args.population)
    rows = []
    for r in range(args.reps):
        rows += one_replication(1000 + r, pop, args.workers)
        print(f"replication {r + 1}/{args.reps}", flush=True)
    d = pd.DataFrame(rows)
    d["covered"] = (d["low"] <= d["truth"]) & (d["truth"] <= d["high"])
    by = d.groupby("measure", sort=False)["covered"].agg(["mean", "size"])
    elapsed = time.perf_counter() - t0
    from _results import machine, update_section

    lines = [
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/coverage.py --reps "
        f"{args.reps}` ({elapsed / 60:.1f} minutes).",
        "",
        f"{args.reps} simulated studies of {args.workers} workers x 4 weeks (seeds 1000-"
        f"{999 + args.reps}); 95% intervals from 999 worker-cluster bootstrap resamples "
        f"(log scale, bootstrap standard error, t reference on workers - 1); population values from one simulated study of {args.population:,} "
        "workers (seed 0).",
        "",
        "| measure | coverage | replications |",
        "|---|---|---|",
    ]
    lines += [f"| {m} | {row['mean']:.0%} | {int(row['size'])} |" for m, row in by.iterrows()]
    lines += ["", f"All measures pooled: {d['covered'].mean():.1%} of {len(d)} intervals "
              "(target at least 90%)."]
    update_section("Interval coverage", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
