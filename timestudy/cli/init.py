"""``timestudy init``: write a commented study file (``study.yaml``) to fill in."""

from __future__ import annotations

import argparse

from timestudy.cli._commands import SUMMARY


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "init",
        help=SUMMARY["init"],
        description=(
            "Write a commented study file holding every choice behind a guide: the inputs and "
            "their mapping, the taxonomy, working hours, the time-available assumptions "
            "(contracted hours, leave, bank holidays, sickness, training, other days), role "
            "allowances, uplifts, the disclosure threshold, the reference case type, the "
            "interval level and the random seed. Then run `timestudy guide --config study.yaml`."
        ),
    )
    p.add_argument("path", nargs="?", default="study.yaml",
                   help="file to write (default study.yaml)")
    p.add_argument("--diary", help="diary file to put under inputs.diary")
    p.add_argument("--cases", help="cases table to put under inputs.cases")
    p.add_argument("--workers", help="workers table to put under inputs.workers")
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.study import write_study_template

    values = {f"inputs.{k}": getattr(args, k) for k in ("diary", "cases", "workers")
              if getattr(args, k)}
    path = write_study_template(args.path, force=args.force, **values)
    print(f"wrote {path}: fill in the inputs and assumptions, then run\n"
          f"  timestudy guide --config {path}")
    return 0
