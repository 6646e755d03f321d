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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from timestudy import __version__
from timestudy.errors import ConfigError
from timestudy.models import StudyModels, estimate_case_weights
from timestudy.models.bootstrap import percentile_interval, ratio_draws, worker_draws

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
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"is not valid YAML ({exc})", source=str(path)) from exc
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
        out = {}
        for kind in ("task_types", "case_types"):
            values = up.get(kind) or {}
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
    lo, hi = percentile_interval(ratio_draws(num, den, worker_draws(len(workers), n_boot, seed)),
                                 level)
    names = [c[6:] for c in cats] + ["out_of_hours"]
    return pd.DataFrame({"share": est, "share_ci_low": lo, "share_ci_high": hi,
                         "n_workers": len(workers)}, index=pd.Index(names, name="category"))


def task_case_hours(models: StudyModels, value: str = "full_min") -> pd.DataFrame:
    """Hours per case-month of each case type by task type.

    With ``value="full_min"`` (default) each primary instance brings its full time
    (the task with its travel and recording), so a row sums to the case type's
    hours per case-month; with ``value="direct_min"`` every instance brings its
    own direct time only (what moves if someone else does the task).
    """
    cm = models.case_month
    inst = models.instances
    keep = inst["case_id"].isin(cm["case_id"])
    if value == "full_min":
        keep &= inst["primary"]
    prim = inst.loc[keep]
    ctype = cm.set_index("case_id")["case_type"]
    hours = prim.assign(case_type=prim["case_id"].map(ctype)).pivot_table(
        index="case_type", columns="task_type", values=value, aggfunc="sum", fill_value=0.0)
    months = cm.groupby("case_type")["case_months"].sum()
    return hours.div(months.reindex(hours.index), axis=0) / 60


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
        ``n_instances``, ``n_workers``, ``uplift``, ``full_hours_should``,
        ``hours_per_fte_week``.
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
        Case type x task type full hours per case-month (for uplifts).
    task_case_direct : DataFrame
        Case type x task type direct hours per case-month (for scenarios).
    adjustments : Adjustments or None
    suppressed : list of dict
        What was suppressed and why.
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
        from timestudy.guide_io import guide_to_dict

        return guide_to_dict(self)

    def to_json(self, path: str | Path | None = None) -> str:
        """Write (or return) the guide as JSON."""
        text = json.dumps(self.to_dict(), indent=2, allow_nan=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, path: str | Path) -> TimeGuide:
        """Read a guide written by :meth:`to_json`."""
        from timestudy.guide_io import guide_from_dict

        path = Path(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"is not a readable guide.json ({exc}); write one with "
                              "`timestudy guide` or TimeGuide.to_json", source=str(path)) from exc
        return guide_from_dict(raw, source=str(path))


def _with_ci(frame: pd.DataFrame, name: str, est: str, lo: str, hi: str) -> pd.DataFrame:
    return pd.DataFrame({name: frame[est], f"{name}_ci_low": frame[lo],
                         f"{name}_ci_high": frame[hi]})


def _suppress(table: pd.DataFrame, cols: tuple[str, ...], min_workers: int, label: str,
              extra: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list]:
    small = table["n_workers"] < min_workers
    out = table.copy()
    targets = [c for base in cols for c in (base, f"{base}_ci_low", f"{base}_ci_high")
               if c in out] + [c for c in extra if c in out]
    out.loc[small, targets] = np.nan
    notes = [{"table": label, "key": str(k), "reason": f"fewer than {min_workers} workers "
              f"({int(n)})"} for k, n in table.loc[small, "n_workers"].items()]
    return out, notes


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
    tasks = pd.concat([
        tt[["category"]],
        _with_ci(tt, "direct_minutes", "direct_min", "direct_min_ci_low", "direct_min_ci_high"),
        _with_ci(tt, "full_hours", "full_hours", "full_hours_ci_low", "full_hours_ci_high"),
        _with_ci(reg.reindex(tt.index), "full_hours_regression", "estimate", "ci_low", "ci_high"),
        tt[["n_instances", "n_workers"]],
    ], axis=1)
    fte_weeks = models.worker_week["fte_weeks"].sum()
    hours = models.instances.groupby("task_type")["direct_min"].sum() / 60
    tasks["hours_per_fte_week"] = (hours / fte_weeks).reindex(tasks.index)
    tch = task_case_hours(models)

    cm, inst = models.case_month, models.instances
    if met_standard_only:
        ok = met_visiting_standard(models, standards)
        cm = cm.loc[cm["case_id"].map(ok).fillna(False).astype(bool)]
    cw = estimate_case_weights(cm, inst, reference=models.case_weights.reference, **boot).table
    case_types = cw[["n_cases", "n_workers", "case_months", "hours_per_case_month",
                     "hours_per_case_month_ci_low", "hours_per_case_month_ci_high",
                     "event_hours_per_case_month", "event_hours_per_case_month_ci_low",
                     "event_hours_per_case_month_ci_high", "relative_weight",
                     "relative_weight_ci_low", "relative_weight_ci_high"]].copy()
    tasks, case_types = _apply_uplifts(tasks, case_types, tch, adjustments)

    tasks, sup_t = _suppress(tasks, ESTIMATES["tasks"], min_workers, "tasks",
                             ("full_hours_should", "hours_per_fte_week"))
    case_types, sup_c = _suppress(case_types, ESTIMATES["case_types"], min_workers,
                                  "case_types", ("hours_per_case_month_should",))
    n_workers = int(models.worker_week["worker_id"].nunique())
    suppressed = sup_t + sup_c
    available = models.available.table.copy()
    shares = category_shares(models, **boot)
    multipliers = models.complexity.table.copy()
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
    direct = task_case_hours(models, "direct_min")
    if suppressed:  # per-task-and-type detail of suppressed rows is not published either
        small_t = [s["key"] for s in suppressed if s["table"] == "tasks"]
        small_c = [s["key"] for s in suppressed if s["table"] == "case_types"]
        for frame in (tch, direct):
            frame.loc[:, frame.columns.isin(small_t)] = np.nan
            frame.loc[frame.index.isin(small_c)] = np.nan
    return TimeGuide(meta, tasks, case_types, multipliers, available, shares, tch, direct,
                     adjustments, suppressed)


def _apply_uplifts(tasks: pd.DataFrame, case_types: pd.DataFrame, tch: pd.DataFrame,
                   adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``uplift`` and the "should" columns.

    A case type's uplift is its own factor times the mix of its task uplifts:
    ``sum_t hours[k, t] * u_t / sum_t hours[k, t]``.
    """
    tasks, case_types = tasks.copy(), case_types.copy()
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    case_up = pd.Series(adjustments.case_types if adjustments else {}, dtype=float)
    tasks["uplift"] = task_up.reindex(tasks.index).fillna(1.0)
    tasks["full_hours_should"] = tasks["full_hours"] * tasks["uplift"]
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = (tch * task_up.reindex(tch.columns).fillna(1.0)).sum(axis=1) / tch.sum(axis=1)
    case_types["uplift"] = (scale.reindex(case_types.index).fillna(1.0)
                            * case_up.reindex(case_types.index).fillna(1.0))
    case_types["hours_per_case_month_should"] = (case_types["hours_per_case_month"]
                                                 * case_types["uplift"])
    return tasks, case_types


def with_adjustments(guide: TimeGuide, adjustments: Adjustments | None) -> TimeGuide:
    """The same guide with other "is versus should" uplifts (or none)."""
    tasks, case_types = _apply_uplifts(guide.tasks, guide.case_types, guide.task_case_hours,
                                       adjustments)
    return replace(guide, tasks=tasks, case_types=case_types, adjustments=adjustments)
