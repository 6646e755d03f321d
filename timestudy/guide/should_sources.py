"""The rows each kind of evidence adds to :func:`timestudy.guide.should.should_evidence`.

Each function returns rows with the columns of ``EVIDENCE_COLUMNS`` (less ``chosen``
and ``agrees``, which the choice adds). ``events_from_guide`` computes should by events
from a published guide alone, for when the study's data are not at hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed, percentage
from timestudy.guide.counts import resting_on
from timestudy.guide.timeguide import TimeGuide
from timestudy.models.delphi import DelphiPanel
from timestudy.models.should_events import EventsShould, should_by_events, study_month_days
from timestudy.models.standards import StandardsMet
from timestudy.models.sufficiency import Sufficiency
from timestudy.panels.holidays import month_working_days
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH, Standards, standards_from_dict
from timestudy.stats.distributions import norm_ppf

_CASE, _TASK = "hours per case-month", "hours per piece"


def _rows(level, items, method, unit, is_v, should, lo, hi, eligible, note, source,
          uplift_ci=None):
    """Evidence rows; the uplift's interval is ``uplift_ci`` (low, high) when the evidence
    has one of its own (the survey's bootstrap over respondents), else the should interval
    over the measured figure (a standard or a panel's figure, the measured one fixed)."""
    is_v = np.asarray(is_v, float)
    should, lo, hi = (np.asarray(x, float) for x in (should, lo, hi))
    with np.errstate(all="ignore"):
        ulo, uhi = (lo / is_v, hi / is_v) if uplift_ci is None else (
            np.asarray(x, float) for x in uplift_ci)
        return pd.DataFrame({
            "level": level, "item": list(map(str, items)), "method": method, "unit": unit,
            "is_value": is_v, "should_value": should, "should_ci_low": lo, "should_ci_high": hi,
            "uplift": should / is_v, "uplift_ci_low": ulo, "uplift_ci_high": uhi,
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
    rates = _rate_notes(ev.items)
    note = ["; ".join(filter(None, (n, rates.get(k, "")))) for n, k in zip(note, t.index,
                                                                            strict=True)]
    if uplifts is not None and len(uplifts):
        scaled = "times per piece scaled by the chosen task uplifts (" + ", ".join(
            f"{k} {fixed(v, 2)}" for k, v in uplifts.items()) + ")"
        note = [f"{n}; {scaled}" if n else scaled for n in note]
    return _rows("case_type", t.index, method, _CASE, _is_case(guide, t.index),
                 t["should_hours_per_case_month"], t["should_hours_per_case_month_ci_low"],
                 t["should_hours_per_case_month_ci_high"], True, note,
                 source or f"{standards.name} ({standards.source})")


def _rate_notes(items: pd.DataFrame) -> dict:
    """By case type: the pieces done more often than required (their measured rate kept),
    and those whose rate applied is below the measured one (a panel's frequencies)."""
    if "per_case_month_applied" not in items:
        return {}
    i = items.dropna(subset=["per_case_month_applied", "per_case_month_measured"])
    above = i.loc[i["per_case_month_measured"] > i["per_case_month_required"] + 1e-9]
    kept = above.loc[i["per_case_month_applied"] >= i["per_case_month_measured"] - 1e-9]
    below = above.loc[i["per_case_month_applied"] < i["per_case_month_measured"] - 1e-9]
    out: dict = {}
    for k in sorted(set(above["case_type"])):
        words = []
        if k in set(kept["case_type"]):
            words.append("done more often than required, so the measured rate is kept: "
                         + ", ".join(kept.loc[kept["case_type"] == k, "piece"]))
        if k in set(below["case_type"]):
            words.append("the rate given is below the rate measured, so should takes time "
                         "out for: " + ", ".join(below.loc[below["case_type"] == k, "piece"]))
        out[k] = "; ".join(words)
    return out


#: How far a figure read back from guide.json (6 decimals) can be from the models' own.
_JSON_DIGITS = 5e-7


def met_rows(guide: TimeGuide, met: StandardsMet, standards: Standards) -> pd.DataFrame:
    """Case-type rows of the NCCD estimate: hours of cases that met the standard."""
    b = met.by_type
    few = b["n_workers_met"] < int(guide.meta.get("min_workers") or 5)
    nothing = b.get("n_nothing_due", pd.Series(0, index=b.index)).fillna(0).astype(int)
    blind = (nothing >= b["n_cases"]).to_numpy()  # no case could be seen to meet or miss it
    unjudged = b.get("not_judged", pd.Series("", index=b.index)).fillna("")
    note = [_met_note(s, n, d, j) + ("; fewer workers than the disclosure threshold" if f
                                     else "")
            for s, n, d, j, f in zip(b["share_met"], b["n_cases"], nothing, unjudged, few,
                                     strict=True)]
    is_h = _is_case(guide, b.index)
    should, lo, hi = (b[f"hours_per_case_month_met{c}"].where(~few).to_numpy(float)
                      for c in ("", "_ci_low", "_ci_high"))
    # a standard is a minimum: never below what was measured (said where it shows); every
    # case's figure (all met, or nothing due) is the measured one, to guide.json's 6 decimals
    with np.errstate(invalid="ignore"):
        below = np.round(should, 2) < np.round(is_h, 2)
        should = np.where(np.abs(should - is_h) <= _JSON_DIGITS, is_h, should)
        should, lo, hi = (np.where(x < is_h, is_h, x) for x in (should, lo, hi))
    note = [f"{n}; the cases that met it took {fixed(s, 2)} h, below the {fixed(i, 2)} h "
            "measured: floored at the measured hours (a standard is a minimum)" if o else n
            for n, s, i, o in zip(note, b["hours_per_case_month_met"], is_h, below,
                                  strict=True)]
    return _rows("case_type", b.index, "standards_met", _CASE, is_h, should, lo, hi,
                 ~few.to_numpy() & ~blind, note, f"{standards.name}: cases that met it")


def _met_note(share: float, n: int, nothing: int, unjudged: str) -> str:
    """What the share of cases meeting the standard rests on: the cases with nothing due
    in the diary period (none could be seen to meet or miss it) and the pieces due for
    no case (not judged), said, never silent.

    Examples
    --------
    >>> _met_note(1.0, 10, 10, "visit")
    'nothing was due in the diary period for any of the 10 cases (not judged: visit), so none could be seen to meet or miss the standard: not used'
    >>> _met_note(0.9, 10, 4, "")
    '90% of 10 cases met the standard; 4 of them had nothing due in the diary period (counted as meeting it, though none could be seen to meet or miss it)'
    """
    if n and nothing >= n:
        return (f"nothing was due in the diary period for any of the {n} cases"
                + (f" (not judged: {unjudged})" if unjudged else "")
                + ", so none could be seen to meet or miss the standard: not used")
    out = f"{percentage(share)} of {n} cases met the standard"
    if nothing:
        out += (f"; {nothing} of them had nothing due in the diary period (counted as meeting "
                "it, though none could be seen to meet or miss it)")
    if unjudged:
        out += f"; not judged (due for no case in the diary period): {unjudged}"
    return out


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
            f"{percentage(sh)} of {n} lack time" + ("; review" if rev else "")
            + ("" if np.isfinite(h) else "; " + _no_time_note(guide, k))
            for k, sup, sh, n, rev, h in zip(t.index, t["suppressed"], t["share_insufficient"],
                                             t["n_respondents"], t["review"], is_h,
                                             strict=True)]
    return _rows("task_type", t.index, "survey", _TASK, is_h, should,
                 should - below, should + above,
                 ~t["suppressed"].to_numpy() & np.isfinite(is_h), note,
                 "sufficiency-of-time survey",
                 uplift_ci=(t["uplift_ci_low"], t["uplift_ci_high"]))


def _no_time_note(guide: TimeGuide, task: str) -> str:
    """Why a survey answer about ``task`` cannot be applied: the guide has no time per piece
    of it (case notes and travel are counted in the pieces they belong to), and so no
    minutes to add the extra ones to.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(tasks=pd.DataFrame({"category": ["recording"]},
    ...                                        index=["case_notes"]), suppressed=[])
    >>> _no_time_note(g, "case_notes").split(" and ")[0]
    'not applied: the guide has no time per piece of case_notes'
    """
    tasks = guide.tasks
    if task not in tasks.index:
        return (f"not applied: the study has no task type {task} (check the spelling against "
                "the taxonomy)")
    has = hasattr(guide, "reasons")
    hidden = guide.reasons("tasks").get(task) if has else None  # the whole task withheld
    why = hidden or (guide.reasons("tasks.full_hours").get(task) if has else None)
    out = f"not applied: the guide has no time per piece of {task}" + (
        f" ({why})" if why else "")
    if not hidden and tasks.get("category", pd.Series(dtype=object)).get(task) in (
            "recording", "travel"):
        out += (" and most of its time is counted in the pieces of work it belongs to, so "
                "extra minutes per piece of it cannot be added to any piece; ask about those "
                "pieces (the visit with its notes) instead")
    return out


def guide_month_days(guide: TimeGuide, models=None) -> float:
    """Working days in the study's case-month: the models' (:func:`~timestudy.models.
    should_events.study_month_days`), else of the bank holidays a year the guide's time
    available counted (21.07 with 8, 20.91 with 10; 21.07 when the guide does not say).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"available_assumptions": {"bank_holidays": 10.0}})
    >>> round(guide_month_days(g), 4), round(guide_month_days(SimpleNamespace(meta={})), 4)
    (20.9077, 21.0744)
    """
    if models is not None:
        return study_month_days(models)
    n = ((getattr(guide, "meta", None) or {}).get("available_assumptions") or {}).get(
        "bank_holidays")
    return WORKING_DAYS_PER_MONTH if n is None else month_working_days(float(n))


def panel_standards(panel: DelphiPanel, month_days: float = WORKING_DAYS_PER_MONTH
                    ) -> Standards | None:
    """The panel's pieces per case-month as standards (one recurring piece per task), each
    every ``month_days / value`` working days: the rate itself in a case-month of
    ``month_days`` working days (the study's)."""
    f = panel.final.loc[panel.final["measure"] == "pieces_per_case_month"]
    f = f.loc[f["consensus"].astype(bool) & (f["value"] > 0)]
    if f.empty:
        return None
    case_types: dict = {}
    for r in f.itertuples():
        task, ctype = r.item.removeprefix("task:").split("@")
        case_types.setdefault(ctype, []).append({
            "piece": task, "task_types": [task], "source": "Delphi panel",
            "every": f"{month_days / r.value:.6f} working days"})
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
    std = None if tasks_only else panel_standards(panel, guide_month_days(guide, models))
    if std is not None:
        # the panel's frequencies are its whole rate, not a minimum (a row says where they
        # are below the rate measured)
        ev = (should_by_events(models, std, task_uplifts=task_uplifts, minimum=False,
                               is_hours=guide.case_types["hours_per_case_month"])
              if models is not None else events_from_guide(guide, std, task_uplifts,
                                                           minimum=False))
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


def _item_hours(row: pd.Series, items: pd.DataFrame, up: pd.Series) -> np.ndarray:
    """Measured hours per case-month of each item on one case type, read off its published
    row and scaled by the task uplifts; each task type counts to the first item listing it
    (as :func:`~timestudy.models.should_events.should_by_events` codes pieces)."""
    taken: set = set()
    out = []
    for ts in items["task_types"]:
        mine = [t for t in ts if t not in taken]
        taken.update(mine)
        cells = row.reindex(mine, fill_value=0.0)  # a task type not in the guide: no hours
        out.append(np.nan if cells.isna().any()  # a hidden cell: unknown, never zero
                   else float((cells * up.reindex(mine).fillna(1.0)).sum()))
    return np.asarray(out, float)


def _measured_by_type(items: pd.DataFrame, on: pd.Series, types: pd.Index,
                      tch: pd.DataFrame, is_h: pd.Series, up: pd.Series, known=frozenset()):
    """Each case type's unlisted hours and note (:func:`_unlisted_hours`); fills the items'
    ``measured_hours`` (:func:`_item_hours`) in place."""
    unlisted, notes = [], []
    for k in types:  # a handful of case types
        mine = items.loc[items["case_type"] == k]
        listed = list(dict.fromkeys(t for ts in mine.loc[on, "task_types"] for t in ts))
        row = tch.loc[k] if k in tch.index else pd.Series(dtype=float)
        u, why = (_unlisted_hours(row, float(is_h[k]), listed, up) if listed else
                  (np.nan, "no listed piece has hours per piece in the guide: not computed"))
        items.loc[mine.index[on[mine.index]], "measured_hours"] = _item_hours(
            row, mine.loc[on], up)
        absent = mine["task_types"].map(lambda ts: not set(ts) & known)  # not in the guide
        off = list(mine.loc[~on & ~absent, "piece"])
        gone = list(mine.loc[~on & absent, "piece"])
        unlisted.append(u)
        notes.append("; ".join(filter(None, [why] + ([
            f"standard for {', '.join(off)} not applied: hours per piece suppressed in the "
            "guide, measured hours kept"] if off else []) + ([
            f"standard for {', '.join(gone)} not applied: none of its task types is in "
            "the guide, so no time per piece to price it (a diary recording it, or a Delphi "
            f"panel's hours per case-month for {k}, prices it)"] if gone else []))))
    return pd.Series(unlisted, index=types, dtype=float), notes


def _half_widths(items: pd.DataFrame, ct: pd.DataFrame, measured: pd.Series, z: float):
    """Below and above the should figure: the measured figure's published interval, scaled
    to the measured part (task uplifts), and the added time's error (the rate x the error
    of the hours per piece, where time is added), each side in quadrature."""
    v = np.where(items["added_hours"] != 0, (items["per_case_month"] * items["se"]) ** 2, 0.0)
    var = pd.Series(v, index=items.index).groupby(items["case_type"]).sum().reindex(ct.index)
    is_h = ct["hours_per_case_month"]
    with np.errstate(all="ignore"):
        scale = measured / is_h
        below = np.hypot((is_h - ct["hours_per_case_month_ci_low"]) * scale, z * np.sqrt(var))
        above = np.hypot((ct["hours_per_case_month_ci_high"] - is_h) * scale, z * np.sqrt(var))
    return below, above


def events_from_guide(guide: TimeGuide, standards: Standards,
                      task_uplifts: pd.Series | None = None, *, minimum: bool = True
                      ) -> EventsShould:
    """Should by events from a published guide: the guide's hours per piece by task type.

    Each listed piece counts at the standard's rate times the guide's hours per piece of
    its task types (pooled over case types: the guide publishes none by case type), or at
    its measured hours on the case type (its tasks' cells) where those are more: a
    standard is a minimum (``minimum``; a Delphi panel's frequencies, ``minimum=False``,
    are the rate itself). The rest of a case type's hours per case-month (its published
    total less the listed tasks' cells) counts as measured. So should = the measured
    hours + ``added_hours`` (the time of the occasions short of the standard, each
    minute once), never below what was measured. Where the guide suppresses a listed
    task's cell, that rest is unknown and the case type's should is not computed
    (``note`` says why); a listed piece whose hours per piece are suppressed is not
    applied, its measured hours staying with the rest (``note`` names it). A guide built
    in this session (not read from guide.json) uses its unsuppressed cells.

    The interval is the measured figure's published interval (scaled by the task
    uplifts) widened by the error of the added time: the standard's rate x the standard
    error of the hours per piece read off the published intervals, on each side added in
    quadrature (independent normal errors: an approximation; with the study's models
    :func:`~timestudy.models.should_events.should_by_events` bootstraps). Should rests on
    the measured figure, so its interval is never narrower than that figure's.

    Examples
    --------
    One case type, CP, 5.0 h per case-month (4.0 to 6.0), of which visits 1.5 h; a visit
    (2.0 h a piece, 1.8 to 2.2) is due twice a case-month: 2 x 2.0 = 4.0 h listed, 2.5 h
    more than measured, should 5.0 + 2.5 = 7.5 h:

    >>> from types import SimpleNamespace
    >>> from timestudy.schema.standards import standards_from_dict
    >>> std = standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
    ...     "case_types": {"CP": [{"piece": "visit", "task_types": ["statutory_visit"],
    ...                            "every": "0.5 months", "source": "t"}]}})
    >>> g = SimpleNamespace(meta={"level": 0.95}, _task_case_hours_unsuppressed=None,
    ...     tasks=pd.DataFrame({"full_hours": [2.0], "full_hours_ci_low": [1.8],
    ...                         "full_hours_ci_high": [2.2], "n_pieces": [10]},
    ...                        index=["statutory_visit"]),
    ...     task_case_hours=pd.DataFrame({"statutory_visit": [1.5], "liaison": [3.5]},
    ...                                  index=["CP"]),
    ...     case_types=pd.DataFrame({"hours_per_case_month": [5.0],
    ...         "hours_per_case_month_ci_low": [4.0], "hours_per_case_month_ci_high": [6.0],
    ...         "n_workers": [10]}, index=["CP"]))
    >>> t = events_from_guide(g, std).table.loc["CP"]
    >>> round(float(t["should_hours_per_case_month"]), 2), round(float(t["added_hours"]), 2)
    (7.5, 2.5)
    >>> bool(t["should_hours_per_case_month_ci_high"] - t["should_hours_per_case_month_ci_low"]
    ...      >= 6.0 - 4.0)
    True
    """
    z = norm_ppf(0.5 + float(guide.meta.get("level") or 0.95) / 2)
    tasks, ct = guide.tasks.copy(), guide.case_types
    tch = guide._task_case_hours_unsuppressed
    tch = guide.task_case_hours if tch is None else tch  # NaN: a suppressed cell
    up = (task_uplifts if task_uplifts is not None else pd.Series(dtype=float))
    for c in ("full_hours", "full_hours_ci_low", "full_hours_ci_high"):
        tasks[c] = tasks[c] * up.reindex(tasks.index).fillna(1.0)
    standards = standards.in_case_month(guide_month_days(guide))  # working days: the study's
    items = standards.items.loc[standards.items["per_case_month"].notna()
                                & standards.items["case_type"].isin(ct.index)]
    hpp, se = _hours_per_piece(tasks, items, z)
    items = items.assign(hours_per_piece=hpp, se=se, measured_hours=np.nan)
    on = items["hours_per_piece"].notna()
    types = pd.Index(pd.unique(items["case_type"])).sort_values()
    is_h = ct["hours_per_case_month"].reindex(types)
    unlisted, notes = _measured_by_type(items, on, types, tch, is_h, up,
                                        frozenset(map(str, guide.tasks.index)))
    required = items["per_case_month"] * items["hours_per_piece"]
    items["should_hours"] = (np.fmax(required, items["measured_hours"]) if minimum
                             else required)
    items["added_hours"] = items["should_hours"] - items["measured_hours"]
    by = items.loc[on].groupby("case_type")
    listed = by["should_hours"].sum().reindex(types)
    measured = by["measured_hours"].sum().reindex(types) + unlisted  # NaN: not computed
    added = by["added_hours"].sum().reindex(types)
    est = listed + unlisted
    below, above = _half_widths(items.loc[on], ct.reindex(types), measured, z)
    table = pd.DataFrame({"is_hours_per_case_month": is_h, "listed_hours": listed,
                          "unlisted_hours": unlisted, "added_hours": added.where(est.notna()),
                          "task_uplift_hours": est - is_h - added,  # is + both = should
                          "should_hours_per_case_month": est,
                          "should_hours_per_case_month_ci_low": est - below,
                          "should_hours_per_case_month_ci_high": est + above,
                          "uplift": est / is_h,
                          # the guide's count as published: a band's least where withheld,
                          # which gives its words again (published_worker_counts)
                          "n_workers": resting_on(ct["n_workers"], ct.get(
                              "n_workers_words")).reindex(types), "note": notes})
    table.index.name = "case_type"
    with np.errstate(all="ignore"):
        rate_measured = items["measured_hours"] / items["hours_per_piece"]
    out = items[["case_type", "piece", "source"]].assign(
        per_case_month_required=items["per_case_month"],
        per_case_month_measured=rate_measured,
        per_case_month_applied=(np.fmax(items["per_case_month"], rate_measured) if minimum
                                else items["per_case_month"]),
        hours_per_piece=items["hours_per_piece"],
        hours_per_piece_ci_low=items["hours_per_piece"] - z * items["se"],
        hours_per_piece_ci_high=items["hours_per_piece"] + z * items["se"],
        n_pieces=np.nan, pooled=True, should_hours=items["should_hours"],
        added_hours=items["added_hours"])
    return EventsShould(table, out.reset_index(drop=True))
