"""Every CSV timestudy writes reads back row for row and runs no formula (issue 19, failure 2).

Before the fix, a bare carriage return inside a value was written unquoted to
``rejects.csv``, to ``categorise --out x.csv`` and to every ``pseudonymise`` output, so a
spreadsheet started a new row with ``=cmd|' /C calc'!A0`` that the leading-character
check never saw. Every CSV output now goes through :func:`timestudy.exports.write_csv`;
each test reads an output back with Python's :mod:`csv` module and with pyarrow, finds
the rows written, and finds no cell that a spreadsheet would take for a formula at its
start or after a line break.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
import pytest
from hostile import cli
from hypothesis import given
from hypothesis import strategies as st

from timestudy.exports import csv_text, write_csv
from timestudy.privacy import FORMULA_STARTS

ROOT = Path(__file__).parents[2]
PAYLOADS = [
    "note\r=cmd|' /C calc'!A0",
    "line one\n+SUM(1,2)",
    'he said "hello", then left',
    "a;b,c\td",
    "=HYPERLINK(\"http://x\")",
    "@SUM(A1)\r\n-2+3",
]
_FORMULA = re.compile("(?:^|[\r\n])[" + re.escape("".join(FORMULA_STARTS)) + "]")


def read_back(path: Path) -> list[list[str]]:
    """Rows by Python's csv module; pyarrow must find the same rows and cells."""
    text = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={h: "string" for h in rows[0]}, strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    assert table.column_names == rows[0], path.name
    arrow_rows = [[("" if v is None else str(v)) for v in r.values()] for r in table.to_pylist()]
    assert arrow_rows == rows[1:], path.name
    return rows


def assert_no_formula(rows: list[list[str]], name: str) -> None:
    for row in rows:
        for cell in row:
            try:
                float(cell)
                continue  # a number is a number
            except ValueError:
                pass
            assert not _FORMULA.search(cell), (name, cell)


def test_the_writer_quotes_line_breaks_quotes_and_delimiters(tmp_path):
    frame = pd.DataFrame({"text": PAYLOADS, "n": range(len(PAYLOADS))})
    rows = read_back(write_csv(frame, tmp_path / "t.csv"))
    assert len(rows) == len(PAYLOADS) + 1
    assert_no_formula(rows, "t.csv")
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(PAYLOADS))]
    # what a bare-CR reader (a spreadsheet) sees as rows: a CR only ever inside quotes
    outside = re.sub(r'"(?:[^"]|"")*"', "", csv_text(frame))
    assert outside.count("\r") == outside.count("\r\n") == len(PAYLOADS) + 1


@given(st.lists(st.text(alphabet=st.sampled_from('ab =+-@\t\r\n",;\'1'), max_size=12),
                min_size=1, max_size=8))
def test_any_text_reads_back_as_written_apart_from_the_apostrophes(values):
    rows = list(csv.reader(io.StringIO(csv_text(pd.DataFrame({"v": values})), newline="")))
    assert len(rows) == len(values) + 1
    assert [r[0].replace("'", "") for r in rows[1:]] == [v.replace("'", "") for v in values]
    assert_no_formula(rows, "fuzz")


@pytest.fixture
def hostile_diary(tmp_path) -> Path:
    rows = [
        "worker_id,start,end,activity,case_id,comments",
        *[f'W{i % 3},2026-03-09T{9 + i}:00,2026-03-09T{9 + i}:30,"{p.replace(chr(34), chr(34) * 2)}",'
          f'C{i},"{p.replace(chr(34), chr(34) * 2)}"' for i, p in enumerate(PAYLOADS)],
        'W1,not a date,2026-03-09T18:00,"bad\r=cmd|\' /C calc\'!A0",C9,"x\n@y"',
    ]
    path = tmp_path / "diary.csv"
    path.write_bytes("\n".join(rows).encode() + b"\n")
    return path


def test_rejects_csv(hostile_diary, tmp_path, capsys):
    run = cli(["validate", hostile_diary, "--out", tmp_path / "v"], capsys)
    assert run.code == 1
    rows = read_back(tmp_path / "v" / "rejects.csv")
    assert len(rows) == 2  # header and the one rejected row
    assert_no_formula(rows, "rejects.csv")


def test_categorise_out(hostile_diary, tmp_path, capsys):
    out = tmp_path / "cat.csv"
    run = cli(["categorise", hostile_diary, "--out", out], capsys)
    assert run.code in (0, 1), run.err
    rows = read_back(out)
    # the diary read as validate reads it (tax23): the payload rows, not the row whose
    # start is not a date (rejected, as by validate)
    assert len(rows) == 1 + len(PAYLOADS)
    assert_no_formula(rows, "categorise")


def test_pseudonymise_outputs(hostile_diary, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", "k" * 32)
    workers = tmp_path / "workers.csv"
    pd.DataFrame({"worker_id": ["W0", "W1", "W2"], "team": PAYLOADS[:3]}).to_csv(
        workers, index=False, quoting=csv.QUOTE_ALL)  # pandas leaves a bare CR unquoted
    run = cli(["pseudonymise", hostile_diary, workers, "--keep", "comments",
               "--out", tmp_path / "p"], capsys)
    assert run.code == 0, run.err
    assert len(read_back(tmp_path / "p" / "diary.csv")) == 2 + len(PAYLOADS)
    for name in ("diary.csv", "workers.csv"):
        assert_no_formula(read_back(tmp_path / "p" / name), name)


def test_observe_csvs(tmp_path, capsys):
    lines = (ROOT / "data_schema" / "examples" / "wombat.csv").read_text().splitlines()
    header = lines[0].split(",")
    where = header.index("Where")
    body = []
    for i, line in enumerate(lines[1:]):
        cells = line.split(",")
        cells[where] = '"' + PAYLOADS[i % len(PAYLOADS)].replace('"', '""') + '"'
        body.append(",".join(cells))
    src = tmp_path / "wombat.csv"
    src.write_text("\n".join([lines[0], *body]) + "\n")
    run = cli(["observe", src, "--layout", "wombat", "--by", "location", "--out",
               tmp_path / "o"], capsys)
    assert run.code in (0, 1), run.err
    written = sorted((tmp_path / "o").rglob("*.csv"))
    assert written
    for path in written:
        assert_no_formula(read_back(path), path.name)


def test_agreement_csvs(tmp_path, capsys):
    frame = pd.DataFrame({
        "worker_id": ["W1"] * 6,
        "start": [f"2026-03-09T{9 + i}:00" for i in range(6)],
        "end": [f"2026-03-09T{9 + i}:30" for i in range(6)],
        "activity": ["statutory visit", "case notes", "travel to visit", "supervision",
                     "emails", "team meeting"],
        "manual": PAYLOADS,
    })
    frame.to_csv(tmp_path / "coded.csv", index=False)
    run = cli(["agreement", tmp_path / "coded.csv", "--manual", "manual", "--out",
               tmp_path / "a"], capsys)
    assert run.code in (0, 1, 2), run.err
    for path in sorted((tmp_path / "a").glob("*.csv")):
        assert_no_formula(read_back(path), path.name)


def test_simulated_study_csvs(tmp_path, capsys):
    run = cli(["simulate", "--workers", "3", "--weeks", "1", "--faults", "0.2", "--out",
               tmp_path / "s"], capsys)
    assert run.code == 0, run.err
    for path in sorted((tmp_path / "s").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert len(read_back(path)) == len(frame) + 1


def test_no_csv_is_written_any_other_way():
    """Every CSV writer in the package is :func:`timestudy.exports.write_csv`."""
    found = subprocess.run(
        ["grep", "-rnE", r"\.to_csv\(|csv\.writer|write_csv\(|DictWriter", str(ROOT / "timestudy")],
        capture_output=True, text=True, check=False,
    ).stdout.splitlines()
    others = [f for f in found if "exports.py" not in f and "write_csv(" not in f
              and ">>>" not in f and "ready for ``to_csv``" not in f]
    assert others == []
