"""Pieces of written work under real working patterns link as the generator made them (fix34k).

On the held-out generator's real patterns (``patterns="real"``: six-day, Sunday to Thursday,
compressed, alternating ``Mon-Fri / Tue-Sat`` and nights, over Good Friday and Easter
Monday 2026) court statements read +6.7% against the truth at seeds 0-2 (100 workers, the
diary's faults) where Monday to Friday read -1.1%. Traced piece by piece (fix34k), no rule
reads a pattern wrongly: over seeds 0-9, each of the 112 court statements begun in the
diary by a holder on a real pattern linked as one piece, never split or joined across a
weekend, a day off, a bank holiday or midnight, with the days the diary kept of it (one
Sunday-to-Thursday piece one day fewer: two sittings the generator wrote on one diary
day); the workers' observed shares sit 0.008 to 0.029 under the days the diary kept for
every pattern alike (0.029 Monday to Friday: leave not written in). The difference is
noise: over seeds 0-9 the real patterns read +3.3% (standard error over seeds 1.8%; seed
1 alone +14.4%), Monday to Friday +1.7% (2.3%); on the complete diary both read +4.4%
(1.4% and 1.2%): the missing-days correction is not what lifts them (real patterns, faults
less complete, paired: -1.1%, 1.4%), and the +4% on the complete diary is the edge rule's
on court statements whatever the pattern (days per piece +3.6% and +4.2%).

This module keeps the tracing as a test on the complete diary (40 workers, seed 1): every
written piece of a holder on a real pattern, the only one of its task on its case, is one
linked piece with all its direct minutes, and (but for nights) its days.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from heldout import generate  # noqa: E402
from heldout.check import run_pipeline  # noqa: E402
from heldout.work import WRITTEN  # noqa: E402


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> pd.DataFrame:
    """Each written piece of a holder on a real pattern beside the pieces linked on its
    holder, case and task (only the generator's pieces alone on their case and task)."""
    s = generate(40, seed=1, patterns="real", missing=False)
    run = run_pipeline(s, tmp_path_factory.mktemp("pieces_real"), n_boot=19, seed=0)
    c = s.complete.loc[s.complete["kind"].eq("direct") & s.complete["task"].isin(WRITTEN)]
    g = c.groupby("piece").agg(
        worker=("worker", "first"),
        case=("case", "first"),
        task=("task", "first"),
        minutes=("minutes", "sum"),
        days=("day", "nunique"),
        late=("start_min", lambda m: bool((m >= 28 * 60).any())),  # past 04:00 the day after
    )
    worker, case = g["worker"].to_numpy(int), g["case"].to_numpy(int)
    g = g.assign(
        worker_id=s.workers["worker_id"].to_numpy()[worker],
        case_id=s.cases["case_id"].to_numpy()[case],
        pattern=s.patterns.to_numpy()[worker],
    )
    keys = ["worker_id", "case_id", "task"]
    alone = g.groupby(keys)["minutes"].transform("size").eq(1)
    g = g.loc[alone & g["pattern"].ne("weekdays")]
    got = (
        run.models.pieces.rename(columns={"task_type": "task"})
        .groupby(keys)
        .agg(
            n=("direct_min", "size"), got_minutes=("direct_min", "sum"), got_days=("n_days", "sum")
        )
    )
    return g.join(got, on=keys)


def test_every_real_pattern_is_traced(linked):
    counts = linked["pattern"].value_counts()
    assert set(counts.index) == {"six_day", "sun_thu", "compressed", "alternating", "night"}
    assert counts.min() >= 20  # measured: 25 to 32 pieces a pattern


def test_each_written_piece_is_one_piece_with_its_minutes(linked):
    """Never split across a weekend, a day off, a bank holiday or midnight, never joined."""
    assert (linked["n"] == 1).all(), linked.loc[linked["n"] != 1]
    np.testing.assert_array_equal(linked["got_minutes"], linked["minutes"])


def test_each_written_piece_has_its_days_but_nights_laid_past_four(linked):
    """The days of each piece are the generator's, but for a night worker's: the generator
    lays some nights out to 07:00 or later, past the diary day's start (04:00) after a
    break, and a sitting there is read as the next night's (two pieces of H031 at seed 1,
    two days read as one: short, not long)."""
    day = linked.loc[linked["pattern"].ne("night") & ~linked["late"]]
    np.testing.assert_array_equal(day["got_days"], day["days"])
    night = linked.loc[linked["pattern"].eq("night")]
    assert (night["got_days"] <= night["days"]).all()
    assert (night["got_days"] < night["days"]).sum() <= 2
    # a day worker's long day laid out past 04:00 too (since fix35c's generator: H019,
    # compressed: of 3 such pieces one a day short, a sitting at 06:55 on 14 April read with
    # that day's own at 14:00)
    late = linked.loc[linked["pattern"].ne("night") & linked["late"]]
    assert (late["got_days"] <= late["days"]).all()
    assert (late["got_days"] < late["days"]).sum() <= 1
