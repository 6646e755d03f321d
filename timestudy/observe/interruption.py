"""Interruptions: how often work is interrupted, how many tasks are, and how long tasks last.

Two sources, one per study, chosen by ``method``:

``"recorded"`` (also ``"field"``)
    An observer's record of the interruption: a non-blank ``interrupted_by``
    (WOMBAT's *Interrupted By*) marks a task that was interrupted, by the
    source(s) named (several separated by ``;`` count once each). The task is
    *resumed* when the same task (same ``task`` columns) is recorded again in the
    same stream within ``resume_within`` minutes of the interrupted part's end;
    the resumed parts form one task.
``"sequence"``
    Derived from the order of episodes: a task that stops for another and is
    taken up again (same ``task`` columns, same stream, within
    ``resume_within`` minutes) was interrupted once for each such return. These
    are task switches with a return, an upper bound on true interruptions; a
    task never resumed cannot be told from a finished one, so the share never
    resumed is not available.

``"auto"`` is ``"recorded"`` when the episodes have an ``interrupted_by`` column, whatever
its values, else ``"sequence"``: a rule on the layout, never on which values happen to be
filled, so two files of one study never get different methods. ``"recorded"`` without
the column is refused, never silently switched.

Parts of one task are the rows with the same ``task_id`` when the episodes have one
(WOMBAT's task ids: an interrupted task read as its active fragments), else the same
``task`` columns. Fragments of one recorded task id are one task whatever the pause
between them (the export records the resumption: a 40-minute meeting inside a note is
one note, resumed); ``resume_within`` bounds only a resumption that is inferred (the
same ``task`` columns recorded again). Where ``interrupted_by`` names a task id (WOMBAT),
the interruption's source is that task's label (its ``by`` columns), so the sources
table says where interruptions come from.

A *task* is a chain of parts linked by resumptions. *Time on task* is the sum of
its parts' own minutes (``duration_min``, the source's duration or the true elapsed
time; the interruption excluded: where the interrupted task is one row around the
interruption it names by task id, a layout without pause columns, the interruption's own
minutes are taken off, and the task was resumed if the row runs on after it). Rates are per hour of observed time, counted once:
the union of the stream's episodes, at the minutes ingest counted (``counted_min``,
see :mod:`timestudy.observe._counted`), plus, where the episodes carry their session's
clock times (``session_start``, ``session_end``: WOMBAT), the rest of the session,
observed with no task recorded (:mod:`timestudy.observe._span`). A label's rate is per
hour of that label's own time. Order, gaps, ``resume_within``, a task's
``start``, ``end`` and ``elapsed_min`` and the resumption lags are read on the wall
clock, so ``elapsed_min`` across a clock change is the clock's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._counted import own_minutes
from timestudy.observe._interruption_tables import (
    durations_table,
    field_counts,
    held_minutes,
    label_table,
    source_labels,
    sources_table,
    stream_table,
)
from timestudy.observe._once import one_session_at_a_time
from timestudy.observe._result import ObservationResult
from timestudy.observe._span import person_column, quiet_minutes
from timestudy.observe._timeline import (
    US_PER_MIN,
    codes_of,
    label_names,
    need_columns,
    prepare,
    work_streams,
)

__all__ = ["Interruptions", "interruptions", "LENGTH_BIAS_NOTE"]

Method = Literal["auto", "recorded", "field", "sequence"]

LENGTH_BIAS_NOTE = (
    "Length-biased sampling: a long task has more time in which to be interrupted, so "
    "interrupted tasks last longer on average even if interruptions change nothing. Compare "
    "interruptions per hour, or model the time to the first interruption with task length as "
    "exposure, rather than the mean durations of interrupted and uninterrupted tasks."
)


@dataclass(frozen=True, repr=False)
class Interruptions(ObservationResult):
    """Interruption rates, shares of tasks interrupted and time on task.

    Attributes
    ----------
    method : str
        ``"field"`` or ``"sequence"`` (see the module notes).
    by : list of str
        The label columns.
    table : DataFrame
        One row per label, then ``all``: ``tasks``, ``interrupted_tasks``,
        ``share_interrupted``, ``interruptions``, ``hours`` (observed, counted
        once; for ``all`` the sessions' quiet time included), ``interruptions_per_hour``, ``share_never_resumed`` (of the
        interrupted tasks; NaN with ``"sequence"``), ``mean_task_min`` and
        ``median_task_min`` (time on task).
    durations : DataFrame
        Time on task of ``interrupted`` and ``uninterrupted`` tasks: ``tasks``,
        ``mean_min``, ``median_min``, ``q25_min``, ``q75_min``; read with ``note``.
    by_stream : DataFrame
        Per worker (and session): ``hours``, ``tasks``, ``interruptions``,
        ``interruptions_per_hour``, ``share_interrupted``.
    sources : DataFrame
        Interruptions by source (the ``interrupted_by`` values, the interrupting task's
        label where a value is a task id, or with ``"sequence"`` the label of the task
        switched to): ``interruptions``, ``share``.
    tasks : DataFrame
        One row per task: stream and label columns, ``start``, ``end``, ``parts``,
        ``task_min``, ``elapsed_min``, ``interruptions``, ``never_resumed``.
    resumption_lag_min : ndarray
        Minutes from each interrupted part's end to the resumed part's start.
    note : str
        The length-biased-sampling caveat and the method's definitions.

    Examples
    --------
    Case notes interrupted by a call and resumed: one interrupted task.

    >>> import pandas as pd
    >>> from timestudy import interruptions
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:20", "2026-03-09 09:25"])
    >>> eps = pd.DataFrame({"worker_id": "A", "start": t,
    ...     "end": t + pd.to_timedelta([20, 5, 20], unit="min"),
    ...     "activity": ["notes", "call", "notes"], "category": ["recording", "admin", "recording"],
    ...     "interrupted_by": ["phone", None, None]})
    >>> r = interruptions(eps)
    >>> r.method, int(r.table.loc["all", "interrupted_tasks"]), r.sources.index.tolist()
    ('field', 1, ['phone'])
    """

    method: str
    by: list
    table: pd.DataFrame
    durations: pd.DataFrame
    by_stream: pd.DataFrame
    sources: pd.DataFrame
    tasks: pd.DataFrame
    resumption_lag_min: np.ndarray
    note: str

    title = "Interruptions"

    @property
    def per_hour(self) -> float:
        """Interruptions per observed hour, all labels."""
        return float(self.table["interruptions_per_hour"].iloc[-1])

    def summary(self) -> pd.DataFrame:
        """The by-label table with its ``all`` row."""
        return self.table.copy()

    def to_frame(self) -> pd.DataFrame:
        """One row per task (see ``tasks``)."""
        return self.tasks.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "interruptions": self.table,
            "interruptions_durations": self.durations,
            "interruptions_by_stream": self.by_stream,
            "interruptions_sources": self.sources,
        }

    def plot(self, ax=None, kind: Literal["rate", "durations"] = "rate"):
        """Interruptions per hour by label (``"rate"``), or time on task by status (``"durations"``).

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.interruption_rate_plot` and
            :func:`~timestudy.plots.time_on_task_plot`.
        """
        from timestudy.plots import interruption_rate_plot, time_on_task_plot

        if kind == "durations":
            return time_on_task_plot(self.tasks, ax=ax)
        if kind != "rate":
            raise TimestudyError(f"`kind` must be 'rate' or 'durations', not {kind!r}")
        return interruption_rate_plot(self.table.iloc[:-1], overall=self.per_hour, by=self.by,
                                      method=self.method, ax=ax)


def choose_method(episodes: pd.DataFrame, method: str, column: str = "interrupted_by") -> str:
    """``"field"`` (recorded) or ``"sequence"`` for ``episodes`` (see the module notes).

    Examples
    --------
    >>> choose_method(pd.DataFrame({"interrupted_by": [None]}), "auto")
    'field'
    >>> choose_method(pd.DataFrame({"activity": ["x"]}), "auto")
    'sequence'
    """
    if method not in ("auto", "recorded", "field", "sequence"):
        raise TimestudyError(
            f"`method` must be 'auto', 'recorded' or 'sequence', not {method!r}")
    if method in ("field", "recorded"):
        need_columns(episodes, [column], "the export records no interruptions: use "
                     "method='sequence' (--interruptions sequence) to derive them")
        return "field"
    if method == "auto":
        return "field" if column in episodes.columns else "sequence"
    return method


_choose_method = choose_method


def _task_columns(episodes: pd.DataFrame, task, by_cols: list[str]) -> list[str]:
    if task != "auto":
        cols = [task] if isinstance(task, str) else list(task)
        need_columns(episodes, cols, "pass task=<the columns that identify the same task>")
        return cols
    if "task_id" in episodes and episodes["task_id"].notna().all():
        return ["task_id"]
    cols = [c for c in ("activity", "case_id") if c in episodes and episodes[c].notna().any()]
    return cols or by_cols


def interruptions(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    method: Method = "auto",
    task: str | Sequence[str] = "auto",
    resume_within: float | None = 30.0,
    interrupted_by: str = "interrupted_by",
    worker: str = "worker_id",
    session: str | None = "auto",
    day_start: str | float = "04:00",
) -> Interruptions:
    """Interruptions per hour, share of tasks interrupted and never resumed, time on task.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, ``worker`` and the ``by`` columns.
    by : str or list of str
        Label columns for the by-label table.
    method : {"auto", "recorded", "sequence"}
        Where interruptions come from (module notes); ``"auto"`` uses the record
        when the episodes have an ``interrupted_by`` column, else the sequence.
    task : str or list of str
        Columns that make two records the same task; ``"auto"`` uses ``task_id``
        when every episode has one, else ``activity`` and ``case_id`` (those present),
        else ``by``.
    resume_within : float or None
        Most minutes between an interrupted part's end and the resumed part's
        start where the resumption is inferred; ``None`` for no limit within the
        stream. Fragments of one recorded ``task_id`` are one task whatever the pause.
    interrupted_by : str
        The observer's interruption column.
    worker, session : str
        Columns of one observed stream (see :func:`multitasking`). Without a
        session, a stream is a worker's diary day starting at ``day_start``, not
        cut there while work goes on (:func:`~timestudy.observe._timeline.work_streams`:
        a new stream needs a gap of over 60 minutes across the day's start).
    day_start : str or float
        Start of the diary day (``"04:00"``, or hours) for streams without a session.

    Returns
    -------
    Interruptions

    Examples
    --------
    Case notes 09:00-09:20, interrupted by a phone call 09:20-09:25, resumed
    09:25-09:45: one task of 40 minutes with one interruption, one task (the
    call) without; 0.75 hours observed, so 1 / 0.75 = 1.33 interruptions an hour.

    >>> import pandas as pd
    >>> from timestudy import interruptions
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:20", "2026-03-09 09:25"])
    >>> eps = pd.DataFrame({"worker_id": "A", "start": t,
    ...     "end": t + pd.to_timedelta([20, 5, 20], unit="min"),
    ...     "activity": ["notes", "call", "notes"], "category": ["recording", "admin", "recording"],
    ...     "interrupted_by": ["phone", None, None]})
    >>> r = interruptions(eps)
    >>> r.table.loc["all", ["tasks", "interruptions", "share_interrupted"]].tolist()
    [2.0, 1.0, 0.5]
    >>> round(r.per_hour, 2), r.tasks["task_min"].tolist()
    (1.33, [40.0, 5.0])
    """
    episodes = one_session_at_a_time(episodes, worker, session)  # as observation_study
    p = prepare(episodes, by=by, worker=worker, session=session)
    method = _choose_method(episodes, method, interrupted_by)
    if resume_within is not None and not resume_within >= 0:
        raise TimestudyError(
            f"`resume_within` must be 0 or more minutes, or None, not {resume_within}"
        )
    by_cols = list(p.labels.names)
    stream = work_streams(p, day_start)  # a session, else a worker's day not cut mid-work
    task_cols = _task_columns(episodes, task, by_cols)
    recorded_tasks = task_cols == ["task_id"]
    key = codes_of(episodes, task_cols)[0]
    n = len(key)
    pos = np.empty(n, np.int64)
    pos[np.lexsort((p.end, p.start, stream))] = np.arange(n)
    order = np.lexsort((pos, key, stream))  # parts of each task together, in time order
    prev, cur = order[:-1], order[1:]
    same = (stream[prev] == stream[cur]) & (key[prev] == key[cur])
    gap = (p.start[cur] - p.end[prev]) / US_PER_MIN
    # Fragments of one recorded task (its task id) are one task whatever the pause: the
    # export records the resumption. resume_within only bounds a resumption inferred.
    limit = np.inf if resume_within is None or recorded_tasks else resume_within
    in_time = same & (gap <= limit)
    adjacent = pos[cur] == pos[prev] + 1
    if method == "field":
        counts, named, named_at = field_counts(episodes, interrupted_by)
        link = in_time if recorded_tasks else in_time & (counts[prev] > 0)
        sources = source_labels(p, episodes, named, named_at)
        who = named_at
        held = held_minutes(p, episodes, named, named_at)
    else:
        held = (np.zeros(n), np.zeros(n, np.int64), 0)
        counts = np.zeros(n, np.int64)
        link = in_time
        counts[prev[link & ~adjacent]] = 1
        after = np.empty(n, np.int64)  # the episode that came next in the stream
        after[pos] = np.arange(n)
        who = prev[link & ~adjacent]
        nxt = after[np.minimum(pos[who] + 1, n - 1)]
        sources = pd.Series(
            np.asarray(label_names(p.labels), dtype=object)[p.label[nxt]], dtype=object
        )
    lag = gap[link & (counts[prev] > 0)]
    chain = np.empty(n, np.int64)
    chain[order] = np.cumsum(np.concatenate([[True], ~link])) - 1
    person = person_column(episodes, worker)
    tasks = _tasks(p, stream, chain, counts, order, method, episodes[person].to_numpy(), held)
    quiet = quiet_minutes(p, worker)  # observed, no task recorded
    return Interruptions(
        method=method,
        by=by_cols,
        table=label_table(p, tasks, method, quiet),
        durations=durations_table(tasks),
        by_stream=stream_table(p, tasks, quiet),
        sources=sources_table(sources, episodes[person].to_numpy()[who]),
        tasks=tasks.drop(columns=["_label", "_stream", "_person"]),
        resumption_lag_min=lag,
        note=_note(method, resume_within, task_cols) + _held_note(held[2]),
    )


def _tasks(p, stream, chain, counts, order, method, who, held) -> pd.DataFrame:
    n_chains = int(chain.max()) + 1 if len(chain) else 0
    first = order[np.concatenate([[True], chain[order][1:] != chain[order][:-1]])]
    last = order[np.concatenate([chain[order][1:] != chain[order][:-1], [True]])]
    parts = np.bincount(chain, minlength=n_chains)
    n_int = np.bincount(chain, counts, n_chains).astype(np.int64)
    start = np.full(n_chains, np.iinfo(np.int64).max)
    np.minimum.at(start, chain, p.start)
    end = np.full(n_chains, np.iinfo(np.int64).min)
    np.maximum.at(end, chain, p.end)
    out = p.streams.iloc[p.stream[first]].reset_index(drop=True)
    labels = p.labels[p.label[first]]
    label_frame = (
        labels.to_frame(index=False)
        if labels.nlevels > 1
        else labels.to_frame().reset_index(drop=True)
    )
    out = pd.concat([out, label_frame], axis=1)
    out["start"] = pd.to_datetime(start.astype("datetime64[us]"))
    out["end"] = pd.to_datetime(end.astype("datetime64[us]"))
    out["parts"] = parts
    own = np.clip(own_minutes(p.frame, p.start, p.end) - held[0], 0, None)
    out["task_min"] = np.bincount(chain, own, n_chains)
    out["elapsed_min"] = (end - start) / US_PER_MIN
    out["interruptions"] = n_int
    never = pd.array(counts[last] > held[1][last], dtype="boolean")
    never[(n_int == 0) | (method != "field")] = pd.NA
    out["never_resumed"] = never
    out["_label"] = p.label[first]
    out["_stream"] = p.stream[first]
    out["_person"] = who[first]
    return out.sort_values(["_stream", "start"], kind="stable").reset_index(drop=True)


def _held_note(rows: int) -> str:
    if not rows:
        return ""
    return (f" {rows} interrupted row(s) ran around the interruption they name (no pause "
            "columns): its minutes are left out of their time on task, and the task was "
            "resumed where the row runs on after it.")


def _note(method: str, resume_within: float | None, task_cols: list[str]) -> str:
    window = "at any later time" if resume_within is None else f"within {resume_within:g} minutes"
    same = " and ".join(f"`{c}`" for c in task_cols)
    if method == "field" and task_cols == ["task_id"]:
        rule = (
            "The parts of a task are the fragments recorded under one `task_id`, whatever the "
            "pause between them (the export records the resumption); never resumed means the "
            "task's last part was interrupted. Sources are the interrupting tasks' labels."
        )
    elif method == "field":
        rule = (
            f"A task is resumed when the same {same} is recorded again in the stream {window}; "
            "never resumed means it was not."
        )
        if "case_id" not in task_cols:
            rule += (
                " Without a case (or another column telling tasks apart, passed as task=), a new "
                "task of the same kind soon after counts as a resumption, so the share never "
                "resumed is a lower bound."
            )
    else:
        rule = (
            f"Interruptions were derived from the sequence: a return to the same {same} {window} "
            "after other work. These are task switches with a return, an upper bound on true "
            "interruptions; a task never resumed cannot be told from a finished one."
        )
    return f"{LENGTH_BIAS_NOTE} {rule}"
