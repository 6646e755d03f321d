"""Every figure the report shows is rounded by one rule, the workbook's (fixround20).

The rule (``timestudy._lib.rounding``): the figure as guide.json holds it (6 decimals),
written as its shortest decimal, rounded half away from zero, as Excel shows it. An
f-string rounds the binary value half to even instead, so at halves the two disagreed:
a role's share of a full caseload of 0.625 showed 62% in report.md and 63% in guide.xlsx.
Each test below has a half worked by hand that the f-strings showed the other way.

A withheld out-of-hours figure showed the tables' dash ("–", not estimated) while the
method says a withheld figure reads "not shown": the tables now say it as every table
does (``rows.missing_text``), and the table of time available says why in its note.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd

from timestudy.guide import Suppressed
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.report import render_markdown
from timestudy.report.excel import CALCULATOR, write_workbook
from timestudy.report.method import method_sections
from timestudy.report.rows import available_rows, provenance, share_rows
from timestudy.report.statement_words import notes

#: the hours table's out-of-hours row (was "(evenings, early mornings, weekends)", perf31f;
#: then "(outside working hours, or a weekend or bank holiday not contracted)", fix32w: a bank
#: holiday is out of hours unless worked as a day at work, whatever the contract)
OUT_OF_HOURS = (
    "of which out of hours (outside working hours, a weekend day not contracted, or a bank "
    "holiday not worked as a day at work)"
)


def test_the_rule_is_written_once():
    """report.format's rounding is the one of ``_lib`` (every layer imports it), and guide.json
    writes the decimals it rounds from."""
    from timestudy._lib import rounding
    from timestudy.guide.serialise import JSON_DIGITS
    from timestudy.report import format as fmt

    assert fmt.rounded is rounding.rounded and fmt.as_in_json is rounding.as_in_json
    assert rounding.JSON_DIGITS == JSON_DIGITS == 6


def test_fixed_and_percentage_by_hand():
    """By hand, half away from zero on the decimal: 12.25 -> 12.3 (f-string 12.2), 2.925 ->
    2.93 (2.92), -0.125 -> -0.13 (-0.12), 1.125 -> 1.13 (1.12); 0.625 -> 63% (62%),
    0.925 -> 93% (92%), 1.125 -> 113% (112%); 0.375 stays 38% both ways."""
    from timestudy._lib.rounding import fixed, percentage

    assert [fixed(v, d) for v, d in ((12.25, 1), (2.925, 2), (-0.125, 2), (1.125, 2))] == [
        "12.3",
        "2.93",
        "-0.13",
        "1.13",
    ]
    assert [percentage(v) for v in (0.625, 0.925, 1.125, 0.375)] == ["63%", "93%", "113%", "38%"]


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def test_a_role_share_of_a_half_percent_shows_as_the_workbook(six_run):
    """A role allowance of 0.625 (62.5%): the Assumptions table and the method's words show
    63%, as the workbook's 0% cell does; the f-string showed 62%."""
    g = six_run[1].guide
    guide = replace(g, meta=g.meta | {"role_allowances": {"asye": 0.625}})
    text = render_markdown(guide)
    assert _lines(text, "| Share of a full caseload: asye |") == [
        "| Share of a full caseload: asye | 63% |"
    ]
    assert "Some roles hold less than a full caseload: asye: 63%." in text
    assert "62%" not in text


def test_the_level_of_the_intervals_at_a_half(six_run):
    """``level`` 0.925 is 92.5%: shown 93% in the summary, the method and the provenance
    (the f-strings and ``int(round(92.5))`` gave 92%)."""
    g = six_run[1].guide
    guide = replace(g, meta=g.meta | {"level": 0.925})
    text = render_markdown(guide)
    assert "Figures are averages with their 93% intervals" in text
    assert "Every figure comes with a 93% interval" in text
    assert dict(provenance(guide))["intervals"].startswith("93%, worker bootstrap")
    assert "92%" not in text


def test_status_bands_at_halves():
    """Bands 0.965, 1.0, 1.125: green from 97% (96.5%), red at 113% (112.5%); the f-strings
    gave 96% and 112%."""
    words = dict(method_sections({}, bands=(0.965, 1.0, 1.125)))[
        "Weighted load, points and status"
    ][0]
    assert (
        "Status: red at 113% or more, amber from 100% to 113%, green from 97% to 100%, "
        "blue under 97%"
    ) in words


def test_a_statement_says_the_role_share_as_the_workbook():
    """A worker whose role holds 0.625 of a caseload: "Your role holds 63% ... 63% of those
    of your FTE" (the f-string said 62%)."""
    group = pd.DataFrame({"case_type": ["CIN"], "hours_per_month": [4.0]})
    said = notes(
        group,
        pd.Series({"caseload_share": 0.625}),
        True,
        pd.Series(dtype=int),
        pd.Timestamp("2026-03-31"),
    )
    assert any(
        n.startswith("Your role holds 63% of a full caseload")
        and n.endswith("63% of those of your FTE.")
        for n in said
    ), said


def test_the_calculator_note_rounds_the_non_case_uplift(six_run, tmp_path):
    """Uplifts on non-case work adding 2.925 h per FTE-week: the calculator's note says
    "less 2.93 h" (Excel shows 2.925 as 2.93; the f-string gave 2.92); the formula keeps
    2.925 exactly."""
    g = six_run[1].guide
    av = g.available.copy()
    av.loc[NON_CASE_UPLIFT, ["estimate", "ci_low", "ci_high"]] = [2.925, np.nan, np.nan]
    write_workbook(replace(g, available=av), tmp_path / "guide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx")[CALCULATOR]
    assert ws["D3"].value.startswith(
        "should: the Assumptions sheet's hours per FTE-week less 2.93 h of non-case work"
    )
    assert "-2.925," in ws["C3"].value


def test_the_max_caseload_labels_round_as_the_table():
    """A mix holding 12.25 cases per FTE: the bar's label is 12.3, as the table next to it
    (format.number) shows it; the f-string gave 12.2."""
    from timestudy.plots.capacity import max_caseload_plot

    d = pd.DataFrame({"case_mix": ["study mix"], "max_cases_per_fte": [12.25]})
    assert [t.get_text() for t in max_caseload_plot(d).texts] == [" 12.3"]


def _withheld_out_of_hours(guide):
    """The guide with the out-of-hours share withheld as build_guide withholds it (3 workers,
    audit20b): the share and its hours NaN, a record for each."""
    shares = guide.category_shares.copy()
    shares.loc["out_of_hours", ["share", "share_ci_low", "share_ci_high"]] = np.nan
    av = guide.available.copy()
    av.loc["out_of_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]] = np.nan
    return replace(
        guide,
        category_shares=shares,
        available=av,
        suppressed=[
            *guide.suppressed,
            Suppressed("category_shares", "out_of_hours", "fewer than 5 workers (3)"),
            Suppressed(
                "available_hours",
                "out_of_hours_per_fte_week",
                "over the hours worked "
                "it is the out-of-hours share, suppressed (fewer than 5 workers (3))",
            ),
        ],
    )


def test_a_withheld_out_of_hours_figure_reads_not_shown_in_the_tables(six_run):
    """audit20b's out-of-hours share withheld: both tables say "not shown" (they said "–",
    the mark of a figure not estimated), and the note of the time available says why."""
    guide = _withheld_out_of_hours(six_run[1].guide)
    share = {r["category"]: r["share of time worked"] for r in share_rows(guide)}
    assert share["Out of hours"] == "not shown"
    hours = {r["figure"]: r["estimate"] for r in available_rows(guide)}
    assert hours[OUT_OF_HOURS] == "not shown"
    text = render_markdown(guide)
    assert (
        "Not shown: out of hours (with the hours worked it would give the share of the "
        "time worked that was out of hours, which is not shown: fewer than 5 workers "
        "gave this figure)."
    ) in text


def test_an_out_of_hours_figure_not_measured_is_not_known(six_run):
    """A diary without times of day (no record: nothing withheld, nothing measurable): the
    tables keep "not known (no time of day in the diary)" and the note adds nothing."""
    g = six_run[1].guide
    shares = g.category_shares.copy()
    shares.loc["out_of_hours", ["share", "share_ci_low", "share_ci_high"]] = np.nan
    av = g.available.copy()
    av.loc["out_of_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]] = np.nan
    guide = replace(g, category_shares=shares, available=av)
    unknown = "not known (no time of day in the diary)"
    assert {r["category"]: r["share of time worked"] for r in share_rows(guide)}[
        "Out of hours"
    ] == unknown
    assert {r["figure"]: r["estimate"] for r in available_rows(guide)}[OUT_OF_HOURS] == unknown
    assert "Not shown: out of hours" not in render_markdown(guide)


def test_no_negative_zero_and_signed_changes():
    """review20: -1e-7 is -0.0 to guide.json's 6 decimals and showed "-0.00" / "-0%"; a
    change of FTE of 0.125 showed "+0.12" (half to even). By hand: 0.00, 0%, +0.13, -0.13."""
    from timestudy._lib.rounding import fixed, percentage
    from timestudy.capacity.scenarios import _signed

    assert (fixed(-1e-7, 2), percentage(-0.004)) == ("0.00", "0%")
    assert (_signed(0.125), _signed(-0.125), _signed(0.0)) == ("+0.13", "-0.13", "+0.00")
