"""The chart of workers' loads gives back no count the table of workers by status withholds.

Each dot of the capacity chart is a worker, and its height says its band: with 109 red,
4 amber, 1 green and 6 blue of 120 (the s120 study), the table wrote amber and green in
words while the chart drew 4 amber and 1 green dots; and the headline's 113 over capacity
(red and amber) and 7 under (green and blue) gave amber and green back from the table's
109 red and 6 blue. Now the chart leaves out the bands the table withholds, and the table
withholds a band of a sum the headline publishes when another band of that sum alone is
in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.capacity.over_capacity import status_bands
from timestudy.report.capacity_section import _load_blocks
from timestudy.report.model import Figure, Section


def _tables(counts: dict[str, int]) -> dict:
    status = pd.Series(counts)
    rows = np.repeat(status.index.to_numpy(), status.to_numpy())
    load = {"red": 1.3, "amber": 1.05, "green": 0.97, "blue": 0.8}
    loads = pd.DataFrame({
        "status": rows, "load": [load[s] for s in rows], "cases_per_fte": 15.0,
        "hours_available_per_month": 100.0, "load_at_least": np.nan,
    })
    return {"loads": loads, "excluded": pd.DataFrame({"n_cases": [0]}),
            "status": pd.DataFrame({"workers": status})}


def test_the_table_withholds_both_bands_of_a_published_sum():
    """By hand: 109 + 4 = 113 over (headline), 1 + 6 = 7 under: amber (4) and green (1) in
    words, so red and blue are not shown either (113 - 109, 7 - 6 would give them)."""
    t = status_bands(pd.Series({"red": 109, "amber": 4, "green": 1, "blue": 6}), 5)
    assert t["workers"].tolist() == ["not shown", "fewer than 5", "fewer than 5", "not shown"]
    assert t["share"].isna().all()


def test_the_chart_draws_only_the_bands_the_table_gives_as_numbers():
    """By hand: 20 red, 9 amber, 3 green, 8 blue of 40: green (3) is in words, so blue,
    the other band of the headline's sum under capacity, is not shown either; red and
    amber (20 + 9 = 29, the rest 11) stay numbers. The chart draws the 29 red and amber
    workers and names the bands it leaves out."""
    s = Section("capacity", "Capacity")
    _load_blocks(s, _tables({"red": 20, "amber": 9, "green": 3, "blue": 8}), "cases", (0.95, 1.0, 1.1), 5)
    (fig,) = [b for b in s.blocks if isinstance(b, Figure)]
    drawn = fig.draw.args[0]
    assert sorted(drawn["status"].unique()) == ["amber", "red"] and len(drawn) == 29
    assert "Not drawn, as the table below withholds their number: the workers green and blue" in (
        fig.caption)


def test_loads_of_at_least_a_band_are_not_drawn_when_their_number_is_in_words():
    """review20: the triangles (a load of at least a band: costed cases alone reach it,
    others not costed) are each one of the workers the note counts in words. By hand: 20
    red and 20 blue of 40, 3 of the red known only as 'at least' (fewer than 5 of 40): the
    37 other workers are drawn, the 3 are not, and the caption says why."""
    t = _tables({"red": 20, "blue": 20})
    t["loads"].loc[:2, ["load", "load_at_least"]] = [np.nan, 1.2]
    s = Section("capacity", "Capacity")
    _load_blocks(s, t, "cases", (0.95, 1.0, 1.1), 5)
    (fig,) = [b for b in s.blocks if isinstance(b, Figure)]
    assert len(fig.draw.args[0]) == 37 and fig.draw.args[0]["load_at_least"].isna().all()
    assert "triangle" not in fig.caption
    assert "Not drawn, as their number is not shown: the workers whose costed cases" in (
        fig.caption)
