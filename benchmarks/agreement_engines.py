"""Measured agreement of timestudy.stats with R, from the committed fixtures.

Reads ``tests/stats/fixtures`` (written by ``benchmarks/r_reference.py``), refits
every model with timestudy.stats and reports the largest relative difference
of each quantity over the data sets, next to the tolerance the tests assert.

Run: ``.venv/bin/python benchmarks/agreement_engines.py``
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy.special import gammaln

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
FIX = HERE.parent / "tests" / "stats" / "fixtures"


def rel(a, b) -> float:
    a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def scaled(a, b, se) -> float:
    """Largest |a - b| / max(|b|, se): relative unless the value is near 0."""
    a, b, se = (np.atleast_1d(np.asarray(v, float)) for v in (a, b, se))
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), se)))


class Table(dict):
    """Largest difference by (reference, quantity)."""

    def put(self, model: str, what: str, value: float) -> None:
        row = self.setdefault(model, {})
        row[what] = max(row.get(what, 0.0), value)


def lmm_rows(t: Table, d: dict, r: dict) -> None:
    from timestudy.stats import fit_lmm, lmm_satterthwaite_df

    X, g, w = d["X"], d["g"], d["w"]
    for key, reml in (("lmer_reml", True), ("lmer_ml", False)):
        f = fit_lmm(d["y"], X, g, weights=w, reml=reml)
        m = f"lmer {'REML' if reml else 'ML'} (random intercept)"
        t.put(m, "coef", rel(f.coef, r[key]["coef"]))
        t.put(m, "se", rel(f.se, r[key]["se"]))
        t.put(m, "sigma", rel(np.sqrt(f.sigma2), r[key]["sigma"]))
        t.put(m, "loglik", rel(f.loglik, r[key]["loglik"]))
        if not f.singular:
            t.put(m, "theta", rel(f.theta, r[key]["theta"]))
        t.put(m, "Satterthwaite df (lmerTest)",
              rel(lmm_satterthwaite_df(f), r[key]["df_satterthwaite"]))
    if "z1" in d:
        z = np.column_stack([np.ones(len(g)), d["z1"]])
        for key, reml in (("lmer_slopes_reml", True), ("lmer_slopes_ml", False)):
            f = fit_lmm(d["y"], X, g, Z=z, weights=w, reml=reml)
            m = f"lmer {'REML' if reml else 'ML'} (random slopes)"
            for what, a, b in (("coef", f.coef, r[key]["coef"]), ("se", f.se, r[key]["se"]),
                               ("theta", f.theta, r[key]["theta"]),
                               ("loglik", f.loglik, r[key]["loglik"])):
                t.put(m, what, rel(a, b))


def glm_rows(t: Table, d: dict, r: dict, name: str) -> None:
    from timestudy.stats import fit_glm

    X, g, w, off = d["X"], d["g"], d["w"], d["off"]
    pos = d["hours"] > 0
    f = fit_glm(d["hours"][pos], X[pos], offset=off[pos], weights=w[pos], groups=g[pos])
    rg = r["glm_gamma"]
    t.put("glm Gamma", "coef (relative to max(|coef|, se))", scaled(f.coef, rg["coef"],
                                                                    rg["se"]))
    t.put("glm Gamma", "se", rel(f.se, rg["se"]))
    t.put("glm Gamma", "dispersion", rel(f.dispersion, rg["dispersion"]))
    t.put("sandwich::vcovCL HC1 (CR1)", "se", rel(f.robust("CR1").se, rg["se_hc1"]))
    if name != "unbalanced":
        t.put("sandwich::vcovCL HC2 (CR2; constant working weights: panel, singular)", "se",
              rel(f.robust("CR2").se, rg["se_hc2"]))
    if name != "singular":  # its Gamma scores are ~0 by construction: no relative sense
        club = "clubSandwich CR2 (panel, unbalanced)"
        t.put(club, "se", rel(f.robust("CR2").se, rg["se_cr2"]))
        t.put(club, "Satterthwaite df", rel(f.robust("CR2").df, rg["df_cr2"]))
    rt = r["glm_tweedie15"]
    f = fit_glm(d["hours"], X, family="tweedie", power=1.5, offset=off, weights=w)
    t.put("statmod tweedie(1.5) glm", "coef (relative to max(|coef|, se))",
          scaled(f.coef, rt["coef"], rt["se"]))
    t.put("statmod tweedie(1.5) glm", "se", rel(f.se, rt["se"]))
    if name != "singular":  # there glmmTMB's power runs to its bound 2, ours to 1.99
        rp = r["tweedie_power_ml"]
        f = fit_glm(d["hours"], X, family="tweedie", offset=off)
        m = "glmmTMB Tweedie GLM, power estimated (panel, unbalanced)"
        t.put(m, "power", rel(f.power, rp["power"]))
        t.put(m, "coef (relative to max(|coef|, se))", scaled(f.coef, rp["coef"], rp["se"]))
        t.put(m, "loglik", rel(f.loglik, rp["loglik"]))


def glmm_rows(t: Table, d: dict, r: dict) -> None:
    from timestudy.stats import fit_glmm

    X, g, w, off = d["X"], d["g"], d["w"], d["off"]
    pos = d["hours"] > 0
    y = d["y_count"]
    sat = np.sum(np.where(y > 0, y * np.log(np.maximum(y, 1)), 0) - y - gammaln(y + 1))
    cases = [
        ("glmm_gamma", "glmmTMB Gamma GLMM (Laplace)",
         (d["hours"][pos], X[pos], g[pos]), {"offset": off[pos], "weights": w[pos]}, 0.0),
        ("glmm_tweedie15", "glmmTMB Tweedie(1.5) GLMM (Laplace)", (d["hours"], X, g),
         {"family": "tweedie", "power": 1.5, "offset": off}, 0.0),
        ("glmer_poisson_agq1", "glmer Poisson GLMM nAGQ=1", (y, X, g),
         {"family": "poisson", "offset": off}, 0.0),
        ("glmer_poisson_agq9", "glmer Poisson GLMM nAGQ=9 (loglik less the saturated)",
         (y, X, g), {"family": "poisson", "offset": off, "n_agq": 9}, sat),
    ]
    if "glmm_tweedie_power" in r:
        cases.append(("glmm_tweedie_power", "glmmTMB Tweedie GLMM, power estimated (panel)",
                      (d["hours"], X, g), {"family": "tweedie", "offset": off}, 0.0))
    for key, label, args, kwargs, shift in cases:
        f, rr = fit_glmm(*args, **kwargs), r[key]
        t.put(label, "coef (relative to max(|coef|, se))", scaled(f.coef, rr["coef"],
                                                                   rr["se"]))
        t.put(label, "se", rel(f.se, rr["se"]))
        if not f.singular:
            t.put(label, "sd", rel(f.sd_re, rr["sd_re"]))
        if "power" in rr and rr["power"] is not None and "power" not in kwargs:
            t.put(label, "power", rel(f.power, rr["power"]))
        t.put(label, "loglik", rel(f.loglik - shift, rr["loglik"]))


def measure() -> Table:
    ref = json.loads((FIX / "r_reference.json").read_text())
    t = Table()
    for name in ("panel", "singular", "unbalanced"):
        d = dict(np.load(FIX / f"{name}.npz"))
        lmm_rows(t, d, ref[name])
        glm_rows(t, d, ref[name], name)
        glmm_rows(t, d, ref[name])
    return t


def report(out: dict[str, dict[str, float]]) -> str:
    lines = ["Command: `.venv/bin/python benchmarks/agreement_engines.py` (fixtures from "
             "`benchmarks/r_reference.py`: R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, glmmTMB "
             "1.1.5, sandwich 3.0-2, clubSandwich 0.5.8, statmod 1.5.0; data sets panel, "
             "singular, unbalanced).", "",
             "Largest relative difference over the data sets (coefficients near 0 are "
             "compared relative to their standard error where marked):", "",
             "| reference | quantity | largest difference |", "|---|---|---|"]
    for model, items in out.items():
        for what, v in items.items():
            lines.append(f"| {model} | {what} | {v:.1e} |")
    return "\n".join(lines)


def main() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = measure()
    text = report(out)
    if "--no-record" not in sys.argv:
        from _results import update_section

        update_section("Agreement of the model engines with R (timestudy.stats)", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
