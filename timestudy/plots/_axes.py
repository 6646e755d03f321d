"""What every plotting function shares: a new Axes when none is given, colours, percent axes."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import PercentFormatter

#: Colours of the weighted-load statuses (the Probation workload tool's bands).
STATUS_COLOURS = {"red": "#C44E52", "amber": "#DD8452", "green": "#55A868", "blue": "#4C72B0"}

#: seaborn's ``deep`` palette, written out so that the report's figures need not import
#: seaborn (whose import brings scipy.stats, 0.7 s of a guide's run).
DEEP = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
        "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD")


def new_axes(ax=None, size: tuple[float, float] = (6, 3.5)):
    """``ax``, or the Axes of a new figure of ``size`` inches, laid out when it is drawn.

    A new figure is laid out by matplotlib's tight layout each time it is drawn, so that long
    task names are whole when it is saved without ``bbox_inches="tight"`` (a notebook's inline
    display crops to the drawing anyway). A given ``ax`` is left as it is: its figure is the
    caller's (the report lays out its own figures once). pyplot is imported only for a new
    figure: the report's figures (:func:`~timestudy.plots.draw_png`) need none.

    Parameters
    ----------
    ax : Axes, optional
        Returned as it is when given.
    size : (float, float)
        Width and height in inches of a new figure.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from timestudy.plots import new_axes
    >>> ax = new_axes(size=(4, 2))
    >>> [float(v) for v in ax.figure.get_size_inches()], new_axes(ax) is ax
    ([4.0, 2.0], True)
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # only for a figure of its own: not the report's

    return plt.figure(figsize=size, layout="tight").gca()


def palette(names) -> dict:
    """One colour of seaborn's ``deep`` palette for each distinct name, in order of appearance.

    Examples
    --------
    >>> list(palette(["travel", "recording", "travel"]))
    ['travel', 'recording']
    """
    names = list(dict.fromkeys(str(n) for n in names))
    return {n: to_rgb(DEEP[i % len(DEEP)]) for i, n in enumerate(names)}


def percent_axis(axis) -> None:
    """Show shares (0 to 1) on ``axis`` (``ax.xaxis`` or ``ax.yaxis``) as percentages."""
    axis.set_major_formatter(PercentFormatter(1.0))


def error_bars(estimate, low, high) -> np.ndarray:
    """The lengths below and above ``estimate`` of its interval ``[low, high]``, as
    matplotlib's ``yerr``/``xerr`` take them: never negative (an interval of width 0, such
    as every worker recording the same, differs from its estimate by rounding only, which
    matplotlib refuses), 0 where unknown.

    Examples
    --------
    >>> error_bars([2.0, 3.0, 1.0], [1.5, 3.0 + 1e-15, np.nan], [2.5, 3.0, np.nan]).tolist()
    [[0.5, 0.0, 0.0], [0.5, 0.0, 0.0]]
    """
    est = np.asarray(estimate, float)
    err = np.vstack([est - np.asarray(low, float), np.asarray(high, float) - est])
    return np.clip(np.nan_to_num(err), 0.0, None)
