"""Ids spelt as the tables listing them spell them, before any token is made.

``timestudy pseudonymise`` hashes each id as spelt (:func:`timestudy.privacy.tokens`), while
the guide joins ids after folding case and white space
(:func:`~timestudy.ingest.worker_ids.match_worker_ids`). Here every id outside its table takes
the table's spelling by the guide's own rule, called, not copied, so that the pseudonymised
copies join as the guide joins the originals. :func:`tables_read` finds the cases and workers
tables among a set of files, and the headers of each the guide reads, by the guide's own
header rule (:func:`timestudy.ingest.table_headers.canonical_headers`), called, not copied.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.candidates import normalise
from timestudy.ingest.co_worked import CO_JOIN, cell_holders, listed_by_fold
from timestudy.ingest.table_headers import canonical_headers  # the guide's header rule
from timestudy.ingest.worker_ids import _folded, _near  # the guide's rule, written once
from timestudy.privacy import ID_KINDS, id_text
from timestudy.schema.tables import load_schema, read_dates

__all__ = ["co_held_cells", "dated_as_table", "fields_read", "spelt_as_tables",
           "tables_read"]

#: Headers (folded by :func:`~timestudy.ingest.candidates.normalise`) a diary has: a file
#: headed with one is never taken for a cases or workers table (a diary with a ``Category``
#: column would otherwise read as a cases table, ``start`` as its ``opened``).
DIARY_ONLY = frozenset({"duration_min", "date"})
#: Headers a diary has that a case system's export also heads its open and close dates with
#: (``Start``, ``End``): a file headed so is a diary unless the guide reads every value under
#: them as a date (:func:`dated_as_table`).
DIARY_OR_DATES = frozenset({"start", "end"})


def fields_read(frame: pd.DataFrame, table: str, name: str, warn: bool = False) -> dict:
    """Header -> field of each column of ``frame`` the guide reads as a field of ``table``.

    The guide's own rule (:func:`~timestudy.ingest.table_headers.canonical_headers`),
    called: a field's name with capitals, spaces and hyphens folded (``Case Type``), else
    one of its other names when it is the only one (``Start Date`` as ``opened``,
    ``Staff ID`` as ``worker_id``).

    Parameters
    ----------
    frame : DataFrame
        The table as read (not modified).
    table : {"cases", "workers"}
        The table whose fields are read.
    name : str
        The file's name, in the rule's warnings.
    warn : bool
        Let the rule's warning through (the columns read by another name, and those left
        unread that look like a field the table lacks); by default it is silenced.

    Returns
    -------
    dict
        Each header read, in the frame's order, and the field it is read as.

    Examples
    --------
    >>> t = pd.DataFrame(columns=["Staff ID", "FTE", "Weekly Hours", "Notes"])
    >>> fields_read(t, "workers", "workers.csv")
    {'Staff ID': 'worker_id', 'FTE': 'fte', 'Weekly Hours': 'contracted_hours'}
    """
    schema = load_schema(table)
    with warnings.catch_warnings():
        if not warn:
            warnings.simplefilter("ignore", DataQualityWarning)
        read = canonical_headers(frame, schema, name).columns
    return {h: f for h, f in zip(frame.columns, read, strict=True) if f in schema.names}


def tables_read(frames: Mapping[str, pd.DataFrame], files: Mapping[str, str],
                tables: Iterable[str] = ("cases", "workers")) -> dict[str, dict[str, dict]]:
    """The frames that are each table, and the headers of each read as its fields.

    A frame is the cases (or workers) table when the guide's header rule
    (:func:`fields_read`) reads every field that table requires (cases: ``case_id``,
    ``case_type``; workers: ``worker_id``, ``fte``) and it has no header a diary has
    (:data:`DIARY_ONLY`: ``duration_min``, ``date``); a frame headed ``start`` or ``end`` is
    the table only when the guide reads every value under them as a date
    (:func:`dated_as_table`: a case system's ``Start``/``End``, where a diary's hold times of
    day). For each frame taken, the rule's warning is let through once, naming
    ``files[name]``.

    Parameters
    ----------
    frames : mapping of name to DataFrame
        The tables as read.
    files : mapping of name to str
        Each frame's file name, for warnings.
    tables : iterable of str
        The tables to look for.

    Returns
    -------
    dict
        Table -> {frame name -> {header -> field}}, for the frames taken as that table.

    Examples
    --------
    >>> diary = pd.DataFrame(columns=["worker_id", "start", "end", "case_id"])
    >>> cases = pd.DataFrame(columns=["Case Ref", "Case Type", "Allocated Worker"])
    >>> workers = pd.DataFrame(columns=["Staff ID", "FTE"])
    >>> found = tables_read({"d": diary, "c": cases, "w": workers},
    ...                     {"d": "d.csv", "c": "c.csv", "w": "w.csv"})
    >>> found["cases"]
    {'c': {'Case Ref': 'case_id', 'Case Type': 'case_type', 'Allocated Worker': 'worker_id'}}
    >>> found["workers"]
    {'w': {'Staff ID': 'worker_id', 'FTE': 'fte'}}
    """
    out: dict[str, dict[str, dict]] = {}
    for table in tables:  # (the frames are a handful: one per file given)
        need = set(load_schema(table).required)
        out[table] = {}
        for name, frame in frames.items():
            read = fields_read(frame, table, files[name])
            heads = {normalise(str(c)) for c in frame.columns}
            if (need <= set(read.values()) and not heads & DIARY_ONLY
                    and dated_as_table(frame, read)):
                out[table][name] = fields_read(frame, table, files[name], warn=True)
    return out


def _id_columns(frame: pd.DataFrame, columns: Mapping[str, str], kind: str) -> list[str]:
    """The columns of ``frame`` holding ids of ``kind`` (``columns``, else by name)."""
    named = columns or {c: c for c in frame.columns if c in ID_KINDS}
    return [c for c, k in named.items() if k == kind and c in frame.columns]


def co_held_cells(cells: pd.Index, table: pd.Index) -> pd.Series:
    """The cells naming several holders (a co-worked case's, ``'W1; W2'``, ``'w1 & W2'``,
    ``'W1; W9'`` with W9 not listed), each spelt as ``table`` spells them and joined by
    ``'; '``: the guide's own reading of such a cell
    (:func:`timestudy.ingest.co_worked.cell_holders`, called), so the copies' cell names
    the copies' holders as the guide reads the originals'.

    Examples
    --------
    >>> co_held_cells(pd.Index(["w1 & W2", "W1; W9", "A/B", "W3"]), pd.Index(["W1", "W2", "W3"]))
    w1 & W2    W1; W2
    W1; W9     W1; W9
    dtype: object
    """
    listed = listed_by_fold(pd.Series(table, dtype=object))
    named = {c: CO_JOIN.join(p) for c in cells if (p := cell_holders(c, listed))}  # a handful
    return pd.Series(named, dtype=object)


def dated_as_table(frame: pd.DataFrame, read: Mapping[str, str]) -> bool:
    """Whether the columns headed as a diary's (``start``, ``end``: :data:`DIARY_OR_DATES`)
    that ``read`` takes as a table's dates hold dates, as the guide reads that table.

    A case system exports a case's open and close dates under ``Start`` and ``End``; a
    diary's ``start`` and ``end`` hold times of day. The guide, given the file as the cases
    table (``guide --cases``), reads such a column by its date rule
    (:func:`timestudy.schema.tables.read_dates`), called here: every value given is a date
    (no time of day) and at least one is given. A frame with no such header is not held
    back; one with no value under them (no evidence) is a diary.

    Parameters
    ----------
    frame : DataFrame
        The table as read.
    read : mapping
        Header -> field read (:func:`fields_read`).

    Returns
    -------
    bool

    Examples
    --------
    >>> cases = pd.DataFrame({"Start": ["2026-03-02"], "End": [None]})
    >>> diary = pd.DataFrame({"start": ["2026-03-02 09:15"], "end": ["2026-03-02 10:00"]})
    >>> read = {"Start": "opened", "End": "closed", "start": "opened", "end": "closed"}
    >>> dated_as_table(cases, read), dated_as_table(diary, read)
    (True, False)
    """
    cols = [c for c in frame.columns if normalise(str(c)) in DIARY_OR_DATES]
    if not cols:
        return True
    if not all(read.get(c) in ("opened", "closed", "joined", "left") for c in cols):
        return False
    given = 0
    for col in cols:  # one or two columns
        values = frame[col]
        if values.dtype.kind == "M" and (values.dropna() != values.dropna().dt.normalize()
                                          ).any():  # a workbook's datetimes: times of day
            return False
        dates, bad = read_dates(values)
        if bad.any():
            return False
        given += int(dates.notna().sum())
    return given > 0


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
                if kind == "worker_id":  # 'W1; W2': a co-worked case's holders, each spelt
                    co = co_held_cells(missing, table)
                    missing = missing.difference(co.index)
                    if len(co):
                        out[name] = out[name].assign(**{col: id_text(out[name][col]).replace(
                            co.to_dict())})
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
