"""Reasons a date of a cases or workers table was refused, with the likely cause and fix.

``check_table`` says ``opened '03/16/2026' is not a date``; the user needs to know why. Two
causes are common in exports: a date written month first (``03/16/2026``: there is no 16th
month, and a US-set machine writes them so), and an Excel date serial (``46097``, a date cell
formatted as a number). :func:`date_reasons` says which, with the fix for the file's kind.
"""

from __future__ import annotations

import re

import pandas as pd

from timestudy.ingest.cell_reasons import excel_serial_days

#: The fix for an Excel serial, by the kind of file it is in (others: as for a table).
_SERIAL_FIX = {
    "csv": "format the column as dates in the workbook before saving the CSV",
    "xlsx": "format the column's cells as dates in the workbook (they hold numbers now)",
}


def date_reasons(reasons: pd.Series, fmt: str = "csv",
                 headers: dict[str, str] | None = None) -> pd.Series:
    """``reasons`` with a refused date that looks month-first or an Excel serial said so.

    Parameters
    ----------
    reasons : Series of str
        Failure reasons (``"opened '46097' is not a date"``).
    fmt : str
        The kind of file read (``csv``, ``xlsx``, ...), for the fix.
    headers : dict, optional
        The user's header of each field read by another name (``{"opened": "Start Date"}``:
        ``canonical_headers`` gives it as the frame's ``attrs["read_as"]``), named in its
        field's place: the user's file has no ``opened`` column to look for.

    Returns
    -------
    Series
        The reasons, each such date's with its cause; the first of each cause with its fix.

    Examples
    --------
    >>> said = date_reasons(pd.Series(["opened '03/16/2026' is not a date"]))
    >>> print(said[0])
    opened '03/16/2026' is not a date: it looks month first (month 03, day 16: 16 March 2026), where the table's dates are read day first: write the column's dates as ISO dates like 2026-03-16 (a month-first 03/09/2026 is read as 3 September)
    >>> print(date_reasons(pd.Series(["opened '31/02/2026' is not a date"]), "csv",
    ...                    {"opened": "Start Date"})[0])
    Start Date '31/02/2026' is not a date
    """
    return _month_first(_excel_serials(_by_header(reasons, headers or {}), fmt))


def _by_header(reasons: pd.Series, headers: dict[str, str]) -> pd.Series:
    """Each reason that begins with a field read by another header begun with the header."""
    if not headers:
        return reasons
    text = reasons.astype(str)
    for field, header in headers.items():  # a few fields, each over every reason at once
        start = text.str.match(re.escape(field) + " '")
        text = text.where(~start, str(header) + text.str.slice(len(field)))
    return text.where(reasons.notna(), reasons)


def _month_first(reasons: pd.Series) -> pd.Series:
    """A date ``MM/DD/YYYY`` whose day is over 12 said to be month-first; the first with
    the fix (one spelling for the column: ISO), the others with the date it is."""
    text = reasons.astype(str)
    found = text.str.extract(r"'(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4})' is not a "
                             r"date$")
    m, d = pd.to_numeric(found["m"]), pd.to_numeric(found["d"])
    day = pd.to_datetime(found["y"] + "-" + found["m"] + "-" + found["d"], errors="coerce",
                         format="%Y-%m-%d")
    hit = (m <= 12) & (d > 12) & day.notna()
    if not hit.any():
        return reasons
    iso = day.dt.strftime("%Y-%m-%d")
    said = text + " (month first: " + iso.fillna("") + ")"
    first = hit.idxmax()
    said[first] = (f"{text[first]}: it looks month first (month {found['m'][first]}, day "
                   f"{found['d'][first]}: {day[first].day} {day[first]:%B %Y}), where the "
                   "table's dates are read day first: write the column's dates as ISO dates "
                   f"like {iso[first]} (a month-first 03/09/2026 is read as 3 September)")
    return said.where(hit, reasons)


def _excel_serials(reasons: pd.Series, fmt: str = "csv") -> pd.Series:
    """The reasons, a date given as an Excel date serial (a whole number from 20000 to
    80000: 1954 to 2119) said to be one with the date it is; the first with the fix.

    Examples
    --------
    >>> said = _excel_serials(pd.Series(["opened '45672' is not a date",
    ...                                  "opened 'x' is not a date", "closed '45673' is not a date"]))
    >>> print(said[0]); print(said[2])
    opened '45672' is not a date: it looks like an Excel date serial (45672 is 2025-01-15): format the column as dates in the workbook before saving the CSV, or write ISO dates like 2025-01-15
    closed '45673' is not a date (an Excel date serial: 2025-01-16)
    >>> print(_excel_serials(pd.Series(["opened '45672' is not a date"]), "xlsx")[0])
    opened '45672' is not a date: it looks like an Excel date serial (45672 is 2025-01-15): format the column's cells as dates in the workbook (they hold numbers now), or write ISO dates like 2025-01-15
    """
    text = reasons.astype(str)
    found = text.str.extract(r"'(\d{5})' is not a date$", expand=False)
    day = excel_serial_days(found)  # (the rule the diary's workbook reasons use too)
    serial = day.notna()
    if not serial.any():
        return reasons
    said = text + " (an Excel date serial: " + day.astype(str) + ")"
    first = serial.idxmax()
    fix = _SERIAL_FIX.get(fmt, "give the column as dates")
    said[first] = (f"{text[first]}: it looks like an Excel date serial ({found[first]} is "
                   f"{day[first]}): {fix}, or write ISO dates like {day[first]}")
    return said.where(serial, reasons)
