"""The headers of a cases or workers table as case-management and HR systems write them.

A cases table exported from a case system (Liquidlogic, Mosaic, Eclipse) heads its columns
``Case ID, Case Type, Worker ID, Start Date, End Date``; an HR export heads the hours
``weekly_hours``. Read only by the schema's own names, ``Start Date`` and ``End Date`` were
extra columns, and every case was open all the diary period (audit25j: CP 17.6 h per
case-month where its dates give 52.7). :func:`canonical_headers` reads each header by the
schema's field name (capitals, spaces and hyphens folded), else by one of :data:`ALIASES`
when only one column of the table is that field's, and warns of a column it leaves unread
whose header looks like a field the table lacks (:data:`HINTS`), naming the fix.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.candidates import normalise
from timestudy.schema.tables import TableSchema

#: Other headers of a field, each folded by :func:`header_key` (lower case, letters and
#: digits only), by table and field: spellings that name nothing else in such a table.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "cases": {
        "case_id": ("caseref", "casereference", "casenumber", "caseno"),
        "case_type": ("casecategory", "category", "legalstatus", "type"),
        "worker_id": ("worker", "allocatedworker", "allocatedworkerid", "keyworker",
                      "keyworkerid", "allocatedto", "caseholder", "holder",
                      "allocatedsocialworker", "caseworker", "caseworkerid"),
        "opened": ("open", "opendate", "openeddate", "dateopened", "caseopened",
                   "caseopendate", "start", "startdate", "casestartdate", "allocationdate",
                   "allocationstartdate", "dateallocated", "allocateddate", "allocatedon",
                   "episodestart", "episodestartdate"),
        "closed": ("close", "closedate", "closeddate", "dateclosed", "caseclosed",
                   "caseclosedate", "closuredate", "end", "enddate", "caseenddate",
                   "allocationenddate", "episodeend", "episodeenddate"),
        "in_proceedings": ("incareproceedings", "careproceedings"),
        "n_children": ("children", "numberofchildren", "noofchildren"),
        "travel_miles": ("miles", "distancemiles", "traveldistance"),
    },
    "workers": {
        "worker_id": ("worker", "staffid", "employeeid", "staffnumber", "employeenumber"),
        "fte": ("wte", "ftes"),
        "contracted_hours": ("weeklyhours", "hoursperweek", "hoursaweek", "contracthours",
                             "contractedweeklyhours", "weeklycontractedhours",
                             "contractedhoursperweek", "contractedhoursaweek"),
        "role": ("jobtitle", "jobrole"),
        "team": ("teamname", "teamcode"),
        "left": ("leftpost", "dateleft", "leavingdate", "leaverdate"),
        "joined": ("joinedpost", "datejoined", "joindate", "joineddate", "startinpost"),
    },
}

#: Words of a header that make it look like a field (by table, field: a regular expression
#: on the folded header), named when the field is not read: what it could be, and the fix.
HINTS: dict[str, dict[str, str]] = {
    "cases": {"opened": r"date|start|open|alloc", "closed": r"date|end|clos",
              "worker_id": r"worker|holder|alloc|owner", "case_type": r"type|categ|status"},
    "workers": {"contracted_hours": r"hour", "fte": r"fte|wte|fulltime",
                "worker_id": r"worker|staff|employee"},
}

#: Words of a header that say it is none of the fields :data:`HINTS` suggest.
_NOT = r"birth|dob"

#: Words of a date's header naming another event than a case's opening or closing (a
#: referral comes before a case opens; review25a: ``Referral Date`` was hinted as closed).
_OTHER_EVENT = r"referr|assess|review|visit|contact|conference|strateg"

#: Values of a status column that say whether a case is open: a status, not a case type
#: (``Case Status`` in a case system holds Open or Closed; it was read as the case type).
_OPEN_WORDS = frozenset({"open", "opened", "closed", "close", "active", "inactive", "ended",
                         "live"})

#: A column the workers table has no field for but a study option covers, and the option.
OPTIONS = {"leave": "annual leave is one allowance for every worker, the study's "
                    "(--leave-days, or available_time.annual_leave_days in the study file; "
                    "27 days by default): give it there"}


def header_key(header) -> str:
    """A header folded to compare: lower case, letters and digits only.

    Examples
    --------
    >>> header_key(" Start Date "), header_key("Allocated-Worker"), header_key("weekly_hours")
    ('startdate', 'allocatedworker', 'weeklyhours')
    """
    return re.sub(r"[^0-9a-z]+", "", str(header).casefold())


def canonical_headers(frame: pd.DataFrame, schema: TableSchema, name: str) -> pd.DataFrame:
    """``frame`` with each column that is a field of ``schema`` renamed to the field.

    Parameters
    ----------
    frame : DataFrame
        The table as read.
    schema : TableSchema
        The cases or workers schema.
    name : str
        The table's name in warnings (its file's name).

    Returns
    -------
    DataFrame
        A header equal to a field's name once capitals, spaces and hyphens are folded is
        that field; else a header of :data:`ALIASES` is its field, when the field has no
        column already and no other column is also its alias. Others are left as they are.
        ``attrs["read_as"]`` gives each renamed field's header, to name in a reason.

    Warns
    -----
    DataQualityWarning
        Naming each column left unread that looks like a field the table lacks (an alias
        of a field given twice, a date beside no ``opened``), and the fix.

    Examples
    --------
    >>> from timestudy.schema.tables import load_schema
    >>> t = pd.DataFrame(columns=["Case ID", "Case Type", "Allocated Worker", "Start Date",
    ...                           "End Date"])
    >>> canonical_headers(t, load_schema("cases"), "cases.csv").columns.tolist()
    ['case_id', 'case_type', 'worker_id', 'opened', 'closed']
    """
    rename = {}
    for col in frame.columns:
        key = normalise(col)
        if key in schema.names and key not in rename.values() and key not in frame.columns:
            rename[col] = key
    has = set(rename.values()) | (set(frame.columns) & set(schema.names))
    aliases = ALIASES.get(schema.name, {})
    by_alias = {c: f for c in frame.columns if c not in rename and c not in schema.names
                for f, keys in aliases.items() if header_key(c) in keys}
    said = []
    for f in dict.fromkeys(by_alias.values()):
        cols = [c for c, g in by_alias.items() if g == f]
        if f in has or len(cols) > 1:
            said.append(_unread_alias(cols, f, f in has))
        else:
            rename[cols[0]] = f
    read_as = [f"{c!r} as {f}" for c, f in rename.items() if c in by_alias]
    if read_as:  # a reading the schema's names alone would not make: said
        said.insert(0, "read the column(s) " + ", ".join(read_as) + " (other names of the "
                    f"{schema.name} table's fields: data_schema/{schema.name}.json)")
    has |= set(rename.values())
    said += _hints(frame, [c for c in frame.columns if c not in rename
                           and c not in schema.names and c not in by_alias], schema.name, has)
    if said:
        warnings.warn(f"{name}: " + "; ".join(said), DataQualityWarning, stacklevel=4)
    out = frame.rename(columns=rename)
    out.attrs["read_as"] = {f: str(c) for c, f in rename.items() if c != f}  # for reasons
    return out


def _unread_alias(cols: list, field: str, given: bool) -> str:
    """Why columns that are another name of ``field`` were not read, and the fix."""
    shown = " and ".join(map(repr, cols))
    if given:
        return (f"column {shown} is not read: the table has a {field} column already; "
                f"if {shown} is the one to read, remove or rename the {field} column")
    return (f"columns {shown} are not read: each could be {field}; rename the one that is "
            f"to {field}")


def _could_be(frame: pd.DataFrame, col, table: str, fields) -> list[str]:
    """The ``fields`` an unread column's header looks like (:data:`HINTS`): not a date of
    another event (a referral) as opened or closed, nor a status of open/closed words as
    a case type."""
    key = header_key(col)
    rules = HINTS.get(table, {})
    could = [f for f in fields if f in rules and re.search(rules[f], key)
             and not re.search(_NOT, key)
             and not (f in ("opened", "closed") and re.search(_OTHER_EVENT, key))]
    return [f for f in could if f != "case_type" or not open_or_closed(frame[col])]


def open_or_closed(values: pd.Series) -> list[str]:
    """The open/closed words (:data:`_OPEN_WORDS`) a column holds, when they are over half
    its values given: a case's status, not its type; else an empty list.

    Examples
    --------
    >>> open_or_closed(pd.Series(["Open", "Closed ", None, "Open"])), open_or_closed(
    ...     pd.Series(["CIN", "Open"]))
    (['Open', 'Closed'], [])
    """
    if isinstance(values, pd.DataFrame):  # a header given twice: its first column
        values = values.iloc[:, 0]
    given = values.dropna().astype(str).str.strip()
    given = given[given.ne("")]
    said = given[given.str.casefold().isin(_OPEN_WORDS)]
    return said.drop_duplicates().tolist() if len(given) and len(said) * 2 > len(given) else []


def _status(frame: pd.DataFrame, col, table: str, has: set) -> str | None:
    """Words for an unread column of open/closed words, in a cases table lacking its type or
    dates: a case's status, which is not its type, and what says when a case is open."""
    held = open_or_closed(frame[col]) if table == "cases" else []
    if not held or {"case_type", "opened", "closed"} <= has:
        return None
    return (f"column {col!r} is not read: it holds {' and '.join(map(repr, held[:3]))}, a "
            "case's status, not its case type; a case's opened and closed dates say when it "
            "is open (give them as opened and closed)")


def _hints(frame: pd.DataFrame, unread: list, table: str, has: set) -> list[str]:
    """A line for each unread column whose header looks like a field the table lacks."""
    said = []
    for col in unread:
        key = header_key(col)
        option = next((why for word, why in OPTIONS.items()
                       if table == "workers" and word in key), None)
        could = _could_be(frame, col, table, [f for f in HINTS.get(table, {}) if f not in has])
        status = _status(frame, col, table, has)
        if option:
            said.append(f"column {col!r} is not read: {option}")
        elif status:
            said.append(status)
        elif could:
            said.append(f"column {col!r} is not read; it could be {' or '.join(could)}, "
                        f"which the table lacks: rename it to the one it is")
    return said


def missing_hint(frame: pd.DataFrame, schema: TableSchema, missing: list[str]) -> str:
    """Columns of ``frame`` that look like the ``missing`` fields, as words for the error.

    Examples
    --------
    >>> from timestudy.schema.tables import load_schema
    >>> t = pd.DataFrame(columns=["case_id", "Case Category Name", "worker_id"])
    >>> missing_hint(t, load_schema("cases"), ["case_type"])
    " (the column 'Case Category Name' could be case_type)"
    """
    words = [f"the column {c!r} could be {f}" for c in frame.columns
             if c not in schema.names for f in _could_be(frame, c, schema.name, missing)]
    words += [f"the column {c!r} holds {' and '.join(map(repr, held[:3]))}: a case's status, "
              "not its type" for c in frame.columns if c not in schema.names
              and "case_type" in missing and re.search("status", header_key(c))
              and (held := open_or_closed(frame[c]))]
    return " (" + "; ".join(words) + ")" if words else ""
