"""Write the population values the recovery tests compare against: ``tests/data/population_truth.json``.

A study of 120 workers recovers a *population* figure only up to sampling error,
so the coverage benchmark and notebook 3 need the figure itself. It is the truth of
eight very large simulated studies pooled (4,000 workers x 4 weeks each, seeds 0-7),
computed from the generator's own labels, together with a fingerprint of the
simulator's source; the tests refuse a stale file. Re-run this script after changing
``timestudy/simulate/``: ``.venv/bin/python benchmarks/population_truth.py``.

Pooling: the value of one 4,000-worker study is itself a draw (standard deviation
about 0.18% for statutory visit full hours, a sixth of a 120-worker study's), and a
coverage figure against one such draw is off by its error. Every figure is a ratio of
sums over the generator's pieces, case-months or FTE-weeks, so the pooled value is
the ratio of the summed numerators and denominators: each study's value weighted by
its denominator (``n_pieces`` by task type, ``case_months`` by case type,
``fte_weeks``), exactly the truth of one study of all the seeds' workers. The
shares (``category_share``, ``out_of_hours_share``) and ``cases_per_fte`` of studies
of equal size are averaged.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from pathlib import Path

from timestudy import simulate_study

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "population_truth.json"


def _code_only(source: str) -> str:
    """The module's syntax tree without docstrings: what the simulated world depends on."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def simulator_fingerprint(root: Path = ROOT) -> str:
    """SHA-256 of the simulator's code: changes when the simulated world does.

    Docstrings and comments are left out, so documenting the simulator does not
    make the stored truth stale.
    """
    h = hashlib.sha256()
    # truth: the generator's labels; faults.py damages a copy of the diary and never the
    # truth (``simulate_study``: ".truth is always that of the clean diary"), so it is out
    paths = sorted(p for p in (root / "timestudy" / "simulate").glob("*.py")
                   if p.name != "faults.py")
    for path in paths:
        h.update(_code_only(path.read_text(encoding="utf-8")).encode())
    return h.hexdigest()[:16]


#: Each pooled figure and the denominator it is weighted by (counts are summed).
WEIGHTED_BY = {"direct_minutes_per_piece": "n_pieces", "full_hours_per_piece": "n_pieces",
               "sittings_per_piece": "n_pieces", "hours_per_case_month": "case_months",
               "non_case_hours_per_fte_week": "fte_weeks",
               "available_case_hours_per_fte_week": "fte_weeks",
               "hours_worked_per_fte_week": "fte_weeks"}
SUMMED = ("n_pieces", "case_months", "fte_weeks")


def pool(truths: list[dict]) -> dict:
    """The truth of several simulated studies as one: ratios of the summed sums.

    Examples
    --------
    >>> a = {"n_pieces": {"visit": 1}, "direct_minutes_per_piece": {"visit": 60.0},
    ...      "fte_weeks": 1.0, "hours_worked_per_fte_week": 40.0, "cases_per_fte": 16.0}
    >>> b = {"n_pieces": {"visit": 3}, "direct_minutes_per_piece": {"visit": 80.0},
    ...      "fte_weeks": 3.0, "hours_worked_per_fte_week": 36.0, "cases_per_fte": 18.0}
    >>> p = pool([a, b])
    >>> p["direct_minutes_per_piece"], p["hours_worked_per_fte_week"], p["cases_per_fte"]
    ({'visit': 75.0}, 37.0, 17.0)
    """
    import pandas as pd

    def frame(key):  # studies x items (a scalar figure is one item)
        return pd.DataFrame([t[key] if isinstance(t[key], dict) else {"": t[key]} for t in truths])

    def back(series):
        values = {k: round(float(v), 6) for k, v in series.items()}
        return values[""] if list(values) == [""] else values

    out = dict(truths[0])
    for key, value in truths[0].items():
        if key in SUMMED:
            out[key] = back(frame(key).sum())
        elif key in WEIGHTED_BY:
            w = frame(WEIGHTED_BY[key])
            out[key] = back((frame(key) * w.to_numpy()).sum() / w.sum().to_numpy())
        elif isinstance(value, int | float) or (isinstance(value, dict) and all(
                isinstance(v, int | float) for v in value.values())):
            out[key] = back(frame(key).mean())
    return out


def main(n_workers: int = 4000, seeds: range = range(8)) -> int:
    truths = []
    for seed in seeds:
        truth = simulate_study(n_workers=n_workers, weeks=4, seed=seed).truth
        truth.pop("worker_speed", None)
        truths.append(truth)
        print(f"seed {seed}: done", flush=True)
    OUT.write_text(json.dumps({"simulator": simulator_fingerprint(), "n_workers": n_workers * len(seeds),
                               "weeks": 4, "seeds": list(seeds), **pool(truths)}, indent=1))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
