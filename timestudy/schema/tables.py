"""The published table schemas (``data_schema/*.json``) and the engine that checks a table against them.

The schemas are Frictionless Table Schema files and the single source of truth
for what a valid episodes, cases or workers table is: field names, types,
required and unique fields, minimum and maximum, allowed values and the
spellings of a missing value. :func:`check_table` reads a table against one and
returns *every* failure (not just the first) as a table with a machine-readable
code, in the manner of pandera's ``failure_cases``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy._lib.arrow import encode_chunks
from timestudy.errors import SchemaError
from timestudy.schema import PUBLISHED, parse
from timestudy.schema.daterange import DateRange
from timestudy.schema.textbytes import clean_already

TableName = Literal["episodes", "cases", "workers"]
FAILURE_COLUMNS = ["source_row", "column", "code", "value", "reason"]
#: The same failures while the table is being checked: ``row`` is the 0-based position.
ROW_FAILURE_COLUMNS = ["row", "column", "code", "value", "reason"]
_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "boolean": "yes or no",
    "date": "a date",
    "datetime": "a date and time",
}


@dataclass(frozen=True)
class Field:
    """One field of a table schema (a Frictionless field descriptor).

    Parameters
    ----------
    name, type, title, description : str
        The field's name, Frictionless type (``string``, ``number``,
        ``integer``, ``boolean``, ``date``, ``datetime``...) and documentation.
    required, unique : bool
        Constraints: a value must be given; no value may repeat.
    minimum, maximum : float, optional
        Bounds of a number.
    enum : tuple, optional
        The values allowed.
    pattern : str, optional
        A regular expression every value must match.
    example : optional
        An example value, for documentation.

    Examples
    --------
    >>> fte = next(f for f in load_schema("workers").fields if f.name == "fte")
    >>> fte.type, fte.required
    ('number', True)
    >>> Field("minutes", "number", minimum=0).maximum is None
    True
    """

    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple | None = None
    pattern: str | None = None
    example: Any = None

    @classmethod
    def from_dict(cls, spec: dict) -> Field:
        c = spec.get("constraints", {})
        return cls(
            spec["name"],
            spec.get("type", "string"),
            spec.get("title", ""),
            spec.get("description", ""),
            bool(c.get("required", False)),
            bool(c.get("unique", False)),
            c.get("minimum"),
            c.get("maximum"),
            tuple(c["enum"]) if "enum" in c else None,
            c.get("pattern"),
            spec.get("example"),
        )


@dataclass(frozen=True)
class TableSchema:
    """A table schema: its fields in order, primary key and missing-value spellings.

    Parameters
    ----------
    name, title, description : str
        The table's name (``episodes``, ``cases``, ``workers``...) and documentation.
    fields : tuple of Field
        Its fields, in order.
    primary_key : tuple of str
        Fields whose values identify a row.
    missing_values : tuple of str
        Spellings read as missing.

    Examples
    --------
    >>> s = load_schema("workers")
    >>> s.names[:3], s.required
    (['worker_id', 'fte', 'contracted_hours'], ['worker_id', 'fte'])
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    missing_values: tuple[str, ...] = ("",)

    @property
    def names(self) -> list[str]:
        """Field names in schema order."""
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        """Names of the required fields."""
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}; fields are {', '.join(self.names)}")

    def to_frame(self) -> pd.DataFrame:
        """One row per field: name, type, required, unique, minimum, maximum, description."""
        return pd.DataFrame(
            [
                (f.name, f.type, f.required, f.unique, f.minimum, f.maximum, f.description)
                for f in self.fields
            ],
            columns=["name", "type", "required", "unique", "minimum", "maximum", "description"],
        )


@cache
def load_schema(name: TableName) -> TableSchema:
    """Load a published schema from ``data_schema/<name>.json``.

    Examples
    --------
    >>> load_schema("episodes").field("duration_min").maximum
    1440
    """
    path = PUBLISHED / f"{name}.json"
    if not path.is_file():
        raise SchemaError(
            f"there is no published schema called {name!r}; use one of episodes, cases, workers"
        )
    spec = json.loads(path.read_text(encoding="utf-8"))
    return TableSchema(
        spec["name"],
        spec.get("title", ""),
        spec.get("description", ""),
        tuple(Field.from_dict(f) for f in spec["fields"]),
        tuple(spec.get("primaryKey", [])),
        tuple(spec.get("missingValues", [""])),
    )


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_table` made of a table.

    Attributes
    ----------
    values : DataFrame
        The schema's fields present in the table, converted to their types
        (strings stripped, missing spellings as NA); unreadable values are NA.
    failures : DataFrame
        One row per failure: ``source_row`` (the row as the user numbers it, see
        :func:`check_table`), ``column``, ``code``, ``value`` (as written) and
        ``reason``.
    missing_columns : list of str
        Required fields the table does not have at all.
    rows : ndarray of int
        The 0-based position in the table checked of each failure (for code that
        indexes the table).

    Examples
    --------
    >>> t = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": ["1", "half"]})
    >>> r = check_table(t, load_schema("workers"))
    >>> r.values["fte"].tolist(), r.missing_columns
    ([1.0, nan], [])
    >>> r.failures[["source_row", "column", "code"]].values.tolist(), r.rows.tolist()
    ([[2, 'fte', 'bad_number']], [1])
    """

    values: pd.DataFrame
    failures: pd.DataFrame
    missing_columns: list[str] = field(default_factory=list)
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.missing_columns and self.failures.empty


def text_values(values: pd.Series, missing: tuple[str, ...], encoded: Any = None) -> pd.Series:
    """Values as stripped ``string`` dtype, with every missing spelling as NA.

    ``encoded`` may give the Arrow-backed column already dictionary-encoded (an object
    with ``indices``, -1 where missing, and ``dictionary``): the work is then done on
    the distinct values only, and the result is the same.

    Examples
    --------
    >>> text_values(pd.Series([" W1 ", "NA", None, 17]), ("", "NA")).tolist()
    ['W1', <NA>, <NA>, '17']
    """
    if encoded is not None:
        return _clean_encoded(values.astype("string"), encoded, missing)
    return text_codes(values, missing, codes=False)[0]


def _clean_encoded(text: pd.Series, encoded: Any, missing: tuple[str, ...]) -> pd.Series:
    """``text`` trimmed, missing spellings as NA, worked on its distinct values; ``text``
    itself when nothing changes."""
    clean, unchanged = _clean(encoded.dictionary, missing)
    if unchanged:
        return text
    absent = encoded.indices < 0
    codes = pa.array(encoded.indices, mask=absent) if absent.any() else pa.array(encoded.indices)
    return pd.Series(pd.arrays.ArrowStringArray(pc.take(clean, codes)), index=text.index)


def text_codes(
    values: pd.Series, missing: tuple[str, ...], codes: bool = True, encoded: Any = None
) -> tuple[pd.Series, np.ndarray | None, pd.Series | None]:
    """Cleaned text (see :func:`text_values`) with its codes (-1 = missing) and distinct values.

    The work is done on the distinct values (Arrow dictionary encoding), so a
    column of a million rows with a few thousand spellings costs little more than
    one pass; parsers then run on ``uniques`` only. ``encoded`` may give the
    Arrow-backed column's encoding already made (as :func:`text_values`).

    Examples
    --------
    >>> text, codes, uniques = text_codes(pd.Series(["a", " a", "-", "b"]), ("-",))
    >>> codes.tolist(), uniques.tolist()
    ([0, 0, -1, 1], ['a', 'b'])
    """
    if values.dtype.kind in "iufbM" or (
        values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) != "string"
    ):
        values = parse.as_text(values).where(values.notna(), None)
    text = values.astype("string")
    arr = pa.array(text.array)  # the Arrow data behind the column, chunks and all
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    if not codes:  # row by row in Arrow: finding the distinct values first costs more
        return _clean_rows(text, arr, missing), None, None
    if encoded is not None:
        dictionary, positions, indices = encoded.dictionary, encoded.indices, None
    else:
        indices, dictionary = encode_chunks(arr)
        positions = pc.fill_null(indices, -1).to_numpy()
    clean, unchanged = _clean(dictionary, missing)
    if not unchanged:
        if indices is None:  # an encoding made before: its codes in Arrow, only now needed
            absent = positions < 0
            indices = pa.array(positions, mask=absent) if absent.any() else pa.array(positions)
        text = pd.Series(pd.arrays.ArrowStringArray(pc.take(clean, indices)), index=values.index)
    refine, uniques = pd.factorize(pd.Series(clean.to_pandas(), dtype="str"))
    if np.array_equal(refine, np.arange(len(refine))):  # each entry its own value, in order
        found = positions.astype(np.int64)
    else:
        found = np.append(refine, -1)[positions].astype(np.int64, copy=False)
    return text, found, pd.Series(np.asarray(uniques, dtype=object), dtype="str")


#: Characters that print as nothing: a byte-order mark left inside a file where two
#: exports were joined (``\ufeffW1`` reads as ``W1`` and would be another worker), zero-width
#: spaces and joiners, the word joiner. Trimmed from either end of a value like white space.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def trimmed(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """``values`` (Arrow text) without white space or :data:`INVISIBLE` characters at
    either end.

    Examples
    --------
    >>> trimmed(pa.array(["\ufeffW1", " W2\u200b ", "W 3"])).to_pylist()
    ['W1', 'W2', 'W 3']
    """
    clean = pc.utf8_trim_whitespace(values)
    bare = pc.utf8_trim(clean, characters=INVISIBLE)
    return clean if bare.equals(clean) else pc.utf8_trim_whitespace(bare)


def _clean_rows(text: pd.Series, arr: pa.ChunkedArray | pa.Array, missing: tuple[str, ...]
                ) -> pd.Series:
    """``text`` trimmed, missing spellings as NA, worked on every row (no distinct values:
    a column of free text has nearly as many as rows); ``text`` itself when nothing changes
    (seen first from the values' bytes, without a copy: :mod:`timestudy.schema.textbytes`)."""
    if clean_already(arr, missing):
        return text
    clean = trimmed(arr)
    blank = pc.is_in(clean, value_set=pa.array(list(missing), clean.type))
    if clean.equals(arr) and not pc.any(blank).as_py():
        return text
    clean = pc.if_else(blank, pa.scalar(None, clean.type), clean)
    return pd.Series(pd.arrays.ArrowStringArray(clean), index=text.index)


def _clean(values: pa.Array, missing: tuple[str, ...]) -> tuple[pa.Array, bool]:
    """Distinct values trimmed, missing spellings as null; and whether nothing changed."""
    clean = trimmed(values)
    clean = pc.if_else(
        pc.is_in(clean, value_set=pa.array(list(missing), clean.type)),
        pa.scalar(None, clean.type),
        clean,
    )
    return clean, clean.equals(values)


def check_table(
    frame: pd.DataFrame,
    schema: TableSchema,
    *,
    columns: list[str] | None = None,
    labels: dict[str, str] | None = None,
    dayfirst: bool = True,
    readers: dict[str, Any] | None = None,
    source_row: np.ndarray | None = None,
    encoded: dict[str, Any] | None = None,
) -> CheckResult:
    """Check ``frame`` against ``schema``, collecting every failure.

    Parameters
    ----------
    frame : DataFrame
        Columns named as the schema's fields (extra columns are ignored).
    schema : TableSchema
    columns : list of str, optional
        Check only these fields (default: every field of the schema).
    labels : dict, optional
        Name to use for a field in reasons (the user's own header), by field name.
    dayfirst : bool
        Read ``03/04/2026`` as 3 April (default) rather than 4 March.
    readers : dict, optional
        A parser to use instead of the one for the field's type, by field name:
        a function of unique strings returning floats (see :mod:`timestudy.schema.parse`).
    source_row : array of int, optional
        The row number the user sees for each row of ``frame`` (a file's line
        number); default: 1 for the first row.
    encoded : dict, optional
        Text fields already dictionary-encoded, by field name (see :func:`text_values`).

    Returns
    -------
    CheckResult
        The values converted, and every failure with its row, column, code and reason.

    Examples
    --------
    >>> t = pd.DataFrame({"worker_id": ["W1", "W1", None], "fte": ["1", "x", "0.5"]})
    >>> r = check_table(t, load_schema("workers"))
    >>> r.failures[["source_row", "column", "code"]].values.tolist()
    [[3, 'worker_id', 'missing_required'], [2, 'worker_id', 'not_unique'], [2, 'fte', 'bad_number']]
    """
    labels = labels or {}
    wanted = schema.names if columns is None else columns
    out: dict[str, Any] = {}
    failures: list[pd.DataFrame] = []
    missing_cols = [f for f in schema.required if f in wanted and f not in frame.columns]
    for f in schema.fields:
        if f.name not in wanted or f.name not in frame.columns:
            continue
        label = labels.get(f.name, f.name)
        raw = frame[f.name]
        values, fails = _convert(
            raw, f, schema.missing_values, dayfirst, label, (readers or {}).get(f.name),
            (encoded or {}).get(f.name) if f.type == "string" else None,
        )
        out[f.name] = values
        failures += fails
    table = pd.DataFrame(out, index=frame.index)
    failed = (
        pd.concat(failures, ignore_index=True)
        if failures
        else pd.DataFrame(
            {c: pd.Series(dtype="int64" if c == "row" else "str") for c in ROW_FAILURE_COLUMNS}
        )
    )
    rows = failed["row"].to_numpy(np.int64)
    numbers = rows + 1 if source_row is None else np.asarray(source_row)[rows]
    public = failed.drop(columns="row")
    public.insert(0, "source_row", numbers.astype(np.int64) if len(rows) else
                  np.zeros(0, np.int64))
    return CheckResult(table, public, missing_cols, rows)


def _convert(
    raw: pd.Series, f: Field, missing: tuple[str, ...], dayfirst: bool, label: str, reader=None,
    encoded=None,
) -> tuple[pd.Series, list[pd.DataFrame]]:
    fails: list[pd.DataFrame] = []
    text = None if raw.dtype.kind in "iufbM" else text_values(raw, missing, encoded)
    absent = raw.isna().to_numpy() if text is None else text.isna().to_numpy()
    if f.type == "string":
        values = text if text is not None else text_values(raw, missing)
        bad = np.zeros(len(raw), bool)
    else:
        values, bad = _typed(raw, text, f.type, dayfirst, reader)
    if bad.any():
        fails.append(
            failure_rows(
                raw,
                bad,
                f.name,
                f"bad_{f.type}",
                f"{label} '{{}}' is not {_TYPE_WORDS.get(f.type, f.type)}",
            )
        )
    if f.required and absent.any():
        fails.append(
            failure_rows(
                raw, absent, f.name, "missing_required", f"{label} is missing: every row needs one"
            )
        )
    ok = ~absent & ~bad
    if f.type in ("date", "datetime"):
        fails += _out_of_range(raw, values, ok, f.name, label)
    if f.minimum is not None and f.type not in ("string", "boolean"):
        low = ok & (np.asarray(values, dtype=float) < f.minimum)
        if low.any():
            fails.append(
                failure_rows(
                    raw,
                    low,
                    f.name,
                    "below_minimum",
                    f"{label} '{{}}' is below the minimum of {f.minimum}",
                )
            )
    if f.maximum is not None and f.type not in ("string", "boolean"):
        high = ok & (np.asarray(values, dtype=float) > f.maximum)
        if high.any():
            fails.append(
                failure_rows(
                    raw,
                    high,
                    f.name,
                    "above_maximum",
                    f"{label} '{{}}' is above the maximum of {f.maximum}",
                )
            )
    if f.enum is not None:
        other = ok & ~pd.Series(values).isin(list(f.enum)).to_numpy()
        if other.any():
            allowed = ", ".join(map(str, f.enum))
            fails.append(
                failure_rows(
                    raw, other, f.name, "not_allowed", f"{label} '{{}}' is not one of {allowed}"
                )
            )
    if f.pattern is not None and f.type == "string":
        unmatched = ok & ~values.str.fullmatch(f.pattern).fillna(True).to_numpy(bool)
        if unmatched.any():
            fails.append(
                failure_rows(
                    raw,
                    unmatched,
                    f.name,
                    "bad_pattern",
                    f"{label} '{{}}' does not match the pattern {f.pattern}",
                )
            )
    if f.unique:
        again = ok & pd.Series(values).duplicated().to_numpy()
        if again.any():
            fails.append(
                failure_rows(
                    raw, again, f.name, "not_unique", f"{label} '{{}}' appears more than once"
                )
            )
    return values, fails


def read_dates(raw: pd.Series, dayfirst: bool = True) -> tuple[pd.Series, np.ndarray]:
    """A column read as a table's ``date`` field is (``opened``, ``joined``), and which
    values given are not dates: the rule :func:`check_table` reads such a field by.

    A value with a time of day other than midnight is not a date (``2026-03-02 09:15`` is a
    diary's start, not a case's opening); a column of datetimes is read at midnight.

    Parameters
    ----------
    raw : Series
        The column as read (text, or datetimes from a workbook).
    dayfirst : bool
        Read ``03/04/2026`` as 3 April.

    Returns
    -------
    (Series, ndarray of bool)
        The dates (datetime64[us], NaT where blank or unreadable), and True for each value
        given that is not a date.

    Examples
    --------
    >>> got, bad = read_dates(pd.Series(["2026-03-02", "2026-03-02T09:15:00", None]))
    >>> got.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2026-03-02', nan, nan], [False, True, False])
    """
    return _typed(raw, None, "date", dayfirst)


def _typed(
    raw: pd.Series, text: pd.Series | None, kind: str, dayfirst: bool, reader=None
) -> tuple[pd.Series, np.ndarray]:
    index = raw.index
    if kind in ("number", "integer"):
        if text is None and raw.dtype.kind in "iuf":
            out = raw.to_numpy(float)
        else:
            reader = reader or (parse.numbers if kind == "number" else parse.integers)
            out = parse.by_unique(text, reader, np.nan)
        bad = np.isnan(out) & (raw.notna().to_numpy() if text is None else text.notna().to_numpy())
        if kind == "integer" and not bad.any() and not np.isnan(out).any():
            return pd.Series(out.astype(np.int64), index=index), bad
        return pd.Series(out, index=index, dtype="Int64" if kind == "integer" else float), bad
    if kind == "boolean":
        if text is None and raw.dtype.kind == "b":
            return raw.copy(), np.zeros(len(raw), bool)
        out = parse.by_unique(
            text if text is not None else text_values(raw, ()), parse.booleans, np.nan
        )
        bad = (
            np.isnan(out)
            & raw.notna().to_numpy()
            & (text.notna().to_numpy() if text is not None else True)
        )
        series = pd.Series(out, index=index)
        if np.isnan(out).any():
            return series.map({1.0: True, 0.0: False}).astype("boolean"), bad
        return series.astype(bool), bad
    if text is None and raw.dtype.kind == "M":
        stamps = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
        stamps = stamps.dt.normalize() if kind == "date" else stamps
        return stamps.astype("datetime64[us]"), np.zeros(len(raw), bool)
    text = text if text is not None else text_values(raw, ())
    if kind == "date":
        out = parse.by_unique(text, lambda u: parse.dates(u, dayfirst), parse.NAT_US)
    else:
        out = parse.by_unique(text, lambda u: parse.datetimes(u, dayfirst)[0], parse.NAT_US)
    bad = np.isnat(out) & text.notna().to_numpy()
    return pd.Series(out, index=index).astype("datetime64[us]"), bad


def _out_of_range(raw, values, ok, name: str, label: str) -> list[pd.DataFrame]:
    """Dates outside the study's plausible range (:mod:`timestudy.schema.daterange`)."""
    rng = DateRange.from_spec()
    outside = ok & rng.outside(np.asarray(values))
    if not outside.any():
        return []
    return [failure_rows(raw, outside, name, "date_out_of_range",
                         f"{label} '{{}}' is outside the study's dates ({rng.describe()}): "
                         "check the year")]


def failure_rows(
    raw: pd.Series, mask: np.ndarray, column: str, code: str, template: str
) -> pd.DataFrame:
    """Failures of the rows in ``mask``: ``{}`` in ``template`` becomes each value as written.

    Examples
    --------
    >>> failure_rows(pd.Series(["9:30", "x"]), np.array([False, True]), "start", "bad_datetime",
    ...              "start '{}' is not a time")["reason"].tolist()
    ["start 'x' is not a time"]
    """
    pos = np.flatnonzero(mask)
    shown = parse.as_text(raw.iloc[pos]).str.slice(0, 60).tolist()
    return pd.DataFrame(
        {
            "row": pos.astype(np.int64),
            "column": column,
            "code": code,
            "value": shown,
            "reason": [template.replace("{}", v, 1) for v in shown],
        }
    )
