"""The time guide read back from JSON (``guide.json``, schema in ``data_schema/guide.json``):
checked against its schema and turned into a :class:`~timestudy.guide.TimeGuide`'s fields.

The inverse of :mod:`timestudy.guide.serialise`: a suppressed estimate (``null``) reads as
NaN, a matrix cell left out as 0; the figures guide.json derives from the tables (the
cases per FTE, the should hours available) are kept as it gives them
(:mod:`timestudy.guide.per_fte`), so that the guide written again writes the same.

A guide read again in the same process (the same text) reuses what reading it computed: the
schema's verdict (:func:`read_guide_json`) and the fields with the counted tables as
:class:`~timestudy.guide.TimeGuide` publishes them (:func:`guide_fields`), each caller given
its own copy: the guide read is the same as one read afresh.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from timestudy.errors import ConfigError
from timestudy.guide.adjustments import Adjustments
from timestudy.guide.counts import PUBLISHED_BY, measured_counts, publish_table, published_by
from timestudy.guide.disclosure import Suppressed
from timestudy.guide.per_fte import agreeing_figures, read_figures
from timestudy.guide.serialise import CASE_ESTIMATES, TASK_ESTIMATES
from timestudy.guide.thresholds import noted_thresholds, read_at, threshold
from timestudy.schema import PUBLISHED

#: Measures of hours available that readers of a guide.json need (capacity, statements).
READ_MEASURES = ("available_case_hours_per_fte_week", "available_case_hours_per_fte_year",
                 "working_weeks_per_year")

#: The tables whose counts a guide publishes (``TimeGuide.__post_init__``'s).
COUNTED = ("tasks", "case_types", "category_shares")
#: The tables a guide keeps private state beside (``timestudy.guide.carried.PRIVATE_TABLES``).
MATRICES = ("task_case_hours", "task_case_direct")
#: The tables a guide read notes it was read with (``TimeGuide``'s ``NOTED_TABLES``): the
#: figures read back rest on ``available`` too (:mod:`timestudy.guide.per_fte`).
NOTED = (*COUNTED, *MATRICES, "available")
#: Guides read: fields by the text they were read from (:func:`guide_fields`), and the texts
#: found shaped like a guide (:func:`read_guide_json`); the oldest let go past ``KEEP``.
READ: dict[str, dict] = {}
CHECKED: dict[str, bool] = {}
KEEP = 16


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
    """The fields of a :class:`~timestudy.guide.timeguide.TimeGuide` from :func:`~timestudy.guide.serialise.guide_to_dict`
    output: ``TimeGuide(**guide_fields(raw))``.

    Parameters
    ----------
    raw : dict
        A guide as :func:`~timestudy.guide.serialise.guide_to_dict` writes it (``guide.json`` read).
    source : str
        Name of the source in messages.

    Returns
    -------
    dict
        Keyword arguments of :class:`~timestudy.guide.TimeGuide`, the counted tables
        published as it publishes them (noted in ``_tables``: not published again).

    Raises
    ------
    ConfigError
        When ``raw`` lacks a part of a guide.

    Examples
    --------
    >>> from timestudy import TimeGuide, simulate_study, run_study
    >>> from timestudy.guide.serialise import guide_to_dict
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> again = TimeGuide(**guide_fields(guide_to_dict(guide)))
    >>> again.case_types.index.equals(guide.case_types.index)
    True
    >>> fields = guide_fields(guide_to_dict(guide))  # read again: the same, its own copy
    >>> fields["tasks"].equals(again.tasks) and fields["tasks"] is not again.tasks
    True
    >>> guide_fields({"meta": {}}, source="old.json")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: old.json: lacks tasks, case_types, available_hours: ...
    """
    key = _text_key(raw)
    if key is not None and key in READ:
        return _handed(READ[key])
    fields = _published(_fields(raw, source))
    if key is not None:  # kept apart from ``raw`` and from what this caller is given
        _keep(READ, key, _handed(fields))
    return fields


def _text_key(raw) -> str | None:
    """A key equal for two guides exactly when their JSON text is (key order too: it orders
    the tables' columns); None for one that is not JSON (not kept)."""
    try:
        text = json.dumps(raw, allow_nan=False)
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def _keep(store: dict, key: str, value) -> None:
    store[key] = value
    while len(store) > KEEP:
        store.pop(next(iter(store)))


def _published(fields: dict) -> dict:
    """``fields`` with the counted tables as ``TimeGuide.__post_init__`` publishes them
    (:func:`~timestudy.guide.counts.publish_table`) and the counts measured it keeps beside
    them (:func:`~timestudy.guide.counts.measured_counts`: those given that the
    publication withholds, as in a file written by hand), noted as published in
    ``_tables``: the guide does not publish them again."""
    guide = SimpleNamespace(meta=fields["meta"], suppressed=fields["suppressed"],
                            _read_at=fields["_read_at"])
    out, measured = dict(fields), {}
    for name in COUNTED:
        out[name] = publish_table(guide, name, fields[name])
        counts = measured_counts(guide, name, fields[name], None, out[name])
        if counts is not None:
            measured[name] = counts
    out["_measured_counts"] = measured or None
    out["_tables"] = {n: out[n] for n in NOTED} | {
        PUBLISHED_BY: (published_by(guide),)} | noted_thresholds(guide)
    return out


def _handed(fields: dict) -> dict:
    """A copy of ``fields`` of its own (no frame, dict or list shared with them), its
    ``_tables`` noting its own tables (and what they were published by, as noted)."""
    out = copy.deepcopy({k: v for k, v in fields.items() if k != "_tables"})
    out["_tables"] = {n: out[n] for n in NOTED} | {
        k: v for k, v in fields["_tables"].items() if k not in NOTED}
    return out


def _fields(raw: dict, source: str) -> dict:
    """:func:`guide_fields` computed afresh, its counted tables as read."""
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
    at = read_at(raw["meta"])  # a calibrated guide of before fix38c: its local figures' own
    meta = raw["meta"] if at == threshold(SimpleNamespace(meta=raw["meta"])) else (
        raw["meta"] | {"min_workers": at})  # threshold, said as the one it was published at
    return {"completeness": weeks, "sensitivity": pd.DataFrame(raw.get("sensitivity") or []),
            "meta": meta, "tasks": tasks, "case_types": cases, "multipliers": mult,
            "available": available, "category_shares": shares, "task_case_hours": tch,
            "task_case_direct": direct, "adjustments": adj,
            "suppressed": [Suppressed.from_dict(x) for x in raw.get("suppressed", [])],
            "_read_figures": agreeing_figures(read_figures(raw), cases, available),
            "_read_at": at}


def read_guide_json(path: str | Path) -> dict:
    """A guide.json as data, checked against ``data_schema/guide.json``.

    Raises
    ------
    ConfigError
        When the file cannot be read, is not JSON, or is not shaped like a guide.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        raw = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: not JSON, not UTF-8
        raise ConfigError(f"is not a readable guide.json ({exc}); write one with "
                          "`timestudy guide` or TimeGuide.to_json", source=str(path)) from None
    key = hashlib.blake2b(data, digest_size=20).hexdigest()
    if key not in CHECKED:  # the same text has the same shape: checked once
        check_guide_shape(raw, str(path))
        _keep(CHECKED, key, True)
    return raw


def check_guide_shape(raw, source: str) -> None:
    """Raise ConfigError naming the first problems unless ``raw`` matches the guide schema."""
    validator = _validator((PUBLISHED / "guide.json").read_text("utf-8"))
    if not validator.is_valid(raw):
        errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.path)))
        shown = "; ".join(f"{'/'.join(map(str, e.path)) or 'top level'}: "
                          f"{' '.join(e.message.split())[:100]}" for e in errors[:3])
        raise ConfigError(f"is not shaped like a guide.json ({len(errors)} problem(s), e.g. "
                          f"{shown}); write it again with `timestudy guide`", source=source)
    missing = sorted(set(READ_MEASURES) - set(raw["available_hours"].get("measures", {})))
    if missing:
        raise ConfigError(f"available_hours.measures lacks {', '.join(missing)}; write it "
                          "again with `timestudy guide`", source=source)


@functools.lru_cache(maxsize=2)
def _validator(schema_text: str):
    """The guide schema's validator, built once for its text."""
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(schema_text))
