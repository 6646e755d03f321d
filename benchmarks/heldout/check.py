"""Run timestudy's public pipeline on held-out studies and compare with their truth.

For each seed: generate a study (``benchmarks/heldout``), write its diary, workers
and cases as CSV files, read them back with ``timestudy.run_study`` (which reads,
categorises and fits with ``fit_study``) and print, per task type, the estimate,
the truth, the error and whether the 95% interval covers the truth; then the same
for hours per case-month and the hours available per FTE-week.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/heldout/check.py --workers 100 --seeds 0-4``;
``--complete`` (no day missing or recorded in part) and ``--light 0`` (no short days)
take the diary's faults away one by one, ``--diagnose`` prints, per task linked over
days, the true pieces its linking window cuts and the sittings on missing days;
``--regression`` adds the regression cross-check of full hours and the tasks the guide
flags as disagreeing (``benchmarks/heldout/regression.py`` takes the regression apart). The
results are in ``benchmarks/RESULTS.md``, "Held-out generator (issue 15)".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import timestudy  # noqa: E402
from heldout import generate  # noqa: E402

SKIP = ("travel", "case_notes")  # serve other pieces: compared through full hours


def run_pipeline(study, folder: Path, n_boot: int, seed: int):
    """Write the study's files and run the public pipeline on them."""
    paths = study.write(folder)
    return timestudy.run_study(
        paths["diary"], paths["cases"], paths["workers"], n_boot=n_boot, seed=seed
    )


def _row(measure, item, n, est, lo, hi, truth, truth_rec=None) -> dict:
    row = {
        "measure": measure,
        "item": item,
        "n": n,
        "estimate": est,
        "low": lo,
        "high": hi,
        "truth": truth,
        "error": est / truth - 1,
        "covered": bool(lo <= truth <= hi),
    }
    if truth_rec is not None:
        row["error_recorded"] = est / truth_rec - 1
    return row


def regression_rows(run, truth: dict) -> pd.DataFrame:
    """The regression cross-check of full hours (``models.task_regression``) against the
    truth, per task type, and whether the guide flags the task's two estimates as apart
    (``disagree``)."""
    reg = run.models.task_regression.table
    flags = run.guide.tasks["estimates_disagree"]
    rows = []
    for t, f_true in truth["full_hours_per_piece"].items():
        if t in SKIP or t not in reg.index:
            continue
        r = reg.loc[t]
        row = _row(
            "full hours (regression)",
            t,
            int(round(r["n_pieces"])),
            r["estimate"],
            r["ci_low"],
            r["ci_high"],
            f_true,
        )
        flag = flags.get(t)
        rows.append(row | {"disagree": bool(flag) if pd.notna(flag) else None})
    return pd.DataFrame(rows)


def compare(run, truth: dict) -> pd.DataFrame:
    """Estimate against truth for every task type, case type and available-time measure.

    Returns
    -------
    DataFrame
        ``measure``, ``item``, ``n`` (pieces or case-months), ``estimate``, ``low``,
        ``high``, ``truth``, ``error`` (estimate / truth - 1), ``covered`` and, where
        the truth has a variant as the diary records it, ``error_recorded``.
    """
    tt = run.models.task_times.table
    rows = []
    for t, d_true in truth["direct_minutes_per_piece"].items():
        if t in SKIP or t not in tt.index:
            continue
        r, n = tt.loc[t], int(tt.loc[t, "n_pieces"])
        d = r[["direct_min", "direct_min_ci_low", "direct_min_ci_high"]]
        f = r[["full_hours", "full_hours_ci_low", "full_hours_ci_high"]]
        rows.append(_row("direct minutes", t, n, *d, d_true))
        rows.append(
            _row(
                "full hours",
                t,
                n,
                *f,
                truth["full_hours_per_piece"][t],
                truth["full_hours_recorded_per_piece"][t],
            )
        )
    cw = run.models.case_weights.table
    cols = ["hours_per_case_month", "hours_per_case_month_ci_low", "hours_per_case_month_ci_high"]
    for k, v in truth["hours_per_case_month"].items():
        rows.append(
            _row(
                "hours per case-month",
                k,
                round(truth["case_months"][k]),
                *cw.loc[k, cols],
                truth["hours_per_case_month_all"][k],
                v,
            )
        )
    for name in ("working", "own_week"):  # patterns="real": case-months of working days
        for k, v in truth.get(f"hours_per_case_month_{name}", {}).items():
            rows.append(
                _row(
                    f"hours per case-month ({name.replace('_', ' ')})",
                    k,
                    round(truth[f"case_months_{name}"][k]),
                    *cw.loc[k, cols],
                    truth.get(f"hours_per_case_month_{name}_all", {}).get(k, v),
                    v,
                )
            )
    av = run.models.available.table
    for m in ("hours_worked", "non_case_hours", "available_case_hours"):
        key = f"{m}_per_fte_week"
        rows.append(
            _row(
                "per FTE-week",
                m,
                None,
                *av.loc[key, ["estimate", "ci_low", "ci_high"]],
                truth[key],
                truth.get(f"{key}_recorded"),
            )
        )
    return pd.DataFrame(rows)


def markdown(d: pd.DataFrame) -> str:
    """The pooled table: mean estimate and truth, mean and worst error, coverage over seeds."""
    g = d.groupby(["measure", "item"], sort=False)
    t = pd.DataFrame(
        {
            "n (mean)": g["n"].mean(),
            "estimate": g["estimate"].mean(),
            "truth": g["truth"].mean(),
            "error": g["error"].mean(),
            "worst": g["error"].apply(lambda x: x.loc[x.abs().idxmax()]),
            "covered": g["covered"].sum(),
            "seeds": g.size(),
            "error vs recorded": g["error_recorded"].mean()
            if "error_recorded" in d
            else float("nan"),
        }
    )
    lines = [
        "| measure | item | n (mean) | estimate | truth | error | worst | covered "
        "| error vs recorded truth |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (m, item), r in t.iterrows():
        n = "" if pd.isna(r["n (mean)"]) else f"{r['n (mean)']:.0f}"
        rec = "" if pd.isna(r["error vs recorded"]) else f"{r['error vs recorded']:+.1%}"
        lines.append(
            f"| {m} | {item} | {n} | {r['estimate']:.4g} | {r['truth']:.4g} | "
            f"{r['error']:+.1%} | {r['worst']:+.1%} | {int(r['covered'])}/"
            f"{int(r['seeds'])} | {rec} |"
        )
    return "\n".join(lines)


def split_by_window(study, weeks: int = 4) -> pd.DataFrame:
    """Per task linked over days: how many true pieces begun in the diary the taxonomy's
    ``link_within_days`` would cut in two or more (a gap between two sittings longer than
    the window, counted in the worker's working days as main counts it), and the share of
    their sittings in the diary on days the diary misses."""
    windows = timestudy.load_taxonomy().link_within_days
    d = study.span.loc[study.span["kind"].eq("direct")]
    d = d.loc[d["task"].map(windows).fillna(0).gt(0)].drop_duplicates(["piece", "day"])
    worked = study.days.loc[study.days["status"].isin(["work", "light"])]
    keys = np.sort(worked["worker"].to_numpy() * 100_000 + worked["day"].to_numpy() + 1_000)
    d = d.assign(wd=np.searchsorted(keys, d["worker"].to_numpy() * 100_000 + d["day"] + 1_000))
    d = d.sort_values(["piece", "day"])
    gap = d.groupby("piece")["wd"].diff()
    first = d.groupby("piece")["day"].transform("min")
    d = d.assign(cut=gap > d["task"].map(windows)).loc[first.between(0, 7 * weeks - 1)]
    kept = study.diary.assign(date=pd.to_datetime(study.diary["start"]).dt.normalize())
    seen = kept[["worker_id", "date"]].drop_duplicates().assign(seen=True)
    mine = pd.DataFrame(
        {
            "worker_id": study.workers["worker_id"].to_numpy()[d["worker"].to_numpy()],
            "date": study.start + pd.to_timedelta(d["day"].to_numpy(), unit="D"),
        }
    )
    found = mine.merge(seen, on=["worker_id", "date"], how="left")["seen"].fillna(False)
    inside = d["day"].between(0, 7 * weeks - 1).to_numpy()
    g = d.assign(missed=~found.to_numpy(bool) & inside, inside=inside).groupby("task")
    return pd.DataFrame(
        {
            "pieces": g["piece"].nunique(),
            "cut by the window": g.apply(lambda x: x.groupby("piece")["cut"].any().mean()),
            "sittings on missing days": g["missed"].sum() / g["inside"].sum(),
        }
    )


def seeds(text: str) -> list[int]:
    """``"0-4"`` or ``"0,3,7"`` as a list of seeds."""
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--n-boot", type=int, default=999)
    parser.add_argument("--out", type=Path, default=None, help="save every row as CSV")
    parser.add_argument(
        "--complete",
        action="store_true",
        help="write the complete diary: no day missing or recorded in part",
    )
    parser.add_argument(
        "--calls",
        choices=["per_day", "each"],
        default="each",
        help="a case's calls of one day: one piece, or each a piece (main's window 0)",
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="also print the pieces the linking windows cut, per task",
    )
    parser.add_argument(
        "--light",
        type=float,
        default=0.04,
        help="share of working days that are light (a flexi afternoon)",
    )
    parser.add_argument(
        "--heavy-extra",
        type=float,
        default=0.08,
        help="how much more often a heavy day is missed (0: days missed at random only)",
    )
    parser.add_argument(
        "--unwritten",
        type=float,
        default=0.25,
        help="share of leave and sickness days not written in (0: all written)",
    )
    parser.add_argument(
        "--patterns",
        choices=["weekdays", "real"],
        default="weekdays",
        help="real: six-day, Sun-Thu, compressed, alternating and night workers, a diary "
        "across Easter 2026 (the truth adds hours per case-month over working days and "
        "over each holder's own week)",
    )
    parser.add_argument(
        "--regression",
        action="store_true",
        help="also compare the regression cross-check of full hours with the truth",
    )
    args = parser.parse_args()
    rows = []
    t0 = time.time()
    for seed in seeds(args.seeds):
        study = generate(
            args.workers,
            seed=seed,
            missing=not args.complete,
            light=args.light,
            calls=args.calls,
            heavy_extra=args.heavy_extra,
            unwritten=args.unwritten,
            patterns=args.patterns,
        )
        with tempfile.TemporaryDirectory() as tmp:
            run = run_pipeline(study, Path(tmp), args.n_boot, seed)
        d = compare(run, study.truth).assign(seed=seed)
        if args.regression:
            r = regression_rows(run, study.truth).assign(seed=seed)
            flagged = sorted(r.loc[r["disagree"].fillna(False).astype(bool), "item"])
            print(f"seed {seed}: {len(flagged)} tasks flagged as disagreeing: {flagged}")
            d = pd.concat([d, r.drop(columns="disagree")], ignore_index=True)
        if args.diagnose:
            print(split_by_window(study).to_string(float_format=lambda v: f"{v:.3f}"))
        print(f"seed {seed}: {len(study.diary)} episodes, {len(study.cases)} cases")
        rows.append(d)
    d = pd.concat(rows, ignore_index=True)
    if args.out:
        d.to_csv(args.out, index=False)
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"\n{args.workers} workers x 4 weeks, seeds {args.seeds}, commit {commit}, "
        f"complete diary: {args.complete}, light days: {args.light:.0%}, heavy days missed "
        f"+{args.heavy_extra:.0%}, leave unwritten {args.unwritten:.0%}, "
        f"{time.time() - t0:.0f} s\n"
    )
    print(markdown(d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
