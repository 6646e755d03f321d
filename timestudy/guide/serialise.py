"""The time guide as JSON (``guide.json``, schema in ``data_schema/guide.json``): writing it.

Every estimate is an object ``{estimate, ci_low, ci_high}``; a suppressed one is
``null`` and its row says why in ``suppressed``. Its counts are the published ones
(:mod:`timestudy.guide.counts`); reading it back is :mod:`timestudy.guide.deserialise`.
"""

from __future__ import annotations

import math

import pandas as pd

from timestudy._lib.rounding import JSON_DIGITS as ROUNDING_DIGITS
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.guide.counts import publish_table
from timestudy.guide.diary import published_warnings
from timestudy.guide.disclosure import ESTIMATES

TASK_ESTIMATES = ESTIMATES["tasks"]
CASE_ESTIMATES = ESTIMATES["case_types"]
#: Decimals of every figure guide.json writes: the one rounding's (the workbook and the
#: reports show the same values, :mod:`timestudy._lib.rounding`).
JSON_DIGITS = ROUNDING_DIGITS


def _num(value) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else round(v, JSON_DIGITS)


def _est(row: pd.Series, name: str) -> dict | None:
    e = _num(row.get(name))
    if e is None:
        return None
    return {"estimate": e, "ci_low": _num(row.get(f"{name}_ci_low")),
            "ci_high": _num(row.get(f"{name}_ci_high"))}


def _counts(row: pd.Series, workers: str = "n_workers") -> dict:
    """The worker count of a row of a published table (:func:`~timestudy.guide.counts.published_counts`) as
    guide.json writes it: the number, or null with its ``_words``."""
    out = {workers: _count(row.get(workers))}
    if out[workers] is None:
        words = row.get(f"{workers}_words")
        out[f"{workers}_words"] = words if isinstance(words, str) else "not shown"
    return out


def _count(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _task_item(key, row: pd.Series, why: dict) -> dict:
    """One task type of the guide as JSON-ready data, its counts as published
    (:func:`~timestudy.guide.counts.published_counts`)."""
    item = {"task_type": str(key), "category": str(row["category"])}
    item |= {n: _est(row, n) for n in TASK_ESTIMATES}
    item |= {"full_hours_should": _num(row.get("full_hours_should")),
             "uplift": _num(row.get("uplift")),
             "hours_per_fte_week": _num(row.get("hours_per_fte_week"))}
    item |= _counts(row)
    item["n_pieces"] = _count(row.get("n_pieces"))
    if "n_censored" in row:
        item["n_censored"] = _count(row["n_censored"])
    if "edges_allowed_for" in row and pd.notna(row["edges_allowed_for"]):
        item["edges_allowed_for"] = bool(row["edges_allowed_for"])
    if "estimates_disagree" in row:
        flag = row["estimates_disagree"]
        item["estimates_disagree"] = None if pd.isna(flag) else bool(flag)
    if "non_case_hours_per_fte_week" in row:
        item["non_case_hours_per_fte_week"] = _num(row["non_case_hours_per_fte_week"])
    if "n_workers_primary" in row and (pd.notna(row["n_workers_primary"]) or isinstance(
            row.get("n_workers_primary_words"), str)):
        item |= _counts(row, workers="n_workers_primary")
    item["suppressed"] = why.get(str(key))
    return item


def guide_to_dict(guide) -> dict:
    """JSON-ready dictionary of a :class:`~timestudy.guide.TimeGuide`.

    Parameters
    ----------
    guide : TimeGuide

    Returns
    -------
    dict
        ``meta``, ``tasks``, ``case_types``, ``multipliers``, ``available_hours``,
        ``category_shares``, the task x case type matrices, ``adjustments`` and
        ``suppressed``: what ``guide.json`` holds (suppressed figures are None).

    Examples
    --------
    >>> import json
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> d = guide_to_dict(guide)
    >>> d["meta"]["n_workers"], d["suppressed"][0]["reason"].startswith("fewer than")
    (8, True)
    >>> json.loads(json.dumps(d)) == d  # plain JSON types only
    True
    """
    why_t = {s.key: s.reason for s in guide.suppressed if s.table == "tasks"}
    why_c = {s.key: s.reason for s in guide.suppressed if s.table == "case_types"}
    tasks_p, cases_p, shares_p = (publish_table(guide, t) for t in
                                  ("tasks", "case_types", "category_shares"))
    tasks = [_task_item(key, row, why_t) for key, row in tasks_p.iterrows()]
    cases = []
    for key, row in cases_p.iterrows():
        item = {"case_type": str(key)} | {n: _est(row, n) for n in CASE_ESTIMATES}
        item |= {"hours_per_case_month_should": _num(row.get("hours_per_case_month_should")),
                 "uplift": _num(row.get("uplift")), "case_months": _num(row.get("case_months")),
                 **_counts(row), "n_cases": _count(row.get("n_cases")),
                 "suppressed": why_c.get(str(key))}
        cases.append(item)
    mult = [{"term": str(k), "multiplier": _est(r.rename({"ci_low": "multiplier_ci_low",
                                                          "ci_high": "multiplier_ci_high"}),
                                                   "multiplier"),
             "p_value": _num(r.get("p_value"))} for k, r in guide.multipliers.iterrows()]
    av = guide.available
    available = {
        "per_fte_week": _est(av.loc["available_case_hours_per_fte_week"].rename(
            {"estimate": "x", "ci_low": "x_ci_low", "ci_high": "x_ci_high"}), "x"),
        "per_fte_year": _est(av.loc["available_case_hours_per_fte_year"].rename(
            {"estimate": "x", "ci_low": "x_ci_low", "ci_high": "x_ci_high"}), "x"),
        "measures": {str(k): _est(r.rename({"estimate": "x", "ci_low": "x_ci_low",
                                            "ci_high": "x_ci_high"}), "x")
                     for k, r in _with_should(guide).iterrows()},
        "assumptions": guide.meta.get("available_assumptions"),
    }
    shares = [{"category": str(c), "share": _est(r, "share"), **_counts(r)}
              for c, r in shares_p.iterrows()]
    return {
        "meta": guide.meta | ({"warnings": published_warnings(guide.meta)}
                              if "warnings" in guide.meta else {}),
        "tasks": tasks,
        "case_types": cases,
        "multipliers": mult,
        "available_hours": available,
        "category_shares": shares,
        "max_cases_per_fte": _max_cases(guide),
        "task_case_hours": _matrix_to_dict(guide.task_case_hours),
        "task_case_direct_hours": _matrix_to_dict(guide.task_case_direct),
        "adjustments": guide.adjustments.to_dict() if guide.adjustments else None,
        "completeness": _records(guide.completeness.reset_index(), {"week_start": _date}),
        "sensitivity": _records(guide.sensitivity, {}),
        "suppressed": [s.to_dict() for s in guide.suppressed],
    }


def _with_should(guide) -> pd.DataFrame:
    """The guide's hours available with their should rows (``<measure>_should``, derived:
    written for readers of guide.json) when uplifts on non-case work apply: the guide's
    :meth:`~timestudy.guide.TimeGuide.available_hours`, which a guide read back gives as
    guide.json gave them (:mod:`timestudy.guide.per_fte`; computed again from the rounded
    figures, 1269.649998 h a year came back 1269.649987)."""
    av = guide.available
    if NON_CASE_UPLIFT not in av.index:
        return av
    return pd.concat([av, guide.available_hours().rename(index=lambda k: f"{k}_should")])


def _date(value) -> str:
    return str(pd.Timestamp(value).date())


def _records(frame: pd.DataFrame, convert: dict) -> list[dict]:
    """Rows as JSON-ready dicts: numbers rounded, missing values null, dates as text."""
    out = []
    for row in frame.to_dict("records"):
        item = {}
        for k, v in row.items():
            if k in convert:
                item[str(k)] = convert[k](v)
            elif isinstance(v, str):
                item[str(k)] = v
            else:
                item[str(k)] = _num(v)
        out.append(item)
    return out


def _matrix_to_dict(frame: pd.DataFrame) -> dict:
    """Case type -> task type -> hours: zero cells left out, suppressed cells ``null``,
    a row suppressed whole ``null``."""
    out = {}
    for k, row in frame.iterrows():
        if len(row) and row.isna().all():
            out[str(k)] = None
            continue
        out[str(k)] = {str(t): _num(v) for t, v in row.items() if pd.isna(v) or _num(v) != 0}
    return out


def _max_cases(guide) -> dict | None:
    """:meth:`TimeGuide.max_cases_per_fte` rounded as every figure (None when not shown)."""
    try:
        m = guide.max_cases_per_fte()
    except (KeyError, ValueError):  # a guide read back without what it needs
        return None
    if not m:
        return None
    return {"by_case_type": {k: _num(v) for k, v in m["by_case_type"].items()},
            "case_months_mix": _num(m["case_months_mix"])}
