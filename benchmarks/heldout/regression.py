"""Why the regression cross-check of full hours is off: its variants against the truth.

For each study (the held-out generator of ``benchmarks/heldout`` or the project's
simulator, both with known truth) the pipeline runs once (``fit_study``), then
:func:`timestudy.models.regress_full_hours` is fitted again on the same worker-weeks with
one thing changed at a time:

- ``counts``: how a piece's ``piece_equivalent`` is put in weeks: ``span`` over the
  calendar days from its first to its last sitting, ``days`` by its sitting days in
  each week, ``minutes`` by its direct minutes in each week;
- ``unit``: the worker-week, or the worker's whole diary (``worker``: every week
  summed, where the spreading errors average out);
- ``hours``: ``worked`` (hours worked on the counts and FTE-weeks) or ``case`` (case
  hours on the counts and FTE-weeks, where non-case time drops out of the outcome).

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/heldout/regression.py heldout 0-4``
(``--complete`` for the complete diary) or ``... own 0-2 --missing 0.2``.
Results in ``benchmarks/RESULTS.md``, "Held-out generator (issue 15)".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import timestudy  # noqa: E402
from timestudy.models import fit_study, regress_full_hours  # noqa: E402
from timestudy.panels import TRAVEL_GAP_MIN, return_journeys, used_episodes  # noqa: E402
from timestudy.panels.censoring import days_per_piece  # noqa: E402
from timestudy.panels.pieces import build_pieces, code_diary  # noqa: E402
from timestudy.schema.clock import diary_date  # noqa: E402

WRITTEN = ("assessment_writeup", "care_plan", "chronology", "conference_report", "court_statement")
RULES = ("span", "days", "minutes", "perday", "perday_span", "code")
OTHERS = (
    "statutory_visit",
    "assessment_visit",
    "core_group",
    "cin_review",
    "professional_liaison",
    "family_contact",
)


def pieces_and_days(episodes: pd.DataFrame, m) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fit's pieces built again from its used diary, and each piece's direct minutes by
    diary day (``piece_id``, ``date``, ``minutes``)."""
    e = episodes.assign(diary_date=diary_date(episodes["start"], 4.0))
    used = return_journeys(
        used_episodes(e, m.days),
        travel=("travel",),
        gap_min=float(TRAVEL_GAP_MIN),
        non_work=("non_work",),
        notes=("case_notes",),
    )
    coded = code_diary(used, days=m.days)
    pieces = build_pieces(coded)
    assert len(pieces) == len(m.pieces)
    assert (pieces["direct_min"].to_numpy() == m.pieces["direct_min"].to_numpy()).all()
    piece = coded.memo["linked"][1]
    direct = ~(coded.travel | coded.notes)
    d = pd.DataFrame(
        {
            "piece_id": piece[direct],
            "date": coded.sittings["day"]
            .to_numpy()[direct]
            .astype("datetime64[D]")
            .astype("datetime64[ns]"),
            "minutes": coded.sittings["minutes"].to_numpy()[direct],
        }
    )
    return m.pieces, d.groupby(["piece_id", "date"], as_index=False)["minutes"].sum()


def counts_by(ww: pd.DataFrame, pieces: pd.DataFrame, sd: pd.DataFrame, rule: str) -> pd.DataFrame:
    """The worker-weeks with their ``n_`` columns made again under ``rule``."""
    if rule == "code":  # the counts of the code under test (panels.worker_week)
        return ww
    base = ww[[c for c in ww if not c.startswith("n_")]]
    prim = pieces.loc[pieces["primary"] & pieces["case_id"].notna()]
    if rule.endswith("span"):  # every calendar day from the first sitting to the last
        days = pd.DataFrame(
            {
                "piece_id": prim["piece_id"].repeat(
                    ((prim["last_date"] - prim["first_date"]).dt.days + 1).to_numpy()
                )
            }
        )
        days["date"] = prim.set_index("piece_id").loc[
            days["piece_id"], "first_date"
        ].to_numpy() + pd.to_timedelta(days.groupby("piece_id").cumcount(), unit="D")
        sd = days.assign(minutes=1.0)
    if rule.startswith("perday"):  # a day of a linked piece counts 1 / (days per piece)
        per = prim["task_type"].map(days_per_piece(pieces)).astype(float)
        eq = np.where(prim["link_within_days"] > 0, prim["n_days"] / per, 1.0)
        prim = prim.assign(piece_equivalent=eq)
    d = sd.merge(prim[["piece_id", "worker_id", "task_type", "piece_equivalent"]], on="piece_id")
    d["week_start"] = d["date"] - pd.to_timedelta(d["date"].dt.day_of_week, unit="D")
    share = d["minutes"] if rule == "minutes" else pd.Series(1.0, index=d.index)
    d["n"] = d["piece_equivalent"] * share / share.groupby(d["piece_id"]).transform("sum")
    keys = ["worker_id", "week_start"]
    c = d.pivot_table(index=keys, columns="task_type", values="n", aggfunc="sum", fill_value=0.0)
    c.columns = [f"n_{x}" for x in c.columns]
    out = base.merge(c.reset_index(), on=keys, how="left")
    out[list(c.columns)] = out[list(c.columns)].fillna(0.0)
    return out


def by_worker(ww: pd.DataFrame) -> pd.DataFrame:
    """Every week of a worker summed into one row (weights averaged)."""
    num = [c for c in ww if c.startswith(("n_", "hours_")) or c == "fte_weeks"]
    out = ww.groupby("worker_id")[num].sum()
    out["weight"] = ww.groupby("worker_id")["weight"].mean()
    return out.reset_index().assign(week_start=ww["week_start"].min())


def variants(episodes, m, truth, label, rules=RULES) -> list[dict]:
    """Every variant's estimate against the truth, for the tasks in the truth."""
    pieces, sd = pieces_and_days(episodes, m)
    rows = []
    for rule in rules:
        ww = counts_by(m.worker_week, pieces, sd, rule)
        for unit in ("week", "worker"):
            for hours in ("worked", "case"):
                x = ww if unit == "week" else by_worker(ww)
                try:
                    t = regress_full_hours(x, hours=hours).table
                except ValueError:
                    continue
                for task in WRITTEN + OTHERS:
                    f = truth["full_hours_per_piece"].get(task)
                    if f is None or task not in t.index:
                        continue
                    r = t.loc[task]
                    rows.append(
                        {
                            "study": label,
                            "counts": rule,
                            "unit": unit,
                            "hours": hours,
                            "task": task,
                            "n": r["n_pieces"],
                            "error": r["estimate"] / f - 1,
                            "covered": bool(r["ci_low"] <= f <= r["ci_high"]),
                        }
                    )
    return rows


def heldout(seed: int, n_workers: int, complete: bool, rules=RULES) -> list[dict]:
    from heldout import generate

    st = generate(n_workers, seed=seed, missing=not complete)
    with tempfile.TemporaryDirectory() as d:
        paths = st.write(Path(d))
        run = timestudy.run_study(
            paths["diary"], paths["cases"], paths["workers"], n_boot=9, seed=seed
        )
    return variants(run.episodes, run.models, st.truth, f"heldout complete={complete}", rules)


def own(seed: int, n_workers: int, missing: float, rules=RULES) -> list[dict]:
    s = timestudy.simulate_study(
        n_workers=n_workers, weeks=4, seed=seed, missing_days=missing, missing="random"
    )
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    m = fit_study(ep, s.cases, s.workers, n_boot=9, seed=seed, sensitivity=False)
    return variants(ep, m, s.truth, f"own missing={missing}", rules)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("generator", choices=["heldout", "own"])
    ap.add_argument("seeds", help="0-4 or 0,3")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--complete", action="store_true", help="held-out: the complete diary")
    ap.add_argument("--missing", type=float, default=0.0, help="own: days missing at random")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--rules", default=",".join(RULES), help="count rules to fit, comma-separated")
    a = ap.parse_args()
    lo, _, hi = a.seeds.partition("-")
    seeds = (
        range(int(lo), int(hi or lo) + 1) if "," not in a.seeds else map(int, a.seeds.split(","))
    )
    rows = []
    for sd in seeds:
        rules = tuple(a.rules.split(","))
        rows += (
            heldout(sd, a.workers or 100, a.complete, rules)
            if a.generator == "heldout"
            else own(sd, a.workers or 120, a.missing, rules)
        )
        print(f"seed {sd} done", flush=True)
    d = pd.DataFrame(rows)
    if a.out:
        d.to_csv(a.out, index=False)
    pd.set_option("display.width", 250)
    t = d.pivot_table(
        index="task", columns=["counts", "unit", "hours"], values="error", aggfunc="mean"
    )
    print(t.map(lambda v: f"{v:+.1%}").to_string())
    sd = d.pivot_table(
        index="task", columns=["counts", "unit", "hours"], values="error", aggfunc="std"
    )
    print("sd over seeds:\n" + sd.map(lambda v: f"{v:.1%}").to_string())
    cov = d.pivot_table(
        index="task", columns=["counts", "unit", "hours"], values="covered", aggfunc="sum"
    )
    print("intervals covering:\n" + cov.to_string())
    print("n pieces:", d.groupby("task")["n"].mean().round(0).to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
