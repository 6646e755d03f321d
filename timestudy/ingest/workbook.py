"""Reading a worksheet of an ``.xlsx`` workbook, every cell as the text a diary parser reads.

A workbook is refused before it is unpacked when its parts would unpack to more than
:data:`MAX_UNZIPPED_BYTES` or more than :data:`MAX_ZIP_RATIO` times their packed size
(a zip bomb). Cells become text here (datetimes in ISO, durations as ``HH:MM:SS``), so
a rejected row echoes what the sheet shows, whatever the row order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.csvhead import unique_names
from timestudy.ingest.hidden_dates import HIDDEN_KEY, hidden_dates
from timestudy.ingest.rawtable import RawTable, check_width, unreadable
from timestudy.ingest.sheet_choice import elsewhere, numbered_note, other_sheets, pick_sheet
from timestudy.ingest.sheetxml import sheet_facts, with_sheet_facts

#: Most bytes the parts of a workbook may unpack to (1M diary rows take about 500 MB).
MAX_UNZIPPED_BYTES = 2_000_000_000
#: Highest packing ratio of a workbook part over 1 MB: Excel's own are 5 to 20.
MAX_ZIP_RATIO = 100


def read_xlsx(data: bytes, name: str, sheet: str | int | None) -> RawTable:
    import openpyxl

    fix = "open it in Excel and save it again as .xlsx, or export the sheet as CSV"
    try:
        _check_zip(data, name)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SchemaError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise unreadable(name, ".xlsx workbook", exc, fix) from None
    try:
        ws, title = pick_sheet(book, sheet, name)
        others = other_sheets(book, title) if sheet is None else []
        numbered = numbered_note(book, sheet, title)
        hidden = frozenset(t for t in others if book[t].sheet_state != "visible")
        rows, row_style, styles = _rows_and_styles(ws)  # the sheet's XML is parsed here
        kinds = {sid: format_kind(_number_format(ws, sid)) for sid in set().union(*styles)}
        formats = _Formats(np.asarray(row_style, dtype=np.int64), styles, kinds, book.epoch)
    except SchemaError:
        raise
    except Exception as exc:
        raise unreadable(name, ".xlsx workbook", exc, fix) from None
    finally:
        book.close()
    facts = sheet_facts(data, title)
    _blank_recalculated(rows, facts.get("recalc", {}))
    raw = _sheet_table(rows, name, _Sheet(title, others, formats, hidden))
    if numbered:  # first: which sheet the rest of the warnings are of
        raw.details["warnings"] = [numbered, *raw.details.get("warnings", ())]
    return with_sheet_facts(raw, facts, title)


def _blank_recalculated(rows: list[tuple], cells: dict) -> None:
    """Empty, in ``rows`` (in place), the formula cells ``{(column, row): formula}`` saved as 0
    in a workbook that asks Excel to recalculate them on opening: 0 is not the
    value Excel shows, so they are read as a formula with no saved value is (empty, and said).
    """
    for col, row in cells:
        if row <= len(rows) and col < len(rows[row - 1]) and rows[row - 1][col] in (0, None):
            rows[row - 1] = rows[row - 1][:col] + (None,) + rows[row - 1][col + 1:]


def _rows_and_styles(ws) -> tuple[list[tuple], list[int], list[tuple]]:
    """Each row's values; the number of each row's styling; each styling's style ids."""
    rows, row_style, seen = [], [], {}
    for cells in ws.iter_rows():
        rows.append(tuple([c.value for c in cells]))
        ids = tuple([getattr(c, "_style_id", 0) for c in cells])  # 0 for an empty cell
        row_style.append(seen.setdefault(ids, len(seen)))
    return rows, row_style, list(seen)


def _number_format(ws, style_id: int) -> str:
    from openpyxl.cell.read_only import ReadOnlyCell

    return ReadOnlyCell(ws, 1, 1, None, "n", style_id).number_format or "General"


def format_kind(number_format: str) -> str:
    """What a cell's number format shows: ``date``, ``time``, ``datetime`` or ``""`` (neither).

    Quoted text, escaped characters and bracketed colours or locales are not codes;
    ``[h]``, ``[mm]`` and ``[ss]`` (elapsed time) are. ``m`` is minutes next to ``h``
    or ``s``, a month otherwise.

    Examples
    --------
    >>> [format_kind(f) for f in ("dd/mm/yyyy", "hh:mm", "[h]:mm", "m/d/yy h:mm:ss",
    ...                           "General", "0.00", "mmm-yy", "h:mm AM/PM", "[$-F400]h:mm:ss")]
    ['date', 'time', 'time', 'datetime', '', '', 'date', 'time', 'time']
    """
    text = _LITERAL.sub("", number_format.split(";")[0])
    text = _BRACKET.sub(lambda m: m[1] if _ELAPSED.fullmatch(m[1]) else "", text).lower()
    if text.strip() == "general":
        return ""
    ampm = "am/pm" in text or "a/p" in text
    text = text.replace("am/pm", "").replace("a/p", "")
    time = ampm or bool(re.search("[hs]", text))
    date = bool(re.search("[yd]", text)) or ("m" in text and not time)
    return "datetime" if date and time else "date" if date else "time" if time else ""


_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ELAPSED = re.compile(r"h+|m+|s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Sheet:
    """The sheet read: its name, the book's other sheets with data, its cells' formats."""

    title: str
    others: list[str]
    formats: _Formats
    hidden: frozenset = frozenset()  # the others hidden in Excel


@dataclass(frozen=True)
class _Formats:
    """Which styling each row has, each styling's style ids, what each style's format shows."""

    row_style: np.ndarray
    styles: list[tuple]
    kinds: dict[int, str]
    epoch: dt.datetime

    def column(self, body: np.ndarray, j: int) -> np.ndarray:
        """What the number format of column ``j`` shows in rows ``body`` (0-based)."""
        per = np.asarray([self.kinds.get(s[j], "") if j < len(s) else "" for s in self.styles],
                         dtype=object)
        return per[self.row_style[body]]


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts claim to unpack to far more than a diary could be.

    The sizes are those the zip directory declares; Python's zip reader never
    unpacks more than that, so a part that lies about its size cannot get past this.
    """
    parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    total = sum(p.file_size for p in parts)
    bombs = [
        p
        for p in parts
        if p.file_size > 1_000_000 and p.file_size > MAX_ZIP_RATIO * max(p.compress_size, 1)
    ]
    if total > MAX_UNZIPPED_BYTES or bombs:
        what = (
            f"{bombs[0].filename} would unpack to "
            f"{bombs[0].file_size / max(bombs[0].compress_size, 1):,.0f} times its size"
            if bombs
            else f"its parts would unpack to {total:,} bytes"
        )
        raise SchemaError(
            f"is not read: {what}, which no spreadsheet program writes (a zip bomb?); "
            "export the sheet as CSV",
            source=name,
        )


def _sheet_table(rows: list[tuple], name: str, sheet: _Sheet) -> RawTable:
    filled = [i for i, r in enumerate(rows) if any(_present(v) for v in r)]
    if not filled:
        raise SchemaError(
            f"sheet {sheet.title!r} is empty: put a header row naming the columns, then "
            "one row per record, or name another sheet"
            + (f" ({elsewhere(sheet.others, sheet.hidden)})" if sheet.others else ""),
            source=name,
        )
    at = _header_at(rows, filled)
    header = list(rows[filled[at]])
    width = max(len(header), *(len(rows[i]) for i in filled[at:]))
    header += [None] * (width - len(header))
    body = filled[at + 1 :]
    values = [list(rows[i]) + [None] * (width - len(rows[i])) for i in body]
    keep = [j for j in range(width) if _present(header[j]) or any(_present(v[j]) for v in values)]
    if len(keep) < 2 and sheet.others:  # a first sheet of notes: no diary has one column
        raise SchemaError(
            f"sheet {sheet.title!r}, the first, holds no table (one column, which begins "
            f"{_cell_text(header[keep[0]])[:60]!r}); name the diary's sheet: "
            + elsewhere(sheet.others, sheet.hidden),
            source=name,
        )
    check_width(len(keep), name)  # before the work per column below
    names = unique_names([_cell_text(header[j]).strip() for j in keep])
    columns, mixed, hidden = {}, [], {}
    rows_at = np.asarray(body, dtype=np.int64)
    for k, j in enumerate(keep):
        col = pd.Series([v[j] for v in values], dtype=object)
        kinds = sheet.formats.column(rows_at, j)
        columns[names[k]], dates = _sheet_column(col, kinds, sheet.formats.epoch)
        if len(dates):
            hidden[names[k]] = hidden_dates(dates, rows_at + 1, j)
        mixed.append(_numbers_among_times(col, kinds, names[k], rows_at + 1))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    notes = _notes(rows, filled[: at + 1], sheet) + [m for m in mixed if m]
    return RawTable(
        frame, rows_at + 1, name, "xlsx",
        details={"sheet": sheet.title, "header_row": filled[at] + 1,
                 "_columns_at": dict(zip(names, keep, strict=True)),
                 **({HIDDEN_KEY: hidden} if hidden else {}),
                 **({"warnings": notes} if notes else {})},
    )


def _numbers_among_times(
    col: pd.Series, kinds: np.ndarray, label: str, sheet_rows: np.ndarray
) -> dict | None:
    """The warning ``number_among_times`` for plain numbers between 0 and 1 in a column of
    time cells: Excel keeps a time as a fraction of a day (1:30 is 0.0625), and shows the
    fraction only in a cell not formatted as a time. Such a number is read as written, in the
    column's unit, which the sheet, read before the mapping, does not know (minutes or the
    ``duration_unit``): the message says what to do in either case."""
    if not (kinds == "time").any():
        return None
    number = col.map(type).isin([int, float]).to_numpy()
    value = pd.to_numeric(col.where(number), errors="coerce").to_numpy(float)
    odd = number & (value > 0) & (value < 1) & (kinds != "time")
    if not odd.any():
        return None
    first = float(value[odd][0])
    minutes = round(first * 1440)
    rows = ", ".join(str(r) for r in sheet_rows[odd][:3]) + (", ..." if odd.sum() > 3 else "")
    return {"code": "number_among_times", "column": label, "rows": sheet_rows[odd].tolist(),
            "value": first, "message": (
        f"column {label!r} holds times, but {odd.sum()} cell{'s' if odd.sum() > 1 else ''} "
        f"(row {rows}) hold{'' if odd.sum() > 1 else 's'} a plain number below 1 ({first:g}), "
        "read as the number written, in the column's unit (minutes, or the mapping's "
        f"duration_unit): if it is Excel's fraction of a day ({first:g} is {minutes // 60}:"
        f"{minutes % 60:02d}), format the cell as a time ([h]:mm) or type the time; if it is "
        "in the column's unit, it is read right")}


def with_header_row(exc: SchemaError, raw: RawTable) -> SchemaError:
    """A refusal of a workbook's columns, saying which row of which sheet was read as the
    header and, when the book has other sheets with data, their names.

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), np.zeros(0, int), "d.xlsx", "xlsx",
    ...                details={"sheet": "Diary", "header_row": 3})
    >>> str(with_header_row(SchemaError("no column start", source="d.xlsx"), raw))
    "d.xlsx: no column start (row 3 of sheet 'Diary' was read as the header: if the header is another row, delete the rows above it)"
    """
    row = raw.details.get("header_row")
    if raw.format != "xlsx" or row is None:
        return exc
    text = str(exc).removeprefix(f"{exc.source}: " if exc.source else "")
    others = [w["message"].split("; ", 1)[-1] for w in raw.details.get("warnings", ())
              if w["code"] == "sheets_not_read"]
    return SchemaError(
        f"{text} (row {row} of sheet {raw.details['sheet']!r} was read as the header: if the "
        "header is another row, delete the rows above it" + "".join(f"; {o}" for o in others)
        + ")",
        source=exc.source,
    )


def _header_at(rows: list[tuple], filled: list[int]) -> int:
    """Where in ``filled`` the header is: the first row of text (or times of day: a slot
    grid's headers typed as times) with more than half as many filled cells as the rows
    below it (their median, of the next 30), so that a title or a form block above the
    table is passed over; the first row when no row of text is."""
    counts = np.asarray([sum(_present(v) for v in rows[i]) for i in filled[:60]])
    for at in range(min(len(counts), 30)):
        # text, or times of day (a slot grid's 09:00 typed into a header cell is a time cell)
        if not all(isinstance(v, str | dt.time) for v in rows[filled[at]] if _present(v)):
            return 0  # a row of dates or numbers: data, not a header
        below = counts[at + 1 : at + 31]
        if below.size == 0 or 2 * counts[at] > np.median(below):
            return at
    return 0


def _notes(rows: list[tuple], head: list[int], sheet: _Sheet) -> list[dict]:
    """Warnings: rows above the header not read, and other sheets not read."""
    notes = []
    if len(head) > 1:
        above = ", ".join(str(i + 1) for i in head[:-1])
        text = " ".join(_cell_text(v) for v in rows[head[0]] if _present(v))[:60]
        notes.append({"code": "rows_above_header", "message": (
            f"sheet {sheet.title!r}: row {head[-1] + 1} was read as the header; the "
            f"row{'s' if len(head) > 2 else ''} above it ({above}: {text!r}) "
            f"{'were' if len(head) > 2 else 'was'} not read (if the header is another row, "
            "delete the rows above it)")})
    if sheet.others:
        notes.append({"code": "sheets_not_read", "message": (
            f"only sheet {sheet.title!r} was read; "
            + elsewhere(sheet.others, sheet.hidden).replace("give", "to read another, give",
                                                              1))})
    return notes


def _sheet_column(col: pd.Series, kinds: np.ndarray, epoch: dt.datetime
                  ) -> tuple[pd.Series, pd.Series]:
    """Cells as text a diary parser understands: datetimes in ISO, times as HH:MM:SS; and
    the dates a time-only format hides (see :func:`_by_format`), by the cell's position.

    What a date cell's number format shows decides what it holds: a date cell at
    midnight formatted as a date only (``dd/mm/yyyy``) is a date (``2026-03-09``), not a
    time of day; one formatted as a time only (``hh:mm``) at 1 or more (Excel's serial
    days: ``24:00`` is 1.0, a duration of 25:30 is 1.0625) is a time of 24:00 or more
    (``24:00:00``, ``25:30:00``), not a day of January 1900. One of a later date formatted
    as a time only (2026-01-05 09:00 in ``hh:mm``, which Excel shows as 09:00) stays a date
    and time here, and is returned among the hidden dates: a layout reading it as a clock
    time reads the time it shows (:mod:`.hidden_dates`).
    """
    text = col.map(_cell_text)
    stamp = col.map(type).eq(dt.datetime).to_numpy()
    hidden = pd.Series([], dtype="datetime64[ns]")
    if stamp.any():
        text[stamp], hidden = _by_format(col[stamp], text[stamp], kinds[stamp], epoch)
    return text.where(col.map(_present), None).astype("str"), hidden


def _by_format(
    values: pd.Series, text: pd.Series, kinds: np.ndarray, epoch: dt.datetime
) -> tuple[pd.Series, pd.Series]:
    """The text of datetime cells, as their number formats show them (see
    :func:`_sheet_column`), and the dates and times of those a time-only format hides."""
    stamps = pd.to_datetime(values, errors="coerce").dt.round("s")  # as _to_second rounds
    day = (kinds == "date") & (stamps == stamps.dt.normalize()).to_numpy()
    # Excel's serial days 1 to 59 are 1899-12-31 + days in the 1900 system (openpyxl's
    # from_excel skips the 29 February 1900 Excel counts), the epoch + days in the 1904 one
    base = pd.Timestamp(epoch) + pd.Timedelta(days=int(epoch.year == 1899))
    serial = (stamps < base + pd.Timedelta(days=60)).to_numpy()
    elapsed, shown = (kinds == "time") & serial, (kinds == "time") & ~serial & stamps.notna()
    out = text.copy()
    out[day] = stamps[day].dt.strftime("%Y-%m-%d")
    if elapsed.any():
        seconds = ((stamps[elapsed] - base).dt.total_seconds().round()).astype(np.int64)
        out[elapsed] = (
            (seconds // 3600).astype(str).str.zfill(2)
            + ":" + (seconds % 3600 // 60).astype(str).str.zfill(2)
            + ":" + (seconds % 60).astype(str).str.zfill(2)
        )
    return out, stamps[shown]


def _to_second(value: dt.datetime | dt.time) -> str:
    """A datetime or time in ISO, rounded to the nearest second: Excel keeps them as
    fractions of a day, which openpyxl reads to the millisecond (0.37499999 is
    08:59:59.999), and a time meant to the second is not cut to the one before it. A time of
    day rounding up to midnight is ``24:00:00``, as a time cell of 1.0 reads.

    Examples
    --------
    >>> _to_second(dt.time(8, 59, 59, 999136)), _to_second(dt.time(14, 59, 59, 400000))
    ('09:00:00', '14:59:59')
    >>> _to_second(dt.time(23, 59, 59, 600000))
    '24:00:00'
    >>> _to_second(dt.datetime(2026, 3, 9, 23, 59, 59, 999700))
    '2026-03-10T00:00:00'
    """
    up = int(value.microsecond >= 500_000)
    if isinstance(value, dt.datetime):  # (Excel's last second, in 9999, is not rounded up)
        whole = value.replace(microsecond=0)
        return (whole + dt.timedelta(seconds=up * (whole.year < 9999))).isoformat(
            timespec="seconds")
    seconds = value.hour * 3600 + value.minute * 60 + value.second + up
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.time)):
        return _to_second(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(round(value.total_seconds()))
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
