"""``timestudy observe``: the measures of an observation study, as CSV tables and an HTML report."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from timestudy._lib.atomic import atomic_folder
from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy.categorise.rules import categorise
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY
from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import EXIT_READS, add_diary_options, read_diary_args, summary_text
from timestudy.errors import SchemaError, TimestudyError
from timestudy.ingest.dated import time_of_day_known
from timestudy.ingest.diary import read_workers
from timestudy.ingest.mapping import load_mapping


def _minutes_or_none(value: str) -> float | None:
    if value.lower() in ("none", "inf", "any"):
        return None
    return T.number(float, 0, 10_080)(value)  # up to a week, or 'none'


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "observe",
        help=SUMMARY["observe"],
        description=(
            "Read an observation export (such as WOMBAT's) or a diary, categorise it, and write "
            "the observation measures as CSV tables and a self-contained report.html: "
            "multitasking, interruptions, tempogram, transitions, time budget and, for sessions "
            "two observers recorded of the same worker, inter-observer agreement; where three or "
            "more observers recorded a worker at the same time, also Fleiss' kappa (with an "
            "interval from a bootstrap over those joint sessions) and Cohen's kappa for every "
            "pair of observers. Interruptions and multitasking each come from one method for the "
            "whole study, stated in the summary, methods.csv and report.html."
        ),
        epilog=EXIT_READS,
    )
    p.add_argument("file", metavar="FILE", help="observation export or diary (.csv, .xlsx...)")
    add_diary_options(p)
    p.add_argument("--interruptions", choices=["auto", "recorded", "sequence"], default=None,
                   help="interruptions as the export records them, or derived from the task "
                   "sequence (default: the mapping's, else auto: recorded when the layout has "
                   "an interrupted_by column)")
    p.add_argument("--multitasking", choices=["auto", "recorded", "overlap"], default=None,
                   help="multitasking as the export records it, or from overlapping episodes "
                   "(default: the mapping's, else auto: recorded when the layout has a "
                   "multitask_with column)")
    p.add_argument(
        "--taxonomy",
        "-t",
        default=DEFAULT_TAXONOMY,
        help=f"shipped taxonomy name or YAML file (default {DEFAULT_TAXONOMY})",
    )
    p.add_argument("--by", default="category", help="label to measure by (default category)")
    p.add_argument("--slot", type=T.number(int, 1, 1440), default=15, help="tempogram slot in minutes (default 15)")
    p.add_argument("--day-start", default="04:00", help="start of the diary day (default 04:00)")
    p.add_argument(
        "--pair-by",
        default="session",
        help="pair observers' sessions: 'session' (overlapping sessions of a worker) or a column",
    )
    p.add_argument(
        "--window", type=T.number(float, 0, 86_400, low_open=True), default=60.0, help="agreement slice in seconds (default 60)"
    )
    p.add_argument(
        "--resume-within",
        type=_minutes_or_none,
        default=30.0,
        help="minutes within which an interrupted task counts as resumed, where no task id "
        "records the resumption (default 30; 'none')",
    )
    p.add_argument("--group", default=None, help="column to break the time budget down by")
    p.add_argument("--weight", default=None, help="column of survey weights")
    p.add_argument(
        "--workers",
        default=None,
        help="workers table holding the --group or --weight column (by worker_id)",
    )
    p.add_argument("--min-workers", type=T.MIN_WORKERS, default=DEFAULT_MIN_WORKERS,
                   help="withhold any published figure from fewer workers (people observed, "
                   "counted per cell: a category, a team's category, a slot, a transition, an "
                   "interruption source; with the cells that would give it back from a total; "
                   "default 5; 1 shows every figure, for a pilot of your own)")
    p.add_argument("--out", "-o", required=True, help="output folder")
    p.add_argument("--internal", metavar="DIR",
                   help="also write the tables of one stream or one pair of sessions a row "
                   "(*_by_stream.csv, paired_sessions.csv, agreement_pairs.csv...: a worker's "
                   "own figures, with dates and times; kept with the data, never published) "
                   "to this folder, outside --out")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.observe import observation_study  # scipy: only when run
    from timestudy.observe._publish import inside

    if args.internal is not None and inside(args.internal, args.out):
        raise TimestudyError(f"--internal {args.internal} is inside --out {args.out}: the "
                             "tables by stream and pair are a worker's own, so give a folder "
                             "outside the published outputs")
    mapping = load_mapping(args.mapping)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read_diary_args(args, args.file)
        if result.episodes.empty:
            raise TimestudyError(
                f"{args.file}: no episode was accepted ({result.report.n_rejected} rejected): "
                "check the layout with --layout, or run `timestudy validate` on the file"
            )
        untimed = int((~time_of_day_known(result.episodes)).sum())
        if untimed:  # an observation study is made of clock times
            raise SchemaError(
                f"{untimed:,} of {len(result.episodes):,} entries have a date and a duration "
                "but no time of day (a diary without times): interruptions, multitasking, "
                "transitions, time-of-day profiles and observer agreement are all measured on "
                "clock times, so an observation study cannot be made of them; use "
                "`timestudy guide` for their hours, or give the entries' start times",
                source=Path(args.file).name)
        episodes = categorise(result.episodes, args.taxonomy)
        workers = read_workers(args.workers) if args.workers else None
        study = observation_study(
            episodes,
            args.by,
            interruption_method=args.interruptions or mapping.interruptions,
            multitasking_method=args.multitasking or mapping.multitasking,
            slot=args.slot,
            day_start=args.day_start,
            pair_by=args.pair_by,
            window=args.window,
            resume_within=args.resume_within,
            group=args.group,
            weight=args.weight,
            workers=workers,
            source=Path(args.file).name,
            min_workers=args.min_workers,
            rejects=result.rejects,  # a runaway timer's session ends where it began
        )
        with atomic_folder(args.out) as tmp:
            paths = study.write(tmp)
        if args.internal is not None:
            with atomic_folder(args.internal) as tmp:
                internal = study.write_internal(tmp)
    report = result.report
    print(summary_text(result))
    for w in caught:
        print(f"warning: {w.message}")
    print(study)
    methods = study.methods()
    for measure, row in methods.iterrows():
        print(f"{measure}: {row['method']} ({row['chosen']}): {row['rule']}")
    for why in study.withheld().values():
        print(f"withheld: {why}")
    print(f"wrote {len(paths)} files to {args.out}")
    if args.internal is not None:
        print(f"internal, a worker's own figures (keep with the data, never publish): "
              f"{len(internal)} files in {args.internal}")
    else:
        print("the tables by stream and by pair of sessions (a worker's own figures) are not "
              "published: --internal DIR writes them, outside --out")
    print(f"open first: {Path(args.out) / 'report.html'}")
    if report.n_rejected:
        print(f"timestudy observe: {report.source}: {report.n_rejected:,} of {report.n_read:,} "
              "rows rejected and left out; see them with `timestudy validate FILE --out DIR`",
              file=sys.stderr)
        return 1
    return 0
