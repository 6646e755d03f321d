"""The time guide as JSON (``guide.json``, schema in ``data_schema/guide.json``) and back.

Every estimate is an object ``{estimate, ci_low, ci_high}``; a suppressed one is
``null`` and its row says why in ``suppressed``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.disclose import count_cell, pieces_count, pieces_counts, published_count
from timestudy._lib.rounding import JSON_DIGITS as ROUNDING_DIGITS
from timestudy.errors import ConfigError
from timestudy.guide.adjustments import NON_CASE_UPLIFT, Adjustments, should_available
from timestudy.guide.diary import published_warnings
from timestudy.guide.disclosure import ESTIMATES, Suppressed
from timestudy.schema import PUBLISHED

TASK_ESTIMATES = ESTIMATES["tasks"]
CASE_ESTIMATES = ESTIMATES["case_types"]
#: Measures of hours available that readers of a guide.json need (capacity, statements).
READ_MEASURES = ("available_case_hours_per_fte_week", "available_case_hours_per_fte_year",
                 "working_weeks_per_year")


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


def _workers_published(n: pd.Series, words: pd.Series | None, total: int, k: int
                       ) -> tuple[pd.Series, pd.Series]:
    """A column of worker counts as published (the README's count rule): a number only
    where :func:`published_count` gives one, else NaN with its words (:func:`count_cell`).
    A count already withheld (NaN) keeps its words: the rule applied twice changes
    nothing."""
    old = words if words is not None else pd.Series(None, index=n.index, dtype=object)
    num = pd.to_numeric(n, errors="coerce")
    shown = [published_count(v, total, k) for v in num]
    said = [None if s is not None else (w if pd.isna(v) and isinstance(w, str)
                                        else count_cell(v, total, k))
            for v, s, w in zip(num, shown, old, strict=True)]
    return (pd.Series(shown, index=n.index, dtype=float),
            pd.Series(said, index=n.index, dtype=object))


def resting_on(n: pd.Series, words: pd.Series | None) -> pd.Series:
    """The workers a count of pieces rests on: the count, or where it is withheld the least
    its words allow (:func:`_band_counts`: "at least 5 of 8" 5, "fewer than 5 of 8" 1),
    which falls on the same side of ``min_workers``."""
    num = pd.to_numeric(n, errors="coerce")
    if words is None:
        return num
    return num.fillna(_band_counts(pd.DataFrame({"n": num, "n_words": words}), "n")["n"])


def published_counts(table: pd.DataFrame, total: int, k: int, own=(),
                     cases_total: bool = True) -> pd.DataFrame:
    """A guide table with its counts as guide.json publishes them: the one count rule of
    the guide's tables, its JSON, its display and its Markdown.

    Workers (``n_workers``, ``n_workers_primary``) are a number only where
    :func:`~timestudy._lib.disclose.published_count` gives one, else NaN beside their words
    (``n_workers_words``: "fewer than 5 of 10"); pieces (``n_pieces``, ``n_censored``) are
    NaN where the workers they rest on are fewer than ``k``
    (:func:`~timestudy._lib.disclose.pieces_count`: a task of ``own``, its time per piece
    withheld for its pieces of their own, over ``n_workers_primary``); cases (``n_cases``)
    by :func:`~timestudy._lib.disclose.pieces_counts` (``cases_total``: their total is
    published). Applied to a table already published it changes nothing.

    Parameters
    ----------
    table : DataFrame
        ``tasks``, ``case_types`` or ``category_shares`` of a guide (the columns it lacks are
        left out).
    total : int
        The guide's workers (``meta.n_workers``).
    k : int
        The disclosure threshold (``meta.min_workers``).
    own : collection of str
        The tasks whose pieces count over ``n_workers_primary``.
    cases_total : bool
        Whether the study's cases (``meta.n_cases``) are published.

    Returns
    -------
    DataFrame
        A copy with the counts as published.

    Examples
    --------
    The audit's assessment write-up (1 worker, 1 piece) beside a visit of 10 workers:

    >>> t = pd.DataFrame({"n_workers": [1, 10], "n_pieces": [1, 144], "n_censored": [1, 0],
    ...                   "n_workers_primary": [1, 10]}, index=["writeup", "visit"])
    >>> p = published_counts(t, 10, 5)
    >>> p.loc["writeup"].isna().tolist(), p.loc["writeup", "n_workers_words"]
    ([True, True, True, True, False, False], 'fewer than 5 of 10')
    >>> p.loc["visit", ["n_workers", "n_pieces"]].tolist()
    [10.0, 144.0]
    >>> published_counts(p, 10, 5).equals(p)
    True
    """
    out = table.copy()
    rest = {}
    for col in ("n_workers", "n_workers_primary"):
        if col in out:
            words = out.get(f"{col}_words")
            rest[col] = resting_on(out[col], words)
            out[col], said = _workers_published(out[col], words, total, k)
            if said.notna().any() or f"{col}_words" in out:
                out[f"{col}_words"] = said
    if "n_cases" in out and "n_workers" in rest:
        out["n_cases"] = pieces_counts(pd.to_numeric(out["n_cases"], errors="coerce"),
                                       rest["n_workers"], k, cases_total)
    by = rest.get("n_workers")
    if by is not None and "n_workers_primary" in rest:
        by = by.where(~out.index.isin(list(own)), rest["n_workers_primary"])
    for col in ("n_pieces", "n_censored"):
        if col in out and by is not None:
            out[col] = pd.Series([pieces_count(p, b, k) for p, b in zip(
                pd.to_numeric(out[col], errors="coerce"), by, strict=True)],
                index=out.index, dtype=float)
    for col in ("n_workers", "n_workers_primary", "n_cases", "n_pieces", "n_censored"):
        if col in out and out[col].notna().all() and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(int)  # none withheld: counts stay whole numbers
    return out


def _counts(row: pd.Series, workers: str = "n_workers") -> dict:
    """The worker count of a row of a published table (:func:`published_counts`) as
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
    (:func:`published_counts`)."""
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
                     for k, r in _with_should(av).iterrows()},
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


def publish_table(guide, name: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The guide's table ``name`` (``tasks``, ``case_types``, ``category_shares``) with its
    counts as published (:func:`published_counts`, by the guide's ``meta`` and records);
    the table as it is when ``meta`` lacks ``n_workers`` (a guide made by hand). ``table``
    in place of the guide's own, published by the same rule."""
    table = getattr(guide, name) if table is None else table
    if "n_workers" not in guide.meta or not len(table):
        return table
    own = frozenset(s.key for s in guide.suppressed if s.table == "tasks.direct_minutes")
    return published_counts(table, int(guide.meta["n_workers"]),
                            int(guide.meta.get("min_workers", 5)), own,
                            guide.meta.get("n_cases") is not None)


#: The counts a guide's tables may hold (:func:`published_counts`, :func:`measured_counts`).
COUNT_COLUMNS = ("n_workers", "n_workers_primary", "n_pieces", "n_censored", "n_cases")


def measured_counts(guide, name: str, table: pd.DataFrame, carried: pd.DataFrame | None
                    ) -> pd.DataFrame | None:
    """The counts measured of the guide's table ``name`` given as ``table``: the one rule
    that keeps them beside the table they were measured for.

    A row's counts as measured are those ``carried`` from the guide it was made from
    (``dataclasses.replace``, :func:`~timestudy.guide.with_adjustments`, a calibration)
    where publishing them gives the row's published counts (the same row, its counts
    untouched), else the row's own counts as given: measured where they are numbers (a
    table built from a study, or one with other counts put in), NaN where it was given them
    withheld (not known: no measure of them is at hand).

    Parameters
    ----------
    guide : TimeGuide
        The guide being made (its ``meta`` and records publish the counts).
    name : str
        ``tasks``, ``case_types`` or ``category_shares``.
    table : DataFrame
        The table as given.
    carried : DataFrame or None
        The counts measured that came with it (``_measured_counts``).

    Returns
    -------
    DataFrame or None
        The counts as measured, by the table's rows; None when they are the published
        ones (none withheld, or none known).

    Examples
    --------
    A write-up of 1 worker among 10 (published "fewer than 5 of 10"): its measured counts
    carried beside its published row, not beside a row measured again at 6 workers:

    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"n_workers": 10, "min_workers": 5}, suppressed=[])
    >>> t = pd.DataFrame({"n_workers": [10, 1]}, index=["visit", "writeup"])
    >>> measured_counts(g, "tasks", t, None)["n_workers"].tolist()
    [10, 1]
    >>> shown = publish_table(g, "tasks", t)
    >>> measured_counts(g, "tasks", shown, t)["n_workers"].tolist()
    [10, 1]
    >>> again = publish_table(g, "tasks", t.assign(n_workers=[10, 6]))  # "at least 6 of 10"
    >>> measured_counts(g, "tasks", again, t)  # 6 is not known: the published row alone
    """
    cols = [c for c in COUNT_COLUMNS if c in table]
    if not cols or "n_workers" not in guide.meta:
        return None
    shown = publish_table(guide, name, table)
    given = table[cols].apply(pd.to_numeric, errors="coerce")
    out = given
    if carried is not None:
        words = [f"{c}_words" for c in cols if f"{c}_words" in table]
        mine = carried.reindex(index=table.index, columns=cols)
        known = mine.notna().any(axis=1)
        again = publish_table(guide, name, table.drop(columns=words).assign(
            **{c: mine[c].where(known, given[c]) for c in cols}))
        same = _same_rows(again, shown, cols + [f"{c}_words" for c in cols])
        keep = (same & known).to_numpy()
        out = mine.where(np.broadcast_to(keep[:, None], mine.shape), given)
    if _same_rows(out, shown, cols).all():
        return None
    return out


def _same_rows(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> pd.Series:
    """By row, whether ``a`` and ``b`` hold the same counts and words in ``cols`` (NaN,
    None and a column missing alike)."""
    num = [c for c in cols if not c.endswith("_words")]
    x, y = (f.reindex(columns=num).apply(pd.to_numeric, errors="coerce") for f in (a, b))
    same = ((x == y) | (x.isna() & y.isna())).all(axis=1)
    text = [c for c in cols if c.endswith("_words")]
    if text:
        u, v = (f.reindex(columns=text).astype(object).where(f.reindex(columns=text).notna(),
                                                               "") for f in (a, b))
        same &= (u == v).all(axis=1)
    return same


def _with_should(av: pd.DataFrame) -> pd.DataFrame:
    """The hours available with their should rows (``<measure>_should``, derived: written
    for readers of guide.json, read back from ``non_case_uplift_hours_per_fte_week``) when
    uplifts on non-case work apply."""
    if NON_CASE_UPLIFT not in av.index:
        return av
    return pd.concat([av, should_available(av).rename(index=lambda k: f"{k}_should")])


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


def _matrix_from_dict(raw: dict, tasks: pd.Index) -> pd.DataFrame:
    """Inverse of :func:`_matrix_to_dict`: absent cells are 0, ``null`` ones NaN."""
    seen = {str(t) for row in raw.values() if row for t in row}
    columns = list(map(str, tasks)) + sorted(seen - set(map(str, tasks)))
    data = {str(k): [math.nan] * len(columns) if row is None else
            [math.nan if row.get(t, 0.0) is None else float(row.get(t, 0.0)) for t in columns]
            for k, row in raw.items()}
    frame = pd.DataFrame.from_dict(data, orient="index", columns=columns, dtype=float)
    frame.index.name, frame.columns.name = "case_type", "task_type"
    return frame


def _flatten(items: list[dict], key: str, estimates: tuple[str, ...]) -> pd.DataFrame:
    if not items:  # e.g. no multipliers: the complexity model could not be fitted
        columns = [c for n in estimates for c in (n, f"{n}_ci_low", f"{n}_ci_high")]
        return pd.DataFrame(columns=columns, index=pd.Index([], name=key), dtype=float)
    rows = []
    for item in items:
        row = {k: v for k, v in item.items() if k not in estimates and k != "suppressed"}
        for name in estimates:
            e = item.get(name) or {}
            row[name] = e.get("estimate")
            row[f"{name}_ci_low"] = e.get("ci_low")
            row[f"{name}_ci_high"] = e.get("ci_high")
        rows.append(row)
    frame = pd.DataFrame(rows).set_index(key)
    first = [c for c in ("category", "n_cases", "n_workers", "case_months") if c in frame]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    num = [c for c in frame.columns if c != "category" and not c.endswith("_words")]
    frame[num] = frame[num].apply(pd.to_numeric, errors="coerce")
    return frame


def guide_fields(raw: dict, source: str = "guide.json") -> dict:
    """The fields of a :class:`~timestudy.guide.timeguide.TimeGuide` from :func:`guide_to_dict`
    output: ``TimeGuide(**guide_fields(raw))``.

    Parameters
    ----------
    raw : dict
        A guide as :func:`guide_to_dict` writes it (``guide.json`` read).
    source : str
        Name of the source in messages.

    Returns
    -------
    dict
        Keyword arguments of :class:`~timestudy.guide.TimeGuide`.

    Raises
    ------
    ConfigError
        When ``raw`` lacks a part of a guide.

    Examples
    --------
    >>> from timestudy import TimeGuide, simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> again = TimeGuide(**guide_fields(guide_to_dict(guide)))
    >>> again.case_types.index.equals(guide.case_types.index)
    True
    >>> guide_fields({"meta": {}}, source="old.json")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: old.json: lacks tasks, case_types, available_hours: ...
    """
    missing = [k for k in ("meta", "tasks", "case_types", "available_hours") if k not in raw]
    if missing:
        raise ConfigError(f"lacks {', '.join(missing)}: is this a guide.json written by "
                          "timestudy?", source=source)
    tasks = _flatten(raw["tasks"], "task_type", TASK_ESTIMATES)
    if "n_pieces" not in tasks and "n_instances" in tasks:  # written before pieces of work
        tasks = tasks.rename(columns={"n_instances": "n_pieces"})
    cases = _flatten(raw["case_types"], "case_type", CASE_ESTIMATES)
    mult = _flatten(raw.get("multipliers") or [], "term", ("multiplier",)).rename(
        columns={"multiplier_ci_low": "ci_low", "multiplier_ci_high": "ci_high"})
    if "p_value" not in mult:
        mult["p_value"] = pd.Series(dtype=float)
    measures = raw["available_hours"].get("measures", {})
    available = pd.DataFrame(
        {k: (v or {}) for k, v in measures.items()}).T.reindex(
        columns=["estimate", "ci_low", "ci_high"]).astype(float)
    available = available.loc[~available.index.str.endswith("_should")]  # derived
    available.index.name = "measure"
    shares = _flatten(raw.get("category_shares") or [], "category", ("share",))
    tch = _matrix_from_dict(raw.get("task_case_hours") or {}, tasks.index)
    direct = _matrix_from_dict(raw.get("task_case_direct_hours") or {}, tasks.index)
    adj = Adjustments.from_dict(raw["adjustments"]) if raw.get("adjustments") else None
    weeks = pd.DataFrame(raw.get("completeness") or [])
    if len(weeks):
        weeks = weeks.assign(week_start=pd.to_datetime(weeks["week_start"])).set_index(
            "week_start")
    return {"completeness": weeks, "sensitivity": pd.DataFrame(raw.get("sensitivity") or []),
            "meta": raw["meta"], "tasks": tasks, "case_types": cases, "multipliers": mult,
            "available": available, "category_shares": shares, "task_case_hours": tch,
            "task_case_direct": direct, "adjustments": adj,
            "suppressed": [Suppressed.from_dict(x) for x in raw.get("suppressed", [])]}


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


def _band_counts(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """A count read back from its words where guide.json gives them in place of a number:
    the band's lowest count ("fewer than 5 of 8" 1, "at least 5 of 8" 5, "not shown" 0), which
    falls on the same side of ``min_workers`` and gives the same words written again.

    Examples
    --------
    >>> f = pd.DataFrame({"n_workers": [None, None, 8.0], "n_workers_words": [
    ...     "fewer than 5 of 8", "at least 5 of 8", None]})
    >>> _band_counts(f, "n_workers")["n_workers"].tolist()
    [1, 5, 8]
    """
    words = f"{col}_words"
    if words not in frame:
        return frame
    text = frame[words].astype("string")
    low = pd.to_numeric(text.str.extract(r"at least ([\d,]+)")[0].str.replace(",", ""),
                        errors="coerce")
    low = low.fillna(text.str.match(r"fewer than|1 to").fillna(False).astype(int))
    out = frame.drop(columns=words)
    out[col] = pd.to_numeric(out[col], errors="coerce").fillna(low).fillna(0).astype(int)
    return out


def read_guide_json(path: str | Path) -> dict:
    """A guide.json as data, checked against ``data_schema/guide.json``.

    Raises
    ------
    ConfigError
        When the file cannot be read, is not JSON, or is not shaped like a guide.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: not JSON, not UTF-8
        raise ConfigError(f"is not a readable guide.json ({exc}); write one with "
                          "`timestudy guide` or TimeGuide.to_json", source=str(path)) from None
    check_guide_shape(raw, str(path))
    return raw


def check_guide_shape(raw, source: str) -> None:
    """Raise ConfigError naming the first problems unless ``raw`` matches the guide schema."""
    import jsonschema

    schema = json.loads((PUBLISHED / "guide.json").read_text("utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(raw),
                    key=lambda e: list(map(str, e.path)))
    if errors:
        shown = "; ".join(f"{'/'.join(map(str, e.path)) or 'top level'}: "
                          f"{' '.join(e.message.split())[:100]}" for e in errors[:3])
        raise ConfigError(f"is not shaped like a guide.json ({len(errors)} problem(s), e.g. "
                          f"{shown}); write it again with `timestudy guide`", source=source)
    missing = sorted(set(READ_MEASURES) - set(raw["available_hours"].get("measures", {})))
    if missing:
        raise ConfigError(f"available_hours.measures lacks {', '.join(missing)}; write it "
                          "again with `timestudy guide`", source=source)
