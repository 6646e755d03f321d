"""Ids spelt as the tables listing them spell them, before any token is made.

``timestudy pseudonymise`` hashes each id as spelt (:func:`timestudy.privacy.tokens`), while
the guide joins ids after folding case and white space
(:func:`~timestudy.ingest.worker_ids.match_worker_ids`). Here every id outside its table takes
the table's spelling by the guide's own rule, called, not copied, so that the pseudonymised
copies join as the guide joins the originals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from timestudy.ingest.worker_ids import _folded, _near  # the guide's rule, written once
from timestudy.privacy import ID_KINDS, id_text

__all__ = ["spelt_as_tables"]


def _id_columns(frame: pd.DataFrame, columns: Mapping[str, str], kind: str) -> list[str]:
    """The columns of ``frame`` holding ids of ``kind`` (``columns``, else by name)."""
    named = columns or {c: c for c in frame.columns if c in ID_KINDS}
    return [c for c, k in named.items() if k == kind and c in frame.columns]


def spelt_as_tables(frames: Mapping[str, pd.DataFrame], columns: Mapping[str, str] | None,
                    listed_in: Mapping[str, Iterable[str]]) -> tuple[dict[str, pd.DataFrame], dict]:
    """Each id spelt as the table listing its kind spells it, by the rule the guide joins on.

    A token hashes an id's spelling, so two spellings the guide takes for one id (the
    diary's ``W02`` for the workers table's ``w02``) would become two tokens that join
    nothing. Here, before any token is made, every id of a kind outside its table (the
    diary's, and the holders of a cases table) that is not one of the table's ids but
    equals exactly one of them once case and white space are folded takes that id's
    spelling: the guide's own rule, called, not copied
    (:func:`timestudy.ingest.worker_ids.match_worker_ids`,
    :func:`~timestudy.ingest.case_ids.match_case_ids`,
    :func:`~timestudy.ingest.holder_ids.fold_holders`). An id that folds to none (or to
    two) is left as spelt, as the guide leaves it, with the table id its digits match but
    for leading zeros (the guide's "did you mean") recorded: once hashed, nobody could
    find it.

    Parameters
    ----------
    frames : mapping of name to DataFrame
        The tables; not modified.
    columns : mapping or None
        Column -> id kind (None: the columns named ``worker_id`` and ``case_id``).
    listed_in : mapping
        Id kind -> the names in ``frames`` of the table (or tables) listing those ids.

    Returns
    -------
    frames : dict
        Copies with ids spelt as their table spells them (trimmed); the same frames
        where nothing changed.
    said : dict
        ``folded``: one record per spelling taken as a table id (``kind``, ``name``,
        ``as_read``, ``as_table``, ``rows``); ``unknown``: one per id its table does not
        list (``kind``, ``name``, ``id``, ``rows``, ``near``: the table id it matches but
        for leading zeros, or None).

    Examples
    --------
    >>> diary = pd.DataFrame({"worker_id": ["W02", "W02", "W1"], "case_id": ["c 7", "C7", None]})
    >>> workers = pd.DataFrame({"worker_id": ["w02", "W01"]})
    >>> cases = pd.DataFrame({"case_id": ["C7"], "worker_id": ["W01"]})
    >>> out, said = spelt_as_tables({"diary": diary, "workers": workers, "cases": cases},
    ...     None, {"worker_id": ["workers"], "case_id": ["cases"]})
    >>> out["diary"]["worker_id"].tolist(), out["diary"]["case_id"].tolist()
    (['w02', 'w02', 'W1'], ['C7', 'C7', <NA>])
    >>> [(f["as_read"], f["as_table"], f["rows"]) for f in said["folded"]]
    [('W02', 'w02', 2), ('c 7', 'C7', 1)]
    >>> [(u["id"], u["rows"], u["near"]) for u in said["unknown"]]
    [('W1', 1, 'W01')]
    """
    out, said = dict(frames), {"folded": [], "unknown": []}
    for kind, names in listed_in.items():
        names = [n for n in names if n in frames]
        listed = [id_text(frames[n][c]) for n in names for c in _id_columns(frames[n],
                                                                             columns, kind)]
        table = pd.Index(pd.concat(listed).dropna().unique().astype(str)) if listed else None
        if table is None or table.empty:
            continue
        for name in [n for n in frames if n not in names]:
            for col in _id_columns(frames[name], columns, kind):
                ids = id_text(frames[name][col])
                rows = ids.value_counts()
                missing = pd.Index(rows.index.astype(str)).difference(table)
                to = _folded(missing, table)
                if to:
                    out[name] = out[name].assign(**{col: ids.replace(to)})
                left = missing.difference(pd.Index(list(to)))
                near = _near(left, table)
                said["folded"] += [{"kind": kind, "name": name, "as_read": a, "as_table": b,
                                    "rows": int(rows[a])} for a, b in to.items()]
                said["unknown"] += [{"kind": kind, "name": name, "id": u, "rows": int(rows[u]),
                                     "near": None if pd.isna(near[u]) else str(near[u])}
                                    for u in left]
    return out, said
