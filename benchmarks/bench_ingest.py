"""Benchmark of ingest: a 1M-episode canonical CSV through ``timestudy validate``, and 10M from Parquet.

Run as a script::

    .venv/bin/python benchmarks/bench_ingest.py            # print the figures
    .venv/bin/python benchmarks/bench_ingest.py --record   # also write them to RESULTS.md

Each measured step runs in a fresh Python process, so its peak memory (max RSS,
from ``resource.getrusage``) is its own; wall times exclude interpreter start-up
and imports (timestudy imports its modules on first use, so they are imported
before the clock starts). The baseline is ``pyarrow.csv.read_csv`` of the same file with
default options, measured in the same run, alternating with the timestudy steps.
Targets (issue 3): validate at most 3x the bare read; 10M episodes from Parquet
under 8 GB peak memory. Data files are cached in ``benchmarks/_data/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
RESULTS = HERE / "RESULTS.md"

_CHILD = r"""
import json, resource, sys, time, warnings
step, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
if step == "pyarrow":
    import pyarrow.csv as pacsv
    t = time.perf_counter(); table = pacsv.read_csv(path); n = table.num_rows
elif step in ("validate", "validate_check"):
    from timestudy.cli import build_parser, main
    import contextlib, io
    import timestudy.ingest.quality  # imports before the clock starts, as for pyarrow
    build_parser()
    args = ["validate", path, "--out", out] if step == "validate" else ["validate", path]
    sys.argv = ["timestudy", *args]  # main() with no argv: the command as a user runs it
    printed = io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        code = main()
    if step == "validate":
        n = json.load(open(out + "/ingest_report.json"))["n_accepted"]
    else:
        n = int(printed.getvalue().split(" accepted")[0].rsplit(": ", 1)[-1].replace(",", ""))
else:
    from timestudy import read_diary  # (the public names are imported on first use)
    t = time.perf_counter(); n = read_diary(path, warn=False).report.n_accepted
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"step": step, "seconds": wall, "peak_mb": rss, "rows": n}))
"""


def make_data(n_rows: int, n_parquet: int) -> tuple[Path, Path | None]:
    """Write (once) a canonical CSV of about ``n_rows`` episodes and a Parquet of ``n_parquet``."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from timestudy import simulate_study

    DATA.mkdir(exist_ok=True)
    csv_path = DATA / f"episodes_{n_rows}.csv"
    pq_path = DATA / f"episodes_{n_parquet}.parquet" if n_parquet else None
    if csv_path.exists() and (pq_path is None or pq_path.exists()):
        return csv_path, pq_path
    base = simulate_study(n_workers=200, weeks=4, seed=1).diary  # ~50k episodes
    copies = int(np.ceil(n_rows / len(base)))
    tiles = []
    for k in range(copies):  # new worker ids per copy: a larger study of the same shape
        tile = base.copy()
        tile["worker_id"] = tile["worker_id"].str.replace("W", f"W{k:03d}-", regex=False)
        tiles.append(tile)
    big = pd.concat(tiles, ignore_index=True).head(n_rows)
    big.to_csv(csv_path, index=False, date_format="%Y-%m-%dT%H:%M:%S")
    if pq_path is not None:
        writer = None
        for k in range(int(np.ceil(n_parquet / len(big)))):
            tile = big.copy()
            tile["worker_id"] = tile["worker_id"].str.replace("W", f"P{k:02d}", regex=False)
            table = pa.Table.from_pandas(tile.head(n_parquet - k * len(big)), preserve_index=False)
            writer = writer or pq.ParquetWriter(pq_path, table.schema)
            writer.write_table(table, row_group_size=1_000_000)
        writer.close()
    return csv_path, pq_path


def run_child(step: str, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, step, str(path), out],
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        return {"step": step, "error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(csv_path: Path, pq_path: Path | None, repeats: int) -> dict:
    runs: dict[str, list[dict]] = {
        "pyarrow": [],
        "validate": [],
        "validate_check": [],
        "read_diary": [],
    }
    for step in runs:  # a first run of each, not counted: files in the page cache, both ways
        run_child(step, csv_path)
    for _ in range(repeats):
        for step in runs:
            runs[step].append(run_child(step, csv_path))
    out = {
        step: {
            "seconds": statistics.median(r["seconds"] for r in rs),
            "all_seconds": [round(r["seconds"], 2) for r in rs],
            "peak_mb": max(r["peak_mb"] for r in rs),
            "rows": rs[0]["rows"],
        }
        for step, rs in runs.items()
    }
    out["ratio_validate"] = out["validate"]["seconds"] / out["pyarrow"]["seconds"]
    out["ratio_read_diary"] = out["read_diary"]["seconds"] / out["pyarrow"]["seconds"]
    out["ratio_validate_check"] = out["validate_check"]["seconds"] / out["pyarrow"]["seconds"]
    if pq_path is not None:
        out["parquet"] = run_child("read_diary", pq_path)
    return out


def report(res: dict, args: argparse.Namespace, csv_path: Path) -> str:
    mb = csv_path.stat().st_size / 1e6
    lines = [
        "## Ingest",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}. Command: `.venv/bin/python "
        f"benchmarks/bench_ingest.py --record` (repeats {args.repeats} after one uncounted run "
        "of each step; median wall time of the step itself in a fresh process, peak = max RSS "
        "of that process).",
        "",
        f"Input: canonical CSV of {res['validate']['rows']:,} episodes ({mb:.0f} MB), a simulated "
        "study tiled with new worker ids.",
        "",
        f"Load average (1 min) {res['load'][0]:.2f} before and {res['load'][1]:.2f} after: the "
        "machine is shared, so single runs vary; the table gives every run.",
        "",
        "| step | seconds (median) | runs | peak memory MB |",
        "|---|---|---|---|",
    ]
    names = {
        "pyarrow": "pyarrow.csv.read_csv (baseline)",
        "read_diary": "timestudy.read_diary",
        "validate_check": "timestudy validate (check only, no --out)",
        "validate": "timestudy validate --out",
    }
    for step in ("pyarrow", "read_diary", "validate_check", "validate"):
        r = res[step]
        lines.append(
            f"| {names[step]} | {r['seconds']:.2f} | {r['all_seconds']} | {r['peak_mb']:.0f} |"
        )
    lines += [
        "",
        f"Ratio to the bare read (target at most 3x): read_diary {res['ratio_read_diary']:.2f}x; "
        f"`timestudy validate` checking only {res['ratio_validate_check']:.2f}x; "
        f"`timestudy validate --out` (read, check, write episodes.parquet, rejects.csv, "
        f"ingest_report.json, quality.html) {res['ratio_validate']:.2f}x.",
        "",
        "The command (not the library) reuses freed memory and leaves out NumPy's huge-page "
        "requests (`timestudy._lib.memory`); on this virtual machine a first touch of fresh memory "
        "is slow, so a fresh process pays for every megabyte it grows by. Writing "
        "episodes.parquet alone (pyarrow, one thread) takes about as long as the bare read.",
    ]
    if "parquet" in res:
        p = res["parquet"]
        if "error" in p:
            lines += ["", f"10M episodes from Parquet: failed ({p['error']})."]
        else:
            lines += [
                "",
                f"{p['rows']:,} episodes from Parquet through `read_diary` in one "
                f"piece: {p['seconds']:.1f} s, peak memory {p['peak_mb']:.0f} MB "
                "(target under 8 GB).",
            ]
    return "\n".join(lines) + "\n"


def record(section: str) -> None:
    """Replace (or append) the ``## Ingest`` section of RESULTS.md, keeping every other section."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find("## Ingest")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument(
        "--parquet-rows",
        type=int,
        default=10_000_000,
        help="episodes for the Parquet memory test (0 to skip)",
    )
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--record", action="store_true", help="write the figures to RESULTS.md")
    args = p.parse_args(argv)
    csv_path, pq_path = make_data(args.rows, args.parquet_rows)
    load_before = os.getloadavg()[0]
    res = measure(csv_path, pq_path, args.repeats)
    res["load"] = (load_before, os.getloadavg()[0])
    text = report(res, args, csv_path)
    print(text)
    if args.record:
        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
