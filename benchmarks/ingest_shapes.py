"""Diary files of the shapes real studies send, for the ingest benchmark (``bench_ingest.py``).

Every shape is built from one simulated study of 200 workers x 4 weeks (about 50,000
episodes), tiled with new worker ids to the size asked for (``overlap``: to four fifths of
it, the first fifth then appended again, as a second export of weeks already sent). Files are written once and
cached in ``benchmarks/_data/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "_data"
FULL = [
    "worker_id",
    "start",
    "end",
    "duration_min",
    "activity",
    "activity_code",
    "case_id",
    "secondary_activity",
    "location",
]
BARE = ["worker_id", "start", "end", "activity", "case_id"]


@dataclass(frozen=True)
class Shape:
    """One file shape: ``order`` is ``sorted`` (by worker and start), ``teams`` (each team's
    export sorted, the exports appended, worker ids interleaved) or ``shuffled``."""

    name: str
    description: str
    order: str
    columns: tuple[str, ...]
    seconds: bool = True
    many_cases: bool = False
    many_texts: bool = False
    split: bool = False
    fmt: str = "csv"
    copies: float = 0.0  # the share of the file that is a second export of earlier rows


SHAPES = (
    Shape("sorted", "sorted; duration_min; seconds; 3k cases, 9k texts", "sorted", tuple(FULL)),
    Shape(
        "teams",
        "teams appended; no duration_min; minutes; 65k cases",
        "teams",
        tuple(BARE),
        seconds=False,
        many_cases=True,
    ),
    Shape("shuffled", "fully shuffled; duration_min; seconds; 3k cases", "shuffled", tuple(FULL)),
    Shape(
        "sorted_minutes",
        "sorted; no duration_min; minutes; 65k cases",
        "sorted",
        tuple(BARE),
        seconds=False,
        many_cases=True,
    ),
    Shape(
        "many_texts",
        "fully shuffled; no duration_min; 200k cases, 600k texts",
        "shuffled",
        tuple(BARE),
        many_cases=True,
        many_texts=True,
    ),
    Shape(
        "split",
        "split date, start_time, end_time; teams appended; duration_min",
        "teams",
        ("worker_id", "date", "start_time", "end_time", "duration_min", "activity", "case_id"),
        seconds=False,
        split=True,
    ),
    Shape(
        "overlap",
        "teams appended, then a second export of the first fifth (copies); minutes; 65k cases",
        "teams",
        tuple(BARE),
        seconds=False,
        many_cases=True,
        copies=0.2,
    ),
)
XLSX = Shape("xlsx", "XLSX workbook, sorted, duration_min", "sorted", tuple(FULL), fmt="xlsx")


def diary_frame(shape: Shape, n_rows: int, seed: int = 0) -> pd.DataFrame:
    """The diary of ``shape`` with ``n_rows`` episodes, as the file will hold it (text)."""
    from timestudy import simulate_study

    base = simulate_study(n_workers=200, weeks=4, seed=1).diary
    copies = int(np.ceil(n_rows / len(base)))
    rng = np.random.default_rng(seed)
    tiles = []
    for k in range(copies):
        tile = base.copy()
        number = tile["worker_id"].str[1:].astype(int)
        if shape.order == "teams":  # team k holds workers k, k + copies, ...: ids interleave
            tile["worker_id"] = "W" + (number * copies + k).map("{:06d}".format)
        else:
            tile["worker_id"] = f"W{k:03d}-" + number.map("{:03d}".format)
        if shape.many_cases:
            tile["case_id"] = tile["case_id"].where(
                tile["case_id"].isna(), tile["case_id"] + f"-{k}"
            )
        tiles.append(tile)
    unique = n_rows - int(n_rows * shape.copies)
    big = pd.concat(tiles, ignore_index=True).head(unique)
    if shape.many_texts:
        big["case_id"] = big["case_id"].where(
            big["case_id"].isna(), big["case_id"] + "-" + (np.arange(len(big)) % 3).astype(str)
        )
        big["activity"] = big["activity"] + " #" + rng.integers(0, 600_000, len(big)).astype(str)
    if shape.order == "sorted":
        big = big.sort_values(["worker_id", "start"], kind="stable")
    elif shape.order == "shuffled":
        big = big.iloc[rng.permutation(len(big))]
    big = big.reset_index(drop=True)
    if shape.copies:  # exported again: the same entries, written the same way
        big = pd.concat([big, big.head(n_rows - unique)], ignore_index=True)
    fmt = "%Y-%m-%dT%H:%M:%S" if shape.seconds else "%Y-%m-%dT%H:%M"
    if shape.split:
        big["date"] = big["start"].dt.strftime("%Y-%m-%d")
        big["start_time"] = big["start"].dt.strftime("%H:%M")
        big["end_time"] = big["end"].dt.strftime("%H:%M")
    else:
        big["start"] = big["start"].dt.strftime(fmt)
        big["end"] = big["end"].dt.strftime(fmt)
    return big[list(shape.columns)]


def shape_file(shape: Shape, n_rows: int) -> Path:
    """Write (once) and return the file of ``shape`` with ``n_rows`` episodes."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"shape_{shape.name}_{n_rows}.{shape.fmt}"
    if path.exists():
        return path
    frame = diary_frame(shape, n_rows)
    tmp = path.with_suffix(".tmp" + path.suffix)
    if shape.fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("diary")
        sheet.append(list(frame.columns))
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(list(row))
        book.save(tmp)
    else:
        frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path
