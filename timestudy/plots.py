"""Seaborn axes-level plots: ``(data, ..., ax=None) -> Axes``, so notebooks can compose them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def _ax(ax, size=(6, 3.5)):
    return ax if ax is not None else plt.figure(figsize=size).gca()


def case_weights_plot(case_types: pd.DataFrame, ax=None, should: bool = True):
    """Hours per case-month by case type with intervals (and "should" where uplifted)."""
    ax = _ax(ax)
    t = case_types.dropna(subset=["hours_per_case_month"])
    x = np.arange(len(t))
    est = t["hours_per_case_month"]
    ax.bar(x, est, color="#4C72B0", alpha=0.85, label="measured (is)")
    ax.errorbar(x, est, yerr=[est - t["hours_per_case_month_ci_low"],
                              t["hours_per_case_month_ci_high"] - est], fmt="none", color="k",
                capsize=4)
    if should and "hours_per_case_month_should" in t and (t["uplift"] != 1).any():
        ax.scatter(x, t["hours_per_case_month_should"], marker="D", color="#C44E52", zorder=3,
                   label="should (with uplifts)")
    ax.set_xticks(x, t.index)
    ax.set_ylabel("hours per case-month")
    ax.legend(frameon=False)
    return ax
