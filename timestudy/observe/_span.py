"""The time observed: a session from its start to its end, quiet stretches included.

Observation studies give rates per hour of observation, the hours observers were
with the people observed (WOMBAT: Westbrook JI et al. 2010, The impact of interruptions
on clinical task completion, Qual Saf Health Care 19:284-289; Kosits LM, Jones K 2011,
J Emerg Nurs 37:3-8: 200 interruptions in 60 hours of observation, 3.3 an hour): a
stretch of a session in which the observer recorded no task is still time observed. Where the episodes carry
the session's clock times (``session_start`` and ``session_end``, as
:func:`timestudy.read_diary` keeps them from a WOMBAT export), the observed time of a
stream is the union of its episodes (counted as ingest counted them) plus its *quiet*
time: the wall-clock part of its session span that no episode covers. Where they are
absent, blank, equal, or not one value within the session (a session without a
recorded end), the observed time stays the union of the episodes, as before.

The span starts at ``session_start`` on the day nearest the stream's first episode
(a session from 23:00 whose first task is at 00:10 started the evening before) and
lasts ``session_end - session_start`` (past midnight when the end is earlier).

Time is counted once per person (``participant_key``, else the worker): quiet time of
one session that another session of the same person covers (with an episode, or with
a span of a session that started earlier, as
:func:`~timestudy.observe.pairing.counted_once` keeps the shared time from the
session that started first, its span included) is not counted again. Quiet time is
read on the wall clock: across a clock change it is the clock's. Only streams that
keep an episode have a span of their own: a paired session all of whose tasks fall in
the time counted from the other session is left out, and
:func:`~timestudy.observe.pairing.counted_once` gives its span to the session that
kept its time, so the union of the sessions' time is observed, each minute once.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.observe._timeline import US_PER_MIN, prepare, trim

US_PER_DAY = 86_400 * 1_000_000


def person_column(episodes, worker: str) -> str:
    """The column naming the person observed: ``participant_key`` (a WOMBAT participant id at
    its site, when workers are participants within a session) for the default ``worker_id``.

    Examples
    --------
    >>> person_column(pd.DataFrame({"worker_id": ["20010/P1"], "participant_key": ["QEH/P1"]}),
    ...               "worker_id")
    'participant_key'
    """
    if worker == "worker_id" and isinstance(episodes, pd.DataFrame) and (
        "participant_key" in episodes.columns
    ):
        return "participant_key"
    return worker


def _clock_us(values: pd.Series) -> np.ndarray:
    """``HH:MM`` or ``HH:MM:SS`` text as microseconds after midnight (NaN otherwise)."""
    code, uniq = pd.factorize(values.astype("string"))  # a session's value on every row
    parts = pd.Series(uniq, dtype="string").str.strip().str.extract(
        r"^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$"
    )
    h, m = (pd.to_numeric(parts[i], errors="coerce") for i in (0, 1))
    s = pd.to_numeric(parts[2], errors="coerce").fillna(0.0)
    out = (((h * 60 + m) * 60 + s) * 1_000_000).mask((h > 23) | (m > 59) | (s >= 60))
    return np.append(out.to_numpy(float), np.nan)[code]  # code -1 (missing): NaN


def _least_most(values: np.ndarray, group: np.ndarray, n: int):
    """Per group of ``n``: the least and the most of the values that are not NaN (NaN where
    none is), and how many are not NaN.

    Examples
    --------
    >>> _least_most(np.array([3.0, np.nan, 1.0, np.nan]), np.array([0, 0, 0, 1]), 2)
    (array([ 1., nan]), array([ 3., nan]), array([2, 0]))
    """
    low, high = np.full(n, np.inf), np.full(n, -np.inf)
    np.fmin.at(low, group, values)
    np.fmax.at(high, group, values)
    count = np.bincount(group[~np.isnan(values)], minlength=n)
    none = count == 0
    low[none], high[none] = np.nan, np.nan
    return low, high, count


def session_spans(p) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each stream's session span ``[lo, hi)`` in wall-clock microseconds, and which are known.

    Examples
    --------
    >>> from timestudy.observe._timeline import prepare
    >>> eps = pd.DataFrame({"worker_id": "W1", "session_id": "S1", "category": "notes",
    ...     "start": pd.to_datetime(["2026-03-10 00:10"]), "end": pd.to_datetime(["2026-03-10 00:40"]),
    ...     "session_start": "23:00:00", "session_end": "01:00:00"})
    >>> lo, hi, known = session_spans(prepare(eps, by="category"))
    >>> pd.to_datetime(lo.astype("datetime64[us]")).strftime("%d %H:%M").tolist(), known.tolist()
    (['09 23:00'], [True])
    """
    n = len(p.streams)
    lo, hi, known = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool)
    frame = p.frame
    if n == 0 or "session_start" not in frame or "session_end" not in frame:
        return lo, hi, known
    rows = np.bincount(p.stream, minlength=n)
    one, ends = np.ones(n, bool), []
    for c in ("session_start", "session_end"):  # one value within the session, on every episode
        low, high, count = _least_most(_clock_us(frame[c]), p.stream, n)
        one &= (high == low) & (count == rows)
        ends.append(low)
    s0, e0 = ends
    known = one & np.isfinite(s0) & np.isfinite(e0) & (s0 != e0)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, p.stream, p.start)
    s0, e0 = np.nan_to_num(s0).astype(np.int64), np.nan_to_num(e0).astype(np.int64)
    day = first // US_PER_DAY * US_PER_DAY
    candidates = day[:, None] + s0[:, None] + np.array([-1, 0, 1]) * US_PER_DAY
    pick = np.abs(candidates - first[:, None]).argmin(axis=1)
    lo = np.where(known, candidates[np.arange(n), pick], 0)
    hi = np.where(known, lo + (e0 - s0) % US_PER_DAY, 0)
    return lo, hi, known


def episode_spans(episodes: pd.DataFrame, worker: str, session: str
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each episode's session span ``[lo, hi)`` (:func:`session_spans`, wall-clock
    microseconds), and whether it is known (``lo`` and ``hi`` are 0 where not).

    Examples
    --------
    >>> t = pd.to_datetime(["2026-03-09 10:20", "2026-03-09 10:30"])
    >>> eps = pd.DataFrame({"worker_id": "W1", "session_id": ["S1", "S2"], "start": t,
    ...     "end": t + pd.Timedelta("10min"), "session_start": ["09:00", ""],
    ...     "session_end": ["12:00", ""]})
    >>> lo, hi, known = episode_spans(eps, "worker_id", "session_id")
    >>> pd.to_datetime(lo.astype("datetime64[us]")).strftime("%H:%M")[0], known.tolist()
    ('09:00', [True, False])
    """
    p = prepare(episodes, by=session, worker=worker, session=session)
    lo, hi, known = session_spans(p)
    return lo[p.stream], hi[p.stream], known[p.stream]


def clock_text(us: np.ndarray) -> np.ndarray:
    """Wall-clock microseconds as ``HH:MM:SS`` text (``HH:MM:SS.ffffff`` with a fraction),
    as :func:`session_spans` reads it.

    Examples
    --------
    >>> clock_text(np.array([9 * 3_600_000_000, 1_500_000])).tolist()
    ['09:00:00', '00:00:01.500000']
    """
    t = pd.to_datetime(np.asarray(us, np.int64).astype("datetime64[us]"))
    whole = np.asarray(us, np.int64) % 1_000_000 == 0
    return np.where(whole, t.strftime("%H:%M:%S"), t.strftime("%H:%M:%S.%f")).astype(object)


def session_extents(episodes, worker, session, code, start, end) -> pd.DataFrame:
    """Per session code: ``lo`` and ``hi``, the time its observer was there (its span and
    its episodes, or its episodes only where the span is unknown), the span alone
    (``span_lo``, ``span_hi``) and whether it is ``known``."""
    span_lo, span_hi, known = episode_spans(episodes, worker, session)
    frame = pd.DataFrame({
        "lo": np.where(known, np.minimum(span_lo, start), start),
        "hi": np.where(known, np.maximum(span_hi, end), end),
        "span_lo": span_lo, "span_hi": span_hi, "known": known,
    })
    return frame.groupby(code).agg(lo=("lo", "min"), hi=("hi", "max"), span_lo=("span_lo", "min"),
                                   span_hi=("span_hi", "max"), known=("known", "all"))


def spans_handed_over(kept, kept_code, windows, rank, spans) -> pd.DataFrame:
    """The episodes kept, the span of each session left without an episode given to the
    session that kept its time (the first of a chain that still has episodes).

    The receiving session's ``session_start`` and ``session_end`` become the hull of its
    span and the spans it receives, so that the quiet time of a session whose tasks all
    fell in another's counted time is still observed time. Where the spans do not make
    one stretch, none is given and a :class:`~timestudy.errors.DataQualityWarning` says so.
    """
    n = len(rank)
    has_rows = np.zeros(n, bool)
    has_rows[kept_code] = True
    lost = np.flatnonzero(~has_rows & spans["known"].to_numpy())
    if not len(lost) or "session_start" not in kept or "session_end" not in kept:
        return kept
    first = windows.assign(r=rank[windows["winner"]]).sort_values("r").drop_duplicates("code")
    best = np.arange(n)
    best[first["code"].to_numpy()] = first["winner"].to_numpy()
    target = best[lost]
    while not has_rows[target].all():  # a session that loses no window keeps its episodes
        target = np.where(has_rows[target], target, best[target])
    own = np.unique(target)
    own = own[spans["known"].to_numpy()[own]]
    s_lo, s_hi = spans["span_lo"].to_numpy(), spans["span_hi"].to_numpy()
    iv = pd.DataFrame({"to": np.concatenate([target, own]),
                       "lo": np.concatenate([s_lo[lost], s_lo[own]]),
                       "hi": np.concatenate([s_hi[lost], s_hi[own]])}).sort_values(["to", "lo"])
    reach = iv.groupby("to")["hi"].cummax().groupby(iv["to"]).shift()
    broken = (iv["lo"] > reach).groupby(iv["to"]).any()
    hull = iv.groupby("to").agg(lo=("lo", "min"), hi=("hi", "max"))[~broken]
    if broken.any():
        warnings.warn(
            f"{int(broken.sum())} paired session(s) had every task in the time counted from "
            "another session but a span (session_start to session_end) apart from that "
            "session's: their quiet time is not counted as observed; check those sessions' "
            "start and end times",
            DataQualityWarning, stacklevel=3,
        )
    at = pd.Index(hull.index).get_indexer(kept_code)
    mine = at >= 0
    out = kept.copy()
    for column, value in (("session_start", hull["lo"]), ("session_end", hull["hi"])):
        text = out[column].to_numpy(object).copy()
        text[mine] = clock_text(value.to_numpy()[at[mine]])
        out[column] = text
    return out


def quiet_minutes(p, worker: str = "worker_id") -> np.ndarray:
    """Minutes of each stream's session span that no episode, and no earlier session of
    the same person, covers (zero where the span is unknown).

    Two streams of one person (``participant_key`` for the default ``worker``, else
    ``worker``: :func:`~timestudy.observe.pairing.person_column`) count their time once.

    Examples
    --------
    A session 09:00-11:00 with tasks 09:00-09:30 and 10:30-11:00: an hour is quiet.

    >>> from timestudy.observe._timeline import prepare
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:30"])
    >>> eps = pd.DataFrame({"worker_id": "W1", "session_id": "S1", "category": "notes",
    ...     "start": t, "end": t + pd.Timedelta("30min"),
    ...     "session_start": "09:00:00", "session_end": "11:00:00"})
    >>> quiet_minutes(prepare(eps, by="category")).tolist()
    [60.0]
    """
    lo, hi, known = session_spans(p)
    n = len(p.streams)
    if not known.any():
        return np.zeros(n)
    column = person_column(p.frame, worker)
    column = column if column in p.frame else p.streams.columns[0]
    text = p.frame[column].astype("string").fillna("").to_numpy(object)
    who = pd.factorize(text)[0]
    owner = np.zeros(n, np.int64)
    owner[p.stream] = who  # a stream's person (the last of its episodes': one person)
    # rank of the streams: earlier first start, then later end (as counted_once)
    first = np.where(known, np.minimum(lo, _per_stream(p, p.start, np.minimum)), 0)
    last = np.where(known, np.maximum(hi, _per_stream(p, p.end, np.maximum)), 0)
    rank = np.empty(n, np.int64)  # streams are numbered in order of (worker, session) ids
    rank[np.lexsort((np.arange(n), -last, first))] = np.arange(n)
    mine = np.flatnonzero(known)
    # what covers each known span: every episode of the same person ...
    span_lo, span_hi = lo[mine], hi[mine]
    at, ep = same_key(owner[mine], who)
    # ... and the spans of that person's sessions ranked before it
    at2, other = same_key(owner[mine], owner[mine])
    ahead = rank[mine[other]] < rank[mine[at2]]
    at2, other = at2[ahead], other[ahead]
    k = np.concatenate([mine[at], mine[at2]])
    c_lo, c_hi = np.concatenate([span_lo[at], span_lo[at2]]), np.concatenate([span_hi[at],
                                                                              span_hi[at2]])
    cs = np.clip(np.concatenate([p.start[ep], span_lo[other]]), c_lo, c_hi)
    ce = np.clip(np.concatenate([p.end[ep], span_hi[other]]), c_lo, c_hi)
    kept = np.minimum(trim(k, cs, ce, n), ce) if len(k) else ce
    covered = np.bincount(k, (ce - kept).astype(float), n)
    return np.where(known, (hi - lo) - covered, 0.0) / US_PER_MIN


def same_key(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of a row of ``left`` and a row of ``right`` with the same key (an inner
    join of two arrays of integer keys), by left row.

    Examples
    --------
    >>> a, b = same_key(np.array([1, 2, 1]), np.array([1, 1, 3]))
    >>> list(zip(a.tolist(), b.tolist()))
    [(0, 0), (0, 1), (2, 0), (2, 1)]
    """
    order = np.argsort(right, kind="stable")
    sorted_right = right[order]
    begin = np.searchsorted(sorted_right, left, "left")
    count = np.searchsorted(sorted_right, left, "right") - begin
    a = np.repeat(np.arange(len(left)), count)
    step = np.arange(len(a)) - np.repeat(np.cumsum(count) - count, count)
    return a, order[np.repeat(begin, count) + step]


def _per_stream(p, values: np.ndarray, how) -> np.ndarray:
    n = len(p.streams)
    out = np.full(n, np.iinfo(np.int64).max if how is np.minimum else np.iinfo(np.int64).min)
    how.at(out, p.stream, values)
    return out
