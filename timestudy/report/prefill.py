"""The rows the capacity calculator starts with (:mod:`timestudy.report.calculator`):
by role when published, by worker only for internal use, and the cases no listed worker
holds; and each role's share as the Assumptions sheet finds it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.capacity.holders import co_held
from timestudy.capacity.need import check_fte, not_listed
from timestudy.guide import TimeGuide
from timestudy.report.labels import humanise
from timestudy.schema.roles import role_key

EXAMPLE_CASES = 16  # about the England average per case-holding FTE (DfE census 2016-2020)


def prefill(guide: TimeGuide, caseload, workers, roles: dict, *,
            per_worker: bool = False) -> list[dict]:
    """The rows the calculator starts with, from the study's workers and open caseload.

    Published (``per_worker=False``), no row is one person: a row per role held by
    at least ``min_workers`` workers (the guide's), the other roles pooled in one
    row when they are that many too, else every worker in one row; with fewer
    workers in all, one example row (about 16 cases in the study's mix). Internal
    (``per_worker=True``, never published), a row per worker named by worker id.
    Either way a last row holds the cases no worker of the workers table holds
    (no FTE: they count in the hours and staff needed, in no load), as the
    headline counts them. A co-worked case counts as the headline counts it: 1/k of it
    on each of its k holders' rows (:func:`timestudy.capacity.holders.co_held`), a
    co-worker not in the workers table's share in the last row. Without a caseload or
    workers: the example row.
    """
    check_fte(workers)  # a blank FTE is refused, as in the loads and the headline
    types = [str(k) for k in guide.case_types.index]
    k = int(guide.meta.get("min_workers", 5))
    if workers is None or caseload is None or "worker_id" not in caseload or (
            not per_worker and workers["worker_id"].nunique() < k):
        mix = guide.case_types["case_months"].astype(float)
        example = ((mix / mix.sum() * EXAMPLE_CASES).round().fillna(0) if mix.sum() > 0
                   else mix * 0)
        return [{"label": "Example", "role": "", "fte": 1.0,
                 "counts": {t: float(example.get(t, 0)) for t in types}}]
    each = co_held(caseload, hours=None, share="_share")  # a co-worked case: 1/k on each
    listed = ~each["worker_id"].isna().to_numpy() & ~not_listed(each, workers)
    counts = (each.loc[listed].assign(case_type=lambda c: c["case_type"].astype(str))
              .groupby(["worker_id", "case_type"])["_share"].sum().unstack(fill_value=0)
              .reindex(columns=types, fill_value=0))
    w = workers.sort_values("worker_id").drop_duplicates("worker_id")
    # as objects: a column with no role given is mapped to numbers otherwise ("" then fails)
    given = (w["role"].astype(object) if "role" in w
             else pd.Series(None, index=w.index, dtype=object))
    role = (given.map({r: humanise(r) for r in given.dropna().unique()}).astype(object)
            .fillna("").astype(str))
    held = counts.reindex(w["worker_id"], fill_value=0).to_numpy(float)
    if per_worker:
        rows = [{"label": str(i), "role": r, "fte": float(f),
                 "counts": dict(zip(types, c, strict=True))}
                for i, r, f, c in zip(w["worker_id"], role, w["fte"], held, strict=True)]
    else:
        rows = _by_role(w, role, held, types, role_shares(roles), k)
    rest = each.loc[~listed].groupby(each.loc[~listed, "case_type"].astype(str))["_share"].sum()
    if len(rest):
        rows.append({"label": "Cases no listed worker holds", "role": "", "fte": None,
                     "counts": {t: float(rest.get(t, 0)) for t in types}})
    return rows


def _by_role(w, role: pd.Series, held, types: list[str], found: dict, k: int) -> list[dict]:
    """A row per role of at least ``k`` workers; the rest pooled (k or more), else one row.

    A pooled row mixes roles, so its FTE is the case-holding FTE (FTE x each
    worker's role share) and its role is blank."""
    fte = w["fte"].astype(float).to_numpy()  # never blank: prefill refuses it (check_fte)
    size = role.map(role.value_counts()).to_numpy()
    small = size < k
    if 0 < small.sum() < k:
        small[:] = True  # too few to pool apart: one row of every worker
    groups = [(f"{r or 'No role given'} ({int(n)} workers)", r, ~small & (role.to_numpy() == r))
              for r, n in role[~small].value_counts().sort_index().items()]
    if small.any():
        label = "All workers" if small.all() else "Other roles"
        groups.append((f"{label} ({int(small.sum())} workers; FTE as case-holding FTE)", "",
                       small))
    share = np.array([role_share(r, found) for r in role])
    return [{"label": label, "role": r,
             "fte": float(np.nansum(fte[m] * (share[m] if not r else 1.0))),
             "counts": dict(zip(types, held[m].sum(axis=0), strict=True))}
            for label, r, m in groups]


def role_shares(roles: dict) -> dict[str, float]:
    """Each role's share by its :func:`~timestudy.schema.roles.role_key` (case, spaces and
    underscores ignored, as the capacity model and the calculator's formula match roles)."""
    return {role_key(k): float(v) for k, v in roles.items()}


def role_share(role: str, found: dict[str, float]) -> float:
    """The role's share as the calculator's formula finds it on the Assumptions sheet (where
    roles are written as words: "ASYE", "Team manager"), by
    :func:`~timestudy.schema.roles.role_key`; 1 when not listed or blank.
    ``found`` is :func:`role_shares` of the roles.

    Examples
    --------
    >>> found = role_shares({"asye": 0.9, "Team manager": 0.2})
    >>> role_share("ASYE", found), role_share("team_manager", found), role_share("", found)
    (0.9, 0.2, 1.0)
    >>> role_share("social_worker", found)
    1.0
    """
    key = role_key(role) if role else ""
    return found.get(key, 1.0) if key else 1.0
