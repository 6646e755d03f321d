"""``guide.xlsx``: the guide as a workbook, with a capacity calculator that works anywhere.

Sheets: *Summary* (the headline in words, then the tables), *Capacity
calculator* (a row per worker or team; pre-filled from the study by role, never
one person's row),
*Assumptions* (contracted hours, leave, bank holidays, sickness, training, other
days, role allowances, status bands: typed cells the calculator reads live),
*Case weights*, *Tasks* and *Method and assumptions*. Every formula is written
with its computed value, so Excel, LibreOffice, Google Sheets and file previews
show the right numbers on opening; nothing is protected; every sheet prints on
A4, fitted to the page width, with its header rows repeated.

Only the calculator's and the assumptions' formulas are formulas: every value
from data is written as a number or as text, and text that begins with ``=``,
``+``, ``-`` or ``@`` is prefixed with an apostrophe so no spreadsheet can take
it for a formula.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import xlsxwriter

from timestudy.capacity import DEFAULT_BANDS, STATUS_COLOURS
from timestudy.guide import TimeGuide
from timestudy.report.assumptions import SHEET as ASSUMPTIONS
from timestudy.report.assumptions import assumptions_sheet
from timestudy.report.calculator import CALCULATOR, WEIGHTS, CalculatorLayout, calculator_sheet
from timestudy.report.excel_should import should_columns, should_sheet
from timestudy.report.format import as_in_json, safe_cell
from timestudy.report.formulas import Sheet
from timestudy.report.headline import headline_sentences
from timestudy.report.labels import (
    case_type_label,
    category_label,
    figure_name,
    plain_reason,
    task_label,
)
from timestudy.report.labels import term_label as _term
from timestudy.report.method import method_sections
from timestudy.report.rows import (
    SHOULD_TABLE,
    all_claimed,
    provenance,
    published_cases,
    published_counts,
    with_task_columns,
)
from timestudy.report.task_parts import part_reasons, task_counts

#: A withheld count, as the report says it.
NOT_SHOWN = "not shown"


class _Writer:
    """Cell writing with formats: numbers as numbers, NaN as blank, text neutralised."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        f = book.add_format
        self.fmt = {
            "title": f({"bold": True, "font_size": 14}),
            "h2": f({"bold": True, "font_size": 12}),
            "head": f(
                {
                    "bold": True,
                    "bg_color": "#F6F8FA",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            "text": f({"text_wrap": True, "valign": "top"}),
            "note": f(
                {"italic": True, "font_color": "#57606A", "text_wrap": True, "valign": "top"}
            ),
            "0": f({"num_format": "#,##0"}),
            "1": f({"num_format": "#,##0.0"}),
            "2": f({"num_format": "0.00"}),
            "3": f({"num_format": "0.000"}),
            "pct": f({"num_format": "0%"}),
            "in": f({"bg_color": "#FFF2CC", "border": 1, "locked": False}),
            "in_1": f({"bg_color": "#FFF2CC", "border": 1, "locked": False, "num_format": "0.00"}),
            "in_pct": f({"bg_color": "#FFF2CC", "border": 1, "locked": False, "num_format": "0%"}),
            "in_head": f(
                {
                    "bg_color": "#FFF2CC",
                    "border": 1,
                    "locked": False,
                    "bold": True,
                    "text_wrap": True,
                }
            ),
            "calc_1": f({"num_format": "#,##0.0", "bg_color": "#EAEEF2", "border": 1}),
            "calc_2": f({"num_format": "0.00", "bg_color": "#EAEEF2", "border": 1}),
            "calc_0": f({"num_format": "#,##0", "bg_color": "#EAEEF2", "border": 1}),
            "calc_pct": f({"num_format": "0%", "bg_color": "#EAEEF2", "border": 1}),
            "calc_text": f({"bg_color": "#EAEEF2", "border": 1, "bold": True, "align": "center"}),
            "label": f({"bold": True}),
        }
        self.status = {
            k: f({"bg_color": v, "font_color": "#FFFFFF", "bold": True})
            for k, v in STATUS_COLOURS.items()
        }

    def page_setup(self, ws, *, landscape: bool = False, repeat: tuple[int, int] | None = None):
        """A4, fitted to the page width, page numbers in the footer, header rows repeated."""
        ws.set_paper(9)
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&L&A&RPage &P of &N")
        if repeat is not None:
            ws.repeat_rows(*repeat)

    def text(self, ws, row, col, value, fmt="text"):
        ws.write_string(row, col, safe_cell(value), self.fmt.get(fmt))

    def num(self, ws, row, col, value, fmt="1"):
        if isinstance(value, str):  # a count in words ("fewer than 5 of 8"), "not shown"
            return self.text(ws, row, col, value)
        v = as_in_json(value)  # the value guide.json gives the figure, not 89.99999999999663
        if math.isfinite(v):
            ws.write_number(row, col, v, self.fmt.get(fmt))
        else:
            ws.write_blank(row, col, None, self.fmt.get(fmt))

    def table(self, ws, row, col, frame: pd.DataFrame, formats: dict[str, str]) -> int:
        """Write a header and rows; text columns as text, others as numbers. Returns next row."""
        for j, name in enumerate(frame.columns):
            self.text(ws, row, col + j, name, "head")
        for i, values in enumerate(frame.itertuples(index=False), start=1):
            for j, (name, v) in enumerate(zip(frame.columns, values, strict=True)):
                fmt = formats.get(name, "text")
                if fmt == "text":
                    self.text(ws, row + i, col + j, "" if v is None or v is pd.NA else v)
                else:
                    self.num(ws, row + i, col + j, v, fmt)
        return row + len(frame) + 1


def _with_ci(frame: pd.DataFrame, name: str, shown: str) -> dict:
    low = frame[f"{name}_ci_low"].clip(lower=0)  # times cannot be negative: bounded at zero
    return {shown: frame[name], "lower": low, "upper": frame[f"{name}_ci_high"]}


def _why(guide: TimeGuide, table: str, keys) -> list[str]:
    why = guide.reasons(table)
    return [plain_reason(why[str(k)], table) if str(k) in why else
            (plain_reason(why["*"], "all") if "*" in why else "") for k in keys]


#: A travel or notes row with time but no piece of its own: why it has no time per piece.
CLAIMED_WHY = ("no piece of its own: every entry is in the full hours of the piece it belongs "
               "to (a journey to or from it, the notes after it); hours per FTE-week are all "
               "of its time")


def _tasks_frame(guide: TimeGuide) -> pd.DataFrame:
    t = guide.tasks
    m = guide.meta
    frame = pd.DataFrame({"task": [task_label(k, m) for k in t.index],
                          "category": [category_label(c, m) for c in t["category"]]},
                         index=t.index)
    for name, shown in (
        ("direct_minutes", "direct minutes"),
        ("full_hours", "full hours"),
        ("full_hours_regression", "full hours (regression)"),
    ):
        part = pd.DataFrame(_with_ci(t, name, shown), index=t.index)
        part.columns = [shown, f"{shown}: lower", f"{shown}: upper"]
        frame = frame.join(part)
    frame["uplift"] = t["uplift"]
    frame["full hours (should)"] = t["full_hours_should"]
    frame["hours per FTE-week"] = t["hours_per_fte_week"]
    frame["sittings per piece"] = t["sittings_per_piece"] if "sittings_per_piece" in t else None
    apart = t["estimates_disagree"] if "estimates_disagree" in t else pd.Series(None, t.index)
    frame["two estimates of full hours"] = ["differ" if (pd.notna(v) and bool(v)) else ""
                                            for v in apart]
    counted = [task_counts(guide, k, r) for k, r in t.iterrows()]
    frame["pieces of work"] = [NOT_SHOWN if p is None else p for p, _ in counted]
    frame["workers"] = [int(w) if w.isdigit() else w for _, w in counted]
    parts = part_reasons(guide, t.index)  # the time per piece or full hours alone withheld
    frame["why not shown"] = [
        CLAIMED_WHY if all_claimed(r) and not why else why or parts.get(str(k), "")
        for why, (k, r) in zip(_why(guide, "tasks", t.index), t.iterrows(), strict=True)]
    return frame.reset_index(drop=True)


def _cases_frame(guide: TimeGuide) -> pd.DataFrame:
    c = guide.case_types
    # the count rule (README): cases by fewer than min_workers workers withheld, a count of
    # workers a number only where it and the rest are both min_workers or more
    counted = [published_counts(r, "n_cases") for _, r in c.iterrows()]
    frame = pd.DataFrame(
        {
            "case type": [case_type_label(k) for k in c.index],
            "cases": [NOT_SHOWN if pd.isna(p) else int(p) for p in published_cases(guide)],
            "workers": [int(w) if w.isdigit() else w for _, w in counted],
            "case-months": c["case_months"].to_numpy(),
        }
    )
    for name, shown in (
        ("hours_per_case_month", "hours per case-month (is)"),
        ("event_hours_per_case_month", "event-based hours"),
        ("relative_weight", "relative weight"),
    ):
        frame[shown] = c[name].to_numpy()
        frame[f"{shown}: lower"] = c[f"{name}_ci_low"].clip(lower=0).to_numpy()
        frame[f"{shown}: upper"] = c[f"{name}_ci_high"].to_numpy()
    frame["uplift"] = c["uplift"].to_numpy()
    frame["hours per case-month (should)"] = c["hours_per_case_month_should"].to_numpy()
    extra = should_columns(guide)  # how each should figure was reached (evidence only)
    for col in extra.columns:
        frame[col] = extra[col].to_numpy()
    frame["why not shown"] = _case_why(guide, c.index)
    return frame


def _case_why(guide: TimeGuide, keys) -> list[str]:
    """Why a case type's row is not shown, or (its measured figures shown) why its uplift
    and should figure are not: the one withheld should figure named, as in the report."""
    whole, should = _why(guide, "case_types", keys), guide.reasons(SHOULD_TABLE)
    return [w or (f"uplift and hours per case-month (should): "
                  f"{plain_reason(should[str(k)], SHOULD_TABLE)}" if str(k) in should else "")
            for w, k in zip(whole, keys, strict=True)]


def _headline_rows(w: _Writer, ws, guide: TimeGuide, row: int) -> int:
    sentences = headline_sentences(guide.meta)
    if not sentences:
        return row
    w.text(ws, row, 0, "At a glance", "h2")
    for text in sentences:
        row += 1
        ws.merge_range(row, 0, row, 5, "", w.fmt["text"])
        w.text(ws, row, 0, text)
        ws.set_row(row, 15 * (len(text) // 110 + 1))
    return row + 2


def _summary_sheet(w: _Writer, ws, guide: TimeGuide) -> None:
    ws.set_column(0, 0, 44)
    ws.set_column(1, 5, 16)
    w.text(ws, 0, 0, "Time guide", "title")
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    ws.merge_range(1, 0, 1, 5, "", w.fmt["note"])
    w.text(ws, 1, 0, f"From the time diaries of {m.get('n_workers')} workers, {period[0]} to "
           f"{period[1]}. Figures from fewer than {m.get('min_workers', 5)} workers are blank "
           "(not shown).", "note")
    row = _headline_rows(w, ws, guide, 3)
    w.text(ws, row, 0, "Hours per case-month by case type", "h2")
    c = guide.case_types
    frame = pd.DataFrame({
        "case type": [case_type_label(k) for k in c.index],
        "is": c["hours_per_case_month"].to_numpy(),
        "lower": c["hours_per_case_month_ci_low"].clip(lower=0).to_numpy(),
        "upper": c["hours_per_case_month_ci_high"].to_numpy(),
        "uplift": c["uplift"].to_numpy(),
        "should": c["hours_per_case_month_should"].to_numpy(),
    })
    row = w.table(ws, row + 1, 0, frame, {"is": "1", "lower": "1", "upper": "1", "uplift": "2",
                                           "should": "1"}) + 1
    w.text(ws, row, 0, "Time available for casework", "h2")
    av, should = guide.available, guide.available_hours()
    applied = not should.equals(guide.available_hours(should=False))
    said = " (should: non-case uplifts applied)" if applied else ""
    rows = [
        (f"hours per FTE-week{said}", should.loc["available_case_hours_per_fte_week"]),
        (f"hours per FTE-month{said}", should.loc["available_case_hours_per_fte_year"] / 12),
        (f"hours per FTE-year{said}", should.loc["available_case_hours_per_fte_year"]),
    ]
    if applied:  # the measured figures beside them
        rows += [("hours per FTE-week (measured)", av.loc["available_case_hours_per_fte_week"]),
                 ("non-case hours per FTE-week (measured)",
                  av.loc["non_case_hours_per_fte_week"]),
                 ("non-case hours per FTE-week (should)",
                  should.loc["non_case_hours_per_fte_week"])]
    rows += [
        ("hours worked per FTE-week (measured)", av.loc["hours_worked_per_fte_week"]),
        ("of which out of hours", av.loc["out_of_hours_per_fte_week"]),
    ]
    frame = pd.DataFrame([(n, r["estimate"], r["ci_low"], r["ci_high"]) for n, r in rows],
                         columns=["figure", "estimate", "lower", "upper"])
    row = w.table(ws, row + 1, 0, frame, {"estimate": "1", "lower": "1", "upper": "1"}) + 1
    ws.merge_range(row, 0, row, 5, "", w.fmt["note"])
    w.text(ws, row, 0, f"Check a caseload on the '{CALCULATOR}' sheet; change the assumptions "
           f"on the '{ASSUMPTIONS}' sheet.", "note")
    row += 2
    for k, v in provenance(guide):
        w.text(ws, row, 0, k, "label")
        ws.merge_range(row, 1, row, 5, "", w.fmt["text"])
        w.text(ws, row, 1, v)
        row += 1
    w.page_setup(ws)


def _tasks_sheet(w: _Writer, ws, guide: TimeGuide) -> None:
    frame = _tasks_frame(guide)
    formats = {
        c: ("0" if c.startswith("direct") else "2")
        for c in frame.columns
        if c.startswith(("direct", "full"))
    }
    formats |= {"uplift": "2", "hours per FTE-week": "2", "sittings per piece": "1",
                "pieces of work": "0", "workers": "0"}
    w.table(ws, 0, 0, frame, formats)
    ws.set_row(0, 45)
    ws.set_column(0, 1, 26)
    ws.set_column(2, len(frame.columns) - 2, 10)
    ws.set_column(len(frame.columns) - 1, len(frame.columns) - 1, 34)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    w.page_setup(ws, landscape=True, repeat=(0, 0))


def _weights_sheet(w: _Writer, ws, guide: TimeGuide) -> dict:
    """Write the case weights; return the cells the calculator reads."""
    frame = _cases_frame(guide)
    formats = {c: "1" for c in frame.columns if "hours" in c}
    formats |= {c: "2" for c in frame.columns if c.startswith("relative") or c == "uplift"}
    formats |= {"cases": "0", "workers": "0", "case-months": "1"}
    after = w.table(ws, 0, 0, frame, formats)
    ws.set_row(0, 45)
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(frame.columns) - 2, 10)
    ws.set_column(len(frame.columns) - 1, len(frame.columns) - 1, 34)
    ws.freeze_panes(1, 1)
    cols = list(frame.columns)
    refs = {
        "rows": {str(k): 1 + i for i, k in enumerate(guide.case_types.index)},
        "is_col": cols.index("hours per case-month (is)"),
        "should_col": cols.index("hours per case-month (should)"),
    }
    r = after + 1
    w.text(ws, r, 0, "Complexity multipliers", "h2")
    mult = guide.multipliers
    mframe = pd.DataFrame({
        "term": [_term(k) for k in mult.index],
        "multiplier": mult["multiplier"].to_numpy(),
        "lower": mult["ci_low"].to_numpy(),
        "upper": mult["ci_high"].to_numpy(),
    })
    w.table(ws, r + 1, 0, mframe, {"multiplier": "3", "lower": "3", "upper": "3"})
    w.page_setup(ws, landscape=True, repeat=(0, 0))
    return refs


def _paragraphs(w: _Writer, ws, sections, r: int) -> int:
    for heading, paragraphs in sections:
        w.text(ws, r, 0, heading, "h2")
        r += 1
        for p in paragraphs:
            w.text(ws, r, 0, p)
            ws.set_row(r, 15 * (len(p) // 95 + 1))
            r += 1
        r += 1
    return r


def _method_sheet(w: _Writer, ws, guide: TimeGuide, bands) -> None:
    ws.set_column(0, 0, 100)
    ws.set_column(1, 2, 18)
    w.text(ws, 0, 0, "Method, assumptions and limitations", "title")
    r = _paragraphs(w, ws, method_sections(guide.meta, adjustments=guide.adjustments,
                                           bands=bands), 2)
    adj = guide.adjustments
    w.text(ws, r, 0, "Uplifts (is versus should)", "h2")
    r += 1
    if adj is None:
        w.text(ws, r, 0, "None given: should figures equal what was measured.")
        r += 2
    else:
        for k, v in (("source", adj.source), ("method", adj.method.replace("_", " ")),
                     ("date", adj.date), ("notes", adj.notes)):
            w.text(ws, r, 0, f"{k.capitalize()}: {v}")
            r += 1
        ups = [(f"Task: {task_label(k, guide.meta)}", v) for k, v in adj.task_types.items()]
        ups += [(f"Case type: {case_type_label(k)}", v) for k, v in adj.case_types.items()]
        r = w.table(ws, r, 0, pd.DataFrame(ups, columns=["applies to", "uplift"]),
                    {"uplift": "2"}) + 1
    w.text(ws, r, 0, "Figures not shown", "h2")
    sup = pd.DataFrame([{"figure": figure_name(s, guide.meta), "why not shown":
                         plain_reason(s.reason, s.table)} for s in guide.suppressed],
                       columns=["figure", "why not shown"])
    w.table(ws, r + 1, 0, sup, {})
    w.page_setup(ws)


def write_workbook(
    guide: TimeGuide,
    path: str | Path,
    *,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    caseload: pd.DataFrame | None = None,
    workers: pd.DataFrame | None = None,
    per_worker: bool = False,
    counted: str = "",
) -> CalculatorLayout:
    """Write ``guide.xlsx``: the guide's tables, a live capacity calculator and the method.

    Parameters
    ----------
    guide : TimeGuide
    path : str or Path
        The workbook to write.
    bands : (float, float, float)
        Default lower edges of green, amber and red (the user can change them).
    caseload, workers : DataFrame, optional
        Pre-fill the calculator with the cases held, a row per role of at least
        the guide's ``min_workers`` workers (never one person's row), and the
        cases no listed worker holds; without them, or with fewer workers, it
        starts with one example row.
    per_worker : bool
        A row per worker, named by worker id, instead of by role: for an internal
        workbook kept with the diary, never for publishing.
    counted : str
        Which cases of the caseload are counted, in words (from
        :func:`~timestudy.report.tables.counted_caseload`: the day and how many cases
        were not counted, and why); the calculator's note says it.

    Returns
    -------
    CalculatorLayout
        Where the calculator's inputs and results are.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import write_workbook
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> layout = write_workbook(guide, pathlib.Path(tempfile.mkdtemp()) / "guide.xlsx")
    >>> layout.input_cell("CP", 0), layout.result_cell("status", 0)
    ('F19', 'O19')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    guide = with_task_columns(guide)
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
         "in_memory": True},  # each part assembled in memory, not in a temporary file
    )
    book.set_properties({"title": "Time guide", "comments": "Written by timestudy"})
    w = _Writer(book)
    sheets = {name: book.add_worksheet(name, worksheet_class=Sheet) for name in
              ("Summary", CALCULATOR, ASSUMPTIONS, WEIGHTS, "Tasks", "Method and assumptions")}
    _summary_sheet(w, sheets["Summary"], guide)
    _tasks_sheet(w, sheets["Tasks"], guide)
    refs = _weights_sheet(w, sheets[WEIGHTS], guide)
    a = assumptions_sheet(w, sheets[ASSUMPTIONS], guide, bands, workers)
    layout = calculator_sheet(w, sheets[CALCULATOR], guide, refs, a, caseload=caseload,
                              workers=workers, per_worker=per_worker, counted=counted)
    _method_sheet(w, sheets["Method and assumptions"], guide, bands)
    if guide.adjustments is not None and guide.adjustments.from_evidence:
        should_sheet(w, book.add_worksheet("Should evidence", worksheet_class=Sheet), guide)
    book.close()
    return layout
