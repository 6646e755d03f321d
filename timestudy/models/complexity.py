"""Complexity multipliers (GLM with log link) and between-worker variation (mixed model)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from timestudy.errors import EstimationWarning
from timestudy.models.cases import default_reference
from timestudy.results import Section, TableResult

DRIVERS = ("travel_miles", "n_professionals", "n_children", "in_proceedings")


def model_data(case_month: pd.DataFrame, drop_missing: bool = True) -> pd.DataFrame:
    """Case-months ready for formulas: booleans as 0/1, exposure > 0, worker as a string.

    Rows missing a complexity driver are dropped (when ``drop_missing``), so that the
    offset, weights and worker groups stay aligned with the rows the model uses.
    """
    d = case_month
    if "case_months" in d:
        d = d.loc[d["case_months"] > 0]
    d = d.reset_index(drop=True).copy()
    for col in d.columns:
        if d[col].dtype == bool or str(d[col].dtype) == "boolean":
            d[col] = d[col].astype(float)
    for col in DRIVERS:
        if col in d:
            d[col] = pd.to_numeric(d[col], errors="coerce").astype(float)
    if "worker_id" in d:
        d["worker_id"] = d["worker_id"].astype(str)
    d["case_type"] = d["case_type"].astype(str)
    if "weight" not in d:
        d["weight"] = 1.0
    if drop_missing:
        used = [c for c in DRIVERS if c in d]
        d = d.dropna(subset=used).reset_index(drop=True)
    return d


def _full_rank(data: pd.DataFrame, terms: list[str]) -> bool:
    import patsy

    X = patsy.dmatrix(" + ".join(terms), data, return_type="dataframe")
    return np.linalg.matrix_rank(X.to_numpy()) == X.shape[1]


def right_hand_side(data: pd.DataFrame, reference: str, formula: str | None = None,
                    pressure: bool = False, dropped: list | None = None) -> str:
    """Case type (treatment-coded against ``reference``) plus the drivers the data can support.

    A driver that is constant, or a linear combination of the terms before it
    (``in_proceedings`` when only PROCEEDINGS cases are in proceedings, say), is
    left out and its name appended to ``dropped``.
    """
    terms = [f"C(case_type, Treatment({reference!r}))"]
    for c in [*DRIVERS, *(["cases_per_fte"] if pressure else [])]:
        if c not in data:
            continue
        if data[c].nunique() > 1 and _full_rank(data, [*terms, c]):
            terms.append(c)
        elif dropped is not None:
            dropped.append(c)
    if formula:
        terms.append(formula.strip().lstrip("+").strip())
    return " + ".join(terms)


def _pretty(term: str) -> str:
    if term.startswith("C(case_type"):
        return "case_type=" + term.split("[T.")[-1].rstrip("]")
    return term


@dataclass(frozen=True, repr=False)
class ComplexityModel(TableResult):
    """Multipliers of hours per case-month for case type and complexity drivers."""

    model: object = None
    family: str = ""
    formula: str = ""
    reference: str = ""

    def predict(self, cases: pd.DataFrame) -> pd.Series:
        """Expected hours per case-month for each case (one month of exposure)."""
        data = model_data(cases.assign(case_months=1.0), drop_missing=False)
        return pd.Series(np.asarray(self.model.predict(data, offset=np.zeros(len(data)))),
                         index=data.index, name="hours_per_month")

    def plot(self, ax=None):
        """Multipliers with intervals on a log scale; returns the Axes.

        See :func:`timestudy.plots.multipliers_plot`.
        """
        from timestudy.plots import multipliers_plot

        return multipliers_plot(self.table, ax=ax)


def fit_complexity(
    case_month: pd.DataFrame,
    *,
    formula: str | None = None,
    family: str = "auto",
    reference: str | None = None,
    pressure: bool = False,
    level: float = 0.95,
) -> ComplexityModel:
    """GLM with log link of case hours on case type and complexity drivers.

    ``hours ~ case type + travel_miles + n_professionals + n_children +
    in_proceedings [+ cases_per_fte] [+ formula]`` with ``log(case_months)`` as
    offset, so coefficients act on hours per case-month. Gamma when every case
    has hours, Tweedie (variance power 1.5) when some have none: ``family="auto"``
    chooses and the result reports which. Standard errors are clustered by
    worker; survey weights in ``weight`` are variance weights.

    Returns
    -------
    ComplexityModel
        Table indexed by term: ``multiplier`` (exp of the coefficient),
        ``ci_low``, ``ci_high``, ``p_value``; the row ``baseline_hours_per_month``
        is the reference case type with all drivers at zero. ``.model`` is the
        statsmodels result.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import case_month
    >>> s = simulate_study(n_workers=20, weeks=2, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = fit_complexity(case_month(ep, s.cases))
    >>> bool(m.table.loc["travel_miles", "multiplier"] > 1)
    True
    """
    n_in = int((case_month["case_months"] > 0).sum()) if "case_months" in case_month else len(
        case_month)
    data = model_data(case_month)
    reference = reference or default_reference(pd.Index(sorted(data["case_type"].unique())))
    dropped: list[str] = []
    rhs = right_hand_side(data, reference, formula, pressure, dropped)
    if family == "auto":
        family = "gamma" if (data["hours"] > 0).all() else "tweedie"
    fam = {"gamma": sm.families.Gamma(sm.families.links.Log()),
           "tweedie": sm.families.Tweedie(var_power=1.5, link=sm.families.links.Log())}.get(family)
    if fam is None:
        raise ValueError(f"family must be 'auto', 'gamma' or 'tweedie', not {family!r}")
    groups = pd.factorize(data["worker_id"])[0]
    model = smf.glm(f"hours ~ {rhs}", data, family=fam, offset=np.log(data["case_months"]),
                    var_weights=data["weight"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    ci = fit.conf_int(1 - level)
    table = pd.DataFrame({"multiplier": np.exp(fit.params), "ci_low": np.exp(ci[0]),
                          "ci_high": np.exp(ci[1]), "p_value": fit.pvalues})
    table.index = ["baseline_hours_per_month" if i == "Intercept" else _pretty(i)
                   for i in table.index]
    table.index.name = "term"
    notes = (
        f"GLM, {family} family with log link, offset log(case-months); standard errors "
        f"clustered by worker ({len(np.unique(groups))} workers).",
        "A multiplier of 1.2 means 20% more hours per case-month for each unit of the term "
        f"(or for that case type against {reference}), other terms held equal.",
        "Tweedie is used when some cases had no hours in the diary period (zeros). Intervals "
        "use a t reference on the number of workers less one.",
    )
    if dropped:
        notes += (f"Left out (constant, or determined by the other terms in these data): "
                  f"{', '.join(dropped)}.",)
    if len(data) < n_in:
        notes += (f"{n_in - len(data)} cases missing a complexity attribute were left out.",)
    return ComplexityModel(table, "Complexity multipliers", notes, fit, family, rhs, reference)


@dataclass(frozen=True, repr=False)
class MixedModel(TableResult):
    """Linear mixed model of hours per case-month with a random intercept per worker."""

    model: object = None
    variance: dict | None = None

    def random_effects(self) -> pd.Series:
        """Each worker's random intercept (hours per case-month), by worker.

        Returns
        -------
        Series
            Indexed by ``worker_id``: the worker's shift from the fixed effects.

        Examples
        --------
        >>> import warnings
        >>> from timestudy import simulate_study
        >>> from timestudy.panels import case_month
        >>> s = simulate_study(n_workers=20, weeks=2, seed=2)
        >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
        ...                              "true_category": "category"})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     effects = fit_mixed(case_month(ep, s.cases)).random_effects()
        >>> len(effects)
        20
        """
        return pd.Series({k: float(v.iloc[0]) for k, v in self.model.random_effects.items()})

    def plot(self, ax=None):
        """Distribution of the workers' random intercepts; returns the Axes.

        See :func:`timestudy.plots.random_effects_plot`.
        """
        from timestudy.plots import random_effects_plot

        return random_effects_plot(self.random_effects(), ax=ax)

    def _sections(self) -> list[Section]:
        """The variance components (``between_worker``, ``residual``, ``icc``, ``converged``)."""
        v = pd.Series(self.variance, name="value", dtype=object).rename_axis("component")
        return [Section("Variance components", table=v.to_frame(), digits=3)]


_BOUNDARY = 1e-4  # a variance ratio below this is "no detectable difference between workers"


def _fit_mixed_deterministic(model, reml: bool):
    """Fit a random-intercept MixedLM the same way every time.

    statsmodels' default (BFGS, then L-BFGS, then CG from a unit variance ratio) stops on a
    gradient tolerance. When the between-worker variance is at or near zero the likelihood
    is flat there, and tiny floating-point differences (row order, BLAS build or threads)
    decide whether BFGS "fails to converge": identical data could warn on one run and not
    the next, and the failed fit was not even the maximum. With one random intercept the
    profile likelihood has one parameter (the between-worker standard deviation relative
    to the residual one), so it is maximised here by a bounded scalar search with fixed
    tolerances, and statsmodels is then started at that maximum. Returns the fit and the
    troubles worth a warning (a maximum at zero is not one: the notes report it).
    """
    from scipy.optimize import minimize_scalar
    from statsmodels.regression.mixed_linear_model import MixedLMParams

    # what fit() sets before it evaluates the likelihood
    model.reml, model.cov_pen, model.fe_pen, model._cov_sing, model._freepat = (
        reml, None, None, 0, None)

    def minus_profile(s: float) -> float:
        p = MixedLMParams.from_packed(np.array([s]), model.k_fe, model.k_re, use_sqrt=True,
                                      has_fe=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                v = float(model.loglike(p, profile_fe=True))
            except (np.linalg.LinAlgError, ValueError):
                return np.inf
        return -v if np.isfinite(v) else np.inf

    best = minimize_scalar(minus_profile, bounds=(0.0, 10.0), method="bounded",
                           options={"xatol": 1e-7, "maxiter": 500})
    s = float(best.x) if minus_profile(best.x) < minus_profile(0.0) else 0.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = model.fit(reml=reml, start_params=np.array([s]), method=["bfgs"], maxiter=200)
    messages = {str(w.message).split(".")[0] for w in caught}
    ratio = float(fit.cov_re.iloc[0, 0]) / float(fit.scale)
    trouble = sorted(m for m in messages if ("converge" in m or "Hessian" in m)
                     and ratio >= _BOUNDARY)
    return fit, trouble


def fit_mixed(
    case_month: pd.DataFrame,
    *,
    formula: str | None = None,
    reference: str | None = None,
    pressure: bool = False,
    reml: bool = True,
    level: float = 0.95,
) -> MixedModel:
    """Mixed model: hours per case-month on case type and drivers, random intercept per worker.

    Reports the between-worker variance (how much workers differ in the time they
    give a similar case), the residual variance and the intra-worker correlation.
    statsmodels MixedLM does not take survey weights: a warning says so if any
    weight differs from 1.

    Returns
    -------
    MixedModel
        Fixed effects table (``estimate``, ``se``, ``ci_low``, ``ci_high``,
        ``p_value``) and ``variance``: ``between_worker``, ``residual``, ``icc``.
    """
    data = model_data(case_month)
    if not np.allclose(data["weight"], 1.0):
        warnings.warn("the mixed model ignores survey weights (statsmodels MixedLM takes none)",
                      EstimationWarning, stacklevel=2)
    reference = reference or default_reference(pd.Index(sorted(data["case_type"].unique())))
    rhs = right_hand_side(data, reference, formula, pressure)
    data = data.sort_values(["worker_id", "case_id"] if "case_id" in data else ["worker_id"],
                            kind="stable").reset_index(drop=True)
    model = smf.mixedlm(f"hours_per_month ~ {rhs}", data, groups=data["worker_id"])
    fit, trouble = _fit_mixed_deterministic(model, reml)
    fe = fit.fe_params
    ci = fit.conf_int(1 - level).loc[fe.index]
    table = pd.DataFrame({"estimate": fe, "se": fit.bse_fe, "ci_low": ci[0], "ci_high": ci[1],
                          "p_value": fit.pvalues.loc[fe.index]})
    table.index = [_pretty(i) for i in table.index]
    table.index.name = "term"
    between = float(fit.cov_re.iloc[0, 0])
    if between / float(fit.scale) < _BOUNDARY:
        between = 0.0
    variance = {"between_worker": between, "residual": float(fit.scale),
                "icc": between / (between + float(fit.scale)),
                "converged": bool(fit.converged) and not trouble}
    notes = (
        "Linear mixed model (statsmodels MixedLM, "
        + ("REML" if reml else "ML") + ") with a random intercept for each worker.",
        f"Between-worker variance {between:.2f}, residual {fit.scale:.2f}: "
        f"{variance['icc']:.0%} of the variation in hours per case-month lies between workers.",
    )
    if between == 0.0:
        notes += ("The between-worker variance is at its boundary (zero): beyond their case "
                  "types and drivers, workers do not differ detectably in these data.",)
    if trouble:
        notes += ("The fit was troubled (" + "; ".join(trouble) + "): the between-worker "
                  "variance may be on its boundary (zero) and is not a reliable estimate.",)
    return MixedModel(table, "Mixed model: hours per case-month", notes, fit, variance)
