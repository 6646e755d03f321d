"""Coverage and recovery over repeated simulated studies (issues 5 and 15).

Each replication simulates a study of 120 workers x 4 weeks with a new seed and fits
every estimator with a 999-replicate worker-cluster bootstrap. It records:

- whether each 95% interval contains the *population* value (the truth of eight
  4,000-worker studies pooled, ``tests/data/population_truth.json`` written by
  ``population_truth.py``; its own sampling error is about a seventeenth of a
  120-worker study's, where one 4,000-worker study's was a sixth and moved a
  measure's coverage by up to 10 points);
- the error of time per piece of work against the study's *own* truth (from the
  generator's labels), for every task type with at least 200 pieces, and, for
  the task types linked over several days, that of two other censoring rules
  (the mean of the pieces seen, and the mean of the pieces seen whole), to show
  the bias of each;
- the error of hours per case-month with a fifth of the days missing, at random
  and not at random (more often for heavier caseloads), against the complete
  diary's truth; and of the direct minutes per piece of the task types linked over
  several days in the same diaries, with the days per piece corrected for days
  missing at random (``panels.censoring.seen_weights``) and without (the days seen).

Run: ``.venv/bin/python benchmarks/coverage.py [--reps 40]``; the results are
written to the ``Interval coverage`` and ``Recovery of pieces of work`` sections of
``benchmarks/RESULTS.md``. Each replication's rows are saved to ``benchmarks/_data``
as it ends; ``--report-only`` writes the sections from the replications saved (a run
cut short still reports what it measured, and says how many replications), each
interval judged against the population values stored now.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timestudy import simulate_study  # noqa: E402
from timestudy.models import fit_study  # noqa: E402

DIRECT = ("statutory_visit", "core_group", "court_statement", "assessment_writeup",
          "care_plan", "chronology", "professional_liaison")
FULL = ("statutory_visit", "core_group", "court_hearing", "court_statement",
        "assessment_writeup", "professional_liaison", "review_cp_conference")
LINKED = ("court_statement", "assessment_writeup", "conference_report", "care_plan",
          "chronology")


def population(n_workers: int | None) -> dict:
    """The population truth: the stored file when it is for this simulator (and of
    ``n_workers`` when given), else one study of ``n_workers`` (4,000) simulated."""
    path = HERE.parent / "tests" / "data" / "population_truth.json"
    from population_truth import simulator_fingerprint

    stored = json.loads(path.read_text()) if path.exists() else {}
    if stored.get("simulator") == simulator_fingerprint() and n_workers in (None, stored["n_workers"]):
        return stored
    n_workers = n_workers or 4000
    return {"n_workers": n_workers, "seeds": [0],
            **simulate_study(n_workers=n_workers, weeks=4, seed=0).truth}


def population_text(pop: dict) -> str:
    """Where the population values come from, for the results' text."""
    seeds = pop.get("seeds", [pop.get("seed", 0)])
    if len(seeds) == 1:
        return f"one simulated study of {pop['n_workers']:,} workers (seed {seeds[0]})"
    return (f"{len(seeds)} simulated studies of {pop['n_workers'] // len(seeds):,} workers pooled "
            f"(seeds {seeds[0]}-{seeds[-1]}, {pop['n_workers']:,} workers)")


def truth_of(measure: str, pop: dict) -> float:
    """The population value an interval of ``measure`` should contain."""
    for label, key in (("hours per case-month ", "hours_per_case_month"),
                       ("direct minutes ", "direct_minutes_per_piece"),
                       ("full hours ", "full_hours_per_piece")):
        if measure.startswith(label):
            return pop[key][measure.removeprefix(label)]
    if measure == "non-case hours per FTE-week":
        return pop["non_case_hours_per_fte_week"]
    raise KeyError(measure)


def _episodes(s):
    return s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})


def intervals(fit, pop: dict) -> list[dict]:
    """Each interval of the replication with the population value it should contain."""
    rows = []
    cw = fit.case_weights.table
    for k in pop["hours_per_case_month"]:
        rows.append({"measure": f"hours per case-month {k}", "truth": truth_of(f"hours per case-month {k}", pop),
                     "low": cw.loc[k, "hours_per_case_month_ci_low"],
                     "high": cw.loc[k, "hours_per_case_month_ci_high"]})
    tt = fit.task_times.table
    for names, col in ((DIRECT, "direct_min"), (FULL, "full_hours")):
        label = "direct minutes" if col == "direct_min" else "full hours"
        rows += [{"measure": f"{label} {t}", "truth": truth_of(f"{label} {t}", pop),
                  "low": tt.loc[t, f"{col}_ci_low"],
                  "high": tt.loc[t, f"{col}_ci_high"]} for t in names]
    av = fit.available.table.loc["non_case_hours_per_fte_week"]
    rows.append({"measure": "non-case hours per FTE-week",
                 "truth": truth_of("non-case hours per FTE-week", pop), "low": av["ci_low"],
                 "high": av["ci_high"]})
    return rows


def recovery(fit, truth: dict) -> list[dict]:
    """Errors of time per piece against the study's own truth, and of two other rules."""
    tt = fit.task_times.table
    p = fit.pieces
    rows = []
    for t in tt.index[(tt["n_pieces"] >= 200) | tt.index.isin(LINKED)]:
        if t not in truth["direct_minutes_per_piece"] or t in ("travel", "case_notes"):
            continue
        d_true = truth["direct_minutes_per_piece"][t]
        f_true = truth["full_hours_per_piece"][t]
        row = {"task_type": t, "n_pieces": int(tt.loc[t, "n_pieces"]),
               "direct": tt.loc[t, "direct_min"] / d_true - 1,
               "full": tt.loc[t, "full_hours"] / f_true - 1}
        q = p.loc[p["task_type"] == t]
        whole = q.loc[~q["left_censored"] & ~q["right_censored"]]
        row["seen"] = q["direct_min"].mean() / d_true - 1
        row["whole"] = whole["direct_min"].mean() / d_true - 1 if len(whole) else float("nan")
        rows.append(row)
    return rows


def missing_days(seed: int, n_workers: int) -> tuple[list[dict], list[dict]]:
    """Hours per case-month, and direct minutes per piece of linked task types, with a fifth
    of the days missing, against the complete truth (the pieces: corrected and not)."""
    from timestudy.models import estimate_task_times

    rows, pieces = [], []
    for how in ("random", "workload"):
        s = simulate_study(n_workers=n_workers, weeks=4, seed=seed, missing_days=0.2, missing=how)
        fit = fit_study(_episodes(s), s.cases, s.workers, n_boot=9, seed=seed, sensitivity=False)
        est = fit.case_weights.table["hours_per_case_month"]
        for k, value in s.truth["hours_per_case_month"].items():
            rows.append({"missing": how, "case_type": k, "error": est[k] / value - 1})
        tt = fit.task_times.table
        seen = estimate_task_times(fit.pieces.drop(columns="observed_share"), n_boot=2).table
        for t in LINKED:
            if t in tt.index and t in s.truth["direct_minutes_per_piece"]:
                d_true = s.truth["direct_minutes_per_piece"][t]
                pieces.append({"missing": how, "task_type": t,
                               "n_pieces": int(tt.loc[t, "n_pieces"]),
                               "seen": seen.loc[t, "direct_min"] / d_true - 1,
                               "corrected": tt.loc[t, "direct_min"] / d_true - 1,
                               "factor": tt.loc[t, "missing_factor"]})
    return rows, pieces


def one_replication(seed: int, pop: dict, n_workers: int) -> dict:
    s = simulate_study(n_workers=n_workers, weeks=4, seed=seed)
    fit = fit_study(_episodes(s), s.cases, s.workers, n_boot=999, seed=seed, sensitivity=False)
    gaps, gap_pieces = missing_days(seed, n_workers)
    out = {"intervals": intervals(fit, pop), "recovery": recovery(fit, s.truth),
           "missing": gaps, "missing_pieces": gap_pieces}
    for part in out.values():
        for r in part:
            r["seed"] = seed
    return out


def coverage_text(d: pd.DataFrame, args, elapsed: float, pop: dict) -> str:
    from _results import machine

    d["covered"] = (d["low"] <= d["truth"]) & (d["truth"] <= d["high"])
    by = d.groupby("measure", sort=False)["covered"].agg(["mean", "size"])
    n, last = d["seed"].nunique(), int(d["seed"].max())
    lines = [
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/coverage.py --reps "
        f"{args.reps}`" + (f", {n} replications done" if n != args.reps else "")
        + f" ({elapsed / 60:.1f} minutes for both sections).", "",
        f"{n} simulated studies of {args.workers} workers x 4 weeks (seeds 1000-"
        f"{last}); 95% intervals from 999 worker-cluster bootstrap resamples (log "
        "scale, bootstrap standard error, t reference on workers - 1); population values from "
        f"{population_text(pop)}. Time per piece of work "
        "(issue 15): linking windows and censoring margins in working days; case notes split "
        "among the pieces they may follow by EM; pieces cut by the diary's edges allowed for by "
        "the edge rule (the mean of the Kaplan-Meier and steady-flow days per piece).", "", "| measure | coverage | replications |", "|---|---|---|",
    ]
    lines += [f"| {m} | {row['mean']:.0%} | {int(row['size'])} |" for m, row in by.iterrows()]
    low = by.loc[by["mean"] < 0.9, "mean"]
    lines += ["", f"All measures pooled: {d['covered'].mean():.1%} of {len(d)} intervals "
              "(target at least 90%). Monte Carlo standard error of one measure's coverage "
              f"near 95%: {100 * (0.95 * 0.05 / n) ** 0.5:.1f} points."]
    if len(low):
        lines += ["", "Under 90%: " + "; ".join(f"{m} {v:.0%}" for m, v in low.items()) + "."]
    return "\n".join(lines)


def recovery_text(r: pd.DataFrame, m: pd.DataFrame, args,
                  mp: pd.DataFrame | None = None) -> str:
    big = r.loc[r["n_pieces"] >= 200]
    g = r.groupby("task_type")
    t = pd.DataFrame({"pieces (mean)": g["n_pieces"].mean(), "direct: mean error": g["direct"].mean(),
                      "direct: sd": g["direct"].std(), "direct: worst": g["direct"].apply(
                          lambda x: x.abs().max()),
                      "full: mean error": g["full"].mean(), "full: worst": g["full"].apply(
                          lambda x: x.abs().max()),
                      "mean of pieces seen": g["seen"].mean(),
                      "mean of pieces seen whole": g["whole"].mean()})
    lines = [
        f"The same {r['seed'].nunique()} studies; errors of time per piece of work against each "
        "study's own truth (the generator's pieces begun in the diary, all their sittings "
        "counted; the generator is the project's own simulator, `timestudy.simulate`), "
        "for task types with 200 pieces or more in a study, and for every task type linked over "
        "several days. The last two columns are the mean errors of two other rules for pieces "
        "cut by the diary's edges: the mean of the pieces seen, and of those seen whole.", "",
        "| task type | " + " | ".join(t.columns) + " |", "|---" * (len(t.columns) + 1) + "|",
    ]
    for k, row in t.sort_values("pieces (mean)", ascending=False).iterrows():
        cells = [f"{row.iloc[0]:.0f}"] + [f"{v:.1%}" if ("worst" in c or "sd" in c)
                                           else f"{v:+.1%}" for c, v in row.iloc[1:].items()]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    within = lambda col, bound: (big[col].abs() <= bound).mean()  # noqa: E731
    lines += ["", f"Estimates of task types with 200+ pieces within 5% of the truth for direct "
              f"minutes: {within('direct', 0.05):.1%} of {len(big)}; within 10% for full hours: "
              f"{within('full', 0.10):.1%}."]
    mm = m.groupby(["missing", "case_type"])["error"].agg(["mean", "std", lambda x: x.abs().max()])
    lines += ["", "Hours per case-month with a fifth of worked days missing (at random; not at "
              "random: more often for workers with more cases per FTE), against the complete "
              "diary's truth:", "", "| missing | case type | mean error | sd | worst |",
              "|---|---|---|---|---|"]
    lines += [f"| {h} | {k} | {row.iloc[0]:+.1%} | {row.iloc[1]:.1%} | {row.iloc[2]:.1%} |"
              for (h, k), row in mm.iterrows()]
    if mp is not None and len(mp):
        lines += ["", missing_pieces_text(mp)]
    return "\n".join(lines)


def missing_pieces_text(mp: pd.DataFrame) -> str:
    """Direct minutes per piece of linked task types in the same diaries with days missing."""
    g = mp.groupby(["missing", "task_type"])
    t = pd.DataFrame({"pieces": g["n_pieces"].mean(), "seen": g["seen"].mean(),
                      "corrected": g["corrected"].mean(), "sd": g["corrected"].std(),
                      "worst": g["corrected"].apply(lambda x: x.abs().max()),
                      "factor": g["factor"].mean()})
    lines = ["Direct minutes per piece of the task types linked over several days, in the same "
             "diaries with a fifth of the days missing, against the truth (all sittings, on "
             "days written or not): the days worked per piece taken as seen, and corrected for "
             "days missing at random (`panels.censoring.seen_weights`, each worker's observed "
             "share p; `factor`: days worked over days seen per piece).", "",
             "| missing | task type | pieces (mean) | days seen: mean error | corrected: mean "
             "error | corrected: sd | corrected: worst | factor |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {h} | {k} | {row['pieces']:.0f} | {row['seen']:+.1%} | {row['corrected']:+.1%} "
              f"| {row['sd']:.1%} | {row['worst']:.1%} | {row['factor']:.3f} |"
              for (h, k), row in t.iterrows()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--workers", type=int, default=120)
    parser.add_argument("--population", type=int, default=None,
                        help="workers of the population study (default: the stored, pooled truth)")
    parser.add_argument("--report-only", action="store_true",
                        help="write RESULTS.md from the replications saved in benchmarks/_data")
    args = parser.parse_args()
    t0 = time.perf_counter()
    data = HERE / "_data"
    data.mkdir(exist_ok=True)
    keys = ("intervals", "recovery", "missing", "missing_pieces")
    pop = population(args.population)
    if args.report_only:
        frames = {k: pd.read_csv(data / f"coverage_{k}.csv") for k in keys
                  if (data / f"coverage_{k}.csv").exists()}
        frames["intervals"]["truth"] = frames["intervals"]["measure"].map(lambda m: truth_of(m, pop))
        elapsed = float((data / "coverage_minutes.txt").read_text()) * 60
    else:
        parts: dict[str, list] = {k: [] for k in keys}
        for r in range(args.reps):
            for key, rows in one_replication(1000 + r, pop, args.workers).items():
                parts[key] += rows
            for k, v in parts.items():  # saved as it goes: a run cut short still reports
                pd.DataFrame(v).to_csv(data / f"coverage_{k}.csv", index=False)
            (data / "coverage_minutes.txt").write_text(f"{(time.perf_counter() - t0) / 60:.2f}")
            print(f"replication {r + 1}/{args.reps}", flush=True)
        frames = {k: pd.DataFrame(v) for k, v in parts.items()}
        elapsed = time.perf_counter() - t0
    from _results import update_section

    cov = coverage_text(frames["intervals"], args, elapsed, pop)
    rec = recovery_text(frames["recovery"], frames["missing"], args, frames.get("missing_pieces"))
    update_section("Interval coverage", cov)
    update_section("Recovery of pieces of work", rec)
    print(cov, rec, sep="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
