"""Figures of an observation study: time budgets, multitasking, interruptions, time of day."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.plots._axes import error_bars, new_axes
from timestudy.plots.categorise import heatmap


def _joined(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    return frame[list(columns)].astype(str).agg(" / ".join, axis=1)


def time_budget_plot(
    data: pd.DataFrame,
    *,
    by: Sequence[str],
    group: Sequence[str] = (),
    unit: str = "day",
    level: float = 0.95,
    ax=None,
):
    """Bars of mean minutes per worker-day (or week) by activity and group, with intervals.

    Parameters
    ----------
    data : DataFrame
        One row per group and activity with ``mean_min``, ``ci_low`` and
        ``ci_high`` (as :attr:`TimeBudget.table <timestudy.TimeBudget>` without
        its ``all`` rows).
    by, group : list of str
        Activity and group columns.
    unit : {"day", "week"}
    level : float
        Level of the intervals (named on the axis).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import time_budget_plot
    >>> d = pd.DataFrame({"category": ["travel", "recording"], "mean_min": [40.0, 120.0],
    ...                   "ci_low": [30.0, 100.0], "ci_high": [50.0, 140.0]})
    >>> time_budget_plot(d, by=["category"]).get_xlabel()
    'mean minutes per worker-day (95% CI)'
    """
    t = data.assign(activity=_joined(data, by))
    hue = None
    if group:
        t["group"] = _joined(t, group)
        hue = "group"
    ax = new_axes(ax, (7, 0.35 * len(t) + 1.5))
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.barplot(data=t, x="mean_min", y="activity", hue=hue, ax=ax, errorbar=None)
    for container, (_, part) in zip(
        ax.containers, t.groupby(hue, sort=False) if hue else [(None, t)], strict=False
    ):
        centres = [bar.get_y() + bar.get_height() / 2 for bar in container]
        err = error_bars(part["mean_min"], part["ci_low"], part["ci_high"])
        if len(centres) == len(part):
            ax.errorbar(part["mean_min"], centres, xerr=err, fmt="none", color="k", capsize=2)
    ax.set_xlabel(f"mean minutes per worker-{unit} ({level:.0%} CI)")
    ax.set_ylabel("")
    ax.set_title("Time budget")
    return ax


def _share_bars(ax, values: np.ndarray, names: list[str], overall: float, label: str):
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.barplot(x=values, y=names, ax=ax, color="#4C72B0")
    ax.axvline(overall, color="#C44E52", linestyle="--", label=label)
    ax.legend(frameon=False, loc="lower right")


def multitasking_plot(data: pd.DataFrame, *, overall: float, by: Sequence[str] = (), ax=None):
    """Horizontal bars of the share of each label's time spent multitasking.

    Parameters
    ----------
    data : DataFrame
        Indexed by label with ``share_multitasking`` (as
        :attr:`Multitasking.table <timestudy.Multitasking>`).
    overall : float
        The share over all observed time (a dashed line).
    by : list of str
        The label columns (named on the axis).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import multitasking_plot
    >>> d = pd.DataFrame({"share_multitasking": [0.2, 0.4]}, index=["admin", "care"])
    >>> multitasking_plot(d, overall=0.3, by=["category"]).get_ylabel()
    'category'
    """
    names = [str(v) for v in data.index]
    values = data["share_multitasking"].to_numpy()
    ax = new_axes(ax, (7, 0.45 * len(data) + 1.5))
    _share_bars(ax, values, names, overall, f"all: {overall:.0%}")
    ax.set_xlabel("share of the label's time with more than one activity")
    ax.set_ylabel(" / ".join(by))
    top = float(data["share_multitasking"].max(skipna=True) or 0)
    ax.set_xlim(0, max(1e-9, top) * 1.15)
    ax.set_title("Multitasking")
    return ax


def interruption_rate_plot(
    data: pd.DataFrame, *, overall: float, by: Sequence[str] = (), method: str = "", ax=None
):
    """Interruptions per hour of each label's time, with the overall rate dashed.

    Parameters
    ----------
    data : DataFrame
        Indexed by label with ``interruptions_per_hour`` (as
        :attr:`Interruptions.table <timestudy.Interruptions>` without its ``all`` row).
    overall : float
        Interruptions per hour over all labels.
    by : list of str
    method : str
        How interruptions were found (``field`` or ``sequence``), in the title.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import interruption_rate_plot
    >>> d = pd.DataFrame({"interruptions_per_hour": [2.0, 4.0]}, index=["admin", "care"])
    >>> interruption_rate_plot(d, overall=3.0, method="field").get_title()
    'Interruptions (field)'
    """
    ax = new_axes(ax, (7, 0.45 * len(data) + 1.5))
    names = [str(v) for v in data.index]
    _share_bars(
        ax, data["interruptions_per_hour"].to_numpy(), names, overall, f"all: {overall:.1f}"
    )
    ax.set_xlabel("interruptions per hour of the label's time")
    ax.set_ylabel(" / ".join(by))
    ax.set_title(f"Interruptions ({method})")
    return ax


def time_on_task_plot(data: pd.DataFrame, *, ax=None):
    """Time on task of interrupted and uninterrupted tasks, one dot per task, medians marked.

    Parameters
    ----------
    data : DataFrame
        One row per task with ``task_min`` and ``interruptions`` (as
        :attr:`Interruptions.tasks <timestudy.Interruptions>`).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import time_on_task_plot
    >>> d = pd.DataFrame({"task_min": [10.0, 25.0, 5.0], "interruptions": [0, 2, 0]})
    >>> time_on_task_plot(d).get_xlabel()
    'time on task (minutes)'
    """
    ax = new_axes(ax, (6, 3.5))
    t = data.assign(status=np.where(data["interruptions"] > 0, "interrupted", "uninterrupted"))
    order = ["interrupted", "uninterrupted"]
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.stripplot(data=t, x="task_min", y="status", order=order, ax=ax, size=3, alpha=0.6)
    medians = t.groupby("status")["task_min"].median().reindex(order)
    ax.scatter(medians, range(2), marker="|", s=600, color="k", label="median", zorder=3)
    ax.legend(frameon=False, loc="lower right")
    ax.set_xlabel("time on task (minutes)")
    ax.set_ylabel("")
    ax.set_title("Time on task (length-biased: see the note)")
    return ax


def tempogram_plot(
    shares: pd.DataFrame, *, observed: pd.Series | None = None, slot: int = 15, ax=None
):
    """Stacked areas of the share of observed workers in each category across the day.

    Parameters
    ----------
    shares : DataFrame
        One row per slot (labelled by its clock time), one column per category
        (as :attr:`Tempogram.shares <timestudy.Tempogram>`).
    observed : Series, optional
        Worker-days observed in each slot; the x axis spans the observed slots.
    slot : int
        Slot length in minutes.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import tempogram_plot
    >>> s = pd.DataFrame({"care": [1.0, 0.5], "admin": [0.0, 0.5]}, index=["09:00", "09:15"])
    >>> tempogram_plot(s).get_ylabel()
    'share of observed workers'
    """
    ax = new_axes(ax, (9, 4))
    x = np.arange(len(shares) + 1)  # slot edges: each slot is drawn as a step
    values = shares.fillna(0).to_numpy()
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    colours = sns.color_palette("tab10", n_colors=max(3, shares.shape[1]))
    ax.stackplot(
        x,
        np.vstack([values, values[-1:]]).T,
        labels=list(shares.columns),
        colors=colours[: shares.shape[1]],
        alpha=0.9,
        step="post",
    )
    step = max(1, 120 // slot)
    ax.set_xticks(x[:-1:step], shares.index[::step], rotation=45)
    seen = np.flatnonzero(observed.to_numpy() > 0) if observed is not None else []
    if len(seen):
        ax.set_xlim(seen[0], seen[-1] + 1)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of observed workers")
    ax.set_xlabel(f"time of day ({slot}-minute slots)")
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_title("Tempogram")
    return ax


def transitions_plot(data: pd.DataFrame, *, switches_per_hour: float, ax=None):
    """Heatmap of the probabilities of the next category after each category.

    Parameters
    ----------
    data : DataFrame
        Transition probabilities: from the row's category to the column's.
    switches_per_hour : float
        Shown in the title.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import transitions_plot
    >>> p = pd.DataFrame([[0.2, 0.8], [0.6, 0.4]], index=["a", "b"], columns=["a", "b"])
    >>> transitions_plot(p, switches_per_hour=3.0).get_title()
    'Transitions (3.0 switches/hour)'
    """
    side = 0.6 * len(data) + 2.5
    return heatmap(
        data,
        square=True,
        size=(side + 1.5, side),
        xlabel="next category",
        ylabel="category left",
        title=f"Transitions ({switches_per_hour:.1f} switches/hour)",
        ax=ax,
    )
