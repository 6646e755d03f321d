"""Statistical kernels on NumPy arrays: mixed models, GLMs, GLMMs, sandwich estimators.

Pure NumPy/SciPy: no pandas I/O, no plotting, no imports from other stages.
Inputs are arrays (``y``, a design matrix ``X``, group labels, weights, offset);
results are frozen dataclasses of arrays.
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
