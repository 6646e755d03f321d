"""Figures of agreement between observers: matched durations, timing gaps, kappas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.plots._axes import error_bars, new_axes
from timestudy.plots.categorise import heatmap


def matched_durations_plot(data: pd.DataFrame, *, ccc: float, ax=None):
    """Minutes of each matched task by observer A against observer B, with the diagonal.

    Parameters
    ----------
    data : DataFrame
        One row per matched task with ``minutes_a``, ``minutes_b`` and ``label_a``
        (as :attr:`ObserverAgreement.matches <timestudy.ObserverAgreement>`).
    ccc : float
        The concordance of the durations (each pair in both orders), in the title.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import matched_durations_plot
    >>> m = pd.DataFrame({"minutes_a": [10.0, 20.0], "minutes_b": [11.0, 19.0],
    ...                   "label_a": ["care", "admin"]})
    >>> matched_durations_plot(m, ccc=0.97).get_title()
    'Durations of matched tasks: CCC 0.97'
    """
    ax = new_axes(ax, (4.5, 4.5))
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.scatterplot(data=data, x="minutes_a", y="minutes_b", hue="label_a", ax=ax, s=25)
    top = float(np.nanmax([data["minutes_a"].max(), data["minutes_b"].max(), 1.0]))
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1)
    ax.set_title(f"Durations of matched tasks: CCC {ccc:.2f}")
    ax.set_xlabel("observer A (minutes)")
    ax.set_ylabel("observer B (minutes)")
    ax.legend(frameon=False, fontsize="small", bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax


def timing_gaps_plot(data: pd.DataFrame, *, ax=None):
    """Histograms of the start and end gaps of matched tasks (observer B minus A, seconds).

    Parameters
    ----------
    data : DataFrame
        The matched tasks, with ``start_gap_s`` and ``end_gap_s``.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import timing_gaps_plot
    >>> m = pd.DataFrame({"start_gap_s": [0.0, 30.0, -10.0], "end_gap_s": [5.0, 0.0, 12.0]})
    >>> timing_gaps_plot(m).get_xlabel()
    'observer B minus observer A (seconds)'
    """
    ax = new_axes(ax, (6, 3.5))
    long = data.melt(value_vars=["start_gap_s", "end_gap_s"], var_name="gap")
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.histplot(data=long, x="value", hue="gap", ax=ax, element="step", bins=30)
    ax.set_xlabel("observer B minus observer A (seconds)")
    ax.set_title("Timing gaps of matched tasks")
    return ax


def slice_confusion_plot(shares: pd.DataFrame, *, kappa: float, ax=None):
    """Heatmap of 1-second slices, observer A's labels (rows, as shares) against B's.

    Parameters
    ----------
    shares : DataFrame
        Observer A's labels in rows, B's in columns; each row sums to 1.
    kappa : float
        Cohen's kappa of the slices, shown in the title.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import slice_confusion_plot
    >>> s = pd.DataFrame([[0.9, 0.1], [0.3, 0.7]], index=["a", "b"], columns=["a", "b"])
    >>> slice_confusion_plot(s, kappa=0.6).get_title()
    '1-second slices: kappa 0.60'
    """
    n = len(shares)
    return heatmap(
        shares,
        size=(0.6 * n + 4, 0.6 * n + 2.5),
        title=f"1-second slices: kappa {kappa:.2f}",
        ax=ax,
    )


def category_kappa_plot(data: pd.DataFrame, *, kappa: float, ax=None):
    """Each category's kappa against the rest, with intervals; Fleiss' kappa dashed.

    Parameters
    ----------
    data : DataFrame
        Indexed by category with ``estimate``, ``ci_low`` and ``ci_high`` (as
        :attr:`MultiObserverAgreement.categories <timestudy.MultiObserverAgreement>`
        for one measure).
    kappa : float
        Fleiss' kappa over all categories.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from timestudy.plots import category_kappa_plot
    >>> c = pd.DataFrame({"estimate": [0.7, 0.5], "ci_low": [0.6, np.nan],
    ...                   "ci_high": [0.8, np.nan]}, index=["care", "admin"])
    >>> category_kappa_plot(c, kappa=0.65).get_title()
    "Fleiss' kappa 0.65 (dashed) by category"
    """
    ax = new_axes(ax, (6, 0.35 * len(data) + 1.5))
    y = np.arange(len(data))
    err = error_bars(data["estimate"], data["ci_low"], data["ci_high"])
    ax.errorbar(data["estimate"], y, xerr=err, fmt="o", capsize=3)
    ax.axvline(kappa, color="grey", linestyle="--", linewidth=1)
    ax.set_yticks(y, [str(v) for v in data.index])
    ax.set_xlabel("kappa of the category against the rest (1-second slices)")
    ax.set_title(f"Fleiss' kappa {kappa:.2f} (dashed) by category")
    return ax


def pairwise_kappa_plot(matrix: pd.DataFrame, *, kappa: float, ax=None):
    """Cohen's kappa of every pair of observers as a symmetric matrix.

    Parameters
    ----------
    matrix : DataFrame
        Observers in rows and columns, kappa in the cells (NaN on the diagonal).
    kappa : float
        Fleiss' kappa of all observers, shown in the title.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from timestudy.plots import pairwise_kappa_plot
    >>> m = pd.DataFrame([[np.nan, 0.7], [0.7, np.nan]], index=["O1", "O2"],
    ...                  columns=["O1", "O2"])
    >>> pairwise_kappa_plot(m, kappa=0.7).get_title()
    "Cohen's kappa per pair (1-s slices); Fleiss' kappa 0.70"
    """
    n = len(matrix)
    return heatmap(
        matrix,
        annot=True,
        size=(0.8 * n + 3, 0.8 * n + 2),
        title=f"Cohen's kappa per pair (1-s slices); Fleiss' kappa {kappa:.2f}",
        ax=ax,
    )
