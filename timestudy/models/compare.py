"""Model comparison: AIC/BIC where defined, cross-validation grouped by worker, diagnostics.

Every candidate is fitted from one :class:`~timestudy.models.design.CaseDesign`
built once: smaller models take columns of it, cross-validation folds take rows.
The GLMs and the GLMM share one family, chosen once by the rule of
:mod:`timestudy.models.family` on the design with the drivers, so their AIC and
BIC compare likelihoods of the same response in the same family.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy.models.complexity import glm
from timestudy.models.design import INTERCEPT, CaseDesign, case_design
from timestudy.models.family import FamilyChoice, choose_family, profile_point
from timestudy.results import TableResult
from timestudy.stats import families as fam

#: A candidate: fit on a design, return (predict hours per month on a design, the fit).
Candidate = Callable[[CaseDesign], tuple[Callable[[CaseDesign], np.ndarray], object]]


def worker_folds(worker_id: pd.Series, n_folds: int = 5, seed: int | None = 0) -> np.ndarray:
    """Fold number of each row such that all rows of a worker fall in the same fold.

    Examples
    --------
    >>> f = worker_folds(pd.Series(["a", "b", "a", "c"]), n_folds=2, seed=0)
    >>> bool(f[0] == f[2])
    True
    """
    rng = np.random.default_rng(seed)
    workers = pd.unique(pd.Series(worker_id))
    fold_of = dict(zip(rng.permutation(workers), np.arange(len(workers)) % n_folds, strict=True))
    return pd.Series(worker_id).map(fold_of).to_numpy()


def _linear(t: CaseDesign, res) -> np.ndarray:
    """``X beta`` on a test design, by the names of the columns the fit kept."""
    return t.X[:, [t.columns.index(c) for c in res.column_names]] @ res.coef


def _present(d: CaseDesign, cols: list[str]) -> CaseDesign:
    """The columns of ``cols`` that vary in the rows of ``d`` (a fold may lack a case type)."""
    return d.select([c for c in cols if c == INTERCEPT or np.ptp(d.X[:, d.columns.index(c)])])


def _ratio(train: CaseDesign):
    ct = train.X[:, [c.startswith("case_type=") for c in train.columns]]
    key = ct @ (1 + np.arange(ct.shape[1]))
    w = train.weight
    rate = {k: (w * train.hours)[key == k].sum() / (w * train.exposure)[key == k].sum()
            for k in np.unique(key)}

    def predict(test: CaseDesign) -> np.ndarray:
        tk = test.X[:, [c.startswith("case_type=") for c in test.columns]] @ (
            1 + np.arange(ct.shape[1]))
        return np.array([rate[k] for k in tk])
    return predict, None


def _candidates(design: CaseDesign, choice: FamilyChoice) -> dict[str, tuple[list, Candidate]]:
    """Name -> (columns, fit function)."""
    from timestudy.stats import fit_glmm, fit_lmm

    base = [c for c in design.columns if c == INTERCEPT or c.startswith("case_type=")]
    drivers = [c for c in design.columns if c != "cases_per_fte"]

    def glm_fit(d: CaseDesign):
        res = glm(d, choice, groups=False)
        return (lambda t: np.exp(_linear(t, res)), res)

    def glmm_fit(d: CaseDesign):
        res = fit_glmm(d.hours, d.X, d.worker, family=choice.family, offset=d.offset,
                       power=choice.power if choice.family == "tweedie" else None,
                       weights=d.weight, column_names=list(d.columns))
        return (lambda t: np.exp(_linear(t, res) + res.sd_re**2 / 2), res)

    def lmm_fit(d: CaseDesign):
        w = d.exposure * d.weight
        res = fit_lmm(d.hours_per_month, d.X, d.worker, weights=w / w.mean(), reml=False,
                      column_names=list(d.columns))
        return (lambda t: _linear(t, res), res)

    out = {"ratio by case type": (base, _ratio), "GLM: case type": (base, glm_fit),
           "GLM: case type + drivers": (drivers, glm_fit)}
    if "cases_per_fte" in design.columns:
        out["GLM: + caseload pressure"] = (list(design.columns), glm_fit)
    out["GLMM: case type + drivers"] = (drivers, glmm_fit)
    out["LMM: case type + drivers"] = (drivers, lmm_fit)
    return out


def _criteria(name: str, d: CaseDesign, res, choice: FamilyChoice) -> tuple[float, float]:
    """AIC and BIC of a full-data fit (nan for the ratio)."""
    n = len(d.hours)
    extra = 1 if choice.family == "tweedie" and choice.rule == "auto" else 0  # the power
    if name.startswith("GLM:"):
        ll = profile_point(d, choice.power, res.coef)[0]
        k = d.X.shape[1] + 1 + extra
    elif name.startswith("GLMM"):
        ll, k = res.loglik, len(res.coef) + 2 + extra
    elif name.startswith("LMM"):
        ll, k = res.loglik, res.n_params
    else:
        return np.nan, np.nan
    return -2 * ll + 2 * k, -2 * ll + k * np.log(n)


@dataclass(frozen=True, repr=False)
class ModelComparison(TableResult):
    """AIC, BIC and worker-grouped cross-validated error of the candidate case models.

    Attributes
    ----------
    fits : dict
        Candidate -> the stats engine's full-data fit (None for the ratio).
    design : CaseDesign
        The design every candidate was fitted from.
    family : FamilyChoice
        The family the GLMs and the GLMM share.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import compare_models
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> mc = compare_models(case_month(ep, s.cases), n_folds=3)
    >>> type(mc).__name__, mc.table.index[0], mc.fits["ratio by case type"] is None
    ('ModelComparison', 'ratio by case type', True)
    """

    fits: dict | None = None
    design: CaseDesign | None = None
    family: FamilyChoice | None = None
    fitted: dict = field(default_factory=dict)

    def residuals(self, model: str = "GLM: case type + drivers") -> pd.DataFrame:
        """Fitted hours per case-month and residuals of one candidate.

        Deviance residuals (signed, on the hours of each case-month) for the
        GLMs and the GLMM (at its workers' effects); hours per case-month less
        the fit for the LMM.

        Parameters
        ----------
        model : str
            A candidate, as in the index of ``table``.

        Returns
        -------
        DataFrame
            ``fitted`` and ``residual``, one row per case-month of the design.

        Examples
        --------
        >>> from timestudy.examples import example_study
        >>> from timestudy.panels import case_month
        >>> s = example_study()
        >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
        ...                              "true_category": "category"})
        >>> comparison = compare_models(case_month(ep, s.cases), n_folds=3)
        >>> list(comparison.residuals("GLM: case type").columns)
        ['fitted', 'residual']
        """
        return self.fitted[model].copy()

    def plot(self, model: str = "GLM: case type + drivers", ax=None):
        """Residuals against fitted values and a QQ plot of one candidate; returns the Axes.

        ``ax`` is a pair of Axes (see :func:`timestudy.plots.residuals_plot`).
        """
        from timestudy.plots import residuals_plot

        return residuals_plot(self.residuals(model), title=model, ax=ax)


def _diagnostics(name: str, d: CaseDesign, res, p: float) -> pd.DataFrame | None:
    if res is None:
        return None
    if name.startswith("LMM"):
        fit = d.X @ res.coef + res.blups[:, 0][pd.Index(res.group_labels).get_indexer(d.worker)]
        return pd.DataFrame({"fitted": fit, "residual": d.hours_per_month - fit})
    eta = d.X @ res.coef
    if name.startswith("GLMM"):
        eta = eta + res.blups[pd.Index(res.group_labels).get_indexer(d.worker)]
    mu = np.exp(eta + d.offset)
    dev = fam.unit_deviance(d.hours, mu, p) * d.weight
    resid = np.sign(d.hours - mu) * np.sqrt(np.maximum(dev, 0))
    return pd.DataFrame({"fitted": mu / d.exposure, "residual": resid})


def compare_models(
    case_month: pd.DataFrame,
    *,
    reference: str | None = None,
    formula: str | None = None,
    family: str = "auto",
    power: float | None = None,
    n_folds: int = 5,
    seed: int | None = 0,
) -> ModelComparison:
    """Compare candidate models of hours per case-month.

    Candidates: the ratio by case type; GLMs with case type alone, with the
    complexity drivers, and with caseload pressure (when it varies); the GLMM
    (drivers and a worker random intercept); the Gaussian LMM of hours per
    case-month. The GLMs and the GLMM share one family (chosen once on the
    design with the drivers; ``family`` and ``power`` as for
    :func:`~timestudy.models.fit_complexity`), so their AIC and BIC compare (the
    GLMM's is its Laplace marginal likelihood); the LMM's (fitted by ML) models
    another response and compares with nothing here; the ratio has none.
    Cross-validation holds out whole workers (``n_folds`` groups of workers) and
    reports the mean absolute error of hours per case-month, weighted by
    exposure; the GLMM predicts a held-out worker by its marginal mean
    ``exp(x'beta + sd^2 / 2)``.

    Parameters
    ----------
    case_month : DataFrame
        The case-month panel (:func:`timestudy.panels.case_month`).
    reference, formula
        As for :func:`~timestudy.models.fit_complexity`.
    family, power
        The family of the GLMs and the GLMM (``"auto"``: the rule of
        :mod:`timestudy.models.family`).
    n_folds, seed
        Folds of whole workers for cross-validation, and the seed that draws them.

    Parameters
    ----------
    case_month : DataFrame
        Output of :func:`timestudy.panels.case_month`.
    reference : str, optional
        Reference case type of the models.
    formula : str, optional
        Terms added to the GLMs and the mixed model.
    n_folds : int
        Groups of workers held out in turn.
    seed : int, optional
        Seed of the assignment of workers to folds.

    Returns
    -------
    ModelComparison
        Table indexed by ``model`` with ``aic``, ``bic``, ``cv_mae`` and
        ``cv_mae_se`` (across folds); ``plot(model)`` draws diagnostics.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import compare_models
    >>> from timestudy.panels import case_month
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> mc = compare_models(case_month(ep, s.cases), n_folds=3)
    >>> mc.table.index.tolist()[:2], mc.table.columns.tolist()
    (['ratio by case type', 'GLM: case type'], ['aic', 'bic', 'cv_mae', 'cv_mae_se'])
    >>> bool((mc.table["cv_mae"] > 0).all())
    True
    """
    pressure = "cases_per_fte" in case_month and case_month["cases_per_fte"].nunique() > 1
    design = case_design(case_month, reference=reference, pressure=pressure, formula=formula)
    drivers = [c for c in design.columns if c != "cases_per_fte"]
    choice = choose_family(design.select(drivers), family, power)
    fold = worker_folds(pd.Series(design.worker), n_folds, seed)
    rows, fits, fitted = [], {}, {}
    for name, (cols, fit) in _candidates(design, choice).items():
        d = design.select(cols)
        _, full = fit(d)
        fits[name] = full
        fitted[name] = _diagnostics(name, d, full, choice.power)
        errs = _cross_validate(fit, d, cols, fold, n_folds)
        aic, bic = _criteria(name, d, full, choice)
        rows.append({"model": name, "aic": aic, "bic": bic,
                     "cv_mae": np.mean(errs) if errs else np.nan,
                     "cv_mae_se": np.std(errs, ddof=1) / np.sqrt(len(errs)) if len(errs) > 1
                     else np.nan})
    table = pd.DataFrame(rows).set_index("model")
    notes = (
        f"Cross-validation in {n_folds} folds of whole workers: mean absolute error of hours per "
        "case-month on held-out workers, weighted by case-months.",
        f"GLMs and GLMM in one family: {choice.reason} AIC/BIC compare these with each other; "
        "the LMM (fitted by ML) models hours per case-month, another response.",
    )
    return ModelComparison(table, "Model comparison", notes, fits, design, choice, fitted)


def _cross_validate(fit: Candidate, d: CaseDesign, cols: list[str], fold: np.ndarray,
                    n_folds: int) -> list[float]:
    errs = []
    for k in range(n_folds):
        train = d.rows(fold != k)
        test = d.rows(fold == k)
        # A case type no training worker holds cannot be predicted by a model of types.
        seen = np.ones(len(test.hours), bool)
        for j, c in enumerate(cols):
            if c.startswith("case_type=") and not train.X[:, j].any():
                seen &= test.X[:, j] == 0
        test = test.rows(seen)
        if not len(test.hours):
            continue
        train = _present(train, cols)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a fold's troubles do not concern the full fit
            try:
                predict, _ = fit(train)
            except np.linalg.LinAlgError:  # a fold too thin for the model: leave it out
                continue
        e = np.abs(test.hours_per_month - predict(test.select(list(train.columns))))
        errs.append(float(np.average(e, weights=test.exposure)))
    return errs
