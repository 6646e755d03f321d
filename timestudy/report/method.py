"""The method, assumptions and limitations of a time guide, written for a lay reader.

One text, shown the same way in every report format and on the workbook's
"Method and assumptions" sheet. Each part is a small function of the guide's
``meta``; :func:`method_sections` puts them in order. The warnings of the run
(``meta["warnings"]``) are each explained, with what to do, by
:func:`explain_warning`.
"""

from __future__ import annotations

import re

from timestudy.capacity import DEFAULT_BANDS
from timestudy.guide.diary import published_warnings
from timestudy.panels.holidays import month_working_days
from timestudy.report.calibration_words import HEADING as CALIBRATION
from timestudy.report.calibration_words import calibration_paragraphs
from timestudy.report.format import percent
from timestudy.report.headline import hours_beyond_contract

DEFAULT_ASSUMPTIONS = {"contracted_per_fte": 37.0, "leave_days": 27.0, "bank_holidays": 8.0,
                       "sickness_days": 8.0, "training_days": 0.0, "other_days": 0.0}


def _what(meta: dict) -> tuple[str, list[str]]:
    n = meta.get("n_workers", "?")
    period = meta.get("period") or ["?", "?"]
    return "What this guide is", [
        f"Social workers ({n} of them) kept a diary of their working time from {period[0]} "
        f"to {period[1]}: what they did, when, for how long, and for which case. Each "
        "entry was sorted into a task (a statutory visit, case notes, a court statement, "
        "travel...) and a category (direct work, recording, travel, admin). This guide "
        "turns those diaries into hours per piece of work, hours per case and hours a worker has.",
        "No diary text and no names or identifiers of workers, children or families "
        "appear in this guide: only totals and averages over several workers.",
    ]


def _weights(meta: dict) -> list[tuple[str, list[str]]]:
    """Survey weights, when the run had them (``meta["survey_weighted"]``; in a calibrated
    guide they weigh the local study's figures only).

    Examples
    --------
    >>> [h for h, _ in _weights({"survey_weighted": True})], _weights({})
    (['Survey weights'], [])
    >>> "every local figure" in _weights({"survey_weighted": True, "calibrated": True})[0][1][0]
    True
    """
    if not meta.get("survey_weighted"):
        return []
    k = meta.get("min_workers", 5)
    where = ("in every local figure pooled into this calibrated guide and in its time "
             "available when it is the local study's" if meta.get("calibrated") else
             "in every figure")
    return [("Survey weights", [
        "The workers who kept a diary are a sample: each one's diary counts, "
        f"{where}, by their survey weight (the number of workers they stand for), given "
        "with the diary. A figure is also not shown when its workers are fewer than "
        f"{k} in effect under their weights: a few heavily weighted workers can carry a "
        "figure that rests on more workers by head.",
    ])]


def _pieces(meta: dict) -> list[tuple[str, list[str]]]:
    """The definitions of pieces of work, full time, censoring, completeness and case time
    (the guide's ``meta["definitions"]``; none for a guide written before them)."""
    d = meta.get("definitions") or {}
    return [(heading, [d[key]]) for heading, key in (
        ("Pieces of work", "piece_of_work"),
        ("Direct minutes and full hours", "full_hours"),
        ("Pieces cut by the diary's edges", "censoring"),
        ("Days missing from the diary", "missing_days"),
        ("How complete the diaries were", "completeness"),
        ("Which hours count for a case", "case_time"),
    ) if d.get(key)]


def _case_months(meta: dict) -> tuple[str, list[str]]:
    return "Case-months and hours per case-month", [
        "A case-month is one case open for one month of working days: 21.07 working days, "
        "the weekdays of a year less its 8 bank holidays, over 12 (20.91 with 10 bank "
        "holidays a year, when the study gives that number; a case open for two "
        "weeks of the diary counts as about half a case-month). Bank holidays and the days "
        "its holder was on leave or sick (written in or left blank) are not in it, as they "
        "are not in the hours a worker has, so each is taken out once; a case a colleague "
        "covered while its holder was away keeps the days of that spell of absence, and "
        "the colleague's hours count. A case counts from the day after its "
        "holder's last working day before their first diary day to the day before their "
        "next working day after their last, so a part-time worker's cases count on their "
        "days off too; the working days come from the workers table's workdays (a "
        "compressed-hours contract must be written there, and a 9-day fortnight as "
        "'Mon-Fri / Mon-Thu' with the date of a week 1, so that its day off is not a day "
        "missed). The hours per case-month of a case "
        "type are all the time spent on cases of that type (visits, the travel to them, "
        "the recording after them, meetings, court work, calls and emails about the "
        "case) divided by the case-months those cases were open. It is what one case of "
        "that type takes, on average, in a month.",
        "The relative weight compares each case type with the reference type "
        f"({meta.get('reference_case_type') or 'CIN'}): a weight of 2 means a case of that "
        "type takes twice the hours of a reference case.",
    ]


def _available(meta: dict) -> tuple[str, list[str]]:
    a = DEFAULT_ASSUMPTIONS | dict(meta.get("available_assumptions") or {})
    return "Hours available", [
        f"A full-time worker is contracted for {a['contracted_per_fte']:g} hours a week. "
        "Some of that goes on work that belongs to no case (supervision, team meetings, "
        "training, email, IT problems); the diaries of the case-holding workers measure "
        "how much. A worker whose role holds no caseload (a share of 0 in the role "
        "allowances: a manager, an out-of-hours duty worker) is left out of these hours, "
        "as none of their time could go on a caseload; when fewer than the disclosure "
        "threshold are, their diaries are left out of the whole guide, so that no table "
        "gives their hours back. A worker whose role holds part of a caseload (an ASYE at "
        "0.9) counts whole here, as in every measured figure; the share applies to the "
        "caseload their hours can hold (their hours available, FTE in post). What is "
        "left is the time available for casework per FTE-week. When work not linked to a case "
        "takes every contracted hour, none is left: the time available is 0 (never a "
        "negative number of hours), and the guide then gives no caseload a worker can hold, "
        "no weighted loads and no staff needed.",
        f"Over a year, a worker is away for about {a['leave_days']:g} days' leave, "
        f"{a['bank_holidays']:g} bank holidays, {a['sickness_days']:g} days' sickness, "
        f"{a['training_days']:g} further training days and {a['other_days']:g} other days "
        "away from casework; the time available per FTE-year counts only the weeks left. "
        "The hours available per FTE-month are a twelfth of that. All of these are typed "
        "cells on the workbook's Assumptions sheet: change one and the calculator follows.",
        *filter(None, [_cover(a)]),
        _beyond_contracts(meta),
    ]


def _beyond_contracts(meta: dict) -> str:
    """That the guide plans to contracted hours; that workers worked longer than their
    contracts only when the headline's hours worked are above them by more than
    :data:`~timestudy.report.headline.BEYOND_CONTRACT_H` (the headline's own rule).

    Examples
    --------
    >>> h = {"hours_worked_per_fte_week": {"estimate": 36.5}, "contracted_hours_per_fte_week": 37}
    >>> "worked longer than their contracts" in _beyond_contracts({"headline": h})
    False
    >>> h["hours_worked_per_fte_week"]["estimate"] = 40.8
    >>> "worked longer than their contracts" in _beyond_contracts({"headline": h})
    True
    """
    if hours_beyond_contract(meta.get("headline") or {}) is not None:
        return ("The guide plans to contracted hours. Workers in the study worked longer than "
                'their contracts (see "Where the time goes"); a caseload that fits only '
                "because of unpaid evening work does not fit.")
    return ("The guide plans to contracted hours: hours worked beyond a contract are not "
            "counted as capacity, so a caseload that fits only because of unpaid evening work "
            "does not fit.")


def _cover(a: dict) -> str:
    """The paragraph saying that the need includes the cover of absences, with its size.

    Examples
    --------
    >>> print(_cover({"bank_holidays": 8, "leave_days": 27, "sickness_days": 8,
    ...               "training_days": 0, "other_days": 0}))  # doctest: +ELLIPSIS
    Cover for absence is part of the need. A case needs its hours per case-month in every month of the year (252.9 working days), and a worker is at work on 217.9 of them: ... 116% of what their hours allow (252.9 / 217.9)...
    """
    year = 12 * month_working_days(float(a["bank_holidays"]))  # 12 case-months' working days
    away = sum(float(a[k]) for k in ("leave_days", "sickness_days", "training_days",
                                     "other_days"))
    here = year - away
    if here <= 0:
        return ""
    return ("Cover for absence is part of the need. A case needs its hours per case-month in "
            f"every month of the year ({year:.1f} working days), and a worker is at work on "
            f"{here:.1f} of them: the hours their cases need include the cover of the days "
            "they are away, so a worker whose diary days were all casework, at their "
            f"contracted hours, holds {percent(year / here)} of what their hours allow "
            f"({year:.1f} / {here:.1f}). The hours per case-month are measured on the days "
            "a case's holder, or a colleague covering, was at work.")


def _roles(meta: dict) -> tuple[str, list[str]]:
    roles = meta.get("role_allowances") or {}
    if roles:
        listed = "; ".join(f"{k.replace('_', ' ')}: {percent(v)}" for k, v in roles.items())
        text = (f"Some roles hold less than a full caseload: {listed}. Their hours available "
                "(and the FTE in post they count for) are their FTE times that share; "
                "other roles hold a full caseload.")
    else:
        text = ("Every worker is counted as holding a full caseload for their FTE: no role "
                "allowances (such as a protected ASYE caseload) were given.")
    return "Role allowances", [text]


def _should(adjustments) -> tuple[str, list[str]]:
    if adjustments is not None:
        should = (
            f'The "should" figures in this guide use uplifts from {adjustments.source} '
            f"(method: {adjustments.method.replace('_', ' ')}"
            + (f", {adjustments.date}" if adjustments.date else "")
            + '). They are listed, with where they come from, in the section "Is versus '
            'should".')
        if not adjustments.from_evidence:
            should += (" They were written by hand, without the evidence behind them "
                       "(deprecated: compute them with `timestudy should` from practice "
                       "standards, a sufficiency survey or a Delphi panel).")
    else:
        should = ('No uplifts were given for this guide, so its "should" figures equal what '
                  "was measured. Treat them as a floor, not as what the work needs.")
    return "Is versus should", [
        "A diary measures what is done today, under today's pressure: where workers are "
        "overloaded, visits are shortened, records fall behind and some work is not done "
        'at all. Measured hours ("is") are therefore likely to understate what the work '
        'needs ("should"). Studies of this kind adjust them with uplift factors from a '
        "survey of whether workers had enough time for each task, or from an expert "
        "panel, or by estimating only from cases that met their visiting standards. An "
        "uplift of 1.2 means 20% more time is needed than was measured.",
        should,
    ]


def _intervals(meta: dict) -> tuple[str, list[str]]:
    level = percent(meta.get("level", 0.95))
    return "Intervals, and why workers are resampled", [
        f"Every figure comes with a {level} interval: the range within which the true "
        "figure plausibly lies, given how many workers took part and how much they "
        "differed. A wide interval means the figure is uncertain and should be used "
        "with care.",
        "The intervals come from a bootstrap that resamples whole workers, not diary "
        "entries. Entries from the same worker are alike (the same habits, the same "
        "cases, the same distances to drive), so thousands of entries from a few "
        "workers are much less evidence than the same number from many workers. "
        f"Resampling workers ({meta.get('n_boot', 999)} times, with a fixed random seed, so "
        "the same data give the same intervals) lets the interval reflect that the evidence "
        "comes from a limited number of people.",
        "Times, hours, weights and counts cannot be negative, so their intervals never go "
        "below zero: case weights and the headline's cases and FTE use log-scale intervals; "
        "the regression check of time per piece of work is bounded at zero; the share of workers "
        "over capacity has a Wilson interval, which stays between 0% and 100%. The "
        "headline's intervals combine the intervals of the hours per case-month and of the "
        "hours available as if they were independent (the delta method on the log scale).",
        "Hours per FTE-week (worked, out of hours, not linked to a case) have worker-"
        "clustered log-scale t intervals from the same bootstrap; with few workers and a "
        "skewed figure (out-of-hours work most workers do not do) the upper limit can lie "
        "above every worker's own figure, which is what so few workers can say about the "
        "mean of all. The hours available for casework are the contracted hours less the "
        "work not linked to a case, and their interval is that work's interval taken from "
        "the contracted hours, never below 0.",
    ]


def _complexity(meta: dict) -> tuple[str, list[str]]:
    return "Complexity multipliers", [
        "Cases of the same type differ: a child placed 60 miles away, or a family with "
        "twelve professionals involved, takes longer. A statistical model of hours per "
        "case-month estimates how much each feature adds. A multiplier of 1.02 for "
        "each mile to the child means each extra mile adds about 2% to the hours a case "
        "takes, other things being equal; a multiplier of 1.0 means no difference; an "
        "interval that includes 1.0 means the study cannot tell.",
    ]


def _status(bands) -> tuple[str, list[str]]:
    bands = [percent(b) for b in bands]  # green, amber, red: as the workbook shows them
    return "Weighted load, points and status", [
        "A worker's weighted load is the hours their cases need in a month (the sum of "
        "the hours per case-month of each case) divided by the hours they have for "
        "casework in a month (their FTE, times their role's share of a full caseload, times "
        "the hours available per FTE-month). In points, 100 is a full load for one FTE. "
        f"Status: red at {bands[2]} or more, amber from {bands[1]} to "
        f"{bands[2]}, green from {bands[0]} to {bands[1]}, blue under "
        f"{bands[0]} (the bands of the Probation workload tool). A worker at amber or "
        "red is over capacity.",
        "Staff needed (FTE) for a caseload is the hours it needs divided by the hours "
        "one FTE has; the gap is the staff in post less the staff needed, and the "
        "staffing ratio (as in WHO's WISN method) is staff in post divided by staff needed.",
    ]


def _suppression(meta: dict) -> tuple[str, list[str]]:
    k = meta.get("min_workers", 5)
    return "Figures not shown (disclosure control)", [
        f"Any figure that rests on fewer than {k} workers is not published: it shows as "
        '"not shown" and the list at the end of the report says which and why. This '
        "protects the workers who took part and avoids publishing figures too uncertain "
        f"to use. Teams with fewer than {k} workers are pooled with others, and figures "
        "about individual workers are shown only as unnamed points in a distribution.",
    ]


def _limitations(meta: dict) -> tuple[str, list[str]]:
    return "Limitations", [
        "Diaries are kept by workers themselves: short tasks and interruptions are "
        "under-recorded, and keeping a diary can feel like surveillance, which may change "
        "what is written. The diary period is short, so rare work (a final care hearing, "
        "a complex placement move) is seen only a few times and its figures are "
        "uncertain. Workers who volunteer may not be typical of the service.",
        "The figures are averages. A case in crisis can take far more than its average "
        "in a given month, and a worker's experience changes how long things take. The "
        "guide is evidence for professional judgement in supervision and planning, not "
        "a measure of any individual's performance.",
    ]


#: Warnings a run can give: pattern -> (what it means, what to do).
ADVICE = (
    (r"^mixed model: .*converge|^mixed model: .*Hessian",
     "The model of how much workers differ from one another could not settle on an answer.",
     "Nothing in the guide's published figures depends on it; with more workers or a longer "
     "diary it usually settles. Report the between-worker variance as unreliable."),
    (r"mixed model ignores survey weights",
     "The model of how much workers differ does not use the survey weights.",
     "Nothing to do: the guide's figures use the weights; only that one model does not."),
    (r"not estimable from these data",
     "One of the models could not be fitted to these data (too few workers or cases).",
     "Use the ratio estimates, which the guide always gives, or run a longer or larger study."),
    (r"ran out of time",
     "Some diary descriptions took too long to match against a taxonomy pattern and were "
     "left uncategorised.",
     "Simplify the pattern named in the warning (`timestudy taxonomy --check`)."),
    (r"^adjustments:",
     "An uplift in the adjustments file names a task or case type this study has no figures "
     "for, so it was not applied.",
     "Check its spelling against `timestudy taxonomy` or the cases table and run again."),
    (r"hours of work on cases are in no case-month",
     "Some work recorded on cases is in no case's hours per case-month: the case is not in "
     "the cases table, has no holder, its holder kept no diary, or it was open on no working "
     "day its holder wrote in the diary.",
     "Check the cases table's holders and opening and closing dates, and add missing cases; "
     "a case opened just after the diary ends is the usual cause."),
    (r"are not in taxonomy",
     "Some diary entries gave a task type or code the taxonomy does not know; they were "
     "categorised from their text instead.",
     "Map the local codes to the taxonomy's task types (a mapping file) and run again."),
)


def explain_warning(message: str) -> tuple[str, str]:
    """What a warning means and what to do about it, in plain words.

    Examples
    --------
    >>> explain_warning("mixed model: Maximum Likelihood optimization failed to converge")[1][:7]
    'Nothing'
    """
    for pattern, meaning, todo in ADVICE:
        if re.search(pattern, message, flags=re.IGNORECASE):
            return meaning, todo
    return ("A check during the run found something worth knowing.",
            "Read the message; if it names a file or column, correct it and run again.")


def _warnings(meta: dict) -> tuple[str, list[str]]:
    shown = published_warnings(meta)  # a figure of fewer than min_workers workers: words
    if shown is None:
        return "Warnings of this run", ["This guide does not record the warnings of its run."]
    if not shown:
        return "Warnings of this run", [
            "The run gave no warnings. (The same data, options and seed always give the same "
            "figures and the same warnings.)"]
    out = ["The run gave these warnings; the same data, options and seed always give the "
           "same ones."]
    for w in shown:
        meaning, todo = explain_warning(w["message"])
        out.append(f"“{w['message']}” {meaning} What to do: {todo}")
    return "Warnings of this run", out


def method_sections(
    meta: dict, *, adjustments=None, bands: tuple[float, float, float] = DEFAULT_BANDS
) -> list[tuple[str, list[str]]]:
    """The method text: a list of ``(heading, paragraphs)``.

    Parameters
    ----------
    meta : dict
        The guide's ``meta`` (workers, period, disclosure threshold, level,
        assumptions of time available, role allowances, survey weights, warnings, and
        what a calibration did and did not calibrate:
        :func:`~timestudy.report.calibration_words.calibration_paragraphs`).
    adjustments : Adjustments, optional
        The "is versus should" uplifts, if any.
    bands : (float, float, float)
        Lower edges of the green, amber and red status bands.

    Returns
    -------
    list of (str, list of str)

    Examples
    --------
    >>> meta = {"n_workers": 40, "period": ["2026-03-02", "2026-03-29"], "min_workers": 5,
    ...         "level": 0.95, "n_boot": 999, "available_assumptions": {}}
    >>> [h for h, _ in method_sections(meta)][:2]
    ['What this guide is', 'Case-months and hours per case-month']
    """
    calibrated = calibration_paragraphs(meta)
    return [_what(meta), *([(CALIBRATION, calibrated)] if calibrated else []), *_weights(meta),
            *_pieces(meta),
            _case_months(meta), _available(meta), _roles(meta),
            _should(adjustments), _intervals(meta), _complexity(meta), _status(bands),
            _suppression(meta), _warnings(meta), _limitations(meta)]
