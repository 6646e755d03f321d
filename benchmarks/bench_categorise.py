"""Benchmark categorise: 1M episodes with 20,000 distinct descriptions, against validate.

Builds a canonical diary CSV of ``--episodes`` rows whose ``activity`` takes
``--distinct`` different values (the simulator's phrase templates with varied
names, places, professionals and systems, in workers' mixed case), a third of
rows with an activity code. Then times, in one process:

- ``validate``: ``timestudy.read_diary`` on the CSV (what ``timestudy validate`` does);
- ``categorise``: :func:`timestudy.categorise` on the validated episodes (the taxonomy
  already loaded, as in a session), and once more with the coverage report;
- the ``timestudy categorise`` command's work: read the CSV, categorise, report.

Target: categorise at most 0.5x validate. Updates the ``## Categorise`` section of
``benchmarks/RESULTS.md``. Run: ``.venv/bin/python benchmarks/bench_categorise.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, update_section  # noqa: E402

import timestudy  # noqa: E402
from timestudy.categorise.rules import categorise_and_report  # noqa: E402
from timestudy.cli._tables import read_table  # noqa: E402
from timestudy.simulate import params as P  # noqa: E402


def descriptions(n_distinct: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n_distinct`` different activity texts with the task type each was written for."""
    surnames = list(P.SURNAMES) + [f"{a}-{b}" for a in P.SURNAMES for b in P.SURNAMES if a != b]
    tasks = list(P.PHRASES)
    seen: dict[str, str] = {}
    while len(seen) < n_distinct:
        task = tasks[rng.integers(len(tasks))]
        templates = P.PHRASES[task]
        text = (
            templates[rng.integers(len(templates))]
            .format(
                n=surnames[rng.integers(len(surnames))],
                p=P.PLACES[rng.integers(len(P.PLACES))],
                s=P.SCHOOLS[rng.integers(len(P.SCHOOLS))],
                pro=P.PROFESSIONALS[rng.integers(len(P.PROFESSIONALS))],
                sys=P.SYSTEMS[rng.integers(len(P.SYSTEMS))],
            )
            .replace("  ", " ")
            .strip(" -")
        )
        style = rng.random()
        text = text.lower() if style < 0.25 else text.upper() if style > 0.97 else text
        seen.setdefault(text, task)
    return pd.DataFrame({"activity": list(seen), "true_task_type": list(seen.values())})


def diary(n: int, n_distinct: int, seed: int = 0) -> pd.DataFrame:
    """A canonical diary of ``n`` episodes: 1,000 episodes per worker, back to back."""
    rng = np.random.default_rng(seed)
    texts = descriptions(n_distinct, rng)
    pick = rng.integers(len(texts), size=n)
    per_worker = 1000
    worker = np.arange(n) // per_worker
    duration = rng.integers(5, 120, size=n)
    offset = pd.Series(duration).groupby(worker).cumsum().to_numpy() - duration
    day = offset // (8 * 60)  # 8 working hours a day, then the next day at 08:00
    start = (
        pd.Timestamp("2026-03-02 08:00")
        + pd.to_timedelta(day, unit="D")
        + pd.to_timedelta(offset % (8 * 60), unit="min")
    )
    true_task = texts["true_task_type"].to_numpy()[pick]
    code = np.where(rng.random(n) < P.CODE_SHARE, pd.Series(true_task).map(P.CODES), None)
    return pd.DataFrame(
        {
            "worker_id": [f"W{w:04d}" for w in worker],
            "start": start,
            "end": start + pd.to_timedelta(duration, unit="min"),
            "duration_min": duration.astype(float),
            "activity": texts["activity"].to_numpy()[pick],
            "activity_code": code,
            "true_task_type": true_task,
        }
    )


def validate(path: Path):
    """What ``timestudy validate`` does with a file: read and check every row."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False)


def timed(fn, *args, repeat: int = 1, **kwargs):
    """(result, best wall time of ``repeat`` runs): the machine may be shared."""
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return out, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per step; best is kept")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "diary.csv"
        frame, t_make = timed(diary, args.episodes, args.distinct)
        frame.to_csv(path, index=False, date_format="%Y-%m-%dT%H:%M:%S")
        n_distinct = frame["activity"].nunique()
        print(
            f"diary: {len(frame):,} episodes, {n_distinct:,} distinct descriptions "
            f"({t_make:.1f} s to build)",
            flush=True,
        )
        del frame

        timestudy.load_taxonomy()  # loaded once per session, as in use
        result, _ = timed(validate, path)  # warm-up of both, not counted
        out, t_first = timed(timestudy.categorise, result.episodes)
        steps = {
            "validate": lambda: validate(path),
            "categorise": lambda: timestudy.categorise(result.episodes),
            "report": lambda: categorise_and_report(result.episodes),
            "cli": lambda: categorise_and_report(read_table(path)),
        }
        wall = dict.fromkeys(steps, np.inf)
        cpu = dict.fromkeys(steps, np.inf)
        for _ in range(args.repeat):  # interleaved, so that each step sees the same load
            for name, step in steps.items():
                w0, c0 = time.perf_counter(), time.process_time()
                step()
                wall[name] = min(wall[name], time.perf_counter() - w0)
                cpu[name] = min(cpu[name], time.process_time() - c0)
        report = categorise_and_report(result.episodes)[1]
        accuracy = float((out["task_type"] == out["true_task_type"]).mean())
        for name in steps:
            print(f"{name}: {wall[name]:.2f} s wall, {cpu[name]:.2f} s CPU", flush=True)
        ratio, ratio_cpu = (
            wall["categorise"] / wall["validate"],
            cpu["categorise"] / cpu["validate"],
        )
        print(
            f"ratio categorise / validate: {ratio:.2f} wall, {ratio_cpu:.2f} CPU (target <= 0.5); "
            f"task accuracy {accuracy:.4f}; categorised {report.share_episodes_categorised:.4f}",
            flush=True,
        )

    load = f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    body = f"""
Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_categorise.py` (also run by `make bench`).

Canonical diary CSV of {args.episodes:,} episodes with {n_distinct:,} distinct descriptions (the simulator's phrase templates with varied names, places, professionals and systems, mixed case), {P.CODE_SHARE:.0%} with an activity code; default taxonomy `uk_children_social_work`, loaded once beforehand. Each time is the best of {args.repeat} runs, the steps interleaved so that each sees the same load (the 2 cores are shared with other work: {load}); CPU time is that of this process.

| step | wall s | CPU s |
|---|---|---|
| validate: `read_diary` on the CSV | {wall["validate"]:.2f} | {cpu["validate"]:.2f} |
| `categorise` on the validated episodes | {wall["categorise"]:.2f} | {cpu["categorise"]:.2f} |
| `categorise` + coverage report | {wall["report"]:.2f} | {cpu["report"]:.2f} |
| read CSV + categorise + report (the `timestudy categorise` command's work) | {wall["cli"]:.2f} | {cpu["cli"]:.2f} |

categorise / validate = {ratio:.2f} by wall time, {ratio_cpu:.2f} by CPU time (target at most 0.5). The first `categorise` of the session took {t_first:.2f} s. Each distinct text is matched once ({n_distinct:,} texts, not {args.episodes:,} rows); task-type accuracy against the texts' true task types {accuracy:.4f}.
"""
    if not args.no_write:
        update_section("Categorise", body)
        print("updated benchmarks/RESULTS.md (## Categorise)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
