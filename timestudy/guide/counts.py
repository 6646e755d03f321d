"""The count rule of the guide's tables: their counts of workers, pieces and cases as
guide.json publishes them, and the counts measured kept beside them in memory.

A count of workers is a number only where it and the rest are both ``min_workers`` or more,
else NaN beside its words ("fewer than 5 of 10"); a count of pieces or cases is withheld
where the workers it rests on are too few (:func:`published_counts`, the one rule of the
tables, their JSON, display and Markdown). The counts measured stay with the table they were
measured for (:func:`measured_counts`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import (
    DEFAULT_MIN_WORKERS,
    count_cell,
    pieces_count,
    pieces_counts,
    published_count,
)
from timestudy.guide.thresholds import shown_at, threshold


def _workers_published(n: pd.Series, words: pd.Series | None, total: int, k: int
                       ) -> tuple[pd.Series, pd.Series]:
    """A column of worker counts as published (the README's count rule): a number only
    where :func:`published_count` gives one, else NaN with its words (:func:`count_cell`).
    A count already withheld (NaN) keeps its words: the rule applied twice changes
    nothing."""
    old = words if words is not None else pd.Series(None, index=n.index, dtype=object)
    num = pd.to_numeric(n, errors="coerce")
    shown = [published_count(v, total, k) for v in num]
    said = [None if s is not None else (w if pd.isna(v) and isinstance(w, str)
                                        else count_cell(v, total, k))
            for v, s, w in zip(num, shown, old, strict=True)]
    return (pd.Series(shown, index=n.index, dtype=float),
            pd.Series(said, index=n.index, dtype=object))


def resting_on(n: pd.Series, words: pd.Series | None) -> pd.Series:
    """The workers a count of pieces rests on: the count, or where it is withheld the least
    its words allow (:func:`_band_counts`: "at least 5 of 8" 5, "fewer than 5 of 8" 1),
    which falls on the same side of ``min_workers``; NaN where the words say no side ("not
    shown": not known, never 0, which would be published as "0 of 8").

    Examples
    --------
    >>> resting_on(pd.Series([8.0, None, None]),
    ...            pd.Series([None, "at least 5 of 8", "not shown"])).tolist()
    [8.0, 5.0, nan]
    """
    num = pd.to_numeric(n, errors="coerce")
    if words is None:
        return num
    return num.fillna(_band_counts(pd.DataFrame({"n": num, "n_words": words}), "n")["n"])


def _not_known(n: pd.Series, words: pd.Series | None) -> pd.Series:
    """Where a count of workers is withheld in words that give no side of ``min_workers``
    ("not shown": every count but none and all may be it, :func:`~timestudy._lib.disclose.count_band`)."""
    if words is None:
        return pd.Series(False, index=n.index)
    return resting_on(n, words).isna() & words.notna().to_numpy()


def published_counts(table: pd.DataFrame, total: int, k: int, own=(),
                     cases_total: bool = True, shown_at: int | None = None) -> pd.DataFrame:
    """A guide table with its counts as guide.json publishes them: the one count rule of
    the guide's tables, its JSON, its display and its Markdown.

    Workers (``n_workers``, ``n_workers_primary``) are a number only where
    :func:`~timestudy._lib.disclose.published_count` gives one, else NaN beside their words
    (``n_workers_words``: "fewer than 5 of 10"); pieces (``n_pieces``, ``n_censored``) are
    NaN where the workers they rest on are fewer than ``k``
    (:func:`~timestudy._lib.disclose.pieces_count`: a task of ``own``, its time per piece
    withheld for its pieces of their own, over ``n_workers_primary``); cases (``n_cases``)
    by :func:`~timestudy._lib.disclose.pieces_counts` (``cases_total``: their total is
    published). Applied to a table already published it changes nothing.

    Parameters
    ----------
    table : DataFrame
        ``tasks``, ``case_types`` or ``category_shares`` of a guide (the columns it lacks are
        left out).
    total : int
        The guide's workers (``meta.n_workers``).
    k : int
        The disclosure threshold (``meta.min_workers``).
    own : collection of str
        The tasks whose pieces count over ``n_workers_primary``.
    cases_total : bool
        Whether the study's cases (``meta.n_cases``) are published.
    shown_at : int, optional
        The threshold the table's counts "not shown" (words that give no side of it) were
        published at (:func:`shown_at`): a count of pieces or cases resting on one stands
        as given where ``k`` is no higher, and is withheld at a higher ``k`` (the count
        may be under it: 7 of 8 workers is "not shown" at 7, and 13 cases of 7 workers
        were published at 8 until fix37g2). None: not known, every such count withheld.

    Returns
    -------
    DataFrame
        A copy with the counts as published.

    Examples
    --------
    The audit's assessment write-up (1 worker, 1 piece) beside a visit of 10 workers:

    >>> t = pd.DataFrame({"n_workers": [1, 10], "n_pieces": [1, 144], "n_censored": [1, 0],
    ...                   "n_workers_primary": [1, 10]}, index=["writeup", "visit"])
    >>> p = published_counts(t, 10, 5)
    >>> p.loc["writeup"].isna().tolist(), p.loc["writeup", "n_workers_words"]
    ([True, True, True, True, False, False], 'fewer than 5 of 10')
    >>> p.loc["visit", ["n_workers", "n_pieces"]].tolist()
    [10.0, 144.0]
    >>> published_counts(p, 10, 5).equals(p)
    True

    13 cases of a count "not shown" at 7 of 8 stand at 7 or less, not at 8:

    >>> c = pd.DataFrame({"n_workers": [None], "n_workers_words": ["not shown"],
    ...                   "n_cases": [13]})
    >>> [published_counts(c, 8, k, shown_at=7)["n_cases"].tolist() for k in (5, 7, 8)]
    [[13], [13], [nan]]
    """
    out = table.copy()
    rest = {}
    for col in ("n_workers", "n_workers_primary"):
        if col in out:
            words = out.get(f"{col}_words")
            # a count "not shown" (no side of k) was published at ``shown_at`` by one who
            # knew it: the counts resting on it stand as given up to that threshold
            rest[col] = resting_on(out[col], words).mask(
                _not_known(out[col], words), np.nan if shown_at is None else shown_at)
            out[col], said = _workers_published(out[col], words, total, k)
            if said.notna().any() or f"{col}_words" in out:
                out[f"{col}_words"] = said
    if "n_cases" in out and "n_workers" in rest:
        out["n_cases"] = pieces_counts(pd.to_numeric(out["n_cases"], errors="coerce"),
                                       rest["n_workers"], k, cases_total)
    by = rest.get("n_workers")
    if by is not None and "n_workers_primary" in rest:
        by = by.where(~out.index.isin(list(own)), rest["n_workers_primary"])
    for col in ("n_pieces", "n_censored"):
        if col in out and by is not None:
            out[col] = pd.Series([pieces_count(p, b, k) for p, b in zip(
                pd.to_numeric(out[col], errors="coerce"), by, strict=True)],
                index=out.index, dtype=float)
    for col in ("n_workers", "n_workers_primary", "n_cases", "n_pieces", "n_censored"):
        if col in out and out[col].notna().all() and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(int)  # none withheld: counts stay whole numbers
    return out


def publish_table(guide, name: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The guide's table ``name`` (``tasks``, ``case_types``, ``category_shares``) with its
    counts as published (:func:`published_counts`, by the guide's ``meta`` and records);
    the table as it is when ``meta`` lacks ``n_workers`` (a guide made by hand). ``table``
    in place of the guide's own, published by the same rule. The guide's own table as
    :class:`~timestudy.guide.TimeGuide` published it (:func:`published_already`) is given
    back as it is: publishing it again changes nothing."""
    if table is None:
        table = getattr(guide, name)
        if published_already(guide, name):
            return table
    by = published_by(guide)
    if by is None or not len(table):
        return table
    return published_counts(table, *by, shown_at=shown_at(guide))


def published_by(guide) -> tuple | None:
    """What :func:`publish_table` publishes a guide's counts by: the arguments after the
    table of :func:`published_counts` (the guide's workers, ``min_workers``, the tasks whose
    pieces count over ``n_workers_primary``, whether the cases are published); None when
    ``meta`` lacks ``n_workers`` (the tables are left as they are). A table already
    published by the same gives itself back (:meth:`TimeGuide.__post_init__
    <timestudy.guide.TimeGuide>` need not publish it again).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> published_by(SimpleNamespace(meta={"n_workers": 10, "n_cases": 40}, suppressed=[]))
    (10, 5, frozenset(), True)
    >>> published_by(SimpleNamespace(meta={}, suppressed=[])) is None
    True
    """
    if "n_workers" not in guide.meta:
        return None
    own = frozenset(s.key for s in guide.suppressed if s.table == "tasks.direct_minutes")
    return (int(guide.meta["n_workers"]), threshold(guide), own,
            guide.meta.get("n_cases") is not None)


#: The key of ``TimeGuide._tables`` noting what its counted tables were published by.
PUBLISHED_BY = "published_by"

def published_already(guide, name: str) -> bool:
    """Whether the guide's table ``name`` is the one its :meth:`TimeGuide.__post_init__
    <timestudy.guide.TimeGuide>` published (the same object, noted in ``_tables``) by what
    it would be published by now (:func:`published_by`): then publishing it again gives it
    back, and its counts measured are those kept beside it.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> t = pd.DataFrame({"n_workers": [10]})
    >>> g = SimpleNamespace(meta={"n_workers": 10}, suppressed=[], tasks=t,
    ...                     _tables={"tasks": t, PUBLISHED_BY: ((10, 5, frozenset(), False),)})
    >>> published_already(g, "tasks")
    True
    >>> g.meta["min_workers"] = 3  # another threshold: to be published again
    >>> published_already(g, "tasks")
    False
    """
    seen = getattr(guide, "_tables", None)
    return (seen is not None and seen.get(name) is getattr(guide, name)
            and seen.get(PUBLISHED_BY, ()) == (published_by(guide),))


#: The counts a guide's tables may hold (:func:`published_counts`, :func:`measured_counts`).
COUNT_COLUMNS = ("n_workers", "n_workers_primary", "n_pieces", "n_censored", "n_cases")


def measured_counts(guide, name: str, table: pd.DataFrame, carried: pd.DataFrame | None,
                    shown: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """The counts measured of the guide's table ``name`` given as ``table``: the one rule
    that keeps them beside the table they were measured for.

    A row's counts as measured are those ``carried`` from the guide it was made from
    (``dataclasses.replace``, :func:`~timestudy.guide.with_adjustments`, a calibration)
    where publishing them gives the row's published counts (the same row, its counts
    untouched), else the row's own counts as given: measured where they are numbers (a
    table built from a study, or one with other counts put in), NaN where it was given them
    withheld (not known: no measure of them is at hand).

    Parameters
    ----------
    guide : TimeGuide
        The guide being made (its ``meta`` and records publish the counts).
    name : str
        ``tasks``, ``case_types`` or ``category_shares``.
    table : DataFrame
        The table as given.
    carried : DataFrame or None
        The counts measured that came with it (``_measured_counts``).
    shown : DataFrame, optional
        ``table`` as published (:func:`publish_table` of it), when the caller has it: it is
        not published again.

    Returns
    -------
    DataFrame or None
        The counts as measured, by the table's rows; None when they are the published
        ones (none withheld, or none known).

    Examples
    --------
    A write-up of 1 worker among 10 (published "fewer than 5 of 10"): its measured counts
    carried beside its published row, not beside a row measured again at 6 workers:

    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"n_workers": 10, "min_workers": 5}, suppressed=[])
    >>> t = pd.DataFrame({"n_workers": [10, 1]}, index=["visit", "writeup"])
    >>> measured_counts(g, "tasks", t, None)["n_workers"].tolist()
    [10, 1]
    >>> shown = publish_table(g, "tasks", t)
    >>> measured_counts(g, "tasks", shown, t)["n_workers"].tolist()
    [10, 1]
    >>> again = publish_table(g, "tasks", t.assign(n_workers=[10, 6]))  # "at least 6 of 10"
    >>> measured_counts(g, "tasks", again, t)  # 6 is not known: the published row alone
    """
    cols = [c for c in COUNT_COLUMNS if c in table]
    if not cols or "n_workers" not in guide.meta:
        return None
    if shown is None:
        shown = publish_table(guide, name, table)
    given = table[cols].apply(pd.to_numeric, errors="coerce")
    out = given
    if carried is not None:
        words = [f"{c}_words" for c in cols if f"{c}_words" in table]
        mine = carried.reindex(index=table.index, columns=cols)
        known = mine.notna().any(axis=1)
        again = publish_table(guide, name, table.drop(columns=words).assign(
            **{c: mine[c].where(known, given[c]) for c in cols}))
        same = _same_rows(again, shown, cols + [f"{c}_words" for c in cols])
        keep = (same & known).to_numpy()
        out = mine.where(np.broadcast_to(keep[:, None], mine.shape), given)
    if _same_rows(out, shown, cols).all():
        return None
    return out


def _same_rows(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> pd.Series:
    """By row, whether ``a`` and ``b`` hold the same counts and words in ``cols`` (NaN,
    None and a column missing alike)."""
    num = [c for c in cols if not c.endswith("_words")]
    x, y = (f.reindex(columns=num).apply(pd.to_numeric, errors="coerce") for f in (a, b))
    same = ((x == y) | (x.isna() & y.isna())).all(axis=1)
    text = [c for c in cols if c.endswith("_words")]
    if text:
        u, v = (f.reindex(columns=text).astype(object).where(f.reindex(columns=text).notna(),
                                                               "") for f in (a, b))
        same &= (u == v).all(axis=1)
    return same


def _band_counts(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """A count read back from its words where guide.json gives them in place of a number:
    the band's lowest count ("fewer than 5 of 8" 1, "at least 5 of 8" 5), which falls on
    the same side of ``min_workers`` and gives the same words written again; NaN for words
    that give no side ("not shown": at 7 of 8 workers, 7 is "not shown" as 3 is, so it
    was read as 0 and the 13 cases resting on it were withheld on the roundtrip).

    Examples
    --------
    >>> f = pd.DataFrame({"n_workers": [None, None, 8.0, None], "n_workers_words": [
    ...     "fewer than 5 of 8", "at least 5 of 8", None, "not shown"]})
    >>> _band_counts(f, "n_workers")["n_workers"].tolist()
    [1.0, 5.0, 8.0, nan]
    """
    words = f"{col}_words"
    if words not in frame:
        return frame
    text = frame[words].astype("string")
    low = pd.to_numeric(text.str.extract(r"at least ([\d,]+)")[0].str.replace(",", ""),
                        errors="coerce").astype(float)
    small = text.str.match(r"fewer than|1 to").fillna(False).astype(bool).to_numpy()
    low = low.fillna(pd.Series(np.where(small, 1.0, np.nan), index=frame.index))
    out = frame.drop(columns=words)
    out[col] = pd.to_numeric(out[col], errors="coerce").astype(float).fillna(low)
    return out


def published_worker_counts(frame: pd.DataFrame, total: int | None,
                            min_workers: int = DEFAULT_MIN_WORKERS) -> pd.DataFrame:
    """``frame`` with its counts of workers (columns ``n_workers...``) as the guide publishes
    them (:func:`~timestudy._lib.disclose.count_cell`): a number, or a band in words
    ("fewer than 5 of 8") where the count or the rest is under ``min_workers``.

    A count read back from a guide.json is the band's lowest count (1 for "fewer than 5 of
    8"), which gives the guide's words again, never the 1; one "not shown" is NaN
    (:func:`resting_on`), "not shown" again (it read 0 and showed "0" until fix37g).

    Examples
    --------
    >>> f = pd.DataFrame({"n_workers": [6, 4, 1], "n_cases": [6, 4, 4]},
    ...                  index=["CIN", "CLA", "CP"])
    >>> published_worker_counts(f, 8, 5)["n_workers"].tolist()
    ['at least 5 of 8', 'fewer than 5 of 8', 'fewer than 5 of 8']
    >>> published_worker_counts(f, 8, 1)["n_workers"].tolist()
    ['6', '4', '1']
    >>> published_worker_counts(f.assign(n_workers=[8, 7, None]), 8, 7)["n_workers"].tolist()
    ['8', 'not shown', 'not shown']
    """
    cols = [c for c in frame.columns if str(c).startswith("n_workers")]
    if not cols:
        return frame
    out = frame.copy()
    for c in cols:
        n = pd.to_numeric(out[c], errors="coerce")
        most = int(n.max()) if n.notna().any() else 0
        out[c] = [count_cell(v, max(int(total or 0), most), min_workers) for v in n]
    return out
