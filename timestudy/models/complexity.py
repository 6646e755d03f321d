"""Complexity multipliers: a log-link GLM of case hours with worker-clustered small-sample intervals.

``hours ~ case type + drivers`` with ``log(case_months)`` as offset, fitted by
:func:`timestudy.stats.fit_glm` on a design built once
(:func:`~timestudy.models.design.case_design`). The family comes from the rule
in :mod:`timestudy.models.family` (Gamma, or Tweedie with its power estimated)
and is reported. Intervals are cluster-robust by worker with a small-sample
correction: CR2 (Bell-McCaffrey) with Satterthwaite degrees of freedom by
default, or the wild cluster bootstrap-t; the sandwich bread is the expected
(Fisher) information, as R's ``sandwich`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from timestudy.models.design import DRIVERS, INTERCEPT, CaseDesign, case_design, model_data
from timestudy.models.family import FamilyChoice, choose_family
from timestudy.results import TableResult
from timestudy.stats.distributions import t_sf

__all__ = ["DRIVERS", "ComplexityModel", "fit_complexity", "model_data"]

Interval = Literal["CR2", "CR1", "wild"]
BASELINE = "baseline_hours_per_month"
ENGINE = "timestudy.stats.fit_glm"
_COLUMNS = ["multiplier", "ci_low", "ci_high", "p_value"]


@dataclass(frozen=True, repr=False)
class ComplexityModel(TableResult):
    """Multipliers of hours per case-month for case type and complexity drivers.

    Attributes
    ----------
    model : GlmResult
        The stats engine's fit (coefficients on the log scale, ``robust()``,
        ``bootstrap()``).
    family, power : str, float
        ``"gamma"`` (power 2) or ``"tweedie"`` with its variance power.
    choice : FamilyChoice
        How the family was chosen (see :mod:`timestudy.models.family`).
    design : CaseDesign
        The design the model was fitted on (its columns predict new cases).
    interval : str
        ``"CR2"``, ``"CR1"`` or ``"wild"``: how the intervals were made.
    engine : str
        What computed the figures.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import fit_complexity
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = fit_complexity(case_month(ep, s.cases))
    >>> m.family, m.interval, m.table.index[0]
    ('tweedie', 'CR2', 'baseline_hours_per_month')
    """

    model: Any = None
    family: str = ""
    formula: str = ""
    reference: str = ""
    power: float | None = None
    choice: FamilyChoice | None = None
    design: CaseDesign | None = None
    interval: str = ""
    engine: str = ""

    @classmethod
    def unavailable(cls, why: str) -> ComplexityModel:
        """An empty result that says why the model could not be fitted."""
        empty = pd.DataFrame(columns=_COLUMNS, index=pd.Index([], name="term"), dtype=float)
        return cls(empty, "Complexity multipliers", (why,))

    def family_args(self) -> dict:
        """The family chosen here (``{"family": choice}``), to fit another model in it."""
        return {} if self.choice is None else {"family": self.choice}

    def predict(self, cases: pd.DataFrame) -> pd.Series:
        """Expected hours per case-month of each case (one month of exposure).

        Examples
        --------
        >>> from timestudy.examples import example_study
        >>> from timestudy.panels import case_month
        >>> s = example_study()
        >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
        ...                              "true_category": "category"})
        >>> m = fit_complexity(case_month(ep, s.cases))
        >>> bool((m.predict(s.cases.head(3)) > 0).all())
        True
        """
        X = self.design.matrix(cases)
        return pd.Series(np.exp(X @ self.model.coef), index=cases.index, name="hours_per_month")

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
    power: float | None = None,
    reference: str | None = None,
    pressure: bool = False,
    level: float = 0.95,
    interval: Interval = "CR2",
    n_boot: int = 999,
    seed: int | None = 0,
) -> ComplexityModel:
    """GLM with log link of case hours on case type and complexity drivers.

    ``hours ~ case type + travel_miles + n_professionals + n_children +
    in_proceedings [+ cases_per_fte] [+ formula]`` with ``log(case_months)`` as
    offset, so coefficients act on hours per case-month; survey weights in
    ``weight`` weight each case-month (a worker of weight 2 counts twice).

    Parameters
    ----------
    case_month : DataFrame
        The case-month panel (:func:`timestudy.panels.case_month`).
    formula : str, optional
        Extra right-hand-side terms (formulaic syntax), e.g. ``"np.log1p(travel_miles)"``.
    family : {"auto", "gamma", "tweedie"} or FamilyChoice
        ``"auto"`` applies the documented rule of :mod:`timestudy.models.family`:
        Gamma when no case has zero hours and Gamma fits as well as the best
        Tweedie power, otherwise Tweedie with the power estimated by profile
        likelihood. The notes say which and why.
    power : float, optional
        Tweedie power with ``family="tweedie"`` (estimated when None).
    reference : str, optional
        Case type the case type multipliers are against (CIN by default).
    pressure : bool
        Add caseload pressure (``cases_per_fte``).
    level : float
        Confidence level.
    interval : {"CR2", "CR1", "wild"}
        Worker-clustered intervals: CR2 (Bell-McCaffrey) with Satterthwaite
        df (default; good with 8 to 20 workers), CR1 with t(workers - 1), or the
        wild cluster bootstrap-t with Webb weights (``n_boot`` draws, ``seed``).

    Parameters
    ----------
    case_month : DataFrame
        Output of :func:`timestudy.panels.case_month`.
    formula : str, optional
        Terms added to the model.
    family : {"auto", "gamma", "tweedie"}
        The GLM family (``auto``: gamma when every case has hours).
    reference : str, optional
        Reference case type (default: the most common).
    pressure : bool
        Add caseload pressure (``cases_per_fte``) as a term.
    level : float
        Level of the intervals.

    Returns
    -------
    ComplexityModel
        Table indexed by term: ``multiplier`` (exp of the coefficient),
        ``ci_low``, ``ci_high``, ``p_value``; the row ``baseline_hours_per_month``
        is the reference case type with all drivers at zero. ``.model`` is the
        :class:`~timestudy.stats.GlmResult`.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import fit_complexity
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = fit_complexity(case_month(ep, s.cases))
    >>> row = m.table.loc["travel_miles"]  # 8 workers for a week: a wide interval
    >>> bool(row["ci_low"] < row["multiplier"] < row["ci_high"]), m.family
    (True, 'tweedie')
    """
    if interval not in ("CR2", "CR1", "wild"):
        raise ValueError(f"interval must be 'CR2', 'CR1' or 'wild', not {interval!r}")
    design = case_design(case_month, reference=reference, pressure=pressure, formula=formula)
    choice = choose_family(design, family, power)
    fit = glm(design, choice)
    table, how = multiplier_table(fit, level, interval, n_boot, seed)
    notes = (
        f"GLM with log link and offset log(case-months), fitted by {ENGINE}. {choice.reason}",
        "A multiplier of 1.2 means 20% more hours per case-month for each unit of the term "
        f"(or for that case type against {design.reference}), other terms held equal.",
        f"{int(level * 100)}% intervals {how}, clustered by worker ({design.n_workers} workers); "
        "sandwich bread: the expected (Fisher) information, as R's sandwich::vcovCL (the "
        "observed-information bread statsmodels uses differs for Gamma and Tweedie with a log "
        "link).",
        *design_notes(design),
    )
    return ComplexityModel(table, "Complexity multipliers", notes, fit, choice.family,
                           design.describe(), design.reference, choice.power, choice, design,
                           interval, ENGINE)


def glm(design: CaseDesign, choice: FamilyChoice, *, groups: bool = True):
    """Fit the GLM of ``design`` in the chosen family with :func:`timestudy.stats.fit_glm`."""
    from timestudy.stats import fit_glm

    return fit_glm(design.hours, design.X, family=choice.family,
                   power=choice.power if choice.family == "tweedie" else None,
                   offset=design.offset, weights=design.weight,
                   groups=design.worker if groups else None,
                   column_names=list(design.columns), loglik=False)


def multiplier_table(fit, level: float, interval: Interval, n_boot: int = 999,
                     seed: int | None = 0) -> tuple[pd.DataFrame, str]:
    """Multipliers with cluster-robust intervals and p-values, and the method in words."""
    coef = fit.coef
    if interval == "wild":
        boot = fit.bootstrap(n_boot=n_boot, level=level, seed=seed)
        ci = boot.conf_int
        t_obs = coef / boot.se
        p = (np.abs(boot.t_draws) >= np.abs(t_obs)).mean(axis=0)
        how = (f"from the wild cluster bootstrap-t ({n_boot} draws, Webb weights, "
               "CR1-studentised)")
    else:
        rob = fit.robust(interval)
        ci = rob.conf_int(coef, level)
        p = 2 * t_sf(np.abs(coef / rob.se), rob.df)
        how = ("CR2 (Bell-McCaffrey) with Satterthwaite degrees of freedom "
               f"({_df_range(rob.df)})" if interval == "CR2"
               else f"CR1 with a t reference on workers - 1 ({rob.n_groups - 1} df)")
    table = pd.DataFrame({"multiplier": np.exp(coef), "ci_low": np.exp(ci[:, 0]),
                          "ci_high": np.exp(ci[:, 1]), "p_value": p},
                         index=pd.Index([BASELINE if c == INTERCEPT else c
                                         for c in fit.column_names], name="term"))
    return table, how


def design_notes(design: CaseDesign) -> tuple[str, ...]:
    """Notes on what the design left out and on survey weights."""
    notes: tuple[str, ...] = ()
    if not np.allclose(design.weight, design.weight[0]):
        notes += ("Survey weights weight each case-month (a worker of weight 2 counts as two "
                  "workers).",)
    if design.dropped:
        notes += ("Left out (constant, or determined by the other terms in these data): "
                  f"{', '.join(design.dropped)}.",)
    if design.n_missing:
        notes += (f"{design.n_missing} cases missing a complexity attribute were left out.",)
    return notes


def _df_range(df: np.ndarray) -> str:
    lo, hi = float(np.min(df)), float(np.max(df))
    return f"{lo:.1f} df" if abs(hi - lo) < 0.05 else f"{lo:.1f} to {hi:.1f} df by term"
