"""Local calibration: pool a small local study toward a reference guide by precision.

Each local estimate (hours per case-month of a case type, full hours of a task,
hours available per FTE-week) is combined with the reference on the log scale,
empirical-Bayes style. The local true value is taken to differ from the
reference by a between-site spread ``tau^2``, estimated by the method of moments
from all the figures being calibrated:

    tau^2 = max(0, mean((log L - log R)^2 - se_L^2 - se_R^2))

The calibrated value is ``w log L + (1 - w) log R`` with
``w = (se_R^2 + tau^2) / (se_R^2 + tau^2 + se_L^2)``: the weight given to local
data grows as its standard error shrinks, that is as the local sample grows.
Standard errors come from the 95% intervals: ``(log hi - log lo) / (2 x 1.96)``;
the local ones are inflated for few workers ``G`` by ``sqrt(G / (G - 1)) x
t(G - 1) / z``, since a bootstrap over a handful of workers understates its
uncertainty (a figure from one worker gets no local weight).

The hours a worker has for casework are not pooled: contracted hours less non-case
work (supervision, training, admin) are the local authority's own working pattern,
not an estimate of a shared quantity. Where the local study measured them, the
calibrated guide takes its time available whole (hours worked, non-case and case
hours per FTE-week, working weeks, with their intervals and assumptions); only where
it has no measure does the guide keep the reference's, and its notes say so.

A calibrated figure with any local weight, beside the published reference figure, gives
the local figure back, so a local figure resting on fewer than ``min_workers`` local
workers gets no weight, and a local time available resting on fewer case-holding workers
is not taken (:mod:`timestudy.capacity.calibration_disclosure`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.capacity.calibration_available import local_time_available, pattern_notes, week_row
from timestudy.capacity.calibration_disclosure import (
    DEFAULT_MIN_WORKERS,
    check_reference,
    few_holders_words,
    few_local_note,
    local_guides,
    threshold_note,
    too_few_local,
)
from timestudy.capacity.calibration_shared import refuse_no_kind_shared
from timestudy.capacity.not_calibrated import (
    WEEK,
    figure_rows,
    guide_figures,
    kept_note,
    missing_note,
    not_calibrated,
    records,
    refuse_unshared,
)
from timestudy.errors import EstimationWarning
from timestudy.guide import TimeGuide
from timestudy.models import StudyModels
from timestudy.results import TableResult
from timestudy.stats.distributions import norm_ppf, t_ppf


def _log_se(est, lo, hi, level):
    z = norm_ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(hi) - np.log(lo)) / (2 * z)




#: The calibrated guide's note on its task x case type hours (:meth:`Calibration.to_guide`).
MATRICES_NOTE = (
    "The task x case type hours are the reference's as published, not calibrated: uplifts "
    "given to this guide mix the task uplifts by the reference's published cells (a case "
    "type whose cells the reference withholds gets no uplift), never by cells the reference "
    "withheld.")

#: The figures pooled, by table: (figure, table of the guide, estimate column).
POOLED = (("hours per case-month", "case_types", "hours_per_case_month"),
          ("full hours per piece of work", "tasks", "full_hours"))


@dataclass(frozen=True, repr=False)
class Calibration(TableResult):
    """Reference, local and calibrated figures side by side, with the local weight.

    Made by :func:`calibrate`.

    Parameters
    ----------
    table : DataFrame
        Indexed by (``figure``, ``key``): ``reference``, ``local`` and
        ``calibrated``, each with ``_ci_low``/``_ci_high``, ``weight_local`` and
        ``n_workers_local`` (the workers a local figure rests on).
    tau2 : float
        Between-study variance of the pooling (on the log scale).
    reference_guide : TimeGuide
        The reference guide, whose figures :meth:`to_guide` replaces.
    local_available, local_assumptions : DataFrame, dict or None
        The local study's ``available`` table and ``meta["available_assumptions"]``,
        which :meth:`to_guide` takes; None where the local study has no measure of
        time available (the reference's are kept).
    not_calibrated : DataFrame or None
        The figures that could not be calibrated, with ``figure``, ``key`` and ``why``
        (see :func:`not_calibrated`).
    min_workers : int
        The threshold below which a local figure got no weight.

    Examples
    --------
    >>> from timestudy import calibrate
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
    >>> cal = calibrate(guide, guide)  # a guide calibrated to itself keeps its figures
    >>> t = cal.table.loc["hours per case-month"]
    >>> bool(((t["calibrated"] - t["reference"]).abs() < 1e-9).all())
    True
    >>> cal.to_guide().case_types.index.tolist()
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """

    tau2: float = 0.0
    reference_guide: TimeGuide | None = None
    local_available: pd.DataFrame | None = None
    local_assumptions: dict | None = None
    not_calibrated: pd.DataFrame | None = None
    min_workers: int = DEFAULT_MIN_WORKERS

    def to_guide(self) -> TimeGuide:
        """The reference guide with its figures replaced by the calibrated ones.

        Hours per case-month (and their relative weights and "should" figures) and
        full hours per task become the calibrated values and intervals; the time
        available (hours worked, non-case hours, hours for casework per FTE-week and
        year, working weeks, and ``meta["available_assumptions"]``) becomes the local
        study's where it measured them (see the module notes), so that capacity,
        staffing and scenarios run on the local working pattern.
        ``meta["calibration_notes"]`` says where each comes from, and
        ``meta["calibration_not_calibrated"]`` (``{figure, key, why}``) which figures
        could not be calibrated (blank in the guide, never the local figure alone: a
        reference with no per-task table gives a guide with none); the reference's
        ``meta["headline"]`` (its caseload, cases per FTE and staff needed) is
        dropped: compute the local one with :func:`timestudy.capacity.headlines.headline`;
        so is the reference's regression check of full hours (its estimates, intervals and
        ``estimates_disagree`` flag: :func:`without_regression_check`). The reference's task
        x case type hours before disclosure control are not kept (their rows no longer add up
        to the calibrated hours: :mod:`timestudy.guide.carried`), so the calibrated guide is
        the same whether the reference was built in this session or read from guide.json,
        and its notes say what rests on the reference's published matrices
        (:data:`MATRICES_NOTE`).

        The guide is published at the calibration's ``min_workers`` (``meta["min_workers"]``,
        as ``meta["calibration_min_workers"]``), never the reference's: a reference published
        at a lower threshold is refused in one line
        (:func:`~timestudy.capacity.calibration_disclosure.check_reference`), and one at a
        higher threshold keeps withheld what it withheld, said in the notes.
        """
        g = self.reference_guide
        check_reference(g, self.min_workers)  # published at min_workers: not a lower reference
        t = self.table
        ct = g.case_types.copy()
        cal = figure_rows(t, "hours per case-month").reindex(ct.index)
        for suffix in ("", "_ci_low", "_ci_high"):
            ct[f"hours_per_case_month{suffix}"] = cal[f"calibrated{suffix}"].to_numpy()
        ref = g.meta.get("reference_case_type")
        if ref in ct.index:
            ct["relative_weight"] = ct["hours_per_case_month"] / ct.loc[ref, "hours_per_case_month"]
            ct[["relative_weight_ci_low", "relative_weight_ci_high"]] = np.nan
        ct["hours_per_case_month_should"] = ct["hours_per_case_month"] * ct.get("uplift", 1.0)
        event = [c for c in ct.columns if c.startswith("event_hours_per_case_month")]
        ct[event] = np.nan  # the reference's event-based figures are not calibrated
        tasks = g.tasks.copy()
        tcal = figure_rows(t, "full hours per piece of work").reindex(tasks.index)
        for suffix in ("", "_ci_low", "_ci_high"):
            tasks[f"full_hours{suffix}"] = tcal[f"calibrated{suffix}"].to_numpy()
        if "uplift" in tasks:
            tasks["full_hours_should"] = tasks["full_hours"] * tasks["uplift"]
        tasks = without_regression_check(tasks)
        av, assumptions = g.available, g.meta.get("available_assumptions")
        if self.local_available is not None:
            av, assumptions = local_time_available(g.available, self.local_available), \
                self.local_assumptions
        meta = {k: v for k, v in g.meta.items() if k != "headline"}
        meta.update(calibrated=True, calibration_tau2=self.tau2,
                    min_workers=self.min_workers, calibration_min_workers=self.min_workers,
                    available_assumptions=assumptions,
                    calibration_notes=[*self.notes, MATRICES_NOTE,
                                       threshold_note(g, self.min_workers)],
                    calibration_not_calibrated=records(self.not_calibrated))
        # not read back from a guide.json (the reference was): above the threshold its local
        # figures were weighed at it is refused (check_threshold)
        return g.derive(meta=meta, case_types=ct, tasks=tasks, available=av, _read_at=None)

    def plot(self, figure: str = "hours per case-month", ax=None):
        """Reference, local and calibrated estimates with intervals; returns the Axes.

        See :func:`timestudy.plots.calibration_plot`.
        """
        from timestudy.plots import calibration_plot

        return calibration_plot(self.table.xs(figure, level="figure"), xlabel=figure, ax=ax)


def calibrate(reference: TimeGuide, local: TimeGuide | StudyModels, *,
              level: float | None = None, min_workers: int = DEFAULT_MIN_WORKERS
              ) -> Calibration:
    """Calibrate a reference guide to local data by empirical-Bayes pooling.

    Parameters
    ----------
    reference : TimeGuide
        The wider evidence (a published guide, or a large study).
    local : TimeGuide or StudyModels
        The local study: its models (best: then a figure the local guide would withhold
        at ``min_workers``, by head, in effect under survey weights or beside another,
        gets no weight), or a guide built from it (with ``min_workers=1`` so that its
        figures are not blank before pooling; only their head counts are checked).
    level : float, optional
        Confidence level of the intervals (the reference guide's by default).
    min_workers : int
        The publication threshold (5 by default): a local figure resting on fewer local
        workers gets no weight (its calibrated figure and interval are the reference's as
        published), and counts not in ``tau^2``; a local time available resting on fewer
        case-holding workers is not taken (the reference's is kept). With any weight
        above 0, the calibrated figure, the reference's and the weight would give the
        local figure back (:mod:`timestudy.capacity.calibration_disclosure`).

    Returns
    -------
    Calibration
        Table indexed by (``figure``, ``key``) with ``reference``, ``local`` and
        ``calibrated`` (each with ``_ci_low``/``_ci_high``; the local interval
        is the one pooling used, widened for few workers), ``weight_local``,
        ``n_workers_local``;
        figures missing locally, or resting on fewer than ``min_workers`` local workers,
        keep the reference value and interval with weight 0. The row of
        hours for casework per FTE-week is not pooled: its calibrated figure is the
        local study's, with its own interval (weight 1), or the reference's where
        the local study has none or rests on too few case-holding workers (weight 0),
        and it does not count in ``tau^2``.
        ``to_guide()`` gives a TimeGuide with the calibrated figures.

    Examples
    --------
    A small local study pooled with a larger reference: each calibrated figure
    lies between the two, nearer the local one the more weight it gets.

    >>> from timestudy import calibrate
    >>> from timestudy.examples import example_run
    >>> reference = example_run(seed=3).guide  # a second study stands in for the reference
    >>> local = example_run().guide
    >>> t = calibrate(reference, local).table.loc["hours per case-month"]
    >>> lo = t[["reference", "local"]].min(axis=1) - 1e-9
    >>> hi = t[["reference", "local"]].max(axis=1) + 1e-9
    >>> bool(t["calibrated"].between(lo, hi).all()), bool(t["weight_local"].between(0, 1).all())
    (True, True)
    """
    local, withheld = local_guides(local, min_workers)
    level = level or float(reference.meta.get("level", 0.95))
    ref, loc = guide_figures(reference), guide_figures(local)
    refuse_no_kind_shared(ref, loc)  # one of case types only, the other of tasks only
    refuse_unshared(ref, loc)  # another taxonomy or case mix: nothing to pool, one line
    t = ref.add_suffix("_ref").join(loc.add_suffix("_loc"), how="left")
    se_r = _log_se(t["estimate_ref"], t["ci_low_ref"], t["ci_high_ref"], level)
    se_l = _log_se(t["estimate_loc"], t["ci_low_loc"], t["ci_high_loc"], level)
    # A bootstrap over few workers understates uncertainty: inflate by the small-sample
    # cluster correction sqrt(G / (G - 1)) and a t reference with G - 1 degrees of freedom.
    g = t["n_workers_loc"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.sqrt(g / (g - 1)) * t_ppf(0.5 + level / 2, g - 1) / norm_ppf(
            0.5 + level / 2)
    se_l = se_l * np.where(g > 1, factor, np.inf)
    lr, ll = np.log(t["estimate_ref"]), np.log(t["estimate_loc"])
    z = norm_ppf(0.5 + level / 2)
    pattern = (t.index.get_level_values("figure") == WEEK)  # the local working pattern
    given = np.isfinite(lr) & np.isfinite(ll) & ~pattern
    few = given & (too_few_local(t["n_workers_loc"], min_workers)  # no weight: not disclosed
                   | withheld.reindex(t.index, fill_value=False).to_numpy(bool))
    ok = given & ~few & np.isfinite(se_l) & (se_l > 0) & np.isfinite(se_r)
    dev = (ll - lr) ** 2 - se_l**2 - se_r**2
    tau2 = float(max(0.0, dev[ok].mean())) if ok.any() else 0.0
    prior_var = se_r**2 + tau2
    w = np.where(ok, prior_var / (prior_var + se_l**2), 0.0)
    post_mean = np.where(ok, w * ll + (1 - w) * lr, lr)
    post_se = np.where(ok, np.sqrt(1 / (1 / prior_var + 1 / se_l**2)), se_r)
    # The local interval shown is the one pooling used (widened for few workers).
    table = pd.DataFrame({
        "reference": t["estimate_ref"], "reference_ci_low": t["ci_low_ref"],
        "reference_ci_high": t["ci_high_ref"],
        "local": t["estimate_loc"], "local_ci_low": np.exp(ll - z * se_l),
        "local_ci_high": np.exp(ll + z * se_l),
        # not pooled: the reference's figure and interval as published
        "calibrated": np.where(ok, np.exp(post_mean), t["estimate_ref"]),
        "calibrated_ci_low": np.where(ok, np.exp(post_mean - z * post_se), t["ci_low_ref"]),
        "calibrated_ci_high": np.where(ok, np.exp(post_mean + z * post_se), t["ci_high_ref"]),
        "weight_local": w, "n_workers_local": t["n_workers_loc"],
    }, index=t.index)
    few_holders = few_holders_words(local.meta, min_workers, bool(withheld.get((WEEK, "all"))))
    measured = week_row(table, t, not few_holders)
    missing, said = _missing(reference, ref, loc)
    notes = (
        "Empirical-Bayes pooling on the log scale: calibrated = local^w x reference^(1-w), "
        "w = (se_ref^2 + tau^2) / (se_ref^2 + tau^2 + se_local^2).",
        _spread_note(tau2, int(ok.sum()), min_workers, bool(given.any())),
        "The weight on local data grows as the local sample grows (its standard error falls).",
        *filter(None, [few_local_note(table, few, min_workers),
                       kept_note(t.index, _kept(t, pattern, given & ~few, se_l, se_r))]),
        *pattern_notes(reference, local, measured, few_holders),
        *((said,) if said else ()),
    )
    return Calibration(table, "Local calibration", notes, tau2, reference,
                       local.available if measured else None,
                       local.meta.get("available_assumptions") if measured else None,
                       missing, min_workers)


def _spread_note(tau2: float, pooled: int, min_workers: int, given: bool = True) -> str:
    """The note on ``tau^2`` and the figures it rests on (``given``: whether any figure is
    given by both guides)."""
    if not pooled and not given:
        return ("No figure is given by both the reference and the local study: none is "
                "pooled.")
    if not pooled:
        return f"No local figure rests on {min_workers} or more local workers: none is pooled."
    return (f"Between-site spread tau^2 = {fixed(tau2, 4)} (log scale), estimated from {pooled} "
            "figures by the method of moments.")


def _kept(t: pd.DataFrame, pattern: np.ndarray, weighable: np.ndarray, se_l: pd.Series,
          se_r: pd.Series) -> list[np.ndarray]:
    """Where each reason of :data:`~timestudy.capacity.not_calibrated.KEPT` holds of a
    reference figure kept as published (``weighable``: given by both, the local one not
    too few): no local figure, an estimate of 0, no local interval, no reference one."""
    shown = t["estimate_ref"].notna().to_numpy() & ~pattern
    with np.errstate(divide="ignore"):
        logs = np.isfinite(np.log(t[["estimate_ref", "estimate_loc"]])).all(axis=1)
    return [shown & t["estimate_loc"].isna().to_numpy(), shown & ~logs.to_numpy(),
            weighable & ~(np.isfinite(se_l) & (se_l > 0)).to_numpy(),
            weighable & ~np.isfinite(se_r).to_numpy()]


def _missing(reference: TimeGuide, ref: pd.DataFrame, loc: pd.DataFrame
             ) -> tuple[pd.DataFrame, str]:
    """The figures not calibrated and their note, warned of (:func:`not_calibrated`)."""
    missing = not_calibrated(ref, loc, reference.reasons(
        "tasks", "tasks.full_hours", "case_types", "case_types.hours_per_case_month"))
    said = missing_note(missing)
    if said:
        warnings.warn(said, EstimationWarning, stacklevel=3)
    return missing, said


#: The regression check of full hours (:func:`timestudy.guide.build`): the reference's
#: regression of its own worker-weeks, and whether its interval meets the full hours'.
REGRESSION_CHECK = ("full_hours_regression", "full_hours_regression_ci_low",
                    "full_hours_regression_ci_high", "estimates_disagree")


def without_regression_check(tasks: pd.DataFrame) -> pd.DataFrame:
    """The task table with the regression check blank: a calibrated guide has none.

    The check compares one study's full hours by attribution with its own regression of
    worker-weeks' case hours. Kept in a calibrated guide, the reference's regression would
    stand beside the calibrated full hours, and its flag ("the two estimates differ")
    would say what the reference's own full hours did, not the calibrated ones.

    Examples
    --------
    >>> t = pd.DataFrame({"full_hours": [2.0], "full_hours_regression": [3.1],
    ...                   "estimates_disagree": [True]}, index=["statutory_visit"])
    >>> without_regression_check(t).to_dict("records")
    [{'full_hours': 2.0, 'full_hours_regression': nan, 'estimates_disagree': None}]
    """
    out = tasks.copy()
    for c in REGRESSION_CHECK[:3]:
        if c in out:
            out[c] = np.nan
    if REGRESSION_CHECK[3] in out:
        out[REGRESSION_CHECK[3]] = pd.Series([None] * len(out), index=out.index, dtype=object)
    return out
