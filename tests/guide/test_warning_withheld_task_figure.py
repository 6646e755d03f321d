"""Audit25f (4): a published warning gave a figure of a task the guide withholds.

The audit's six-worker study withheld Court hearing (4 workers), yet the notes-cut warning
said "(court hearing 1.5%, statutory visit 1.2%)" in every format: the share of the court
hearings' full time short for notes not seen rests on the court hearings' workers.
:func:`~timestudy.run_warnings.publishable` took out amounts of time only. Now a figure
right after the name of a task (or case type) the guide withholds reads "[not shown]"; the
console keeps it (the warning raised again in full).

The simulated study here (6 workers, 4 weeks, seed 1) withholds uncategorised (4 workers)
and publishes the CLA reviews (6 workers); its notes-cut warning names both: "(uncategorised
5.4%, cla review 1.4%, ...)".
"""

from __future__ import annotations

import re
import warnings

import pytest

from timestudy import run_study, simulate_study
from timestudy.run_warnings import publishable

NOTES_CUT = "full time per piece may be short by the notes written after the diary's end"


def test_a_withheld_tasks_figure_is_not_published():
    """By hand: court hearing withheld, statutory visit not: "court hearing 1.5%" reads
    "court hearing [not shown]", "statutory visit 1.2%" stays; so does "2 task type(s)"
    (no task's figure) and a name with no figure after it."""
    text = (f"{NOTES_CUT}: the pieces of its last days have fewer notes than the others for 2 "
            "task type(s) (court hearing 1.5%, statutory visit 1.2%); court hearing is short")
    out = publishable(text, withheld=frozenset({"court_hearing", "court hearing",
                                                "Court hearing"}))
    assert "(court hearing [not shown], statutory visit 1.2%)" in out
    assert "for 2 task type(s)" in out and out.endswith("court hearing is short")
    assert "1.5" not in out
    assert publishable(text) == text  # nothing withheld: as before


@pytest.fixture(scope="module")
def six():
    s = simulate_study(n_workers=6, weeks=4, seed=1)
    diary = s.diary.drop(columns=[c for c in s.diary.columns if c.startswith("true_")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = run_study(diary, s.cases, s.workers, n_boot=19)
    return run, [str(w.message) for w in caught]


def test_the_published_warning_leaves_the_withheld_tasks_share_out(six):
    """Uncategorised is withheld ("fewer than 5 workers"): its 5.4% is not in the published
    warning (guide.json, the report), the published CLA reviews' 1.4% is; the warning the
    console sees keeps both."""
    run, raised = six
    assert "uncategorised" in run.guide.reasons("tasks")
    assert "cla_review" not in run.guide.reasons("tasks")
    shown = next(w["message"] for w in run.guide.to_dict()["meta"]["warnings"]
                 if w["message"].startswith(NOTES_CUT))
    assert "uncategorised [not shown]" in shown
    assert re.search(r"cla review \d+\.\d%", shown)
    assert not re.search(r"uncategorised \d", shown)
    console = next(m for m in raised if m.startswith(NOTES_CUT))
    assert re.search(r"uncategorised \d+\.\d%", console)


def test_a_published_name_holding_a_withheld_one_keeps_its_figure():
    """review25b: ``visit`` withheld, ``statutory visit`` published (own_pieces' warning
    writes "(visit 1.5%, statutory visit 12%)"): the 12% is published, the 1.5% is not."""
    from timestudy.run_warnings import publishable

    got = publishable("for 2 task type(s) (visit 1.5%, statutory visit 12%)",
                      withheld=frozenset({"visit"}),
                      names=frozenset({"visit", "statutory visit", "statutory_visit"}))
    assert got == "for 2 task type(s) (visit [not shown], statutory visit 12%)"
