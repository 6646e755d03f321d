"""The definitions behind the guide's figures, in words: the linking windows and attribution
rules of the pieces of work, the diary's days and the case time counted (``meta`` and the
report's method section).
"""

from __future__ import annotations

import pandas as pd

from timestudy._lib.rounding import percentage, rounded
from timestudy.panels.attribution import SITTING_BREAK_MIN, TRAVEL_GAP_MIN


def definitions(pieces: dict, diary: dict, tasks: pd.DataFrame | None = None) -> dict[str, str]:
    """The definitions behind the guide's figures, in words (for ``meta`` and the report).

    ``pieces`` are the linking windows and attribution rules used (``fit_study``'s
    ``options["pieces"]``); ``diary`` the completeness options; ``tasks`` the time per
    piece table (:func:`~timestudy.models.estimate_task_times`), for the sittings
    estimated lost on missing days.
    """
    windows = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in
                        sorted(pieces.get("link_within_days", {}).items())) or "none"
    gap = pieces.get("travel_gap_min", TRAVEL_GAP_MIN)
    calls = ", ".join(k.replace("_", " ") for k in pieces.get("calls", ())) or "none"
    returns = ("A journey written without a case that ends within the same gap before a "
               "visit (direct work on a case, not a call) is the journey to it, whatever came "
               "before it; one that starts within the gap after a sitting on a case which a "
               "journey on that case led to is its journey back: each takes that case, and its "
               "minutes are case time (in full time, hours per case-month and the case / "
               "non-case split alike). "
               if pieces.get("return_journeys") else "")
    notes = pieces.get("notes_within_days", 3)
    below = diary.get("partial_below", 0.5)
    short = diary.get("short_below", 0.25)
    partial = "used" if diary.get("use_partial") else "left out of both hours and exposure"
    return {
        "piece_of_work": "One task on one case by one worker: a visit, an assessment write-up, "
        "a court statement. Sittings with the same piece-of-work reference (the diary's "
        "instance id) on the same case are one piece (an id reused on another case is "
        "another piece there); without one, sittings of the same task type on the "
        "same case are linked when each follows the one before within the task's linking "
        f"window in working days ({windows}; every other task type: the same day only). "
        "Working days are the days the worker worked, written or not: weekends, days off, "
        "leave and bank holidays do not split a piece. On one day, two sittings of a "
        "same-day task on one case are one piece when the second starts as the first "
        "ends (one entry written as two rows), or within "
        f"{SITTING_BREAK_MIN:g} minutes of it with nothing but a break between them (a "
        "conference broken for lunch is one conference); with another entry between them "
        "they are two. Case notes and travel on one case, and work not linked to a "
        "case (by task type), are the exception: a day's sittings of them are one piece "
        "(a day's notes on a case, written in two sittings, are one piece of notes). "
        f"A call ({calls}) is a piece per diary entry, even when two "
        "entries on one case follow each other without a break. "
        "Sittings per piece count the days the piece was worked. Work carried on without "
        "a break past the diary day's start from a night that was the longer part (a "
        "handover at 06:00 after a night begun at 20:00) is the night's.",
        "direct_minutes": "The minutes of a piece's own sittings, over all of them.",
        "full_hours": "A piece's direct time plus the travel and case notes attributed to it: "
        f"a journey (travel legs no more than {gap:g} minutes apart) belongs to the sitting on "
        f"the same case it leads to or returns from within {gap:g} minutes. {returns}"
        "Case notes may "
        "belong to any piece worked on the same case before them within "
        f"{notes} working days, except a piece of writing (its own record) or a call "
        "(recorded as it is made). Case notes written straight after a piece on its case "
        "and day, with no other case work between, belong to it alone. Time two or more "
        "pieces could claim is split by "
        "expectation-maximisation, in proportion to the travel or recording each task type "
        "brings per piece as estimated from the split itself; a minute is never counted twice, "
        "so full time over all pieces adds up to the case time of the diary. Travel and "
        "notes that no piece claims are pieces of their own, and only these are the travel "
        "and case notes rows' pieces of work, with the minutes no piece took as their direct "
        "and full time; the travel and notes that pieces claim are in those pieces' full "
        "hours, and each row's hours per FTE-week are all of its time. An entry wholly covered by "
        "another of its worker (none of its minutes counted: an entry written twice, a form "
        "submitted again, a second team's export) is no piece of work and takes no travel or "
        "notes; an instantaneous event (start equal to end) is still a piece of 0 minutes. "
        "Notes written straight after case work follow the sitting that ended last of those "
        "that started together.",
        "censoring": "A piece whose first sitting is close to the start of its worker's diary "
        "may have begun before it, one whose last sitting is close to the end may go on "
        "(close: within the 95th percentile of gaps, in working days, between sittings of "
        "that task). The days worked per piece are the mean of two estimates: a survival "
        "time from the pieces whose start or end was seen (Kaplan-Meier, both directions), "
        "and the steady-flow estimate (days worked on the task's pieces away from the "
        "diary's edges over the pieces seen to start or end there; a direction that sees no "
        "start, or no end, of the task's pieces is left out). Time per piece is that "
        "times the minutes per day worked on pieces of the task: no piece is left out, and "
        "the diary's edges do not make long work look short. They are not allowed for in "
        "the notes: a piece in its worker's last days may have case notes written after the "
        "diary, unseen, so its full time can be short (a warning names a task 1% or more "
        "short). The regression check of full "
        "hours counts the same way: a piece of a task done in one day counts 1 in its week, "
        "a piece worked over several days its days seen over these days per piece (the "
        "days per piece of the time per piece, with the diary's edges and days missing at "
        "random allowed for), spread over the weeks from its first sitting to its last, and "
        "the regression is of each worker-week's case hours (non-case time gives way to "
        "case work in a busy week, so hours worked would undercount a piece).",
        "missing_days": _missing_days(pieces, tasks),
        "completeness": "Each day of a worker's diary window (first to last entry) is "
        "complete, partial, missing, absent or extra. Missing: a contracted day with no work "
        "recorded and no leave, sickness or bank holiday. Partial (written in part): a "
        f"contracted day with at least {percentage(short)} and less than {percentage(below)} of the worker's "
        f"usual hours (the median of their days with work on that weekday, or on every "
        f"weekday when they have fewer than 3 of it) and no absence recorded ({partial}). "
        f"Short: a day with work under {percentage(short)} of the usual hours and no absence "
        "recorded is a day worked short (a flexi afternoon), complete and counted whole in "
        "hours and FTE-weeks (in a case's exposure neither a day seen nor one lost). The "
        "two look "
        f"alike in a diary: the rule takes a day written in part to hold at least {percentage(short)} of "
        "a usual day (the morning written, the afternoon not). Missing days are left out of "
        "both the hours and the exposure: never counted as days of zero hours.",
        "case_time": "Hours per case-month take the work on a case recorded on used days "
        "within its holder's window (their diary days, widened over the days off next to "
        "the first and the last: a case is held on its holder's days off as on their "
        "working days, while a worker who joins or leaves mid-study has a window that "
        "stops there: never before the workers table's joined date or on or after its left "
        "date, nor back over days off before a part-timer's first diary day when a "
        "contracted day of theirs in the study came before it), over the working days it "
        "was open in that window (the days of its holder's week: their own contracted "
        "days, each 5 over their days a week of a day, five thirds for a part-timer on "
        "three, five sixths for six, so a week is five days' worth whatever their week and "
        "a part-timer's day off no day of it; a pattern that alternates by week read week "
        "by week; a case held jointly, a job share, on its holders' days together, each 5 "
        "over the days of their weeks taken together (Monday to Wednesday and Wednesday to "
        "Friday: a day each), whichever is named first, a day out only when every holder "
        "whose day it is is away, a co-holder's work on it on a day of their own a "
        "holder's, not cover, and on their day off cover, as a colleague's, unless they were "
        "away in that spell themselves; a holder in the workers table who kept no diary "
        "holds none of their days (read as Monday to Friday when no workdays are given); "
        "less bank holidays (each its part of the holder's week) and less the days its holder "
        "was on leave or sick, written in or left blank, and the part of a day written as "
        "leave or sickness, an afternoon's leave half a day) times the share of the "
        "holder's working days that were used, each day weighed by its part at work and "
        "counted as it counts in the exposure (a six-day week's days five sixths); the "
        "study's days run from its first to its last diary day, widened within the first "
        "and last weeks over days no diarist is contracted to work (a team on Monday to "
        "Thursday keeps its last Friday); a "
        "case-month is 21.07 working days (the weekdays of a year less England and Wales' "
        "8 bank holidays, over 12; with the study's own number of bank holidays a year, "
        "a twelfth of a day less for each one more: 20.91 with 10), the days time "
        "available per FTE counts, so each bank holiday and each day of leave is taken "
        "out once. A spell of absence (days away with no day at work between them; a job "
        "share's, no day one of its holders was at work, their day or not) in "
        "which a colleague worked on a case, on one of its days away or on a day off "
        "between two of them, was held by cover: its days stay in that "
        "case's exposure and the colleague's hours count. Work by a "
        "colleague counts, scaled by the holder's used share over the colleague's; work "
        "before a case opened or after it closed counts (a closure summary is the case's "
        "work); work outside the holder's window is left out. Each is reported, over "
        "the case types whose figures are published.",
    }


def _missing_days(pieces: dict, tasks: pd.DataFrame | None) -> str:
    """The missing-days rule for pieces over several days, with the sittings estimated lost."""
    linked = [t for t, w in (pieces.get("link_within_days") or {}).items() if w > 0]
    lost = ""
    if tasks is not None and "sittings_lost" in tasks:
        n = float(tasks["sittings_lost"].reindex(linked).fillna(0).sum())
        lost = (f" In this study an estimated {rounded(n, 0):,.0f} sittings (days of work) on pieces worked "
                "over several days fell on days the diaries miss (the sum over those pieces "
                "of their days seen times 1/p - 1).")
    return ("A piece worked over several days loses the sittings that fall on days its "
            "worker's diary misses (a contracted day with no entries and no leave, or a "
            "partial day left out); one whose days were all missed is not seen. Each worker's "
            "days at work are taken to be in the diary at random, with the share p the diary "
            "has: a day seen counts 1/p days and a piece seen with j days counts "
            "1 - (-(1 - p)/p)^j pieces, which counts the pieces never seen too, and the days "
            "worked per piece are estimated from these (both estimates of the edge rule); the "
            "regression check's counts of pieces use the same days per piece. "
            "Tasks done in one day are unchanged." + lost + " Not allowed for: days left "
            "unwritten because they were busy (pieces still look short), and leave or "
            "sickness not written in (counted as missing days: pieces look long).")
