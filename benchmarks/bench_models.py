"""Benchmark: panels, every model and a 999-replicate bootstrap on about 1M episodes.

The issue sizes it as 2,000 workers x 4 weeks, about 1M episodes; the simulator
writes about 63 episodes a worker-week, so 4,000 workers make the 1M. Target
(issue 5): under 60 s in total on a 2-core machine, and the bootstrap at most 20x
one fit. The study is simulated once into ``benchmarks/_data/`` and the
timed work runs in a fresh process, so peak memory is that of the models alone.

Run: ``.venv/bin/python benchmarks/bench_models.py [--workers N]``

``--fit-study --label NAME`` instead times the whole of ``fit_study`` (999
bootstrap replicates) and ``build_guide`` on the same data, each run in a fresh
process, and the complexity GLM and mixed model alone on the fitted panel; the
figures are kept under ``NAME`` (e.g. ``before``, ``after``) in
``benchmarks/fit_study_timings.json`` and the ``fit_study and build_guide``
section of RESULTS.md is rebuilt from every label kept:
``.venv/bin/python benchmarks/bench_models.py --fit-study --workers 120 --repeats 3 --label after``
"""

from __future__ import annotations

import argparse
import json
import os
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


def timed_fit_study(folder: Path) -> dict:
    """One fresh-process run: import, fit_study, build_guide, then the two model fits alone."""
    import warnings

    t = time.perf_counter()
    import pandas as pd

    from timestudy.guide import build_guide
    from timestudy.models import fit_complexity, fit_mixed, fit_study

    out: dict = {"import_s": time.perf_counter() - t}
    ep = pd.read_parquet(folder / "diary.parquet").rename(
        columns={"true_task_type": "task_type", "true_category": "category"})
    cases = pd.read_parquet(folder / "cases.parquet")
    workers = pd.read_parquet(folder / "workers.parquet")
    out.update(episodes=len(ep), workers=int(ep["worker_id"].nunique()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = time.perf_counter()
        models = fit_study(ep, cases, workers, n_boot=999, seed=0)
        out["fit_study_s"] = time.perf_counter() - t
        t = time.perf_counter()
        build_guide(models)
        out["build_guide_s"] = time.perf_counter() - t
    out["warnings"] = sorted({f"{w.category.__name__}: {str(w.message)[:90]}" for w in caught})
    for name, fit in (("fit_complexity_s", fit_complexity), ("fit_mixed_s", fit_mixed)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = time.perf_counter()
            fit(models.case_month)
            out[name] = time.perf_counter() - t
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


TIMINGS = HERE / "fit_study_timings.json"
_FS_KEYS = ("import_s", "fit_study_s", "build_guide_s", "fit_complexity_s", "fit_mixed_s")


def fit_study_section(args: argparse.Namespace, runs: list[dict]) -> str:
    """Store the runs under ``args.label`` and lay out every stored label as one section."""
    import statistics

    from _results import machine

    kept = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    med = {k: statistics.median(r[k] for r in runs) for k in _FS_KEYS}
    kept[f"{args.label} ({runs[0]['workers']} workers)"] = {
        "machine": machine(), "load_before": args.load_before, "load_after": os.getloadavg()[0],
        "commit": _commit(), "episodes": runs[0]["episodes"], "median": med,
        "runs": [{k: round(r[k], 3) for k in _FS_KEYS} for r in runs],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "warnings": runs[0]["warnings"]}
    TIMINGS.write_text(json.dumps(kept, indent=1) + "\n")
    lines = ["Command: `.venv/bin/python benchmarks/bench_models.py --fit-study --workers N "
             "--repeats R --label L`. Each run is a fresh process: importing `timestudy.models` and "
             "`timestudy.guide`, `fit_study(n_boot=999)`, `build_guide`, then `fit_complexity` and "
             "`fit_mixed` alone on the fitted case-month panel. Median seconds of the runs; "
             "the machine is shared, so the load average (1 min) is given.", "",
             "| label | commit | episodes | runs | load | import | fit_study | build_guide | "
             "fit_complexity | fit_mixed | peak MB |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, k in kept.items():
        m = k["median"]
        lines.append(f"| {label} | {k['commit']} | {k['episodes']:,} | {len(k['runs'])} | "
                     f"{k['load_before']:.1f}-{k['load_after']:.1f} | " + " | ".join(
                         f"{m[key]:.2f}" for key in _FS_KEYS) + f" | {k['peak_rss_mb']:.0f} |")
    lines += ["", f"Machine: {machine()}. Warnings raised by fit_study and build_guide:"]
    for label, k in kept.items():
        lines.append(f"- {label}: " + ("; ".join(k["warnings"]) or "none"))
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def run_fit_study(args: argparse.Namespace) -> int:
    folder = prepare(args.workers)
    args.load_before = os.getloadavg()[0]
    runs = []
    for _ in range(args.repeats):
        proc = subprocess.run([sys.executable, __file__, "--child-fit-study", str(folder)],
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print({k: round(runs[-1][k], 2) for k in _FS_KEYS}, flush=True)
    from _results import update_section

    body = fit_study_section(args, runs)
    update_section("fit_study and build_guide", body)
    print(body)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4000)
    parser.add_argument("--fit-study", action="store_true",
                        help="time fit_study and build_guide whole (see the module docstring)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of --fit-study")
    parser.add_argument("--label", default="current", help="name of the --fit-study figures")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-fit-study", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(timed(Path(args.child))))
        return 0
    if args.child_fit_study:
        print(json.dumps(timed_fit_study(Path(args.child_fit_study))))
        return 0
    if args.fit_study:
        return run_fit_study(args)
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
