"""What a worksheet's XML says that openpyxl's read-only values do not (audit 7: A7, B1, B2).

Built here as the audit's files were:

* s5_excel.xlsx: the date written once in B2 and merged over B2:B4, so rows 3 and 4 read
  no date; row 6 hidden in Excel; E7 and E8 formulas with no saved value. Before: rows 3
  and 4 rejected "date is missing ... (if it is written once at the top ...)", the hidden
  row read with no word. After: the reason says the cell is merged into B2:B4 and gives
  fill_down: [date]; a warning names hidden row 6 and one names E7, E8.
* s5_formula_end.xlsx: end_time D2 = C2+TIME(1,30,0) and D3 = C3+1/24, no saved values (a
  file written by a program that does not calculate). Before: "there is no end and no
  duration_min" (missing_end). After: formula_without_value naming D2 and its formula.
* s5_formula_dur.xlsx: duration_min C2 = 60+30, C3 = SUM(45,15): likewise.
* s5_formula_cached2.xlsx: the same formulas with their values saved: read, nothing said.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time

import openpyxl

from timestudy import read_diary
from timestudy.ingest.sheetxml import FORMULA_CODE, HIDDEN_CODE, scan_sheet

HEAD = ["worker_id", "date", "start_time", "end_time", "duration_min", "activity", "case_id"]


def _save(wb, path):
    wb.save(path)
    return path


def _excel(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Diary"
    ws.append(HEAD)
    ws.append(["W1", datetime(2026, 3, 9), "9.30", "10.30", None, "Home visit", "C1"])
    ws.append(["W1", None, "1030", "1100", None, "Case notes", "C1"])
    ws.append(["W1", None, "11:00am", "12:15pm", None, "Core group", "C1"])
    ws.append(["W1", datetime(2026, 3, 10), "9.30pm", "10.00pm", None, "Duty call", "C1"])
    ws.append(["W1", datetime(2026, 3, 10), "09:00", "10:00", None, "Hidden row visit", "C1"])
    ws.append(["W2", datetime(2026, 3, 9), time(9), time(10, 30), "=(D7-C7)*1440", "Visit",
               "C2"])
    ws.append(["W2", datetime(2026, 3, 9), time(11), time(11, 45), "=(D8-C8)*1440", "Notes",
               "C2"])
    ws.merge_cells("B2:B4")
    ws.row_dimensions[6].hidden = True
    return _save(wb, tmp_path / "s5_excel.xlsx")


def _formula_end(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD[:4] + HEAD[5:])
    ws.append(["W1", datetime(2026, 3, 9), time(9), "=C2+TIME(1,30,0)", "Home visit", "C1"])
    ws.append(["W1", datetime(2026, 3, 9), time(11), "=C3+1/24", "Notes", "C1"])
    ws.append(["W1", datetime(2026, 3, 9), time(13), time(14), "Notes", "C1"])
    for ref in ("D2", "D3"):  # formatted as times, as Excel formats a time's sum
        ws[ref].number_format = "hh:mm"
    return _save(wb, tmp_path / "s5_formula_end.xlsx")


def _with_values(path, values: dict[str, str]):
    """The workbook with each formula cell's value saved, as Excel saves it."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                for ref, value in values.items():
                    data = re.sub(rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)'
                                  rb"(?:<v\s*/>|<v></v>)?", rb"\1<v>" + value.encode()
                                  + rb"</v>", data)
            dst.writestr(item, data)
    cached = path.with_name("cached.xlsx")
    cached.write_bytes(out.getvalue())
    return cached


def _warned(result, code):
    return [w for w in result.report.details.get("warnings", []) if w["code"] == code]


def test_merged_cell_says_so_and_gives_fill_down(tmp_path):
    result = read_diary(_excel(tmp_path), warn=False)
    rej = result.rejects.set_index("source_row")
    assert rej.index.tolist() == [3, 4]
    for reason in rej["reason"]:
        assert "merged into B2:B4" in reason and "fill_down: [date]" in reason
    assert "_sheet_xml" not in result.report.details  # (private: not in the report)
    assert "_columns_at" not in result.report.details


def test_hidden_rows_and_unsaved_formulas_are_warned(tmp_path):
    result = read_diary(_excel(tmp_path), warn=False)
    (hidden,) = _warned(result, HIDDEN_CODE)
    assert hidden["rows"] == [6] and "row 6" in hidden["message"]
    (formulas,) = _warned(result, FORMULA_CODE)
    assert formulas["cells"] == ["E7", "E8"]
    assert 6 in result.episodes["source_row"].tolist()  # read, as before: only said


def test_fill_down_then_reads_the_merged_rows(tmp_path):
    result = read_diary(_excel(tmp_path), mapping={"fill_down": ["date"]}, warn=False)
    assert result.report.n_rejected == 0


def test_formula_end_without_value_says_so(tmp_path):
    """D2 and D3 are formulas with no saved value: each row's reason names the cell and its
    formula and says to open and save the file in Excel; row 4 (a typed end) is read."""
    result = read_diary(_formula_end(tmp_path), warn=False)
    assert result.report.rejected_by_reason == {FORMULA_CODE: 2}
    reasons = result.rejects.set_index("source_row")["reason"]
    assert reasons[2].startswith("D2 (=C2+TIME(1,30,0)): a formula with no saved value")
    assert "open the file in Excel and save it" in reasons[3] and "D3 (=C3+1/24)" in reasons[3]
    assert "there is no end" not in " ".join(reasons)


def test_formula_duration_without_value_says_so(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["worker_id", "start", "duration_min", "activity", "case_id"])
    ws.append(["W1", datetime(2026, 3, 9, 9), "=60+30", "Home visit", "C1"])
    ws.append(["W1", datetime(2026, 3, 9, 11), "=SUM(45,15)", "Notes", "C1"])
    result = read_diary(_save(wb, tmp_path / "s5_formula_dur.xlsx"), warn=False)
    reasons = result.rejects["reason"].tolist()
    assert reasons[0].startswith("C2 (=60+30)") and reasons[1].startswith("C3 (=SUM(45,15))")


def test_formulas_with_saved_values_are_read_quietly(tmp_path):
    """By hand: D2 = 09:00 + 1:30 = 10:30 (0.4375), D3 = 11:00 + 1:00 = 12:00 (0.5): 90 +
    60 + 60 (row 4) = 210 minutes, nothing rejected, nothing said."""
    cached = _with_values(_formula_end(tmp_path), {"D2": "0.4375", "D3": "0.5"})
    assert scan_sheet(zipfile.ZipFile(cached).read("xl/worksheets/sheet1.xml"))[
        "formulas"] == {}
    result = read_diary(cached, warn=False)
    assert result.report.n_rejected == 0
    assert result.report.details["minutes"]["minutes_accepted"] == 210
    assert _warned(result, FORMULA_CODE) == []


def test_scan_finds_only_what_is_there():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           b'<row r="2" spans="1:3" hidden="1"><c r="AA2"><f t="shared" si="0"/></c></row>'
           b'<row r="3" hidden="0"><c r="B3"><f>1</f><v>1</v></c></row></sheetData>'
           b'<mergeCells count="1"><mergeCell ref="A10:C12"/></mergeCells></worksheet>')
    facts = scan_sheet(xml)
    assert facts["hidden"] == [2]
    assert facts["merged"] == [(0, 10, 2, 12, "A10:C12")]
    assert facts["formulas"] == {(26, 2): ""}
    assert scan_sheet(b"<worksheet><sheetData/></worksheet>") == {
        "hidden": [], "merged": [], "formulas": {}}
    prefixed = (b'<x:worksheet><x:sheetData><x:row r="4" hidden="true"><x:c r="D4">'
                b"<x:f>C4+1/24</x:f></x:c></x:row></x:sheetData></x:worksheet>")
    assert scan_sheet(prefixed) == {"hidden": [4], "merged": [], "formulas": {(3, 4): "C4+1/24"}}
