"""File formats: CSV encodings and delimiters, XLSX sheets, Parquet, JSON Lines, DataFrames.

Line numbers are checked against what a text editor or Excel shows (header = 1).
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from timestudy import SchemaError, read_diary
from timestudy.ingest.files import read_table

HEADER = ["worker_id", "start", "end", "activity"]
ROWS = [
    ["W1", "2026-03-09T09:00", "2026-03-09T09:30", "Emails and admin"],
    ["W1", "2026-03-09T09:30", "2026-03-09T10:45", "Home visit – Evans (café)"],
    ["W2", "2026-03-09T13:00", "2026-03-09T14:00", "Réunion; core group"],
]


def delimited(delimiter: str, newline: str = "\n") -> str:
    def quote(v: str) -> str:
        return f'"{v}"' if delimiter in v else v

    return newline.join(delimiter.join(quote(v) for v in r) for r in [HEADER, *ROWS]) + newline


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / "diary.csv"
    path.write_bytes(delimited(delimiter, "\r\n").encode(encoding))
    result = read_diary(path)
    eps = result.episodes
    assert eps["activity"].tolist() == [r[3] for r in ROWS]
    assert eps["source_row"].tolist() == [2, 3, 4]
    assert list(eps.columns[:2]) == ["worker_id", "start"]  # no BOM left on the first header
    assert result.report.details["encoding"] == encoding
    assert (
        result.report.details["delimiter"]
        == {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    )


def test_excel_sep_line_and_blank_lines_keep_line_numbers(tmp_path):
    text = "sep=;\n" + delimited(";").replace("\nW1;2026-03-09T09:30", "\n\n\nW1;2026-03-09T09:30")
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    eps = read_diary(path).episodes
    assert eps["source_row"].tolist() == [3, 6, 7]


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    text = (
        "worker_id,start,end,activity\n"
        'W1,2026-03-09T09:00,2026-03-09T09:30,"notes\nover two lines"\n'
        "W1,2026-03-09T09:30,25:70,visit\n"
    )
    path = tmp_path / "d.csv"
    path.write_text(text)
    result = read_diary(path)
    assert result.episodes["source_row"].tolist() == [2]
    assert result.episodes["activity"].iloc[0] == "notes\nover two lines"
    assert result.rejects["source_row"].tolist() == [4]


def test_rows_with_wrong_number_of_fields_are_rejected_not_lost(tmp_path):
    text = (
        "worker_id,start,end,activity\n"
        "W1,2026-03-09T09:00,2026-03-09T09:30,emails\n"
        "W1,2026-03-09T09:30,2026-03-09T10:00,visit, Smith family\n"
        "W1,2026-03-09T10:00\n"
        "W1,2026-03-09T10:00,2026-03-09T10:30,notes\n"
    )
    path = tmp_path / "d.csv"
    path.write_text(text)
    result = read_diary(path)
    r = result.report
    assert (r.n_read, r.n_accepted, r.n_rejected) == (4, 2, 2)
    rej = result.rejects
    assert rej["source_row"].tolist() == [3, 4]
    assert set(rej["code"]) == {"wrong_field_count"}
    assert "line 3 has 5 fields but the header has 4" in rej["reason"].iloc[0]
    assert rej["worker_id"].tolist() == ["W1", "W1"]


def xlsx(path, rows, sheet="Diary", first_sheet=None):
    book = openpyxl.Workbook()
    ws = book.active
    if first_sheet:
        ws.title = first_sheet
        ws.append(["nothing here"])
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_xlsx_first_sheet_typed_cells_and_sheet_rows(tmp_path):
    import datetime as dt

    rows = [
        [None],
        ["worker_id", "date", "start_time", "end_time", "activity"],
        ["W1", dt.datetime(2026, 3, 9), dt.time(9, 30), dt.time(10, 15), "visit"],
        [None, None, None, None, None],
        ["W1", dt.datetime(2026, 3, 9), dt.time(23, 30), dt.time(0, 20), "call out"],
    ]
    path = xlsx(tmp_path / "d.xlsx", rows)
    result = read_diary(path)
    eps = result.episodes
    assert result.report.layout == "split"
    assert eps["source_row"].tolist() == [3, 5]  # sheet rows as Excel shows them
    assert eps["duration_min"].tolist() == [45.0, 50.0]
    assert eps["end"].iloc[1] == pd.Timestamp("2026-03-10 00:20")


def test_xlsx_named_sheet_and_unknown_sheet(tmp_path):
    rows = [HEADER, *ROWS]
    path = xlsx(tmp_path / "d.xlsx", rows, sheet="Week 1", first_sheet="Cover")
    assert len(read_diary(path, sheet="Week 1").episodes) == 3
    assert len(read_diary(path, sheet=1).episodes) == 3
    with pytest.raises(SchemaError, match="no sheet named 'Week 2'.*'Cover', 'Week 1'"):
        read_diary(path, sheet="Week 2")


def test_parquet_and_dataframe_rows_are_numbered_from_one(tmp_path, clean_study):
    diary = clean_study.diary.head(50)
    path = tmp_path / "d.parquet"
    diary.to_parquet(path)
    from_file = read_diary(path).episodes
    from_frame = read_diary(diary).episodes
    assert from_file["source_row"].tolist() == list(range(1, 51))
    pd.testing.assert_frame_equal(from_file, from_frame)


def test_json_lines_with_blank_and_bad_lines(tmp_path):
    text = (
        '{"worker_id": "W1", "start": "2026-03-09T09:00", "end": "2026-03-09T09:30"}\n'
        "\n"
        '{"worker_id": "W1", "start": "2026-03-09T09:30", "duration_min": 45}\n'
        "not json at all\n"
        '{"worker_id": "W2", "start": "2026-03-09T10:00", "duration_min": "1:30"}\n'
    )
    path = tmp_path / "d.jsonl"
    path.write_text(text)
    result = read_diary(path)
    assert result.episodes["source_row"].tolist() == [1, 3, 5]
    assert result.episodes["duration_min"].tolist() == [30.0, 45.0, 90.0]
    assert result.rejects["source_row"].tolist() == [4]
    assert result.report.n_read == 4


def test_json_lines_fast_path_line_numbers(tmp_path):
    text = "\n".join(
        f'{{"worker_id": "W1", "start": "2026-03-09T{h:02d}:00", "duration_min": 30}}'
        for h in range(8, 12)
    )
    path = tmp_path / "d.jsonl"
    path.write_text("\n" + text + "\n")
    assert read_diary(path).episodes["source_row"].tolist() == [2, 3, 4, 5]


def test_file_like_source_and_unknown_suffix():
    data = io.BytesIO(delimited(";").encode("cp1252"))
    assert len(read_diary(data, name="upload").episodes) == 3


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\n\n  \n", "is empty"),
        ("old.xls", b"\xd0\xcf\x11\xe0", r"\.xls workbook: open it in Excel and save it as \.xlsx"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook"),
        ("broken.parquet", b"PAR1 nonsense", "not a readable Parquet file"),
    ],
)
def test_unusable_files_raise_schema_error(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SchemaError, match=match):
        read_diary(path)


def test_read_table_does_not_touch_the_callers_frame(clean_study):
    diary = clean_study.diary.head(20)
    before = diary.copy()
    read_diary(diary)
    pd.testing.assert_frame_equal(diary, before)
    raw = read_table(diary)
    assert np.array_equal(raw.source_row, np.arange(1, 21))


# -- quotes and long values -------------------------------------------------------------
QUOTE_HEADER = "worker_id,start,end,activity\n"
QUOTE_ROW = "W1,2026-03-09T{h}:00,2026-03-09T{h}:30,home visit\n"


def test_an_unclosed_quote_does_not_swallow_the_rows_after_it_silently():
    rows = "".join(QUOTE_ROW.format(h=h) for h in (10, 11, 12))
    text = QUOTE_HEADER + 'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\n' + rows
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    r = result.report
    assert (r.n_read, r.n_accepted, r.rejected_by_reason) == (1, 0, {"unclosed_quote": 1})
    reason = result.rejects["reason"].iloc[0]
    assert "line 2" in reason and "until line 5" in reason and "3 lines" in reason
    assert result.rejects["source_row"].tolist() == [2]


def test_a_quoted_note_over_two_lines_is_one_value():
    rows = "".join(QUOTE_ROW.format(h=h) for h in (10, 11))
    text = QUOTE_HEADER + 'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\nthen notes"\n' + rows
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.report.n_accepted == 3 and result.report.n_rejected == 0
    assert result.episodes["activity"].iloc[0] == "visit\nthen notes"
    assert result.episodes["source_row"].tolist() == [2, 4, 5]


def test_a_value_longer_than_pythons_csv_limit_is_read():
    long_note = "x" * 200_000  # over csv's default limit of 131,072 characters
    text = QUOTE_HEADER + f"W1,2026-03-09T08:00,2026-03-09T09:00,{long_note}\n"
    text += QUOTE_ROW.format(h=10)
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.report.n_accepted == 2
    assert result.episodes["activity"].str.len().max() == 200_000


@pytest.mark.parametrize(
    "note",
    [
        "Present: mum, dad, gran, school nurse",  # as many commas as the header has
        "09:30, 10:00, 11:15, 12:00",
        "W1, W2, W3, W4",
    ],
)
def test_a_note_whose_lines_hold_commas_is_not_taken_for_rows(note):
    rows = "".join(QUOTE_ROW.format(h=h) for h in (10, 11))
    text = QUOTE_HEADER + f'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\n{note}"\n' + rows
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.report.n_rejected == 0 and result.report.n_accepted == 3
    assert result.episodes["activity"].iloc[0] == f"visit\n{note}"


def test_an_unclosed_quote_in_the_first_row_running_to_the_end_is_a_reject():
    rows = "".join(QUOTE_ROW.format(h=h) for h in (10, 11, 12))
    text = QUOTE_HEADER + 'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\n' + rows
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.report.rejected_by_reason == {"unclosed_quote": 1}


def test_a_quote_closed_rows_later_is_a_reject_and_the_rows_after_it_are_read():
    rows = "".join(QUOTE_ROW.format(h=h) for h in (10, 11))
    text = (
        QUOTE_HEADER
        + QUOTE_ROW.format(h=7)
        + 'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\n'
        + rows
        + 'W1,2026-03-09T13:00,2026-03-09T14:00,notes" written\n'
        + QUOTE_ROW.format(h=15)
    )
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    r = result.report
    assert r.rejected_by_reason == {"unclosed_quote": 1}
    assert result.rejects["source_row"].tolist() == [3]
    assert result.episodes["source_row"].tolist() == [2, 7]


def test_a_carriage_return_inside_a_quoted_value_is_read():
    # found by the ingest property test: a value "\n\r0" made the row check itself fail
    text = QUOTE_HEADER + 'W1,2026-03-09T08:00,2026-03-09T09:00,"\n\r0"\n' + QUOTE_ROW.format(h=10)
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.report.n_accepted == 2 and result.report.n_rejected == 0


# -- line numbers without counting lines (a file with no quote in it) --------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_of_a_file_without_quotes(newline):
    rows = [QUOTE_ROW.format(h=h).rstrip("\n") for h in (9, 10, 11)]
    text = QUOTE_HEADER.rstrip("\n") + newline + newline.join(rows) + newline
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    assert result.episodes["source_row"].tolist() == [2, 3, 4]


def test_blank_lines_and_empty_rows_keep_the_line_numbers_right():
    rows = [QUOTE_ROW.format(h=h) for h in (9, 10, 11)]
    text = QUOTE_HEADER + rows[0] + "\n" + ",,,\n" + rows[1] + "\n\n" + rows[2]
    result = read_diary(io.BytesIO(text.encode()), warn=False)
    # line 3 is blank (skipped), line 4 a row of empty fields (skipped and said: no
    # entry; it was rejected before audit23m), 5 a row, 6-7 blank
    assert result.episodes["source_row"].tolist() == [2, 5, 8]
    assert result.rejects.empty
    assert result.report.n_read == 3
    said = [w for w in result.report.details["warnings"] if w["code"] == "empty_lines"]
    assert said[0]["message"].startswith("empty_lines: line 4 (1 line) has every field empty")


# -- large files are streamed into pyarrow: the same table as reading the bytes whole ------
def _big_csv(variant: str) -> bytes:
    rows = [QUOTE_ROW.format(h=f"{9 + k % 8:02d}").rstrip("\n") for k in range(3000)]  # ~150 kB
    if variant == "blank_line":
        rows.insert(2000, "")
    elif variant == "quoted_break":
        rows[2500] = 'W1,2026-03-09T08:00,2026-03-09T09:00,"visit\nnotes"'
    elif variant == "bad_row":
        rows[2600] = "W1,2026-03-09T08:00,2026-03-09T09:00,home,visit"
    elif variant == "bad_time":
        rows[2700] = "W1,2026-03-09T08:00,09:61,home visit"
    elif variant == "cp1252_late":  # Windows text after the first 64 kB
        rows[-1] = "W1,2026-03-09T16:00,2026-03-09T16:30,caf\u00e9 visit"
    newline = {"crlf": "\r\n", "cr_after_blank": "\r"}.get(variant, "\n")
    text = QUOTE_HEADER.rstrip("\n") + newline + newline.join(rows) + newline
    if variant == "cr_after_blank":  # a blank first line, then old Mac line endings
        text = "\n" + text
    elif variant == "sep_line":
        text = "sep=,\n" + text
    elif variant == "typed_sample":  # long rows; row 21 (near 64 kB) has an hour-only start
        long = [f"W1,2026-03-09T08:00,2026-03-09T09:00,{'note ' * 600}" for _ in range(60)]
        long[21] = long[21].replace("2026-03-09T08:00", "2026-03-09T08", 1)
        text = QUOTE_HEADER + "\n".join(long) + "\n"
    if variant == "no_final_newline":
        text = text.rstrip("\n")
    data = text.encode("cp1252" if variant == "cp1252_late" else "utf-8")
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@pytest.mark.parametrize(
    "variant",
    [
        "plain",
        "crlf",
        "bom",
        "no_final_newline",
        "blank_line",
        "quoted_break",
        "bad_row",
        "bad_time",
        "cp1252_late",
        "cr_after_blank",
        "sep_line",
        "typed_sample",
    ],
)
def test_a_large_file_reads_as_its_bytes_do(tmp_path, variant):
    data = _big_csv(variant)
    path = tmp_path / "diary.csv"
    path.write_bytes(data)
    if variant == "cp1252_late":  # never re-decoded silently: refused with where and why
        for source in (path, io.BytesIO(data)):
            with pytest.raises(SchemaError, match=r"diary.csv: byte \d+ \(line \d+\) is not UTF"):
                read_table(source, name="diary.csv")
        return
    from_path = read_table(path)
    from_bytes = read_table(io.BytesIO(data), name="diary.csv")
    pd.testing.assert_frame_equal(from_path.frame, from_bytes.frame)
    np.testing.assert_array_equal(from_path.source_row, from_bytes.source_row)
    assert from_path.problems == from_bytes.problems
    assert from_path.details == from_bytes.details
    result = read_diary(path, warn=False)
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates


def test_a_streamed_csv_with_a_byte_that_is_not_utf8_far_in_is_refused(tmp_path):
    """Only the start of a CSV streamed into pyarrow is checked before the read; a bad byte
    further on fails pyarrow's own UTF-8 check, and the whole-file check then names it."""
    rows = b"".join(
        b"W%d,2026-03-09T09:00:00,2026-03-09T09:30:00,Zo\xc3\xab\n" % i for i in range(8000)
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"worker_id,start,end,activity\n" + rows
                     + b"W1,2026-03-09T10:00:00,2026-03-09T10:30:00,Zo\xeb\n")
    assert path.stat().st_size > 1 << 17  # large enough to be streamed
    with pytest.raises(SchemaError, match=r"line 8002\) is not UTF-8"):
        read_table(path)
