"""Time budgets in the style of time-use surveys (ATUS, HETUS).

The unit is a worker's diary day (04:00 to 04:00 by default) or diary week, or an
observation session where the episodes have one (a session is one unit, never cut at
the day's start: a WOMBAT session from 03:00 to 05:00 is one unit of 120 minutes). For
each activity and group (role, team, site...), with survey weights ``w``:

* mean minutes per unit, ``sum(w * minutes) / sum(w)`` over *all* units of the
  group, zeros included;
* participation rate, the weighted share of units with any time on the activity;
* mean among participants, ``sum(w * minutes) / sum(w over participants)``, which
  is the mean divided by the participation rate.

Minutes are those ingest counted (``counted_min``; see :mod:`timestudy.observe._counted`),
so a night across a clock change counts its true minutes and a timer its own duration.
Each activity counts its own minutes; a task the export records as parallel with others
(flagged ``multitasking``: WOMBAT's *multi with*) counts its own minutes in full, as
WOMBAT counts it, so the activities may add up past ``all``, which is the time counted
once (its ``share_of_time`` column is of it). Elsewhere
time is counted once (where a worker's episodes overlap, each minute goes to the episode
that ends first: an interruption written inside a longer entry counts its own minutes
where it lies, and of entries that overlap in part or start together the one that
started, or is listed, first keeps the shared time), and an episode
that crosses the start of the diary day is split between the two (wall-clock) days
in proportion to its clock time on each. Units are
the worker-days (or weeks) with at least one episode. Standard errors of the
means treat workers as clusters (a worker's days are not independent): the
linearised variance of a ratio estimator, ``m / (m - 1) * sum(z_c ** 2)`` with
``z_c`` a worker's summed weighted residuals and ``m`` the workers in the group, and
the intervals use Student's t on ``m - 1`` degrees of freedom (as the package's other
cluster-robust intervals: with 2 workers the multiplier is 12.71, not 1.96), clipped at
0 minutes. Under survey weights ``m`` there is the group's workers *in effect*, Kish's
``(sum w)^2 / sum w^2`` over each worker's weight (:func:`~timestudy._lib.disclose.effective_workers`):
three workers weighted 1, 1 and 4 are 36 / 18 = 2 in effect, so t on 1 df, not 2; equal
weights give the head count, as without weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._counted import Counted, counted, in_full, pieces
from timestudy.observe._once import one_session_at_a_time
from timestudy.observe._result import ObservationResult
from timestudy.observe._span import person_column
from timestudy.observe._timeline import (
    US_PER_MIN,
    Prepared,
    as_list,
    check_frame,
    codes_of,
    need_columns,
    parse_clock,
    prepare,
    stream_columns,
)
from timestudy.stats.distributions import t_ppf

__all__ = ["TimeBudget", "time_budget"]

ALL = "all"
_DAYS_FROM_MONDAY = 3  # 1970-01-01, day 0, was a Thursday


@dataclass(frozen=True, repr=False)
class TimeBudget(ObservationResult):
    """Mean minutes per activity, participation rate and mean among participants.

    Attributes
    ----------
    table : DataFrame
        One row per group and activity (``all`` is every activity together):
        the group columns, the activity column(s), ``units`` (worker-days or sessions),
        ``workers`` (the people they are of: ``participant_key`` where the episodes have
        one, a WOMBAT participant at its site, else ``worker``), ``mean_min``,
        ``se``, ``ci_low``, ``ci_high``, ``participation``,
        ``mean_participants_min`` and ``share_of_time`` (of the group's ``all``, the
        time with a task, counted once: a parallel task counts in full in its activity's
        row, so the activities' shares may add up past 1).
    group, by : list of str
        Group and activity columns.
    unit : str
        ``"day"`` or ``"week"``.
    level : float
        Level of ``ci_low`` and ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import time_budget
    >>> eps = pd.DataFrame({"worker_id": ["A", "B"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-10 09:00"]),
    ...     "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-10 09:30"]),
    ...     "category": ["recording", "recording"]})
    >>> b = time_budget(eps)
    >>> b.unit, b.level, b.summary().loc["recording", "mean_min"]
    ('day', 0.95, np.float64(45.0))
    """

    table: pd.DataFrame
    group: list
    by: list
    unit: str
    level: float

    title = "Time budget"

    def summary(self) -> pd.DataFrame:
        """Mean minutes, participation and mean among participants, indexed by group and activity."""
        cols = [
            "units",
            "workers",
            "mean_min",
            "se",
            "participation",
            "mean_participants_min",
            "share_of_time",
        ]
        return self.table.set_index(self.group + self.by)[cols]

    def to_frame(self) -> pd.DataFrame:
        """The long table (see ``table``)."""
        return self.table.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"time_budget": self.table}

    def plot(self, ax=None):
        """Bars of mean minutes per unit by activity (and group), with confidence intervals.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.time_budget_plot`.
        """
        from timestudy.plots import time_budget_plot

        return time_budget_plot(self.table[self.table[self.by[0]] != ALL], by=self.by,
                                group=self.group, unit=self.unit, level=self.level, ax=ax)


def join_workers(
    episodes: pd.DataFrame, workers: pd.DataFrame | None, worker: str, wanted: list[str]
) -> pd.DataFrame:
    """The episodes with the ``wanted`` columns they lack taken from the workers table.

    The table is keyed by ``worker``; a WOMBAT study's table of participant attributes,
    keyed by the participant ids as written, joins on ``participant_id`` when none of its
    keys is a worker of the episodes (whose workers are participants within a session).
    """
    lacking = [c for c in wanted if c not in episodes.columns]
    if not lacking:
        return episodes
    if workers is None:
        need_columns(
            episodes,
            lacking,
            "pass workers=<a table with these columns by worker_id> (--workers FILE on the "
            "command line)",
        )
    check_frame(workers, "workers")
    need_columns(workers, [worker, *lacking], "the workers table needs them")
    if workers[worker].duplicated().any():
        dup = workers.loc[workers[worker].duplicated(), worker].iloc[0]
        raise TimestudyError(
            f"the workers table has worker {dup!r} more than once in `{worker}`: keep one row each"
        )
    table = workers[[worker, *lacking]]
    key = episodes[worker].astype("string")
    ids = set(table[worker].astype("string"))
    if "participant_id" in episodes.columns and not ids & set(key.dropna()):
        key = episodes["participant_id"].astype("string")
    extra = table.set_index(table[worker].astype("string"))[lacking].reindex(key.to_numpy())
    return episodes.assign(**{c: extra[c].to_numpy() for c in lacking})


def time_budget(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    group: str | Sequence[str] | None = None,
    weight: str | None = None,
    workers: pd.DataFrame | None = None,
    unit: Literal["day", "week"] = "day",
    day_start: str | float = "04:00",
    worker: str = "worker_id",
    session: str | None = "auto",
    level: float = 0.95,
) -> TimeBudget:
    """Mean minutes per activity, participation rate and mean among participants, by group.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, ``worker`` and the ``by`` columns.
    by : str or list of str
        The activity columns.
    group : str or list of str, optional
        Columns to break the budget down by (``role``, ``team``, ``site``...),
        from the episodes or, failing that, from ``workers``.
    weight : str, optional
        Survey weight column (from the episodes or ``workers``).
    workers : DataFrame, optional
        One row per worker, keyed by ``worker``, holding group or weight columns.
    unit : {"day", "week"}
        A worker's diary day, or diary week (Monday to Monday).
    day_start : str or float
        Clock time the diary day starts.
    session : str or None
        Column of observation sessions (``"auto"``: ``session_id`` when present). A
        session is one unit, never cut at the diary day's start (with ``unit="week"``,
        it counts in the week it starts); ``None`` for worker-days.
    level : float
        Level of the confidence intervals.

    Returns
    -------
    TimeBudget

    Examples
    --------
    Two worker-days: A spends 60 minutes on visits and 30 on recording, B 90 on
    recording. Visits: mean (60 + 0) / 2 = 30 minutes, participation 1/2, mean
    among participants 60.

    >>> import pandas as pd
    >>> from timestudy import time_budget
    >>> eps = pd.DataFrame({"worker_id": ["A", "A", "B"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 09:00"]),
    ...     "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-09 10:30", "2026-03-09 10:30"]),
    ...     "category": ["direct_work", "recording", "recording"]})
    >>> b = time_budget(eps).summary()
    >>> b.loc["direct_work", ["mean_min", "participation", "mean_participants_min"]].tolist()
    [30.0, 0.5, 60.0]
    """
    check_frame(episodes)
    episodes = one_session_at_a_time(episodes, worker, session)  # as observation_study
    if unit not in ("day", "week"):
        raise TimestudyError(f"`unit` must be 'day' or 'week', not {unit!r}")
    if not 0 < level < 1:
        raise TimestudyError(f"`level` must be between 0 and 1, not {level}")
    groups = as_list(group)
    overlap = set(groups) & set(as_list(by))
    if overlap:
        raise TimestudyError(f"column(s) {sorted(overlap)} are in both `by` and `group`")
    frame = join_workers(episodes, workers, worker, groups + as_list(weight))
    p = prepare(frame, by=by, worker=worker, session=None, weight=weight)
    c = counted(frame, p.stream, p.start, p.end, len(p.streams))
    day0 = parse_clock(day_start) * US_PER_MIN
    if unit == "day":
        origin, period = day0, 1440 * US_PER_MIN
    else:
        origin, period = day0 - _DAYS_FROM_MONDAY * 1440 * US_PER_MIN, 7 * 1440 * US_PER_MIN
    # each activity its own minutes (a parallel task in full); `all` the time counted once
    rows, k, minutes, units_of_all = _units(frame, p, in_full(c, frame, p.start, p.end),
                                            worker, session, origin, period, unit)
    once_rows, once_k, once_minutes, _ = _units(frame, p, c, worker, session, origin, period,
                                                unit)
    group_code, group_keys = (
        codes_of(frame, groups) if groups else (np.zeros(len(frame), np.int64), None)
    )
    key = pd.MultiIndex.from_arrays([p.stream, units_of_all, group_code])
    piece_key = pd.MultiIndex.from_arrays([p.stream[rows], k, group_code[rows]])
    once_key = pd.MultiIndex.from_arrays([p.stream[once_rows], once_k, group_code[once_rows]])
    unit_index = key.unique().append(piece_key).append(once_key).unique()
    u_all, u_piece = unit_index.get_indexer(key), unit_index.get_indexer(piece_key)
    n_units, n_labels = len(unit_index), len(p.labels)
    y = np.bincount(u_piece * n_labels + p.label[rows], minutes, n_units * n_labels)
    y_once = np.bincount(unit_index.get_indexer(once_key), once_minutes, n_units)
    y = np.column_stack([y.reshape(n_units, n_labels), y_once])  # last column: all, once
    w = (
        pd.Series(np.concatenate([p.weight, p.weight[rows]]))
        .groupby(np.concatenate([u_all, u_piece]))
        .mean()
        .reindex(range(n_units))
        .to_numpy()
    )
    g = unit_index.get_level_values(2).to_numpy()
    cluster = unit_index.get_level_values(0).to_numpy()
    est = _estimate(y, w, g, cluster, level)
    people = frame[person_column(frame, worker)].to_numpy()
    est["workers"] = (pd.Series(people).groupby(group_code).nunique()
                      .reindex(range(len(est["units"])), fill_value=0).to_numpy())
    return TimeBudget(
        table=_long_table(est, p.labels, group_keys, groups),
        group=groups,
        by=list(p.labels.names),
        unit=unit,
        level=level,
    )


def _units(
    frame: pd.DataFrame, p: Prepared, c: Counted, worker: str, session: str | None,
    origin: int, period: int, unit: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pieces of counted minutes (episode, unit, minutes) and each episode's unit.

    Without sessions a unit is a worker's diary day (or week) and an episode across
    its start is split between the two; with sessions a session is one unit (or falls
    in the week it starts), never cut.
    """
    cols = stream_columns(frame, worker, session)
    if len(cols) == 1:
        rows, k, minutes = pieces(c, origin, period)
        return rows, k, minutes, (p.start - origin) // period
    code = codes_of(frame, cols)[0]
    if unit == "day":
        k_episode = code
    else:
        first = np.full(int(code.max()) + 1, np.iinfo(np.int64).max)
        np.minimum.at(first, code, p.start)
        k_episode = (first[code] - origin) // period
    return np.arange(len(frame)), k_episode, c.total / US_PER_MIN, k_episode


def _estimate(y, w, g, cluster, level) -> dict[str, np.ndarray]:
    """Weighted means, participation and cluster-robust SEs: arrays of groups x activities."""
    n_groups = int(g.max()) + 1
    wsum = np.bincount(g, w, n_groups)
    sums = np.zeros((n_groups, y.shape[1]))
    np.add.at(sums, g, w[:, None] * y)
    part = np.zeros_like(sums)
    np.add.at(part, g, w[:, None] * (y > 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / wsum[:, None]
        resid = w[:, None] * (y - mean[g]) / wsum[g][:, None]
        clusters = pd.DataFrame(resid).groupby([g, cluster]).sum()
        m = clusters.groupby(level=0).size().reindex(range(n_groups)).to_numpy(float)
        ss = (clusters**2).groupby(level=0).sum().reindex(range(n_groups)).to_numpy()
        se = np.sqrt(np.where(m[:, None] > 1, m[:, None] / (m[:, None] - 1), np.nan) * ss)
        # t on m - 1 degrees of freedom (m the workers in effect): with few workers a
        # normal z is far too narrow
        m_eff = _workers_in_effect(w, g, cluster, n_groups)
        q = t_ppf(0.5 + level / 2, np.where((m > 1) & (m_eff > 1), m_eff - 1, np.nan))[:, None]
        return {
            "units": np.bincount(g, minlength=n_groups),
            "mean_min": mean,
            "se": se,
            "ci_low": np.clip(mean - q * se, 0, None),
            "ci_high": mean + q * se,
            "participation": part / wsum[:, None],
            "mean_participants_min": sums / part,
            "share_of_time": mean / mean[:, -1:],
        }


def _workers_in_effect(w, g, cluster, n_groups) -> np.ndarray:
    """Kish's effective number of workers (clusters) in each group, ``(sum w)^2 / sum
    w^2`` over each worker's weight (the mean of its units'), scaled by the largest first
    so that equal weights give the head count exactly.

    Examples
    --------
    Three workers weighted 1, 1 and 4: 36 / 18 = 2; a second group of two weighted 3.

    >>> _workers_in_effect(np.array([1.0, 1, 4, 3, 3]), np.array([0, 0, 0, 1, 1]),
    ...                    np.array([0, 1, 2, 3, 4]), 2).tolist()
    [2.0, 2.0]
    """
    per = pd.Series(np.asarray(w, float)).groupby([np.asarray(g), np.asarray(cluster)]).mean()
    top = per.groupby(level=0).transform("max")
    r = (per / top.where(top > 0)).fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = r.groupby(level=0).sum() ** 2 / (r**2).groupby(level=0).sum()
    return n.reindex(range(n_groups)).to_numpy(float)


def _long_table(est, labels: pd.Index, group_keys, groups: list[str]) -> pd.DataFrame:
    n_groups, n_cols = est["mean_min"].shape
    by_names = list(labels.names)
    label_rows = [v if isinstance(v, tuple) else (v,) for v in labels]
    label_rows.append((ALL,) + ("",) * (len(by_names) - 1))
    gi = np.repeat(np.arange(n_groups), n_cols)
    li = np.tile(np.arange(n_cols), n_groups)
    out = pd.DataFrame([label_rows[i] for i in li], columns=by_names)
    if groups:
        keys = [v if isinstance(v, tuple) else (v,) for v in group_keys]
        out = pd.concat([pd.DataFrame([keys[i] for i in gi], columns=groups), out], axis=1)
    out.insert(len(groups) + len(by_names), "units", est["units"][gi])
    out.insert(len(groups) + len(by_names) + 1, "workers", est["workers"][gi])
    for name, values in est.items():
        if name not in ("units", "workers"):
            out[name] = values[gi, li]
    return out
