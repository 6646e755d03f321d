"""Benchmark: panels, every model and a 999-replicate bootstrap on about 1M episodes.

The issue sizes it as 2,000 workers x 4 weeks, about 1M episodes; the simulator
writes about 63 episodes a worker-week, so 4,000 workers make the 1M. Target
(issue 5): under 60 s in total on a 2-core machine, and the bootstrap at most 20x
one fit. The study is simulated once into ``benchmarks/_data/`` and the
timed work runs in a fresh process, so peak memory is that of the models alone.

Run: ``.venv/bin/python benchmarks/bench_models.py [--workers N]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def prepare(n_workers: int) -> Path:
    from timestudy import simulate_study

    folder = HERE / "_data" / f"models_{n_workers}"
    if not (folder / "diary.parquet").exists():
        study = simulate_study(n_workers=n_workers, weeks=4, seed=0)
        study.write(folder, format="parquet")
    return folder


def timed(folder: Path) -> dict:
    import pandas as pd

    from timestudy.models import (
        available_time,
        estimate_case_weights,
        estimate_task_times,
        fit_complexity,
        fit_mixed,
        regress_full_hours,
    )
    from timestudy.panels import case_month, diary_completeness, pieces_of_work, worker_week

    diary = pd.read_parquet(folder / "diary.parquet")
    ep = diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    cases = pd.read_parquet(folder / "cases.parquet")
    workers = pd.read_parquet(folder / "workers.parquet")
    out: dict = {"episodes": len(ep), "workers": int(ep["worker_id"].nunique())}
    total = time.perf_counter()
    t = time.perf_counter()
    days = diary_completeness(ep, workers)
    inst = pieces_of_work(ep, days=days)
    ww = worker_week(ep, workers, pieces=inst, days=days)
    cm = case_month(ep, cases, workers=workers, days=days)
    out["panels_s"] = time.perf_counter() - t
    steps = {
        "task_times_999_s": lambda: estimate_task_times(inst, n_boot=999),
        "regression_s": lambda: regress_full_hours(ww),
        "case_weights_999_s": lambda: estimate_case_weights(cm, inst, n_boot=999),
        "complexity_glm_s": lambda: fit_complexity(cm),
        "mixed_model_s": lambda: fit_mixed(cm),
        "available_time_999_s": lambda: available_time(ww, n_boot=999),
    }
    for name, step in steps.items():
        t = time.perf_counter()
        step()
        out[name] = time.perf_counter() - t
    out["total_s"] = time.perf_counter() - total
    # Bootstrap cost against one fit of the same ratio estimators (case weights + task times).
    t = time.perf_counter()
    estimate_case_weights(cm, inst, n_boot=1)
    estimate_task_times(inst, n_boot=1)
    one = time.perf_counter() - t
    out["one_fit_s"] = one
    out["bootstrap_999_s"] = out["case_weights_999_s"] + out["task_times_999_s"]
    out["bootstrap_over_one_fit"] = out["bootstrap_999_s"] / one
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(timed(Path(args.child))))
        return 0
    folder = prepare(args.workers)
    proc = subprocess.run([sys.executable, __file__, "--child", str(folder)],
                          capture_output=True, text=True, check=True)
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    from _results import machine, update_section

    lines = [
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_models.py "
        f"--workers {args.workers}` (also run by `make bench`).",
        "",
        f"Simulated study: {r['workers']:,} workers x 4 weeks, {r['episodes']:,} episodes "
        "(true labels; categorise is benchmarked on its own).",
        "",
        "| step | seconds |",
        "|---|---|",
    ]
    for key in ("panels_s", "task_times_999_s", "regression_s", "case_weights_999_s",
                "complexity_glm_s", "mixed_model_s", "available_time_999_s", "total_s"):
        lines.append(f"| {key[:-2].replace('_', ' ')} | {r[key]:.2f} |")
    lines += [
        "",
        f"Total {r['total_s']:.1f} s (target under 60 s). Peak memory {r['peak_rss_mb']:.0f} MB "
        "(max RSS of the process that loads the data and fits everything).",
        f"Bootstrap: the 999-replicate ratio estimators (task times and case weights) took "
        f"{r['bootstrap_999_s']:.2f} s against {r['one_fit_s']:.2f} s for one fit: "
        f"{r['bootstrap_over_one_fit']:.1f}x (target at most 20x).",
    ]
    update_section("Models", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
