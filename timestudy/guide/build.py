"""The time guide: what a study found, with provenance, ready to publish.

:func:`build_guide` turns fitted :class:`~timestudy.models.StudyModels` into a
:class:`TimeGuide`: time per task, hours per case-month by case type with
relative weights and complexity multipliers, hours available per FTE, the
share of time by category, and "is versus should" uplifts with their source.
Figures from fewer than ``min_workers`` workers are suppressed, and the guide
holds no free text and no identifiers, so it can be published as it is.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from timestudy import __version__
from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError, EstimationWarning, TimestudyWarning
from timestudy.models import StudyModels, estimate_case_weights
from timestudy.schema import PUBLISHED
from timestudy.stats.bootstrap import cluster_interval, ratio_draws, worker_draws

#: Measures of hours available that readers of a guide.json need (capacity, statements).
READ_MEASURES = ("available_case_hours_per_fte_week", "available_case_hours_per_fte_year",
                 "working_weeks_per_year")
ESTIMATES = {  # guide table -> columns that are {estimate, ci_low, ci_high} objects
    "tasks": ("direct_minutes", "full_hours", "full_hours_regression"),
    "case_types": ("hours_per_case_month", "event_hours_per_case_month", "relative_weight"),
}


@dataclass(frozen=True)
class Adjustments:
    """Uplifts from "is" (what the diary measured) to "should" (what the work needs).

    Loaded from a YAML file with ``source`` (who said so), ``method``
    (``sufficiency_survey``, ``expert_panel``, ``standards``...), ``date`` and
    ``uplifts`` with ``task_types`` and/or ``case_types`` mappings of factors
    (1.2 = 20% more time needed than measured).
    """

    source: str
    method: str
    date: str = ""
    task_types: dict[str, float] = field(default_factory=dict)
    case_types: dict[str, float] = field(default_factory=dict)
    notes: str = ""

    @classmethod
    def from_yaml(cls, path: str | Path) -> Adjustments:
        """Read and check an adjustments file; errors name the file, entry and fix."""
        path = Path(path)
        try:
            raw = safe_load(read_text(path))
        except FileNotFoundError:
            raise ConfigError("adjustments file not found: check the path",
                              source=str(path)) from None
        except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
            raise ConfigError(f"cannot be read as an adjustments YAML file ({exc})",
                              source=str(path)) from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"is not valid YAML ({' '.join(str(exc).split())})",
                              source=str(path)) from exc
        if not isinstance(raw, dict):
            raise ConfigError("must be a mapping with source, method and uplifts",
                              source=str(path))
        return cls.from_dict(raw, source_name=str(path))

    @classmethod
    def from_dict(cls, raw: dict, source_name: str = "adjustments") -> Adjustments:
        missing = [k for k in ("source", "method", "uplifts") if k not in raw]
        if missing:
            raise ConfigError(f"lacks {', '.join(missing)}: say where the uplifts come from "
                              "(source, method) and give uplifts", source=source_name)
        up = raw["uplifts"] or {}
        if not isinstance(up, dict):
            raise ConfigError("uplifts must be a mapping with task_types and/or case_types",
                              source=source_name)
        out = {}
        for kind in ("task_types", "case_types"):
            values = up.get(kind) or {}
            if not isinstance(values, dict):
                raise ConfigError(f"uplifts.{kind} must map {kind} to factors, e.g. "
                                  "'statutory_visit: 1.2'", source=source_name)
            for key, factor in values.items():
                if not isinstance(factor, int | float) or not 0.1 <= factor <= 10:
                    raise ConfigError(f"uplift {kind}.{key} = {factor!r} must be a number "
                                      "between 0.1 and 10 (1.2 means 20% more time)",
                                      source=source_name)
            out[kind] = {str(k): float(v) for k, v in values.items()}
        return cls(str(raw["source"]), str(raw["method"]), str(raw.get("date", "")),
                   out["task_types"], out["case_types"], str(raw.get("notes", "")))

    def to_dict(self) -> dict:
        return {"source": self.source, "method": self.method, "date": self.date,
                "uplifts": {"task_types": self.task_types, "case_types": self.case_types},
                "notes": self.notes}


def fingerprint(frame: pd.DataFrame) -> str:
    """A short SHA-256 of a table's content: the same data gives the same fingerprint."""
    h = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def category_shares(models: StudyModels, *, n_boot: int = 999, seed: int | None = 0,
                    level: float = 0.95) -> pd.DataFrame:
    """Share of worked time by category, with worker-cluster bootstrap intervals."""
    ww = models.worker_week
    non_work = set(models.options.get("non_work", ("non_work",)))
    cats = [c for c in ww.columns if c.startswith("hours_") and c[6:] not in non_work
            and c not in {"hours_worked", "hours_case", "hours_non_case", "hours_out_of_hours",
                          "hours_absence"}]
    extra = ["hours_out_of_hours"]
    workers = pd.Index(ww["worker_id"].unique())
    g = workers.get_indexer(ww["worker_id"])
    w = ww["weight"].to_numpy(float)
    num = np.zeros((len(workers), len(cats) + 1))
    np.add.at(num, g, ww[cats + extra].to_numpy(float) * w[:, None])
    den = np.zeros_like(num)
    np.add.at(den, g, (ww["hours_worked"].to_numpy(float) * w)[:, None])
    est = num.sum(0) / den.sum(0)
    draws = ratio_draws(num, den, worker_draws(len(workers), n_boot, seed))
    lo, hi = cluster_interval(est, draws, (num > 0).sum(0), level)
    names = [c[6:] for c in cats] + ["out_of_hours"]
    return pd.DataFrame({"share": est, "share_ci_low": lo, "share_ci_high": hi,
                         "n_workers": len(workers)}, index=pd.Index(names, name="category"))


def _case_instances(models: StudyModels, value: str,
                    case_month: pd.DataFrame | None = None) -> pd.DataFrame:
    """Instances behind the ``value`` matrix, with the case type of their case."""
    cm = models.case_month if case_month is None else case_month
    inst = models.instances
    keep = inst["case_id"].isin(cm["case_id"])
    if value == "full_min":
        keep &= inst["primary"]
    prim = inst.loc[keep]
    ctype = cm.set_index("case_id")["case_type"]
    return prim.assign(case_type=prim["case_id"].map(ctype))


def task_case_hours(models: StudyModels, value: str = "full_min", *,
                    case_month: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hours per case-month of each case type by task type.

    With ``value="full_min"`` (default) each primary instance brings its full time
    (the task with its travel and recording), so a row sums to the case type's
    hours per case-month; with ``value="direct_min"`` every instance brings its
    own direct time only (what moves if someone else does the task).
    ``case_month`` restricts the cases (default: every case of the study).
    """
    cm = models.case_month if case_month is None else case_month
    hours = _case_instances(models, value, cm).pivot_table(
        index="case_type", columns="task_type", values=value, aggfunc="sum", fill_value=0.0)
    months = cm.groupby("case_type")["case_months"].sum()
    return hours.div(months.reindex(hours.index), axis=0) / 60


def task_case_workers(models: StudyModels, value: str = "full_min", *,
                      case_month: pd.DataFrame | None = None) -> pd.DataFrame:
    """Workers behind each cell of :func:`task_case_hours` (case type x task type).

    A worker counts for a cell when they recorded an instance of the task on a
    case of the type (a primary instance for ``full_min``, any for ``direct_min``).
    """
    x = _case_instances(models, value, case_month)
    return x.groupby(["case_type", "task_type"])["worker_id"].nunique().unstack(fill_value=0)


@dataclass(frozen=True, repr=False)
class TimeGuide:
    """An evidence-based time guide: hours per task, per case and per worker.

    Attributes
    ----------
    meta : dict
        Version, creation time, data fingerprint, workers, episodes, period,
        taxonomy, disclosure threshold, confidence level.
    tasks : DataFrame
        By task type: category, ``direct_minutes``, ``full_hours``,
        ``full_hours_regression`` (each with ``_ci_low``/``_ci_high``),
        ``n_instances``, ``n_workers``, ``n_workers_primary`` (workers with
        primary instances, behind ``full_hours``), ``uplift``,
        ``full_hours_should``, ``hours_per_fte_week`` (direct hours of the task
        per FTE-week) and ``non_case_hours_per_fte_week`` (the part of them
        recorded without a case).
    case_types : DataFrame
        By case type: ``hours_per_case_month``, ``event_hours_per_case_month``,
        ``relative_weight`` (with intervals), ``n_cases``, ``n_workers``,
        ``uplift``, ``hours_per_case_month_should``.
    multipliers : DataFrame
        Complexity multipliers of the GLM with intervals.
    available : DataFrame
        Hours per FTE-week and per FTE-year, with the assumptions in ``meta``.
    category_shares : DataFrame
        Share of worked time by category (and out of hours).
    task_case_hours : DataFrame
        Case type x task type full hours per case-month, as published: a cell
        from fewer than ``min_workers`` workers is NaN (suppressed).
    task_case_direct : DataFrame
        Case type x task type direct hours per case-month (for scenarios), as
        published (suppressed cells NaN).
    adjustments : Adjustments or None
    suppressed : list of dict
        What was suppressed and why: ``table`` is ``tasks`` or ``case_types``
        for a whole row, ``tasks.full_hours``, ``case_types.relative_weight``,
        ``multipliers``, ``task_case_hours``... for single figures.
    _task_case_hours_unsuppressed : DataFrame or None
        The full hours matrix before suppression, kept in memory only (never
        written to JSON) so that :func:`with_adjustments` gives the same uplifts
        as :func:`build_guide`. None for a guide read from JSON.
    """

    meta: dict
    tasks: pd.DataFrame
    case_types: pd.DataFrame
    multipliers: pd.DataFrame
    available: pd.DataFrame
    category_shares: pd.DataFrame
    task_case_hours: pd.DataFrame
    task_case_direct: pd.DataFrame
    adjustments: Adjustments | None = None
    suppressed: list = field(default_factory=list)
    _task_case_hours_unsuppressed: pd.DataFrame | None = field(default=None, repr=False,
                                                               compare=False)

    # ------------------------------------------------------------------ figures
    def hours_per_case_month(self, should: bool = True) -> pd.Series:
        """Hours per case-month by case type ("should" figures when uplifts exist)."""
        col = "hours_per_case_month_should" if should else "hours_per_case_month"
        return self.case_types[col]

    @property
    def available_hours_per_fte_month(self) -> float:
        """Hours for casework a full-time worker has in an average month."""
        return float(self.available.loc["available_case_hours_per_fte_year", "estimate"]) / 12

    def to_frame(self) -> pd.DataFrame:
        """The case weights table (the guide's headline), a copy."""
        return self.case_types.copy()

    def summary(self) -> pd.DataFrame:
        """Headline figures: case weights and time available."""
        ct = self.case_types
        rows = [(f"hours per case-month: {k}", ct.loc[k, "hours_per_case_month"],
                 ct.loc[k, "hours_per_case_month_ci_low"], ct.loc[k, "hours_per_case_month_ci_high"])
                for k in ct.index]
        av = self.available
        for m in ("hours_worked_per_fte_week", "available_case_hours_per_fte_week",
                  "available_case_hours_per_fte_year"):
            rows.append((m.replace("_", " "), *av.loc[m, ["estimate", "ci_low", "ci_high"]]))
        return pd.DataFrame(rows, columns=["measure", "estimate", "ci_low", "ci_high"]).set_index(
            "measure")

    def plot(self, ax=None):
        """Hours per case-month by case type with intervals; returns the Axes."""
        from timestudy.plots import case_weights_plot

        return case_weights_plot(self.case_types, ax=ax)

    def __repr__(self) -> str:
        m = self.meta
        return (f"TimeGuide({m['n_workers']} workers, {m['n_episodes']} episodes, "
                f"{m['period'][0]} to {m['period'][1]})\n{self.summary().round(2).to_string()}")

    def _repr_html_(self) -> str:
        m = self.meta
        sup = (f"<p><b>{len(self.suppressed)}</b> figures suppressed (fewer than "
               f"{m['min_workers']} workers).</p>" if self.suppressed else "")
        adj = (f"<p>Should-figures use uplifts from {escape(self.adjustments.source)} "
               f"({escape(self.adjustments.method)}).</p>" if self.adjustments else "")
        return (
            f"<div class='timestudy-guide'><h3>Time guide</h3><p>{m['n_workers']} workers, "
            f"{m['n_episodes']:,} episodes, {escape(m['period'][0])} to {escape(m['period'][1])};"
            f" {int(m['level'] * 100)}% intervals.</p>{adj}{sup}"
            "<h4>Hours per case-month</h4>" + self.case_types.round(2).to_html(na_rep="-")
            + "<h4>Time available</h4>" + self.available.round(1).to_html(na_rep="-")
            + "<h4>Time per task</h4>" + self.tasks.round(2).to_html(na_rep="-")
            + "<h4>Complexity multipliers</h4>" + self.multipliers.round(3).to_html(na_rep="-")
            + "</div>"
        )

    # ---------------------------------------------------------------- serialise
    def to_dict(self) -> dict:
        """The guide as JSON-ready data (see ``data_schema/guide.json``)."""
        from timestudy.guide.serialise import guide_to_dict

        return guide_to_dict(self)

    def to_json(self, path: str | Path | None = None) -> str:
        """Write (or return) the guide as JSON."""
        text = json.dumps(self.to_dict(), indent=2, allow_nan=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, path: str | Path) -> TimeGuide:
        """Read a guide written by :meth:`to_json`, checked against ``data_schema/guide.json``."""
        from timestudy.guide.serialise import guide_from_dict

        path = Path(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:  # ValueError: not JSON, not UTF-8
            raise ConfigError(f"is not a readable guide.json ({exc}); write one with "
                              "`timestudy guide` or TimeGuide.to_json", source=str(path)) from None
        _check_guide_shape(raw, str(path))
        return guide_from_dict(raw, source=str(path))


def _check_guide_shape(raw, source: str) -> None:
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


def _with_ci(frame: pd.DataFrame, name: str, est: str, lo: str, hi: str) -> pd.DataFrame:
    return pd.DataFrame({name: frame[est], f"{name}_ci_low": frame[lo],
                         f"{name}_ci_high": frame[hi]})


def _cols(frame: pd.DataFrame, bases: tuple[str, ...], extra: tuple[str, ...] = ()) -> list:
    """Columns of ``frame`` for estimates ``bases`` (with their intervals) and ``extra``."""
    return [c for base in bases for c in (base, f"{base}_ci_low", f"{base}_ci_high")
            if c in frame] + [c for c in extra if c in frame]


def _fewer(min_workers: int, n: int, who: str = "workers") -> str:
    return f"fewer than {min_workers} {who} ({int(n)})"


# What goes with a suppressed row, and with a suppressed single figure.
TASK_ROW = (ESTIMATES["tasks"],
            ("full_hours_should", "uplift", "hours_per_fte_week", "non_case_hours_per_fte_week"))
CASE_ROW = (ESTIMATES["case_types"], ("hours_per_case_month_should", "uplift"))


def _suppress(table: pd.DataFrame, cols: tuple[str, ...], min_workers: int, label: str,
              extra: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list]:
    """Blank every figure of the rows from fewer than ``min_workers`` workers."""
    small = table["n_workers"] < min_workers
    out = table.copy()
    out.loc[small, _cols(out, cols, extra)] = np.nan
    notes = [{"table": label, "key": str(k), "reason": _fewer(min_workers, n)}
             for k, n in table.loc[small, "n_workers"].items()]
    return out, notes


def _suppress_tasks(tasks: pd.DataFrame, inst: pd.DataFrame, min_workers: int
                    ) -> tuple[pd.DataFrame, list]:
    """Suppress task rows, full hours by workers with primary instances, and the case split.

    A row (every figure) goes when fewer than ``min_workers`` workers recorded the
    task; ``full_hours`` (and ``full_hours_should``) when fewer recorded a
    primary instance of it; ``non_case_hours_per_fte_week`` when either part of
    the task (with a case, without one) comes from fewer workers, as the other
    part would follow from the published total.
    """
    out, notes = _suppress(tasks, TASK_ROW[0], min_workers, "tasks", TASK_ROW[1])
    row_ok = tasks["n_workers"] >= min_workers
    few_p = row_ok & (tasks["n_workers_primary"] < min_workers) & tasks["full_hours"].notna()
    out.loc[few_p, _cols(out, ("full_hours",), ("full_hours_should",))] = np.nan
    notes += [{"table": "tasks.full_hours", "key": str(k),
               "reason": _fewer(min_workers, n, "workers with primary instances")}
              for k, n in tasks.loc[few_p, "n_workers_primary"].items()]
    on_case = inst["case_id"].notna()
    parts = pd.DataFrame({
        "case": inst.loc[on_case].groupby("task_type")["worker_id"].nunique(),
        "non_case": inst.loc[~on_case].groupby("task_type")["worker_id"].nunique(),
    }).reindex(tasks.index).fillna(0)
    few_part = ((parts > 0) & (parts < min_workers)).any(axis=1)
    split = row_ok & few_part & (parts > 0).all(axis=1)
    if "non_case_hours_per_fte_week" in out:
        out.loc[split, "non_case_hours_per_fte_week"] = np.nan
        notes += [{"table": "tasks.non_case_hours_per_fte_week", "key": str(k),
                   "reason": "split between casework and non-case work: "
                   + _fewer(min_workers, parts.loc[k].min(), "workers on one side")}
                  for k in tasks.index[split]]
    return out, notes


def _suppress_case_types(case_types: pd.DataFrame, reference: str | None, min_workers: int
                         ) -> tuple[pd.DataFrame, list]:
    """Suppress case type rows; every relative weight when the reference type is suppressed.

    A relative weight is hours / reference hours: published next to the hours,
    it would give the suppressed reference figure back.
    """
    out, notes = _suppress(case_types, CASE_ROW[0], min_workers, "case_types", CASE_ROW[1])
    small = set(case_types.index[case_types["n_workers"] < min_workers])
    if reference in small:
        out[_cols(out, ("relative_weight",))] = np.nan
        notes += [{"table": "case_types.relative_weight", "key": str(k),
                   "reason": f"the reference case type {reference} is suppressed "
                   f"({_fewer(min_workers, case_types.loc[reference, 'n_workers'])})"}
                  for k in case_types.index if k not in small]
    return out, notes


def _proceedings_workers(case_month: pd.DataFrame) -> int | None:
    """Workers holding cases in proceedings (None when the column is absent)."""
    if "in_proceedings" not in case_month:
        return None
    flag = case_month["in_proceedings"].map(lambda v: bool(v) if pd.notna(v) else False)
    return int(case_month.loc[flag.astype(bool), "worker_id"].nunique())


def _suppress_multipliers(mult: pd.DataFrame, case_types: pd.DataFrame, reference: str | None,
                          n_proceedings: int | None, min_workers: int
                          ) -> tuple[pd.DataFrame, list]:
    """Suppress multipliers that rest on fewer than ``min_workers`` workers.

    ``case_type=K`` goes with a suppressed case type K; when the reference type
    is suppressed, the baseline and every case type multiplier (each is against
    the reference, so they give its hours back); ``in_proceedings`` when the
    cases in proceedings are held by fewer workers.
    """
    out = mult.copy()
    if out.empty:
        return out, []
    n = case_types["n_workers"]
    why: dict[str, str] = {}
    for k in n.index[n < min_workers]:
        why[f"case_type={k}"] = f"case type {k}: {_fewer(min_workers, n[k])}"
    if reference in n.index and n[reference] < min_workers:
        ref_why = (f"the reference case type {reference} is suppressed "
                   f"({_fewer(min_workers, n[reference])})")
        for term in out.index:
            if term == "baseline_hours_per_month" or str(term).startswith("case_type="):
                why.setdefault(str(term), ref_why)
    if n_proceedings is not None and n_proceedings < min_workers:
        why["in_proceedings"] = ("cases in proceedings held by "
                                 + _fewer(min_workers, n_proceedings))
    terms = [t for t in out.index if str(t) in why]
    num = [c for c in out.select_dtypes("number").columns if c != "n_workers"]
    out.loc[terms, num] = np.nan
    return out, [{"table": "multipliers", "key": str(t), "reason": why[str(t)]} for t in terms]


def _publish_matrix(matrix: pd.DataFrame, workers: pd.DataFrame, min_workers: int, label: str,
                    rows_out: set, cols_out: set, row_totals: bool = False
                    ) -> tuple[pd.DataFrame, list]:
    """The matrix as published: cells from fewer than ``min_workers`` workers are NaN.

    ``rows_out`` and ``cols_out`` (suppressed case types and tasks) go whole.
    Zero cells (no instance) are kept. With ``row_totals`` (the rows add up to
    a published figure, the hours per case-month) a row with a single hidden
    non-zero cell also hides its smallest other non-zero cell, so that the
    hidden one cannot be had by subtraction.
    """
    w = workers.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    nonzero = matrix.fillna(0) != 0
    hide = (w < min_workers) & nonzero
    whole = pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
    whole.loc[whole.index.isin(rows_out)] = True
    whole.loc[:, whole.columns.isin(cols_out)] = True
    notes = [{"table": label, "key": f"{k}/{t}", "reason": _fewer(min_workers, w.loc[k, t])}
             for (k, t), h in (hide & ~whole).stack().items() if h]
    hide |= whole
    if row_totals:
        for k in matrix.index[~matrix.index.isin(rows_out)]:
            if (hide.loc[k] & nonzero.loc[k]).sum() == 1:
                shown = matrix.loc[k][~hide.loc[k] & nonzero.loc[k]]
                if len(shown):
                    t = shown.idxmin()
                    hide.loc[k, t] = True
                    notes.append({"table": label, "key": f"{k}/{t}", "reason":
                                  "secondary suppression: with the row total it would give "
                                  "a suppressed cell back"})
    return matrix.mask(hide), notes


def _protect_uplifts(published: pd.DataFrame, full: pd.DataFrame, case_types: pd.DataFrame,
                     adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Hide what a case type's uplift would give back of the hidden cells of its row.

    With the row's hours (``sum_t h[k, t]``), its uplift (``sum_t h[k, t] * u_t``
    over them, times the case type's own factor) and the published cells, the
    hidden cells of a row can be added up within each group of equal task
    uplifts when there are at most two groups: a group of one hidden cell would
    be given back. Such a row hides its smallest published cell of the same
    uplift, or else of a third uplift; failing both, the case type's uplift and
    "should" hours are suppressed.
    """
    notes: list = []
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    u = task_up.reindex(full.columns).fillna(1.0)
    if u.nunique() < 2:
        return published, case_types, notes
    published, case_types = published.copy(), case_types.copy()
    nonzero = full.reindex_like(published).fillna(0) != 0
    for k in published.index:
        if k not in case_types.index or not np.isfinite(case_types.loc[k, "uplift"]):
            continue
        while True:
            hidden = published.loc[k].isna() & nonzero.loc[k]
            groups = u[hidden].value_counts()
            if len(groups) != 2 or not (groups == 1).any():
                break
            alone = groups.index[groups == 1][0]
            shown = ~published.loc[k].isna() & nonzero.loc[k]
            same = shown & (u == alone)
            other = shown & ~u.isin(groups.index)
            pick = same if same.any() else other
            if not pick.any():
                case_types.loc[k, ["uplift", "hours_per_case_month_should"]] = np.nan
                notes.append({"table": "case_types.uplift", "key": str(k), "reason":
                              "with the case type's hours it would give a suppressed task x "
                              "case type cell back"})
                break
            t = full.loc[k, pick[pick].index].idxmin()
            published.loc[k, t] = np.nan
            notes.append({"table": "task_case_hours", "key": f"{k}/{t}", "reason":
                          "secondary suppression: with the case type's uplift it would give "
                          "a suppressed cell back"})
    return published, case_types, notes


def met_visiting_standard(models: StudyModels, standards: dict[str, int] | None = None
                          ) -> pd.Series:
    """Whether each case had the visits its type requires in the diary period.

    ``standards`` maps case type to the most working days allowed between
    statutory visits (CP and proceedings 10, CIN 20, CLA 30 by default). A case
    open for ``d`` working days needs ``floor(d / interval)`` visits.
    """
    standards = standards or {"CP": 10, "PROCEEDINGS": 10, "CIN": 20, "CLA": 30}
    cm = models.case_month
    inst = models.instances
    visits = inst.loc[inst["task_type"].isin(["statutory_visit", "unannounced_visit"])]
    n = visits.groupby("case_id").size().reindex(cm["case_id"]).fillna(0).to_numpy()
    working_days = cm["case_months"].to_numpy() * (365.25 / 12) * 5 / 7
    interval = cm["case_type"].map(standards).to_numpy(float)
    need = np.floor(np.where(np.isnan(interval), 0, working_days / np.nan_to_num(interval, nan=1)))
    return pd.Series(n >= need, index=cm["case_id"].to_numpy(), name="met_standard")


def build_guide(
    models: StudyModels,
    *,
    adjustments: Adjustments | str | Path | None = None,
    min_workers: int = 5,
    met_standard_only: bool = False,
    standards: dict[str, int] | None = None,
    taxonomy: str = "",
    n_episodes: int | None = None,
    data_fingerprint: str = "",
) -> TimeGuide:
    """Build the time guide from fitted study models.

    Parameters
    ----------
    models : StudyModels
        Output of :func:`timestudy.models.fit_study`.
    adjustments : Adjustments or path, optional
        "Is versus should" uplifts (YAML file or object), kept with their provenance.
    min_workers : int
        Disclosure control: figures from fewer workers are suppressed (default 5).
    met_standard_only : bool
        Estimate case weights only from cases that met their visiting standard
        (see :func:`met_visiting_standard`): a "should" view that does not rely
        on uplifts.
    taxonomy, n_episodes, data_fingerprint
        Provenance recorded in ``meta``.

    Returns
    -------
    TimeGuide

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.models import fit_study
    >>> s = simulate_study(n_workers=20, weeks=2, seed=4)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> guide = build_guide(fit_study(ep, s.cases, s.workers, n_boot=99))
    >>> bool(guide.case_types.loc["CP", "relative_weight"] > 1)
    True
    """
    if isinstance(adjustments, str | Path):
        adjustments = Adjustments.from_yaml(adjustments)
    opts = models.options
    boot = {"n_boot": opts.get("n_boot", 999), "seed": opts.get("seed", 0),
            "level": opts.get("level", 0.95)}
    tt = models.task_times.table
    reg = models.task_regression.table
    inst = models.instances
    tasks = pd.concat([
        tt[["category"]],
        _with_ci(tt, "direct_minutes", "direct_min", "direct_min_ci_low", "direct_min_ci_high"),
        _with_ci(tt, "full_hours", "full_hours", "full_hours_ci_low", "full_hours_ci_high"),
        _with_ci(reg.reindex(tt.index), "full_hours_regression", "estimate", "ci_low", "ci_high"),
        tt[["n_instances", "n_workers"]],
    ], axis=1)
    tasks["n_workers_primary"] = _workers_primary(tt, inst).reindex(tasks.index).fillna(0) \
        .astype(int)
    fte_weeks = models.worker_week["fte_weeks"].sum()
    hours = inst.groupby("task_type")["direct_min"].sum() / 60
    tasks["hours_per_fte_week"] = (hours / fte_weeks).reindex(tasks.index)
    non_case = inst.loc[inst["case_id"].isna()].groupby("task_type")["direct_min"].sum() / 60
    tasks["non_case_hours_per_fte_week"] = (non_case / fte_weeks).reindex(tasks.index).fillna(0.0)

    cm = models.case_month
    if met_standard_only:
        ok = met_visiting_standard(models, standards)
        cm = cm.loc[cm["case_id"].map(ok).fillna(False).astype(bool)]
    cw = estimate_case_weights(cm, inst, reference=models.case_weights.reference, **boot).table
    case_types = cw[["n_cases", "n_workers", "case_months", "hours_per_case_month",
                     "hours_per_case_month_ci_low", "hours_per_case_month_ci_high",
                     "event_hours_per_case_month", "event_hours_per_case_month_ci_low",
                     "event_hours_per_case_month_ci_high", "relative_weight",
                     "relative_weight_ci_low", "relative_weight_ci_high"]].copy()
    # Task x case type matrices from the same cases as the weights, every task a column.
    columns = tasks.index
    tch = task_case_hours(models, case_month=cm)
    tch = tch.reindex(columns=columns.union(tch.columns, sort=False), fill_value=0.0)
    direct = task_case_hours(models, "direct_min", case_month=cm)
    direct = direct.reindex(columns=columns.union(direct.columns, sort=False), fill_value=0.0)
    tasks, case_types = _apply_uplifts(tasks, case_types, tch, adjustments)

    reference = models.case_weights.reference
    tasks, sup_t = _suppress_tasks(tasks, inst, min_workers)
    case_types, sup_c = _suppress_case_types(case_types, reference, min_workers)
    n_workers = int(models.worker_week["worker_id"].nunique())
    available = models.available.table.copy()
    shares = category_shares(models, **boot)
    multipliers, sup_m = _suppress_multipliers(models.complexity.table, case_types, reference,
                                               _proceedings_workers(models.case_month),
                                               min_workers)
    small_c = set(case_types.index[case_types["n_workers"] < min_workers])
    small_t = set(tasks.index[tasks["n_workers"] < min_workers])
    tch_pub, sup_h = _publish_matrix(tch, task_case_workers(models, case_month=cm), min_workers,
                                     "task_case_hours", small_c, small_t, row_totals=True)
    direct_pub, sup_d = _publish_matrix(
        direct, task_case_workers(models, "direct_min", case_month=cm), min_workers,
        "task_case_direct_hours", small_c, small_t)
    tch_pub, case_types, sup_u = _protect_uplifts(tch_pub, tch, case_types, adjustments)
    suppressed = sup_t + sup_c + sup_m + sup_h + sup_u + sup_d
    if n_workers < min_workers:
        for frame in (available, shares, multipliers):
            cols = [c for c in frame.select_dtypes("number").columns if c != "n_workers"]
            frame[cols] = np.nan
        suppressed.append({"table": "all", "key": "*",
                           "reason": f"fewer than {min_workers} workers ({n_workers})"})
    meta = {
        "version": __version__,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_fingerprint": data_fingerprint or fingerprint(models.instances[
            ["direct_min", "full_min"]]),
        "n_workers": n_workers,
        "n_episodes": int(n_episodes) if n_episodes is not None else None,
        "n_cases": int(len(models.case_month)),
        "period": [str(models.period[0].date()), str(models.period[1].date())],
        "taxonomy": taxonomy,
        "min_workers": min_workers,
        "level": boot["level"],
        "n_boot": boot["n_boot"],
        "reference_case_type": models.case_weights.reference,
        "met_standard_only": met_standard_only,
        "complexity_family": models.complexity.family,
        "working_hours": [opts.get("work_start", "08:00"), opts.get("work_end", "18:00")],
        "between_worker_variance": (models.mixed.variance.get("between_worker")
                                    if n_workers >= min_workers else None),  # an estimate too
        "available_assumptions": models.available.assumptions,
    }
    return TimeGuide(meta, tasks, case_types, multipliers, available, shares, tch_pub,
                     direct_pub, adjustments, suppressed, _task_case_hours_unsuppressed=tch)


def _workers_primary(tt: pd.DataFrame, inst: pd.DataFrame) -> pd.Series:
    """Workers with primary instances of each task (``n_workers_primary`` of the models
    when they give it, else counted from the instances)."""
    if "n_workers_primary" in tt:
        return tt["n_workers_primary"]
    return inst.loc[inst["primary"]].groupby("task_type")["worker_id"].nunique()


def _apply_uplifts(tasks: pd.DataFrame, case_types: pd.DataFrame, tch: pd.DataFrame,
                   adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``uplift`` and the "should" columns.

    A case type's uplift is its own factor times the mix of its task uplifts:
    ``sum_t hours[k, t] * u_t / sum_t hours[k, t]``.
    """
    tasks, case_types = tasks.copy(), case_types.copy()
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    case_up = pd.Series(adjustments.case_types if adjustments else {}, dtype=float)
    where = {"task_types": "the taxonomy's task types (`timestudy taxonomy` lists them)",
             "case_types": "the case types of the cases table"}
    for kind, factors, known in (("task_types", task_up, tasks.index),
                                 ("case_types", case_up, case_types.index)):
        unknown = sorted(set(map(str, factors.index)) - set(map(str, known)))
        if unknown:  # a misspelt id would otherwise be ignored without a word
            warnings.warn(
                f"adjustments: uplifts.{kind} names {', '.join(unknown)}, which this study has "
                f"no figures for, so {'it is' if len(unknown) == 1 else 'they are'} not "
                f"applied; check the spelling against {where[kind]}",
                TimestudyWarning,
                stacklevel=3,
            )
    tasks["uplift"] = task_up.reindex(tasks.index).fillna(1.0)
    tasks["full_hours_should"] = tasks["full_hours"] * tasks["uplift"]
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = (tch * task_up.reindex(tch.columns).fillna(1.0)).sum(axis=1) / tch.sum(axis=1)
    case_types["uplift"] = (scale.reindex(case_types.index).fillna(1.0)
                            * case_up.reindex(case_types.index).fillna(1.0))
    case_types["hours_per_case_month_should"] = (case_types["hours_per_case_month"]
                                                 * case_types["uplift"])
    return tasks, case_types


def _suppress_uplifts(tasks: pd.DataFrame, case_types: pd.DataFrame, suppressed: list
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Blank the uplifts (and "should" figures) of suppressed rows."""
    rows_t = {s["key"] for s in suppressed if s["table"] == "tasks"}
    rows_c = {s["key"] for s in suppressed if s["table"] == "case_types"}
    tasks, case_types = tasks.copy(), case_types.copy()
    tasks.loc[tasks.index.astype(str).isin(rows_t), ["uplift", "full_hours_should"]] = np.nan
    case_types.loc[case_types.index.astype(str).isin(rows_c),
                   ["uplift", "hours_per_case_month_should"]] = np.nan
    return tasks, case_types


def with_adjustments(guide: TimeGuide, adjustments: Adjustments | None) -> TimeGuide:
    """The same guide with other "is versus should" uplifts (or none).

    A case type's uplift mixes the task uplifts by the hours of each task on
    cases of that type. A guide built by :func:`build_guide` keeps the full
    matrix in memory, so the same adjustments give the same uplifts. A guide
    read from JSON has only the published matrix, where cells from fewer than
    ``min_workers`` workers are suppressed: with its own adjustments it is
    returned as it is; with others the mix is taken over the published cells
    only (an approximation, with an :class:`~timestudy.errors.EstimationWarning`
    when it matters). Suppressed rows keep no uplift, and published cells the
    new uplifts would give back are suppressed too (see :func:`_protect_uplifts`).
    """
    basis = guide._task_case_hours_unsuppressed
    if basis is None and adjustments == guide.adjustments:
        return guide  # the published uplifts already are these adjustments' (exactly)
    if basis is None:
        basis = guide.task_case_hours
        partial = basis.isna().any(axis=1) & basis.notna().any(axis=1)
        if partial.any() and adjustments is not None and adjustments.task_types:
            warnings.warn(
                "the guide's task x case type hours have suppressed cells (case types "
                f"{sorted(map(str, basis.index[partial]))}): their uplifts mix the task "
                "uplifts over the published cells only and can differ a little from those "
                "of build_guide; rebuild the guide from the study for exact uplifts",
                EstimationWarning, stacklevel=2)
    suppressed = [s for s in guide.suppressed if s["table"] != "case_types.uplift"]
    tasks, case_types = _apply_uplifts(guide.tasks, guide.case_types, basis, adjustments)
    tasks, case_types = _suppress_uplifts(tasks, case_types, suppressed)
    published = guide.task_case_hours
    if guide._task_case_hours_unsuppressed is not None:  # exact uplifts: protect the cells
        published, case_types, notes = _protect_uplifts(published, basis, case_types,
                                                        adjustments)
        suppressed += notes
    return replace(guide, tasks=tasks, case_types=case_types, task_case_hours=published,
                   adjustments=adjustments, suppressed=suppressed)
