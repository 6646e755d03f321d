"""Co-worked cases in a cases table: one case on two rows with two holders, or ``W1; W2``
in one holder cell, read as one case with its first-named holder in ``worker_id`` and the
others in :data:`CO_WORKERS` (:func:`merge_co_worked`, :func:`split_co_held`). Apart from
:mod:`timestudy.ingest.holder_ids` because the cases table's reader calls them and that
module imports the diary reader's."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning

#: The column of a cases table naming a co-worked case's other holders (``'W2'``,
#: ``'W2; W3'``), beside its first-named holder in ``worker_id``.
CO_WORKERS = "co_workers"
#: What separates the holders of one case written in one cell (``W1; W2``, ``W1 & W2``,
#: ``W1/W2``, ``W1 and W2``): the rule :mod:`timestudy.panels.cases` names them by.
SEPARATORS = r"\s*(?:[/;,&+]|\band\b)\s*"
#: White space and separators at either end of a holder cell: nothing beyond them.
_ENDS = r"^[\s/;,&+]+|[\s/;,&+]+$"
#: What joins a co-worked case's other holders in one :data:`CO_WORKERS` cell.
CO_JOIN = "; "
#: A period of a case: rows alike in these and naming other holders are a co-worked case's.
_PERIOD = ["case_id", "opened", "closed", "case_type"]
#: What a co-worked case counts in, said in each warning about one (the rule of
#: :func:`merge_co_worked`, :func:`split_co_held`, :func:`lead_with_diary` and
#: :func:`timestudy.capacity.holders.co_held`).
CO_WORKED_RULE = (
    "each counts once in the hours per case-month (its case-months on the working days "
    "of its holders who kept a diary taken together, whichever is named first, less only "
    "the days every holder whose day it is is away; every worker's time on it counted "
    "once, over its holders' days written taken together) and sits on each "
    "co-worker's caseload with an equal share of its hours (two workers: half each), so it "
    "counts once in the staff needed; if one of them holds the case and the other only "
    "helps, list the holder alone")


def holder_names(cells: pd.Series) -> pd.Series:
    """Holder names by the one rule every reader of a case's holders takes: text, trimmed
    of white space and of a separator with nothing beyond it (:data:`SEPARATORS`: ``'W1; '``
    is W1, not a second holder named nothing), a blank cell NA (``' W1 '`` is W1, ``'  '``
    no holder).

    Examples
    --------
    >>> holder_names(pd.Series([" W1 ", "  ", None, "W1; ", " ; W2", ";"])).tolist()
    ['W1', <NA>, <NA>, 'W1', 'W2', <NA>]
    """
    text = cells.astype("string").str.replace(_ENDS, "", regex=True)
    return text.mask(text.eq(""))


def co_worker_lists(cells: pd.Series) -> pd.Series:
    """Each :data:`CO_WORKERS` cell's holders as a list (NA for a case of one holder): the
    one reading of the cells :func:`merge_co_worked` and :func:`split_co_held` write, each
    name read by :func:`holder_names` (split at ``;``, trimmed, blanks left out: a cell
    ``'W2; '`` names W2 alone, ``' ; '`` no one).

    Examples
    --------
    >>> co_worker_lists(pd.Series(["W2", "W2; W3", None, " W4 ;", " ; "])).tolist()
    [['W2'], ['W2', 'W3'], <NA>, ['W4'], <NA>]
    """
    text = pd.Series(cells.to_numpy(), dtype="string")  # by position: an index may repeat
    parts = holder_names(text.str.split(CO_JOIN.strip(), regex=False).explode()).dropna().astype(object)
    lists = parts.groupby(level=0, sort=False).agg(list).reindex(range(len(cells)))
    return lists.astype(object).where(lists.notna(), pd.NA).set_axis(cells.index)


def holders_read(cases: pd.DataFrame) -> pd.DataFrame:
    """``cases`` with its holder cells read by the one rule (:func:`holder_names`):
    ``worker_id`` trimmed (a blank one NA), a ``worker_id`` naming several holders at ``;``
    (``'JS1; JS2'``, ``'JS1;JS2'``) its first in ``worker_id`` and the others before its
    :data:`CO_WORKERS` (as the command line's
    :func:`~timestudy.ingest.holder_ids.fold_holders` reads it), and each
    :data:`CO_WORKERS` cell its names (:func:`co_worker_lists`) joined by :data:`CO_JOIN`
    (NA when it names no one); ``cases`` itself when they are so already (a table
    :func:`timestudy.read_cases` read). Each reader of a case's holders reads them from
    this, so a table passed to the Python API (``' W1 '``, ``'W2; '``, ``'JS1; JS2'``)
    counts as the CLI's. Only ``;`` splits here, with no workers table: the command line
    without one reads the same, and with one splits at every :data:`SEPARATORS` where a
    part is a listed worker (:func:`split_co_held`, called by
    :func:`~timestudy.ingest.holder_ids.fold_holders`), as ``fit_study`` given the workers
    table does (fix38h), so that ``'W1/W2'`` is never one holder with no diary there.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": [" W1 ", "W2", " ", "JS1;JS2", "W5; "],
    ...                   "co_workers": pd.array(["W3; ", None, " ; ", "JS3", None],
    ...                                          dtype="string")})
    >>> holders_read(c).values.tolist()
    [['W1', 'W3'], ['W2', <NA>], [<NA>, <NA>], ['JS1', 'JS2; JS3'], ['W5', <NA>]]
    """
    out = {}
    more = pd.Series(pd.NA, index=cases.index, dtype="string")
    if "worker_id" in cases:
        had = cases["worker_id"]
        now, more = _first_and_more(had)
        if (now.fillna("\x00") != had.astype("string").fillna("\x00")).any():
            out["worker_id"] = (now.astype(object).where(now.notna(), None)
                                if had.dtype == object else now)
    if more.notna().any() or (CO_WORKERS in cases and cases[CO_WORKERS].notna().any()):
        had = (cases[CO_WORKERS].astype("string") if CO_WORKERS in cases
               else pd.Series(pd.NA, index=cases.index, dtype="string"))
        cells = (more + CO_JOIN + had).fillna(more).fillna(had)
        now = co_worker_lists(cells).str.join(CO_JOIN).astype("string")
        if (now.fillna("\x00") != had.fillna("\x00")).any():
            out[CO_WORKERS] = now
    return cases.assign(**out) if out else cases


def _first_and_more(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each ``worker_id`` cell's first holder (:func:`holder_names`) and the others it names
    at ``;`` (:func:`co_worker_lists`, once each; NA when it names one)."""
    text = holder_names(cells)
    several = text.str.contains(CO_JOIN.strip(), regex=False).fillna(False).to_numpy(bool)
    more = pd.Series(pd.NA, index=cells.index, dtype="string")
    if not several.any():
        return text, more
    names = co_worker_lists(text[several]).map(lambda p: list(dict.fromkeys(p)))  # a handful
    text = text.copy()
    text[several] = names.str[0].astype("string")
    more[several] = names.str[1:].str.join(CO_JOIN).replace("", pd.NA).astype("string")
    return text, more


def co_worked_rows(table: pd.DataFrame) -> np.ndarray:
    """Which rows repeat an earlier row's case, type and dates with another holder: a
    co-worker's row of a co-worked case (:func:`merge_co_worked`), not a period of its own.

    Examples
    --------
    >>> t = pd.DataFrame({"case_id": ["K", "K", "K"], "case_type": "CP",
    ...                   "worker_id": ["W1", "W2", "W1"], "opened": pd.NaT, "closed": pd.NaT})
    >>> co_worked_rows(t).tolist()
    [False, True, False]
    """
    if not set(_PERIOD) <= set(table.columns):
        return np.zeros(len(table), dtype=bool)
    return (table.duplicated(_PERIOD, keep="first")
            & ~table.duplicated([*_PERIOD, "worker_id"], keep="first")
            & table["worker_id"].notna()).to_numpy(bool)


def merge_co_worked(table: pd.DataFrame, name: str = "the cases table") -> pd.DataFrame:
    """One row per period of a case listed on several rows with the same dates and type by
    different holders (a co-worked case: a social worker and a co-worker, a student and
    their practice educator): the first row's holder in ``worker_id``, the others in
    :data:`CO_WORKERS`.

    Parameters
    ----------
    table : DataFrame
        A cases table with ``case_id``, ``case_type``, ``worker_id``, ``opened`` and
        ``closed``.
    name : str
        The table's name in the warning.

    Returns
    -------
    DataFrame
        ``table`` itself when no case is co-worked, else its first row of each period
        with :data:`CO_WORKERS` (``'; '`` between names; NA for a case of one holder).

    Warns
    -----
    DataQualityWarning
        How many cases are co-worked, the first of them, and what they count in
        (:data:`CO_WORKED_RULE`).

    Examples
    --------
    >>> t = pd.DataFrame({"case_id": ["K", "K", "L"], "case_type": "CP",
    ...                   "worker_id": ["W1", "W2", "W1"], "opened": pd.NaT, "closed": pd.NaT})
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     merge_co_worked(t)[["case_id", "worker_id", "co_workers"]].values.tolist()
    [['K', 'W1', 'W2'], ['L', 'W1', <NA>]]
    """
    if not set(_PERIOD) <= set(table.columns) or len(table) < 2:
        return table
    again = co_worked_rows(table)
    if not again.any():
        return table
    keys = pd.MultiIndex.from_frame(table[_PERIOD].astype(object))
    others = (table.loc[again, "worker_id"].astype(str)
              .groupby(keys[again], sort=False).agg(CO_JOIN.join))
    out = table.loc[~again].reset_index(drop=True)
    co = others.reindex(pd.MultiIndex.from_frame(out[_PERIOD].astype(object)))
    out[CO_WORKERS] = _joined(out, pd.Series(co.to_numpy(), dtype="string"))
    first = out.loc[out[CO_WORKERS].notna()].iloc[0]
    n = int(out[CO_WORKERS].notna().sum())
    warnings.warn(f"{name}: {n} case{'s are' if n != 1 else ' is'} co-worked, listed on "
                  f"several rows over the same dates by different holders (first: case "
                  f"{first['case_id']!r}, {first['worker_id']} with {first[CO_WORKERS]}): "
                  f"{CO_WORKED_RULE}", DataQualityWarning, stacklevel=3)
    return out


def split_co_held(cases: pd.DataFrame, workers: pd.DataFrame | None,
                  name: str = "the cases table", *, warn: bool = True) -> pd.DataFrame:
    """``cases`` with a holder cell naming several workers of ``workers`` (``W1; W2``,
    ``W1 & W2``: :data:`SEPARATORS`) read as a co-worked case: the first named in
    ``worker_id``, the others in :data:`CO_WORKERS`.

    A cell is split when a part is a worker the workers table lists (capitals and white
    space folded; each listed part then spelt as the table spells it: :func:`cell_holders`),
    so an id written with a slash (``'A/B'``, no part listed) is not taken apart; a part
    not listed is kept as a holder of its own (``'W1 & W9'``: W1 and W9, as two rows of the
    case read) and named in the warning as missing from the workers table (fix38h2: before,
    these notes said every part had to be listed).

    Parameters
    ----------
    cases : DataFrame
        A cases table or caseload, with ``worker_id``.
    workers : DataFrame or None
        The workers table (None: ``cases`` as it is).
    name : str
        The table's name in the warning.
    warn : bool
        Warn (default).

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["K", "L"], "worker_id": ["W1 & w2", "W1"]})
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     split_co_held(c, pd.DataFrame({"worker_id": ["W1", "W2"]})).values.tolist()
    [['K', 'W1', 'W2'], ['L', 'W1', <NA>]]
    """
    if workers is None or "worker_id" not in cases or not len(cases):
        return cases
    held = cases["worker_id"].astype("string")
    listed = listed_by_fold(workers["worker_id"])  # each spelt as the table
    cells = pd.Series(held.dropna().unique(), dtype="string")  # cells, not rows
    parts = pd.Series([cell_holders(c, listed) for c in cells], dtype=object)  # a handful
    several = parts.notna().to_numpy(bool)
    out = _co_split(cases, listed)  # a co-worker's row of two, itself 'W2 & W3'
    if not several.any():
        return out
    lead = pd.Series(parts[several].str[0].to_numpy(), index=cells[several].to_numpy())
    rest = pd.Series(parts[several].str[1:].str.join(CO_JOIN).replace("", pd.NA).to_numpy(),
                     index=cells[several].to_numpy())
    hit = held.isin(lead.index).fillna(False).to_numpy(bool)
    out = out.copy()
    out[CO_WORKERS] = _joined(out, pd.Series(held.map(rest).where(hit).to_numpy(),
                                             dtype="string"))
    out["worker_id"] = held.where(~hit, held.map(lead)).astype(cases["worker_id"].dtype)
    if warn:
        _warn_split(cells[several], parts[several], held, listed, name)
    return out


def _warn_split(cells: pd.Series, parts: pd.Series, held: pd.Series, listed: dict,
                name: str) -> None:
    """Warn of the holder cells :func:`split_co_held` read: one worker named twice, and the
    cells naming several (those not in the workers table named)."""
    once = parts.str.len().eq(1).to_numpy(bool)  # 'W1; w1': one worker, twice
    if once.any():
        twice = cells[once].tolist()
        warnings.warn(f"{name}: holder cell{'s' if len(twice) != 1 else ''} "
                      f"{', '.join(map(repr, twice[:5]))} name{'' if len(twice) != 1 else 's'}"
                      " one worker more than once: read as that worker's case, once",
                      DataQualityWarning, stacklevel=4)
    if once.all():
        return
    first = cells[~once].tolist()
    n = int(held.isin(first).fillna(False).sum())
    off = sorted({x for p in parts[~once] for x in p if x.casefold() not in listed})
    warnings.warn(f"{name}: {n} case{'s name' if n != 1 else ' names'} several workers in "
                  f"one holder cell (first: {first[0]!r}), read as co-worked"
                  + (f" ({', '.join(off)} not in the workers table: no FTE counted for "
                     "them; add them with their FTE)" if off else "")
                  + f": {CO_WORKED_RULE}", DataQualityWarning, stacklevel=4)


def listed_by_fold(ids) -> dict:
    """The workers table's ids by their folded spelling (trimmed, case-folded): the one
    lookup :func:`cell_holders` spells a cell's holders by.

    Examples
    --------
    >>> listed_by_fold(pd.Series([" W1", "w02", None]))
    {'w1': 'W1', 'w02': 'w02'}
    """
    ids = pd.Series(ids).dropna().astype(str).str.strip()
    return dict(zip(ids.str.casefold(), ids, strict=True))


def cell_holders(cell, listed: dict) -> list | None:
    """The holders a cell names, each spelt as the workers table (``listed``: folded id to
    id) when it lists them, once each in order; None when the cell is one holder: a listed
    id itself, one part, or no part a listed worker (an id written with a slash).

    A part the table does not list is kept when another part is listed (``'W1; W9'``: W1
    and W9, as two rows of the case would read), so the two forms of a co-worked case
    agree and W9 is named as a holder missing from the workers table.

    Examples
    --------
    >>> cell_holders("W1; w9", {"w1": "W1"}), cell_holders("W1; w1", {"w1": "W1"}), cell_holders("A/B", {})
    (['W1', 'w9'], ['W1'], None)
    """
    text = str(cell).strip()
    if text.casefold() in listed:
        return None
    got = [listed.get(x.casefold(), x) for x in re.split(SEPARATORS, text) if x]
    if len(got) < 2 or not any(x.casefold() in listed for x in got):
        return None
    return list(dict.fromkeys(got))


def _co_split(cases: pd.DataFrame, listed: dict) -> pd.DataFrame:
    """``cases`` with each :data:`CO_WORKERS` cell split by :func:`cell_holders` (a co-worker's
    row of a co-worked case naming several workers itself), each spelt as the workers
    table, once each, and never the case's first-named holder again."""
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return cases
    co = cases[CO_WORKERS].astype("string")
    lead = holder_names(cases["worker_id"]).fillna("").str.casefold()

    def names(cell, first):  # the co-worked cases, a handful
        if pd.isna(cell):
            return pd.NA
        got = []
        for part in str(cell).split(CO_JOIN):
            got += cell_holders(part, listed) or [listed.get(part.strip().casefold(), part.strip())]
        kept = [x for x in dict.fromkeys(got) if x.casefold() != first]
        return CO_JOIN.join(dict.fromkeys(kept)) or pd.NA

    spelt = [names(c, f) for c, f in zip(co, lead, strict=True)]
    return cases.assign(**{CO_WORKERS: pd.array(spelt, dtype="string")})


def lead_with_diary(cases: pd.DataFrame, diarists, name: str = "the cases table", *,
                    warn: bool = True) -> pd.DataFrame:
    """``cases`` with a co-worked case's first-named holder who kept no diary put after the
    first of its co-workers who did, so its case-months are on a co-holder's diary days
    whichever way round the holders are written (``'W3; W1'`` as ``'W1; W3'``).

    The case-months of a co-worked case are on its holders' days together, the first-named
    holder's row carrying the case (:func:`timestudy.panels.windows.job_day_weights`); a
    first-named holder with no diary would leave the case in no case-month, and every
    co-worker's time on it out of the hours per case-month, though a co-holder kept one.
    The shares of its hours (:func:`timestudy.capacity.holders.co_held`) are equal, so
    who is first changes nothing else.

    Parameters
    ----------
    cases : DataFrame
        A cases table with ``worker_id`` and :data:`CO_WORKERS`.
    diarists : iterable of str
        The workers who kept a diary (the diary's worker ids as the tables spell them).
    name : str
        The table's name in the warning.
    warn : bool
        Warn (default), naming the first case moved.

    Returns
    -------
    DataFrame
        ``cases`` itself when no co-worked case's first-named holder lacks a diary that a
        co-holder kept.

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["K"], "worker_id": ["W3"],
    ...                   "co_workers": pd.array(["W1"], dtype="string")})
    >>> lead_with_diary(c, ["W1", "W2"], warn=False).values.tolist()
    [['K', 'W1', 'W3']]
    """
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return cases
    cases = holders_read(cases)  # the one reading of a holder cell
    kept = {str(x).strip() for x in diarists}
    lead = cases["worker_id"].astype("string")
    co = cases[CO_WORKERS].astype("string")
    names = co_worker_lists(lead + CO_JOIN + co)
    better = [next((n for n in p if n in kept), None) if isinstance(p, list) else None
              for p in names]  # the co-worked cases, a handful
    moved = (co.notna() & ~lead.isin(kept).fillna(False)).to_numpy(bool) & np.array(
        [b is not None for b in better], dtype=bool)
    if not moved.any():
        return cases
    out = cases.copy()
    first = pd.Series(better, index=cases.index, dtype="string")
    rest = [(CO_JOIN.join(n for n in p if n != b) if m else pd.NA)
            for p, b, m in zip(names, better, moved, strict=True)]
    out.loc[moved, "worker_id"] = first[moved].astype(str).to_numpy()
    out[CO_WORKERS] = pd.array(np.where(moved, pd.Series(rest, dtype=object), co.to_numpy(
        object)), dtype="string")
    if warn:
        i = int(np.flatnonzero(moved)[0])
        warnings.warn(f"{name}: {int(moved.sum())} co-worked case(s) name first a holder who "
                      f"kept no diary (first: case {cases['case_id'].iloc[i]!r}, "
                      f"{lead.iloc[i]} with {co.iloc[i]}): its case-months are on "
                      f"{first.iloc[i]}'s diary days, the first co-holder who kept one "
                      "(the shares of its hours are equal, so nothing else changes)",
                      DataQualityWarning, stacklevel=2)
    return out


def _joined(table: pd.DataFrame, more: pd.Series):
    """The table's own :data:`CO_WORKERS` (if any) with ``more`` after them, by position."""
    if CO_WORKERS in table:
        had = pd.Series(table[CO_WORKERS].to_numpy(), dtype="string")
        more = (had + CO_JOIN + more).fillna(had).fillna(more)
    return pd.array(more.to_numpy(), dtype="string")
