"""The report rounds as the workbook shows, and its sentences are true of the data (audit20).

1. Email's full hours by hand: 175.5 min / 60 = 2.925 h. guide.json and guide.xlsx hold
   2.925 (Tasks, number format ``0.00``), which Excel shows as 2.93 (half away from zero on
   the decimal it shows); report.md showed 2.92 (an f-string rounds the binary value,
   2.92499999999999982..., half to even). The same for shares: 1/8 = 12.5% shows 13%.
2. A withheld out-of-hours share was printed inside a sentence as the tables' dash:
   "When the work happens. – of the time worked was out of hours."
3. "(a quarter under 100%)" with tied quartiles: 9 diaries of 10 at 100% and one at 75%
   give p25 = median = 100%, and only 1 of 10 (not a quarter) was under 100%.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest

from timestudy.report import render_markdown
from timestudy.report.day_profile import out_of_hours_words
from timestudy.report.excel import write_workbook
from timestudy.report.format import interval, number, percent
from timestudy.report.labels import task_label
from timestudy.report.pieces_sections import diary_section, quartile_words
from timestudy.report.run_sections import time_use_section


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (175.5 / 60, 2, "2.93"),  # 2.925: half away from zero, as Excel shows it
    (0.125, 2, "0.13"),
    (2.5, 0, "3"),  # an f-string's half to even gives 2
    (0.25, 1, "0.3"),
    (-0.25, 1, "-0.3"),
    (1234.5, 0, "1,235"),
    (2.92499999999, 2, "2.93"),  # guide.json's value, 2.925, is the one shown
    (2.9249, 2, "2.92"),
])
def test_number_rounds_halves_away_from_zero(value, digits, shown):
    """Hand-worked: each value to ``digits`` decimals, half away from zero on its decimal."""
    assert number(value, digits) == shown


def test_percent_and_interval_round_halves_away_from_zero():
    """1/8 = 12.5% -> 13%; 0.145 = 14.5% -> 15% (0.145 * 100 is 14.499999999999998 in
    binary: the percentage is taken on the decimal); 0.0625 = 6.25% -> 6.3% to 1 decimal;
    the interval 2.925 to 3.125 -> 2.93 to 3.13."""
    assert (percent(1 / 8), percent(0.145), percent(0.0625, 1)) == ("13%", "15%", "6.3%")
    assert interval(2.925, 3.125, 2) == "2.93 to 3.13"
    assert interval(0.125, 0.375, share=True) == "13% to 38%"


def _excel_shows(value: float, digits: int) -> str:
    """What Excel shows for ``value`` in a ``0.00``-style cell: its decimal, half up."""
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:.{digits}f}"


def test_report_and_workbook_show_one_figure(six_run, tmp_path):
    """A task's full hours set to 175.5 / 60 = 2.925: the workbook holds 2.925 with the
    format 0.00 (Excel shows 2.93) and report.md's row of the task shows 2.93, not 2.92;
    every task's full hours in report.md is what the workbook shows."""
    g = six_run[1].guide
    tasks = g.tasks.copy()
    task = next(k for k in tasks.index if np.isfinite(tasks.loc[k, "full_hours"]))
    tasks.loc[task, "full_hours"] = 175.5 / 60
    guide = replace(g, tasks=tasks)
    write_workbook(guide, tmp_path / "guide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx")["Tasks"]
    head = [c.value for c in ws[1]]
    col = head.index("full hours")
    cells = {r[0].value: r[col] for r in ws.iter_rows(min_row=2)}
    name = task_label(task, guide.meta)
    assert cells[name].value == 2.925 and cells[name].number_format == "0.00"
    text = render_markdown(guide)
    for label, cell in cells.items():
        if not isinstance(cell.value, float):
            continue
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        assert f"| {_excel_shows(cell.value, 2)} |" in row, (label, cell.value, row)
    row = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
    assert "| 2.93 |" in row and "2.92" not in row


def test_a_withheld_out_of_hours_share_is_said_in_words(six_run):
    """The out-of-hours share withheld (fewer than 5 workers, as audit20's 3): the sentence
    says it is not shown and why, with no dash in it."""
    from timestudy.guide import Suppressed

    run = six_run[1]
    shares = run.guide.category_shares.copy()
    shares.loc["out_of_hours", "share"] = np.nan
    guide = replace(run.guide, category_shares=shares, suppressed=[
        *run.guide.suppressed, Suppressed("category_shares", "out_of_hours",
                                          "fewer than 5 workers (3)")])
    text = " ".join(getattr(b, "text", "") for b in time_use_section(
        guide, replace(run, guide=guide)).blocks)
    said = re.search(r"When the work happens\. ([^.]*\.)", text).group(1)
    assert said == ("The share of the time worked that was out of hours is not shown: "
                    "fewer than 5 workers gave this figure.")
    assert "–" not in said


def test_out_of_hours_words():
    """0.125 -> 13%; a share withheld gives its reason; one not estimated says so."""
    assert out_of_hours_words(0.125) == "13% of the time worked was out of hours."
    assert out_of_hours_words(np.nan, " (of the 80% of hours worked with a time of day)",
                              "fewer than 5 workers (2)") == (
        "The share of the time worked (of the 80% of hours worked with a time of day) that "
        "was out of hours is not shown: fewer than 5 workers gave this figure.")
    assert out_of_hours_words(np.nan).endswith("is not estimated.")


AUDIT_COMPLETENESS = {
    "n_workers": 10,
    "worker_days": {"complete": 160, "partial": 0, "missing": 5, "absent": 2, "holiday": 0,
                    "extra": 0},
    "share_complete": 0.969697,
    "share_complete_quantiles": {"p25": 1.0, "median": 1.0, "p75": 1.0},
    "workers_below_80_percent": None,
    "workers_below_80_percent_words": "fewer than 5 of 10",
}


def test_tied_quartiles_are_not_a_quarter(six_run):
    """audit20b's completeness: 10 diaries, 9 at 100% and one at 75% (15 of 20 days). By
    hand: p25 = s[2] + 0.25 (s[3] - s[2]) = 1.0 and the median (s[4] + s[5]) / 2 = 1.0;
    1 of 10 is under 100%, so "a quarter under 100%" is false; 9 of 10 (at least three
    quarters) had at least 100%."""
    g = six_run[1].guide
    guide = replace(g, meta=g.meta | {"completeness": AUDIT_COMPLETENESS, "min_workers": 5})
    text = " ".join(getattr(b, "text", "") for b in diary_section(guide).blocks)
    assert "a quarter under" not in text
    assert ("By worker: three quarters of the diaries had at least 100% of their working "
            "days complete; fewer than 5 of 10 workers had under 80% complete.") in text


def _claims_hold(shares: np.ndarray, words: str, q: dict) -> bool:
    """The words' claims, checked on the shares (to the 6 decimals guide.json keeps)."""
    n, eps = len(shares), 1e-6
    at_least_median = int((shares >= q["median"] - eps).sum())
    if words.startswith("three quarters"):
        return at_least_median >= 0.75 * n
    at_most_p25 = int((shares <= q["p25"] + eps).sum())
    return at_least_median >= 0.5 * n and at_most_p25 >= 0.25 * n


def test_quartile_words_are_true_of_every_set_of_shares():
    """Random shares with ties (k of d days complete, d up to 6), 2 to 40 diaries: the
    quartiles as completeness_summary takes them (pandas, linear, 6 decimals), and the words
    hold of the shares every time; the old words ("a quarter under p25") fail on ties."""
    rng = np.random.default_rng(20)
    old_false = 0
    for i in range(3000):
        n, d = int(rng.integers(2, 41)), int(rng.integers(1, 7))
        shares = rng.integers(0, d + 1, n) / d
        # pandas' linear quantiles are numpy's percentiles (pandas calls them): the same
        # numbers at a thirtieth of the cost (3 s of the test's processor time), checked
        # against pandas on the first 100 sets
        quartiles = np.percentile(shares, [25.0, 50.0]).round(6)
        if i < 100:
            pandas = pd.Series(shares).quantile([0.25, 0.5]).round(6).to_numpy()
            assert (quartiles == pandas).all(), (shares.tolist(), quartiles, pandas)
        q = dict(zip(("p25", "median"), map(float, quartiles), strict=True))
        assert _claims_hold(shares, quartile_words(q), q), (shares.tolist(), q)
        old_false += int((shares < q["p25"] - 1e-6).sum()) < 0.25 * n
    assert old_false > 0
