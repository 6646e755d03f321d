"""Statistical kernels on NumPy arrays: mixed models, GLMs, GLMMs, sandwich estimators, bootstrap, kappa, Fleiss, concordance.

Pure NumPy/SciPy: no pandas I/O, no plotting, no imports from other stages.
Inputs are arrays (``y``, a design matrix ``X`` with an intercept column if
wanted, group labels, weights, offset); results are frozen dataclasses of arrays
with ``summary()``. Statistical trouble (singular fits, dropped columns, no
convergence) is an :class:`~timestudy.errors.EstimationWarning`; bad input is a
:class:`~timestudy.errors.TimestudyError` naming the argument.

Linear mixed models
    :func:`fit_lmm` (random intercept, or intercept and slopes with ``Z``; REML
    or ML; observation weights) -> :class:`LmmResult`;
    :func:`profile_intervals` -> :class:`VarianceIntervals`;
    :func:`lmm_satterthwaite_df` (lmerTest's df for the fixed effects).
GLMs with a log link
    :func:`fit_glm` (Gamma, Tweedie with given or profiled power, Poisson;
    offset; prior weights; ``groups`` for clustered inference) ->
    :class:`GlmResult`, whose ``robust(kind, bread)`` gives a :class:`RobustFit`
    (CR0, CR1, CR2 with Satterthwaite df) and ``bootstrap()`` a
    :class:`WildBootstrap`.
GLMMs with a group random intercept
    :func:`fit_glmm` (Gamma, Tweedie, Poisson; Laplace or adaptive
    Gauss-Hermite) -> :class:`GlmmResult`.
Weighted least squares
    :func:`wls_fit` (statsmodels WLS's pseudo-inverse, to the bit, without importing it)
    -> :class:`WlsFit`; quantiles and tails of the normal, t, chi-squared and Poisson
    in :mod:`~timestudy.stats.distributions` (scipy.special, as scipy.stats computes them).
Sandwich pieces
    :func:`cluster_vcov`, :func:`satterthwaite_df`, :func:`wild_cluster_bootstrap`
    on a :class:`ClusterParts` (:func:`linear_cluster_parts` makes one for a
    weighted least-squares fit).
Agreement and resampling
    :func:`cohens_kappa`, :func:`kappa_row` (one row of an agreement table),
    :func:`concordance` (Lin's CCC), the Fleiss kernels in :mod:`~timestudy.stats.fleiss`,
    and the worker-cluster bootstrap (:func:`worker_draws`, :func:`ratio_draws`,
    :func:`cluster_interval`).
"""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "ratio_draws": "bootstrap",
    "worker_draws": "bootstrap",
    "cluster_interval": "bootstrap",
    "cohens_kappa": "kappa",
    "kappa_row": "kappa",
    "AGREEMENT_COLUMNS": "kappa",
    "concordance": "ccc",
    "exchangeable_concordance": "ccc",
    "GlmResult": "glm",
    "fit_glm": "glm",
    "GlmmResult": "glmm",
    "fit_glmm": "glmm",
    "LmmResult": "lmm_result",
    "fit_lmm": "lmm",
    "VarianceIntervals": "lmm_inference",
    "profile_intervals": "lmm_inference",
    "ClusterParts": "sandwich",
    "RobustFit": "sandwich",
    "WildBootstrap": "sandwich",
    "cluster_vcov": "sandwich",
    "linear_cluster_parts": "sandwich",
    "satterthwaite_df": "sandwich",
    "wild_cluster_bootstrap": "sandwich",
    "WlsFit": "least_squares",
    "wls_fit": "least_squares",
}
#: lmerTest's degrees of freedom for the fixed effects of fit_lmm
_ALIASES = {"lmm_satterthwaite_df": ("lmm_inference", "satterthwaite_df")}
__all__ = [*_NAMES, *_ALIASES]
_getattr, __dir__ = lazy_exports(__name__, _NAMES, globals())


def __getattr__(name: str):
    if name in _ALIASES:
        from importlib import import_module

        module, real = _ALIASES[name]
        return getattr(import_module(f"{__name__}.{module}"), real)
    return _getattr(name)
