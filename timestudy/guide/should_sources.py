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
    on = ev.items["pooled"] & ev.items["should_hours"].notna()  # pooled and applied
    note = [("time per piece pooled over all case types for " + ", ".join(
        ev.items.loc[on & (ev.items["case_type"] == k), "piece"])
        if k in set(ev.items.loc[on, "case_type"]) else "") for k in t.index]
    if "note" in t:  # why a figure was not computed or a standard not applied
        note = ["; ".join(filter(None, (w, n))) for w, n in zip(t["note"], note, strict=True)]
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
        few = r["n_experts"].to_numpy() < panel.min_experts
        note = np.where(r["consensus"], "IQR as interval",
                        np.where(few, f"fewer than {panel.min_experts} experts: not used",
                                 f"no consensus in round {r['round'].max()}: not used"))
        out.append(_rows(level, items, "delphi", _CASE if level == "case_type" else _TASK,
                         is_v, r["value"] * scale, r["q1"] * scale, r["q3"] * scale,
                         r["consensus"].to_numpy(bool), note, src))
    std = None if tasks_only else panel_standards(panel)
    if std is not None:
        ev = (should_by_events(models, std, task_uplifts=task_uplifts) if models is not None
              else events_from_guide(guide, std, task_uplifts))
        out.append(events_rows(guide, ev, std, "delphi_events", src, task_uplifts))
    return out


def _hours_per_piece(tasks: pd.DataFrame, items: pd.DataFrame, z: float):
    """Each item's hours per piece pooled over case types (weighted by pieces) and its
    standard error read off the published intervals; NaN where every task is suppressed."""
    hpp, se = [], []
    for it in items.itertuples():
        t = tasks.reindex(list(it.task_types)).dropna(subset=["full_hours"])
        w = t["n_pieces"].to_numpy(float)  # older guide.json files are read with n_pieces
        hpp.append(float(np.average(t["full_hours"], weights=w)) if w.sum() else np.nan)
        half = (t["full_hours_ci_high"] - t["full_hours_ci_low"]).to_numpy(float) / (2 * z)
        se.append(float(np.sqrt(np.sum((w / w.sum() * half) ** 2))) if w.sum() else np.nan)
    return hpp, se


#: Below this many hours the suppressed cells of a row are taken as empty (guide.json
#: rounds each cell to 6 decimals).
_ROUNDING_H = 1e-4


def _unlisted_hours(row: pd.Series, is_h: float, listed: list[str], up: pd.Series):
    """Should hours per case-month of a case type's unlisted work, read off its published
    row (NaN: a suppressed cell), or NaN and why it cannot be told.

    The row's total (``is_h``) is published; the unlisted hours are the total less the
    listed tasks' cells, so a suppressed listed cell leaves them unknown. Suppressed
    unlisted cells are known only as a sum (the rest of the total): with task uplifts
    that sum can be scaled only when its tasks share one uplift.
    """
    if not np.isfinite(is_h):
        return np.nan, "its hours per case-month are suppressed in the guide: not computed"
    cells = row.reindex(listed, fill_value=0.0)  # a task type not in the guide: no hours
    hidden = list(cells.index[cells.isna()])
    if hidden:
        return np.nan, (f"hours of {', '.join(hidden)} on these cases are suppressed in the "
                        "guide, so its unlisted hours (hours per case-month less the listed "
                        "tasks' hours) cannot be told from it: not computed; run should with "
                        "the study's data")
    rest = row.drop(listed, errors="ignore")
    u = up.reindex(rest.index).fillna(1.0)
    seen = rest.notna().to_numpy()
    rest_hidden = is_h - cells.sum() - rest[seen].sum()  # the suppressed unlisted cells
    u_hidden = np.unique(u[~seen])
    if len(u_hidden) > 1 and abs(rest_hidden) > _ROUNDING_H:
        return np.nan, ("suppressed cells of tasks with different uplifts ("
                        + ", ".join(rest.index[~seen]) + "): their should hours cannot be "
                        "told from the guide: not computed")
    scale = u_hidden[0] if len(u_hidden) else 1.0
    return max(float((rest[seen] * u[seen]).sum() + rest_hidden * scale), 0.0), ""


def events_from_guide(guide: TimeGuide, standards: Standards,
                      task_uplifts: pd.Series | None = None) -> EventsShould:
    """Should by events from a published guide: the guide's hours per piece by task type.

    Listed pieces count at the standard's rate times the guide's hours per piece of their
    task types, pooled over case types (the guide publishes none by case type); the rest
    of a case type's hours per case-month (its published total less the listed tasks'
    cells) counts as measured. Where the guide suppresses a listed task's cell, that rest
    is unknown and the case type's should is not computed (``note`` says why); a listed
    piece whose hours per piece are suppressed is not applied, its measured hours staying
    with the rest (``note`` names it). A guide built in this session (not read from
    guide.json) uses its unsuppressed cells.

    The interval treats the errors of the times per piece and of the unlisted hours as
    independent normal errors read off the published intervals (an approximation; with
    the study's models :func:`~timestudy.models.should_events.should_by_events` bootstraps).
    """
    z = norm_ppf(0.5 + float(guide.meta.get("level") or 0.95) / 2)
    tasks, ct = guide.tasks.copy(), guide.case_types
    tch = guide._task_case_hours_unsuppressed
    tch = guide.task_case_hours if tch is None else tch  # NaN: a suppressed cell
    up = (task_uplifts if task_uplifts is not None else pd.Series(dtype=float))
    for c in ("full_hours", "full_hours_ci_low", "full_hours_ci_high"):
        tasks[c] = tasks[c] * up.reindex(tasks.index).fillna(1.0)
    items = standards.items.loc[standards.items["per_case_month"].notna()
                                & standards.items["case_type"].isin(ct.index)]
    hpp, se = _hours_per_piece(tasks, items, z)
    items = items.assign(hours_per_piece=hpp, se=se)
    items["should_hours"] = items["per_case_month"] * items["hours_per_piece"]
    on = items["should_hours"].notna()
    types = pd.Index(pd.unique(items["case_type"])).sort_values()
    is_h = ct["hours_per_case_month"].reindex(types)
    is_se = ((ct["hours_per_case_month_ci_high"] - ct["hours_per_case_month_ci_low"])
             .reindex(types) / (2 * z))
    unlisted, notes = [], []
    for k in types:
        mine = items.loc[items["case_type"] == k]
        listed = list(dict.fromkeys(t for ts in mine.loc[on, "task_types"] for t in ts))
        u, why = (_unlisted_hours(tch.loc[k] if k in tch.index else pd.Series(dtype=float),
                                  float(is_h[k]), listed, up) if listed else
                  (np.nan, "no listed piece has hours per piece in the guide: not computed"))
        off = list(mine.loc[~on, "piece"])
        unlisted.append(u)
        notes.append("; ".join(filter(None, [why] + ([
            f"standard for {', '.join(off)} not applied: hours per piece suppressed in the "
            "guide, measured hours kept"] if off else []))))
    unlisted = pd.Series(unlisted, index=types, dtype=float)
    listed = items.loc[on].groupby("case_type")["should_hours"].sum().reindex(types)
    var = (items.loc[on].assign(v=(items["per_case_month"] * items["se"]) ** 2)
           .groupby("case_type")["v"].sum().reindex(types)) + (is_se * unlisted / is_h) ** 2
    est = listed + unlisted
    table = pd.DataFrame({"is_hours_per_case_month": is_h, "listed_hours": listed,
                          "unlisted_hours": unlisted, "should_hours_per_case_month": est,
                          "should_hours_per_case_month_ci_low": est - z * np.sqrt(var),
                          "should_hours_per_case_month_ci_high": est + z * np.sqrt(var),
                          "uplift": est / is_h,
                          "n_workers": ct["n_workers"].reindex(types), "note": notes})
    table.index.name = "case_type"
    out = items[["case_type", "piece", "source"]].assign(
        per_case_month_required=items["per_case_month"], per_case_month_measured=np.nan,
        hours_per_piece=items["hours_per_piece"],
        hours_per_piece_ci_low=items["hours_per_piece"] - z * items["se"],
        hours_per_piece_ci_high=items["hours_per_piece"] + z * items["se"],
        n_pieces=np.nan, pooled=True, should_hours=items["should_hours"])
    return EventsShould(table, out.reset_index(drop=True))
