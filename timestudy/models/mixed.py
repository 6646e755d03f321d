"""Between-worker variation: a GLMM with a multiplicative worker effect (or a Gaussian LMM).

The default model is the complexity GLM with a random intercept per worker on the
log scale: ``log E[hours | worker] = log(case_months) + x' beta + b_worker``,
``b ~ N(0, sigma_b^2)``, fitted by :func:`timestudy.stats.fit_glmm` (Laplace, or
adaptive Gauss-Hermite) in the family of :mod:`timestudy.models.family`. A
worker effect ``b`` means that worker takes ``exp(b)`` times the time of a
typical worker on a similar case. ``kind="lmm"`` fits the Gaussian linear mixed
model of hours per case-month instead (:func:`timestudy.stats.fit_lmm`, REML),
for comparison with the additive view.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from timestudy.models.design import INTERCEPT, CaseDesign, case_design
from timestudy.models.family import FamilyChoice, choose_family
from timestudy.models.glmm_robust import glmm_robust
from timestudy.results import Section, TableResult
from timestudy.stats.distributions import norm_ppf, t_ppf, t_sf

Kind = Literal["glmm", "lmm"]
Interval = Literal["CR2", "model"]
_GLMM_COLUMNS = ["multiplier", "ci_low", "ci_high", "p_value", "se"]
_LMM_COLUMNS = ["estimate", "se", "ci_low", "ci_high", "p_value"]
TITLE = "Mixed model: hours per case-month"


@dataclass(frozen=True, repr=False)
class MixedModel(TableResult):
    """A mixed model of hours per case-month with a random intercept per worker.

    Attributes
    ----------
    model : GlmmResult or LmmResult
        The stats engine's fit.
    variance : dict
        ``between_worker`` (variance of the worker effect: on the log scale for
        the GLMM, in (hours per case-month)^2 for the LMM) with
        ``between_worker_ci_low`` and ``between_worker_ci_high``,
        ``between_worker_sd``, ``residual`` (the GLMM's dispersion, the LMM's
        residual variance), ``icc`` (LMM only), ``scale``, ``converged``,
        ``singular``.
    kind : {"glmm", "lmm"}
    family, power
        The GLMM's family and variance power (``"gaussian"`` for the LMM).
    engine : str
        What computed the figures.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import fit_mixed
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = fit_mixed(case_month(ep, s.cases))
    >>> m.kind, m.table.columns.tolist()
    ('glmm', ['multiplier', 'ci_low', 'ci_high', 'p_value', 'se'])
    >>> bool(m.variance["between_worker_sd"] >= 0)
    True
    """

    model: Any = None
    variance: dict | None = None
    kind: str = ""
    family: str = ""
    power: float | None = None
    engine: str = ""

    @classmethod
    def unavailable(cls, why: str) -> MixedModel:
        """An empty result that says why the model could not be fitted."""
        empty = pd.DataFrame(columns=_GLMM_COLUMNS, index=pd.Index([], name="term"),
                             dtype=float)
        return cls(empty, TITLE, (why,), None, {"between_worker": None, "residual": None,
                                                "icc": None, "converged": False})

    def random_effects(self) -> pd.Series:
        """Each worker's effect, by worker: a multiplier (GLMM) or hours per case-month (LMM).

        Returns
        -------
        Series
            Indexed by ``worker_id``. For the GLMM, ``exp(b)``: 1.10 means the
            worker takes 10% more time than a typical worker on similar cases;
            for the LMM the worker's shift from the fixed effects.

        Examples
        --------
        >>> from timestudy.examples import example_study
        >>> from timestudy.panels import case_month
        >>> s = example_study()
        >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
        ...                              "true_category": "category"})
        >>> effects = fit_mixed(case_month(ep, s.cases)).random_effects()
        >>> len(effects), bool((effects > 0).all())
        (8, True)
        """
        m = self.model
        blups = np.asarray(m.blups).reshape(len(m.group_labels), -1)[:, 0]
        values = np.exp(blups) if self.kind == "glmm" else blups
        return pd.Series(values, index=pd.Index(m.group_labels, name="worker_id"),
                         name="worker_effect")

    def plot(self, ax=None):
        """Distribution of the workers' effects; returns the Axes.

        See :func:`timestudy.plots.random_effects_plot`.
        """
        from timestudy.plots import random_effects_plot

        return random_effects_plot(self.random_effects(), ax=ax)

    def _sections(self) -> list[Section]:
        """The variance components with their intervals."""
        v = pd.Series(self.variance, name="value", dtype=object).rename_axis("component")
        return [Section("Variance components", table=v.to_frame(), digits=4)]


def fit_mixed(
    case_month: pd.DataFrame,
    *,
    formula: str | None = None,
    reference: str | None = None,
    pressure: bool = False,
    kind: Kind = "glmm",
    family: str | FamilyChoice = "auto",
    power: float | None = None,
    n_agq: int = 1,
    reml: bool = True,
    level: float = 0.95,
    interval: Interval = "CR2",
    design: CaseDesign | None = None,
) -> MixedModel:
    """Mixed model of hours per case-month with a random intercept per worker.

    Parameters
    ----------
    case_month : DataFrame
        The case-month panel (:func:`timestudy.panels.case_month`).
    formula, reference, pressure
        As for :func:`~timestudy.models.fit_complexity`: the same design.
    kind : {"glmm", "lmm"}
        ``"glmm"`` (default): the log-link GLMM of hours with offset
        ``log(case_months)``, worker effect multiplicative. ``"lmm"``: the
        Gaussian LMM of hours per case-month, weighted by case-months.
    family, power
        The GLMM's family: ``"auto"`` applies the rule of
        :mod:`timestudy.models.family`, ``"gamma"``/``"tweedie"`` fix it, and a
        :class:`~timestudy.models.family.FamilyChoice` is used as it is
        (:func:`~timestudy.models.fit_study` passes the complexity model's, so
        both share one family: ``fit_mixed(cm, **complexity.family_args())``).
    n_agq : int
        1 for the Laplace approximation, more for adaptive Gauss-Hermite nodes.
    reml : bool
        REML (default) or ML for the LMM.
    level : float
        Confidence level of every interval.
    interval : {"CR2", "model"}
        The GLMM's fixed-effect intervals: clustered by worker, CR2 with
        Satterthwaite df (default; see :mod:`timestudy.models.glmm_robust`), or
        model-based Wald with between-within t df (they assume the model's form).
    design : CaseDesign, optional
        The design of ``case_month`` with the same ``reference``, ``pressure`` and
        ``formula``, when the caller has it (the complexity model's ``design``, as
        :func:`~timestudy.models.fit_study` passes it): it is not built again.

    Returns
    -------
    MixedModel
        GLMM: table of ``multiplier``, ``ci_low``, ``ci_high``, ``p_value``, ``se``
        (of the log multiplier, as ``interval`` makes it); LMM:
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``p_value`` in hours per
        case-month with Satterthwaite t df. ``variance`` holds the variance
        components with intervals. A fit on the boundary (no between-worker
        variance) warns and says so in the notes.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import fit_mixed
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = fit_mixed(case_month(ep, s.cases))
    >>> m.kind, bool(0 < m.variance["between_worker_sd"] < 1)
    ('glmm', True)
    """
    if kind not in ("glmm", "lmm"):
        raise ValueError(f"kind must be 'glmm' or 'lmm', not {kind!r}")
    if interval not in ("CR2", "model"):
        raise ValueError(f"interval must be 'CR2' or 'model', not {interval!r}")
    if design is None:
        design = case_design(case_month, reference=reference, pressure=pressure,
                             formula=formula)
    if kind == "lmm":
        return _fit_lmm(design, reml, level)
    choice = choose_family(design, family, power)
    return _fit_glmm(design, choice, n_agq, level, interval)


def _glmm_table(fit, design: CaseDesign, level: float, interval: str) -> tuple[pd.DataFrame,
                                                                               str]:
    """Multipliers with CR2 or model-based intervals, and the method in words."""
    if interval == "CR2":
        X = design.select(list(fit.column_names)).X
        rob = glmm_robust(fit, X, design.hours, design.offset, design.weight, design.worker)
        se, df = rob.se, rob.df
        how = ("clustered by worker, CR2 (Bell-McCaffrey) with Satterthwaite degrees of "
               f"freedom ({df.min():.1f} to {df.max():.1f}); sandwich bread: the expected "
               "information of the marginal model (the GLMM's model-based errors would "
               "assume its form holds: interval='model')")
    else:
        se, df = fit.se, fit.df_between_within
        how = ("model-based Wald with a t reference on between-within degrees of freedom "
               "(workers less the worker-level terms for a term constant within workers, else "
               "case-months less workers less the other terms)")
    q = t_ppf(0.5 + level / 2, df)
    names = ["baseline_hours_per_month" if c == INTERCEPT else c for c in fit.column_names]
    table = pd.DataFrame({"multiplier": np.exp(fit.coef), "ci_low": np.exp(fit.coef - q * se),
                          "ci_high": np.exp(fit.coef + q * se),
                          "p_value": 2 * t_sf(np.abs(fit.coef / se), df), "se": se},
                         index=pd.Index(names, name="term"))
    return table, how


def _fit_glmm(design: CaseDesign, choice, n_agq: int, level: float, interval: str
              ) -> MixedModel:
    from timestudy.stats import fit_glmm

    with _singular_in_notes():
        fit = fit_glmm(design.hours, design.X, design.worker, family=choice.family,
                       power=choice.power if choice.family == "tweedie" else None,
                       offset=design.offset, weights=design.weight, n_agq=n_agq,
                       column_names=list(design.columns))
    table, how = _glmm_table(fit, design, level, interval)
    k = len(fit.coef)
    se_log_sd = float(np.sqrt(fit.vcov_all[k, k])) if not fit.singular else np.nan
    z = norm_ppf(0.5 + level / 2)
    sd_ci = (0.0, np.nan) if fit.singular else tuple(
        fit.sd_re * np.exp(np.array([-z, z]) * se_log_sd))
    sd = 0.0 if fit.singular else fit.sd_re  # the boundary estimate, as lme4 reports it
    variance = {"between_worker": sd**2, "between_worker_ci_low": sd_ci[0] ** 2,
                "between_worker_ci_high": sd_ci[1] ** 2, "between_worker_sd": sd,
                "residual": fit.dispersion, "icc": None, "scale": "log",
                "converged": bool(fit.converged), "singular": bool(fit.singular)}
    method = "Laplace" if n_agq == 1 else f"adaptive Gauss-Hermite, {n_agq} nodes"
    notes = (
        f"GLMM with log link, offset log(case-months) and a random intercept per worker "
        f"({design.n_workers} workers), fitted by timestudy.stats.fit_glmm ({method}). "
        f"{choice.reason}",
        f"Between-worker sd {sd:.3f} on the log scale: a worker one sd above typical "
        f"takes {np.exp(sd) - 1:.0%} more time on similar cases"
        + ("." if fit.singular else f" ({int(level * 100)}% interval for the sd "
           f"{sd_ci[0]:.3f} to {sd_ci[1]:.3f}, Wald on log sd)."),
        f"{int(level * 100)}% intervals of the multipliers: {how}.",
        *_weight_note(design, "each case-month's log-likelihood is multiplied by its weight "
                      "(glmmTMB's convention); the worker's random effect counts once, so the "
                      "between-worker variance is not design-weighted"),
        *_boundary(fit.singular, fit.message, " (no Wald interval for a variance at 0)"),
    )
    return MixedModel(table, TITLE, notes, fit, variance, "glmm", choice.family, choice.power,
                      "timestudy.stats.fit_glmm")


def _fit_lmm(design: CaseDesign, reml: bool, level: float) -> MixedModel:
    from timestudy.stats import fit_lmm, lmm_satterthwaite_df, profile_intervals

    w = design.exposure * design.weight
    with _singular_in_notes():
        fit = fit_lmm(design.hours_per_month, design.X, design.worker, weights=w / w.mean(),
                      reml=reml, column_names=list(design.columns))
    df = lmm_satterthwaite_df(fit)
    q = t_ppf(0.5 + level / 2, df)
    table = pd.DataFrame({"estimate": fit.coef, "se": fit.se, "ci_low": fit.coef - q * fit.se,
                          "ci_high": fit.coef + q * fit.se,
                          "p_value": 2 * t_sf(np.abs(fit.coef / fit.se), df)},
                         index=pd.Index(fit.column_names, name="term"))
    ci = profile_intervals(fit, level)
    between = 0.0 if fit.singular else float(fit.cov_re[0, 0])
    variance = {"between_worker": between, "between_worker_ci_low": ci.sd_between[0] ** 2,
                "between_worker_ci_high": ci.sd_between[1] ** 2,
                "between_worker_sd": between**0.5, "residual": fit.sigma2,
                "residual_ci_low": ci.sigma[0] ** 2, "residual_ci_high": ci.sigma[1] ** 2,
                "icc": fit.icc, "scale": "hours per case-month",
                "converged": bool(fit.converged), "singular": bool(fit.singular)}
    notes = (
        f"Linear mixed model of hours per case-month ({'REML' if reml else 'ML'}) with a "
        f"random intercept per worker ({design.n_workers} workers), fitted by "
        "timestudy.stats.fit_lmm; case-months weighted by their exposure (a short exposure "
        "gives a noisier rate).",
        f"Between-worker variance {between:.2f} ({int(level * 100)}% profile-likelihood "
        f"interval {variance['between_worker_ci_low']:.2f} to "
        f"{variance['between_worker_ci_high']:.2f}), residual {fit.sigma2:.2f}: {fit.icc:.0%} "
        "of the variation in hours per case-month lies between workers.",
        f"{int(level * 100)}% intervals of the fixed effects: t with Satterthwaite degrees of "
        "freedom (as lmerTest).",
        *_weight_note(design, "the exposure weights are multiplied by them"),
        *_boundary(fit.singular, fit.message, ""),
    )
    return MixedModel(table, TITLE, notes, fit, variance, "lmm", "gaussian", None,
                      "timestudy.stats.fit_lmm")


def _weight_note(design: CaseDesign, how: str) -> tuple[str, ...]:
    if np.allclose(design.weight, design.weight[0]):
        return ()
    return (f"Survey weights: {how}.",)


@contextmanager
def _singular_in_notes():
    """Let every warning of the engine through but a singular fit's, which the notes report.

    A maximum at the boundary is an answer (workers do not differ detectably), not a trouble
    worth a warning in every guide: the notes say so, and ``variance["singular"]`` is set.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        if "singular fit" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _boundary(singular: bool, message: str, extra: str) -> tuple[str, ...]:
    if not singular:
        return ()
    return (f"Singular fit ({message}): the between-worker variance is estimated at its "
            f"boundary (zero){extra}; these workers do not differ detectably beyond what the "
            "cases explain. The fixed effects stand.",)
