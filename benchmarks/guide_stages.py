"""Benchmark: where the time of one ``timestudy guide`` goes, stage by stage, in one process.

Runs ``timestudy guide`` through the command line's own entry point
(:func:`timestudy.cli.main`), with timers wrapped around the functions the run calls:
reading, categorising, the panels and each model inside ``fit_study``, building the
guide, and each writer. Nothing of the run is changed: each wrapper calls the function it
wraps and notes its wall and processor (user + system) seconds, less those of the timed
calls inside it (so the rows add up to the whole run). The imports are timed first, one
package at a time, in the order the run needs them, so that the stages that follow are
the work alone.

Run::

    PYTHONPATH=. .venv/bin/python benchmarks/guide_stages.py DIARY --cases CASES \\
        --workers WORKERS [--out DIR] [--runs 2] [--json FILE]

``--runs 2`` repeats the run in the same process (the second run shows the stages
without their first-call costs). Any option after ``--`` is passed to ``timestudy guide``
(e.g. ``-- --formats json,xlsx``). The load average (1 min) is printed before and after:
the machine may be shared. Each stage also shows the process's peak resident memory when
it ended (the stage that raises it to the final peak is the one to look at). Helper processes
used when a processor is free are not in the cpu column: the one drawing figures
(``timestudy.plots.parallel``), the one writing the PDF, and the one working out the pieces
sensitivity (``timestudy.stats.background``), which then also works out the task times,
the task regression and the hours available (their rows then show no call, and the wait for
the child's results is in ``fit_study (rest)``). When a processor is free, ``timestudy guide`` forks a
helper at its start (``timestudy.report.writer``) that imports matplotlib, python-docx and
reportlab while this process computes, then draws the figures (sent to it section by section
while ``write: report content`` builds the report, so that row includes sending them) and
sees report.docx and report.pdf written by helpers of its own that lay them out while the
figures are drawn: those imports are then not timed here (this process never makes them), and
the rows ``write: wait for the helper's figures`` and ``write: wait for the helper's Word and
PDF`` are the time this process waited for it. With a processor free, a child forked before
the run reads the tables and categorises the diary (``timestudy.study.ahead``): its reading
and categorising are then not timed here, and ``read: wait for the child reading ahead`` is
this process's wait for them. ``timestudy guide`` forks that child before its imports, which
it overlaps; here the imports are timed first, so the wait is the child's whole work. Set
``TIMESTUDY_HELPER=0`` to count all of it here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Heavy packages first, then timestudy's modules, each timed on its own; a package
# already imported by an earlier one costs nothing here.
IMPORTS = (
    "numpy",
    "pandas",
    "pyarrow",
    "scipy.optimize",
    "jsonschema",
    "matplotlib.pyplot",
    "xlsxwriter",
    "docx",
    "reportlab.platypus",
    "timestudy.cli.guide",
    "timestudy.ingest.diary",
    "timestudy.categorise.rules",
    "timestudy.panels",
    "timestudy.models",
    "timestudy.guide",
    "timestudy.pipeline",
    "timestudy.study",
    "timestudy.report",
    "timestudy.plots",
    "timestudy.report.docx",
    "timestudy.report.pdf",
)

# What the helper forked at the start of the guide imports instead of this process.
HELPER_IMPORTS = ("matplotlib.pyplot", "docx", "reportlab.platypus", "timestudy.plots",
                  "timestudy.report.docx", "timestudy.report.pdf")

# What the child reading ahead imports instead of this process (timestudy.study.ahead).
AHEAD_IMPORTS = ("timestudy.categorise.rules",)

# (module, attribute, stage label): the function is looked up in that module by its caller.
TIMED = (
    ("timestudy.categorise.taxonomy", "load_taxonomy", "categorise: load taxonomy"),
    ("timestudy.pipeline", "load_taxonomy", "categorise: load taxonomy"),
    ("timestudy.pipeline", "read_cases", "read: cases"),
    ("timestudy.study.run", "read_cases", "read: cases"),
    ("timestudy.pipeline", "read_workers", "read: workers"),
    ("timestudy.pipeline", "read_diary", "read: diary"),
    # looked up in its module when the run categorises (by the child reading ahead, if any)
    ("timestudy.categorise.rules", "categorise_and_report", "categorise: episodes"),
    ("timestudy.models", "fit_study", "fit_study (rest)"),
    ("timestudy.models", "diary_completeness", "panels: completeness"),
    ("timestudy.models", "used_episodes", "panels: used episodes"),
    ("timestudy.models", "pieces_of_work", "panels: pieces of work"),
    # one diary coded, then its pieces built: two stages, each called once
    ("timestudy.models", "code_diary", "panels: pieces of work (coding the diary)"),
    ("timestudy.models", "build_pieces", "panels: pieces of work (building them)"),
    ("timestudy.models", "worker_week", "panels: worker-week"),
    ("timestudy.models", "case_month", "panels: case-month"),
    ("timestudy.models", "fit_complexity", "fit: complexity GLM"),
    ("timestudy.models", "fit_mixed", "fit: mixed model"),
    ("timestudy.models", "estimate_task_times", "fit: task times"),
    ("timestudy.models", "regress_full_hours", "fit: task regression"),
    ("timestudy.models", "estimate_case_weights", "fit: case weights"),
    ("timestudy.models", "available_time", "fit: available time"),
    ("timestudy.models", "pieces_sensitivity", "fit: pieces sensitivity"),
    ("timestudy.guide", "build_guide", "guide: build"),
    ("timestudy.guide.should", "apply_evidence", "guide: should evidence"),
    ("timestudy.capacity", "headline", "guide: headline"),
    ("timestudy.pipeline", "run_fingerprint", "read: fingerprint inputs"),
    ("timestudy.report.outputs", "write_workbook", "write: guide.xlsx"),
    ("timestudy.report.outputs", "build_report", "write: report content"),
    ("timestudy.report.outputs", "quality_summary", "write: data_quality.json"),
    ("timestudy.report.html", "figure_png", "write: figures (PNG)"),
    ("timestudy.report.html", "figure_pngs", "write: figures (PNG, with any helper)"),
    ("timestudy.study.run", "_write_used", "write: study.yaml"),
)
WRITERS = {
    "html": "write: report.html",
    "md": "write: report.md",
    "docx": "write: report.docx",
    "pdf": "write: report.pdf",
}


class Clock:
    """Wall and processor seconds by stage, each less the timed calls made inside it."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.peak: dict[str, float] = {}  # the process's peak RSS (MiB) when the stage ended
        self._inner: list[list[float]] = []  # per open call: [wall, cpu] of timed calls inside

    def wrap(self, label: str, fn: Callable) -> Callable:
        if getattr(fn, "_stage_clock", None) is self:
            return fn

        def timed(*args, **kwargs):
            self._inner.append([0.0, 0.0])
            w0, c0 = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                w, c = time.perf_counter() - w0, time.process_time() - c0
                inner = self._inner.pop()
                self.add(label, w - inner[0], c - inner[1])
                if self._inner:
                    self._inner[-1][0] += w
                    self._inner[-1][1] += c

        timed._stage_clock = self  # type: ignore[attr-defined]
        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed

    def add(self, label: str, wall: float, cpu: float) -> None:
        self.wall[label] = self.wall.get(label, 0.0) + wall
        self.cpu[label] = self.cpu.get(label, 0.0) + cpu
        self.calls[label] = self.calls.get(label, 0) + 1
        self.peak[label] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_imports(clock: Clock) -> None:
    from timestudy._lib.forking import processor_free

    helped = set(HELPER_IMPORTS + AHEAD_IMPORTS) if processor_free() else set()
    for name in IMPORTS:
        if name in helped:  # imported by a helper forked at the start, not by this process
            continue
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        clock.add(f"import: {name}", time.perf_counter() - w0, time.process_time() - c0)


def install(clock: Clock) -> None:
    """Wrap every timed function where its caller looks it up."""
    for module, name, label in TIMED:
        mod = importlib.import_module(module)
        if hasattr(mod, name):
            setattr(mod, name, clock.wrap(label, getattr(mod, name)))
    from timestudy.guide import TimeGuide
    from timestudy.report import outputs

    TimeGuide.to_json = clock.wrap("write: guide.json", TimeGuide.to_json)
    from timestudy.report.writer import Writer
    from timestudy.stats import background

    claim = background.claim

    def claimed(key):  # the run's wait for the child reading ahead (timestudy.study.ahead)
        pending = claim(key)
        if pending is not None:
            pending.result = clock.wrap("read: wait for the child reading ahead", pending.result)
        return pending

    background.claim = claimed
    Writer.pngs = clock.wrap("write: wait for the helper's figures", Writer.pngs)
    Writer.done = clock.wrap("write: wait for the helper's Word and PDF", Writer.done)
    for key, label in WRITERS.items():
        outputs.WRITERS[key] = clock.wrap(label, outputs.WRITERS[key])


def run_once(clock: Clock, argv: list[str]) -> int:
    from timestudy.cli import main

    w0, c0 = time.perf_counter(), time.process_time()
    code = main(argv)
    clock.add("whole run", time.perf_counter() - w0, time.process_time() - c0)
    return code


def table(clock: Clock, whole_wall: float, whole_cpu: float) -> str:
    rows = [k for k in clock.wall if k != "whole run"]
    timed_wall = sum(clock.wall[k] for k in rows if not k.startswith("import"))
    timed_cpu = sum(clock.cpu[k] for k in rows if not k.startswith("import"))
    lines = ["| stage | calls | wall s | cpu s | peak MiB so far |", "|---|---|---|---|---|"]
    for k in rows:
        lines.append(f"| {k} | {clock.calls[k]} | {clock.wall[k]:.3f} | {clock.cpu[k]:.3f} "
                     f"| {clock.peak[k]:,.0f} |")
    lines.append(
        f"| other (CLI, run_study and writers' glue) | | {whole_wall - timed_wall:.3f} "
        f"| {whole_cpu - timed_cpu:.3f} | |"
    )
    imp_w = sum(clock.wall[k] for k in rows if k.startswith("import"))
    imp_c = sum(clock.cpu[k] for k in rows if k.startswith("import"))
    lines.append(f"| **imports** | | **{imp_w:.3f}** | **{imp_c:.3f}** | |")
    lines.append(f"| **run** | | **{whole_wall:.3f}** | **{whole_cpu:.3f}** | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("diary")
    p.add_argument("--cases")
    p.add_argument("--workers", required=True)
    p.add_argument("--out", help="output folder (a temporary one by default)")
    p.add_argument("--runs", type=int, default=1, help="runs in this process (1)")
    p.add_argument("--json", help="also write the timings to this JSON file")
    p.add_argument("extra", nargs="*", help="after --: more options of timestudy guide")
    args = p.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.modules.setdefault("rfc3987_syntax", None)  # as the timestudy command does
    load0 = os.getloadavg()[0]
    out = args.out or tempfile.mkdtemp(prefix="guide_stages_")
    guide = [
        "guide",
        args.diary,
        "--workers",
        args.workers,
        "--out",
        out,
        "--quiet",
        *(["--cases", args.cases] if args.cases else []),
        *args.extra,
    ]
    clock = Clock()
    time_imports(clock)
    install(clock)
    results = []
    for i in range(args.runs):
        if i:  # the same wrappers, counting afresh
            clock.wall, clock.cpu, clock.calls, clock.peak = {}, {}, {}, {}
        code = run_once(clock, guide)
        print(f"\n## run {i + 1} (exit {code})\n")
        print(table(clock, clock.wall["whole run"], clock.cpu["whole run"]))
        results.append({"wall": clock.wall, "cpu": clock.cpu, "calls": clock.calls,
                        "peak_mib": clock.peak})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load1 = os.getloadavg()[0]
    print(
        f"\npeak RSS {peak:,.0f} MiB; load average (1 min) {load0:.2f} before, {load1:.2f} "
        f"after; {os.cpu_count()} cores"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"argv": guide, "runs": results, "peak_mib": peak, "load": [load0, load1]}, indent=1
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
