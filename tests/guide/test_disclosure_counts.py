"""A count of workers with a property names no count of fewer than 5 workers (audit11).

The diary section said "1 of 7 workers had under 80% complete" (guide.json's and
data_quality.json's ``meta.completeness.workers_below_80_percent`` = 1): a count of one
worker; "6 of 7" would have named the other one. The rule, written once
(:func:`timestudy._lib.disclose.count_band`): a number only when the workers counted and
the rest both number 5 or more, or none or all; else "fewer than 5 of N" (1 to 4 counted)
or "at least L of N" (L = max(5, N - 4), up to N - 1); neither when, with the quartiles
published beside it, a band would leave a single count (then no count in a band is
published, and none at all when only one count in a band is possible).

The reader here knows that rule and the published quartiles (numpy's linear quantiles of
the workers' shares of days complete, 6 decimals), and finds every count of workers under
80% that some diaries with those quartiles could have, by linear programming (scipy's
``linprog``, written apart from the guide's ``counts_possible``); the words narrow that set
further. A count of fewer than 5 on either side is disclosed when the set is one count.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from timestudy.guide.diary import completeness_summary
from timestudy.report.pieces_sections import diary_section

Q = {"p25": 0.25, "median": 0.5, "p75": 0.75}
DAYS = 10


def _days(complete: list[int]) -> pd.DataFrame:
    """Worker-days: worker i has ``complete[i]`` of 10 days complete, the rest partial."""
    rows = [(f"W{i:02d}", "complete" if d < c else "partial")
            for i, c in enumerate(complete) for d in range(DAYS)]
    out = pd.DataFrame(rows, columns=["worker_id", "status"])
    return out.assign(week_start=pd.Timestamp("2026-03-09"))


def _possible(quantiles: dict, n: int, t: float = 0.8) -> set[int]:
    """Counts c of shares under t that sorted shares s in [0, 1] with these quantiles allow.

    The linear programmes are solved once per distinct (quantiles, n, t): a draw asks twice
    (the quartiles alone, then the reader), and draws of tenths repeat their quartiles."""
    return set(_possible_once(tuple(sorted(quantiles.items())), n, t))


def _counts_to_solve(quantiles: tuple, n: int, t: float) -> range:
    """The counts no quantile alone rules out, each then left to a linear programme.

    A quantile ``r = (1 - f) s[i] + f s[i + 1]`` lies between ``s[i]`` and ``s[top]`` (``top``
    is ``i + 1``, or ``i`` when ``f`` is 0), the shares being sorted. Published as ``v``, it is
    at least ``v - 5e-7``: when that is over ``t - 1e-9`` (the most a share under ``t`` is
    in the programme), ``s[top]`` is not under, so the count is ``top`` or fewer. It is at
    most ``v + 5e-7``: when that is under ``t``, ``s[i]`` is under, so the count is over
    ``i``. Only the programme decides the counts between (it took 2,834 programmes for
    the 248 quartile sets of the draws below, 1,088 with the rest ruled out here, and the
    same counts came out)."""
    low, high = 0, n
    for name, v in quantiles:
        i, f = divmod(Q[name] * (n - 1), 1)
        top = int(i) + 1 if f else int(i)
        if v - 5e-7 > t - 1e-9:
            high = min(high, top)
        if v + 5e-7 < t:
            low = max(low, int(i) + 1)
    return range(low, high + 1)


@functools.cache
def _possible_once(quantiles: tuple, n: int, t: float) -> frozenset[int]:
    out = set()
    for c in _counts_to_solve(quantiles, n, t):
        a_ub, b_ub = [], []
        for j in range(n - 1):  # sorted
            r = np.zeros(n)
            r[j], r[j + 1] = 1, -1
            a_ub.append(r), b_ub.append(0.0)
        for j in range(n):  # c under t, the rest at t or over
            r = np.zeros(n)
            r[j] = 1 if j < c else -1
            a_ub.append(r), b_ub.append(t - 1e-9 if j < c else -t)
        for name, v in quantiles:  # the quantile, to its 6 decimals
            i, f = divmod(Q[name] * (n - 1), 1)
            r = np.zeros(n)
            r[int(i)] += 1 - f
            if f:
                r[int(i) + 1] += f
            a_ub += [r, -r]
            b_ub += [v + 5e-7, -(v - 5e-7)]
        res = linprog(np.zeros(n), A_ub=np.array(a_ub), b_ub=np.array(b_ub),
                      bounds=[(0, 1)] * n, method="highs")
        if res.status == 0:
            out.add(c)
    return frozenset(out)


def _shown(c: int, n: int, k: int = 5) -> bool:
    return c in (0, n) or (c >= k and n - c >= k)


def _said(words: str, n: int) -> set[int]:
    """The counts the words allow, read as the rule writes them (the reader's own reading)."""
    k = re.fullmatch(r"fewer than (\d+) of (\d+)", words)
    if k:
        return set(range(1, int(k.group(1))))
    k = re.fullmatch(r"at least (\d+) of (\d+)", words)
    if k:
        return set(range(int(k.group(1)), n))
    k = re.fullmatch(r"1 to (\d+) of (\d+)", words)
    if k:
        return set(range(1, int(k.group(1)) + 1))
    return {int(re.fullmatch(r"(\d+) of (\d+)", words).group(1))}


def _reader(m: dict) -> set[int]:
    """What a reader of guide.json's completeness knows of the workers under 80%."""
    n = m["n_workers"]
    known = _possible(m["share_complete_quantiles"], n)
    if m.get("workers_below_80_percent") is not None:
        return known & {m["workers_below_80_percent"]}
    if m.get("workers_below_80_percent_words") is not None:
        return known & _said(m["workers_below_80_percent_words"], n)
    loose = {c for c in known if not _shown(c, n)}  # nothing said: one of these, or any
    return known if len(loose) < 2 else loose


def _disclosed(m: dict) -> bool:
    """A count of fewer than 5 (under 80%, or the rest), not none, named by the publication."""
    left = _reader(m)
    return len(left) == 1 and not _shown(min(left), m["n_workers"])


def test_one_of_seven_is_not_named():
    """Audit11's diaries by worker: 7 workers, one with 7 of 10 days complete (0.7), six with
    all 10 (1.0). By hand: quartiles p25 = (s1 + s2) / 2 = 1.0, median s3 = 1.0, p75 = 1.0;
    1 worker under 80% (6 at 80% or over): both fewer than 5, so no number. The quartiles
    allow 0 or 1 under (p25 = 1 puts s1 at 1); "fewer than 5 of 7" would say not 0, so 1:
    no count is published (whatever it is: the quartiles alone decide). Main published 1."""
    m = completeness_summary(_days([7, 10, 10, 10, 10, 10, 10]), min_workers=5)
    assert m["share_complete_quantiles"] == {"p25": 1.0, "median": 1.0, "p75": 1.0}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None
    assert _reader(m) == {0, 1}


def test_five_of_seven_is_a_band():
    """5 of 7 under 80% (five with 5 of 10 days, one with 9, one with 10): the 2 over are
    fewer than 5. By hand: p25 = 0.5, the median s3 = 0.5, p75 = (s4 + s5) / 2 = 0.7 puts
    s4 under (at least 5 under) and s5 between 0.7 and 0.9 (under or over): 5, 6 or 7;
    "at least 5 of 7" (not all) keeps 5 and 6. Main published 5."""
    m = completeness_summary(_days([5, 5, 5, 5, 5, 9, 10]), min_workers=5)
    assert m["share_complete_quantiles"] == {"p25": 0.5, "median": 0.5, "p75": 0.7}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] == "at least 5 of 7"
    assert _reader(m) == {5, 6}


def test_the_words_withheld_where_the_quartiles_would_pin_the_count():
    """7 workers, 5 under 80% (shares 0.5, 0.5, 0.6, 0.7, 0.7, 1, 1). By hand: p25 =
    (0.5 + 0.6) / 2 = 0.55, the median s3 = 0.7 < 0.8 (at least 4 under), p75 = (s4 + s5)
    / 2 = 0.85 (s5 at least 0.9: at most 5 under): 4 or 5. "at least 5 of 7" would leave
    5, and "fewer than 5 of 7" (had it been 4) 4: so no words and no number, which a reader
    can tell from the quartiles alone whatever the count (withholding leaves 4 or 5)."""
    m = completeness_summary(_days([5, 5, 6, 7, 7, 10, 10]), min_workers=5)
    assert m["share_complete_quantiles"] == {"p25": 0.55, "median": 0.7, "p75": 0.85}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None
    assert _reader(m) == {4, 5}


def test_a_count_with_five_on_each_side_is_a_number():
    """12 workers, 6 under 80% (7 of 10 days) and 6 over (10 of 10), one of these with two
    days more at work (12 of 12): 6 and 6, both 5 or more: the number 6 is published. By
    hand the quartiles (p25 = 0.25 s2 + 0.75 s3 = 0.7, median (s5 + s6) / 2 = 0.85, p75 =
    s8 = s9 = 1.0) leave 3 to 7 under: "fewer than 5" would leave 3 or 4, and no count of 8
    or more is possible, so no band could name a count. The days at work differ, so the
    share complete (82 / 122) is no mean of the shares and gives the reader nothing more."""
    more = pd.DataFrame({"worker_id": "W11", "status": ["complete"] * 2,
                         "week_start": pd.Timestamp("2026-03-16")})
    m = completeness_summary(pd.concat([_days([7] * 6 + [10] * 6), more], ignore_index=True),
                             min_workers=5)
    assert m["workers_below_80_percent"] == 6
    assert m["workers_below_80_percent_words"] == "6 of 12"


def test_with_equal_days_the_share_complete_can_withhold_even_six_of_twelve():
    """The same 12 workers with 10 days at work each: the share complete 102 / 120 = 0.85 is
    the mean of the shares, so the shares sum to 10.2. A count of 3 needs s[3] >= 0.8 and
    so s[2] <= 0.4 (p25 = 0.7): the shares sum to at most 3 x 0.4 + 4 x 0.85 + 1 + 4 x 1 =
    9.6 < 10.2, impossible; 4 is possible (0.7 x 4, 0.8, 0.85, 0.85, 0.9, 1 x 4 = 10.2). The
    only count a band could hold is 4: were it the count, it would be withheld, so a reader
    seeing any count withheld would know it; every count is withheld, 6 too."""
    m = completeness_summary(_days([7] * 6 + [10] * 6), min_workers=5)
    assert m["share_complete"] == 0.85
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None


def test_an_exact_count_withheld_when_another_count_would_be_named():
    """12 workers, 6 under 80% (5 of 10 days) and 6 with all 10: p25 = 0.5 (s3 under),
    the median (s5 + s6) / 2 = 0.75 (s5 under: at least 6), p75 = s8 = s9 = 1.0 (at most
    8): 6, 7 or 8. Had the count been 8, "at least 8 of 12" would have named it, and 8 is
    the only count in a band the quartiles allow: so the guide publishes no count here,
    whatever it is (a number 6 or 7 would leave silence meaning 8)."""
    m = completeness_summary(_days([5] * 6 + [10] * 6), min_workers=5)
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None
    assert _reader(m) == {6, 7, 8}


@pytest.mark.parametrize("n", range(5, 17))
def test_no_publication_names_a_count_under_five(n):
    """Every study of n = 5 to 16 workers from 25 seeded draws of days complete (each worker
    0 to 10 of 10, most near 10): whatever the guide publishes, the reader above never
    comes down to one count of fewer than 5 under 80% (or over), except where the
    quartiles alone already do (``test_quartiles_alone_can_name_a_count``)."""
    rng = np.random.default_rng(n)
    for _ in range(25):
        complete = np.minimum(10, rng.geometric(0.35, n) + rng.integers(3, 9, n)).tolist()
        m = completeness_summary(_days(complete), min_workers=5)
        alone = _possible(m["share_complete_quantiles"], n)
        if len(alone) == 1:  # the quartiles alone name it (see the xfail below)
            continue
        assert not _disclosed(m), (complete, m)


def test_quartiles_of_five_are_published_and_the_count_is_not():
    """5 workers, shares 0.5, 0.6, 0.9, 1, 1: the quartiles are s1 = 0.6, s2 = 0.9 and
    s3 = 1.0 themselves (positions 1, 2, 3 of 0 to 4), so a reader can tell that exactly 2
    are under 80%, whatever is said of the count.

    Decided (lead, sixteenth stop): the quartiles stay published for 5 workers or more, as
    every figure resting on 5 workers is. They are a distribution of the diaries'
    completeness over all the workers, unnamed (not a worker's time), and what they imply
    (2 of 5 under 80%) names no one; the count itself is not published (the only count in
    a band they leave possible), so the guide never states it."""
    m = completeness_summary(_days([5, 6, 9, 10, 10]), min_workers=5)
    assert m["share_complete_quantiles"] == {"p25": 0.6, "median": 0.9, "p75": 1.0}
    assert _possible(m["share_complete_quantiles"], 5) == {2}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None


def test_the_report_says_the_words():
    """The diary section's sentence carries the words, for a new guide and for a guide.json
    written before the words were kept (its number given to the same rule): 5 of 7 with
    the quartiles of ``test_five_of_seven_is_a_band``; audit11's 1 of 7 is not shown."""
    q = {"p25": 0.5, "median": 0.5, "p75": 0.7}

    def sentence(summary):
        guide = type("G", (), {"meta": {"completeness": summary, "min_workers": 5},
                               "completeness": pd.DataFrame()})()
        texts = [b.text for b in diary_section(guide).blocks if b.kind == "text"]
        return next(t for t in texts if t.startswith("By worker"))

    new = {"n_workers": 7, "share_complete_quantiles": q, "workers_below_80_percent": None,
           "workers_below_80_percent_words": "at least 5 of 7"}
    old = {"n_workers": 7, "share_complete_quantiles": q, "workers_below_80_percent": 5}
    assert sentence(new) == sentence(old) == (
        "By worker: three quarters of the diaries had at least 50% of their working days "
        "complete; at least 5 of 7 workers had under 80% complete.")
    audit = {"n_workers": 7, "workers_below_80_percent": 1,
             "share_complete_quantiles": {"p25": 1.0, "median": 1.0, "p75": 1.0}}
    assert sentence(audit).endswith(
        "; how many workers had under 80% complete is not shown: with the figures above it "
        "could give back a count of fewer than 5 workers (those under 80%, or the rest).")


def test_the_share_complete_is_a_figure_the_reader_has():
    """Review (sixteenth stop): 7 workers with 3, 4, 5, 9, 9, 9, 10 of 10 days complete, all
    with 10 days at work, so the share complete 49 / 70 = 0.7 is the mean of their shares.

    The quartiles: s[1.5] = (0.4 + 0.5) / 2 = 0.45, s[3] = 0.9, s[4.5] = 0.9. Alone they
    leave 2 or 3 under 80% (s[3] = 0.9: at most 3; s[1] + s[2] = 0.9: s[2] >= 0.8 would
    need s[1] <= 0.1, a count of 2; a count of 1 would need s[1] + s[2] >= 1.6). With the
    mean: s[3..5] = 0.9 each (s[4] + s[5] = 1.8, each at least 0.9), so s[0] + s[6] = 4.9 -
    2.7 - 0.9 = 1.3; a count of 2 needs s[0] <= s[1] <= 0.1, then s[6] >= 1.2 > 1: only 3
    is possible. "fewer than 5 of 7" was published before: it is now not shown, as its
    band holds one count for that reader."""
    m = completeness_summary(_days([3, 4, 5, 9, 9, 9, 10]), min_workers=5)
    assert m["share_complete"] == 0.7
    assert m["share_complete_quantiles"] == {"p25": 0.45, "median": 0.9, "p75": 0.9}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None  # "fewer than 5 of 7" before


def test_the_distribution_needs_five_workers_with_days_at_work():
    """Review: 5 workers, 3 of them with no day at work (leave all the diary), 2 with 6 and 9
    of 10 days complete: the quartiles of 2 shares (0.675, 0.75, 0.825) gave both back.
    Nothing of the distribution is published when fewer than 5 workers had days at work."""
    days = _days([6, 9])
    leave = pd.DataFrame({"worker_id": [f"L{i}" for i in range(3) for _ in range(DAYS)],
                          "status": "leave", "week_start": pd.Timestamp("2026-03-09")})
    m = completeness_summary(pd.concat([days, leave], ignore_index=True), min_workers=5)
    assert m["n_workers"] == 5
    assert m["share_complete_quantiles"] is None  # {0.675, 0.75, 0.825} before
    assert m["share_complete"] is None
    assert m["workers_below_80_percent_words"] is None
