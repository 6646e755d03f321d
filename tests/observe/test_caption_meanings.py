"""Each caption of the observation report says what its figures are.

Defect: the multitasking caption said "Time is counted once" though each category counts
the time it shares with another in full (study1 of the audit: categories 530 minutes
against 510 observed); the interruptions caption said "per hour of observed time" though
a category's row is per hour of that category's own time; the budget's share_of_time (of
the time with a task) beside multitasking's share_of_observed (of all time observed) was
unsaid, as was which tables count a parallel task in full.
"""

from __future__ import annotations

from timestudy.observe._methods import _SECTIONS


def _caption(name: str) -> str:
    return _SECTIONS[name][1]


def test_multitasking_caption_says_categories_may_add_up_past_observed():
    words = _caption("multitasking")
    assert "Time is counted once:" not in words
    assert "counts in each" in words and "counted once" in words


def test_interruptions_caption_says_each_rows_hours():
    assert "category's own time" in _caption("interruptions")


def test_budget_and_tempogram_captions_say_parallel_tasks_count_in_full():
    budget, slots = _caption("budget"), _caption("tempogram")
    assert "in full" in budget and "share_of_time is of it" in budget
    assert "share_of_observed" in budget
    assert "in full" in slots and "past 1" in slots


def test_agreement_caption_says_the_ccc_se_scale():
    assert "CCC's scale" in _caption("agreement")
