"""Benchmark: timestudy.stats engines against lme4, glum, R's glm and glmmTMB, side by side.

Targets (issue 18): random-intercept LMM at 3M rows faster than lme4; Gamma GLM
at 3M rows at least as fast as glum and within its memory; Gamma GLMM at 300k
rows at least 10x faster than glmmTMB.

The data are simulated once into ``benchmarks/_data/engines/`` (a case-month
panel shape: intercept, three case-type dummies, four drivers, 4,000 workers,
log exposure offset; 1,000 workers for the GLMM). Each engine runs in a fresh
process that loads the arrays, then times the fit alone (wall clock); memory is
the rise of the process's peak resident set during the fit (the peak is reset
through ``/proc/self/clear_refs`` after loading). R and glum are skipped, with a
note, when not installed.

Run: ``.venv/bin/python benchmarks/bench_models_engines.py [--rows N] [--glmm-rows N]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DATA = HERE / "_data" / "engines"


def simulate(n: int, workers: int, seed: int) -> dict:
    """A panel-shaped data set with known truth (LMM response and Gamma hours)."""
    rng = np.random.default_rng(seed)
    g = rng.integers(0, workers, n)
    kind = rng.integers(0, 4, n)
    X = np.column_stack([np.ones(n), *(kind == k for k in (1, 2, 3)),
                         rng.gamma(2.0, 10.0, n), rng.poisson(3.0, n), rng.integers(1, 4, n),
                         rng.uniform(size=n) < 0.2]).astype(float)
    beta = np.array([0.8, 0.3, 0.5, 0.9, 0.004, 0.05, 0.1, 0.3])
    off = np.log(rng.uniform(0.2, 1.0, n))
    eta = X @ beta + off + rng.normal(0, 0.3, workers)[g]
    hours = rng.gamma(2.0, np.exp(eta) / 2.0)
    y = 3 + X[:, 1:] @ (beta[1:] * 4) + rng.normal(0, 1.5, workers)[g] + rng.normal(0, 4, n)
    return {"X": X, "g": g.astype(float), "off": off, "hours": hours, "y": y}


def prepare(rows: int, glmm_rows: int) -> dict[str, Path]:
    out = {}
    for tag, n, workers, seed in (("big", rows, 4000, 1), ("glmm", glmm_rows, 1000, 2)):
        folder = DATA / f"{tag}_{n}"
        if not (folder / "X.npy").exists():
            folder.mkdir(parents=True, exist_ok=True)
            for k, v in simulate(n, workers, seed).items():
                np.save(folder / f"{k}.npy", v)
                np.ascontiguousarray(v.T).astype("<f8").tofile(folder / f"{k}.bin")  # by column
        out[tag] = folder
    return out


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


def _fits(name: str, d: dict):
    """The fit of one Python engine, as a zero-argument function."""
    X, g, off = d["X"], d["g"].astype(np.int64), d["off"]
    if name == "lmm":
        from timestudy.stats import fit_lmm
        return lambda: fit_lmm(d["y"], X, g).coef
    if name == "glm":
        from timestudy.stats import fit_glm
        return lambda: fit_glm(d["hours"], X, offset=off, groups=g).coef
    if name == "glm_plain":
        from timestudy.stats import fit_glm
        return lambda: fit_glm(d["hours"], X, offset=off, loglik=False).coef
    if name in ("glum", "glum_plain"):
        import glum

        def run():
            m = glum.GeneralizedLinearRegressor(family="gamma", link="log", alpha=0,
                                                fit_intercept=False)
            if name == "glum":
                m.fit(X, d["hours"], offset=off, store_covariance_matrix=True, clusters=g)
            else:
                m.fit(X, d["hours"], offset=off)
            return m.coef_
        return run
    if name == "glmm":
        from timestudy.stats import fit_glmm
        return lambda: fit_glmm(d["hours"], X, g, offset=off).coef
    raise ValueError(name)


def child(name: str, folder: Path, repeats: int) -> dict:
    d = {k: np.load(folder / f"{k}.npy") for k in ("X", "g", "off", "hours", "y")}
    fit = _fits(name, d)
    times, peaks = [], []
    coef = None
    for _ in range(repeats):
        before = _status("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")
        t = time.perf_counter()
        coef = fit()
        times.append(time.perf_counter() - t)
        peaks.append(_status("VmHWM") - before)
    return {"seconds": times, "fit_mb": max(peaks), "coef": np.asarray(coef).tolist()}


def run_python(name: str, folder: Path, repeats: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", name, "--folder", str(folder),
                           "--repeats", str(repeats)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_r(model: str, folder: Path, n: int, repeats: int) -> dict | None:
    if not shutil.which("Rscript"):
        return None
    proc = subprocess.run(["Rscript", str(HERE / "r" / "bench.R"), model, str(folder), str(n),
                           str(repeats)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {k: v[0] if k in ("fit_mb", "version") else v for k, v in out.items()}


def have(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def median(r: dict) -> float:
    return float(np.median(r["seconds"]))


def _row(label: str, r: dict | None, note: str = "") -> str:
    if r is None:
        return f"| {label} | skipped | | {note} |"
    runs = ", ".join(f"{s:.2f}" for s in r["seconds"])
    return f"| {label} | {median(r):.2f} | {r['fit_mb']:.0f} | runs: {runs} {note}|"


def _agree(a: dict | None, b: dict | None) -> str:
    if a is None or b is None:
        return "n/a"
    x, y = np.asarray(a["coef"]), np.asarray(b["coef"])
    return f"{np.max(np.abs(x - y) / np.maximum(np.abs(y), 1e-8)):.1e}"


def measure(args: argparse.Namespace) -> dict:
    folders = prepare(args.rows, args.glmm_rows)
    big, small = folders["big"], folders["glmm"]
    reps, rreps = args.repeats, args.r_repeats
    res: dict = {"load_1min_before": os.getloadavg()[0]}
    res["lmm"] = run_python("lmm", big, reps)
    res["lmer"] = None if args.skip_r else run_r("lmer", big, args.rows, rreps)
    res["glm"] = run_python("glm", big, reps)
    res["glm_plain"] = run_python("glm_plain", big, reps)
    if have("glum"):
        res["glum"] = run_python("glum", big, reps)
        res["glum_plain"] = run_python("glum_plain", big, reps)
    res["r_glm"] = None if args.skip_r else run_r("glm", big, args.rows, rreps)
    res["glmm"] = run_python("glmm", small, reps)
    res["glmmtmb"] = None if args.skip_r else run_r("glmmTMB", small, args.glmm_rows, 1)
    res["load_1min_after"] = os.getloadavg()[0]
    return res


def report(res: dict, args: argparse.Namespace) -> str:
    from _results import machine

    g = res.get
    lines = [
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_models_engines.py "
        f"--rows {args.rows} --glmm-rows {args.glmm_rows} --repeats {args.repeats} "
        f"--r-repeats {args.r_repeats}`. Load average (1 min) {res['load_1min_before']:.2f} "
        f"before, {res['load_1min_after']:.2f} after.",
        "",
        f"Simulated panel: {args.rows:,} rows, 8 fixed-effect columns, 4,000 workers (GLMM: "
        f"{args.glmm_rows:,} rows, 1,000 workers). Fit time only (data already in memory), "
        "median of the runs in a fresh process per engine; memory is the rise of peak RSS "
        "during the fit. Threads: timestudy.stats runs its blocked passes on one BLAS "
        "thread (threadpoolctl); glum uses its own OpenMP threads; R uses Debian's "
        "reference BLAS (one thread). The machine is shared: the load average above says "
        "how busy it was.",
        "",
        "| fit | seconds (median) | fit memory MB | notes |",
        "|---|---|---|---|",
        _row("LMM random intercept, REML: timestudy.stats `fit_lmm`", g("lmm")),
        _row("LMM random intercept, REML: lme4 `lmer` (default control)", g("lmer"),
             "R not installed" if g("lmer") is None else ""),
        _row("Gamma GLM + clustered covariance: timestudy.stats `fit_glm(groups=)`", g("glm")),
        _row("Gamma GLM + clustered covariance: glum (`store_covariance_matrix`, `clusters`)",
             g("glum"), "glum not installed" if g("glum") is None else ""),
        _row("Gamma GLM coefficients only: `fit_glm(loglik=False)`", g("glm_plain")),
        _row("Gamma GLM coefficients only: glum", g("glum_plain")),
        _row("Gamma GLM: R `glm`", g("r_glm")),
        _row("Gamma GLMM Laplace: timestudy.stats `fit_glmm`", g("glmm")),
        _row("Gamma GLMM Laplace: glmmTMB (1 run)", g("glmmtmb")),
        "",
    ]
    ratios = []
    for label, ours, ref in (("LMM: lme4 / ours", "lmm", "lmer"),
                             ("GLM with clustered covariance: glum / ours", "glm", "glum"),
                             ("GLM coefficients only: glum / ours", "glm_plain", "glum_plain"),
                             ("GLM: R glm / ours", "glm", "r_glm"),
                             ("GLMM: glmmTMB / ours", "glmm", "glmmtmb")):
        if g(ours) and g(ref):
            ratios.append(f"- {label}: {median(g(ref)) / median(g(ours)):.1f}x faster "
                          f"(coefficients agree to {_agree(g(ours), g(ref))} relative)")
    if g("glm") and g("glum"):
        ratios.append(f"- GLM fit memory: ours {g('glm')['fit_mb']:.0f} MB, glum "
                      f"{g('glum')['fit_mb']:.0f} MB")
    return "\n".join(lines + ["Ratios:", "", *ratios])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--glmm-rows", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--r-repeats", type=int, default=1)
    parser.add_argument("--skip-r", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite RESULTS.md from the last run's figures (no timing)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.folder), args.repeats)))
        return 0
    if args.report_only:  # rebuild the text from the figures of the last run
        res = json.loads((DATA / "last.json").read_text())
    else:
        res = measure(args)
        (DATA / "last.json").write_text(json.dumps(res, indent=1))
    text = report(res, args)
    if not args.no_record:
        from _results import update_section

        update_section("Model engines (timestudy.stats)", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
