"""``timestudy workload``: one-page workload statements, per worker, from a guide and a caseload.

Exit codes: 0 when the statements were written (cases of a type the guide has no
hours for are not costed: each statement names them and leaves them out of its load,
and a line says how many); 2 when they could not be (a file missing or unusable, an
unknown worker, a caseload none of whose case types is in the guide, a case type that is
one of the guide's spelt otherwise, such as 'cin' for 'CIN').
"""

from __future__ import annotations

import argparse
import warnings
from collections import Counter

from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.errors import DataQualityWarning
from timestudy.ingest.diary import read_cases, read_workers
from timestudy.ingest.holder_ids import fold_holders, table_name


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "workload",
        help=SUMMARY["workload"],
        description=(
            "For each worker in the caseload (or one, with --worker), write a one-page HTML "
            "and Markdown statement: their cases with the hours a month each needs by the "
            "guide, the total against the hours they have for casework, and the status "
            "(red, amber, green, blue). A case counts when it is open on the --as-of day "
        "(default: the last day of the guide's diary, as its capacity figures count them). "
        "Cases are shown by the case_id of the caseload file "
            "(use pseudonymous ids: they are printed), their type and complexity; no other "
            "column of the caseload is shown."
        ),
        epilog="exit status: 0 statements written (cases of a type the guide has no hours "
        "for are named as not costed); 2 nothing written (a file missing or unusable, an "
        "unknown worker, no case type of the caseload in the guide, a case type spelt "
        "otherwise than the guide's, such as 'cin' for 'CIN').",
    )
    p.add_argument("--guide", required=True, help="guide.json written by `timestudy guide`")
    p.add_argument(
        "--caseload",
        required=True,
        help="cases held now: the cases table (data_schema/cases.json) with worker_id",
    )
    p.add_argument("--workers", help="workers table, for FTE and team (FTE 1.0 when missing)")
    p.add_argument("--worker", metavar="ID", help="only this worker's statement")
    p.add_argument("--role", action="append", metavar="ROLE=SHARE", dest="roles",
                   type=T.role_share,
                   help="share of a full caseload a role of the workers table holds, e.g. "
                   "team_manager=0 or asye=0.9 (repeat); added to the guide's own role "
                   "allowances, in their place where a role is in both")
    p.add_argument(
        "--use-multipliers",
        action="store_true",
        help="adjust each case's hours by the complexity multipliers (travel, professionals, "
        "children, proceedings)",
    )
    p.add_argument(
        "--measured",
        action="store_true",
        help="use the measured ('is') hours instead of the 'should' hours",
    )
    p.add_argument("--date", type=T.iso_date,
                   help="date printed on the statements, ISO like 2026-03-09 (default today)")
    p.add_argument("--as-of", type=T.iso_date, metavar="DATE",
                   help="count the cases open on this day, ISO like 2026-03-27: opened by then "
                   "and not closed by then (default: the last day of the guide's diary, as "
                   "its capacity figures count them; give the day a later caseload is of)")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.guide import TimeGuide  # statsmodels and matplotlib: only when run
    from timestudy.report import workload_statements, write_statements

    guide = TimeGuide.from_json(args.guide)
    workers = read_workers(args.workers) if args.workers else None
    # (no workers table: workload_statements warns that every worker is taken as 1.0 FTE)
    caseload = fold_holders(read_cases(args.caseload), workers,
                            table_name(args.caseload, "the caseload"))
    roles = T.role_shares(args.roles) or {}
    _warn_no_caseload_roles(guide, workers, roles)
    statements = workload_statements(
        guide,
        caseload,
        workers,
        worker=args.worker,
        should=not args.measured,
        use_multipliers=args.use_multipliers,
        date=args.date.isoformat() if args.date else None,
        as_of=args.as_of,
        roles=roles,
    )
    from pathlib import Path

    from timestudy._lib.atomic import atomic_folder

    with atomic_folder(args.out) as tmp:
        written = write_statements(statements, tmp)
    paths = {w: {k: Path(args.out) / Path(v).relative_to(tmp) for k, v in files.items()}
             for w, files in written.items()}
    counts = Counter(s.status for s in statements)
    shown = ", ".join(
        f"{k} {counts[k]}" for k in ("red", "amber", "green", "blue", "none") if counts[k]
    )
    print(f"wrote {len(statements):,} workload statement(s) to {args.out} ({shown})")
    print(_counted(caseload, workers, args.worker, statements[0].as_of))
    left = _not_costed(guide, statements, not args.measured)
    if left:
        print(f"  {left} (left out of their holders' hours needed and loads, not counted "
              "as zero; each statement names them)")
    if len(statements) == 1:
        st = statements[0]
        p = paths[st.worker_id]
        print(f"  {st!r}\n  {p['html']}\n  {p['md']}")
    return 0


def _warn_no_caseload_roles(guide, workers, roles: dict) -> None:
    """Warn of holders whose role usually holds no caseload (a team manager...) and whom
    neither the guide's role allowances nor ``--role`` give a share: each is given a full
    caseload's hours, so their load reads lower than a manager's real one would."""
    from timestudy.capacity.in_post import no_caseload_roles
    from timestudy.report.statement import statement_roles

    note = no_caseload_roles(workers, statement_roles(guide, roles), fix="--role {}=0")
    if note:
        warnings.warn(note, DataQualityWarning, stacklevel=2)
    if not roles:
        return
    from timestudy.schema.roles import role_key

    have = ([] if workers is None or "role" not in workers else
            sorted(workers["role"].dropna().astype(str).unique()))
    unknown = [r for r in roles if role_key(r) not in {role_key(h) for h in have}]
    if unknown:
        said = (f"the workers table's roles are {', '.join(map(repr, have[:8]))}" if have else
                "the workers table has no role column" if workers is not None else
                "no --workers table gives roles")
        warnings.warn(f"--role {', '.join(map(repr, unknown))} names no worker's role ({said}):"
                      " no statement's hours changed for it", DataQualityWarning, stacklevel=2)


def _not_costed(guide, statements, should: bool) -> str:
    """The cases no statement could cost, with why, in the headline's words ('' if none)."""
    import pandas as pd

    from timestudy.report.statement_words import left_out

    cases = pd.concat([s.cases for s in statements], ignore_index=True)
    return left_out(guide, cases, should) if len(cases) else ""


def _counted(caseload, workers, worker: str | None, on: str) -> str:
    """The line saying which cases the statements count: those open on ``on``, held by a
    worker in post then (a leaver's cases are held by no one, as the guide counts them)."""
    import pandas as pd

    from timestudy.capacity.in_post import staff_on
    from timestudy.report.statement import open_held
    from timestudy.report.tables import case_state

    day = pd.Timestamp(on)
    kept, _ = staff_on(caseload, workers, day, warn=False)  # warned by the statements
    held, _ = open_held(kept, day, worker, listed=True)  # stated
    gone = open_held(caseload, day, worker, listed=True)[1]  # a leaver's closed cases too
    state = {"open": len(held), **gone.sum().to_dict()}
    line = f"  cases open on {on}: {int(state.get('open', 0)):,} counted" + "".join(
        f", {int(state[k]):,} {w} not counted"
        for k, w in (("closed", f"closed by {on}"), ("not_opened", f"opened after {on}"))
        if state.get(k, 0))
    if state.get("transferred", 0):
        line += (f"; {int(state['transferred']):,} earlier or later holding(s) of a case "
                 "passed between workers, each case counted once, with its holder on the day")
    if worker is None:
        orphan = (kept["worker_id"].isna() & caseload["worker_id"].notna()
                  & case_state(caseload, day).eq("open"))
        if orphan.any():
            left = caseload.loc[orphan.to_numpy(), "worker_id"].astype(str).value_counts()
            names = ", ".join(f"{w}: {n}" for w, n in left.sort_index().items())
            line += (f"\n  {int(orphan.sum()):,} case(s) held by workers not in post on "
                     f"{on} (left by then, or joining after it; {names}): held by no one "
                     "then, in no statement (give their holder on the day in the caseload)")
    if state.get("not_opened", 0):
        line += "\n  (for a caseload of a later day, give --as-of that day to count its new cases)"
    return line
