"""Figures of categorisation: coverage by category, agreement with human coding."""

from __future__ import annotations

import pandas as pd

from timestudy.plots._axes import new_axes


def heatmap(
    data: pd.DataFrame,
    *,
    shares: bool = True,
    square: bool = False,
    annot: bool | None = None,
    title: str = "",
    xlabel: str | None = None,
    ylabel: str | None = None,
    size: tuple[float, float] | None = None,
    ax=None,
):
    """A matrix (confusion, transitions, pairwise agreement) as a blue heatmap.

    Parameters
    ----------
    data : DataFrame
        The matrix; row and column labels become the tick labels.
    shares : bool
        Values are shares (0 to 1, two decimals); else counts (no decimals, no
        upper limit).
    square : bool
        Square cells.
    annot : bool, optional
        Write the values in the cells (by default when there are 12 rows or fewer).
    title, xlabel, ylabel : str
        Labels (``None`` keeps seaborn's, from the axis names).
    size : (float, float), optional
        Inches of a new figure (by default from the number of rows).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import heatmap
    >>> m = pd.DataFrame([[0.9, 0.1], [0.2, 0.8]], index=["a", "b"], columns=["a", "b"])
    >>> heatmap(m, title="agreement").get_title()
    'agreement'
    """
    if size is None:
        side = 0.45 * len(data) + 2
        size = (side + 1.5, side)
    ax = new_axes(ax, size)
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.heatmap(
        data,
        ax=ax,
        cmap="Blues",
        annot=len(data) <= 12 if annot is None else annot,
        fmt=".2f" if shares else ".0f",
        vmin=0,
        vmax=1 if shares else None,
        square=square,
    )
    if title:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


def confusion_plot(
    data: pd.DataFrame,
    *,
    shares: bool = True,
    title: str = "",
    manual: str = "manual",
    auto: str = "auto",
    ax=None,
):
    """Confusion matrix of manual (rows) against automatic (columns) coding.

    Parameters
    ----------
    data : DataFrame
        The matrix (as :meth:`Agreement.to_frame <timestudy.Agreement.to_frame>`),
        rows as shares when ``shares``.
    title : str
    manual, auto : str
        The columns compared, named on the axes.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import confusion_plot
    >>> m = pd.DataFrame([[8, 2], [1, 9]], index=["a", "b"], columns=["a", "b"])
    >>> confusion_plot(m, shares=False, manual="coder", auto="rules").get_ylabel()
    'manual (coder)'
    """
    side = 0.45 * len(data) + 2
    return heatmap(
        data,
        shares=shares,
        square=True,
        title=title,
        size=(side + 1.5, side),
        ylabel=f"manual ({manual})",
        xlabel=f"automatic ({auto})",
        ax=ax,
    )


def coverage_plot(
    data: pd.DataFrame,
    *,
    share: str = "share_minutes",
    uncategorised: str = "",
    title: str = "",
    ax=None,
):
    """Bar chart of the share of time (or episodes) by category, uncategorised in grey.

    Parameters
    ----------
    data : DataFrame
        Indexed by ``category`` with the ``share`` column (as
        :attr:`CategoriseReport.by_category <timestudy.CategoriseReport>`).
    share : {"share_minutes", "share_episodes"}
    uncategorised : str
        The label of uncategorised episodes (drawn grey).
    title : str
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import coverage_plot
    >>> d = pd.DataFrame({"share_minutes": [0.7, 0.3]},
    ...                  index=pd.Index(["direct_work", "uncategorised"], name="category"))
    >>> coverage_plot(d, uncategorised="uncategorised").get_xlabel()
    'share of time'
    """
    ax = new_axes(ax, (6, 0.4 * len(data) + 1))
    d = data.reset_index()
    colours = {c: ("0.6" if c == uncategorised else "C0") for c in d["category"]}
    import seaborn as sns  # only when drawn: importing it brings scipy.stats
    sns.barplot(data=d, x=share, y="category", hue="category", palette=colours, legend=False, ax=ax)
    ax.set_xlabel("share of time" if share == "share_minutes" else "share of episodes")
    ax.set_title(title)
    return ax
