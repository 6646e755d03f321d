"""Inter-observer reliability for paired observation sessions.

Two observers shadow the same worker over the same period, each in their own
session. Over the period both observed (the *common window*), agreement is
measured four ways, as recommended for time-and-motion studies where no single
measure covers every way observers can disagree:

* Cohen's kappa on fixed time slices of 1 second and of ``window`` seconds: each
  observer's label for a slice is the one they recorded for most of it;
* Cohen's kappa on time-matched task pairs: each task of one observer is paired
  with the other observer's task that best coincides with it (the largest overlap
  over the time either covers), when the choice is mutual;
* the concordance of the matched tasks' durations: Lin's CCC with each matched
  pair entered in both orders (the double-entry intraclass correlation, with
  Fisher's interval: :func:`timestudy.stats.ccc.exchangeable_concordance`), so it
  does not depend on which observer is *a*;
* timing gaps: the differences in start and end times of matched tasks, each time
  clipped to the common window as the minutes are (a task that one session's start or
  end cuts starts or ends there: the session's edge is no disagreement).

Which session of a pair is *a* (the rows of the confusion tables, the sign of the
gaps) never depends on observer ids: it is the session that started first (see
:mod:`timestudy.observe.pairing`), or with ``other=`` the first table. Relabelling
observers changes no figure.

Slices, matching and gaps compare positions, read on the wall clock. A matched
task's minutes (``minutes_a``, ``minutes_b``) are its part in the common window at
the episode's own minutes (``duration_min``, the duration the observer's export
gives) per minute of its clock time (:mod:`timestudy.observe._counted`).

Kappas reuse :func:`timestudy.stats.kappa.cohens_kappa` (large-sample standard
error of Fleiss, Cohen and Everitt 1969). For three or more observers of the same
sessions, see :func:`~timestudy.observe.multi_observer_agreement` (Fleiss' kappa).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._counted import own_rate
from timestudy.observe._matching import kappa_by_group, match_tasks, slice_labels, task_spans
from timestudy.observe._result import ObservationResult
from timestudy.observe._span import same_key
from timestudy.observe._timeline import US_PER_MIN, US_PER_S, label_names, prepare
from timestudy.observe.pairing import (
    combine_observers,
    paired_sessions,
    person_column,
    session_pairs,
)
from timestudy.stats.ccc import exchangeable_concordance
from timestudy.stats.kappa import kappa_row

__all__ = ["ObserverAgreement", "observer_agreement", "paired_sessions"]

SLICE_NOTE = (
    "Slice kappas count every slice as an observation, but consecutive slices are not "
    "independent: their standard errors and intervals are too narrow (most of all at 1 s) and "
    "are descriptive only. Task-pair kappa and duration concordance use tasks matched in time "
    "(mutually best overlap over union); unmatched tasks are counted, not scored."
)


@dataclass(frozen=True, repr=False)
class ObserverAgreement(ObservationResult):
    """Agreement between two observers of the same worker over the same period.

    Attributes
    ----------
    by : list of str
        The label columns compared.
    window : float
        The configurable slice length in seconds (besides 1 second).
    stats : DataFrame
        Pooled over all pairs, one row per measure (``slices_1s``,
        ``slices_<window>s``, ``task_pairs``, ``duration_ccc``), in the columns
        of every agreement table: ``statistic`` (``cohen_kappa`` or
        ``ccc_double_entry``), ``n`` (slices, matched tasks), ``excluded`` (slices only
        one observer recorded, tasks left unmatched), ``observed_agreement``,
        ``estimate`` (kappa or CCC), ``se`` (on the estimate's scale: the CCC's
        by the delta method, ``(1 - CCC^2)`` times its se on Fisher's z scale),
        ``ci_low``, ``ci_high``.
    gaps : DataFrame
        Start and end differences of matched tasks (session b minus a, seconds), their
        times clipped to the common window (a start before it is its start...):
        ``n``, ``mean_s``, ``sd_s``, ``median_s``, ``mean_abs_s``, ``p95_abs_s``.
    pairs : DataFrame
        One row per pair of sessions: who and when, then the same measures per pair.
    matches : DataFrame
        The matched tasks (a task paused for an interruption is one task: see
        ``task``): ``pair``, ``row_a`` and ``row_b`` (positions of the task's first
        episode in the episodes, or with ``other=`` in each observer's table), each
        side's label, start and end (the first fragment's start, the last one's end),
        ``minutes_a`` and ``minutes_b`` (time on task within the common window),
        ``start_gap_s`` and ``end_gap_s`` (b minus a, the times clipped to the common
        window; ``start_a``... are the tasks' own).
    confusion : dict of DataFrame
        Pooled confusion matrices (session a in rows) for each measure.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import observer_agreement
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:40"])
    >>> a = pd.DataFrame({"worker_id": "W1", "start": t,
    ...                   "end": t + pd.to_timedelta([40, 20], unit="min"),
    ...                   "category": ["recording", "admin"]})
    >>> r = observer_agreement(a, other=a)  # the same record twice: full agreement
    >>> r.stats.loc["slices_1s", ["n", "estimate"]].tolist()
    [3600.0, 1.0]
    >>> r.confusion["slices_1s"].loc["admin", "admin"]
    np.int64(1200)
    """

    by: list
    window: float
    level: float
    stats: pd.DataFrame
    gaps: pd.DataFrame
    pairs: pd.DataFrame
    matches: pd.DataFrame
    confusion: dict
    note: str = SLICE_NOTE

    title = "Inter-observer agreement"

    @property
    def kappa(self) -> float:
        """Pooled kappa on 1-second slices."""
        return float(self.stats.loc["slices_1s", "estimate"])

    def summary(self) -> pd.DataFrame:
        """Pooled statistics then the timing gaps' mean absolute differences (statistic
        ``mean_abs_s``), indexed by ``measure`` (a column when written)."""
        gaps = pd.DataFrame(
            {"statistic": "mean_abs_s", "n": self.gaps["n"].to_numpy(),
             "estimate": self.gaps["mean_abs_s"].to_numpy()},
            index=[f"{name}_abs_s" for name in self.gaps.index],
        )
        return pd.concat([self.stats, gaps]).rename_axis("measure")

    def to_frame(self) -> pd.DataFrame:
        """The per-pair table."""
        return self.pairs.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "agreement": self.summary(),
            "agreement_pairs": self.pairs,
            "agreement_gaps": self.gaps,
            "agreement_matches": self.matches,
        }

    def plot(self, ax=None, kind: Literal["durations", "gaps", "confusion"] = "durations"):
        """Matched durations (A against B), timing gaps, or the 1-second confusion heatmap.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.matched_durations_plot`,
            :func:`~timestudy.plots.timing_gaps_plot` and
            :func:`~timestudy.plots.slice_confusion_plot`.
        """
        from timestudy.plots import matched_durations_plot, slice_confusion_plot, timing_gaps_plot

        if kind == "confusion":
            t = self.confusion["slices_1s"]
            shares = t.div(t.sum(axis=1).replace(0, np.nan), axis=0)
            return slice_confusion_plot(shares, kappa=self.kappa, ax=ax)
        if kind == "gaps":
            return timing_gaps_plot(self.matches, ax=ax)
        if kind != "durations":
            raise TimestudyError(f"`kind` must be 'durations', 'gaps' or 'confusion', not {kind!r}")
        ccc = self.stats.loc["duration_ccc", "estimate"]
        return matched_durations_plot(self.matches, ccc=ccc, ax=ax)


def observer_agreement(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    other: pd.DataFrame | None = None,
    pair_by: str = "session",
    window: float = 60.0,
    observer: str = "observer",
    session: str = "session_id",
    worker: str = "worker_id",
    level: float = 0.95,
    task: str | None = "task_id",
) -> ObserverAgreement:
    """Agreement of two observers who shadowed the same worker over the same period.

    Parameters
    ----------
    episodes : DataFrame
        Both observers' episodes, with ``observer`` and ``session`` columns (as a
        WOMBAT export read with :func:`timestudy.read_diary`); or, with ``other``,
        the first observer's episodes.
    by : str or list of str
        The labels compared (``category``, ``task_type``, ``activity_code``...).
    other : DataFrame, optional
        The second observer's episodes; each worker's sessions are then paired
        with the other observer's sessions of the same worker that overlap.
    pair_by : str
        How sessions are paired (see :func:`paired_sessions`).
    window : float
        Length in seconds of the configurable time slices (1-second slices are
        always computed).
    observer, session, worker : str
        Column names.
    level : float
        Level of the confidence intervals.
    task : str or None
        Column naming each task (WOMBAT's ``task_id``): the fragments of a task paused
        for an interruption are matched as one task, from its first fragment's start
        to its last fragment's end, its time on task the sum of its fragments'. Where
        the column is absent or blank (or ``task=None``), each episode is a task.

    Returns
    -------
    ObserverAgreement

    Examples
    --------
    Both observers see case notes then a phone call; B starts the call 30 seconds
    late. Over the 60 minutes both observed, they disagree for 30 seconds: 3570 of
    3600 one-second slices agree. Both tasks match, with start gaps of 0 and 30 s.

    >>> import pandas as pd
    >>> from timestudy import observer_agreement
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:40"])
    >>> a = pd.DataFrame({"worker_id": "W1", "start": t, "end": t + pd.to_timedelta([40, 20], unit="min"),
    ...                   "category": ["recording", "admin"]})
    >>> b = a.assign(start=a["start"] + pd.to_timedelta([0, 30], unit="s"),
    ...              end=a["end"] + pd.to_timedelta([30, 0], unit="s"))
    >>> r = observer_agreement(a, other=b)
    >>> r.stats.loc["slices_1s", ["n", "observed_agreement"]].round(4).tolist()
    [3600.0, 0.9917]
    >>> r.matches["start_gap_s"].tolist()
    [0.0, 30.0]
    """
    worker = person_column(episodes, worker)
    n_first = 0
    if other is not None:
        n_first = len(episodes)
        episodes = combine_observers(episodes, other, worker, session)
        observer, session, pair_by = "_observer", "_session", "session"
    if not (isinstance(window, int | float) and window > 0):
        raise TimestudyError(f"`window` must be a positive number of seconds, not {window!r}")
    if not 0 < level < 1:
        raise TimestudyError(f"`level` must be between 0 and 1, not {level}")
    table, code, code_a, code_b = session_pairs(episodes, pair_by, observer, session, worker,
                                                given=other is not None)
    if table.empty:
        raise TimestudyError(
            f"no paired sessions: no two sessions (`{session}`) of the same worker by different "
            f"observers (`{observer}`) overlap in time; give both observers' sessions, or the "
            "second observer's episodes as other="
        )
    p = prepare(episodes, by=by, worker=worker, session=None)
    n_pairs, n_labels = len(table), len(p.labels)
    lo = table["start"].to_numpy("datetime64[us]").view("int64")
    row, pair, side, cs, ce = _clipped_members(p, table, code, code_a, code_b)
    label = p.label[row]
    names = label_names(p.labels)
    rows, per_pair, confusion = {}, {}, {}
    sizes = [1.0] + ([float(window)] if window != 1 else [])
    for seconds in sizes:
        name = f"slices_{seconds:g}s"
        sl, only_one = slice_labels(pair, side, label, cs, ce, lo, seconds, n_pairs)
        la, lb, w = (sl[c].to_numpy() for c in ("label_a", "label_b", "weight"))
        confusion[name] = _confusion(la, lb, names, w)
        rows[name] = kappa_row(confusion[name].to_numpy(), only_one, level)
        per_pair[f"kappa_{name}"] = kappa_by_group(
            sl["pair"].to_numpy(), la, lb, n_pairs, n_labels, w
        )[0]
    tk, ia, ib, tasks = _matched_tasks(p, task, row, pair, side, label, cs, ce, n_pairs)
    tlabel = tk["label"].to_numpy()
    confusion["task_pairs"] = _confusion(tlabel[ia], tlabel[ib], names)
    rows["task_pairs"] = kappa_row(
        confusion["task_pairs"].to_numpy(), int(tasks.sum() - 2 * len(ia)), level
    )
    matches = _matches(names, tk, row, ia, ib)
    matches["row_b"] -= n_first  # with other=, B's positions are in other
    ccc = exchangeable_concordance(matches["minutes_a"], matches["minutes_b"], level)
    rows["duration_ccc"] = {
        "statistic": "ccc_double_entry",
        "n": ccc["n"],
        "excluded": float(tasks.sum() - 2 * len(ia)),
        "observed_agreement": np.nan,
        "estimate": ccc["ccc"],
        # the CCC's own scale (delta method: d tanh z / dz = 1 - CCC^2), as every other
        # row's se; the interval stays Fisher's, made on the z scale
        "se": (1 - ccc["ccc"] ** 2) * ccc["se"],
        "ci_low": ccc["ci_low"],
        "ci_high": ccc["ci_high"],
    }
    pairs = table.assign(**per_pair, tasks_a=tasks[:, 0], tasks_b=tasks[:, 1])
    pairs["matched"] = np.bincount(matches["pair"], minlength=n_pairs)
    pairs["kappa_task_pairs"] = kappa_by_group(
        matches["pair"].to_numpy(), tlabel[ia], tlabel[ib], n_pairs, n_labels
    )[0]
    pairs = _pair_timings(pairs, matches, level)
    return ObserverAgreement(
        by=list(p.labels.names),
        window=float(window),
        level=level,
        stats=pd.DataFrame.from_dict(rows, orient="index").rename_axis("measure"),
        gaps=_gaps(matches),
        pairs=pairs,
        matches=matches,
        confusion=confusion,
    )


def _clipped_members(p, table, code, code_a, code_b):
    """Each episode of each pair's two sessions, clipped to the pair's common window.

    Returns the episode's row, its pair, its side (0 for session A, 1 for B) and the
    clipped start and end; episodes outside the window are left out. A session in
    several pairs appears once per pair.
    """
    n_pairs = len(table)
    lo = table["start"].to_numpy("datetime64[us]").view("int64")
    hi = table["end"].to_numpy("datetime64[us]").view("int64")
    sides = np.repeat([0, 1], n_pairs)  # A's sessions, then B's: the episodes of each, in order
    at, row = same_key(np.concatenate([code_a, code_b]), np.asarray(code))
    pair, side = np.tile(np.arange(n_pairs), 2)[at], sides[at]
    cs = np.clip(p.start[row], lo[pair], hi[pair])
    ce = np.clip(p.end[row], lo[pair], hi[pair])
    keep = ce > cs
    return row[keep], pair[keep], side[keep], cs[keep], ce[keep]


def _confusion(a: np.ndarray, b: np.ndarray, names: list[str], weight=None) -> pd.DataFrame:
    n = len(names)
    t = np.bincount(a * n + b, weight, minlength=n * n).reshape(n, n)
    t = t.astype(np.int64) if weight is None or np.all(t == np.round(t)) else t
    return pd.DataFrame(
        t, index=pd.Index(names, name="observer_a"), columns=pd.Index(names, name="observer_b")
    )


def _matched_tasks(p, task, row, pair, side, label, cs, ce, n_pairs):
    """Whole tasks, the positions (in them) of the matched A and B tasks, tasks per pair
    and side (shape ``(n_pairs, 2)``)."""
    tk = _whole_tasks(p, task, row, pair, side, label, cs, ce)
    mt = match_tasks(*(tk[c].to_numpy() for c in ("pair", "side", "cs", "ce")), n_pairs)
    tasks = np.bincount(tk["pair"].to_numpy() * 2 + tk["side"].to_numpy(),
                        minlength=2 * n_pairs).reshape(n_pairs, 2)
    return tk, mt["a"].to_numpy(), mt["b"].to_numpy(), tasks


def _whole_tasks(p, task, row, pair, side, label, cs, ce) -> pd.DataFrame:
    """Each pair's clipped episodes as whole tasks (by ``task``, when a column of that name
    has a value; else each episode alone): see :func:`~._matching.task_spans`."""
    ids = p.frame[task] if task is not None and task in p.frame.columns else None
    code = (np.full(len(row), -1) if ids is None
            else pd.factorize(ids.astype("string").to_numpy()[row], use_na_sentinel=True)[0])
    minutes = (ce - cs) * own_rate(p.frame, p.start, p.end)[row] / US_PER_MIN
    return task_spans(code, pair, side, label, cs, ce, p.start[row], p.end[row], minutes)


def _matches(names, tk: pd.DataFrame, row, ia, ib) -> pd.DataFrame:
    a, b = tk.iloc[ia], tk.iloc[ib]

    def when(v):
        return pd.to_datetime(v.to_numpy().astype("datetime64[us]"))

    label = np.asarray(names, dtype=object)
    out = pd.DataFrame(
        {
            "pair": a["pair"].to_numpy(),
            "row_a": row[a["pos"].to_numpy()],
            "row_b": row[b["pos"].to_numpy()],
            "label_a": label[a["label"].to_numpy()],
            "label_b": label[b["label"].to_numpy()],
            "start_a": when(a["start"]),
            "end_a": when(a["end"]),
            "start_b": when(b["start"]),
            "end_b": when(b["end"]),
            "minutes_a": a["minutes"].to_numpy(),
            "minutes_b": b["minutes"].to_numpy(),
            # within the common window, as the minutes: a session's edge is not a gap
            "start_gap_s": (b["cs"].to_numpy() - a["cs"].to_numpy()) / US_PER_S,
            "end_gap_s": (b["ce"].to_numpy() - a["ce"].to_numpy()) / US_PER_S,
        }
    )
    return out.sort_values(["pair", "start_a"], kind="stable").reset_index(drop=True)


def _gaps(matches: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for name in ("start_gap", "end_gap"):
        g = matches[f"{name}_s"].to_numpy(float)
        out[name] = {
            "n": float(len(g)),
            "mean_s": g.mean() if len(g) else np.nan,
            "sd_s": g.std(ddof=1) if len(g) > 1 else np.nan,
            "median_s": np.median(g) if len(g) else np.nan,
            "mean_abs_s": np.abs(g).mean() if len(g) else np.nan,
            "p95_abs_s": np.quantile(np.abs(g), 0.95) if len(g) else np.nan,
        }
    return pd.DataFrame.from_dict(out, orient="index").rename_axis("gap")


def _pair_timings(pairs: pd.DataFrame, matches: pd.DataFrame, level: float) -> pd.DataFrame:
    """Per pair: duration concordance and mean absolute start and end gaps."""
    g = matches.groupby("pair")
    ccc = g[["minutes_a", "minutes_b"]].apply(
        lambda m: exchangeable_concordance(m["minutes_a"], m["minutes_b"], level)["ccc"]
    ) if len(matches) else pd.Series(dtype=float)  # no task matched: apply gives a frame
    out = pairs.copy()
    out["duration_ccc"] = ccc.reindex(out["pair"]).to_numpy()
    for name in ("start_gap_s", "end_gap_s"):
        out[f"mean_abs_{name}"] = (
            g[name].apply(lambda v: np.abs(v).mean()).reindex(out["pair"]).to_numpy()
        )
    return out
