"""Reading a worksheet of an ``.xlsx`` workbook, every cell as the text a diary parser reads.

A workbook is refused before it is unpacked when its parts would unpack to more than
:data:`MAX_UNZIPPED_BYTES` or more than :data:`MAX_ZIP_RATIO` times their packed size
(a zip bomb). Cells become text here (datetimes in ISO, durations as ``HH:MM:SS``), so
a rejected row echoes what the sheet shows, whatever the row order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
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
        rows = list(ws.iter_rows(values_only=True))  # the sheet's XML is parsed here
    except SchemaError:
        raise
    except Exception as exc:
        raise unreadable(name, ".xlsx workbook", exc, fix) from None
    finally:
        book.close()
    return _sheet_table(rows, name, title)


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


def _sheet_table(rows: list[tuple], name: str, title: str) -> RawTable:
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
    for k, j in enumerate(keep):
        col = pd.Series([v[j] for v in values], dtype=object)
        columns[names[k]] = _sheet_column(col)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    return RawTable(
        frame, np.asarray(body, dtype=np.int64) + 1, name, "xlsx", details={"sheet": title}
    )


def _sheet_column(col: pd.Series) -> pd.Series:
    """Cells as text a diary parser understands: datetimes in ISO, times as HH:MM:SS."""
    text = col.map(_cell_text)
    return text.where(col.map(_present), None).astype("str")


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
