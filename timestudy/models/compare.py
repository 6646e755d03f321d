"""Model comparison: AIC/BIC where defined, cross-validation grouped by worker, diagnostics."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from timestudy.models.cases import default_reference
from timestudy.models.complexity import model_data, right_hand_side
from timestudy.results import TableResult


def _glm_family(data: pd.DataFrame):
    if (data["hours"] > 0).all():
        return sm.families.Gamma(sm.families.links.Log())
    return sm.families.Tweedie(var_power=1.5, link=sm.families.links.Log())


def _candidates(data: pd.DataFrame, reference: str, formula: str | None):
    """Name -> (fit on a training frame, predict hours per month on a test frame)."""
    ref_rhs = f"C(case_type, Treatment({reference!r}))"
    full_rhs = right_hand_side(data, reference, formula)
    fam = _glm_family(data)

    def ratio(train):
        by = train.groupby("case_type")
        rate = by["hours"].sum() / by["case_months"].sum()
        overall = train["hours"].sum() / train["case_months"].sum()
        return lambda test: test["case_type"].map(rate).fillna(overall).to_numpy(), None

    def glm(rhs):
        def fit(train):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = smf.glm(f"hours ~ {rhs}", train, family=fam,
                              offset=np.log(train["case_months"]),
                              var_weights=train["weight"]).fit()
            return (lambda test: np.asarray(res.predict(test, offset=np.zeros(len(test)))), res)
        return fit

    def mixed(train):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = smf.mixedlm(f"hours_per_month ~ {full_rhs}", train,
                              groups=train["worker_id"]).fit(reml=False)
        return (lambda test: np.asarray(res.predict(test)), res)

    out = {"ratio by case type": ratio, "GLM: case type": glm(ref_rhs),
           "GLM: case type + drivers": glm(full_rhs),
           "mixed: case type + drivers": mixed}
    if "cases_per_fte" in data and data["cases_per_fte"].nunique() > 1:
        out["GLM: + caseload pressure"] = glm(full_rhs + " + cases_per_fte")
    return out


def worker_folds(worker_id: pd.Series, n_folds: int = 5, seed: int | None = 0) -> np.ndarray:
    """Fold number of each row such that all rows of a worker fall in the same fold.

    Examples
    --------
    >>> f = worker_folds(pd.Series(["a", "b", "a", "c"]), n_folds=2, seed=0)
    >>> bool(f[0] == f[2])
    True
    """
    rng = np.random.default_rng(seed)
    workers = worker_id.unique()
    fold_of = dict(zip(rng.permutation(workers), np.arange(len(workers)) % n_folds, strict=True))
    return worker_id.map(fold_of).to_numpy()


@dataclass(frozen=True, repr=False)
class ModelComparison(TableResult):
    """AIC, BIC and worker-grouped cross-validated error of the candidate case models."""

    fits: dict | None = None
    data: pd.DataFrame | None = None

    def residuals(self, model: str = "GLM: case type + drivers") -> pd.DataFrame:
        """Fitted values and residuals (deviance residuals for a GLM) of one candidate.

        Parameters
        ----------
        model : str
            A candidate, as in the index of ``table``.

        Returns
        -------
        DataFrame
            ``fitted`` and ``residual``, one row per case in ``data``.

        Examples
        --------
        >>> from timestudy import simulate_study
        >>> from timestudy.panels import case_month
        >>> s = simulate_study(n_workers=12, weeks=2, seed=2)
        >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
        ...                              "true_category": "category"})
        >>> comparison = compare_models(case_month(ep, s.cases), n_folds=3)
        >>> list(comparison.residuals("GLM: case type").columns)
        ['fitted', 'residual']
        """
        res = self.fits[model]
        resid = res.resid_deviance if hasattr(res, "resid_deviance") else res.resid
        return pd.DataFrame({"fitted": np.asarray(res.fittedvalues),
                             "residual": np.asarray(resid)})

    def plot(self, model: str = "GLM: case type + drivers", ax=None):
        """Residuals against fitted values and a QQ plot of one candidate; returns the Axes.

        ``ax`` is a pair of Axes (see :func:`timestudy.plots.residuals_plot`).
        """
        from timestudy.plots import residuals_plot

        return residuals_plot(self.residuals(model), title=model, ax=ax)


def compare_models(
    case_month: pd.DataFrame,
    *,
    reference: str | None = None,
    formula: str | None = None,
    n_folds: int = 5,
    seed: int | None = 0,
) -> ModelComparison:
    """Compare candidate models of hours per case-month.

    Candidates: the ratio by case type; GLMs with case type alone, with the
    complexity drivers, and with caseload pressure; and the mixed model. AIC and
    BIC come from fits to all the data (the mixed model by maximum likelihood;
    not defined for the ratio, and not comparable between the GLMs and the mixed
    model, whose response differs). Cross-validation holds out whole workers
    (``n_folds`` groups of workers) and reports the mean absolute error of
    hours per case-month, weighted by exposure.

    Returns
    -------
    ModelComparison
        Table indexed by ``model`` with ``aic``, ``bic``, ``cv_mae`` and
        ``cv_mae_se`` (across folds); ``plot(model)`` draws diagnostics.
    """
    data = model_data(case_month)
    reference = reference or default_reference(pd.Index(sorted(data["case_type"].unique())))
    cands = _candidates(data, reference, formula)
    fold = worker_folds(data["worker_id"], n_folds, seed)
    rows, fits = [], {}
    for name, fit in cands.items():
        _, full = fit(data)
        fits[name] = full
        errs = []
        for k in range(n_folds):
            train, test = data.loc[fold != k], data.loc[fold == k]
            # A case type no training worker holds cannot be predicted by a model of types.
            test = test.loc[test["case_type"].isin(set(train["case_type"]))]
            if test.empty:
                continue
            predict, _ = fit(train)
            e = np.abs(test["hours_per_month"].to_numpy() - predict(test))
            errs.append(np.average(e, weights=test["case_months"]))
        aic = getattr(full, "aic", np.nan) if full is not None else np.nan
        if full is not None and hasattr(full, "bic_llf"):
            bic = full.bic_llf
        elif full is not None and hasattr(full, "bic"):
            bic = full.bic
        else:
            bic = np.nan
        rows.append({"model": name, "aic": aic, "bic": bic,
                     "cv_mae": np.mean(errs) if errs else np.nan,
                     "cv_mae_se": np.std(errs, ddof=1) / np.sqrt(len(errs)) if len(errs) > 1
                     else np.nan})
    table = pd.DataFrame(rows).set_index("model")
    notes = (
        f"Cross-validation in {n_folds} folds of whole workers: mean absolute error of hours per "
        "case-month on held-out workers, weighted by case-months.",
        "AIC/BIC compare models of the same response only: the GLMs with each other; the mixed "
        "model (fitted by ML) models hours per month on another scale.",
    )
    return ModelComparison(table, "Model comparison", notes, fits, data)
