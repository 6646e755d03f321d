"""Reading and writing episode tables for the categorise and agreement commands.

Tables pass through unchanged apart from the added columns: text columns are read
as text (so codes such as ``007`` keep their zeros) and times are not reparsed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from timestudy._lib.limits import check_input
from timestudy.errors import TimestudyError
from timestudy.exports import write_csv
from timestudy.privacy import neutralise_formulas, redact_frame

FORMATS = (".csv", ".parquet", ".xlsx")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise TimestudyError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(FORMATS)}"
        )
    return suffix


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a csv, parquet or xlsx table of episodes, keeping every column."""
    path = Path(path)
    suffix = _suffix(path)
    if not path.exists():
        raise FileNotFoundError(2, "No such file", str(path))
    check_input(path, str(path))
    if suffix == ".xlsx":  # through the ingest reader: zip-bomb guard, nothing evaluated
        from timestudy.ingest.files import read_table as read_any

        return read_any(path).frame
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        header = pd.read_csv(path, nrows=0).columns
        text = [c for c in header if c not in ("duration_min", "counted_min")]
        return pd.read_csv(path, dtype=dict.fromkeys(text, "str"))
    except (ValueError, OSError, UnicodeError, pd.errors.ParserError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TimestudyError(
            f"{path}: cannot be read as a {suffix[1:]} table ({message}); export the episodes "
            "again, or check them first with `timestudy validate`"
        ) from exc


def write_table(frame: pd.DataFrame, path: str | Path, *, redact: bool = True) -> Path:
    """Write ``frame`` as csv, parquet or xlsx according to the file name.

    Free text is redacted (emails, phones, postcodes, NI numbers, dates of birth)
    unless ``redact`` is false, and text that a spreadsheet would run as a
    formula is neutralised in csv and xlsx files.
    """
    path = Path(path)
    suffix = _suffix(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if redact:
        frame = redact_frame(frame)
    if suffix == ".xlsx":
        frame = neutralise_formulas(frame)
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        write_csv(frame, path)
    return path
