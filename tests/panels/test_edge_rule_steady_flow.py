"""The edge rule on a flow of pieces worked out by hand: exact for a steady flow (fix35c).

Court statements read +4.4% on the held-out generator's complete diaries at seeds 0-9 (SE
1.2%; +1.4%, SE 1.2%, over seeds 0-19), from days per piece (steady-flow half +5.7%,
Kaplan-Meier +2.1%). Neither half halves anything: both count a piece cut by the diary's
edges through its days *inside* the diary (flow: days over starts or ends seen;
Kaplan-Meier: at risk on the days seen), which is exact when pieces start at a steady rate,
whatever their lengths and however far they run past the edge. What lifted the flow half
was the generator: every case's schedule restarted on the span's first day, so court
statements began a fifth faster in the diary's first three weeks and a third slower in its
fourth (``benchmarks/heldout/work.first_arrival``); a rate falling at the diary's end
lengthens both halves, the flow most. With the schedules steady (fix35c), over seeds 0-19:
flow +3.7% -> -4.0% (SE 1.2%), Kaplan-Meier -0.6% -> -1.7%, direct minutes +1.4% -> -2.3%
(SE 1.3%). Pinned here by hand.

The flow: one worker, a diary of days 0..7, a margin of 1 day; every day one piece of 2 days
and one of 4 (consecutive days) begins, since long before the diary, so ``E[D] = 3``. The
pieces seen in the diary are length-biased (those touching days 0..7: nine of 2 days,
eleven of 4, mean 3.1), the pieces begun in it are not (mean 3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels.censoring import (
    days_axis,
    days_per_piece,
    expected_days,
    flow_days,
    flow_terms,
    risk_table,
)

LAST, MARGIN = 7, 1


def flow_pieces(starts: np.ndarray) -> pd.DataFrame:
    """The pieces table the diary shows of pieces of 2 and 4 days begun on ``starts``."""
    start = np.repeat(starts, 2)
    length = np.tile([2, 4], len(starts))
    first = np.maximum(start, 0)
    last = np.minimum(start + length - 1, LAST)
    seen = last >= first
    first, last = first[seen], last[seen]
    return pd.DataFrame(
        {
            "task_type": "statement",
            "n_days": last - first + 1,
            "left_censored": first < MARGIN,
            "right_censored": last > LAST - MARGIN,
            "days_followed": np.minimum(last, LAST - MARGIN) - first + 1,
            "days_preceded": last - np.maximum(first, MARGIN) + 1,
        }
    ).assign(
        days_followed=lambda d: d["days_followed"].clip(lower=0),
        days_preceded=lambda d: d["days_preceded"].clip(lower=0),
    )


def halves(p: pd.DataFrame) -> tuple[float, float, float, float]:
    """Kaplan-Meier, and steady flow forward, backward and pooled."""
    k = days_axis(p["n_days"].to_numpy())
    at, ev = risk_table(p, np.zeros(len(p), int), 1, k)
    fwd, bwd, starts, ends, both = (x.sum() for x in flow_terms(p))
    pooled = flow_days(fwd, bwd, starts, ends) / both
    return float(expected_days(at, ev)[0]), fwd / starts, bwd / ends, float(pooled)


def test_steady_flow_every_half_exact():
    # Every day of 1..7 holds 2 + 4 = 6 days worked (the pieces of 2 days begun that day and
    # the day before, of 4 days the last four): 42 days over 14 starts (forward), and days
    # 0..6: 42 over 14 ends; Kaplan-Meier sees each length at risk alike: 3.
    p = flow_pieces(np.arange(-3, LAST + 1))
    assert len(p) == 9 + 11  # the pieces seen: length-biased, mean (18 + 44) / 20 = 3.1
    km, fwd, bwd, pooled = halves(p)
    assert (fwd, bwd) == (42 / 14, 42 / 14)
    assert km == pytest.approx(3.0, abs=1e-12) and pooled == pytest.approx(3.0, abs=1e-12)
    assert float(days_per_piece(p)["statement"]) == pytest.approx(3.0, abs=1e-12)


def test_rate_falling_at_the_end_lengthens_both_halves():
    # No piece begins on days 5-7. Forward loses the days of those starts inside 1..7
    # (5 + 4 + 2 = 11) and their 6 starts: 31 / 8. Backward loses 6 days inside 0..6 and one
    # end (the 2-day piece of day 5): 36 / 13. Pooled 67 / 21 = 3.190 (+6.3%). Kaplan-Meier:
    # at risk on days 1-4 19, 17, 8, 6 (forward 8, 8, 4, 3; backward 11, 9, 4, 3), ending
    # 8 on day 2 and 6 on day 4 (each counted both ways): 1 + 1 + 9/17 + 9/17 = 52 / 17
    # (+2.0%), the 2-day piece missing from the ends of day 6 that the 4-day ones have.
    p = flow_pieces(np.arange(-3, 5))
    km, fwd, bwd, pooled = halves(p)
    assert (fwd, bwd, pooled) == pytest.approx((31 / 8, 36 / 13, 67 / 21), abs=1e-12)
    assert km == pytest.approx(52 / 17, abs=1e-12)
    edge = float(days_per_piece(p)["statement"])
    assert edge == pytest.approx((52 / 17 + 67 / 21) / 2, abs=1e-12)  # 3.125, +4.2%
