"""How much the definitions matter: time per piece under other linking windows and gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from timestudy.models.piece_sums import counted_sums, task_point_estimates
from timestudy.panels.pieces import (
    NOTES_WITHIN_DAYS,
    TRAVEL_GAP_MIN,
    CodedDiary,
    build_pieces,
    code_diary,
)

SCALES = (0.0, 0.5, 1.0, 2.0)
GAPS = (0.0, 15.0, 30.0, 60.0, 120.0)
COLUMNS = ["parameter", "value", "task_type", "n_pieces", "sittings_per_piece", "direct_min",
           "full_hours", "direct_change", "full_change"]
_MEASURES = ["n_pieces", "sittings_per_piece", "direct_min", "full_hours"]

#: What the guide's meta says when the pieces' sensitivity was skipped.
SENSITIVITY_NOT_RUN = (
    "not run (--no-sensitivity, or sensitivity: false in the study file): how much time per "
    "piece moves with the linking windows and the travel gap was not worked out; every other "
    "figure is as it would be with it")


def pieces_sensitivity(
    episodes: pd.DataFrame,
    *,
    days: pd.DataFrame | None = None,
    link_within_days: Mapping[str, int] | None = None,
    travel_gap_min: float = TRAVEL_GAP_MIN,
    notes_within_days: int = NOTES_WITHIN_DAYS,
    scales: Sequence[float] = SCALES,
    gaps: Sequence[float] = GAPS,
    pieces: pd.DataFrame | None = None,
    coded: CodedDiary | None = None,
    **code_options,
) -> pd.DataFrame:
    """Direct minutes and full hours per piece under other linking windows and attribution gaps.

    Two one-way sensitivity analyses around the definitions in use: every linking
    window multiplied by each of ``scales`` (0: each day its own piece, as before
    pieces of work; windows are rounded to whole days), with the attribution gap
    as given; then the attribution gap set to each of ``gaps`` minutes, with the
    windows as given. Each row is a point estimate of
    :func:`~timestudy.models.estimate_task_times`, with travel and case notes counted over
    their pieces of their own under that rule (:mod:`timestudy.panels.own_pieces`), as the
    task times count them: a task with none has 0 pieces and no time per piece (and no
    change).

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes (those of used days).
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output.
    link_within_days, travel_gap_min, notes_within_days
        The definitions in use (see :func:`~timestudy.panels.pieces_of_work`).
    scales : sequence of float
        Multipliers of the linking windows.
    gaps : sequence of float
        Attribution gaps in minutes.
    pieces : DataFrame, optional
        The pieces of work under the definitions in use, when the caller has them
        (:func:`~timestudy.panels.pieces_of_work` of the same episodes and
        options): they are not built again.
    coded : CodedDiary, optional
        The diary as :func:`~timestudy.panels.pieces.code_diary` coded it with the same
        ``days`` and ``code_options``, when the caller has it: it is not coded again
        (``episodes`` and ``code_options`` are then not read).
    **code_options
        Passed to :func:`~timestudy.panels.pieces.code_diary` (``instance_id``,
        ``travel``, ``notes``, ``non_work``, ``weight``...).

    Returns
    -------
    DataFrame
        Columns ``parameter`` (``link_within_days`` or ``travel_gap_min``),
        ``value`` (the multiplier or the gap), ``task_type``, ``n_pieces``,
        ``sittings_per_piece``, ``direct_min``, ``full_hours``, and
        ``direct_change`` and ``full_change``: relative to the definitions in use
        (0.1 = 10% more).

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import pieces_sensitivity
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> t = pieces_sensitivity(ep, scales=(0, 1), gaps=(30,)).set_index(["parameter", "value"])
    >>> st = t.loc[("link_within_days", 0.0)].set_index("task_type")
    >>> bool(st.loc["court_statement", "direct_change"] < 0)  # one day per piece: shorter
    True
    """
    if link_within_days is None:
        from timestudy.categorise.taxonomy import load_taxonomy

        link_within_days = load_taxonomy().link_within_days
    if coded is None:
        coded = code_diary(episodes, days=days, **code_options)
    settings = [("link_within_days", float(k), {t: int(round(w * k)) for t, w in
                                                 link_within_days.items()}, travel_gap_min)
                for k in scales]
    settings += [("travel_gap_min", float(g), dict(link_within_days), float(g)) for g in gaps]
    # A rule met twice (the definitions in use, a multiplier of 1, rounding to the same
    # windows) is built once: the pieces depend only on the windows and the gap.
    built: dict[tuple, pd.DataFrame] = {}

    def estimates(windows: Mapping[str, int], gap: float,
                  given: pd.DataFrame | None = None) -> pd.DataFrame:
        key = (tuple(sorted((t, int(w)) for t, w in windows.items())), float(gap))
        if key not in built:
            p = given if given is not None else build_pieces(  # read for time per piece:
                coded, windows, gap, notes_within_days, equivalents=False,  # no equivalents
                id_within_days=link_within_days)  # an id's pieces as the taxonomy's windows
            built[key] = _estimates(p)
        return built[key]  # read, never changed

    base = estimates(dict(link_within_days), travel_gap_min, pieces)
    # The rules with the windows in use first: they reuse the linking kept on ``coded``
    # (build_pieces keeps the last), so that it is made once for them all.
    for _, _, windows, gap in sorted(settings, key=lambda s: s[2] != dict(link_within_days)):
        estimates(windows, gap)
    rows = [_changes(estimates(windows, gap), base, parameter, value)
            for parameter, value, windows, gap in settings]
    return pd.concat(rows, ignore_index=True)


def _estimates(pieces: pd.DataFrame) -> pd.DataFrame:
    """The point estimates of :func:`~timestudy.models.estimate_task_times` (its table's
    ``n_pieces``, ``sittings_per_piece``, ``direct_min`` and ``full_hours``), travel and case
    notes over their pieces of their own (:mod:`timestudy.panels.own_pieces`; none: 0 pieces,
    no time): the same function,
    :func:`~timestudy.models.piece_sums.task_point_estimates`, over the same sums
    (:func:`~timestudy.models.piece_sums.counted_sums`), so the same numbers to the last bit
    (tests/models/test_sensitivity.py)."""
    return task_point_estimates(counted_sums(pieces)[0])[_MEASURES]


def _changes(est: pd.DataFrame, base: pd.DataFrame, parameter: str, value: float
             ) -> pd.DataFrame:
    """One rule's rows of the table (:data:`COLUMNS`): its estimates and their changes
    relative to ``base`` (the definitions in use), task type by task type (NaN for a task
    type ``base`` has not)."""
    at = base.index.get_indexer(est.index)  # reindexed on est's task types

    def change(col: str) -> np.ndarray:
        ref = np.append(base[col].to_numpy(float), np.nan)[at]
        return est[col].to_numpy(float) / ref - 1

    return pd.DataFrame({
        "parameter": parameter, "value": value, "task_type": est.index.to_numpy(),
        **{c: est[c].to_numpy() for c in _MEASURES},
        "direct_change": change("direct_min"), "full_change": change("full_hours")})


def sensitivity_note(fit_options: dict) -> dict:
    """``{"sensitivity": SENSITIVITY_NOT_RUN}`` when the run skipped the pieces'
    sensitivity (``sensitivity=False``), so guide.json says so; else nothing (a guide with
    it is as it was).

    Examples
    --------
    >>> sensitivity_note({"sensitivity": False}) == {"sensitivity": SENSITIVITY_NOT_RUN}
    True
    >>> sensitivity_note({})
    {}
    """
    return {"sensitivity": SENSITIVITY_NOT_RUN} if fit_options.get("sensitivity") is False \
        else {}
