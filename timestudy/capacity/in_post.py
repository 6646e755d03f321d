"""Who is in post on the caseload day: a worker who left is not staff to hold cases.

The workers table lists everyone who kept a diary. One who left during the study (the
workers table's ``left``: the day they left post) kept their diary for the days they
worked, and those days count in every estimate; but they hold no caseload on a
caseload day on or after leaving, so they are not FTE in post, and the gap and the
WISN ratio must not count them (audit8: a worker whose entries stop a week before the
caseload day counted 1.0 FTE in post, the gap -1.77 FTE against -2.77 without them).

Without a ``left`` date nothing can tell a leaver from a worker on leave who wrote no
entries, so :func:`stopped_early` names the workers whose diaries stop well before the
caseload day, and those in post who wrote no diary at all (audit20b: W11, 1.0 FTE holding
two cases, counted in post with no word), for the analyst to say which. Both stay in post
(a worker on leave does) until a ``left`` date says otherwise.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.co_worked import CO_JOIN, CO_WORKERS, holders_read
from timestudy.panels.co_held import case_holders
from timestudy.schema.roles import role_key

__all__ = ["in_post", "no_caseload_roles", "staff_on", "stopped_early",
           "STOPPED_EARLY_WEEKDAYS"]

#: Weekdays between a worker's last diary day and the caseload day from which
#: :func:`stopped_early` names them (a working week).
STOPPED_EARLY_WEEKDAYS = 5


def in_post(workers: pd.DataFrame | None, on) -> pd.DataFrame | None:
    """The workers in post on ``on``: those with no ``left`` date or one after it, and no
    ``joined`` date or one on or before it (``joined`` is the first day in post: a worker
    joining after the caseload day is not yet in post on it, as one who has left is no
    longer).

    Parameters
    ----------
    workers : DataFrame or None
        A workers table (:func:`timestudy.ingest.read_workers`); None is passed through.
    on : date-like
        The caseload day.

    Returns
    -------
    DataFrame or None
        The rows of the workers in post (all rows when the table has neither ``left`` nor
        ``joined``).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": [1.0, 0.8, 1.0],
    ...                   "left": pd.to_datetime([None, "2026-03-09", None]),
    ...                   "joined": pd.to_datetime([None, None, "2026-03-09"])})
    >>> in_post(w, "2026-03-13")["worker_id"].tolist()
    ['W1', 'W3']
    >>> in_post(w, "2026-03-06")["worker_id"].tolist()
    ['W1', 'W2']
    >>> in_post(w, "2026-03-09")["worker_id"].tolist()  # W3's first day, W2's leaving day
    ['W1', 'W3']
    """
    if workers is None or ("left" not in workers and "joined" not in workers):
        return workers
    day = pd.Timestamp(on)
    keep = np.ones(len(workers), bool)
    if "left" in workers:
        left = pd.to_datetime(workers["left"])
        keep &= (left.isna() | (left > day)).to_numpy(bool)
    if "joined" in workers:
        joined = pd.to_datetime(workers["joined"])
        keep &= (joined.isna() | (joined <= day)).to_numpy(bool)
    return workers.loc[keep]


def staff_on(caseload: pd.DataFrame, workers: pd.DataFrame | None, on, *, warn: bool = True
             ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The caseload and the workers in post on ``on``: a case whose listed holder has left
    by then is held by no one (unallocated: it still needs a worker's time, and the capacity
    figures count it so), not by a worker missing from the workers table. A worker whose
    ``joined`` date is after ``on`` is not in post yet (:func:`in_post`): their cases are
    held as a leaver's are.

    A co-worked case (its other holders in ``co_workers``) is read whichever way round its
    holders are written: one who has left is dropped from its holders, a co-holder still in
    post takes the first place, and the case's hours are shared equally among the holders
    in post (:func:`timestudy.capacity.holders.co_held`), so the one left holds it whole. A
    case none of whose holders is in post is held by no one. A warning says so (unless
    ``warn`` is False: a second reading of the same caseload).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["W1", "W8"], "fte": [1.0, 1.0],
    ...                   "left": pd.to_datetime([None, "2026-03-09"])})
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "worker_id": ["W1", "W8"]})
    >>> held, staff = staff_on(c, w, "2026-03-13")
    >>> held["worker_id"].tolist(), staff["worker_id"].tolist()
    (['W1', None], ['W1'])

    A co-worked case written ``'W8; W1'`` is W1's, as ``'W1; W8'`` is:

    >>> c = pd.DataFrame({"case_id": ["K"], "worker_id": ["W8"],
    ...                   "co_workers": pd.array(["W1"], dtype="string")})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     staff_on(c, w, "2026-03-13")[0].values.tolist()
    [['K', 'W1', <NA>]]
    """
    staff = in_post(workers, on)
    if staff is None or len(staff) == len(workers):
        return caseload, staff
    caseload = holders_read(caseload)  # ' W8 ' is W8: the one reading of a holder cell
    gone = set(workers["worker_id"].astype(str)) - set(staff["worker_id"].astype(str))
    caseload = _co_holders_in_post(caseload, gone, on, warn, _joining(workers, on))
    left = caseload["worker_id"].astype(str).isin(gone).to_numpy()
    if left.any():
        caseload = caseload.assign(worker_id=caseload["worker_id"].astype(object).mask(left, None))
    return caseload, staff


def _joining(workers: pd.DataFrame, on) -> dict[str, pd.Timestamp]:
    """The workers whose ``joined`` date is after ``on``, with that date."""
    if "joined" not in workers:
        return {}
    joined = pd.to_datetime(workers["joined"])
    later = (joined > pd.Timestamp(on)).to_numpy(bool)
    return dict(zip(workers["worker_id"].astype(str)[later], joined[later], strict=True))


def _co_holders_in_post(caseload: pd.DataFrame, gone: set, on, warn: bool = True,
                        joins: dict | None = None) -> pd.DataFrame:
    """``caseload`` with the holders in ``gone`` (not in post on ``on``) dropped from each
    co-worked case's holders, the first still in post in ``worker_id`` and the others in
    ``co_workers`` (None and NA when none is); warned, naming the first case changed."""
    if CO_WORKERS not in caseload or not caseload[CO_WORKERS].notna().any():
        return caseload
    co = caseload[CO_WORKERS].astype("string")
    rows = np.flatnonzero(co.notna().to_numpy(bool))
    every = case_holders(caseload.iloc[rows]).sort_values(["row", "rank"], kind="stable")
    each = pd.Series(every["holder"].to_numpy(object), index=rows[every["row"].to_numpy()])
    off = each.isin(gone).to_numpy(bool)
    hit = np.unique(each.index[off])
    if not len(hit):
        return caseload
    each = each[~off]
    first = each.groupby(level=0).cumcount().eq(0).to_numpy(bool)
    rest = each[~first].groupby(level=0).agg(CO_JOIN.join).reindex(hit)
    lead_now = each[first].reindex(hit).astype(object)
    out = caseload.assign(worker_id=caseload["worker_id"].astype(object))
    lead_now = lead_now.where(lead_now.notna(), None).to_numpy(object)  # None: held by no one
    out.iloc[hit, out.columns.get_loc("worker_id")] = lead_now
    out[CO_WORKERS] = co
    out.iloc[hit, out.columns.get_loc(CO_WORKERS)] = pd.array(rest.to_numpy(), dtype="string")
    if warn:
        _warn_co_left(caseload, out, hit, gone, on, joins or {})
    return out


def _warn_co_left(before: pd.DataFrame, after: pd.DataFrame, hit: np.ndarray, gone: set,
                  on, joins: dict) -> None:
    """Warn of the co-worked cases naming a holder not in post on ``on``, with the rule."""
    i = int(hit[0])
    names = case_holders(before.iloc[[i]])["holder"].tolist()  # the one reading, trimmed
    out_of_post = [f"{x} (joins {joins[x]:%Y-%m-%d})" if x in joins else x
                   for x in names if x in gone]
    why = ("not yet joined" if gone <= set(joins) else "left by then, or not yet joined"
           if joins else "left by then")
    now = sorted(x for x in names if x not in gone)  # in post; whichever way written
    case = before["case_id"].iloc[i] if "case_id" in before else f"row {i + 1}"
    none = int(after["worker_id"].iloc[hit].isna().sum())
    n = len(hit)
    warnings.warn(
        f"{n} co-worked case{'s name' if n != 1 else ' names'} a holder not in post on "
        f"{pd.Timestamp(on):%Y-%m-%d} ({why}; first: case {case!r}: "
        f"{', '.join(sorted(set(out_of_post)))} not in post, "
        + (f"{' and '.join(now)} hold{'s' if len(now) == 1 else ''} it)" if now
           else "held by no one)")
        + ": the holders still in post hold the case, its hours shared equally among them "
        "(one left: the whole case), so it counts once in the staff needed, never half on "
        "a leaver"
        + (f"; {none} with no holder in post {'are' if none != 1 else 'is'} held by no one "
           "(it still counts in the hours and staff needed)" if none else "")
        + ". If a new co-worker took the leaver's part, name them in the holder cell",
        DataQualityWarning, stacklevel=4)


def stopped_early(last_day: pd.Series, workers: pd.DataFrame | None, on) -> str | None:
    """Words naming the workers in post whose diaries stop well before the caseload day,
    or who wrote no diary at all.

    A worker in post (no ``left`` date on or before ``on``) with no diary entry counts in
    the FTE in post as any other (a worker on leave stays in post), so, like a diary that
    stops early, they are named for the analyst to say which they are: a leaver (give
    ``left``) or a worker on leave who wrote nothing.

    Parameters
    ----------
    last_day : Series
        Each worker's last diary day, by ``worker_id`` (a worker with no entry: absent).
    workers : DataFrame or None
        The workers table (its ``left`` dates, if any, are respected).
    on : date-like
        The caseload day.

    Returns
    -------
    str or None
        A sentence naming each such worker and their last diary day (or "no diary
        entries"), with the fix, or None when there is none.

    Examples
    --------
    >>> last = pd.Series(pd.to_datetime(["2026-03-13", "2026-03-06"]), index=["W1", "W8"])
    >>> w = pd.DataFrame({"worker_id": ["W1", "W8"], "fte": [1.0, 1.0]})
    >>> print(stopped_early(last, w, "2026-03-13"))
    1 worker's diary stops 5 or more weekdays before the caseload day (2026-03-13), yet they count in post: W8 (last diary day 2026-03-06). If they have left, give the day in the workers table's `left` column; a worker on leave stays in post.

    A worker in post who wrote nothing is named the same way:

    >>> w3 = pd.concat([w, pd.DataFrame({"worker_id": ["W11"], "fte": [1.0]})])
    >>> print(stopped_early(last, w3, "2026-03-13"))
    2 workers' diaries stop 5 or more weekdays before the caseload day (2026-03-13) or hold no accepted entries, yet they count in post: W11 (no accepted diary entries), W8 (last diary day 2026-03-06). If they have left, give the day in the workers table's `left` column; a worker on leave stays in post.
    """
    staff = in_post(workers, on)
    if staff is None:
        return None
    on = pd.Timestamp(on).normalize()
    ids = set(staff["worker_id"].astype(str))
    last = pd.to_datetime(last_day).dt.normalize()
    last.index = last.index.astype(str)
    last = last[last.index.isin(ids) & (last < on)]
    gap = np.busday_count(last.to_numpy().astype("datetime64[D]"),
                          np.datetime64(on.date(), "D"))
    said = {w: f"last diary day {d:%Y-%m-%d}" for w, d in last[gap >= STOPPED_EARLY_WEEKDAYS].items()}
    empty = sorted(ids - set(pd.Index(last_day.index).astype(str)))
    said |= {w: "no accepted diary entries" for w in empty}
    if not said:
        return None
    named = ", ".join(f"{w} ({said[w]})" for w in sorted(said))
    n = len(said)
    return (f"{n} worker{'s' if n != 1 else ''}'{'' if n != 1 else 's'} diar"
            f"{'ies stop' if n != 1 else 'y stops'} {STOPPED_EARLY_WEEKDAYS} or more weekdays "
            f"before the caseload day ({on:%Y-%m-%d})"
            + (f" or hold{'s' if n == 1 else ''} no accepted entries" if empty else "")
            + f", yet they count in post: {named}. If they have left, give the day in the "
            "workers table's `left` column; a worker on leave stays in post.")


#: Roles that usually hold no caseload of their own: managers, the emergency duty team,
#: reviewing officers and the principal social worker (matched ignoring case).
NO_CASELOAD_ROLES = (r"\bmanager\b|\bhead\s+of\b|\bdirector\b|\bedt\b|emergency\s+duty"
                     r"|\biro\b|independent\s+reviewing|principal\s+social\s+worker|\bpsw\b")


def no_caseload_roles(workers: pd.DataFrame | None, roles=None,
                      fix: str = "roles: in the study file, or --role {}=0") -> str | None:
    """A note naming the workers whose role usually holds no caseload (a team manager, the
    emergency duty team...: :data:`NO_CASELOAD_ROLES`) and whom no role share given
    (``roles``) covers: each counts as a full case-holding FTE in post. None if none.
    ``fix`` says how to give a role a share, ``{}`` standing for the first role named.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["a", "b", "c"],
    ...                   "role": ["Team Manager", "social worker", "EDT worker"]})
    >>> print(no_caseload_roles(w))
    2 workers have a role that usually holds no caseload ('EDT worker': 1, 'Team Manager': 1): each counted as a full case-holding FTE in post; if a role holds no cases, give it a share of 0 (roles: in the study file, or --role edt_worker=0)
    >>> no_caseload_roles(w, {"team_manager": 0, "EDT worker": 0.2}) is None
    True
    """
    if workers is None or "role" not in workers:
        return None
    known = {role_key(k) for k in (roles or {})}
    role = workers.drop_duplicates("worker_id")["role"].dropna().astype(str)
    role = role[role.str.replace("_", " ").str.contains(f"(?i){NO_CASELOAD_ROLES}",
                                                          regex=True)]  # team_manager too
    left = role[~role.map(role_key).isin(known)]
    if left.empty:
        return None
    counts = left.value_counts().sort_index()
    n = int(counts.sum())
    named = ", ".join(f"{r!r}: {k}" for r, k in counts.head(5).items())
    more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
    flag = "_".join(counts.index[0].lower().split())
    return (f"{n} worker{'s have' if n != 1 else ' has'} a role that usually holds no caseload "
            f"({named}{more}): each counted as a full case-holding FTE in post; if a role "
            f"holds no cases, give it a share of 0 ({fix.format(flag)})")
