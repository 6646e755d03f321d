"""The report says that the hours a caseload needs include the cover of absences (audit24k).

A team of five full-time workers whose every diary day was 30 minutes of admin and 414
of casework, with no leave in the diary, was "100% of workers over capacity, load 116%"
with no word of why: a case needs its hours per case-month in all 12 months (the
year's 365.25 x 5 / 7 - 8 = 252.89 working days), while a worker is at work on 252.89 -
27 leave - 8 sickness = 217.89 of them: 252.89 / 217.89 = 1.1606, 116%. The method
section now says so with those figures, and each workload statement says its hours
count the cover of its holder's absences.
"""

from __future__ import annotations

from timestudy.report.method import _available
from timestudy.report.statement_words import basis


def test_the_method_says_the_need_includes_cover_with_its_size():
    text = " ".join(_available({})[1])
    assert "Cover for absence is part of the need" in text
    assert "(252.9 working days), and a worker is at work on 217.9 of them" in text
    assert "holds 116% of what their hours allow (252.9 / 217.9)" in text


def test_the_size_follows_the_studys_assumptions():
    """No leave or sickness: 252.89 / 252.89, 100%; 10 bank holidays, 30 leave, 10 sick,
    5 training: (260.89 - 10) / (250.89 - 45) = 250.89 / 205.89 = 1.2186, 122%."""
    none = " ".join(_available({"available_assumptions": {"leave_days": 0,
                                                          "sickness_days": 0}})[1])
    assert "holds 100% of what their hours allow (252.9 / 252.9)" in none
    more = " ".join(_available({"available_assumptions": {
        "bank_holidays": 10, "leave_days": 30, "sickness_days": 10, "training_days": 5}})[1])
    assert "holds 122% of what their hours allow (250.9 / 205.9)" in more


def test_every_year_away_leaves_no_paragraph_of_cover():
    text = _available({"available_assumptions": {"leave_days": 300}})[1]
    assert not any("Cover for absence" in p for p in text)


def test_a_statement_says_its_hours_count_the_cover():
    assert "they count the cover your absences need" in basis(True, False, None, "")
