"""``timestudy simulate``: write a simulated study with its true answer."""

from __future__ import annotations

import argparse

from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.simulate import simulate_study


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help=SUMMARY["simulate"],
        description="Simulate a time study (diary, cases, workers) and write it with truth.json.",
        epilog="exit status: 0 written; 2 nothing written (a bad option, an output folder you cannot write to). Files are written to a temporary folder beside --out and moved into place when all are complete.",
    )
    p.add_argument("--workers", type=T.WORKERS, default=80, help="number of workers (default 80)")
    p.add_argument("--weeks", type=T.WEEKS, default=4, help="diary weeks (default 4)")
    p.add_argument("--seed", type=T.SEED, default=0, help="random seed (default 0)")
    p.add_argument("--start", type=T.monday, default="2026-03-02",
                   help="first diary day, a Monday (default 2026-03-02)")
    p.add_argument(
        "--faults",
        type=T.number(float, 0, 1, high_open=True),
        default=0.0,
        help="share of diary rows to corrupt for robustness tests (default 0)",
    )
    p.add_argument("--format", choices=["csv", "parquet", "xlsx"], default="csv")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    study = simulate_study(
        args.workers, args.weeks, args.seed, start=str(args.start), faults=args.faults
    )
    from pathlib import Path

    from timestudy._lib.atomic import atomic_folder

    with atomic_folder(args.out) as tmp:
        written = study.write(tmp, format=args.format)
    paths = {k: Path(args.out) / Path(v).relative_to(tmp) for k, v in written.items()}
    print(
        f"simulated {len(study.workers)} workers, {len(study.cases)} cases, "
        f"{len(study.diary)} episodes over {args.weeks} weeks"
    )
    for name, path in paths.items():
        print(f"  {name}: {path}")
    return 0
