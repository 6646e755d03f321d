"""Publishable tables and report figures: hand-made examples and invariants."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy import plots
from timestudy.report.tables import (
    OTHER_TEAMS,
    capacity_tables,
    open_caseload,
    pool_small_groups,
    time_of_day,
    worker_category_hours,
)


@given(st.lists(st.integers(1, 12), min_size=1, max_size=8), st.integers(1, 8))
def test_pooling_never_shows_a_small_group(sizes, k):
    s = pd.Series(sizes, index=[f"t{i}" for i in range(len(sizes))])
    shown = pool_small_groups(s, k)
    assert shown.index.equals(s.index)
    per_group = s.groupby(shown).sum()
    if len(per_group) > 1:
        assert (per_group >= k).all()
    assert set(shown[s >= k]) - {OTHER_TEAMS, "all teams"} <= set(s.index)
    assert (shown[s < k].isin([OTHER_TEAMS, "all teams"])).all()


def test_time_of_day_keeps_every_minute():
    """Hand-made: two workers, one day; the profile integrates back to the hours worked."""
    ep = pd.DataFrame(
        {
            "worker_id": ["a", "a", "b", "b"],
            "category": ["travel", "recording", "recording", "non_work"],
            "start": pd.to_datetime(
                ["2026-03-02 08:30", "2026-03-02 21:00", "2026-03-02 09:00", "2026-03-02 12:00"]
            ),
            "end": pd.to_datetime(
                ["2026-03-02 09:30", "2026-03-03 00:30", "2026-03-02 10:00", "2026-03-02 12:30"]
            ),
        }
    )
    t = time_of_day(ep, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-02")))
    day = t.loc[t["day_type"] == "weekday"]
    # share x 2 workers x 1 day x 0.5 hour per slot = hours worked (break left out)
    assert day["share_at_work"].sum() * 2 * 0.5 == pytest.approx(1 + 3.5 + 1)
    rec = day.loc[day["category"] == "recording"].set_index("hour")["share_at_work"]
    assert rec[21.0] == 0.5 and rec[0.0] == 0.5 and rec[9.0] == 0.5 and rec[12.0] == 0
    assert set(t["category"]) == {"travel", "recording"}


def test_time_of_day_names_a_blank_category_uncategorised():
    """A blank category is a group of its own ("uncategorised", as categorise() names it),
    not counted to the last category (it was: admin's share 1.0 at 11:00)."""
    ep = pd.DataFrame({"worker_id": ["a", "a"], "category": ["admin", None],
                       "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 11:00"]),
                       "end": pd.to_datetime(["2026-03-02 10:00", "2026-03-02 12:00"])})
    t = time_of_day(ep, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-02")))
    day = t.loc[t["day_type"] == "weekday"].pivot(index="hour", columns="category",
                                                   values="share_at_work")
    assert set(day.columns) == {"admin", "uncategorised"}
    assert day.loc[11.0, "admin"] == 0 and day.loc[11.0, "uncategorised"] == 1.0
    assert day.loc[9.0, "admin"] == 1.0 and day.loc[9.0, "uncategorised"] == 0


def test_worker_hours_hide_identifiers_and_small_studies():
    ww = pd.DataFrame(
        {
            "worker_id": list("aabbc"),
            "fte_weeks": [1, 1, 0.5, 0.5, 1.0],
            "hours_travel": [4.0, 6.0, 1.0, 2.0, 3.0],
        }
    )
    out = worker_category_hours(ww, ["travel"], min_workers=3)
    assert list(out.columns) == ["category", "hours_per_fte_week"]
    assert out["hours_per_fte_week"].tolist() == [3.0, 3.0, 5.0]
    assert worker_category_hours(ww, ["travel"], min_workers=4) is None


def test_open_caseload_on_the_last_day(sim_run):
    study, run = sim_run
    on = pd.Timestamp(run.models.period[1])
    held = open_caseload(study.cases, on)
    assert (held["opened"].isna() | (held["opened"] <= on)).all()
    assert (held["closed"].isna() | (held["closed"] > on)).all()
    assert 0 < len(held) <= len(study.cases)


def test_capacity_tables_carry_no_identifier(sim_run):
    study, run = sim_run
    t = capacity_tables(run.guide, study.cases, study.workers)
    assert "worker_id" not in t["loads"].columns and t["loads"].index.name is None
    assert t["loads"]["load"].is_monotonic_increasing
    assert t["status"]["workers"].sum() == study.cases["worker_id"].nunique()
    teams = t["staffing"].index.drop("total")
    sizes = study.workers.groupby("team").size()
    assert not set(teams) & set(sizes.index[sizes < 5])


@pytest.mark.parametrize(
    "draw",
    [
        lambda g, ax: plots.category_shares_plot(g.category_shares, ax=ax),
        lambda g, ax: plots.task_hours_plot(g.tasks, ax=ax),
        lambda g, ax: plots.case_weights_plot(g.case_types, ax=ax),
        lambda g, ax: plots.max_caseload_plot(
            pd.DataFrame({"case_mix": ["a", "b"], "max_cases_per_fte": [10.0, 20.0]}), ax=ax
        ),
        lambda g, ax: plots.capacity_plot(
            pd.DataFrame(
                {"cases_per_fte": [10, 20], "load": [0.9, 1.3], "status": ["blue", "red"]}
            ),
            ax=ax,
        ),
        lambda g, ax: plots.worker_hours_plot(
            pd.DataFrame({"category": ["a", "a", "b"], "hours_per_fte_week": [1.0, 2.0, 3.0]}),
            ax=ax,
        ),
        lambda g, ax: plots.team_shares_plot(
            pd.DataFrame({"team": ["x", "y"], "category": ["a", "a"], "share": [1.0, 1.0]}), ax=ax
        ),
        lambda g, ax: plots.time_of_day_plot(
            pd.DataFrame({"hour": [9.0, 9.5], "category": ["a", "a"], "share_at_work": [0.5, 0.4]}),
            ax=ax,
        ),
    ],
)
def test_plots_draw_on_the_given_axes(sim_run, draw):
    _, ax = plt.subplots()
    assert draw(sim_run[1].guide, ax) is ax
    assert ax.has_data() or ax.patches or ax.collections


def test_task_plot_leaves_out_suppressed_tasks(sim_run):
    g = sim_run[1].guide
    ax = plots.task_hours_plot(g.tasks)
    shown = {t.get_text() for t in ax.get_yticklabels()}
    assert len(shown) == int(g.tasks["full_hours"].notna().sum())
    for k in g.tasks.index[g.tasks["full_hours"].isna()]:
        assert k.replace("_", " ") not in shown
    assert np.isfinite(g.tasks["full_hours"]).any()


@pytest.mark.filterwarnings("error")
def test_worker_and_capacity_plots_draw_an_empty_table():
    # drawn with matplotlib alone: no boxes, dots or legend for no rows, and no error
    no_hours = pd.DataFrame({"category": pd.Series([], dtype=str),
                             "hours_per_fte_week": pd.Series([], dtype=float)})
    assert not plots.worker_hours_plot(no_hours).patches
    no_loads = pd.DataFrame({"cases_per_fte": pd.Series([], dtype=float),
                             "load": pd.Series([], dtype=float), "status": pd.Series([], dtype=str)})
    assert plots.capacity_plot(no_loads).get_legend() is None
    no_hours = pd.DataFrame({"cases_per_fte": [float("nan")] * 3, "load": [float("nan")] * 3,
                             "status": ["none"] * 3})  # nobody has hours available: no dots
    assert plots.capacity_plot(no_hours).get_ylim() == pytest.approx((0.0, 125.0))
    # a category whose hours are all unknown keeps its row, with no dots
    one_blank = pd.DataFrame({"category": ["a", "a", "b"], "hours_per_fte_week": [1.0, 2.0, None]})
    ax = plots.worker_hours_plot(one_blank)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
