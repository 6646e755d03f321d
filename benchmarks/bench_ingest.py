"""Benchmark of ingest on every shape of diary a study sends, against the bare pyarrow read.

Run as a script::

    .venv/bin/python benchmarks/bench_ingest.py            # print the figures
    .venv/bin/python benchmarks/bench_ingest.py --record   # also write them to RESULTS.md

Shapes (``benchmarks/ingest_shapes.py``): 1M-episode CSV files sorted, teams' exports
appended, fully shuffled; with and without ``duration_min``; seconds and minutes; few
and many distinct cases and texts; split date and time columns; a second export appended
(a fifth of the rows copies); and a workbook of 100k
rows against openpyxl's read-only reader.

Speed: for each shape, one Python process times the bare read (``pyarrow.csv.read_csv``
with default options) and ``read_diary`` in turn, and a second the bare read and
``timestudy validate --out`` (run as the command runs, through ``main()``: memory tuned
for big arrays, :mod:`timestudy._lib.memory`, which lasts for the process and so cannot
share one with the library call); each ``--repeats`` times after one uncounted round, the
two steps taking turns. The median of each is reported, and each ratio is taken in its own
process, so the load of a shared machine falls on both sides alike. On a shared machine
the bare read alone swings by a factor of two or more between runs (another process's
work lands on one run, not the next), more than the step it is compared with, whose
runs are longer: so the ratio of the fastest runs (the least disturbed of each, ``min``)
is given beside the ratio of the medians, and ``--repeats`` above 5 steadies both. Memory: each
step also runs once alone in a fresh process, whose peak (``VmHWM`` of ``/proc/self/status``:
``ru_maxrss`` would keep the peak of the process that started it, carried over the exec)
is its own. Targets (issue 20): ``read_diary`` at most 2x the bare read and ``validate
--out`` at most 3x on every CSV shape; 10M unsorted episodes under 6 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_shapes import DATA, SHAPES, XLSX, shape_file  # noqa: E402

RESULTS = HERE / "RESULTS.md"

_PEAK = r"""
def _peak_mb():
    # this process's own peak: VmHWM (Linux) starts afresh at exec, while ru_maxrss keeps the
    # peak of the process that forked it (this benchmark's parent, which may have made the files)
    try:
        line = next(x for x in open("/proc/self/status") if x.startswith("VmHWM"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_CHILD = (r"""
import json, resource, statistics, sys, tempfile, time
steps, path, repeats = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
import pyarrow.csv as pacsv
from timestudy import read_diary
from timestudy.cli import build_parser, main
import timestudy.ingest.diary, timestudy.ingest.quality  # imports before the clock starts
build_parser()

def run(step):
    if step == "pyarrow":
        return pacsv.read_csv(path).num_rows
    if step == "openpyxl":
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1
        book.close()
        return n
    if step == "read_diary":
        return read_diary(path, warn=False).report.n_accepted
    with tempfile.TemporaryDirectory() as out:
        import contextlib, io
        sys.argv = ["timestudy", "validate", path, "--out", out]  # as the command runs it
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main()
        return json.load(open(out + "/ingest_report.json"))["n_accepted"] if code < 2 else -1

times = {s: [] for s in steps}
rows = {}
for k in range(repeats + 1):  # the first round is not counted: files in the page cache
    for s in steps:
        t = time.perf_counter(); rows[s] = run(s); wall = time.perf_counter() - t
        if k:
            times[s].append(wall)
"""
    + _PEAK
    + r"""print(json.dumps({"times": times, "rows": rows, "peak_mb": _peak_mb()}))
""")


def run_child(steps: list[str], path: Path, repeats: int) -> dict:
    """Run ``steps`` on ``path`` in a fresh process (``repeats`` 0: one run, for its peak)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, ",".join(steps), str(path), str(repeats)],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_shape(path: Path, baseline: str, repeats: int) -> dict:
    """Median seconds of each step, each in turn with the baseline in its own process, the
    ratio of their medians, and the peak of each step alone.

    ``read_diary`` is timed as a library call (a notebook: memory left as Python has it);
    ``validate`` as the ``timestudy`` command runs it, memory tuned for big arrays
    (:mod:`timestudy._lib.memory`), a setting that lasts for the process: hence two.
    """
    steps = [baseline, "read_diary", "validate"]
    out: dict = {"rows": {}, "runs": {}, "median": {}, "min": {}}
    for step in ("read_diary", "validate"):
        timed = run_child([baseline, step], path, repeats)
        if "error" in timed:
            return timed
        out["rows"].update(timed["rows"])
        out["runs"][f"{baseline} ({step})"] = timed["times"][baseline]
        out["runs"][step] = timed["times"][step]
        base = statistics.median(timed["times"][baseline])
        out["median"][step] = statistics.median(timed["times"][step])
        out["median"][f"{baseline} ({step})"] = base
        out[f"ratio_{step}"] = out["median"][step] / base
        # the least disturbed run of each (a shared machine's load adds, never takes away)
        fastest = min(timed["times"][baseline])
        out["min"][step], out["min"][f"{baseline} ({step})"] = min(timed["times"][step]), fastest
        out[f"ratio_min_{step}"] = out["min"][step] / fastest
    out["median"][baseline] = out["median"][f"{baseline} (read_diary)"]
    out["peak_mb"] = {}
    for s in steps:  # each alone, for its own peak
        alone = run_child([s], path, 0)
        out["peak_mb"][s] = alone.get("peak_mb", float("nan"))
    return out


def big_unsorted(n_copies: int) -> Path:
    """(Once) ``n_copies`` of the shuffled 1M file appended, each with new worker ids."""
    path = DATA / f"shape_shuffled_{n_copies}M.csv"
    if path.exists():
        return path
    one = shape_file(SHAPES[2], 1_000_000).read_bytes()
    header, body = one.split(b"\n", 1)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(header + b"\n")
        for k in range(n_copies):
            f.write((b"\n" + body).replace(b"\nW", b"\nW%02dx" % k)[1:])
    tmp.replace(path)
    return path


_MEMORY_CHILD = (r"""
import json, resource, sys, time
from timestudy import read_diary
t = time.perf_counter(); n = read_diary(sys.argv[1], warn=False).report.n_accepted
"""
    + _PEAK
    + r"""print(json.dumps({"seconds": time.perf_counter() - t, "rows": n, "peak_mb": _peak_mb()}))
""")


def measure_big(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(res: dict, args: argparse.Namespace) -> str:
    lines = [
        "## Ingest",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, 24 GiB RAM, Python "
        f"{platform.python_version()}, {platform.system()}. Command: `.venv/bin/python "
        f"benchmarks/bench_ingest.py {' '.join(args.argv)}` (`make bench` runs it with the "
        f"defaults). Median of the runs after one uncounted round. The bare read and "
        "`read_diary` (a library call, memory as Python leaves it) take turns in one "
        "process; the bare read and `timestudy validate --out` (run through `main()` as the "
        "command runs, memory tuned for big arrays by `timestudy._lib.memory`, a setting "
        "that lasts for the process) in a second: each ratio compares like with like in its "
        "own process; beside them, the ratio of the fastest runs of each (the least disturbed: "
        "the bare read alone swings by a factor of two on a shared machine). Peak memory: "
        "max RSS of a fresh process running that step once.",
        "",
        f"Load average (1 min) {res['load'][0]:.2f} before and {res['load'][1]:.2f} after: the "
        "machine (2 cores) is shared, so single runs vary; every run is in `runs` below.",
        "",
        "| shape | file MB | bare read s (with read_diary / with validate) "
        "| read_diary s (ratio) | validate --out s (ratio) "
        "| peak MB: bare / read_diary / validate | ratio of the fastest runs: read_diary "
        "/ validate |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in res["shapes"].items():
        desc = r["description"]
        if "error" in r:
            lines.append(f"| {name}: {desc} | | failed: {r['error']} | | | | |")
            continue
        m, p = r["median"], r["peak_mb"]
        base = r["baseline"]
        lines.append(
            f"| {name}: {desc} | {r['mb']:.0f} | {m[base]:.2f} / "
            f"{m[f'{base} (validate)']:.2f} ({base}) | {m['read_diary']:.2f} "
            f"({r['ratio_read_diary']:.2f}x) | {m['validate']:.2f} ({r['ratio_validate']:.2f}x) "
            f"| {p[base]:.0f} / {p['read_diary']:.0f} / {p['validate']:.0f} "
            f"| {r['ratio_min_read_diary']:.2f}x / {r['ratio_min_validate']:.2f}x |"
        )
    lines += ["", "Runs (seconds):", ""]
    for name, r in res["shapes"].items():
        if "runs" in r:
            runs = "; ".join(f"{s} {[round(x, 2) for x in v]}" for s, v in r["runs"].items())
            lines.append(f"- {name}: {runs}")
    csv_shapes = [r for n, r in res["shapes"].items() if n != "xlsx" and "error" not in r]
    if csv_shapes:
        worst_read = max(r["ratio_read_diary"] for r in csv_shapes)
        worst_val = max(r["ratio_validate"] for r in csv_shapes)
        least_read = max(r["ratio_min_read_diary"] for r in csv_shapes)
        least_val = max(r["ratio_min_validate"] for r in csv_shapes)
        lines += [
            "",
            f"Worst CSV shape: read_diary {worst_read:.2f}x the bare read (target at most 2x), "
            f"validate --out {worst_val:.2f}x (target at most 3x); by the fastest runs "
            f"{least_read:.2f}x and {least_val:.2f}x.",
        ]
    if "big" in res:
        b = res["big"]
        lines += [""] + (
            [f"{args.big}M unsorted episodes: failed ({b['error']})."]
            if "error" in b
            else [
                f"{b['rows']:,} unsorted episodes (the shuffled file {args.big} times, new "
                f"worker ids per copy; CSV {res['big_mb']:.0f} MB) through `read_diary` in one "
                f"piece: {b['seconds']:.1f} s, peak memory {b['peak_mb']:.0f} MB (target under "
                "6 GB)."
            ]
        )
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
    p.add_argument("--xlsx-rows", type=int, default=100_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    p.add_argument("--big", type=int, default=10, help="millions of unsorted episodes (0: skip)")
    p.add_argument("--record", action="store_true", help="write the figures to RESULTS.md")
    p.add_argument("--xlsx-repeats", type=int, default=2)
    args = p.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    wanted = set(filter(None, args.shapes.split(",")))
    load_before = os.getloadavg()[0]
    shapes = {}
    for shape in (*SHAPES, XLSX):
        if wanted and shape.name not in wanted:
            continue
        n = args.xlsx_rows if shape.fmt == "xlsx" else args.rows
        if n <= 0:  # --xlsx-rows 0: the workbook left out
            continue
        path = shape_file(shape, n)
        baseline = "openpyxl" if shape.fmt == "xlsx" else "pyarrow"
        r = measure_shape(
            path, baseline, args.xlsx_repeats if shape.fmt == "xlsx" else args.repeats
        )
        r.update(description=shape.description, baseline=baseline, mb=path.stat().st_size / 1e6)
        shapes[shape.name] = r
        print(shape.name, json.dumps(r), flush=True)
    res: dict = {"shapes": shapes}
    if args.big:
        path = big_unsorted(args.big)
        res["big"], res["big_mb"] = measure_big(path), path.stat().st_size / 1e6
    res["load"] = (load_before, os.getloadavg()[0])
    text = report(res, args)
    print(text)
    if args.record:
        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
