"""Figures a guide re-estimates from the fitted models: category shares, task x case type hours."""

from __future__ import annotations

import hashlib
import weakref

import numpy as np
import pandas as pd

from timestudy._lib.disclose import effective_workers, worker_weights
from timestudy.models import StudyModels
from timestudy.models.per_fte_week import fte_week_weights
from timestudy.models.should_events import study_month_days
from timestudy.panels.episodes import sums_wide
from timestudy.panels.survey_weights import weights_differ
from timestudy.stats.bootstrap import cluster_interval, ratio_draws, worker_draws


def fingerprint(frame: pd.DataFrame) -> str:
    """A short SHA-256 of a table's content: the same data gives the same fingerprint.

    Parameters
    ----------
    frame : DataFrame
        The table (its index is ignored).

    Returns
    -------
    str
        The first 16 hex digits of the SHA-256 of the table's values.

    Examples
    --------
    >>> a = pd.DataFrame({"minutes": [30, 45]})
    >>> len(fingerprint(a)), fingerprint(a) == fingerprint(a.set_axis([7, 8]))
    (16, True)
    >>> fingerprint(a) == fingerprint(a.assign(minutes=[30, 46]))
    False
    """
    h = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def category_shares(models: StudyModels, *, n_boot: int = 999, seed: int | None = 0,
                    level: float = 0.95) -> pd.DataFrame:
    """Share of worked time by category, with worker-cluster bootstrap intervals.

    Parameters
    ----------
    models : StudyModels
        From :func:`~timestudy.models.fit_study`.
    n_boot : int
        Bootstrap replicates (resampling workers).
    seed : int, optional
        Seed of the bootstrap.
    level : float
        Level of the intervals.

    Returns
    -------
    DataFrame
        By category (and ``out_of_hours``): ``share``, ``share_ci_low``,
        ``share_ci_high`` (within 0 and 1), ``n_workers`` (the workers with time in the
        category; for a share of 0, such as no out-of-hours work at all, every worker
        whose hours it is a share of: each gave a 0, see :func:`workers_behind`). The
        out-of-hours share is of the hours worked with a time of day
        (``hours_time_known``: all of them, unless the diary has rows without times), and
        NaN (not known) when there is none.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> models = example_run().models
    >>> shares = category_shares(models, n_boot=19)
    >>> shares.columns.tolist()
    ['share', 'share_ci_low', 'share_ci_high', 'n_workers']
    >>> round(float(shares["share"].drop("out_of_hours").sum()), 6)
    1.0
    """
    ww = models.worker_week
    non_work = set(models.options.get("non_work", ("non_work",)))
    cats = [c for c in ww.columns if c.startswith("hours_") and c[6:] not in non_work
            and c not in {"hours_worked", "hours_case", "hours_non_case", "hours_out_of_hours",
                          "hours_absence", "hours_time_known"}]
    extra = ["hours_out_of_hours"]
    workers = pd.Index(ww["worker_id"].unique())
    g = workers.get_indexer(ww["worker_id"])
    # weighed as the hours available are (the survey weight), so that the out-of-hours
    # share is their out-of-hours hours over their hours worked
    w = fte_week_weights(ww)
    num = np.zeros((len(workers), len(cats) + 1))
    np.add.at(num, g, ww[cats + extra].to_numpy(float) * w[:, None])
    den = np.zeros_like(num)
    np.add.at(den, g, (ww["hours_worked"].to_numpy(float) * w)[:, None])
    if "hours_time_known" in ww:  # out of hours: a share of the hours with a time of day
        den[:, -1] = 0.0
        np.add.at(den[:, -1], g, ww["hours_time_known"].to_numpy(float) * w)
    with np.errstate(invalid="ignore", divide="ignore"):  # no such hour: not known (NaN)
        est = num.sum(0) / den.sum(0)
    draws = ratio_draws(num, den, worker_draws(len(workers), n_boot, seed))
    gave = workers_behind(num, den)
    lo, hi = cluster_interval(est, draws, gave, level)
    # a share lies in [0, 1]: an interval cut to it still holds the true share whenever the
    # uncut one did (a few workers' t interval reached 104%)
    lo, hi = np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)
    names = [c[6:] for c in cats] + ["out_of_hours"]
    out = pd.DataFrame({"share": est, "share_ci_low": lo, "share_ci_high": hi,
                        "n_workers": gave}, index=pd.Index(names, name="category"))
    if weights_differ(ww):  # the same workers in effect, for disclosure control only
        survey = worker_weights(ww["worker_id"], ww["weight"]).reindex(workers)
        out["n_workers_effective"] = effective_behind(num, den, survey.to_numpy(float))
    return out


def effective_behind(num: np.ndarray, den: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The workers of :func:`workers_behind` in effect under their survey ``weights`` (one a
    worker: Kish's number, :func:`~timestudy._lib.disclose.effective_workers`).

    Examples
    --------
    Out-of-hours hours of 3 workers weighted 4, 1 and 1 (none, then workers 1 and 2):
    (4 + 1 + 1)^2 / 18 = 2 and (4 + 1)^2 / 17 = 1.47.

    >>> den = np.full((3, 2), 35.0)
    >>> num = np.array([[0.0, 2.0], [0.0, 1.0], [0.0, 0.0]])
    >>> effective_behind(num, den, np.array([4.0, 1.0, 1.0])).round(2).tolist()
    [2.0, 1.47]
    """
    behind = np.where((num == 0).all(0), den > 0, num > 0)
    g, k = np.nonzero(behind)
    eff = effective_workers(g, weights[g], by=k)
    return eff.reindex(range(num.shape[1])).to_numpy(float)


def workers_behind(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Workers behind each share ``sum(num) / sum(den)``, as disclosure control counts them.

    A share rests on the workers with some of its time (``num`` over 0): a share that 2
    workers' time makes up tells of those 2. A share of 0 (no worker has any such time)
    is a figure every worker in its denominator gave, each a 0: it rests on them all, and
    is withheld only when they are too few (not always, as "fewer than 1 worker").

    Parameters
    ----------
    num, den : ndarray, shape (G, K)
        Per-worker sums of the numerator and denominator of K shares.

    Returns
    -------
    ndarray of int, shape (K,)

    Examples
    --------
    Out-of-hours hours of 3 workers (none, then one worker's 2 hours) over 35 hours each:

    >>> den = np.full((3, 2), 35.0)
    >>> workers_behind(np.array([[0.0, 2.0], [0.0, 0.0], [0.0, 0.0]]), den).tolist()
    [3, 1]
    """
    some = (num > 0).sum(0)
    return np.where((num == 0).all(0), (den > 0).sum(0), some)


#: The last pieces and case-month tables looked up (weak references) and the codes found:
#: one tuple, replaced whole.
_CODES: list = [None]


def _case_codes(pieces: pd.DataFrame, cm: pd.DataFrame) -> np.ndarray:
    """Row in ``cm`` of each piece's case (-1 for none), found once for a pair of tables.

    A guide asks for it four times (two values, hours and workers) of the same tables:
    the last pair is kept, by reference, and recognised only as those very objects.
    """
    last = _CODES[0]  # one read: another thread may replace it meanwhile
    if last is not None and last[0]() is pieces and last[1]() is cm:
        return last[2]
    codes = pd.Index(cm["case_id"]).get_indexer(pieces["case_id"])
    _CODES[0] = (weakref.ref(pieces), weakref.ref(cm), codes)
    return codes


def _case_pieces(models: StudyModels, value: str,
                 case_month: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pieces of work behind the ``value`` matrix, with the case type of their case: the
    columns ``case_type``, ``task_type``, ``value`` and ``worker_id``."""
    cm = models.case_month if case_month is None else case_month
    pieces = models.pieces
    codes = _case_codes(pieces, cm)
    keep = codes >= 0
    if value == "full_min":
        keep &= pieces["primary"].to_numpy()
    cols = ["task_type", value, "worker_id"] + (["weight"] if "weight" in pieces else [])
    prim = pieces.loc[keep, cols]
    return prim.assign(case_type=cm["case_type"].array.take(codes[keep]))[
        ["case_type", *cols]]


def task_case_hours(models: StudyModels, value: str = "full_min", *,
                    case_month: pd.DataFrame | None = None,
                    totals: pd.Series | None = None) -> pd.DataFrame:
    """Hours per case-month of each case type by task type.

    With ``value="full_min"`` (default) each piece of work brings its full time
    (the task with its travel and recording), so a row sums to about the case
    type's hours per case-month (exactly when every case is worked by its holder
    alone within their diary window); with ``value="direct_min"`` every piece
    brings its own direct time only (what moves if someone else does the task).
    ``case_month`` restricts the cases (default: every case of the study). With
    ``totals`` (hours per case-month by case type) each row is the split of its
    total between task types in proportion to their full time, so that it adds up
    to the total exactly (cover by colleagues is scaled and work outside the
    holder's diary window left out in the totals: the split carries that over).

    Parameters
    ----------
    models : StudyModels
        From :func:`~timestudy.models.fit_study`.
    value : {"full_min", "direct_min"}
        Time each piece brings: its full time (primary pieces only) or its own
        direct time (every piece).
    case_month : DataFrame, optional
        The cases to count (default ``models.case_month``).
    totals : Series, optional
        Hours per case-month by case type to split between task types.

    Returns
    -------
    DataFrame
        Hours per case-month, indexed by ``case_type`` with a column per
        ``task_type``.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> m = example_run().models
    >>> h = task_case_hours(m)
    >>> h.index.tolist()
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    >>> total = m.case_weights.table["hours_per_case_month"]
    >>> bool(((task_case_hours(m, totals=total).sum(axis=1) - total).abs() < 1e-9).all())
    True
    """
    cm = models.case_month if case_month is None else case_month
    hours = sums_wide(_case_pieces(models, value, cm), "case_type", "task_type", value)
    months = cm.groupby("case_type")["case_months"].sum()
    out = hours.div(months.reindex(hours.index), axis=0) / 60
    if totals is not None:
        out = out.mul(totals.reindex(out.index) / out.sum(axis=1), axis=0)
    return out


def task_case_workers(models: StudyModels, value: str = "full_min", *,
                      case_month: pd.DataFrame | None = None) -> pd.DataFrame:
    """Workers behind each cell of :func:`task_case_hours` (case type x task type).

    A worker counts for a cell when they recorded a piece of the task on a case
    of the type (one with full time of its own for ``full_min``, any for
    ``direct_min``).
    """
    x = _case_pieces(models, value, case_month)
    return x.groupby(["case_type", "task_type"])["worker_id"].nunique().unstack(fill_value=0)


def task_case_effective(models: StudyModels, value: str = "full_min", *,
                        case_month: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """The workers of :func:`task_case_workers` in effect under their survey weights
    (Kish's number), or None when the pieces' weights are all the same (the head count)."""
    if not weights_differ(models.pieces):
        return None
    x = _case_pieces(models, value, case_month)
    code, cells = pd.MultiIndex.from_arrays([x["case_type"], x["task_type"]],
                                            names=["case_type", "task_type"]).factorize()
    eff = effective_workers(x["worker_id"], x["weight"], by=code)
    return pd.Series(eff.to_numpy(float), index=cells.take(eff.index.to_numpy(int))
                     ).unstack(fill_value=0.0)


def met_visiting_standard(models: StudyModels, standards: dict[str, int] | None = None
                          ) -> pd.Series:
    """Whether each case had the visits its type requires in the diary period.

    ``standards`` maps case type to the most working days allowed between
    statutory visits (CP and proceedings 10, CIN 20, CLA 30 by default). A case
    open for ``d`` working days needs ``floor(d / interval)`` visits. Its working days
    are its case-months times the working days of a month
    (:func:`~timestudy.panels.exposure.case_month_days`: for the study's bank holidays a
    year, England and Wales' 8 by default): case-months count
    working days already, bank holidays out (:mod:`timestudy.panels.cases`).

    The defaults are a simpler rule than the shipped standards file
    (:func:`~timestudy.schema.standards.read_standards`), which writes CIN's visits as
    "every 1 month" and CLA's as "every 6 weeks": calendar intervals, bank holidays
    included, as :func:`~timestudy.models.standards.pieces_due` counts them. For the
    standards as a file writes them, use ``pieces_due``.

    Parameters
    ----------
    models : StudyModels
        From :func:`~timestudy.models.fit_study`.
    standards : dict of str to int, optional
        Working days allowed between statutory visits, by case type.

    Returns
    -------
    Series of bool
        By ``case_id``: true when the case had the visits its standard requires.

    Examples
    --------
    A one-week diary is shorter than every interval, so no case needs a visit:

    >>> from timestudy.examples import example_run
    >>> models = example_run().models
    >>> met = met_visiting_standard(models)
    >>> met.dtype, bool(met.all())
    (dtype('bool'), True)
    >>> bool(met_visiting_standard(models, {"CP": 1, "PROCEEDINGS": 1, "CIN": 1, "CLA": 1}).all())
    False
    """
    standards = standards or {"CP": 10, "PROCEEDINGS": 10, "CIN": 20, "CLA": 30}
    cm = models.case_month
    pieces = models.pieces
    visits = pieces.loc[pieces["task_type"].isin(["statutory_visit", "unannounced_visit"])]
    n = visits.groupby("case_id").size().reindex(cm["case_id"]).fillna(0).to_numpy()
    # case-months are working days already (bank holidays out: panels.cases), in the
    # study's case-month (its bank holidays a year, as the days were counted with), to 1e-9
    # of a day (50 / 20.9077 x 20.9077 is 49.99999999999999: not 4 visits due for 5)
    working_days = np.round(cm["case_months"].to_numpy()
                            * study_month_days(models), 9)
    interval = cm["case_type"].map(standards).to_numpy(float)
    need = np.floor(np.where(np.isnan(interval), 0, working_days / np.nan_to_num(interval, nan=1)))
    return pd.Series(n >= need, index=cm["case_id"].to_numpy(), name="met_standard")
