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
from timestudy.ingest.rawtable import RawTable, check_width, unreadable

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
        names = book.sheetnames
        if sheet is None:
            ws, title = book.worksheets[0], names[0]
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise SchemaError(
                    f"has no sheet number {sheet} (it has {len(names)}: "
                    f"{', '.join(names)}); sheets are counted from 0",
                    source=name,
                )
            ws, title = book.worksheets[sheet], names[sheet]
        else:
            if str(sheet) not in names:
                raise SchemaError(
                    f"has no sheet named {sheet!r}; its sheets are {', '.join(map(repr, names))}",
                    source=name,
                )
            ws, title = book[str(sheet)], str(sheet)
        rows, row_style, styles = _rows_and_styles(ws)  # the sheet's XML is parsed here
        kinds = {sid: format_kind(_number_format(ws, sid)) for sid in set().union(*styles)}
        formats = _Formats(np.asarray(row_style, dtype=np.int64), styles, kinds, book.epoch)
    except SchemaError:
        raise
    except Exception as exc:
        raise unreadable(name, ".xlsx workbook", exc, fix) from None
    finally:
        book.close()
    return _sheet_table(rows, name, title, formats)


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


def _sheet_table(rows: list[tuple], name: str, title: str, formats: _Formats) -> RawTable:
    filled = [i for i, r in enumerate(rows) if any(_present(v) for v in r)]
    if not filled:
        raise SchemaError(
            f"sheet {title!r} is empty: put a header row naming the columns, then "
            "one row per record (or name another sheet)",
            source=name,
        )
    head = filled[0]
    header = list(rows[head])
    width = max(len(header), *(len(rows[i]) for i in filled))
    header += [None] * (width - len(header))
    body = [i for i in filled[1:]]
    values = [list(rows[i]) + [None] * (width - len(rows[i])) for i in body]
    keep = [j for j in range(width) if _present(header[j]) or any(_present(v[j]) for v in values)]
    check_width(len(keep), name)  # before the work per column below
    names = unique_names([_cell_text(header[j]).strip() for j in keep])
    columns = {}
    rows_at = np.asarray(body, dtype=np.int64)
    for k, j in enumerate(keep):
        col = pd.Series([v[j] for v in values], dtype=object)
        columns[names[k]] = _sheet_column(col, formats.column(rows_at, j), formats.epoch)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    return RawTable(
        frame, np.asarray(body, dtype=np.int64) + 1, name, "xlsx", details={"sheet": title}
    )


def _sheet_column(col: pd.Series, kinds: np.ndarray, epoch: dt.datetime) -> pd.Series:
    """Cells as text a diary parser understands: datetimes in ISO, times as HH:MM:SS.

    What a date cell's number format shows decides what it holds: a date cell at
    midnight formatted as a date only (``dd/mm/yyyy``) is a date (``2026-03-09``), not a
    time of day; one formatted as a time only (``hh:mm``) at 1 or more (Excel's serial
    days: ``24:00`` is 1.0, a duration of 25:30 is 1.0625) is a time of 24:00 or more
    (``24:00:00``, ``25:30:00``), not a day of January 1900.
    """
    text = col.map(_cell_text)
    stamp = col.map(type).eq(dt.datetime).to_numpy()
    if stamp.any():
        text[stamp] = _by_format(col[stamp], text[stamp], kinds[stamp], epoch)
    return text.where(col.map(_present), None).astype("str")


def _by_format(
    values: pd.Series, text: pd.Series, kinds: np.ndarray, epoch: dt.datetime
) -> pd.Series:
    """The text of datetime cells, as their number formats show them (see :func:`_sheet_column`)."""
    stamps = pd.to_datetime(values, errors="coerce")
    day = (kinds == "date") & (stamps == stamps.dt.normalize()).to_numpy()
    # Excel's serial days 1 to 59 are 1899-12-31 + days in the 1900 system (openpyxl's
    # from_excel skips the 29 February 1900 Excel counts), the epoch + days in the 1904 one
    base = pd.Timestamp(epoch) + pd.Timedelta(days=int(epoch.year == 1899))
    elapsed = (kinds == "time") & (stamps < base + pd.Timedelta(days=60)).to_numpy()
    out = text.copy()
    out[day] = stamps[day].dt.strftime("%Y-%m-%d")
    if elapsed.any():
        seconds = ((stamps[elapsed] - base).dt.total_seconds().round()).astype(np.int64)
        out[elapsed] = (
            (seconds // 3600).astype(str).str.zfill(2)
            + ":" + (seconds % 3600 // 60).astype(str).str.zfill(2)
            + ":" + (seconds % 60).astype(str).str.zfill(2)
        )
    return out


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
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
