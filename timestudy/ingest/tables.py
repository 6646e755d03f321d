"""The cases and workers tables: read, checked against their schema, in canonical columns.

Unlike a diary, where a bad row is rejected and the rest kept, these tables are
small and every row matters (a case's type drives its weight), so any failure is
an error naming the file, the row, the column and the value.
"""

from __future__ import annotations

import warnings
import weakref
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.candidates import normalise
from timestudy.ingest.case_types import one_spelling
from timestudy.ingest.co_worked import co_worked_rows, merge_co_worked
from timestudy.ingest.files import RawTable, Source, problem_code, read_table
from timestudy.ingest.table_dates import date_reasons
from timestudy.ingest.table_headers import canonical_headers, missing_hint
from timestudy.schema.tables import TableSchema, check_table, load_schema

HOURS_PER_FTE = 37.0
_SHOWN = 8

#: The tables :func:`read_cases` and :func:`read_workers` returned, by ``id``: a weak
#: reference to the frame, which reader made it and a hash of its content. Read again (as
#: ``read_diary(cases=..., workers=...)`` reads the tables ``run_study`` has just read), a
#: table that is the same object with the same content is not checked again.
_CHECKED: dict[int, tuple[weakref.ref, str, bytes]] = {}


def read_cases(
    source: Source,
    *,
    sheet: str | int | None = None,
    name: str | None = None,
    dayfirst: bool = True,
) -> pd.DataFrame:
    """Read and check a cases table (``data_schema/cases.json``).

    Parameters
    ----------
    source : path, file-like or DataFrame
        CSV, XLSX, Parquet, JSON Lines, or a DataFrame.
    sheet : str or int, optional
        Worksheet of an XLSX file (default: the first).
    name : str, optional
        Name of the source in messages (default: the file name).
    dayfirst : bool
        Read ``03/04/2026`` as 3 April (default true).

    Returns
    -------
    DataFrame
        The schema's columns in order (``opened``/``closed`` as datetime64,
        ``in_proceedings`` as bool, taken as true for ``PROCEEDINGS`` cases when
        blank), then any extra columns as they were.

    Raises
    ------
    SchemaError
        Naming the file, row and column of every problem (the first few in the
        message, all in the error's ``failures`` table).

    Examples
    --------
    >>> from timestudy import read_cases
    >>> from timestudy.schema import EXAMPLES
    >>> cases = read_cases(EXAMPLES / "cases.csv")
    >>> cases.dtypes[["opened", "in_proceedings"]].astype(str).tolist()
    ['datetime64[us]', 'bool']
    """
    again = _read_before(source, "cases")
    if again is not None:
        return again
    table = _read(source, load_schema("cases"), sheet, name, dayfirst, check=_case_dates)
    table["case_type"] = one_spelling(table["case_type"], _named(source, name),
                                      ids=table["case_id"])

    table = merge_co_worked(table, _named(source, name))  # one row per period, co-workers
    blank = table["in_proceedings"].isna()
    if blank.any():
        table["in_proceedings"] = table["in_proceedings"].fillna(
            table["case_type"].str.upper().eq("PROCEEDINGS")
        )
    table["in_proceedings"] = table["in_proceedings"].astype(bool)
    for col in ("opened", "closed"):
        table[col] = table[col].astype("datetime64[us]")
    return _checked(table, "cases")


def read_workers(
    source: Source, *, sheet: str | int | None = None, name: str | None = None
) -> pd.DataFrame:
    """Read and check a workers table (``data_schema/workers.json``).

    Parameters
    ----------
    source : path, file-like or DataFrame
        CSV, XLSX, Parquet, JSON Lines, or a DataFrame.
    sheet : str or int, optional
        Worksheet of an XLSX file (default: the first).
    name : str, optional
        Name of the source in messages (default: the file name).

    Returns
    -------
    DataFrame
        The schema's columns in order with ``fte`` and ``contracted_hours``
        as float (a blank ``contracted_hours`` is taken as 37 x ``fte``) and ``left``
        as datetime64 (NaT: in post).

    Raises
    ------
    SchemaError
        Naming the file, row and column of every problem.

    Examples
    --------
    >>> from timestudy import read_workers
    >>> from timestudy.schema import EXAMPLES
    >>> workers = read_workers(EXAMPLES / "workers.csv")
    >>> workers[["worker_id", "fte", "contracted_hours"]].head(2).values.tolist()
    [['W001', 1.0, 37.0], ['W002', 0.8, 29.6]]
    """
    again = _read_before(source, "workers")
    if again is not None:
        return again
    from timestudy.schema.workdays import long_contract_days, pattern_failures

    table = _read(source, load_schema("workers"), sheet, name, True, check=pattern_failures,
                  note=lambda t: pd.concat([_hours_unlike_fte(t), long_contract_days(t)],
                                           ignore_index=True))
    table["fte"] = table["fte"].astype(float)
    hours = table["contracted_hours"].astype(float)
    table["contracted_hours"] = hours.fillna(HOURS_PER_FTE * table["fte"]).round(2)
    table["left"] = table["left"].astype("datetime64[us]")
    return _checked(table, "workers")


def _named(source, name: str | None) -> str:
    """The table's name in a warning: ``name``, else the file's name."""
    if name:
        return name
    return "the cases table" if isinstance(source, pd.DataFrame) or not isinstance(
        source, (str, Path)) else Path(source).name


def _content(frame: pd.DataFrame) -> bytes:
    """A hash of a frame's content: its column names and types, and each row's values
    (:func:`pandas.util.hash_pandas_object`, 64 bits a row, the index included)."""
    head = repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode()
    return head + pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()


def _checked(table: pd.DataFrame, kind: str, content: bytes | None = None) -> pd.DataFrame:
    """``table``, as read by the reader of ``kind``, marked as checked (:data:`_CHECKED`), with
    the hash of its content (:func:`_content`) when known: a copy's is its original's."""
    key = id(table)
    _CHECKED[key] = (weakref.ref(table, lambda _ref: _CHECKED.pop(key, None)), kind,
                     _content(table) if content is None else content)
    return table


def _read_before(source, kind: str) -> pd.DataFrame | None:
    """A copy of ``source`` when it is a table the reader of ``kind`` returned and its content
    is as it was then: reading it again would check it again and give it back unchanged.
    None otherwise (any other source, or a table changed since, is read and checked).

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> workers = read_workers(EXAMPLES / "workers.csv")
    >>> _read_before(workers, "workers").equals(workers), _read_before(workers, "cases")
    (True, None)
    >>> workers.loc[0, "fte"] = 2.0  # changed after its check: read and checked again
    >>> _read_before(workers, "workers") is None
    True
    """
    if not isinstance(source, pd.DataFrame):
        return None
    mark = _CHECKED.get(id(source))
    if mark is None or mark[0]() is not source or mark[1] != kind:
        return None
    if _content(source) != mark[2]:
        return None
    return _checked(source.copy(), kind, mark[2])  # the same content: not hashed again


def _case_dates(table: pd.DataFrame) -> pd.DataFrame:
    """Rows whose dates cannot be: closed before opened, and a case listed more than once
    whose rows are not periods one after the other (:mod:`timestudy.panels.case_periods`)."""
    both = pd.concat([_closed_before_opened(table), _periods_overlap(table)], ignore_index=True)
    return both.astype({"position": np.int64})


def _periods_overlap(table: pd.DataFrame) -> pd.DataFrame:
    """Rows (by position) of a case listed more than once that do not follow the row before
    it (by opening date): every row but the case's last needs a closed date, every row but
    its first an opened date, and a row opens on or after the closing of the one before.

    Examples
    --------
    >>> t = pd.DataFrame({"case_id": ["S1", "S1", "A", "B", "B"],
    ...     "opened": pd.to_datetime([None, "2026-03-11", None, None, "2026-03-05"]),
    ...     "closed": pd.to_datetime(["2026-03-11", None, None, None, None])})
    >>> _periods_overlap(t)[["position", "code"]].values.tolist()
    [[4, 'not_unique']]
    """

    co = co_worked_rows(table)  # a co-worker's row of a period: merged, not a period
    again = table["case_id"].duplicated(keep=False).to_numpy() & ~co
    if not again.any():
        return pd.DataFrame(columns=["position", "column", "code", "reason"])
    rows = table.loc[again, ["case_id", "opened", "closed"]].assign(position=np.flatnonzero(again))
    rows = rows.sort_values(["case_id", "opened"], na_position="first", kind="stable")
    before = rows.groupby("case_id", sort=False)[["opened", "closed", "position"]].shift()
    first = before["position"].isna().to_numpy()
    bad = ~first & (before["closed"].isna() | rows["opened"].isna()
                    | (rows["opened"] < before["closed"])).to_numpy()
    day = lambda d: "no date" if pd.isna(d) else f"{d:%Y-%m-%d}"  # noqa: E731
    why = [f"case {c!r} is listed more than once, and this row's period (opened {day(o)}) does "
           f"not follow the one before it (opened {day(po)}, closed {day(pc)}): a case that "
           "changed type or holder is listed once per period, each row opened on or after "
           "the closed date of the one before; give the dates, or list the case once"
           for c, o, po, pc in zip(rows["case_id"][bad], rows["opened"][bad],
                                   before["opened"][bad], before["closed"][bad], strict=True)]
    return pd.DataFrame({"position": rows["position"].to_numpy()[bad], "column": "case_id",
                         "code": "not_unique", "reason": why})


def _closed_before_opened(table: pd.DataFrame) -> pd.DataFrame:
    """Rows (by position) whose case closed before it opened, as check failures."""
    bad = np.flatnonzero((table["closed"] < table["opened"]).fillna(False).to_numpy(bool))
    day = "{:%Y-%m-%d}".format
    return pd.DataFrame({
        "position": bad, "column": "closed", "code": "closed_before_opened",
        "reason": [f"case {table['case_id'].iloc[i]!r} closed {day(table['closed'].iloc[i])}, "
                   f"before it opened {day(table['opened'].iloc[i])}: correct one of the two "
                   "dates (a case cannot be held before it opens)" for i in bad]})


def _read(source: Source, schema: TableSchema, sheet, name, dayfirst: bool,
          check=None, note=None) -> pd.DataFrame:
    raw = read_table(source, sheet=sheet, name=name)
    frame = canonical_headers(raw.frame, schema, raw.name)
    missing = [f for f in schema.required if f not in frame.columns]
    if missing:
        raise SchemaError(
            f"the {schema.name} table needs the column(s) {', '.join(missing)}; it has "
            f"{', '.join(map(repr, raw.frame.columns))}"
            f"{missing_hint(frame, schema, missing)}. Rename the header(s) to match "
            f"data_schema/{schema.name}.json",
            source=raw.name,
        )
    checked = check_table(frame, schema, dayfirst=dayfirst, source_row=raw.source_row)
    _raise_failures(checked.failures, raw, schema, frame.attrs.get("read_as"))
    out = {}
    for f in schema.fields:
        if f.name in checked.values:
            out[f.name] = checked.values[f.name]
        else:
            out[f.name] = _empty(f.type, len(frame))
    extras = [c for c in frame.columns if c not in schema.names]
    table = pd.DataFrame(out, index=frame.index)
    for col in extras:
        table[col] = frame[col]
    table = table.reset_index(drop=True)
    failed = check(table) if check is not None else None
    if failed is not None and len(failed):  # a rule across columns, once each column is read
        rows = np.asarray(raw.source_row, np.int64)[failed.pop("position").to_numpy()]
        _raise_failures(failed.assign(source_row=rows), replace(raw, problems=[]), schema)
    if note is not None:  # rows read but worth a second look: one warning naming them
        _warn_rows(note(table), raw, schema)
    return table


def _warn_rows(noted: pd.DataFrame, raw: RawTable, schema: TableSchema) -> None:
    """One ``DataQualityWarning`` naming the file and each row of ``noted`` (``position``
    in the table, ``reason``), the first few of them."""
    if not len(noted):
        return
    rows = np.asarray(raw.source_row, np.int64)[noted["position"].to_numpy()]
    shown = "; ".join(f"{raw.row_word} {r}: {why}"
                      for r, why in zip(rows[:_SHOWN], noted["reason"], strict=False))
    more = f"; and {len(noted) - _SHOWN} more" if len(noted) > _SHOWN else ""
    warnings.warn(f"{raw.name}: {len(noted)} row(s) of the {schema.name} table to check: "
                  f"{shown}{more}", DataQualityWarning, stacklevel=5)


#: How far a worker's contracted hours per FTE may be from the others' before they are named.
HOURS_PER_FTE_TOLERANCE = 0.15


def _hours_unlike_fte(table: pd.DataFrame) -> pd.DataFrame:
    """Workers whose ``contracted_hours`` (their own hours a week) over ``fte`` (their share
    of a full-time week) is more than :data:`HOURS_PER_FTE_TOLERANCE` from a full-time week:
    the median hours of the full-time workers (``fte`` 1) who give hours, else the median of
    the workers' hours per FTE where at least 3 give hours, else 37. Such a row (0.8 FTE
    contracted for 37 hours: 46.25 hours per FTE) has one of the two wrong, and either way
    the contracted hours per FTE of the time available would move silently.

    Examples
    --------
    >>> t = pd.DataFrame({"fte": [1.0, 1.0, 0.5, 0.8, 0.8],
    ...                   "contracted_hours": [37.0, 37.5, 18.5, 37.0, None]})
    >>> noted = _hours_unlike_fte(t)  # 37 / 0.8 = 46.25 against the full-time 37 and 37.5
    >>> noted["position"].tolist(), noted["reason"][0][:49]
    ([3], 'fte 0.8 with contracted_hours 37 is 46.25 hours a')
    """
    fte = table["fte"].astype(float).to_numpy()
    hours = table["contracted_hours"].astype(float).to_numpy()
    per = np.divide(hours, fte, out=np.full(len(fte), np.nan), where=fte > 0)
    given = per[np.isfinite(per)]
    whole = hours[(fte == 1) & np.isfinite(hours)]  # a full-time worker's hours: the week
    full = (float(np.median(whole)) if len(whole) else float(np.median(given))
            if len(given) >= 3 else HOURS_PER_FTE)
    off = np.flatnonzero(np.isfinite(per) & (np.abs(per / full - 1) > HOURS_PER_FTE_TOLERANCE))
    reasons = [f"fte {fte[i]:g} with contracted_hours {hours[i]:g} is {per[i]:.4g} hours a week "
               f"per FTE, where a full-time week is {full:.4g} here: contracted_hours is the "
               f"worker's own hours a week (blank: {HOURS_PER_FTE:g} x fte); correct whichever "
               "of the two is wrong" for i in off]
    return pd.DataFrame({"position": off, "reason": reasons})


def _canonical_headers(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """``frame`` with each header equal to a field's name once folded renamed to it (the
    evidence tables' rule; the cases and workers tables read others too:
    :func:`~timestudy.ingest.table_headers.canonical_headers`)."""
    rename = {}
    for col in frame.columns:
        key = normalise(col)
        if key in schema.names and key not in rename.values() and key not in frame.columns:
            rename[col] = key
    return frame.rename(columns=rename)


def _raise_failures(failures: pd.DataFrame, raw: RawTable, schema: TableSchema,
                    headers: dict | None = None) -> None:
    problems = [(p[0], "", problem_code(p), p[2]) for p in raw.problems]
    if failures.empty and not problems:
        return
    rows = failures["source_row"].to_numpy(np.int64)
    table = pd.DataFrame(
        {
            "source_row": rows,
            "column": failures["column"].to_numpy(object),
            "code": failures["code"].to_numpy(object),
            "reason": failures["reason"].to_numpy(object),
        }
    )
    if problems:
        table = pd.concat([table, pd.DataFrame(problems, columns=list(table.columns))])
    table = table.sort_values("source_row", kind="stable").reset_index(drop=True)
    table["reason"] = date_reasons(table["reason"], raw.format, headers)
    word = raw.row_word
    shown = "; ".join(f"{word} {r.source_row}: {r.reason}" for r in table.head(_SHOWN).itertuples())
    more = f"; and {len(table) - _SHOWN} more" if len(table) > _SHOWN else ""
    err = SchemaError(
        f"{len(table)} problem(s) in the {schema.name} table: {shown}{more}. Fix "
        f"them (see data_schema/{schema.name}.json) and read it again",
        source=raw.name,
    )
    err.failures = table  # type: ignore[attr-defined]
    raise err


def _empty(kind: str, n: int) -> pd.Series:
    if kind in ("number", "integer"):
        return pd.Series(np.nan, index=range(n), dtype=float)
    if kind in ("date", "datetime"):
        return pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if kind == "boolean":
        return pd.Series(pd.NA, index=range(n), dtype="boolean")
    return pd.Series(pd.NA, index=range(n), dtype="string")
