"""Statistical kernels on NumPy arrays: mixed models, GLMs, GLMMs, sandwich estimators.

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
Sandwich pieces
    :func:`cluster_vcov`, :func:`satterthwaite_df`, :func:`wild_cluster_bootstrap`
    on a :class:`ClusterParts`.
"""

from __future__ import annotations

from timestudy.stats.glm import GlmResult, fit_glm
from timestudy.stats.glmm import GlmmResult, fit_glmm
from timestudy.stats.lmm import LmmResult, fit_lmm
from timestudy.stats.lmm_inference import VarianceIntervals, profile_intervals
from timestudy.stats.lmm_inference import satterthwaite_df as lmm_satterthwaite_df
from timestudy.stats.sandwich import (
    ClusterParts,
    RobustFit,
    WildBootstrap,
    cluster_vcov,
    satterthwaite_df,
    wild_cluster_bootstrap,
)

__all__ = [
    "ClusterParts",
    "GlmResult",
    "GlmmResult",
    "LmmResult",
    "RobustFit",
    "VarianceIntervals",
    "WildBootstrap",
    "cluster_vcov",
    "fit_glm",
    "fit_glmm",
    "fit_lmm",
    "lmm_satterthwaite_df",
    "profile_intervals",
    "satterthwaite_df",
    "wild_cluster_bootstrap",
]
