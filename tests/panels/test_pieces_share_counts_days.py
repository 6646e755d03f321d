"""The pieces' missing-days correction counts days at work as days, the exposure as working time
(fix34k, worked by hand: no pattern is read wrongly, so the two stay apart).

The correction (:mod:`timestudy.panels.censoring`) reads a piece of ``D`` working days as
showing ``j ~ Binomial(D, p)`` of them, ``p`` the chance that a day of the piece is in the
diary. A piece's ``D`` counts its worker's working days, each alike (linking windows and
censoring margins count them so, :func:`~timestudy.panels.workdays.working_day_numbers`), so
``p`` is the share of days at work the diary has. The case exposure weighs each day 5 over
its week's days (``panels.windows.day_weights``) because it counts working *time*: hours
seen over the time they were seen in.

P works ``"Mon-Sat / Mon-Fri"`` from Monday 2 March 2026 and leaves Saturday 7 blank; the
first and last days of the window (2 and 13 March) are out of the pieces' share (in the
diary by definition):

- pieces, as days: Tuesday 3 to Saturday 7 and Monday 9 to Thursday 12, 9 days at work, 8
  written: ``p`` = 8/9 = 0.8889. A sitting is as likely on the Saturday as on any other
  working day, so 1 in 9 of the piece days of those days is lost: 8/9 is exact.
- weighed as the exposure weighs (5/6 a day in week 1): (4 x 5/6 + 4) / (5 x 5/6 + 4) =
  7.3333 / 8.1667 = 0.8980 would read the lost Saturday as 5/6 of a lost day and scale the
  days seen by 1/0.8980 for 1/0.8889: pieces 1.0% short.

A pattern whose weeks have the same number of days (part-time, compressed, Sunday to
Thursday, ``Mon-Fri / Tue-Sat``) weighs each of a worker's days alike, so the two shares are
one; a part day of leave takes the same part in both (``observed_days.share_days``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import diary_completeness, pieces_of_work
from timestudy.panels.holder_shares import share_weights
from timestudy.panels.observed_days import observed_share


def _statement(blank: int, workdays: str = "Mon-Sat / Mon-Fri"):
    """P writes a court statement every contracted day of 2 to 13 March 2026 but ``blank``."""
    rows = []
    six = workdays.startswith("Mon-Sat")
    for d in pd.date_range("2026-03-02", "2026-03-13"):
        week1 = d.day <= 8
        if d.day == blank or d.day_of_week >= (6 if week1 and six else 5):
            continue
        rows.append(("P", d + pd.Timedelta(hours=9), 370 if week1 and six else 444, "A"))
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "case_id"])
    ep = ep.assign(task_type="court_statement", category="recording")
    workers = pd.DataFrame(
        {
            "worker_id": ["P"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": [workdays],
            "pattern_from": ["2026-03-02"],
        }
    )
    return ep, workers


def test_a_day_missing_in_a_six_day_week_is_a_whole_day_of_the_pieces():
    ep, workers = _statement(blank=7)
    days = diary_completeness(ep, workers)
    p = pieces_of_work(ep, days=days, link_within_days={"court_statement": 10})
    assert p["n_days"].tolist() == [10]
    assert p["observed_share"].tolist() == pytest.approx([8 / 9])
    # the exposure's share of the same days, over the whole window: 9.1667 / 10
    weighed = observed_share(days, share_weights(days, workers))
    assert weighed.tolist() == pytest.approx([55 / 6 / 10])


@pytest.mark.parametrize("blank", [4, 10])
def test_weeks_of_one_length_give_the_same_share_weighed_or_not(blank):
    """Monday to Friday both weeks: a Wednesday blank in either is 7 of the 8 days between the edges either way."""
    ep, workers = _statement(blank=blank, workdays="Mon-Fri")
    days = diary_completeness(ep, workers.drop(columns="pattern_from"))
    p = pieces_of_work(ep, days=days, link_within_days={"court_statement": 10})
    inner = days.iloc[1:-1]
    weighed = observed_share(inner, share_weights(inner, workers.drop(columns="pattern_from")))
    assert p["observed_share"].tolist() == pytest.approx([7 / 8])
    assert weighed.tolist() == pytest.approx([7 / 8])
