"""``timestudy demo``: the whole pipeline on a built-in simulated study.

Simulates a study and writes its data to ``OUT/data/``, then runs the pipeline
on those files as a user would (with the illustrative uplifts of
``data_schema/examples/adjustments.yaml``), writes the guide's outputs to
``OUT/`` and a workload statement for each worker's caseload to
``OUT/statements/``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import pandas as pd

from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.cli.guide import first_to_open, summary_text
from timestudy.errors import TimestudyWarning
from timestudy.schema import EXAMPLES
from timestudy.simulate import simulate_study
from timestudy.study import defaults


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help=SUMMARY["demo"],
        description=(
            "Simulate a study (data in OUT/data), run ingest, categorisation, models and the "
            "guide on it with illustrative 'should' uplifts, and write guide.json, guide.xlsx, "
            "report.html, report.md to OUT and workload statements to OUT/statements."
        ),
        epilog="exit status: 0 written; 2 nothing written. Everything is written to a temporary folder beside --out and moved into place when all is complete.",
    )
    p.add_argument("--out", default="out/demo", help="output folder (default out/demo)")
    p.add_argument("--workers", type=T.WORKERS, default=80, help="number of workers (default 80)")
    p.add_argument("--weeks", type=T.WEEKS, default=4, help="diary weeks (default 4)")
    p.add_argument("--seed", type=T.SEED, default=0, help="random seed (default 0)")
    p.add_argument("--n-boot", type=T.N_BOOT, default=999, help="bootstrap replicates (default 999)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def _summary(table: pd.DataFrame) -> str:
    """The simulated study's summary for people: counts as integers, hours with units."""

    def shown(measure: str, v: float) -> str:
        if measure in ("workers", "episodes", "cases"):
            return f"{int(round(v)):,}"
        if "share" in measure:
            return f"{v:.1%}"
        if "hours" in measure:
            return f"{v:.1f} h"
        return f"{v:.1f}"

    def band(measure: str, text) -> str:
        parts = str(text).split("-")
        if "share" in measure and len(parts) == 2:
            try:
                return f"{float(parts[0]):.0%}-{float(parts[1]):.0%}"
            except ValueError:
                return str(text)
        return str(text)

    out = table.copy()
    out["value"] = [shown(str(k), float(v)) for k, v in table["value"].items()]
    if "england_band" in out:
        out["england_band"] = [band(str(k), v) for k, v in table["england_band"].items()]
        out = out.rename(columns={"england_band": "England"})
    return out.to_string()


def run(args: argparse.Namespace) -> int:
    from timestudy._lib.atomic import atomic_folder
    from timestudy.report.writer import prepared

    t0 = time.perf_counter()
    # the helper imports matplotlib, Word and PDF while this process simulates and fits
    with atomic_folder(args.out) as tmp, prepared():
        return _run(args, tmp, Path(args.out), t0)


def _run(args: argparse.Namespace, out: Path, shown: Path, t0: float) -> int:
    """Everything the demo writes goes to ``out`` (a temporary folder); ``shown`` is where it
    will be once complete, as printed."""
    from timestudy.pipeline import run_study  # statsmodels and matplotlib: only when run
    from timestudy.report import workload_statements, write_outputs, write_statements
    from timestudy.report.tables import open_caseload

    study = simulate_study(args.workers, args.weeks, args.seed)
    data = study.write(out / "data")
    print(
        f"simulated study: {len(study.workers)} workers, {len(study.cases)} cases, "
        f"{len(study.diary):,} episodes -> {shown / 'data'}"
    )
    print(_summary(study.summary()))
    adjustments = EXAMPLES / "adjustments.yaml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        run_ = run_study(
            data["diary"],
            data["cases"],
            data["workers"],
            adjustments=adjustments,
            n_boot=args.n_boot,
            seed=args.seed,
            roles=defaults()["roles"],  # as a study file from `timestudy init` has them
            progress=not args.quiet,
        )
        paths = write_outputs(run_, out, progress=not args.quiet)
        caseload = open_caseload(run_.cases, pd.Timestamp(run_.models.period[1]))
        statements = workload_statements(
            run_.guide, caseload, run_.workers, date=run_.guide.meta["period"][1]
        )
        written = write_statements(statements, out / "statements")
    paths = {k: shown / Path(v).relative_to(out) for k, v in paths.items()}
    print(summary_text(run_, paths))
    print(
        f"      {len(written)} workload statements in {shown / 'statements'} "
        "(from the cases open on the last diary day)"
    )
    print(
        f"'should' figures use the illustrative uplifts of {adjustments.name} (not real evidence)"
    )
    print(f"done in {time.perf_counter() - t0:.1f} s")
    print(f"open first: {first_to_open(paths)}")
    return 0
