"""The rows each kind of evidence adds to :func:`timestudy.guide.should.should_evidence`.

Each function returns rows with the columns of ``EVIDENCE_COLUMNS`` (less ``chosen``
and ``agrees``, which the choice adds). ``events_from_guide`` computes should by events
from a published guide alone, for when the study's data are not at hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide.timeguide import TimeGuide
from timestudy.models.delphi import DelphiPanel
from timestudy.models.should_events import EventsShould, should_by_events
from timestudy.models.standards import StandardsMet
from timestudy.models.sufficiency import Sufficiency
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH, Standards, standards_from_dict
from timestudy.stats.distributions import norm_ppf

_CASE, _TASK = "hours per case-month", "hours per piece"


def _rows(level, items, method, unit, is_v, should, lo, hi, eligible, note, source):
    is_v = np.asarray(is_v, float)
    should, lo, hi = (np.asarray(x, float) for x in (should, lo, hi))
    with np.errstate(all="ignore"):
        return pd.DataFrame({
            "level": level, "item": list(map(str, items)), "method": method, "unit": unit,
            "is_value": is_v, "should_value": should, "should_ci_low": lo, "should_ci_high": hi,
            "uplift": should / is_v, "uplift_ci_low": lo / is_v, "uplift_ci_high": hi / is_v,
            "eligible": np.broadcast_to(eligible, len(is_v)).astype(bool),
            "note": np.broadcast_to(np.asarray(note, object), len(is_v)),
            "source": np.broadcast_to(np.asarray(source, object), len(is_v))})


def _is_case(guide: TimeGuide, types) -> np.ndarray:
    return guide.case_types["hours_per_case_month"].reindex(types).to_numpy(float)


def events_rows(guide: TimeGuide, ev: EventsShould, standards: Standards, method: str,
                source: str | None = None, uplifts: pd.Series | None = None) -> pd.DataFrame:
    """Case-type rows of should by events (standards or panel frequencies)."""
    t = ev.table
    pooled = ev.items.loc[ev.items["pooled"], "case_type"]
    note = [("time per piece pooled over case types for " + ", ".join(
        ev.items.loc[ev.items["pooled"] & (ev.items["case_type"] == k), "piece"])
        if k in set(pooled) else "") for k in t.index]
    if uplifts is not None and len(uplifts):
        scaled = "times per piece scaled by the chosen task uplifts (" + ", ".join(
            f"{k} {v:.2f}" for k, v in uplifts.items()) + ")"
        note = [f"{n}; {scaled}" if n else scaled for n in note]
    return _rows("case_type", t.index, method, _CASE, _is_case(guide, t.index),
                 t["should_hours_per_case_month"], t["should_hours_per_case_month_ci_low"],
                 t["should_hours_per_case_month_ci_high"], True, note,
                 source or f"{standards.name} ({standards.source})")


def met_rows(guide: TimeGuide, met: StandardsMet, standards: Standards) -> pd.DataFrame:
    """Case-type rows of the NCCD estimate: hours of cases that met the standard."""
    b = met.by_type
    few = b["n_workers_met"] < int(guide.meta.get("min_workers") or 5)
    note = [f"{s:.0%} of {n} cases met the standard" + (
        "; fewer workers than the disclosure threshold" if f else "")
        for s, n, f in zip(b["share_met"], b["n_cases"], few, strict=True)]
    return _rows("case_type", b.index, "standards_met", _CASE, _is_case(guide, b.index),
                 b["hours_per_case_month_met"].where(~few),
                 b["hours_per_case_month_met_ci_low"].where(~few),
                 b["hours_per_case_month_met_ci_high"].where(~few), ~few.to_numpy(), note,
                 f"{standards.name}: cases that met it")


def survey_rows(guide: TimeGuide, s: Sufficiency) -> pd.DataFrame:
    """Task-type rows of the sufficiency survey.

    Should is the measured full hours times the survey's uplift, which is the measured
    hours plus the respondents' mean extra time. Its interval carries both errors: that
    of the measured hours (the guide's interval, from the diary) and that of the extra
    time (the uplift's interval, from the respondents), taken as independent, each side
    added in quadrature: ``should - sqrt((is - is_low)^2 + (is x (uplift - uplift_low))^2)``
    and likewise above. (The uplift's interval alone, scaled by the measured hours, would
    be narrower than the interval of the figure it rests on.)
    """
    t = s.table
    tasks = guide.tasks.reindex(t.index)
    is_h = tasks["full_hours"].to_numpy(float)
    should = is_h * t["uplift"].to_numpy(float)
    below = np.hypot(is_h - tasks["full_hours_ci_low"].to_numpy(float),
                     is_h * (t["uplift"] - t["uplift_ci_low"]).to_numpy(float))
    above = np.hypot(tasks["full_hours_ci_high"].to_numpy(float) - is_h,
                     is_h * (t["uplift_ci_high"] - t["uplift"]).to_numpy(float))
    note = [f"fewer than {s.min_respondents} respondents: suppressed" if sup else
            f"{sh:.0%} of {n} lack time" + ("; review" if rev else "")
            + ("" if np.isfinite(h) else "; the guide has no time per piece of this task")
            for sup, sh, n, rev, h in zip(t["suppressed"], t["share_insufficient"],
                                          t["n_respondents"], t["review"], is_h, strict=True)]
    return _rows("task_type", t.index, "survey", _TASK, is_h, should,
                 should - below, should + above,
                 ~t["suppressed"].to_numpy() & np.isfinite(is_h), note,
                 "sufficiency-of-time survey")


def panel_standards(panel: DelphiPanel) -> Standards | None:
    """The panel's pieces per case-month as standards (one recurring piece per task)."""
    f = panel.final.loc[panel.final["measure"] == "pieces_per_case_month"]
    f = f.loc[f["consensus"].astype(bool) & (f["value"] > 0)]
    if f.empty:
        return None
    case_types: dict = {}
    for r in f.itertuples():
        task, ctype = r.item.removeprefix("task:").split("@")
        case_types.setdefault(ctype, []).append({
            "piece": task, "task_types": [task], "source": "Delphi panel",
            "every": f"{WORKING_DAYS_PER_MONTH / r.value:.6f} working days"})
    return standards_from_dict({"standards_version": 1, "name": "Delphi panel frequencies",
                                "source": "Delphi panel (final round)",
                                "case_types": case_types}, "Delphi panel")


def delphi_rows(guide: TimeGuide, panel: DelphiPanel, models=None,
                task_uplifts: pd.Series | None = None, *, tasks_only: bool = False
                ) -> list[pd.DataFrame]:
    """Rows of the panel: task minutes (``tasks_only``), else case hours and events at the
    panel's frequencies."""
    f = panel.final
    out = []
    src = f"Delphi panel ({panel.rule})"
    measures = ((("minutes_per_piece", "task_type", "task:"),) if tasks_only else
                (("hours_per_case_month", "case_type", "case:"),))
    for measure, level, prefix in measures:
        r = f.loc[(f["measure"] == measure) & ~f["item"].str.contains("@")]
        if r.empty:
            continue
        items = r["item"].str.removeprefix(prefix).to_numpy()
        scale = 1.0 if level == "case_type" else 1 / 60
        is_v = (_is_case(guide, items) if level == "case_type" else
                guide.tasks["full_hours"].reindex(items).to_numpy(float))
        note = np.where(r["consensus"], "IQR as interval",
                        f"no consensus in round {r['round'].max()}: not used")
        out.append(_rows(level, items, "delphi", _CASE if level == "case_type" else _TASK,
                         is_v, r["value"] * scale, r["q1"] * scale, r["q3"] * scale,
                         r["consensus"].to_numpy(bool), note, src))
    std = None if tasks_only else panel_standards(panel)
    if std is not None:
        ev = (should_by_events(models, std, task_uplifts=task_uplifts) if models is not None
              else events_from_guide(guide, std, task_uplifts))
        out.append(events_rows(guide, ev, std, "delphi_events", src, task_uplifts))
    return out


def events_from_guide(guide: TimeGuide, standards: Standards,
                      task_uplifts: pd.Series | None = None) -> EventsShould:
    """Should by events from a published guide: the guide's hours per piece by task type.

    The interval treats the errors of the times per piece and of the unlisted hours as
    independent normal errors read off the published intervals (an approximation; with
    the study's models :func:`~timestudy.models.should_events.should_by_events` bootstraps).
    """
    z = norm_ppf(0.5 + float(guide.meta.get("level") or 0.95) / 2)
    tasks, ct = guide.tasks.copy(), guide.case_types
    tch = guide._task_case_hours_unsuppressed
    tch = (guide.task_case_hours if tch is None else tch).fillna(0.0)
    up = (task_uplifts if task_uplifts is not None else pd.Series(dtype=float))
    for c in ("full_hours", "full_hours_ci_low", "full_hours_ci_high"):
        tasks[c] = tasks[c] * up.reindex(tasks.index).fillna(1.0)
    is_measured = tch.sum(axis=1)
    tch = tch * up.reindex(tch.columns).fillna(1.0)
    items = standards.items.loc[standards.items["per_case_month"].notna()
                                & standards.items["case_type"].isin(ct.index)]
    hpp, se, listed_cells = [], [], []
    for it in items.itertuples():
        t = tasks.reindex(list(it.task_types)).dropna(subset=["full_hours"])
        w = t["n_pieces"].to_numpy(float)  # older guide.json files are read with n_pieces
        hpp.append(float(np.average(t["full_hours"], weights=w)) if w.sum() else np.nan)
        half = (t["full_hours_ci_high"] - t["full_hours_ci_low"]).to_numpy(float) / (2 * z)
        se.append(float(np.sqrt(np.sum((w / w.sum() * half) ** 2))) if w.sum() else np.nan)
        listed_cells.append(float(tch.reindex(index=[it.case_type], columns=list(
            it.task_types)).fillna(0).to_numpy().sum()))
    items = items.assign(hours_per_piece=hpp, se=se, measured=listed_cells)
    items["should_hours"] = items["per_case_month"] * items["hours_per_piece"]
    g = items.groupby("case_type")
    is_h = ct["hours_per_case_month"].reindex(g.size().index)
    is_se = ((ct["hours_per_case_month_ci_high"] - ct["hours_per_case_month_ci_low"])
             .reindex(is_h.index) / (2 * z))
    listed = g["should_hours"].sum(min_count=1)
    unlisted = (is_h * tch.sum(axis=1).reindex(is_h.index) / is_measured.reindex(is_h.index)
                - g["measured"].sum()).clip(lower=0)
    var = g.apply(lambda d: float(np.sum((d["per_case_month"] * d["se"]) ** 2)),
                  include_groups=False) + (is_se * unlisted / is_h) ** 2
    est = listed + unlisted
    table = pd.DataFrame({"is_hours_per_case_month": is_h, "listed_hours": listed,
                          "unlisted_hours": unlisted, "should_hours_per_case_month": est,
                          "should_hours_per_case_month_ci_low": est - z * np.sqrt(var),
                          "should_hours_per_case_month_ci_high": est + z * np.sqrt(var),
                          "uplift": est / is_h,
                          "n_workers": ct["n_workers"].reindex(is_h.index)})
    table.index.name = "case_type"
    out = items[["case_type", "piece", "source"]].assign(
        per_case_month_required=items["per_case_month"], per_case_month_measured=np.nan,
        hours_per_piece=items["hours_per_piece"],
        hours_per_piece_ci_low=items["hours_per_piece"] - z * items["se"],
        hours_per_piece_ci_high=items["hours_per_piece"] + z * items["se"],
        n_pieces=np.nan, pooled=True, should_hours=items["should_hours"])
    return EventsShould(table, out.reset_index(drop=True))
