"""The workbook gives a figure the value guide.json gives it (audit11).

The Tasks sheet showed interval ends such as 89.99999999999663 where guide.json has 90.0: a
bootstrap of 90-minute core groups whose every draw is 90 minutes gives 90 up to floating
error, which guide.json rounds to 6 decimals and the workbook wrote as computed. By hand:
round(89.99999999999663, 6) = 90.0 and round(90.00000000000335, 6) = 90.0; a figure with
more decimals (43.3695652...) keeps 6 (43.369565), as in guide.json.
"""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl
import pandas as pd

from timestudy.report.excel import write_workbook


def test_tasks_sheet_values_are_guide_json_values(six_run, tmp_path):
    g = six_run[1].guide
    tasks = g.tasks.copy()
    task = next(k for k in tasks.index if pd.notna(tasks.loc[k, "direct_minutes"]))
    tasks.loc[task, ["direct_minutes", "direct_minutes_ci_low", "direct_minutes_ci_high"]] = [
        90.0, 89.99999999999663, 90.00000000000335]
    guide = replace(g, tasks=tasks)
    write_workbook(guide, tmp_path / "guide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx", data_only=True)["Tasks"]
    head = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    from timestudy.report.labels import task_label

    row = rows[task_label(task, guide.meta)]
    assert (row["direct minutes: lower"], row["direct minutes"], row["direct minutes: upper"]) \
        == (90.0, 90.0, 90.0)
    published = {t["task_type"]: t for t in json.loads(guide.to_json())["tasks"]}
    for k, t in published.items():
        if t["direct_minutes"]:
            got = rows[task_label(k, guide.meta)]
            assert got["direct minutes: lower"] == t["direct_minutes"]["ci_low"]
            assert got["direct minutes: upper"] == t["direct_minutes"]["ci_high"]


def test_assumptions_non_case_hours_are_the_guide_json_value(six_run, tmp_path):
    """Audit23 (run g1): Assumptions!B11 stored 7.424836601307189 where guide.json gives
    7.424837 (the README: every figure of the workbook the value guide.json gives it, to 6
    decimals). By hand: round(7.424836601307189, 6) = 7.424837; the hours for casework per
    FTE-week cached beside it are 37.0 - 7.424837 = 29.575163 with 37.0 contracted."""
    g = six_run[1].guide
    available = g.available.copy()
    available.loc["non_case_hours_per_fte_week", "estimate"] = 7.424836601307189
    guide = replace(g, available=available)
    write_workbook(guide, tmp_path / "guide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx")["Assumptions"]
    cell = next(r[1] for r in ws.iter_rows() if str(r[0].value).startswith(
        "Hours of non-case work per FTE-week"))
    assert cell.value == 7.424837
    published = json.loads(guide.to_json())["available_hours"]["measures"]
    assert published["non_case_hours_per_fte_week"]["estimate"] == cell.value
