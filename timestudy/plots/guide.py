"""Figures of a time guide and its report: time by task, case type, category, worker and hour."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.plots._axes import error_bars, new_axes, palette, percent_axis


def case_weights_plot(case_types: pd.DataFrame, ax=None, should: bool = True):
    """Hours per case-month by case type with intervals (and "should" where uplifted).

    Parameters
    ----------
    case_types : DataFrame
        By case type: ``hours_per_case_month`` with ``_ci_low``/``_ci_high``, and
        ``uplift`` and ``hours_per_case_month_should`` for the "should" marks
        (the guide's ``case_types``). Suppressed (NaN) rows are left out.
    ax : Axes, optional
        Where to draw (a new figure by default).
    should : bool
        Mark the "should" figures where an uplift differs from 1.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from timestudy.plots import case_weights_plot
    >>> ct = pd.DataFrame({"hours_per_case_month": [6.0, 9.0, np.nan],
    ...     "hours_per_case_month_ci_low": [5.0, 7.0, np.nan],
    ...     "hours_per_case_month_ci_high": [7.5, 11.0, np.nan],
    ...     "uplift": [1.0, 1.2, np.nan], "hours_per_case_month_should": [6.0, 10.8, np.nan]},
    ...     index=["CIN", "CP", "PROCEEDINGS"])
    >>> ax = case_weights_plot(ct)
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_ylabel()
    (['CIN', 'CP'], 'hours per case-month')

    The legend sits in a band above the highest bar, interval or should mark (11.0 here):

    >>> round(float(ax.get_ylim()[1]), 2)
    14.85
    """
    ax = new_axes(ax)
    t = case_types.dropna(subset=["hours_per_case_month"])
    x = np.arange(len(t))
    est = t["hours_per_case_month"]
    ax.bar(x, est, color="#4C72B0", alpha=0.85, label="measured (is)")
    ax.errorbar(
        x,
        est,
        yerr=error_bars(est, t["hours_per_case_month_ci_low"], t["hours_per_case_month_ci_high"]),
        fmt="none",
        color="k",
        capsize=4,
    )
    if should and "hours_per_case_month_should" in t and (t["uplift"] != 1).any():
        ax.scatter(
            x,
            t["hours_per_case_month_should"],
            marker="D",
            color="#C44E52",
            zorder=3,
            label="should (with uplifts)",
        )
    ax.set_xticks(x, t.index)
    ax.set_ylabel("hours per case-month")
    # the legend in a band above the tallest bar, interval and should mark (audit28: it lay
    # over the first bar): the y axis runs a third higher than the highest of them
    high = np.nanmax(np.r_[est.to_numpy(float), t["hours_per_case_month_ci_high"].to_numpy(
        float), t.get("hours_per_case_month_should", est).to_numpy(float), 0.0])
    if high > 0:
        ax.set_ylim(0, high * 1.35)
    ax.legend(frameon=False, loc="upper left", ncol=2)
    return ax


def category_shares_plot(data: pd.DataFrame, *, share: str = "share", ax=None):
    """Share of worked time by category with intervals (one bar per category).

    Parameters
    ----------
    data : DataFrame
        Indexed by category with ``share``, ``share_ci_low`` and ``share_ci_high``
        (as :attr:`TimeGuide.category_shares`); rows without a share are left out.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import category_shares_plot
    >>> t = pd.DataFrame({"share": [0.2, 0.5], "share_ci_low": [0.15, 0.45],
    ...                   "share_ci_high": [0.25, 0.55]}, index=["direct_work", "recording"])
    >>> category_shares_plot(t).get_xlabel()
    'share of time worked'
    """
    ax = new_axes(ax)
    t = data.dropna(subset=[share])
    y = np.arange(len(t))
    est = t[share].to_numpy(float)
    colours = [palette(t.index)[str(k)] for k in t.index]
    ax.barh(y, est, color=colours, alpha=0.85)
    ax.errorbar(
        est,
        y,
        xerr=error_bars(est, t[f"{share}_ci_low"], t[f"{share}_ci_high"]),
        fmt="none",
        color="k",
        capsize=3,
    )
    ax.set_yticks(y, [str(k).replace("_", " ") for k in t.index])
    ax.invert_yaxis()
    percent_axis(ax.xaxis)
    ax.set_xlabel("share of time worked")
    return ax


def worker_hours_plot(
    data: pd.DataFrame, *, x: str = "hours_per_fte_week", y: str = "category", ax=None
):
    """Distribution across workers of hours per FTE-week by category.

    Each dot is one worker, unnamed; the box spans the middle half of workers.

    Parameters
    ----------
    data : DataFrame
        Long table, one row per worker and category, with columns ``x`` and ``y``
        (and no worker identifier: pass only what may be shown).
    x, y : str
        Column of hours and column of categories.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import worker_hours_plot
    >>> d = pd.DataFrame({"category": ["travel"] * 3 + ["recording"] * 3,
    ...                   "hours_per_fte_week": [4.0, 5.5, 6.0, 15.0, 18.0, 20.5]})
    >>> worker_hours_plot(d).get_xlabel()
    'hours per FTE-week'
    """
    ax = new_axes(ax, (6, 0.5 * data[y].nunique() + 1.2))
    order = list(dict.fromkeys(data[y].astype(str)))
    labels = data[y].astype(str)
    groups = [data.loc[labels == o, x].astype(float).dropna().to_numpy() for o in order]
    if groups:  # nothing to draw for an empty table (the axis is labelled all the same)
        _boxes(ax, groups)
    rng = np.random.default_rng(0)  # the same jitter every time the figure is drawn
    colours = palette(order)
    for i, (o, values) in enumerate(zip(order, groups, strict=True)):
        ax.scatter(values, i + rng.uniform(-0.22, 0.22, len(values)), s=12, alpha=0.65,
                   color=colours[o], linewidths=0, zorder=2)
    ax.set_ylim(max(len(order), 1) - 0.5, -0.5)  # the first category at the top
    ax.set_yticks(range(len(order)), [o.replace("_", " ") for o in order])
    ax.set_xlabel("hours per FTE-week")
    ax.set_ylabel("")
    return ax


def _boxes(ax, groups: list) -> None:
    """A horizontal box (middle half, whiskers to 1.5 IQR, no outliers) per group, light grey."""
    ax.boxplot(groups, positions=range(len(groups)), orientation="horizontal", widths=0.6,
               showfliers=False, patch_artist=True, zorder=1,
               boxprops={"facecolor": "0.92", "edgecolor": "0.35"},
               whiskerprops={"color": "0.35"}, capprops={"color": "0.35"},
               medianprops={"color": "0.35"})


def team_shares_plot(
    data: pd.DataFrame,
    *,
    team: str = "team",
    category: str = "category",
    share: str = "share",
    ax=None,
):
    """Share of each team's worked time by category, as stacked bars.

    Parameters
    ----------
    data : DataFrame
        Long table with one row per team and category (show only teams large
        enough to publish).
    team, category, share : str
        Column names.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import team_shares_plot
    >>> d = pd.DataFrame({"team": ["North", "North", "South", "South"],
    ...                   "category": ["travel", "recording"] * 2, "share": [0.2, 0.8, 0.1, 0.9]})
    >>> len(team_shares_plot(d).patches)
    4
    """
    wide = data.pivot_table(
        index=team, columns=category, values=share, aggfunc="sum", fill_value=0.0, sort=False
    )
    ax = new_axes(ax, (6.5, 0.45 * len(wide) + 1.4))
    colours = palette(wide.columns)
    left = np.zeros(len(wide))
    for col in wide.columns:
        ax.barh(
            wide.index.astype(str),
            wide[col],
            left=left,
            color=colours[str(col)],
            label=str(col).replace("_", " "),
        )
        left += wide[col].to_numpy(float)
    ax.invert_yaxis()
    percent_axis(ax.xaxis)
    ax.set_xlabel("share of time worked")
    ax.legend(
        frameon=False,
        fontsize="small",
        ncols=min(len(wide.columns), 3),  # five side by side were wider than the figure
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
    )
    return ax


def time_of_day_plot(
    data: pd.DataFrame,
    *,
    time: str = "hour",
    category: str = "category",
    value: str = "share_at_work",
    work_start: float = 8.0,
    work_end: float = 18.0,
    ax=None,
):
    """When the work happens: the share of workers at work through the day, by category.

    Parameters
    ----------
    data : DataFrame
        Long table with ``time`` (hour of the day a slot starts, 0 to 24),
        ``category`` and ``value`` (share of workers working in that slot).
    work_start, work_end : float
        Working hours (hours of the day); time outside is shaded as out of hours.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import time_of_day_plot
    >>> d = pd.DataFrame({"hour": [8.0, 8.5, 8.0, 8.5], "category": ["a", "a", "b", "b"],
    ...                   "share_at_work": [0.2, 0.3, 0.1, 0.1]})
    >>> [float(v) for v in time_of_day_plot(d).get_xlim()]
    [0.0, 24.0]
    """
    ax = new_axes(ax, (7, 3.5))
    wide = data.pivot_table(
        index=time, columns=category, values=value, aggfunc="sum", fill_value=0.0
    ).sort_index()
    colours = palette(wide.columns)
    step = float(np.diff(wide.index).min()) if len(wide) > 1 else 1.0
    x = np.r_[wide.index.to_numpy(float), wide.index[-1] + step] if len(wide) else np.array([])
    ys = [np.r_[wide[c].to_numpy(float), wide[c].iloc[-1]] for c in wide.columns]
    if len(wide):
        ax.stackplot(
            x,
            ys,
            labels=[str(c).replace("_", " ") for c in wide.columns],
            colors=[colours[str(c)] for c in wide.columns],
            step="post",
            alpha=0.9,
        )
    for lo, hi in ((0.0, work_start), (work_end, 24.0)):
        ax.axvspan(lo, hi, color="0.5", alpha=0.12, lw=0)
    ax.text(
        work_start / 2,
        0.98,
        "out of hours",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize="small",
        color="0.3",
    )
    ax.text(
        (work_end + 24) / 2,
        0.98,
        "out of hours",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize="small",
        color="0.3",
    )
    ax.set_xlim(0.0, 24.0)
    ax.set_xticks(range(0, 25, 3), [f"{h:02d}:00" for h in range(0, 25, 3)])
    percent_axis(ax.yaxis)
    ax.set_ylabel("share of workers at work")
    ax.legend(frameon=False, fontsize="small", loc="upper right", bbox_to_anchor=(1.0, 0.9))
    return ax


def task_hours_plot(
    tasks: pd.DataFrame,
    *,
    estimate: str = "full_hours",
    category: str = "category",
    should: bool = True,
    ax=None,
):
    """Full hours per piece of work with intervals, coloured by category.

    Parameters
    ----------
    tasks : DataFrame
        Indexed by task type, with ``estimate``, ``{estimate}_ci_low``,
        ``{estimate}_ci_high``, ``category`` and optionally ``uplift`` and
        ``full_hours_should`` (as :attr:`TimeGuide.tasks`); suppressed (NaN)
        rows are left out.
    should : bool
        Mark the "should" figure where an uplift applies.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import task_hours_plot
    >>> t = pd.DataFrame({"category": ["direct_work"], "full_hours": [2.5],
    ...                   "full_hours_ci_low": [2.0], "full_hours_ci_high": [3.0]},
    ...                  index=["statutory_visit"])
    >>> task_hours_plot(t).get_xlabel()
    'hours per piece of work, with travel and recording'
    """
    t = tasks.dropna(subset=[estimate]).sort_values(estimate)
    ax = new_axes(ax, (6.5, 0.28 * len(t) + 1.3))
    y = np.arange(len(t))
    colours = palette(sorted(t[category].astype(str).unique()))
    est = t[estimate].to_numpy(float)
    err = error_bars(est, t[f"{estimate}_ci_low"], t[f"{estimate}_ci_high"])
    for cat in colours:
        m = (t[category].astype(str) == cat).to_numpy()
        ax.errorbar(
            est[m],
            y[m],
            xerr=[err[0][m], err[1][m]],
            fmt="o",
            color=colours[cat],
            capsize=2.5,
            ms=4,
            label=cat.replace("_", " "),
        )
    if should and "uplift" in t and "full_hours_should" in t and (t["uplift"] != 1).any():
        up = (t["uplift"] != 1).to_numpy()
        ax.scatter(
            t["full_hours_should"].to_numpy(float)[up],
            y[up],
            marker="D",
            facecolor="none",
            edgecolor="#C44E52",
            zorder=3,
            label="should (with uplift)",
        )
    ax.set_yticks(y, [str(k).replace("_", " ") for k in t.index], fontsize="small")
    ax.set_xlabel("hours per piece of work, with travel and recording")
    ax.legend(frameon=False, fontsize="small", loc="lower right")
    return ax
