"""Figures of capacity: weighted loads against caseloads, caseload limits, calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.plots._axes import STATUS_COLOURS, error_bars, new_axes


def capacity_plot(
    data: pd.DataFrame,
    *,
    x: str = "cases_per_fte",
    y: str = "load",
    hue: str = "status",
    bands: tuple[float, float, float] = (0.95, 1.0, 1.10),
    at_least: str = "load_at_least",
    ax=None,
):
    """Weighted load against the number of cases held, with the status bands.

    Each dot is one worker, unnamed: the same count of cases can be a light or
    an impossible load, depending on the cases.

    Parameters
    ----------
    data : DataFrame
        One row per worker (no identifier) with ``x`` (cases per FTE), ``y``
        (weighted load: hours needed / hours available) and ``hue`` (status).
    bands : (float, float, float)
        Lower edges of green, amber and red.
    at_least : str
        Column (optional) of the floor of a load not known in full (cases not costed:
        the costed ones alone reach amber or red); drawn as a triangle at the floor.
        A worker with neither a load nor a floor is not drawn.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import capacity_plot
    >>> d = pd.DataFrame({"cases_per_fte": [12, 18], "load": [0.8, 1.2],
    ...                   "status": ["blue", "red"]})
    >>> ax = capacity_plot(d)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
    ('weighted load (% of hours available)', ['95%', '100%', '110%'])
    """
    ax = new_axes(ax, (6.5, 4))
    d = data.assign(_pct=data[y].astype(float) * 100, _floor=False)
    if at_least in d:  # a load of at least this: the costed cases alone
        floor = d["_pct"].isna() & d[at_least].notna()
        d = d.assign(_pct=d["_pct"].fillna(d[at_least].astype(float) * 100), _floor=floor)
    known = d["_pct"].dropna()  # a worker with no hours available has no load to show
    top = max(float(known.max()) * 1.08 if len(known) else 0.0, bands[2] * 100 + 15)
    edges = [0.0, bands[0] * 100, bands[1] * 100, bands[2] * 100, top]
    for (lo, hi), name in zip(
        zip(edges[:-1], edges[1:], strict=True), ("blue", "green", "amber", "red"), strict=True
    ):
        ax.axhspan(lo, hi, color=STATUS_COLOURS[name], alpha=0.08, lw=0)
    for b in bands:  # each band's edge named at its line (audit28: unlabelled)
        ax.axhline(b * 100, color="grey", lw=0.8, ls="--")
        ax.text(0.995, b * 100, f"{b * 100:g}%", transform=ax.get_yaxis_transform(),
                ha="right", va="top" if b == bands[0] else "bottom",  # (the lowest below
                fontsize="x-small", color="grey")  # its line: the edges lie close)
    present = [s for s in STATUS_COLOURS if s in set(d[hue])]
    for status in present:  # one labelled layer per status, in the bands' order
        for floor, marker in ((False, "o"), (True, "^")):
            rows = d[(d[hue] == status) & (d["_floor"] == floor)]
            if len(rows):
                ax.scatter(rows[x], rows["_pct"], s=28, alpha=0.8, marker=marker,
                           color=STATUS_COLOURS[status],
                           label=f"at least {status}" if floor else status, linewidths=0)
    ax.set_ylim(0, top)
    ax.set_xlabel("cases held per case-holding FTE")
    ax.set_ylabel("weighted load (% of hours available)")
    if present:  # no dots, no legend
        ax.legend(frameon=False, fontsize="small", title=None)
    return ax


def max_caseload_plot(
    data: pd.DataFrame, *, x: str = "max_cases_per_fte", label: str = "case_mix", ax=None
):
    """The most cases one FTE can hold, for each case type alone and for a mix.

    Parameters
    ----------
    data : DataFrame
        One row per case mix: the ``label`` and ``x`` columns.
    x, label : str
        Columns of the number of cases and of the mix's name.
    ax : Axes, optional
        Where to draw (a new figure by default).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import max_caseload_plot
    >>> d = pd.DataFrame({"case_mix": ["all CIN", "study mix"], "max_cases_per_fte": [20.0, 12.5]})
    >>> max_caseload_plot(d).get_xlabel()
    'most cases per FTE'
    """
    t = data.dropna(subset=[x])
    ax = new_axes(ax, (6, 0.4 * len(t) + 1.2))
    ax.barh(t[label].astype(str), t[x], color="#4C72B0", alpha=0.85)
    for yy, v in enumerate(t[x]):
        ax.text(v, yy, f" {fixed(v, 1)}", va="center", fontsize="small")  # as the table shows it
    ax.invert_yaxis()
    ax.set_xlabel("most cases per FTE")
    return ax


def weighted_load_plot(
    data: pd.DataFrame,
    *,
    load: str = "load",
    status: str = "status",
    bands: tuple[float, float, float] = (0.95, 1.0, 1.10),
    ax=None,
):
    """Each worker's weighted load as a bar coloured by status, with the band lines.

    Parameters
    ----------
    data : DataFrame
        One row per worker, indexed by worker, with ``load`` (hours needed /
        hours available; NaN when unknown) and ``status`` (as
        :attr:`WeightedLoad.table <timestudy.capacity.WeightedLoad>`).
    bands : (float, float, float)
        Lower edges of green, amber and red.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import weighted_load_plot
    >>> d = pd.DataFrame({"load": [0.8, 1.2], "status": ["blue", "red"]},
    ...                  index=pd.Index(["W1", "W2"], name="worker_id"))
    >>> len(weighted_load_plot(d).patches)
    2
    """
    t = data.sort_values(load)
    ax = new_axes(ax, (7, 0.22 * len(t) + 1.2))
    ax.barh(
        t.index.astype(str),
        t[load].fillna(0) * 100,
        color=t[status].map(STATUS_COLOURS).fillna("#BBBBBB"),
    )
    for b in bands:
        ax.axvline(b * 100, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("weighted load (% of hours available for casework)")
    return ax


def calibration_plot(data: pd.DataFrame, *, xlabel: str = "", ax=None):
    """Reference, local and calibrated estimates with their intervals, one row per figure.

    Parameters
    ----------
    data : DataFrame
        Indexed by the figure's key (case type, task type...), with ``reference``,
        ``local`` and ``calibrated``, each with ``_ci_low`` and ``_ci_high`` (one
        figure of :attr:`Calibration.table <timestudy.capacity.calibration.Calibration>`).
    xlabel : str
        What the estimates are (``hours per case-month``...).
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import calibration_plot
    >>> cols = {f"{n}{s}": [v] for n, v in (("reference", 10.0), ("local", 14.0),
    ...         ("calibrated", 11.0)) for s in ("", "_ci_low", "_ci_high")}
    >>> calibration_plot(pd.DataFrame(cols, index=["CIN"]), xlabel="hours").get_xlabel()
    'hours'
    """
    ax = new_axes(ax, (6, 0.5 * len(data) + 1.5))
    y = np.arange(len(data))
    for off, name, colour in (
        (-0.2, "reference", "grey"),
        (0.0, "local", "#DD8452"),
        (0.2, "calibrated", "#4C72B0"),
    ):
        est = data[name]
        ax.errorbar(
            est,
            y + off,
            xerr=error_bars(est, data[f"{name}_ci_low"], data[f"{name}_ci_high"]),
            fmt="o",
            color=colour,
            capsize=3,
            label=name,
        )
    ax.set_yticks(y, data.index)
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False)
    return ax
