"""Paired observation sessions: two observers shadowing the same worker at the same time.

Inter-observer reliability needs the stretches of time two observers both
recorded of one worker. Sessions are paired when they belong to the same worker,
are by different observers and overlap in time (``pair_by="session"``), or when
a column the study kept for the purpose links them (``pair_by=<column>``). The
*common window* of a pair is the time both sessions cover, on the wall clock
(``common_min`` is the clock's span: across a clock change it is not the true one).

Which session of a pair is *a* never depends on observer ids, so relabelling the
observers changes no figure: *a* is the session whose episodes start first, then
the one whose episodes end later (as :func:`counted_once`, which also counts the
sessions' spans), then the lower session id, then the one whose episodes' times come
first. Only two sessions with the same
clock span, session id and episode times (so the same times to compare) fall
back on the observer ids. With ``other=`` (:func:`combine_observers`) the caller
says which is which: *a* is always the first table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.observe._span import person_column, session_extents, spans_handed_over
from timestudy.observe._timeline import US_PER_MIN, check_frame, codes_of, need_columns, prepare

__all__ = ["combine_observers", "joint_sessions", "paired_sessions", "person_column",
           "session_pairs"]


def paired_sessions(
    episodes: pd.DataFrame,
    *,
    pair_by: str = "session",
    observer: str = "observer",
    session: str = "session_id",
    worker: str = "worker_id",
) -> pd.DataFrame:
    """Pairs of sessions by different observers of the same worker that overlap in time.

    Parameters
    ----------
    pair_by : str
        ``"session"`` pairs any two sessions of the same worker, by different
        observers, that overlap in time; any other value names a column whose
        value links the sessions of a pair (only sessions sharing it are paired).

    Returns
    -------
    DataFrame
        ``pair``, ``worker``, ``session_a``, ``session_b``, ``observer_a``,
        ``observer_b``, ``start``, ``end`` (the common window) and ``common_min``.
        Empty when there is no pair.

    Examples
    --------
    Two observers shadow W1, one from 09:00 to 10:00, the other from 09:15 to 10:30:

    >>> import pandas as pd
    >>> from timestudy.observe import paired_sessions
    >>> eps = pd.DataFrame({"worker_id": "W1", "observer": ["O1", "O2"],
    ...     "session_id": ["S1", "S2"], "category": "recording",
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:15"]),
    ...     "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-09 10:30"])})
    >>> paired_sessions(eps)[["session_a", "session_b", "common_min"]].to_dict("records")
    [{'session_a': 'S1', 'session_b': 'S2', 'common_min': 45.0}]
    """
    worker = person_column(episodes, worker)
    return session_pairs(episodes, pair_by, observer, session, worker)[0]


def session_pairs(episodes, pair_by, observer, session, worker, given: bool = False):
    """The pairs table, each episode's session code, and the two sessions' codes per pair.

    ``given``: the observers are ``A`` and ``B`` of :func:`combine_observers`, and
    session *a* is A's; else *a* is the earlier session (module notes).
    """
    sessions, code = _sessions(episodes, pair_by, observer, session, worker)
    table, code_a, code_b = _pairs_of(sessions, given)
    return table, code, code_a, code_b


def _order(sessions: pd.DataFrame) -> np.ndarray:
    """Each session's rank: earlier start, later end, lower session id, earlier episode
    times, then (only to break a tie of all these) the observer id."""
    sid = pd.factorize(sessions["session"].astype(str), sort=True)[0]
    obs = pd.factorize(sessions["observer"].astype(str), sort=True)[0]
    keys = (obs, sessions["times"].to_numpy(), sid, -sessions["hi"].to_numpy(),
            sessions["lo"].to_numpy())
    rank = np.empty(len(sessions), np.int64)
    rank[np.lexsort(keys)] = np.arange(len(sessions))
    return rank


def _pairs_of(sessions: pd.DataFrame, given: bool = False):
    """Sessions of the same worker (and link) by different observers that overlap in time,
    each pair once, its session *a* first by :func:`_order` (or A's, ``given``).

    Every two sessions of a worker (and link) are formed on the sessions' arrays, as a
    merge of the table with itself would form them, then kept and ordered as above.
    """
    link = ["link"] if "link" in sessions.columns else []
    rank = _order(sessions)
    a, b = _same_worker(sessions, ["worker", *link])
    obs = sessions["observer"].astype(str).to_numpy()
    first = obs[a] < obs[b] if given else rank[a] < rank[b]
    keep = (obs[a] != obs[b]) & first
    a, b = a[keep], b[keep]
    by_rank = np.lexsort((rank[b], rank[a]))
    a, b = a[by_rank], b[by_rank]
    lo, hi = sessions["lo"].to_numpy(), sessions["hi"].to_numpy()
    start, end = np.maximum(lo[a], lo[b]), np.minimum(hi[a], hi[b])
    overlap = end > start
    a, b, start, end = a[overlap], b[overlap], start[overlap], end[overlap]

    def column(name: str, rows: np.ndarray) -> pd.Series:
        return sessions[name].iloc[rows].reset_index(drop=True)

    out = pd.DataFrame(
        {
            "pair": np.arange(len(a)),
            "worker": column("worker", a),
            "session_a": column("session", a),
            "session_b": column("session", b),
            "observer_a": column("observer", a),
            "observer_b": column("observer", b),
            "start": pd.to_datetime(start.astype("datetime64[us]")),
            "end": pd.to_datetime(end.astype("datetime64[us]")),
            "common_min": (end - start) / US_PER_MIN,
        }
    )
    code = sessions["code"].to_numpy()
    return out, code[a], code[b]


def _same_worker(sessions: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair (rows ``a``, ``b``, itself included) of sessions with the same
    ``keys`` (the worker, and the link)."""
    group = pd.MultiIndex.from_frame(sessions[keys]).factorize()[0] if len(keys) > 1 else (
        pd.factorize(sessions[keys[0]])[0])
    rows = np.argsort(group, kind="stable")
    size = np.bincount(group)[group[rows]]  # each row's group size, rows sorted by group
    begin = np.searchsorted(group[rows], group[rows])
    a = np.repeat(rows, size)
    step = np.arange(len(a)) - np.repeat(np.cumsum(size) - size, size)
    b = rows[np.repeat(begin, size) + step]
    return a, b


def _sessions(episodes, pair_by, observer, session, worker):
    """One row per session (worker, observer, session, link, first start, last end), codes."""
    check_frame(episodes)
    need_columns(episodes, [worker, session, "start", "end"], "name them with worker=, session=")
    obs = observer if observer in episodes.columns else session
    link = [] if pair_by == "session" else [pair_by]
    if link:
        need_columns(episodes, link, "pass pair_by='session' to pair overlapping sessions")
    p = prepare(episodes, by=[obs], worker=worker, session=session)
    own = [obs] if obs != session else []  # without observers, each session is its own
    code, uniq = codes_of(episodes, [worker, *own, session, *link])
    sessions = uniq.to_frame(index=False)
    sessions.columns = [
        "worker",
        *(["observer"] if own else []),
        "session",
        *(["link"] if link else []),
    ]
    if not own:
        sessions.insert(1, "observer", sessions["session"])
    lo = np.full(len(uniq), np.iinfo(np.int64).max)  # every session has an episode
    hi = np.full(len(uniq), np.iinfo(np.int64).min)
    np.minimum.at(lo, code, p.start)
    np.maximum.at(hi, code, p.end)
    return sessions.assign(lo=lo, hi=hi, times=_times_key(p.start, p.end, code, len(uniq)),
                           code=np.arange(len(uniq))), code


def _times_key(start: np.ndarray, end: np.ndarray, code: np.ndarray, n: int) -> np.ndarray:
    """A number per session from its episodes' start and end times only (their order in
    the table and every id left out), to order two sessions of the same span."""
    h = pd.util.hash_array(start.astype(np.int64)) * np.uint64(0x9E3779B97F4A7C15)
    h ^= pd.util.hash_array(end.astype(np.int64))
    out = np.zeros(n, np.uint64)
    np.add.at(out, code, h)  # a sum: the same whatever the rows' order
    return out


def joint_sessions(episodes, pair_by, observer, session, worker):
    """Sessions grouped into joint sessions: those linked, directly or not, by pairs.

    Returns the sessions table (as :func:`_sessions`) with a ``joint`` column (the
    joint session's number, ``-1`` for a session no other observer's session is
    paired with) and each episode's session code.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    sessions, code = _sessions(episodes, pair_by, observer, session, worker)
    _, code_a, code_b = _pairs_of(sessions)
    n = len(sessions)
    graph = coo_matrix((np.ones(len(code_a)), (code_a, code_b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    paired = np.zeros(n, bool)
    paired[code_a], paired[code_b] = True, True
    # Joint sessions numbered by their first session in _order (never by observer ids, so
    # that the bootstrap draws the same joint sessions whatever the observers are called).
    rank = _order(sessions).astype(float)
    first = pd.Series(np.where(paired, rank, np.inf)).groupby(component).transform("min")
    joint = np.full(n, -1)
    joint[paired] = pd.factorize(first.to_numpy()[paired], sort=True)[0]
    return sessions.assign(joint=joint), code


def combine_observers(first, other, worker, session):
    """Two observers' episodes as one frame with ``_observer`` and ``_session`` columns."""
    parts = []
    for name, frame in (("A", first), ("B", other)):
        check_frame(frame, "episodes" if name == "A" else "other")
        need_columns(frame, [worker, "start", "end"])
        sess = (
            name + ":" + frame[session].astype("string").fillna("")
            if session in frame.columns
            else pd.Series(name, index=frame.index, dtype="string")
        )
        parts.append(frame.assign(_observer=name, _session=sess.to_numpy()))
    return pd.concat(parts, ignore_index=True)


def counted_once(
    episodes: pd.DataFrame, pairs: pd.DataFrame, worker: str, session: str
) -> tuple[pd.DataFrame, np.ndarray]:
    """The episodes with each pair's common window kept from one of its two sessions only.

    A session's time is its span (``session_start`` to ``session_end``, where known:
    :func:`~timestudy.observe._span.session_spans`) joined to its episodes, else its
    episodes' first start to last end. Of the two sessions of a pair, the time both
    cover (the common window) is kept from the one that started first (then the one
    that ended later, then the lower session id); the other keeps its time outside
    the window, its episodes clipped at the window's edges. No rule looks at observer
    ids, so relabelling them changes nothing. With three or more overlapping sessions
    each instant is kept from the first of the sessions covering it. A clipped
    episode keeps the share of its ``duration_min`` that its clipped clock time is of
    its clock time.

    A session with a known span none of whose episodes is left gives its span to the
    session that kept its time: that session's ``session_start`` and ``session_end``
    become the stretch both spans make, so its quiet minutes are still observed
    (a session 10:00-12:00 whose tasks all fall in a session 09:00-11:00 makes it
    09:00-12:00). Where the spans make no one stretch (tasks outside their own
    session's span), a :class:`~timestudy.errors.DataQualityWarning` says so.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, ``worker`` and ``session`` columns.
    pairs : DataFrame
        The pairs of :func:`paired_sessions` (``worker``, ``session_a``,
        ``session_b``, ``start``, ``end``).
    worker, session : str
        The columns naming the person observed and the session.

    Returns
    -------
    kept : DataFrame
        The episodes left, in their order (a clipped episode in place), with a new
        index.
    cut : ndarray of bool
        For each input episode, whether any of its time was left out.

    Examples
    --------
    O1 shadows W1 from 09:00 to 11:00, O2 from 10:00 to 12:00: the shared hour is
    counted once, from O1's session (it started first).

    >>> eps = pd.DataFrame({"worker_id": "W1", "observer": ["O1", "O1", "O2"],
    ...     "session_id": ["S1", "S1", "S2"], "category": ["notes", "meeting", "meeting"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 10:30"]),
    ...     "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-09 11:00", "2026-03-09 12:00"])})
    >>> kept, cut = counted_once(eps, paired_sessions(eps), "worker_id", "session_id")
    >>> kept["start"].dt.strftime("%H:%M").tolist(), cut.tolist()
    (['09:00', '10:00', '11:00'], [False, False, True])

    O3's session runs 10:00-12:00 but its one task, 10:20-10:40, is in O1's time: O3's
    last hour, which only O3 observed, is kept as O1's span.

    >>> o3 = eps.iloc[[0]].assign(observer="O3", session_id="S3", category="call",
    ...     start=pd.Timestamp("2026-03-09 10:20"), end=pd.Timestamp("2026-03-09 10:40"),
    ...     session_start="10:00", session_end="12:00")
    >>> both = pd.concat([eps.iloc[:2].assign(session_start="09:00", session_end="11:00"), o3])
    >>> kept, _ = counted_once(both, paired_sessions(both), "worker_id", "session_id")
    >>> kept[["session_id", "session_start", "session_end"]].drop_duplicates().values.tolist()
    [['S1', '09:00:00', '12:00:00']]
    """
    n = len(episodes)
    if pairs.empty or not n:
        return episodes, np.zeros(n, bool)
    key = pd.MultiIndex.from_arrays(
        [episodes[worker].astype(str).to_numpy(), episodes[session].astype(str).to_numpy()]
    )
    code, uniq = pd.factorize(key)
    start = episodes["start"].to_numpy("datetime64[us]").view("int64")
    end = episodes["end"].to_numpy("datetime64[us]").view("int64")
    spans = session_extents(episodes, worker, session, code, start, end)
    lo, hi = spans["lo"].to_numpy(), spans["hi"].to_numpy()
    sid = pd.factorize(uniq.get_level_values(1), sort=True)[0]
    rank = np.empty(len(uniq), np.int64)
    rank[np.lexsort((sid, -hi, lo))] = np.arange(len(uniq))
    people = pairs["worker"].astype(str).to_numpy()
    ia = uniq.get_indexer(pd.MultiIndex.from_arrays([people, pairs["session_a"].astype(str)]))
    ib = uniq.get_indexer(pd.MultiIndex.from_arrays([people, pairs["session_b"].astype(str)]))
    found = (ia >= 0) & (ib >= 0)
    ia, ib = ia[found], ib[found]
    windows = pd.DataFrame({
        "code": np.where(rank[ia] > rank[ib], ia, ib),
        "winner": np.where(rank[ia] > rank[ib], ib, ia),
        "lo": np.maximum(lo[ia], lo[ib]),
        "hi": np.minimum(hi[ia], hi[ib]),
    })
    keep = _outside(windows)
    row = np.arange(n)
    mine = pd.DataFrame({"code": code, "row": row}).merge(keep, on="code")
    r = mine["row"].to_numpy()
    cs = np.maximum(start[r], mine["lo"].to_numpy())
    ce = np.minimum(end[r], mine["hi"].to_numpy())
    point = (start[r] == end[r]) & (start[r] >= mine["lo"].to_numpy()) & (
        start[r] < mine["hi"].to_numpy())
    ok = (ce > cs) | point
    r, cs, ce = r[ok], cs[ok], ce[ok]
    losing = np.isin(code, windows["code"].to_numpy())
    same = np.bincount(r, minlength=n) == 1
    same[r[~((cs == start[r]) & (ce == end[r]))]] = False
    cut = losing & ~same
    kept, rows = _assembled(episodes, start, end, losing, r, cs, ce)
    return spans_handed_over(kept, code[rows], windows, rank, spans), cut


def _outside(windows: pd.DataFrame) -> pd.DataFrame:
    """Per session code, the stretches of time outside the union of its windows."""
    w = windows.sort_values(["code", "lo"], kind="stable")
    reach = w.groupby("code")["hi"].cummax()
    before = reach.groupby(w["code"]).shift()
    block = (before.isna() | (w["lo"] > before)).cumsum()
    merged = w.assign(hi=reach).groupby(block).agg(code=("code", "first"), lo=("lo", "min"),
                                                   hi=("hi", "max"))
    nxt = merged.groupby("code")["lo"].shift(-1)
    last = nxt.isna().to_numpy()
    gaps = pd.DataFrame({"code": merged["code"], "lo": merged["hi"],
                         "hi": np.where(last, np.iinfo(np.int64).max,
                                        nxt.fillna(0).to_numpy().astype(np.int64))})
    first = merged.groupby("code", as_index=False)["lo"].min().rename(columns={"lo": "hi"})
    first.insert(1, "lo", np.iinfo(np.int64).min)
    return pd.concat([first, gaps], ignore_index=True)


def _assembled(episodes, start, end, losing, r, cs, ce) -> tuple[pd.DataFrame, np.ndarray]:
    """The untouched episodes with the clipped pieces of the losing sessions', in order, and
    the input row of each."""
    stay = np.flatnonzero(~losing)
    rows = np.concatenate([stay, r])
    out = episodes.iloc[rows].reset_index(drop=True)
    new_s = np.concatenate([start[stay], cs])
    new_e = np.concatenate([end[stay], ce])
    changed = (new_s != start[rows]) | (new_e != end[rows])
    if changed.any():
        wall = (end[rows] - start[rows]).astype(float)
        share = np.divide(new_e - new_s, wall, out=np.ones(len(rows)), where=wall > 0)
        out["start"] = pd.Series(new_s.astype("datetime64[us]")).astype(out["start"].dtype)
        out["end"] = pd.Series(new_e.astype("datetime64[us]")).astype(out["end"].dtype)
        if "duration_min" in out.columns:
            dur = pd.to_numeric(out["duration_min"], errors="coerce")
            out["duration_min"] = dur.where(~changed, dur * share)
        if "counted_min" in out.columns:
            out["counted_min"] = out["counted_min"].mask(changed)
    order = np.lexsort((new_s, rows))
    return out.iloc[order].reset_index(drop=True), rows[order]

