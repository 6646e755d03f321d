"""An Excel diary for staff to fill in, which :func:`timestudy.read_diary` reads with no mapping.

The workbook has a ``Diary`` sheet (first, so it is the one read) with one row
per episode: drop-downs for task type and case type, dates and times checked by
Excel, and an ``Instructions`` sheet that opens first. A hidden ``Lists`` sheet
holds the drop-down values, taken from the taxonomy.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import xlsxwriter

from timestudy.errors import ConfigError

CASE_TYPES = ("CIN", "CP", "CLA", "PROCEEDINGS")
COLUMNS = (  # header, width, note shown when the cell is selected
    ("worker_id", 12, "Your worker ID, e.g. W001 (the same on every row)."),
    ("date", 12, "The date the episode started, e.g. 09/03/2026."),
    ("start_time", 11, "When it started, 24-hour clock, e.g. 09:30."),
    ("end_time", 11, "When it ended, e.g. 10:15. An end before the start means after midnight."),
    ("activity", 40, "What you did, in your own words."),
    ("activity_code", 13, "Optional: an activity code from your team's list."),
    ("task_type", 24, "Choose the task type from the list."),
    ("case_id", 12, "The case the work was for; leave blank for non-case work."),
    ("case_type", 14, "CIN, CP, CLA or PROCEEDINGS, for case work."),
    ("secondary_activity", 20, "Optional: anything done at the same time."),
    ("location", 16, "Where: office, family home, car, court, home..."),
)
INSTRUCTIONS = (
    "How to fill in this time diary",
    "",
    "1. Use the Diary sheet. Write one row for each piece of work (an episode), in the order "
    "you did them.",
    "2. Give the date, the start time and the end time (24-hour clock, e.g. 09:30 to 10:15). "
    "Work that runs past midnight: write the end time as it was (e.g. 23:30 to 00:20).",
    "3. Describe the activity in your own words; choose a task type from the drop-down when "
    "one fits.",
    "4. For work on a case, give the case ID and the case type; leave them blank for "
    "team meetings, training, breaks and other non-case time.",
    "5. Record breaks and travel too, and any work done in the evening or at weekends.",
    "6. Do not write names of children or families: use case IDs.",
    "",
    "The diary measures the work, not you: it is used to estimate how long tasks take so that "
    "caseloads can be set fairly.",
    "Do not rename or reorder the columns of the Diary sheet; add rows as needed.",
)


def write_template(
    out: str | os.PathLike, tasks: Sequence[tuple[str, str]], rows: int = 500
) -> Path:
    """Write the Excel diary template and return its path.

    Parameters
    ----------
    out : path
        The ``.xlsx`` file to write.
    tasks : sequence of (id, label)
        The task types that fill the drop-down, for example
        ``[(t.id, t.label) for t in timestudy.load_taxonomy().task_types]``.
    rows : int
        Rows prepared with drop-downs and checks (default 500).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, timestudy
    >>> tasks = [(t.id, t.label) for t in timestudy.load_taxonomy().task_types]
    >>> path = write_template(Path(tempfile.mkdtemp()) / "diary.xlsx", tasks)
    >>> timestudy.read_diary(path, warn=False).report.n_read
    0
    """
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ConfigError(f"the template must be an .xlsx file, not {out.name!r}", source=str(out))
    tasks = list(tasks)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out))
    try:
        _diary_sheet(book, rows, len(tasks))
        _instructions_sheet(book)
        _lists_sheet(book, tasks)
    finally:
        book.close()
    return out


def _diary_sheet(book, rows: int, n_tasks: int) -> None:
    sheet = book.add_worksheet("Diary")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    formats = {
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "start_time": book.add_format({"num_format": "hh:mm"}),
        "end_time": book.add_format({"num_format": "hh:mm"}),
    }
    last = rows  # zero-based last row of the prepared range
    for j, (name, width, note) in enumerate(COLUMNS):
        sheet.write(0, j, name, head)
        sheet.set_column(j, j, width, formats.get(name))
        sheet.write_comment(0, j, note)
        check = {"validate": "any", "input_message": note[:255]}
        if name == "date":
            check = {
                "validate": "date",
                "criteria": "between",
                "minimum": date(2000, 1, 1),
                "maximum": date(2099, 12, 31),
                "error_message": "Enter a date such as 09/03/2026.",
            }
        elif name in ("start_time", "end_time"):
            check = {
                "validate": "time",
                "criteria": "between",
                "minimum": 0.0,
                "maximum": 0.999988,
                "error_message": "Enter a time such as 09:30.",
            }
        elif name == "task_type":
            check = {
                "validate": "list",
                "source": f"=Lists!$A$2:$A${n_tasks + 1}",
                "error_message": "Choose a task type from the list.",
            }
        elif name == "case_type":
            check = {
                "validate": "list",
                "source": list(CASE_TYPES),
                "error_message": "Choose CIN, CP, CLA or PROCEEDINGS.",
            }
        check.setdefault("input_title", name)
        check.setdefault("input_message", note[:255])
        sheet.data_validation(1, j, last, j, check)
    sheet.freeze_panes(1, 0)


def _instructions_sheet(book) -> None:
    sheet = book.add_worksheet("Instructions")
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 110, wrap)
    for i, line in enumerate(INSTRUCTIONS):
        sheet.write(i, 0, line, title if i == 0 else wrap)
    row = len(INSTRUCTIONS) + 1
    sheet.write(row, 0, "Columns of the Diary sheet", title)
    for k, (name, _, note) in enumerate(COLUMNS, start=row + 1):
        sheet.write(k, 0, f"{name}: {note}", wrap)
    sheet.activate()


def _lists_sheet(book, tasks: list[tuple[str, str]]) -> None:
    sheet = book.add_worksheet("Lists")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["task_type", "label", "case_type"], bold)
    for i, (task_id, label) in enumerate(tasks, start=1):
        sheet.write(i, 0, task_id)
        sheet.write(i, 1, label)
    for i, case_type in enumerate(CASE_TYPES, start=1):
        sheet.write(i, 2, case_type)
    sheet.hide()
