"""Simulated workers and cases: who holds what, and the attributes that drive time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.simulate import params as P


def make_workers(rng: np.random.Generator, n_workers: int) -> pd.DataFrame:
    """Draw workers with FTE, contracted hours, role, team and hidden working habits.

    Returns the canonical ``workers`` columns plus hidden columns starting with an
    underscore (``_speed``, ``_days``, ``_start_min``, ``_end_min``) that the
    scheduler uses and the published table drops.
    """
    ids = [f"W{i:03d}" if n_workers < 1000 else f"W{i:05d}" for i in range(1, n_workers + 1)]
    part_time = rng.random(n_workers) < 0.3
    fte = np.where(part_time, rng.choice([0.5, 0.6, 0.8, 0.9], n_workers), 1.0)
    roles = rng.choice(list(P.ROLES), n_workers, p=list(P.ROLES.values()))
    teams = rng.choice(P.TEAMS, n_workers)
    n_days = np.clip(np.round(5 * fte + 0.01), 2, 5).astype(int)
    # Which weekdays a part-time worker works: a random subset, fixed for the study.
    days = [
        tuple(sorted(rng.choice(5, size=k, replace=False).tolist())) if k < 5 else (0, 1, 2, 3, 4)
        for k in n_days
    ]
    return pd.DataFrame(
        {
            "worker_id": ids,
            "fte": fte,
            "contracted_hours": np.round(P.CONTRACT_HOURS_FULL_TIME * fte, 2),
            "role": roles,
            "team": teams,
            "_speed": np.exp(rng.normal(0.0, P.SPEED_SD, n_workers)),
            "_days": days,
            "_start_min": 8 * 60 + 30 + rng.normal(0, 15, n_workers),
            "_end_min": 17 * 60 + 40 + rng.normal(0, 20, n_workers),
        }
    )


def make_cases(
    rng: np.random.Generator, workers: pd.DataFrame, period_start: pd.Timestamp, n_days: int,
    lead_days: int = 0,
) -> pd.DataFrame:
    """Allocate cases to workers, about 18 per FTE, fewer for ASYE workers.

    Most cases were opened long before the diary; new ones open at a steady rate
    (``NEW_CASES_PER_WEEK``) from ``lead_days`` before the diary to its last day,
    and a few close during the diary.

    Returns the canonical ``cases`` columns plus hidden ``_surname``, ``_place`` and
    ``_school`` used to write the free text.
    """
    role_factor = workers["role"].map(P.ROLE_CASELOAD).to_numpy()
    mean_cases = P.CASES_PER_FTE * workers["fte"].to_numpy() * role_factor
    n_cases = np.maximum(3, np.round(mean_cases + rng.normal(0, 1.5, len(workers)))).astype(int)
    owner = np.repeat(workers["worker_id"].to_numpy(), n_cases)
    owner_role = np.repeat(workers["role"].to_numpy(), n_cases)
    n = len(owner)
    case_type = rng.choice(P.CASE_TYPES, n, p=[P.CASE_MIX[k] for k in P.CASE_TYPES])
    # ASYE workers hold a protected caseload: no care proceedings.
    case_type = np.where((owner_role == "asye") & (case_type == "PROCEEDINGS"), "CIN", case_type)
    is_cla = case_type == "CLA"
    miles = np.where(
        is_cla, rng.lognormal(np.log(18), 0.9, n), rng.lognormal(np.log(4), 0.6, n)
    ).clip(0.3, 250)
    prof_mean = pd.Series(case_type).map({"CIN": 3, "CP": 5, "CLA": 4, "PROCEEDINGS": 6})
    prof_base = pd.Series(case_type).map({"CIN": 1, "CP": 2, "CLA": 2, "PROCEEDINGS": 3})
    n_prof = rng.poisson(prof_mean.to_numpy()) + prof_base.to_numpy()
    n_children = 1 + rng.poisson(np.where(is_cla, 0.25, 0.7), n)
    in_proc = (case_type == "PROCEEDINGS") | (is_cla & (rng.random(n) < 0.25))
    # Most cases were opened before the diary; some open or close during it.
    days_before = rng.integers(20, 540, n)
    opened = period_start - pd.to_timedelta(days_before, unit="D")
    new = rng.random(n) < P.NEW_CASES_PER_WEEK * (lead_days + n_days) / 7
    new_offset = rng.integers(-lead_days, max(1, n_days), n)
    opened = opened.where(~new, period_start + pd.to_timedelta(new_offset, unit="D"))
    closing = (~new) & (rng.random(n) < 0.05)
    close_offset = rng.integers(5, max(6, n_days), n)
    closed = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    closed[closing] = period_start + pd.to_timedelta(close_offset[closing], unit="D")
    width = 5 if n < 100_000 else 7
    return pd.DataFrame(
        {
            "case_id": [f"C{i:0{width}d}" for i in range(1, n + 1)],
            "case_type": case_type,
            "worker_id": owner,
            "travel_miles": np.round(miles, 1),
            "n_professionals": n_prof.astype(int),
            "n_children": n_children.astype(int),
            "in_proceedings": in_proc,
            "opened": pd.DatetimeIndex(opened).normalize(),
            "closed": pd.DatetimeIndex(closed).normalize(),
            "_surname": rng.choice(P.SURNAMES, n),
            "_place": rng.choice(P.PLACES, n),
            "_school": rng.choice(P.SCHOOLS, n),
        }
    )
