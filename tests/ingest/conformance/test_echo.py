"""Conformance: a rejected row echoes its values as the file wrote them, in every layout.

The CSV reader types ISO start and end times and plain-number durations as it reads
(when the rows it samples all look like them), and JSON has numbers; a reject must
still show ``2026-03-09T11:00:00`` and ``60.0``, not ``2026-03-09 11:00:00`` and ``60``
(data_schema/README.md, "Rejects"). Each layout is read as a small file (read whole),
as a file over 128 kB (streamed into pyarrow) and as JSON Lines; every reject's every
column is compared with the field as written in its line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import timestudy

_TOGGL = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags"
_WOMBAT = "Observer,Session ID,Participant ID,Session Date,Task ID,Start Time,End Time,Duration,What (Work Tasks),Where"
_SLOTS = "worker_id,date,08:00,08:30,09:00,09:30"

# layout: (header, a good row with {i} for a running number, the rejected rows)
LAYOUTS = {
    "canonical": (
        "worker_id,start,end,duration_min,activity",
        "W{i},2026-03-09T09:00:00,2026-03-09T09:30:00,30.0,emails",
        [
            "W1,2026-03-09T11:00:00,2026-03-09T10:00:00,60.0,end before start",
            "W2,2099-03-09T11:00:00,2099-03-09T12:00:00,60.50,out of range",
        ],
    ),
    "duration": (
        "worker_id,start,duration_min,activity",
        "W{i},2026-03-09T09:00:00,30.0,emails",
        ["W1,2026-03-09T11:00:00,2000.50,too long", "W2,2099-03-09T11:00:00,60.0,out of range"],
    ),
    "split": (
        "worker_id,date,start_time,end_time,activity",
        "W{i},09/03/2026,9.00am,09:30,emails",
        ["W1,09/03/2026,9.30am,25:00,bad end", "W2,31/02/2026,09:30,10:00,no such day"],
    ),
    "slots": (
        _SLOTS,
        "W{i},09/03/2026,emails,travel,visit,visit",
        ["W1,31/02/2026,emails,travel,visit,visit"],
    ),
    "wombat": (
        _WOMBAT,
        "OBS1,S{i},SW04,01-Apr-2025,1,09:02:13,09:15:00,00:12:47,Documentation,Office",
        ["OBS1,S9,SW04,01-Apr-2025,2,09:15:00,09:21:30,1 week and 05:24:59,Communication,Office"],
    ),
    "toggl": (
        _TOGGL,
        "Sam Jones,sam@example.org,C{i},Visit,,Visit,No,2026-03-09,09:30:00,2026-03-09,10:45:00,01:15:00,CP",
        [
            "Sam Jones,sam@example.org,C1,Visit,,Left on,No,2026-03-09,08:00:00,2026-03-11,00:00:00,40:00:00,"
        ],
    ),
}


def _csv_text(layout: str, n_good: int) -> str:
    header, good, bad = LAYOUTS[layout]
    rows = [good.format(i=i) for i in range(1, n_good + 1)]
    return "\n".join([header, *rows, *bad]) + "\n"


def _fields_by_line(text: str) -> dict[int, list[str]]:
    """Each data line's fields as the file wrote them (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    out = {}
    for fields in reader:
        out[reader.line_num] = fields
    return out


def _jsonl(text: str) -> str:
    """The CSV as JSON Lines: numbers written as numbers, exactly as they were typed."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]

    def value(v: str) -> str:
        return v if re.fullmatch(r"-?\d+(?:\.\d+)?", v) else json.dumps(v)

    lines = [
        "{"
        + ", ".join(f"{json.dumps(h)}: {value(v)}" for h, v in zip(header, r, strict=True))
        + "}"
        for r in rows[1:]
    ]
    return "\n".join(lines) + "\n"


def _check_echo(path: Path, text: str, layout: str) -> pd.DataFrame:
    result = timestudy.read_diary(path, warn=False)
    assert result.report.layout == layout
    rejects = result.rejects
    assert len(rejects) >= len(LAYOUTS[layout][2])
    header = next(csv.reader(io.StringIO(text)))
    if path.suffix == ".jsonl":
        lines = {n: row for n, row in enumerate(_rows_of(text), start=1)}
    else:
        lines = _fields_by_line(text)
    for _, reject in rejects.iterrows():
        written = lines[int(reject["source_row"])]
        shown = [reject[h if h in rejects.columns else f"{h} (input)"] for h in header]
        assert [str(v) for v in shown] == written, (layout, reject["reason"])
    return rejects


def _rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))[1:]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("size", ["small", "streamed"])
def test_csv_rejects_echo_the_file(tmp_path, layout, size):
    text = _csv_text(layout, 3 if size == "small" else 5_000)
    assert (len(text) > 1 << 17) == (size == "streamed")
    path = tmp_path / "diary.csv"
    path.write_text(text)
    _check_echo(path, text, layout)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_json_lines_rejects_echo_the_file(tmp_path, layout):
    text = _csv_text(layout, 3)
    path = tmp_path / "diary.jsonl"
    path.write_text(_jsonl(text))
    _check_echo(path, text, layout)


def test_reasons_quote_the_value_as_written(tmp_path):
    text = _csv_text("canonical", 5_000)
    path = tmp_path / "diary.csv"
    path.write_text(text)
    rejects = timestudy.read_diary(path, warn=False).rejects
    out_of_range = rejects[rejects["code"] == "date_out_of_range"]
    assert set(out_of_range["reason"].str.extract(r"'(.*?)'")[0]) == {
        "2099-03-09T11:00:00",
        "2099-03-09T12:00:00",
    }


def test_the_echo_does_not_depend_on_the_row_order(tmp_path):
    """The rejects of a file whose sample is typed and of the same rows with an untyped
    first row (a start the fast path cannot read) show the same text."""
    header, good, bad = LAYOUTS["canonical"]
    rows = [good.format(i=i) for i in range(1, 5_000)]
    odd = "W0,09/03/2026 08:00,09/03/2026 08:30,30,emails"
    first = tmp_path / "typed.csv"
    first.write_text("\n".join([header, *rows, *bad, odd]) + "\n")
    second = tmp_path / "text.csv"
    second.write_text("\n".join([header, odd, *bad, *rows]) + "\n")
    a = timestudy.read_diary(first, warn=False).rejects.drop(columns="source_row")
    b = timestudy.read_diary(second, warn=False).rejects.drop(columns="source_row")
    pd.testing.assert_frame_equal(a, b)


def test_a_utc_time_in_json_lines_is_never_silently_shifted(tmp_path):
    path = tmp_path / "utc.jsonl"
    path.write_text(
        '{"worker_id": "W1", "start": "2026-06-03T08:00:00Z", "end": "2026-06-03T09:00:00Z"}\n'
        '{"worker_id": "W1", "start": "2026-06-03T10:00:00", "end": "2026-06-03T11:00:00"}\n'
    )
    plain = timestudy.read_diary(path, warn=False)  # no time zone: the UTC row is refused
    assert plain.report.n_accepted == 1
    assert set(plain.rejects["code"]) == {"offset_without_timezone"}
    assert set(plain.rejects["start"]) == {"2026-06-03T08:00:00Z"}
    london = timestudy.read_diary(path, warn=False, timezone="Europe/London")
    starts = london.episodes["start"].tolist()
    assert starts == [pd.Timestamp("2026-06-03 09:00"), pd.Timestamp("2026-06-03 10:00")]
    assert np.allclose(london.episodes["duration_min"], 60)


def test_a_json_array_of_records_echoes_its_numbers_as_written(tmp_path):
    path = tmp_path / "diary.json"
    path.write_text(
        '[{"worker_id": "W1", "start": "2026-03-09T11:00:00", "duration_min": 2000.50},\n'
        ' {"worker_id": "W1", "start": "2026-03-09T09:00:00", "duration_min": 30}]\n'
    )
    rejects = timestudy.read_diary(path, warn=False).rejects
    assert rejects[["start", "duration_min", "code"]].values.tolist() == [
        ["2026-03-09T11:00:00", "2000.50", "above_maximum"]
    ]
