"""``timestudy demo``: run the pipeline on the built-in simulated study."""

from __future__ import annotations

import argparse
from pathlib import Path

from timestudy.simulate import simulate_study


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="run the pipeline on a built-in simulated study",
        description="Simulate a study and run the pipeline on it, writing everything to --out.",
    )
    p.add_argument("--out", default="out/demo", help="output folder (default out/demo)")
    p.add_argument("--workers", type=int, default=80, help="number of workers (default 80)")
    p.add_argument("--weeks", type=int, default=4, help="diary weeks (default 4)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    study = simulate_study(args.workers, args.weeks, args.seed)
    paths = study.write(out / "data")
    print(f"simulated study: {len(study.workers)} workers, {len(study.cases)} cases, "
          f"{len(study.diary)} episodes -> {out / 'data'}")
    print(study.summary().to_string(float_format=lambda v: f"{v:.3f}"))
    for name, path in paths.items():
        print(f"  {name}: {path}")
    return 0
