"""Every place the headline is printed says which cases it could not cost.

The audit's g6 (``timestudy simulate --workers 6 --weeks 4 --seed 1``, then the guide's
outputs and the lines ``timestudy guide`` prints): PROCEEDINGS is suppressed (3 workers), 5 of
the 100 open cases, and CLA with it (31 cases; secondary suppression: the case hours per
FTE-week less the published types' hours would give PROCEEDINGS' hours back). By hand: cases
held per FTE 100 / 5.6 = 17.9 (the defect: the costed cases only); the FTE needed counts the
64 costed cases' hours (CIN 35 x 5.919 + CP 29 x 11.368 = 536.8 h a month over 106.08 h a
month per FTE), 5.1, so it is "at least 5.1 FTE (...; 31 CLA cases (...) and 5 PROCEEDINGS
cases (too few workers) not costed)" in the command line's lines, the workbook's Summary, the
HTML, the Markdown and the Word document; 5.6 in post is "at most 0.5 FTE to spare".
"""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from timestudy import write_outputs
from timestudy.cli.guide import summary_text

NOT_COSTED = ("31 CLA cases (withheld to protect a type with too few workers) and "
              "5 PROCEEDINGS cases (too few workers) not costed")
SAYINGS = (
    NOT_COSTED,
    "needs at least 5.1 FTE (interval",
    "at most 0.5 FTE to spare",
    "workers hold 17.9 per FTE",
)


@pytest.fixture(scope="module")
def printed(six_run, tmp_path_factory):
    """The outputs of the audit's g6 (shared run, tests/report/conftest.py) and the lines
    ``timestudy guide`` prints for it (:func:`timestudy.cli.guide.summary_text`)."""
    run = six_run[1]
    out = tmp_path_factory.mktemp("g6")
    paths = write_outputs(run, out, formats=("json", "xlsx", "html", "md", "docx"))
    return out, summary_text(run, paths)


def _say_it(text: str, where: str) -> None:
    for words in SAYINGS:
        assert words in text, f"{where}: {words!r}"


def test_the_command_line_says_it(printed):
    _say_it(printed[1], "command line")


def test_the_workbook_summary_says_it(printed):
    ws = openpyxl.load_workbook(printed[0] / "guide.xlsx", data_only=True)["Summary"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    _say_it(text, "guide.xlsx Summary")


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_the_reports_say_it(printed, name):
    _say_it((printed[0] / name).read_text(encoding="utf-8"), name)


def test_the_word_document_says_it(printed):
    doc = Document(str(printed[0] / "report.docx"))
    _say_it(" ".join(p.text for p in doc.paragraphs), "report.docx")
