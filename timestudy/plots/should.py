"""Figures of the "should" evidence: Delphi convergence and is against should by source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.plots._axes import error_bars, new_axes


def delphi_convergence_plot(rounds: pd.DataFrame, max_relative_iqr: float | None = None,
                            ax=None):
    """Relative interquartile range of each Delphi item by round (lower is closer agreement).

    Parameters
    ----------
    rounds : DataFrame
        ``item``, ``measure``, ``round``, ``relative_iqr`` and ``consensus``
        (:attr:`timestudy.models.delphi.DelphiPanel.rounds`).
    max_relative_iqr : float, optional
        The consensus rule's limit, drawn as a dashed line.

    Examples
    --------
    >>> r = pd.DataFrame({"item": ["task:v"] * 2, "measure": ["minutes_per_piece"] * 2,
    ...                   "round": [1, 2], "relative_iqr": [0.5, 0.2], "consensus": [False, True]})
    >>> delphi_convergence_plot(r, 0.3).get_ylabel()
    'IQR / median'
    """
    ax = new_axes(ax)
    for (item, measure), g in rounds.groupby(["item", "measure"]):
        g = g.sort_values("round")
        line = ax.plot(g["round"], g["relative_iqr"], marker="o", label=f"{item} ({measure})")
        ok = g["consensus"].astype(bool).to_numpy()
        ax.scatter(g["round"].to_numpy()[ok], g["relative_iqr"].to_numpy()[ok], s=80,
                   facecolors="none", edgecolors=line[0].get_color())
    if max_relative_iqr is not None:
        ax.axhline(max_relative_iqr, ls="--", color="grey", lw=1, label="consensus limit")
    ax.set_xticks(np.unique(rounds["round"]))
    ax.set_ylim(bottom=0)
    ax.set_xlabel("round (open circle: consensus reached)")
    ax.set_ylabel("IQR / median")
    ax.legend(fontsize="small", frameon=False)
    return ax


def is_should_plot(table: pd.DataFrame, ax=None):
    """Measured and should hours per case-month by case type, with the should interval.

    ``table`` has ``is_hours_per_case_month``, ``should_hours_per_case_month`` and its
    ``_ci_low``/``_ci_high``, indexed by case type.

    Examples
    --------
    >>> t = pd.DataFrame({"is_hours_per_case_month": [5.0], "should_hours_per_case_month": [6.0],
    ...     "should_hours_per_case_month_ci_low": [5.5],
    ...     "should_hours_per_case_month_ci_high": [6.6]}, index=["CIN"])
    >>> is_should_plot(t).get_ylabel()
    'hours per case-month'
    """
    ax = new_axes(ax)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["is_hours_per_case_month"], 0.4, label="is (measured)",
           color="#4C72B0")
    s = table["should_hours_per_case_month"]
    ax.bar(x + 0.2, s, 0.4, label="should", color="#DD8452")
    ax.errorbar(x + 0.2, s, yerr=error_bars(s, table["should_hours_per_case_month_ci_low"],
                                             table["should_hours_per_case_month_ci_high"]),
                fmt="none", color="k", capsize=4)
    ax.set_xticks(x, table.index.astype(str))
    ax.set_ylabel("hours per case-month")
    ax.legend(frameon=False)
    return ax
