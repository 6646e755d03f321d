"""Figures of the estimators: time per piece of work and how it moves with the definitions,
case weights, multipliers, worker effects, residuals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.plots._axes import error_bars, new_axes, palette

_TASK_LABELS = {
    "full_hours": "full hours per piece of work (with its travel and recording)",
    "direct_min": "direct minutes per piece of work",
}


def _interval_rows(ax, data: pd.DataFrame, estimate: str, low: str, high: str, **style):
    """Points with horizontal intervals, one row each, labelled by the index."""
    y = np.arange(len(data))
    est = data[estimate]
    ax.errorbar(est, y, xerr=error_bars(est, data[low], data[high]), fmt="o", **style)
    ax.set_yticks(y, data.index)
    return ax


def task_times_plot(data: pd.DataFrame, *, measure: str = "full_hours", ax=None):
    """Time per piece of work with intervals, longest at the top.

    Parameters
    ----------
    data : DataFrame
        Indexed by task type with ``measure``, ``{measure}_ci_low`` and
        ``{measure}_ci_high`` (as :attr:`TaskTimes.table <timestudy.models.TaskTimes>`);
        rows without an estimate are left out.
    measure : {"full_hours", "direct_min"}
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import task_times_plot
    >>> t = pd.DataFrame({"full_hours": [2.0, 0.5], "full_hours_ci_low": [1.5, 0.4],
    ...                   "full_hours_ci_high": [2.5, 0.7]}, index=["visit", "email"])
    >>> [t.get_text() for t in task_times_plot(t).get_yticklabels()]
    ['email', 'visit']
    """
    t = data.dropna(subset=[measure]).sort_values(measure)
    ax = new_axes(ax, (7, 0.28 * len(t) + 1))
    _interval_rows(ax, t, measure, f"{measure}_ci_low", f"{measure}_ci_high", color="C0", capsize=2)
    ax.set_xlabel(_TASK_LABELS[measure])
    return ax


def regression_plot(data: pd.DataFrame, *, ax=None):
    """Coefficients of the regression of worker-week hours on task counts, with intervals.

    Parameters
    ----------
    data : DataFrame
        Indexed by term with ``estimate``, ``ci_low`` and ``ci_high`` (as
        :attr:`TaskRegression.table <timestudy.models.TaskRegression>`).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import regression_plot
    >>> t = pd.DataFrame({"estimate": [6.0, 1.5], "ci_low": [5.0, 1.0], "ci_high": [7.0, 2.0]},
    ...                  index=["overhead_per_fte_week", "visit"])
    >>> regression_plot(t).get_xlabel()
    'hours per piece of work (overhead: hours per FTE-week)'
    """
    t = data.sort_values("estimate")
    ax = new_axes(ax, (7, 0.28 * len(t) + 1))
    _interval_rows(ax, t, "estimate", "ci_low", "ci_high", capsize=2)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel("hours per piece of work (overhead: hours per FTE-week)")
    return ax


def ratio_event_plot(data: pd.DataFrame, *, ax=None):
    """Hours per case-month by case type from the ratio and the event-based estimators.

    Parameters
    ----------
    data : DataFrame
        Indexed by case type with ``hours_per_case_month`` and
        ``event_hours_per_case_month``, each with ``_ci_low`` and ``_ci_high``
        (as :attr:`CaseWeights.table <timestudy.models.CaseWeights>`).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import ratio_event_plot
    >>> cols = {f"{c}{s}": [10.0, 20.0] for c in ("hours_per_case_month",
    ...         "event_hours_per_case_month") for s in ("", "_ci_low", "_ci_high")}
    >>> ratio_event_plot(pd.DataFrame(cols, index=["CIN", "CP"])).get_ylabel()
    'hours per case-month'
    """
    ax = new_axes(ax, (6, 3.5))
    x = np.arange(len(data))
    for off, col, lab in (
        (-0.12, "hours_per_case_month", "ratio"),
        (0.12, "event_hours_per_case_month", "event-based"),
    ):
        lo, hi = data[f"{col}_ci_low"], data[f"{col}_ci_high"]
        ax.errorbar(
            x + off, data[col], yerr=error_bars(data[col], lo, hi), fmt="o", capsize=3, label=lab
        )
    ax.set_xticks(x, data.index)
    ax.set_ylabel("hours per case-month")
    ax.legend(frameon=False)
    return ax


def multipliers_plot(data: pd.DataFrame, *, ax=None):
    """Multipliers of hours per case-month with intervals, on a log scale.

    Parameters
    ----------
    data : DataFrame
        Indexed by term with ``multiplier``, ``ci_low`` and ``ci_high`` (as
        :attr:`ComplexityModel.table <timestudy.models.ComplexityModel>`); the row
        ``baseline_hours_per_month``, if any, is left out.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import multipliers_plot
    >>> t = pd.DataFrame({"multiplier": [1.2], "ci_low": [1.1], "ci_high": [1.3]},
    ...                  index=["travel_miles"])
    >>> multipliers_plot(t).get_xscale()
    'log'
    """
    t = data.drop(index="baseline_hours_per_month", errors="ignore")
    ax = new_axes(ax, (6, 0.35 * len(t) + 1))
    _interval_rows(ax, t, "multiplier", "ci_low", "ci_high", capsize=3)
    ax.set_xscale("log")
    ax.axvline(1, color="grey", lw=0.8)
    ax.set_xlabel("multiplier of hours per case-month")
    return ax


def random_effects_plot(effects: pd.Series, *, ax=None):
    """Histogram of the workers' random intercepts (hours per case-month).

    Parameters
    ----------
    effects : Series
        Each worker's random intercept.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import random_effects_plot
    >>> random_effects_plot(pd.Series([-1.0, 0.5, 0.5])).get_ylabel()
    'workers'
    """
    ax = new_axes(ax, (6, 3.5))
    ax.hist(effects, bins=20, color="C0", alpha=0.8)
    ax.set_xlabel("worker effect on hours per case-month")
    ax.set_ylabel("workers")
    return ax


def residuals_plot(data: pd.DataFrame, *, title: str = "", ax=None):
    """Residuals against fitted values, and a QQ plot of the residuals.

    Parameters
    ----------
    data : DataFrame
        ``fitted`` and ``residual`` (deviance residuals for a GLM).
    title : str
        The model's name, over the first panel.
    ax : pair of Axes, optional
        The two panels (a new figure of two when None).

    Returns
    -------
    array of two Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import residuals_plot
    >>> d = pd.DataFrame({"fitted": [1.0, 2.0, 3.0, 4.0], "residual": [0.1, -0.2, 0.05, 0.0]})
    >>> [a.get_title() for a in residuals_plot(d, title="GLM")]
    ['GLM', 'QQ plot of residuals']
    """
    from statsmodels.graphics.gofplots import qqplot

    if ax is None:
        import matplotlib.pyplot as plt  # a figure of its own

        ax = plt.subplots(1, 2, figsize=(9, 3.5))[1]
    axes = ax
    fitted, resid = data["fitted"].to_numpy(float), data["residual"].to_numpy(float)
    axes[0].scatter(fitted, resid, s=6, alpha=0.4)
    axes[0].axhline(0, color="grey", lw=0.8)
    axes[0].set(xlabel="fitted", ylabel="residual", title=title)
    qqplot(resid, line="s", ax=axes[1], markersize=2)
    axes[1].set_title("QQ plot of residuals")
    return axes


def pieces_sensitivity_plot(
    data: pd.DataFrame,
    *,
    parameter: str = "link_within_days",
    measure: str = "direct_change",
    max_tasks: int = 8,
    min_change: float = 0.005,
    ax=None,
):
    """How time per piece of work moves with a definition: one line per task type.

    Parameters
    ----------
    data : DataFrame
        :func:`timestudy.models.pieces_sensitivity` output (or a guide's
        ``sensitivity``): ``parameter``, ``value``, ``task_type`` and ``measure``.
    parameter : {"link_within_days", "travel_gap_min"}
        Which definition varies: the linking windows (times ``value``) or the
        attribution gap (``value`` minutes).
    measure : str
        ``direct_change`` or ``full_change`` (relative to the definitions in use),
        or ``direct_min`` / ``full_hours``.
    max_tasks : int
        The task types that move most, at most this many.
    min_change : float
        A task type moves when some value changes its ``measure`` by more than this
        (a share for a ``_change`` measure); the others are not drawn (none moving: no
        line, and the plot says so).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import pieces_sensitivity_plot
    >>> t = pd.DataFrame({"parameter": "link_within_days", "value": [0.0, 1.0, 0.0, 1.0],
    ...     "task_type": ["court_statement"] * 2 + ["statutory_visit"] * 2,
    ...     "direct_change": [-0.6, 0.0, 0.0, 0.0]})
    >>> ax = pieces_sensitivity_plot(t)
    >>> [line.get_label() for line in ax.get_lines()][:1]
    ['court statement']
    """
    ax = new_axes(ax, (6.5, 3.8))
    d = data.loc[data["parameter"] == parameter].dropna(subset=[measure])
    wide = d.pivot_table(index="value", columns="task_type", values=measure, aggfunc="first")
    moved = wide.abs().max().sort_values(ascending=False)
    keep = moved.index[moved > min_change][:max_tasks]
    share = measure.endswith("_change")
    colours = palette(keep)
    for task in keep:
        y = wide[task] * (100 if share else 1)
        ax.plot(wide.index, y, marker="o", color=colours[str(task)],
                label=str(task).replace("_", " "))
    if share:
        ax.axhline(0, color="grey", lw=0.8)
    ax.set_xlabel({"link_within_days": "linking windows, times the taxonomy's",
                   "travel_gap_min": "largest gap between travel and its piece (minutes)"}.get(
                       parameter, parameter))
    what = "direct minutes" if measure.startswith("direct") else "full hours"
    ax.set_ylabel(f"{what} per piece, % change" if share else f"{what} per piece")
    if len(keep):
        ax.legend(frameon=False, fontsize=8, loc="best")
    else:
        ax.text(0.5, 0.5, "no task type moves", transform=ax.transAxes, ha="center",
                va="center", color="0.4")
    return ax
