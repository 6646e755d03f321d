"""Each published cell of ``observe`` counted in people: a category, a category in a group,
a tempogram slot's category, a transition, an interruption source, a task status, a level
of multitasking.

A cell's figures rest on the people who did it, not on the study's or the group's: a
category only one of six workers did is that worker's own time, whatever the study's head
count. A cell whose people are fewer than ``min_workers``
(:func:`~timestudy._lib.disclose.too_few`; a cell of no one is a zero, published) is
withheld in every table; its count of workers stays, as with every withheld row
(:func:`~timestudy.observe._publish.blank`), in words ("fewer than 5":
:func:`~timestudy.observe._publish.band_people`). The tables also publish totals (the ``all``
rows, a group's ``all`` row, shares adding up to 1, a label's minutes over the slots), so a
single withheld cell in a margin would come back as the total less the others: then the
margin's next smallest cell (fewest people, then by name) is withheld too, as the guide's
complementary suppression does (:mod:`timestudy.guide.totals`), rows first, then columns,
until no margin has exactly one; a cell that is its other margin's only one of someone is
known from that total, so it is never the complement, and a slot or group of one label
withheld has its total withheld too. The tempogram, whose slots and labels are many, takes
the fewest complements that stop every subtraction instead
(:mod:`timestudy.observe._secondary`): a label withheld study-wide only as another's
complement keeps its shares there but those its total needs withheld. Under survey weights
a label's and a group's cell is also withheld where its people are fewer than
``min_workers`` in effect (Kish's number, :func:`in_effect`); a tempogram slot's, a
transition's and an interruption source's people are counted by head.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import too_few
from timestudy.observe._publish import blank
from timestudy.observe._secondary import protect

#: Tables with one row per category (``by`` columns, then an ``all`` row).
_BY_ROWS = ("multitasking", "interruptions", "multi_agreement_categories")
ALL = "all"


def cell_people(episodes: pd.DataFrame, by: list[str], person: str,
                group: list[str], weight: str | None = None) -> pd.DataFrame:
    """Who did what: one row per person, label (``by`` joined by `` / ``) and group; with
    ``weight``, the person's survey weight (``_weight``: the mean of their episodes').

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["X", "X", "Y"], "category": ["a", "a", "b"]})
    >>> cell_people(e, ["category"], "worker_id", []).to_dict("list")
    {'_person': ['X', 'Y'], '_label': ['a', 'b']}
    """
    label = episodes[by].astype(str).agg(" / ".join, axis=1)
    cols = {"_person": episodes[person].astype(str), "_label": label}
    cols.update({g: episodes[g].astype(str) for g in group})
    if weight is not None:
        w = pd.to_numeric(episodes[weight], errors="coerce").fillna(0.0)
        cols["_weight"] = w.groupby(cols["_person"]).transform("mean")
    return pd.DataFrame(cols).drop_duplicates().reset_index(drop=True)


def in_effect(cells: pd.DataFrame, keys: list[str]) -> pd.Series | None:
    """Kish's effective number of each cell's people under their survey weights, ``(sum
    w)^2 / sum w^2`` (as :func:`~timestudy._lib.disclose.effective_workers`: scaled by the
    largest, so equal weights give the head count); None without weights.

    Examples
    --------
    Three people weighted 1, 1 and 4 did ``a``: 36 / 18 = 2 in effect.

    >>> c = pd.DataFrame({"_person": list("XYZ"), "_label": "a", "_weight": [1.0, 1, 4]})
    >>> in_effect(c, ["_label"]).to_dict()
    {'a': 2.0}
    """
    if "_weight" not in cells.columns:
        return None
    per = cells.drop_duplicates([*keys, "_person"])
    by = [per[k] for k in keys]
    top = per.groupby(by)["_weight"].transform("max")
    r = (per["_weight"] / top.where(top > 0)).fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return r.groupby(by).sum() ** 2 / (r**2).groupby(by).sum()


def _complement(hidden: pd.Series, people: pd.Series, sole=None) -> pd.Series:
    """``hidden`` with the smallest other cell added where exactly one of a margin's cells
    of someone is hidden (its total published). A cell ``sole`` (the only one of someone in
    its other margin, so known from that total) cannot hide it; where no cell can, every
    cell of the margin goes."""
    live = people > 0
    if int((hidden & live).sum()) != 1 or not (live & ~hidden).any():
        return hidden
    can = live & ~hidden if sole is None else live & ~hidden & ~sole
    if not can.any():
        return hidden | live
    rest = people[can]
    order = pd.DataFrame({"n": rest.to_numpy(), "k": [str(i) for i in rest.index]},
                         index=rest.index).sort_values(["n", "k"])
    return hidden | (hidden.index == order.index[0])


def hidden_labels(cells: pd.DataFrame, min_workers: int) -> pd.Series:
    """Which labels are withheld study-wide: fewer than ``min_workers`` people (not none),
    and the smallest other where that leaves one to be had from the ``all`` row.

    Examples
    --------
    Six people: X alone did ``rec``, all six ``travel``; ``rec`` is withheld, and
    ``travel`` with it (all less travel would be rec).

    >>> c = pd.DataFrame({"_person": list("XABCDEX"), "_label": ["travel"] * 6 + ["rec"]})
    >>> hidden_labels(c, 5).to_dict()
    {'rec': True, 'travel': True}
    >>> hidden_labels(c, 1).any()
    np.False_
    """
    people = cells.groupby("_label")["_person"].nunique()
    eff = in_effect(cells, ["_label"])
    few = too_few(people, min_workers, None if eff is None else eff.reindex(people.index))
    return _complement(few & (people > 0), people)


def group_cells(cells: pd.DataFrame, group: list[str], min_workers: int,
                labels: pd.Series) -> pd.DataFrame:
    """Which cells of the time budget by group are withheld (groups x labels, ``all`` a
    column): fewer people, a group of fewer (its whole row), a label withheld study-wide
    (``labels``), then complements until no group (its ``all`` row) and no label (its
    study-wide total, and ``all``: the study's) has exactly one of its cells withheld.

    Examples
    --------
    Groups A (X, Y: too few in all) and B (five people); ``rec`` was done by one of B:
    A's row is withheld, and with it B's ``all`` (the study's total less B's would be A's).

    >>> c = pd.DataFrame({"_person": list("XYBCDEFB"), "_label": ["t"] * 7 + ["rec"],
    ...                   "team": list("AABBBBBB")})
    >>> h = group_cells(c, ["team"], 5, hidden_labels(c, 5))
    >>> h.loc["A"].all(), bool(h.loc["B", "all"]), bool(h.loc["B", "rec"])
    (np.True_, True, True)
    """
    key = group[0] if len(group) == 1 else group
    people = cells.groupby([*group, "_label"])["_person"].nunique().unstack("_label", 0)
    size = cells.groupby(key)["_person"].nunique().reindex(people.index)
    people[ALL] = size
    eff, eff_size = in_effect(cells, [*group, "_label"]), in_effect(cells, group)
    if eff is not None:  # under survey weights: fewer in effect are too few as well
        eff = eff.unstack("_label").reindex(index=people.index, columns=people.columns)
        eff[ALL] = eff_size.reindex(people.index).to_numpy()
        eff_size = eff[ALL]
    small = too_few(size, min_workers, eff_size)
    hidden = (too_few(people, min_workers, eff) & (people > 0)) | np.asarray(small)[:, None]
    hidden.loc[:, labels[labels].index.intersection(people.columns)] |= people > 0
    known = pd.Series({c: c == ALL or not labels.get(c, False) for c in people.columns})
    cats = [c for c in people.columns if c != ALL]
    while True:
        hidden = _settle(hidden, people, known, cats)
        # a group of one label, withheld: its all row would give it back
        live = people[cats] > 0
        leak = live.sum(axis=1).eq(1) & (live & hidden[cats]).any(axis=1) & ~hidden[ALL]
        if not leak.any():
            return hidden
        hidden.loc[leak, ALL] = True


def _row_labels(t: pd.DataFrame, by: list[str]) -> pd.Series:
    first = t[by[0]].astype(str)
    joined = t[by].astype(str).agg(" / ".join, axis=1)
    return joined.where(first != ALL, ALL)


def _budget(t: pd.DataFrame, cells: pd.DataFrame, by: list[str], group: list[str],
            k: int, labels: pd.Series) -> pd.DataFrame:
    """The time budget with each row's ``workers`` its cell's people, withheld cells blank."""
    lab = _row_labels(t, by)
    if group:
        hidden = group_cells(cells, group, k, labels)
        people = cells.groupby([*group, "_label"])["_person"].nunique().unstack("_label", 0)
        people[ALL] = cells.groupby(group[0] if len(group) == 1 else group)["_person"].nunique()
        at = pd.MultiIndex.from_arrays([*(t[g].astype(str) for g in group), lab])
        n = people.stack().reindex(at).to_numpy(float)
        hide = hidden.stack().reindex(at).fillna(False).to_numpy(bool)
    else:
        count = cells.groupby("_label")["_person"].nunique()
        count[ALL] = cells["_person"].nunique()
        n = count.reindex(lab).to_numpy(float)
        hide = labels.reindex(lab).fillna(False).to_numpy(bool)
    return blank(t.assign(workers=pd.array(np.round(n)).astype("Int64")), hide)


def withhold_cells(frames: dict[str, pd.DataFrame], cells: pd.DataFrame, by: list[str],
                   group: list[str], min_workers: int, moves: pd.DataFrame | None = None,
                   slots: pd.DataFrame | None = None
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The tables (index as columns) with every cell of fewer than ``min_workers`` people
    withheld, and its complements (see the module notes); and why, in words. ``moves``:
    the people who made each transition (from x to), as
    :attr:`~timestudy.observe.profiles.Transitions.people`; ``slots``: the people of each
    tempogram slot and label (:attr:`~timestudy.observe.profiles.Tempogram.people`).

    Examples
    --------
    >>> c = pd.DataFrame({"_person": list("XABCDEX"), "_label": ["travel"] * 6 + ["rec"]})
    >>> m = pd.DataFrame({"category": ["rec", "travel", "all"], "minutes": [47.0, 360, 407]})
    >>> out, why = withhold_cells({"multitasking": m}, c, ["category"], [], 5)
    >>> out["multitasking"]["minutes"].tolist(), "categories" in why
    ([nan, nan, 407.0], True)
    """
    labels = hidden_labels(cells, min_workers)
    group = [g for g in group if g in cells.columns]
    out = dict(frames)
    if "time_budget" in out:
        out["time_budget"] = _budget(out["time_budget"], cells, by, group, min_workers, labels)
    gone = set(labels[labels].index)
    for name in _BY_ROWS:
        if name in out and all(c in out[name] for c in by):
            out[name] = blank(out[name], _row_labels(out[name], by).isin(gone))
    if "transitions" in out and "from" in out["transitions"]:
        out["transitions"] = _transitions(out["transitions"], gone, min_workers, moves)
    if "tempogram" in out:
        out["tempogram"] = _tempogram(out["tempogram"], gone, min_workers, slots)
    if "multitasking" in out and "multitasking_workers" in out["multitasking"]:
        out["multitasking"], alone = _multitasking(out["multitasking"], by, min_workers)
        if alone and "summary" in out:
            s = out["summary"]
            out["summary"] = blank(s, s["measure"].astype(str) == "share_multitasking")
    for name, key in (("interruptions_sources", "source"), ("interruptions_durations", "status"),
                      ("multitasking_levels", "activities")):
        if name in out:
            out[name] = _by_people(out[name], key, gone, min_workers)
    changed = sorted(k for k in out if out[k].isna().sum().sum() > frames[k].isna().sum().sum())
    if not changed:
        return out, {}
    return out, {"categories": (
        f"figures of categories ({len(gone)} study-wide), of groups' categories or of "
        f"interruption sources done by fewer than {min_workers} workers are withheld, with "
        f"as many more as would give them back from the totals, in {', '.join(changed)}; "
        f"for a pilot study of your own, `--min-workers 1` shows every figure")}


def _by_people(t: pd.DataFrame, key: str, gone: set, k: int) -> pd.DataFrame:
    """A table of rows by ``key`` (interruption source, task status) with ``workers``: a
    row of a label withheld, or of fewer people, withheld, with its complement (the rows
    add up to the interruptions table's ``all`` row).

    Examples
    --------
    >>> t = pd.DataFrame({"source": ["a", "b", "c"], "workers": [1, 5, 6],
    ...                   "interruptions": [1, 5, 6]})
    >>> _by_people(t, "source", set(), 5)["interruptions"].tolist()
    [nan, nan, 6.0]
    """
    if key not in t or not len(t):
        return t
    n = t["workers"] if "workers" in t else pd.Series(k, index=t.index)
    hide = t[key].astype(str).isin(gone) | (too_few(n, k) & (n > 0))
    people = pd.Series(n.to_numpy(), index=t[key].astype(str))
    hide = _complement(pd.Series(hide.to_numpy(), index=people.index), people)
    out = blank(t, hide.to_numpy())
    if key == "activities":  # levels of 2 or more add up to the time multitasking
        multi = out["activities"].astype(float) >= 2
        if (multi & hide.to_numpy()).any():
            out = blank(out, multi)
    return out


def _transitions(t: pd.DataFrame, gone: set, k: int, moves: pd.DataFrame | None
                 ) -> pd.DataFrame:
    """Transition probabilities: a withheld label's row and column blank, a row whose
    transitions out fewer people made blank (its ``transitions_out`` too; its people taken
    as its largest cell's, the fewest they can be), and a cell of
    fewer people (``moves``) blank with the smallest other of its row (a row adds up to 1).

    Examples
    --------
    >>> t = pd.DataFrame({"from": ["a", "b"], "a": [0.5, 0.0], "b": [0.5, 1.0],
    ...                   "transitions_out": [12, 6]})
    >>> moves = pd.DataFrame([[6, 1], [0, 6]], index=["a", "b"], columns=["a", "b"])
    >>> _transitions(t, set(), 5, moves)[["a", "b"]].to_numpy().tolist()
    [[nan, nan], [0.0, 1.0]]
    """
    cols = [c for c in t.columns if c not in ("from", "transitions_out")]
    frm = t["from"].astype(str)
    hide = pd.DataFrame(False, index=t.index, columns=cols)
    hide.loc[frm.isin(gone).to_numpy()] = True
    hide.loc[:, [c for c in cols if str(c) in gone]] = True
    if moves is not None:
        n = moves.reindex(index=frm, columns=cols).fillna(0).set_axis(t.index)
        most = n.max(axis=1)  # a row's people are at least its largest cell's
        row_few = too_few(most, k) & (most > 0)
        hide |= (too_few(n, k) & (n > 0)) | row_few.to_numpy()[:, None]
        for i in t.index:  # a few rows and columns: the categories
            hide.loc[i] = _complement(hide.loc[i], n.loc[i]).to_numpy()
    out = t.copy()
    out[cols] = out[cols].astype(float).mask(hide)
    gone_rows = hide.all(axis=1) & hide.any(axis=1)
    out.loc[gone_rows.to_numpy(), "transitions_out"] = np.nan
    return out


def _settle(hidden: pd.DataFrame, people: pd.DataFrame, known: pd.Series,
            in_rows: list | None = None) -> pd.DataFrame:
    """Complements until no row (over its ``in_rows`` columns, default all), and no column
    whose total is ``known``, has exactly one cell of someone withheld alone."""
    in_rows = list(hidden.columns) if in_rows is None else in_rows
    known = known.reindex(hidden.columns, fill_value=False)
    live = people > 0
    col_sole = (live.sum(axis=0) == 1) & known  # known from its column's total
    row_sole = live[in_rows].sum(axis=1) == 1
    while True:
        before = hidden.copy()
        for r in hidden.index:  # slots or groups by labels: small
            hidden.loc[r, in_rows] = _complement(hidden.loc[r, in_rows], people.loc[r, in_rows],
                                                 col_sole[in_rows]).to_numpy()
        for c in hidden.columns[known.to_numpy()]:
            sole = row_sole if c in in_rows else None
            hidden[c] = _complement(hidden[c], people[c], sole)
        if hidden.equals(before):
            return hidden


def _tempogram(t: pd.DataFrame, gone: set, k: int, slots: pd.DataFrame | None
               ) -> pd.DataFrame:
    """Tempogram shares: a slot's share of fewer people blank (a slot of too few: all of
    them), with the fewest complements that stop every subtraction
    (:func:`~timestudy.observe._secondary.protect`): a slot's shares add up to 1 (its
    minutes to its time observed), a label's minutes over the slots to its total, published
    unless the label is withheld study-wide (``gone``), and the labels' totals to the
    ``all`` row. A withheld label's column is not blanked whole (its cells of fewer people
    are, and as many more as keep its total from being had back); a slot whose withheld
    cells its time observed would give back (one label: share 1) has that withheld too.

    Examples
    --------
    Two slots of 6 people; in 09:00 one of them did ``b``: withheld, with the cheapest
    rectangle through it (its slot's total and b's would each give it back): 09:00's
    ``a`` and 10:00's ``b`` and ``a`` (5 people each); a third label ``c`` is untouched.

    >>> t = pd.DataFrame({"slot": ["09:00", "10:00"], "workers": [6, 6],
    ...                   "a": [0.5, 0.2], "b": [0.1, 0.3], "c": [0.4, 0.5]})
    >>> people = pd.DataFrame({"a": [5, 5], "b": [1, 5], "c": [6, 6]}, index=t["slot"])
    >>> _tempogram(t, set(), 5, people)[["a", "b", "c"]].to_numpy().tolist()
    [[nan, nan, 0.4], [nan, nan, 0.5]]
    """
    cols = [c for c in t.columns if str(c) in gone]
    if slots is None or "slot" not in t:
        return t.assign(**{c: np.nan for c in cols})
    labels = [c for c in slots.columns if c in t.columns]
    out = t.assign(**{c: np.nan for c in cols if c not in labels})
    n = slots.reindex(index=t["slot"].astype(str), columns=labels).fillna(0)
    few = too_few(t["workers"], k).to_numpy()
    free = few.copy()
    if few.sum() == 1 and (~few).any():  # one slot's time observed is the all row less the
        w = t["workers"].to_numpy(float)  # rest: a second's goes, fewest workers first
        free[np.flatnonzero(~few)[np.argsort(w[~few], kind="stable")[0]]] = True
    hidden = (too_few(n, k) & (n > 0)) | free[:, None]
    known = pd.Series([c not in gone for c in labels], index=labels)
    hidden, rows = protect(n, hidden, pd.Series(~free, index=n.index), known)
    out[labels] = out[labels].astype(float).mask(hidden.to_numpy())
    # a slot whose cells of someone are all withheld and still given back by its time
    # observed (a slot of one label: its share is 1) has that withheld too
    freed = ~rows.to_numpy() & ~few
    return blank(out, freed) if freed.any() else out


def _multitasking(t: pd.DataFrame, by: list[str], k: int) -> tuple[pd.DataFrame, bool]:
    """Multitasking by label: a label's multitasking minutes (and share) withheld where
    fewer people multitasked in it, with a complement (the ``all`` row's add up); the
    ``all`` row's where fewer multitasked at all (then True: the summary's share goes)."""
    lab = _row_labels(t, by).to_numpy()
    n = pd.Series(t["multitasking_workers"].to_numpy(float), index=lab)
    hide = too_few(n, k) & (n > 0)
    cats = lab != ALL
    hide[cats] = _complement(hide[cats], n[cats]).to_numpy()
    out = t.copy()
    out.loc[hide.to_numpy(), ["multitasking_min", "share_multitasking"]] = np.nan
    return out, bool(hide[~cats].any())
