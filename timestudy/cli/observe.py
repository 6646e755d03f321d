"""``timestudy observe``: the measures of an observation study, as CSV tables and an HTML report."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from timestudy.categorise.rules import categorise
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY
from timestudy.errors import TimestudyError
from timestudy.ingest.diary import read_diary, read_workers

LAYOUTS = ["canonical", "duration", "split", "slots", "wombat", "toggl"]


def _minutes_or_none(value: str) -> float | None:
    if value.lower() in ("none", "inf", "any"):
        return None
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes or 'none', not {value!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "observe",
        help="multitasking, interruptions, time-of-day profiles, time budget, observer agreement",
        description=(
            "Read an observation export (such as WOMBAT's) or a diary, categorise it, and write "
            "the observation measures as CSV tables and a self-contained report.html: "
            "multitasking, interruptions, tempogram, transitions, time budget and, for sessions "
            "two observers recorded of the same worker, inter-observer agreement; where three or "
            "more observers recorded a worker at the same time, also Fleiss' kappa (with an "
            "interval from a bootstrap over those joint sessions) and Cohen's kappa for every "
            "pair of observers."
        ),
    )
    p.add_argument("file", metavar="FILE", help="observation export or diary (.csv, .xlsx...)")
    p.add_argument("--layout", choices=LAYOUTS, default=None, help="force a layout, e.g. wombat")
    p.add_argument(
        "--taxonomy",
        "-t",
        default=DEFAULT_TAXONOMY,
        help=f"shipped taxonomy name or YAML file (default {DEFAULT_TAXONOMY})",
    )
    p.add_argument("--by", default="category", help="label to measure by (default category)")
    p.add_argument("--slot", type=int, default=15, help="tempogram slot in minutes (default 15)")
    p.add_argument("--day-start", default="04:00", help="start of the diary day (default 04:00)")
    p.add_argument(
        "--pair-by",
        default="session",
        help="pair observers' sessions: 'session' (overlapping sessions of a worker) or a column",
    )
    p.add_argument(
        "--window", type=float, default=60.0, help="agreement slice in seconds (default 60)"
    )
    p.add_argument(
        "--resume-within",
        type=_minutes_or_none,
        default=30.0,
        help="minutes within which an interrupted task counts as resumed (default 30; 'none')",
    )
    p.add_argument("--group", default=None, help="column to break the time budget down by")
    p.add_argument("--weight", default=None, help="column of survey weights")
    p.add_argument(
        "--workers",
        default=None,
        help="workers table holding the --group or --weight column (by worker_id)",
    )
    p.add_argument("--out", "-o", required=True, help="output folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.observe import observation_study  # scipy: only when run

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read_diary(args.file, layout=args.layout, warn=False)
        if result.episodes.empty:
            raise TimestudyError(
                f"{args.file}: no episode was accepted ({result.report.n_rejected} rejected): "
                "check the layout with --layout, or run `timestudy validate` on the file"
            )
        episodes = categorise(result.episodes, args.taxonomy)
        workers = read_workers(args.workers) if args.workers else None
        study = observation_study(
            episodes,
            args.by,
            slot=args.slot,
            day_start=args.day_start,
            pair_by=args.pair_by,
            window=args.window,
            resume_within=args.resume_within,
            group=args.group,
            weight=args.weight,
            workers=workers,
            source=Path(args.file).name,
        )
        paths = study.write(args.out)
    report = result.report
    print(
        f"read {report.n_accepted:,} episodes ({report.n_rejected:,} rejected) from "
        f"{args.file}, layout {report.layout}"
    )
    for w in caught:
        print(f"warning: {w.message}")
    print(study)
    print("wrote " + "\n      ".join(str(p) for p in paths.values()))
    print(f"open first: {paths['report']}")
    return 0
