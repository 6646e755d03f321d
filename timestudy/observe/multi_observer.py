"""Agreement of two or more observers who shadowed the same worker at the same time.

Observation studies often train three or four observers on the same sessions. A
*joint session* is the set of sessions of one worker that different observers
recorded at the same time: sessions linked, directly or through one another, by
the pairs of :func:`~timestudy.observe.paired_sessions`. Over the time all its
observers recorded, each observer's label for each time slice is taken exactly
as for two observers (the same slicing code, at 1 second and at ``window``
seconds), and agreement is measured as

* Fleiss' kappa (Fleiss 1971) over all observers, with the kappa of each
  category against the rest; with two observers it is Scott's pi (Scott 1955);
* Cohen's kappa for every pair of observers, by
  :func:`~timestudy.observe.observer_agreement`.

Slices within a session are correlated, so the interval of Fleiss' kappa comes
from a bootstrap that resamples joint sessions, not slices (all on the wall clock).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._matching import slice_grid
from timestudy.observe._multi_tables import (
    categories,
    excluded_sessions,
    joints_of,
    note_of,
    observer_of_sides,
    session_table,
)
from timestudy.observe._result import ObservationResult
from timestudy.observe._timeline import (
    MISSING_LABEL,
    check_frame,
    label_names,
    need_columns,
    prepare,
)
from timestudy.observe.pairing import joint_sessions, paired_sessions, person_column
from timestudy.observe.reliability import observer_agreement
from timestudy.stats.fleiss import fleiss_measure
from timestudy.stats.kappa import AGREEMENT_COLUMNS

__all__ = ["MultiObserverAgreement", "multi_observer_agreement"]

PAIRWISE_COLUMNS = [
    "observer_a",
    "observer_b",
    "measure",
    "pairs",
    "statistic",
    "n",
    "excluded",
    "observed_agreement",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
]


@dataclass(frozen=True, repr=False)
class MultiObserverAgreement(ObservationResult):
    """Agreement of the observers of joint sessions: Fleiss' kappa and pairwise kappas.

    Attributes
    ----------
    by : list of str
        The label columns compared.
    window : float
        The configurable slice length in seconds (besides 1 second).
    raters : int
        Observers per joint session: a slice counts when all of them recorded it.
    observers : list of str
        The observers of the joint sessions compared (observers of excluded
        sessions only are in ``excluded``).
    stats : DataFrame
        One row per measure (``slices_1s``, ``slices_<window>s``): ``joint_sessions``
        (with a slice all observers recorded), ``raters``, ``n`` (slices; seconds
        for 1-second slices), ``excluded`` (slices fewer observers recorded),
        ``observed_agreement`` (mean share of agreeing observer pairs),
        ``expected_agreement``, ``estimate`` (Fleiss' kappa), ``se``, ``ci_low``,
        ``ci_high`` (bootstrap over joint sessions; NaN with fewer than 3).
    categories : DataFrame
        By measure and label: ``share`` of the ratings, ``ratings``, ``estimate`` (kappa) of
        the category against the rest, ``ci_low``, ``ci_high``, and
        ``observers_never``, how many observers never gave it.
    pairwise : DataFrame
        Cohen's kappa for every pair of observers who shadowed a worker together:
        ``observer_a``, ``observer_b``, ``measure``, ``pairs`` (sessions), then the
        columns of every agreement table (``statistic``, ``n``, ``excluded``,
        ``observed_agreement``, ``estimate``, ``se``, ``ci_low``, ``ci_high``), as
        :func:`~timestudy.observe.observer_agreement`.
    sessions : DataFrame
        One row per joint session: ``worker``, ``observers``, ``sessions``,
        ``n_observers``, ``included``, the common window (``start``, ``end``,
        ``common_min``), then ``n_`` and ``kappa_`` of each measure.
    excluded : DataFrame
        The sessions left out and why (``worker``, ``observer``, ``session``, ``reason``).
    usage : DataFrame
        Seconds each observer (rows) gave each label in the 1-second slices compared.
    replicates : DataFrame
        The bootstrap replicates of Fleiss' kappa, one column per measure.

    Examples
    --------
    Three observers who record the same two minutes alike agree perfectly.

    >>> import pandas as pd
    >>> from timestudy import multi_observer_agreement
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:01", "2026-03-09 09:02"])
    >>> one = pd.DataFrame({"start": t[:2], "end": t[1:], "category": ["recording", "travel"]})
    >>> eps = pd.concat([one.assign(observer=o) for o in ("O1", "O2", "O3")]).assign(worker_id="W1")
    >>> eps["session_id"] = eps["observer"] + "-S1"
    >>> r = multi_observer_agreement(eps, n_boot=9)
    >>> r.raters, r.observers, float(r.stats.loc["slices_1s", "estimate"])
    (3, ['O1', 'O2', 'O3'], 1.0)
    """

    by: list
    window: float
    level: float
    raters: int
    observers: list
    stats: pd.DataFrame
    categories: pd.DataFrame
    pairwise: pd.DataFrame
    sessions: pd.DataFrame
    excluded: pd.DataFrame
    usage: pd.DataFrame
    replicates: pd.DataFrame
    note: str = ""

    title = "Agreement of several observers (Fleiss' kappa)"

    @property
    def kappa(self) -> float:
        """Fleiss' kappa on 1-second slices."""
        return float(self.stats.loc["slices_1s", "estimate"])

    def summary(self) -> pd.DataFrame:
        """Fleiss' kappa, one row per measure (a copy of ``stats``)."""
        return self.stats.copy()

    def to_frame(self) -> pd.DataFrame:
        """The per-joint-session table."""
        return self.sessions.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "multi_agreement": self.summary(),
            "multi_agreement_categories": self.categories,
            "multi_agreement_pairwise": self.pairwise,
            "multi_agreement_sessions": self.sessions,
            "multi_agreement_excluded": self.excluded,
        }

    def plot(self, ax=None, kind: Literal["pairwise", "categories"] = "pairwise"):
        """Pairwise Cohen's kappas as a matrix, or each category's kappa (1-second slices).

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.pairwise_kappa_plot` and
            :func:`~timestudy.plots.category_kappa_plot`.
        """
        from timestudy.plots import category_kappa_plot, pairwise_kappa_plot

        if kind == "categories":
            c = self.categories.loc["slices_1s"].dropna(subset=["estimate"])
            return category_kappa_plot(c, kappa=self.kappa, ax=ax)
        if kind != "pairwise":
            raise TimestudyError(f"`kind` must be 'pairwise' or 'categories', not {kind!r}")
        if self.pairwise.empty:
            raise TimestudyError(
                "no pairwise kappas to plot: call multi_observer_agreement with pairwise=True, "
                "or plot kind='categories'"
            )
        return pairwise_kappa_plot(self.pairwise_matrix(), kappa=self.kappa, ax=ax)

    def pairwise_matrix(self, measure: str = "slices_1s") -> pd.DataFrame:
        """Cohen's kappa of every pair of observers as a symmetric matrix (NaN: never paired).

        Parameters
        ----------
        measure : str
            ``slices_1s`` or ``slices_<window>s``.

        Returns
        -------
        DataFrame
            Observers in rows and columns; the diagonal is NaN.

        Examples
        --------
        >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:02", "2026-03-09 09:04"])
        >>> two = pd.DataFrame({"start": t[:2], "end": t[1:], "category": ["care", "travel"]})
        >>> eps = pd.concat([two.assign(observer=o) for o in ("O1", "O2", "O3")])
        >>> eps = eps.assign(worker_id="W1", session_id=eps["observer"] + "-S1")
        >>> multi_observer_agreement(eps, n_boot=19).pairwise_matrix().loc["O1", "O2"]
        np.float64(1.0)
        """
        names = list(self.observers)
        matrix = pd.DataFrame(np.nan, index=names, columns=names)
        p = self.pairwise[self.pairwise["measure"] == measure]
        for a, b, k in zip(p["observer_a"], p["observer_b"], p["estimate"], strict=True):
            matrix.loc[a, b] = matrix.loc[b, a] = k
        return matrix


def multi_observer_agreement(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    pair_by: str = "session",
    window: float = 60.0,
    observer: str = "observer",
    session: str = "session_id",
    worker: str = "worker_id",
    level: float = 0.95,
    n_boot: int = 999,
    seed: int | None = 0,
    pairwise: bool = True,
) -> MultiObserverAgreement:
    """Agreement of two or more observers who shadowed the same worker at the same time.

    Parameters
    ----------
    episodes : DataFrame
        Every observer's episodes, with ``observer`` and ``session`` columns (as a
        WOMBAT export read with :func:`timestudy.read_diary`).
    by : str or list of str
        The labels compared (``category``, ``task_type``, ``activity_code``...).
    pair_by : str
        How sessions are linked (see :func:`~timestudy.observe.paired_sessions`).
    window : float
        Length in seconds of the configurable time slices (1-second slices are
        always computed).
    observer, session, worker : str
        Column names.
    level : float
        Level of the confidence intervals.
    n_boot, seed : int
        Bootstrap replicates (resampling joint sessions) and their random seed.
    pairwise : bool
        Also Cohen's kappa for every pair of observers (one call of
        :func:`~timestudy.observe.observer_agreement` per pair); ``False`` leaves
        ``pairwise`` empty.

    Returns
    -------
    MultiObserverAgreement
        A slice counts only when every observer of its joint session recorded it,
        and every joint session must have as many observers as the largest one
        (Fleiss' kappa assumes a fixed number of ratings per slice): smaller ones
        are left out and listed in ``excluded``, as are sessions no other observer
        shadowed at the same time.

    Examples
    --------
    Three observers watch W1 for four minutes; the third sees admin where the
    others see recording in minute two and travel in minute three. Per 60-second
    slice the counts (admin, recording, travel) are (0, 3, 0), (1, 2, 0),
    (1, 0, 2), (0, 0, 3): mean agreement 2/3, chance 0.375, kappa 7/15.

    >>> import pandas as pd
    >>> from timestudy import multi_observer_agreement
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:02", "2026-03-09 09:04"])
    >>> two = pd.DataFrame({"start": t[:2], "end": t[1:], "category": ["recording", "travel"]})
    >>> third = pd.DataFrame({"start": t[0] + pd.to_timedelta([0, 1, 3], unit="min"),
    ...                       "end": t[0] + pd.to_timedelta([1, 3, 4], unit="min"),
    ...                       "category": ["recording", "admin", "travel"]})
    >>> eps = pd.concat([two.assign(observer="O1"), two.assign(observer="O2"),
    ...                  third.assign(observer="O3")]).assign(worker_id="W1")
    >>> eps["session_id"] = eps["observer"] + "-S1"
    >>> r = multi_observer_agreement(eps, n_boot=19)
    >>> round(float(r.stats.loc["slices_60s", "estimate"]), 4), r.raters
    (0.4667, 3)
    >>> r.pairwise.query("measure == 'slices_60s'")["estimate"].round(2).tolist()
    [1.0, 0.33, 0.33]
    """
    worker = person_column(episodes, worker)
    _check_arguments(episodes, observer, session, window, level, n_boot)
    sessions, code = joint_sessions(episodes, pair_by, observer, session, worker)
    everyone = sorted(sessions["observer"].unique())
    if len(everyone) < 2:
        raise TimestudyError(
            f"column `{observer}` names one observer only ({everyone[0]!r}): agreement needs "
            "sessions that two or more observers recorded of the same worker at the same time"
        )
    if (sessions["joint"] < 0).all():
        raise TimestudyError(
            f"no joint sessions: no two sessions (`{session}`) of the same worker by different "
            f"observers (`{observer}`) overlap in time; check `{worker}` and the session times"
        )
    joints, sessions = joints_of(sessions)
    m = int(joints["n_observers"].max())
    joints["included"] = joints["n_observers"] == m
    group = np.where(joints["included"], np.cumsum(joints["included"]) - 1, -1)
    p = prepare(episodes, by=by, worker=worker, session=None)
    members = _members(p, sessions, code, joints, group)
    names = label_names(p.labels)
    who = observer_of_sides(sessions, group, int(joints["included"].sum()), m, everyone)
    taking_part, who = np.unique(who, return_inverse=True)  # observers of compared sessions
    who = who.reshape(-1, m)
    everyone = [everyone[i] for i in taking_part]
    measures = {}
    for seconds in [1.0] + ([float(window)] if window != 1 else []):
        grid = slice_grid(*members, seconds, who.shape[0], m)
        measures[f"slices_{seconds:g}s"] = fleiss_measure(
            grid, who, len(names), len(everyone), n_boot, seed, level
        )
    usage = pd.DataFrame(measures["slices_1s"]["usage"], index=everyone, columns=names)
    stats = pd.DataFrame({k: v["row"] for k, v in measures.items()}).T.rename_axis("measure")
    excluded = excluded_sessions(sessions, joints, m)
    return MultiObserverAgreement(
        by=list(p.labels.names),
        window=float(window),
        level=level,
        raters=m,
        observers=everyone,
        stats=stats,
        categories=categories(measures, names),
        pairwise=_pairwise(episodes, by, pair_by, window, observer, session, worker, level)
        if pairwise
        else pd.DataFrame(columns=PAIRWISE_COLUMNS),
        sessions=session_table(joints, group, {k: v["per_session"] for k, v in measures.items()}),
        excluded=excluded,
        usage=usage.rename_axis(index="observer", columns=None),
        replicates=pd.DataFrame({k: v["replicates"] for k, v in measures.items()}),
        note=note_of(m, joints, excluded, stats, usage, pair_by),
    )


def _check_arguments(episodes, observer, session, window, level, n_boot) -> None:
    check_frame(episodes)
    need_columns(
        episodes, [observer], "name the column saying who recorded each session with observer="
    )
    need_columns(episodes, [session], "name the column of observation sessions with session=")
    if not (isinstance(window, int | float) and window > 0):
        raise TimestudyError(f"`window` must be a positive number of seconds, not {window!r}")
    if not 0 < level < 1:
        raise TimestudyError(f"`level` must be between 0 and 1, not {level}")
    if not (isinstance(n_boot, int | np.integer) and n_boot >= 2):
        raise TimestudyError(f"`n_boot` must be a whole number of at least 2, not {n_boot!r}")


def _members(p, sessions, code, joints, group):
    """The episodes of the included joint sessions, clipped to the time all observers recorded.

    Returns, as :func:`slice_grid` takes them: each episode's group and side (its
    observer within the joint session), label, clipped start and end, and each
    group's origin (the start of the common window, the latest of the observers'
    first starts).
    """
    joint = sessions["joint"].to_numpy()
    s_group = np.where(joint >= 0, group[np.clip(joint, 0, None)], -1)  # each session's group
    row = np.flatnonzero(s_group[code] >= 0)
    g, side = s_group[code[row]], sessions["side"].to_numpy()[code[row]]
    included = joints["included"].to_numpy()
    lo, hi = joints["lo"].to_numpy()[included], joints["hi"].to_numpy()[included]
    cs, ce = np.clip(p.start[row], lo[g], hi[g]), np.clip(p.end[row], lo[g], hi[g])
    keep = ce > cs  # none when sessions overlap only in a chain (A with B, B with C)
    return g[keep], side[keep], p.label[row][keep], cs[keep], ce[keep], lo


def _pairwise(episodes, by, pair_by, window, observer, session, worker, level):
    """Cohen's kappa of every pair of observers who shadowed a worker together."""
    pairs = paired_sessions(
        episodes, pair_by=pair_by, observer=observer, session=session, worker=worker
    )
    text = episodes[observer].astype("string").str.strip()
    who = text.mask(text.isna() | (text == ""), MISSING_LABEL).to_numpy(dtype=object)
    rows = []
    met = zip(pairs["observer_a"].astype(str), pairs["observer_b"].astype(str), strict=True)
    for a, b in sorted({tuple(sorted(ab)) for ab in met}):  # each pair of observers once
        r = observer_agreement(
            episodes[(who == a) | (who == b)],
            by,
            pair_by=pair_by,
            window=window,
            observer=observer,
            session=session,
            worker=worker,
            level=level,
        )
        for measure, s in r.stats.iterrows():
            if measure == "duration_ccc":
                continue
            rows.append(
                {"observer_a": a, "observer_b": b, "measure": measure, "pairs": len(r.pairs)}
                | s[list(AGREEMENT_COLUMNS)].to_dict()
            )
    return pd.DataFrame(rows, columns=PAIRWISE_COLUMNS)
