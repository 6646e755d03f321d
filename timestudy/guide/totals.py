"""Disclosure control of the sums a reader knows: shares of a whole and the hours available.

The category shares, the task rows and the totals of hours available (hours worked, non-case
and case hours, out-of-hours hours per FTE-week) are tied by sums: a figure withheld in one
form is withheld in every form, and complementary suppression (:func:`complement`) hides
more until none can be had by difference. The report's tables of shares use the same rule
(:func:`withhold_shares`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import too_few
from timestudy.guide.disclosure import TASK_ROW, Suppressed, _cols, _fewer, reasons, unknowns
from timestudy.stats.linear_audit import TRIES, complement, given_back

__all__ = ["protect_shares", "protect_out_of_hours", "withhold_shares"]


def protect_shares(shares: pd.DataFrame, tasks: pd.DataFrame, hours_worked: float,
                   min_workers: int, non_case_hours: float = np.nan,
                   measured: pd.DataFrame | None = None, pieces: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Category shares as published, with the task rows that must go with them.

    A share goes when fewer than ``min_workers`` workers recorded time in the category.
    A reader also knows the sums that tie the shares, the task rows and the published
    totals of hours available (:func:`_share_sums`): a category's share times the hours
    worked per FTE-week is the sum of its tasks' ``hours_per_fte_week``, the shares (out
    of hours apart) add up to 1, the tasks' non-case parts add up to
    ``non_case_hours`` (the non-case hours per FTE-week) and their case parts to the
    case hours per FTE-week (``hours_worked`` less ``non_case_hours``), taken as known
    whether or not they hold to the last digit (one that holds nearly gives a withheld
    part back to within its gap); ``measured`` (the
    task table before suppression, default ``tasks``) gives the parts' values. The unknowns are
    each task's case and non-case parts (a part that is zero is taken as known: the
    worst case) and the shares. Complementary suppression (:func:`complement`) then
    hides, until no hidden figure can be solved for: another share (the smallest
    first), two shares, or else a whole task row (of the category first, one with case
    time first, the smallest first; its direct minutes would give its hours per FTE-week
    back, and a task without case time would leave a hidden task's case hours to the
    case-type totals). No single figure coming back is not enough: a sum of withheld
    figures the reader can solve for (the non-case hours per FTE-week less the published
    tasks' non-case parts: the withheld rows' non-case parts together) is a figure too, and
    must rest on ``min_workers`` distinct workers or more. With ``pieces`` (the models'
    pieces: ``worker_id``, ``task_type``, ``case_id``, ``direct_min``) each withheld part
    and share has its workers, and more rows and shares are withheld, the same way, until
    every sum a reader can solve for rests on enough (:func:`_thin_sum`). The totals themselves stay: the hours available rest on the
    case-holding workers (withheld when they are fewer than ``min_workers``; workers whose
    role holds no caseload are left out of them, and out of the whole guide when fewer
    than ``min_workers``, so no difference of the two gives them back).
    """
    out, tasks = shares.copy(), tasks.copy()
    # a share not known (out of hours from a diary without times: NaN) is not withheld
    small = too_few(out["n_workers"], min_workers, out.get("n_workers_effective")
                    ) & out["share"].notna()
    notes = [Suppressed("category_shares", str(k), _fewer(min_workers, n))
             for k, n in out.loc[small, "n_workers"].items()]
    cats = [c for c in out.index if c != "out_of_hours"]
    nt = len(tasks)
    if not np.isfinite(hours_worked) or not cats:
        out.loc[small, _cols(out, ("share",))] = np.nan
        return out, tasks, notes
    A, value, hidden = _share_sums(out.loc[cats], tasks, tasks if measured is None else
                                   measured.reindex(tasks.index), hours_worked,
                                   non_case_hours, small[cats].to_numpy())
    # a task with case time: the case hours (case-type totals less the other tasks' case
    # hours) would give a hidden task's case part back unless its complement has some too
    on_case = value[:nt] > 0
    cat_of = tasks["category"].to_numpy()
    in_sums = A[:, :2 * nt].reshape(len(A), 2, nt).any(axis=(0, 1))

    def options(i, h):
        free = [2 * nt + j for j in np.argsort(value[2 * nt:]) if not h[2 * nt + j]]
        pairs = sorted(((a, b) for a in free for b in free if a < b),
                       key=lambda p: value[list(p)].sum())
        cat = cat_of[i % nt] if i < 2 * nt else cats[i - 2 * nt]
        parts = [np.flatnonzero((value[[t, nt + t]] != 0) & ~h[[t, nt + t]]) * nt + t
                 for t in range(nt)]
        rows = sorted((t for t in range(nt) if len(parts[t]) and in_sums[t]),
                      key=lambda t: (cat_of[t] != cat, not on_case[t],
                                     value[t] + value[nt + t]))
        return [*((a, [a]) for a in free), *((p, list(p)) for p in pairs),
                *(((t,), list(parts[t])) for t in rows)]

    new, picked = complement(A, hidden, options)
    if pieces is not None:
        new, more = _widen(A, new, len(cats), hours_worked,
                           _part_workers(tasks, pieces), min_workers, options)
        picked += more
    out.loc[small | pd.Series(new[2 * nt:], index=cats).reindex(out.index, fill_value=False),
            _cols(out, ("share",))] = np.nan
    why = ("secondary suppression: with the category shares or the hours available it "
           "would give a suppressed figure back")
    for p in picked:
        if isinstance(p, tuple) and len(p) == 1:  # a whole task row
            k = tasks.index[p[0]]
            tasks.loc[k, _cols(tasks, TASK_ROW[0], TASK_ROW[1])] = np.nan
            notes.append(Suppressed("tasks", str(k), why))
            continue
        for i in (p if isinstance(p, tuple) else (p,)):
            notes.append(Suppressed("category_shares", cats[i - 2 * nt], why))
    return out, tasks, notes


def _rank(M: np.ndarray) -> int:
    """The rank of ``M`` with the tolerance of :func:`given_back` (0 for no column)."""
    if not M.size:
        return 0
    s = np.linalg.svd(M, compute_uv=False)
    return int((s > s.max() * max(M.shape) * 1e-12).sum()) if s.size and s.max() > 0 else 0


def _part_workers(tasks: pd.DataFrame, pieces: pd.DataFrame) -> list[frozenset]:
    """The workers each task part rests on: its case part (its pieces on a case), then its
    non-case part (its pieces on none), in the order of :func:`_share_sums`; a piece counts
    when it has direct time. Each (part, worker) pair found once with NumPy, not a
    frozenset made per group by pandas.

    Examples
    --------
    Visits by W1 and W2 on cases (W2's of no direct time), W3's visit on none; W1's
    journey on a case; a task not in the table is left out:

    >>> p = pd.DataFrame({"worker_id": ["W1", "W2", "W3", "W1", "W4"],
    ...     "task_type": ["visit", "visit", "visit", "travel", "other"],
    ...     "case_id": ["c1", "c2", None, "c1", "c9"],
    ...     "direct_min": [60.0, 0.0, 30.0, 20.0, 5.0]})
    >>> parts = _part_workers(pd.DataFrame(index=["visit", "travel"]), p)
    >>> [sorted(w) for w in parts]
    [['W1'], ['W1'], ['W3'], []]
    """
    nt = len(tasks.index)
    w_code, names = pd.factorize(pieces["worker_id"], use_na_sentinel=False)
    t_code = tasks.index.get_indexer(pieces["task_type"])
    ok = (pieces["direct_min"].to_numpy(float) > 0) & (t_code >= 0)
    part = np.where(pieces["case_id"].isna().to_numpy(), nt, 0)[ok] + t_code[ok]
    pairs = np.unique(part.astype(np.int64) * max(len(names), 1) + w_code[ok])
    part_of, worker = np.divmod(pairs, max(len(names), 1))
    cuts = np.searchsorted(part_of, np.arange(2 * nt + 1))
    names = np.asarray(names, dtype=object)
    return [frozenset(names[worker[a:b]]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]


def _data_sums(A: np.ndarray, hidden: np.ndarray, n_cats: int, hours_worked: float
               ) -> np.ndarray:
    """The sums of :func:`_share_sums` over the task parts alone, the shares put in terms of
    them.

    A category's equation says only what a share is (its parts over the hours worked):
    with the share withheld it tells nothing, and a sum that holds by definition (the
    share less its parts) is no figure. So each share is put as its category's parts over
    ``hours_worked``; a published share's category is then a sum the reader knows.
    """
    nt2 = A.shape[1] - n_cats
    P = A[:n_cats, :nt2]
    rest = A[n_cats:, :nt2] + A[n_cats:, nt2:] @ P / hours_worked
    return np.vstack([rest, P[~hidden[nt2:]]])


def _thin_sum(A: np.ndarray, hidden: np.ndarray, workers: list, min_workers: int,
              cap: int = 20_000) -> list | None:
    """Withheld unknowns a sum of which the reader can solve for, resting on too few workers.

    A combination of the hidden unknowns the reader can solve for, with every unknown in it
    among ``C``, exists exactly when the hidden columns' rank drops without ``C``:
    ``rank(A_H) > rank(A_{H \\ C})``. It is a figure from the workers of ``C`` together.
    Each ``C`` tried is every hidden unknown (with workers known: an unknown with none is
    left to the single-figure rule) whose workers lie within a union of fewer than
    ``min_workers`` workers, the largest unions first (a smaller within one that passes
    passes). Returns the first such ``C`` the reader can sum, else None.

    Examples
    --------
    One total over three cells, two withheld: their sum is the total less the third. On
    workers {a, b} and {b, c} it rests on three workers:

    >>> A = np.array([[1.0, 1.0, 1.0]])
    >>> ws = [frozenset("ab"), frozenset("bc"), frozenset("defgh")]
    >>> _thin_sum(A, np.array([True, True, False]), ws, 5)
    [0, 1]
    >>> _thin_sum(A, np.array([True, True, False]), ws, 3) is None
    True
    """
    cells = [int(j) for j in np.flatnonzero(hidden) if 0 < len(workers[j]) < min_workers]
    seen, frontier = set(), {workers[j] for j in cells}
    while frontier and len(seen) < cap:
        seen |= frontier
        frontier = {u | workers[j] for u in frontier for j in cells
                    if len(u | workers[j]) < min_workers} - seen
    H = np.flatnonzero(hidden)
    full, passed = _rank(A[:, H]), []
    for u in sorted(seen, key=len, reverse=True):
        if any(u <= q for q in passed):
            continue
        C = [j for j in cells if workers[j] <= u]
        if full > _rank(A[:, np.setdiff1d(H, C)]):
            return C
        passed.append(u)
    return None


def _widen(A: np.ndarray, hidden: np.ndarray, n_cats: int, hours_worked: float,
           workers: list, min_workers: int, options) -> tuple[np.ndarray, list]:
    """Withhold more until no sum of task parts the reader can solve for rests on too few
    workers.

    The sums are those of :func:`_data_sums` (shares in terms of parts). While
    :func:`_thin_sum` finds such a set ``C`` of parts, the first of ``options`` (as for
    :func:`complement`) that narrows what the reader can sum of ``C``
    (``rank(A_H) - rank(A_{H \\ C})`` falls) is withheld too, else the first of them:
    each step withholds more, so it ends.
    """
    hidden, picked = hidden.copy(), []
    fixed = given_back(A, np.ones(len(hidden), dtype=bool))
    nt2 = A.shape[1] - n_cats

    def gap(h, C):
        D = _data_sums(A, h, n_cats, hours_worked)
        return _rank(D[:, h[:nt2]]) - _rank(D[:, np.setdiff1d(np.flatnonzero(h[:nt2]), C)])

    while (C := _thin_sum(_data_sums(A, hidden, n_cats, hours_worked), hidden[:nt2],
                          workers, min_workers)) is not None:
        choices = [(c, idx) for c, idx in options(C[0], hidden)
                   if len(idx) and not (fixed[list(idx)] | hidden[list(idx)]).all()]
        if not choices:
            break  # the totals themselves say it: nothing left to withhold
        before, (name, idx) = gap(hidden, C), choices[0]
        for c, ix in choices[:TRIES]:
            trial = hidden.copy()
            trial[list(ix)] = True
            if gap(trial, C) < before:
                name, idx = c, ix
                break
        hidden = hidden.copy()
        hidden[list(idx)] = True
        picked.append(name)
    return hidden, picked


def _share_sums(shares: pd.DataFrame, tasks: pd.DataFrame, measured: pd.DataFrame,
                hours_worked: float, non_case_hours: float, small: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sums a reader knows over the tasks' case and non-case parts and the shares.

    Unknowns: each task's case part (``hours_per_fte_week`` less
    ``non_case_hours_per_fte_week``), then its non-case part, then each share. Equations:
    a category's parts less its share times ``hours_worked`` (0); the shares (1); the
    non-case parts (``non_case_hours``); the case parts (``hours_worked`` less it); a
    published task's two parts (its hours). ``measured`` holds the values before
    suppression. The total equations are kept whenever the totals are published, whether
    or not they hold to the last digit: one that holds only nearly (time with no task row,
    survey weights that vary within a worker-week, workers whose role holds no caseload
    counted in the tasks but not in the totals) still gives a withheld part back to
    within the gap, so it is protected as if it held exactly. Returns the equations, the
    values and which unknowns are hidden (a zero part is known).
    """
    nt, cats = len(tasks), list(shares.index)
    h = tasks["hours_per_fte_week"]
    nc = tasks["non_case_hours_per_fte_week"] if "non_case_hours_per_fte_week" in tasks \
        else pd.Series(0.0, index=tasks.index)
    hv = measured["hours_per_fte_week"].fillna(0).to_numpy(float)
    ncv = measured.get("non_case_hours_per_fte_week", nc * 0).fillna(0).to_numpy(float)
    value = np.r_[hv - ncv, ncv, shares["share"].to_numpy(float)]
    size = 2 * nt + len(cats)
    rows = []
    for j, c in enumerate(cats):
        e = np.zeros(size)
        e[:2 * nt] = np.tile((tasks["category"] == c).to_numpy(float), 2)
        e[2 * nt + j] = -hours_worked
        rows.append(e)
    rows.append(np.r_[np.zeros(2 * nt), np.ones(len(cats))])
    if np.isfinite(non_case_hours):
        for part in (1, 0):  # the non-case parts, then the case parts
            e = np.zeros(size)
            e[part * nt:(part + 1) * nt] = 1.0
            rows.append(e)  # nearly holding discloses too: never a tolerance here
    for t in np.flatnonzero(h.notna().to_numpy() & nc.isna().to_numpy()):
        e = np.zeros(size)
        e[[t, nt + t]] = 1.0
        rows.append(e)
    A = np.array(rows)
    hidden = np.r_[h.isna().to_numpy() | nc.isna().to_numpy(),
                   h.isna().to_numpy() | nc.isna().to_numpy(), small]
    hidden[:2 * nt] = unknowns(hidden[:2 * nt], value[:2 * nt])  # a zero part is known
    hidden &= A.any(axis=0)
    return A, value, hidden


def protect_out_of_hours(available: pd.DataFrame, shares: pd.DataFrame,
                         suppressed: list = ()) -> tuple[pd.DataFrame, list]:
    """The hours available as published: out-of-hours hours go with the out-of-hours share.

    The out-of-hours hours per FTE-week over the hours worked per FTE-week (both in the
    table) are the out-of-hours share: one figure in two forms, withheld in both. Where
    neither is known (a diary without times: no hour has a time of day) nothing is
    withheld and nothing recorded: the figure is not known, not suppressed.

    Parameters
    ----------
    available : DataFrame
        The guide's hours available (``measure`` x ``estimate``, ``ci_low``, ``ci_high``).
    shares : DataFrame
        The category shares as published (:func:`protect_shares`).
    suppressed : list of Suppressed
        The records so far, for the share's reason.

    Returns
    -------
    (DataFrame, list of Suppressed)
        The table with ``out_of_hours_per_fte_week`` NaN when the share is, and its record.

    Examples
    --------
    >>> av = pd.DataFrame({"estimate": [39.2, 1.6]}, index=["hours_worked_per_fte_week",
    ...                                                    "out_of_hours_per_fte_week"])
    >>> sh = pd.DataFrame({"share": [np.nan], "n_workers": [3]}, index=["out_of_hours"])
    >>> out, notes = protect_out_of_hours(av, sh)
    >>> out["estimate"].isna().tolist(), notes[0].key
    ([False, True], 'out_of_hours_per_fte_week')
    """
    row = "out_of_hours_per_fte_week"
    if ("out_of_hours" not in shares.index or row not in available.index
            or np.isfinite(shares.loc["out_of_hours", "share"])):
        return available, []
    if "out_of_hours" not in reasons(suppressed, "category_shares") and not np.isfinite(
            available.loc[row, "estimate"]):  # not known (no hour with a time of day): no
        return available, []               # figure withheld, nothing to record
    out = available.copy()
    out.loc[row, out.select_dtypes("number").columns] = np.nan
    why = next((r for k, r in reasons(suppressed, "category_shares").items()
                if k == "out_of_hours"), "the out-of-hours share is suppressed")
    return out, [Suppressed("available_hours", row, "over the hours worked it is the "
                            f"out-of-hours share, suppressed ({why})")]


def withhold_shares(share: pd.Series, n_workers: pd.Series, min_workers: int,
                    withheld=()) -> pd.Series:
    """Which shares of a whole to withhold: the guide's rule for any table of shares.

    A share goes when fewer than ``min_workers`` workers have time in it, or when the
    guide withholds it (``withheld``: the same category in another form, e.g. of the
    diary time rather than the time worked, would give it back); then, as the shares
    add up to 1, the smallest published shares go until no withheld one can be had by
    difference (:func:`complement`). A share that is zero is known and never withheld.

    Parameters
    ----------
    share : Series
        The shares, adding up to 1.
    n_workers : Series
        Workers with time in each (same index).
    min_workers : int
        The guide's threshold.
    withheld : iterable
        Keys the guide withholds.

    Returns
    -------
    Series of bool
        True for a share not to publish.

    Examples
    --------
    >>> share = pd.Series([0.5, 0.3, 0.15, 0.05], index=list("abcd"))
    >>> withhold_shares(share, pd.Series([9, 9, 9, 2], index=list("abcd")), 5).tolist()
    [False, False, True, True]
    >>> withhold_shares(share, pd.Series(9, index=list("abcd")), 5, withheld=["a", "b"]).tolist()
    [True, True, False, False]
    """
    value = share.fillna(0).to_numpy(float)
    hidden = (too_few(n_workers.reindex(share.index).fillna(0), min_workers).to_numpy()
              | share.index.isin(list(withheld)))
    hidden = unknowns(hidden, value)  # a share that is zero is known
    new, _ = complement(np.ones((1, len(share))), hidden,
                        lambda i, h: [(j, [j]) for j in sorted(
                            np.flatnonzero(~h & (value != 0)), key=lambda j: value[j])])
    return pd.Series(new, index=share.index)
