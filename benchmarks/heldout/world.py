"""The held-out world: workers, their cases and their working calendar.

Written from the domain notes (``../shared/DOMAIN.md``), not from
``timestudy.simulate``: a children's services department in England whose social
workers keep a four-week diary. Everything is simulated over a longer span than the
diary (six weeks before it, three after), so that pieces of work are open at the
diary's edges as they are in a real study.

Day indices count from the diary's first day (a Monday): the diary is days
``0 .. 7 * weeks - 1``; the span simulated is ``-BEFORE .. 7 * weeks + AFTER - 1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2026-03-02")  # a Monday; no bank holiday in the four weeks
# patterns="real": a window from Monday 23 March 2026 across Good Friday (3 April) and Easter
# Monday (6 April); the span simulated holds the May bank holiday (4 May) too (England).
REAL_START = pd.Timestamp("2026-03-23")
REAL_HOLIDAYS = pd.to_datetime(["2026-04-03", "2026-04-06", "2026-05-04"])
# The real working patterns: workdays as written, week 1 and week 2 of the cycle (Monday = 0),
# hours a contracted day, whether the shift is a night (20:00 to about 04:00).
PATTERNS = pd.DataFrame.from_records(
    [
        ("six_day", "Mon-Sat", (0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5), 37 / 6, False),
        ("sun_thu", "Mon-Thu Sun", (0, 1, 2, 3, 6), (0, 1, 2, 3, 6), 7.4, False),
        ("compressed", "Mon-Thu", (0, 1, 2, 3), (0, 1, 2, 3), 9.25, False),
        ("alternating", "Mon-Fri / Tue-Sat", (0, 1, 2, 3, 4), (1, 2, 3, 4, 5), 7.4, False),
        ("night", "Mon-Fri", (0, 1, 2, 3, 4), (0, 1, 2, 3, 4), 7.4, True),
    ],
    columns=["pattern", "workdays", "week1", "week2", "day_hours", "night"],
).set_index("pattern")
BEFORE = 42
AFTER = 21
CASE_TYPES = np.array(["CIN", "CP", "CLA", "PROCEEDINGS"])
CASE_SHARES = np.array([0.36, 0.30, 0.24, 0.10])
DAY_NAMES = np.array(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
SURNAMES = np.array(
    [
        "Smith",
        "Jones",
        "Patel",
        "Khan",
        "Brown",
        "Evans",
        "Okafor",
        "Nowak",
        "Hughes",
        "Murphy",
        "Begum",
        "Ahmed",
        "Walker",
        "Clarke",
        "Mensah",
        "Kowalski",
        "Taylor",
        "Wright",
        "Campbell",
        "Hussain",
        "Lewis",
        "Ali",
    ]
)


def make_workers(
    rng: np.random.Generator, n_workers: int, patterns: str = "weekdays"
) -> pd.DataFrame:
    """Workers with FTE, contracted days, role, team and the habits of their diary.

    With ``patterns="real"`` some full-time workers (one in twenty for each, at least
    one) keep a real working pattern of :data:`PATTERNS` in place of Monday to Friday: a
    six-day week, Sunday to Thursday, four compressed days of 9.25 h, weeks alternating
    Monday to Friday and Tuesday to Saturday (``pattern_from`` the diary's first Monday, a
    week 1), or nights from 20:00; ``pattern`` names it (``weekdays`` for the others).

    Returns
    -------
    DataFrame
        ``worker_id``, ``fte``, ``contracted_hours`` (37 x FTE), ``role``, ``team``,
        ``workdays`` (empty for some full-time workers: Monday to Friday is the
        default), and the hidden ``speed`` (a multiplier of every duration),
        ``keeps_id`` (writes a piece-of-work reference on written work),
        ``uncoded_return`` (share of return journeys recorded without a case) and
        ``miss_rate`` (share of working days with no diary at random), ``_on`` (the
        contracted days of each week of the cycle: weeks x 7), ``pattern``,
        ``day_hours`` (hours of a contracted day) and ``night``.

    Examples
    --------
    >>> w = make_workers(np.random.default_rng(0), 30)
    >>> len(w), bool(w["fte"].between(0.6, 1.0).all()), w["worker_id"].iloc[0]
    (30, True, 'H001')
    """
    fte = rng.choice([1.0, 0.8, 0.6], size=n_workers, p=[0.72, 0.19, 0.09])
    drop = np.rint((1 - fte) * 5).astype(int)
    # Days off of part-time workers: a random order of weekdays, the first `drop` dropped.
    order = np.argsort(rng.random((n_workers, 5)), axis=1)
    on = np.ones((n_workers, 5), bool)
    np.put_along_axis(on, order, np.arange(5)[None, :] >= drop[:, None], axis=1)
    workdays = np.array([" ".join(DAY_NAMES[:5][row]) for row in on])
    workdays[(fte == 1.0) & (rng.random(n_workers) < 0.4)] = ""
    role = rng.choice(
        ["social_worker", "senior_practitioner", "asye"], size=n_workers, p=[0.62, 0.25, 0.13]
    )
    keeps = rng.random(n_workers) < 0.3
    w = pd.DataFrame(
        {
            "worker_id": [f"H{i + 1:03d}" for i in range(n_workers)],
            "fte": fte,
            "contracted_hours": np.round(37 * fte, 1),
            "role": role,
            "team": rng.choice(["North", "South", "East", "West"], size=n_workers),
            "workdays": workdays,
            "speed": np.exp(rng.normal(0, 0.18, n_workers)),
            "keeps_id": keeps,
            "uncoded_return": np.where(rng.random(n_workers) < 0.35, 0.6, 0.0),
            "miss_rate": rng.beta(1.2, 12, n_workers),
            "_on": list(np.pad(on, ((0, 0), (0, 2)))[:, None, :]),
            "pattern": "weekdays",
            "day_hours": 37 * fte / on.sum(axis=1),
            "night": False,
        }
    )
    return w if patterns == "weekdays" else _real_patterns(rng, w)


def _real_patterns(rng: np.random.Generator, w: pd.DataFrame) -> pd.DataFrame:
    """Give :data:`PATTERNS` to full-time workers, one in twenty each (at least one)."""
    full = np.flatnonzero(w["fte"].to_numpy() == 1.0)
    k = max(1, round(0.05 * len(w)))
    if len(full) < k * len(PATTERNS):
        raise ValueError(
            f"patterns='real' needs {k * len(PATTERNS)} full-time workers, "
            f"{len(full)} drawn: ask for more workers"
        )
    pick = rng.permutation(full)[: k * len(PATTERNS)].reshape(len(PATTERNS), -1)
    w = w.assign(pattern_from="")
    on = np.stack(w["_on"].to_numpy())
    on = np.repeat(on, 2, axis=1)  # (workers, 2 weeks, 7)
    for name, rows in zip(PATTERNS.index, pick, strict=True):
        p = PATTERNS.loc[name]
        on[rows] = False
        on[rows[:, None], 0, list(p["week1"])] = True
        on[rows[:, None], 1, list(p["week2"])] = True
        w.loc[rows, ["pattern", "workdays", "day_hours", "night"]] = (
            name,
            p["workdays"],
            p["day_hours"],
            p["night"],
        )
        if p["week1"] != p["week2"]:
            w.loc[rows, "pattern_from"] = REAL_START.strftime("%Y-%m-%d")
    w["_on"] = list(on)
    return w


def calendar(
    rng: np.random.Generator,
    workers: pd.DataFrame,
    weeks: int,
    light: float = 0.04,
    holidays: np.ndarray | None = None,
    works_holiday: float = 0.15,
) -> pd.DataFrame:
    """Every contracted day of every worker over the span simulated, and what it was.

    ``status`` is ``work``, ``light`` (worked a short day: a flexi afternoon, not
    recorded as leave), ``leave`` (a block of annual leave), ``sick`` or ``holiday``
    (a bank holiday of ``holidays``, day indices, on a contracted day, taken; a share
    ``works_holiday`` of them are worked instead). ``in_diary`` marks days of the diary
    window; ``bank_holiday`` the days of ``holidays``.
    """
    days = np.arange(-BEFORE, 7 * weeks + AFTER)
    n_w = len(workers)
    weekday = (days % 7 + 7) % 7
    on = np.stack(workers["_on"].to_numpy())  # (workers, weeks of the cycle, 7)
    cycle = ((days // 7) % on.shape[1] + on.shape[1]) % on.shape[1]
    contracted = on[:, cycle, weekday]
    status = np.full((n_w, len(days)), "work", dtype=object)
    # Annual leave: about half the workers take a block of 1-5 days in the span.
    has = rng.random(n_w) < 0.55
    first = rng.integers(0, len(days), n_w)
    length = rng.integers(1, 6, n_w)
    k = np.cumsum(contracted, axis=1)  # contracted days so far
    k0 = np.take_along_axis(k, first[:, None], axis=1)
    block = has[:, None] & (k > k0 - 1) & (k <= k0 - 1 + length[:, None])
    status[block & contracted] = "leave"
    status[(rng.random((n_w, len(days))) < 0.02) & (status == "work")] = "sick"
    status[(rng.random((n_w, len(days))) < light) & (status == "work")] = "light"
    bank = np.isin(days, [] if holidays is None else holidays)
    if bank.any():
        taken = rng.random((n_w, len(days))) >= works_holiday
        status[bank[None, :] & taken & contracted] = "holiday"
    w_idx, d_idx = np.nonzero(contracted)
    cal = pd.DataFrame(
        {
            "worker": w_idx,
            "day": days[d_idx],
            "status": status[w_idx, d_idx],
            "in_diary": (days[d_idx] >= 0) & (days[d_idx] < 7 * weeks),
        }
    )
    return cal if holidays is None else cal.assign(bank_holiday=bank[d_idx])


def make_cases(
    rng: np.random.Generator, workers: pd.DataFrame, weeks: int, start: pd.Timestamp = START
) -> pd.DataFrame:
    """Each worker's caseload: type, distance, people involved, open and closing dates.

    Caseloads are Poisson around 16 per FTE (9 for a worker in the ASYE year). Most
    cases were open before the span simulated; about one in twelve opens during
    the diary and one in fifteen closes during it. ``open_from`` and ``open_to`` are
    the day indices the case is open (inclusive, clipped to the span).
    """
    per_fte = np.where(workers["role"].to_numpy() == "asye", 9.0, 16.0)
    n = np.maximum(rng.poisson(per_fte * workers["fte"].to_numpy()), 3)
    holder = np.repeat(np.arange(len(workers)), n)
    m = len(holder)
    ctype = rng.choice(CASE_TYPES, size=m, p=CASE_SHARES)
    far = (ctype == "CLA") & (rng.random(m) < 0.3)
    miles = np.where(far, rng.lognormal(np.log(45), 0.4, m), rng.lognormal(np.log(5), 0.7, m))
    u = rng.random(m)
    opened = np.where(u < 0.08, rng.integers(0, 7 * weeks, m), -rng.integers(60, 700, m))
    closes = (rng.random(m) < 0.07) & (opened < 0)
    closed = np.where(closes, rng.integers(1, 7 * weeks, m), 10_000)
    start_date = start + pd.to_timedelta(opened, unit="D")
    end_date = start + pd.to_timedelta(np.minimum(closed, 7 * weeks + 400), unit="D")
    return pd.DataFrame(
        {
            "case_id": [f"K{i + 1:05d}" for i in range(m)],
            "case_type": ctype,
            "worker_id": workers["worker_id"].to_numpy()[holder],
            "travel_miles": np.round(miles, 1),
            "n_professionals": rng.poisson(3.5, m) + 1,
            "n_children": rng.poisson(0.7, m) + 1,
            "in_proceedings": ctype == "PROCEEDINGS",
            "opened": start_date.strftime("%Y-%m-%d"),
            "closed": pd.Series(end_date.strftime("%Y-%m-%d")).where(closes, ""),
            "surname": rng.choice(SURNAMES, size=m),
            "holder": holder,
            "open_from": np.maximum(opened, -BEFORE),
            "open_to": np.minimum(closed - 1, 7 * weeks + AFTER - 1),
        }
    )
