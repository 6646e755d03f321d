"""The time-of-day chart withholds what the tables withhold (audit11).

The chart stacked Admin and Recording, whose shares guide.json, report.md and the workbook
withhold, and drew cells resting on one worker (one worker's email 18:00-19:00, the one
duty call-out 21:30-00:30); "Some work was also done at weekends" rested on one worker.
Rule (README: figures from fewer than 5 workers are not shown; guide/totals.py: a figure
withheld in one form is withheld in every form): a category withheld elsewhere is not
drawn, and a half hour of a category resting on fewer than 5 workers is drawn as 0, and
the caption says so.

By hand: six workers travel on Monday 2 March 2026 09:00-10:00; W1 also does admin
18:00-19:00 that day and a duty call-out (admin) Wednesday 21:30-00:30. Over the five
weekdays of 2-6 March every worker has 5 days (30 worker-days), so travel at 09:00 and
09:30 is 6 workers, a share of 6/30 = 0.2; admin at 18:00 and 18:30 rests on 1 worker
(1/30), and so do its six half hours 21:30, 22:00, 22:30, 23:00, 23:30 and (folded) 00:00:
eight cells of admin from fewer than 5 workers, drawn as 0; withheld as a category, none
of its cells is drawn.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy.report.day_profile import time_of_day
from timestudy.report.labels import category_label
from timestudy.report.run_sections import time_use_section

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-06"))


def _episodes() -> pd.DataFrame:
    rows = [(f"W{i}", "2026-03-02 09:00", "2026-03-02 10:00", "travel") for i in range(1, 7)]
    rows += [("W1", "2026-03-02 18:00", "2026-03-02 19:00", "admin"),
             ("W1", "2026-03-04 21:30", "2026-03-05 00:30", "admin")]
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "end", "category"])
    return ep.assign(start=pd.to_datetime(ep["start"]), end=pd.to_datetime(ep["end"]))


def test_each_cell_counts_its_workers():
    t = time_of_day(_episodes(), PERIOD)
    wd = t.loc[t["day_type"] == "weekday"].set_index(["category", "hour"])
    assert wd.loc[("travel", 9.0), "n_workers"] == 6
    assert wd.loc[("travel", 9.5), "share_at_work"] == pytest.approx(0.2)
    admin = wd.loc["admin"]
    assert admin.index[admin["n_workers"] > 0].tolist() == [0.0, 18.0, 18.5, 21.5, 22.0,
                                                            22.5, 23.0, 23.5]
    assert (admin.loc[admin["n_workers"] > 0, "n_workers"] == 1).all()


def test_cells_from_too_few_workers_and_withheld_categories_are_not_drawn():
    from timestudy.report.day_profile import drawn_time_of_day

    t = time_of_day(_episodes(), PERIOD)
    drawn, few = drawn_time_of_day(t, (), 5)
    assert few.to_dict() == {"admin": 8}
    assert drawn.loc[drawn["category"] == "admin", "share_at_work"].max() == 0
    assert drawn.loc[drawn["category"] == "travel", "share_at_work"].max() == pytest.approx(0.2)
    drawn, few = drawn_time_of_day(t, ("admin",), 5)
    assert set(drawn["category"]) == {"travel"} and few.empty


def _figure(section, key):
    return next(b for b in section.blocks if getattr(b, "key", None) == key)


def test_report_chart_follows_the_tables(six_run):
    run = six_run[1]
    shares = run.guide.category_shares.copy()
    # published in g6 (admin, direct work and uncategorised are withheld: direct work since
    # audit23, its withheld tasks together resting on fewer than 5 workers)
    cat = "recording"
    assert np.isfinite(shares.loc[cat, "share"])
    shares.loc[cat, "share"] = np.nan  # withheld in the guide, as audit11's Admin was
    guide = replace(run.guide, category_shares=shares)
    section = time_use_section(guide, replace(run, guide=guide))
    fig = _figure(section, "time_of_day")
    data = fig.draw.args[0]
    label = category_label(cat, guide.meta)
    assert label not in set(data["category"]) and cat not in set(data["category"])
    head, _, tail = fig.caption.partition("Not drawn, to protect the workers who took part: ")
    withheld = tail.partition("(withheld in the table of shares)")[0]
    assert label in withheld  # the one withheld here
    assert category_label("admin", guide.meta) in withheld  # withheld by the guide (6 workers)
    assert "half hours of" in tail and "resting on fewer than 5 workers" in tail
    shown = data.loc[data["share_at_work"] > 0]
    assert len(shown) and (shown["n_workers"] >= 5).all()


def test_weekend_sentence_rests_on_cells_that_may_be_shown(sim_run):
    """sim_run (30 workers): weekend work is 0.20 of 16.6 summed shares (1.2%, over the 1%
    the sentence needs), but every weekend cell rests on at most 4 workers: the sentence
    went with the cells."""
    run = sim_run[1]
    t = time_of_day(run.episodes, run.models.period, days=run.models.days)
    weekend = t.loc[(t["day_type"] == "weekend") & (t["share_at_work"] > 0)]
    assert weekend["share_at_work"].sum() > 0.01 * t["share_at_work"].sum()
    assert weekend["n_workers"].max() < 5
    text = " ".join(b.text for b in time_use_section(run.guide, run).blocks
                    if getattr(b, "kind", "") == "text")
    assert "When the work happens." in text and "weekends." not in text


def test_weekend_work_is_out_of_hours_and_the_chart_says_it_is_not_drawn(six_run):
    """issue 18 (perf31f): the chart draws weekdays only, shading before 08:00 and after
    18:00, and the hours table called out-of-hours time "(evenings, early mornings,
    weekends)".

    By hand, the guide's rule (schema/clock.minutes_in_hours with working_days): a Mon-Fri
    worker's Saturday 14 March 2026, 10:00-12:00, has 0 of its 120 minutes in hours (all
    out of hours); the same Saturday as a contracted day has all 120 in hours; a bank
    holiday (Friday 3 April 2026) not worked as a day at work, 10:00-12:00, 0 in hours. The
    tempogram puts the Saturday in ``weekend``, which the chart does not draw: its caption
    says so, and the table's label names what the rule counts (it named evenings and early
    mornings, and weekends without the contracted day, and no bank holiday).
    """
    from timestudy.report.rows import available_rows
    from timestudy.report.run_sections import time_use_section
    from timestudy.schema.clock import minutes_in_hours, working_days

    start = pd.Series(pd.to_datetime(["2026-03-14 10:00", "2026-04-03 10:00"]))
    end = start + pd.Timedelta(hours=2)
    days = pd.DataFrame({"worker_id": ["TS", "W1"],
                         "diary_date": pd.to_datetime(["2026-03-14", "2026-04-03"]),
                         "contracted": [True, False], "bank_holiday": [False, True]})
    assert minutes_in_hours(start, end).tolist() == [0.0, 120.0]  # no bank holiday known
    assert minutes_in_hours(start, end, **working_days(np.array(["W1", "W1"]), days)
                            ).tolist() == [0.0, 0.0]
    assert minutes_in_hours(start, end, **working_days(np.array(["TS", "TS"]), days)
                            ).tolist() == [120.0, 120.0]  # TS's contracted Saturday
    ep = pd.DataFrame({"worker_id": ["W1"], "category": ["travel"],
                       "start": start[:1], "end": end[:1]})
    t = time_of_day(ep, (pd.Timestamp("2026-03-09"), pd.Timestamp("2026-03-15")))
    at = t.loc[t["share_at_work"] > 0, ["day_type", "hour"]]
    assert set(at["day_type"]) == {"weekend"} and at["hour"].tolist() == [10.0, 10.5, 11.0,
                                                                            11.5]
    run = six_run[1]
    fig = _figure(time_use_section(run.guide, run), "time_of_day")
    assert set(fig.draw.args[0]["day_type"]) == {"weekday"}  # weekends not drawn
    assert "Weekends are not drawn: work at a weekend is out of hours all day" in fig.caption
    labels = [r["figure"] for r in available_rows(run.guide)]
    assert "of which out of hours (evenings, early mornings, weekends)" not in labels
    assert ("of which out of hours (outside working hours, a weekend day not contracted, or a "
            "bank holiday not worked as a day at work)") in labels
