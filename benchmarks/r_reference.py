"""Reference values for ``timestudy.stats`` from R (lme4, glmmTMB, glm, sandwich, clubSandwich).

Builds three data sets and saves them as ``tests/stats/fixtures/<name>.npz``:

- ``panel``: the case-month panel of a simulated study of 120 workers x 4 weeks
  (``simulate_study(seed=18)`` then ``case_month``): hours per case-month, case
  type and the complexity drivers, worker as the group;
- ``singular``: 12 groups whose group means are equal by construction, so the
  between-group variance is estimated at its boundary (0);
- ``unbalanced``: 60 groups of 1 to 400 rows, observation weights, a random
  slope.

Then runs ``benchmarks/r/reference.R`` on them (installing Debian's
``r-base-core r-cran-lme4 r-cran-glmmtmb r-cran-sandwich r-cran-clubsandwich
r-cran-statmod r-cran-lmertest`` with apt when Rscript or a package is missing) and writes
``tests/stats/fixtures/r_reference.json``, so the tests need no R.

Run: ``.venv/bin/python benchmarks/r_reference.py``
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "stats" / "fixtures"
APT = ["r-base-core", "r-cran-lme4", "r-cran-glmmtmb", "r-cran-sandwich",
       "r-cran-clubsandwich", "r-cran-statmod", "r-cran-jsonlite", "r-cran-lmertest"]
R_CHECK = "for (p in c('lme4','glmmTMB','statmod','jsonlite')) library(p, character.only=TRUE)"


def ensure_r() -> None:
    """Install R and the packages with apt when they are missing."""
    ok = shutil.which("Rscript") and subprocess.run(
        ["Rscript", "-e", R_CHECK], capture_output=True).returncode == 0
    if ok:
        return
    print("installing R packages with apt:", " ".join(APT), file=sys.stderr)
    subprocess.run(["apt-get", "update"], check=True, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *APT], check=True,
                   env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/bin:/bin:/usr/sbin"})


def _counts(rng: np.random.Generator, eta: np.ndarray) -> np.ndarray:
    return rng.poisson(np.exp(eta)).astype(float)


def panel() -> dict:
    """The simulator's case-month panel at 120 workers (design built as fit_complexity does)."""
    import pandas as pd

    from timestudy import simulate_study
    from timestudy.models.complexity import model_data
    from timestudy.panels import case_month

    s = simulate_study(n_workers=120, weeks=4, seed=18)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    d = model_data(case_month(ep, s.cases, workers=s.workers))
    types = [t for t in sorted(d["case_type"].unique()) if t != "CIN"]
    cols = {"x0": np.ones(len(d))}
    names = ["(Intercept)"]
    for k, t in enumerate(types, 1):
        cols[f"x{k}"] = (d["case_type"] == t).to_numpy(float)
        names.append(f"case_type={t}")
    for c in ("travel_miles", "n_professionals", "n_children", "in_proceedings"):
        cols[f"x{len(cols)}"] = d[c].to_numpy(float)
        names.append(c)
    rng = np.random.default_rng(18)
    g = pd.factorize(d["worker_id"])[0]
    off = np.log(d["case_months"].to_numpy(float))
    X = np.column_stack(list(cols.values()))
    return {"X": X, "names": np.array(names), "g": g, "y": d["hours_per_month"].to_numpy(float),
            "hours": d["hours"].to_numpy(float), "w": d["weight"].to_numpy(float), "off": off,
            "y_count": _counts(rng, np.log(2.0) + 0.1 * X[:, 1] + off)}


def singular() -> dict:
    """Group means equal by construction: REML and ML put the group variance at 0."""
    rng = np.random.default_rng(7)
    g = np.repeat(np.arange(12), 8)
    x = rng.normal(size=len(g))
    x -= np.bincount(g, x)[g] / 8  # group means of x equal (0)
    y = 2 + 0.5 * x + rng.normal(size=len(g))
    y += y.mean() - np.bincount(g, y)[g] / 8
    mu = np.exp(1 + 0.3 * x)
    hours = rng.gamma(5.0, mu / 5.0)
    hours *= (np.bincount(g, hours / mu)[g] / 8) ** -1  # sum of hours / mu equal by group
    X = np.column_stack([np.ones(len(g)), x])
    return {"X": X, "names": np.array(["(Intercept)", "x"]), "g": g, "y": y, "hours": hours,
            "w": np.ones(len(g)), "off": np.zeros(len(g)),
            "y_count": _counts(rng, 1 + 0.3 * x)}


def unbalanced() -> dict:
    """60 groups of 1 to 400 rows, weights, a random slope on x1."""
    rng = np.random.default_rng(11)
    sizes = np.maximum(1, np.round(400 * rng.uniform(size=60) ** 4)).astype(int)
    g = np.repeat(np.arange(60), sizes)
    n = len(g)
    x1 = rng.normal(size=n)
    x2 = (rng.uniform(size=60) < 0.4)[g].astype(float)
    b0, b1 = rng.normal(0, 1.0, 60), rng.normal(0, 0.4, 60)
    w = rng.uniform(0.5, 2.0, n)
    y = 3 + 0.8 * x1 - 0.5 * x2 + b0[g] + b1[g] * x1 + rng.normal(size=n) / np.sqrt(w)
    off = np.log(rng.uniform(0.3, 1.0, n))
    eta = 0.5 + 0.2 * x1 + 0.3 * x2 + off + rng.normal(0, 0.4, 60)[g]
    hours = rng.gamma(3.0, np.exp(eta) / 3.0)
    hours[rng.uniform(size=n) < 0.05] = 0.0  # a few zero-hour rows: Tweedie only
    X = np.column_stack([np.ones(n), x1, x2])
    return {"X": X, "names": np.array(["(Intercept)", "x1", "x2"]), "g": g, "y": y,
            "hours": hours, "w": w, "off": off, "z1": x1, "y_count": _counts(rng, eta)}


def write_csv(path: Path, d: dict) -> None:
    cols = {f"x{j}": d["X"][:, j] for j in range(d["X"].shape[1])}
    cols.update({k: d[k] for k in ("y", "hours", "g", "w", "off", "y_count")})
    cols["pos"] = (d["hours"] > 0).astype(float)
    if "z1" in d:
        cols["z1"] = d["z1"]
    header = ",".join(cols)
    np.savetxt(path, np.column_stack(list(cols.values())), delimiter=",", header=header,
               comments="", fmt="%.17g")


def main() -> int:
    ensure_r()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    data = {"panel": panel(), "singular": singular(), "unbalanced": unbalanced()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, d in data.items():
            np.savez_compressed(FIXTURES / f"{name}.npz", **d)
            write_csv(Path(tmp) / f"{name}.csv", d)
        out = Path(tmp) / "out.json"
        subprocess.run(["Rscript", str(HERE / "r" / "reference.R"), tmp, str(out)], check=True)
        ref = json.loads(out.read_text())
    (FIXTURES / "r_reference.json").write_text(json.dumps(ref, indent=1) + "\n")
    print(f"wrote {FIXTURES / 'r_reference.json'} ({', '.join(data)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
