"""The words of an observation study's report: its sections, and how each measure was made."""

from __future__ import annotations

import pandas as pd

_SECTIONS = {
    "multitasking": (
        "Multitasking",
        "Share of each category's observed time during which the worker was doing more than one "
        "thing (overlapping tasks or a secondary activity). A category's minutes are the time any "
        "of its tasks was going on, counted once within the category, so a minute two categories "
        "share counts in each and the rows may add up past the last; the last row is all observed "
        "time (the sessions' time with no task included), counted once, and share_of_observed is "
        "of it.",
    ),
    "interruptions": (
        "Interruptions",
        "Interruptions per hour (the all row per hour of observed time, counted once; a category's "
        "row per hour of that category's own time), the share of tasks interrupted and never "
        "resumed, and time on task (the minutes a task took, its interruptions left out).",
    ),
    "tempogram": (
        "Time of day",
        "Share of the workers observed in each slot of the diary day who were doing each category: "
        "each category's minutes over the time observed in the slot, counted once. A task recorded "
        "as parallel with another counts in full, so a slot's shares may add up past 1 (the table "
        "shows the slots that start on a whole hour; tempogram.csv has every slot).",
    ),
    "transitions": (
        "Transitions",
        "Probability of each next category after a task of the category in the row.",
    ),
    "budget": (
        "Time budget",
        "Mean minutes per worker-day (or session), the share of them with any time on the category "
        "(participation), and the mean among those. Each category counts its own tasks' minutes, a "
        "task recorded as parallel with another in full, so the categories may add up past the "
        "all row: the time with a task recorded, counted once (the sessions' time with no task "
        "left out, which multitasking's share_of_observed includes); share_of_time is of it.",
    ),
    "agreement": (
        "Inter-observer agreement",
        "Two observers shadowing the same worker: Cohen's kappa on 1-second and longer time "
        "slices and on time-matched tasks, concordance of matched durations (its se on the "
        "CCC's scale, by the delta method; its interval Fisher's), timing gaps.",
    ),
    "multi_agreement": (
        "Agreement of several observers",
        "Sessions that three or more observers recorded of the same worker at the same time: "
        "Fleiss' kappa on 1-second and longer slices, with an interval from a bootstrap over "
        "these joint sessions, the kappa of each category, and Cohen's kappa for every pair of "
        "observers.",
    ),
}


_RULES = {
    ("interruptions", "field"): "recorded by the observer (interrupted_by), one per source named; a task id is read as that task's label",
    ("interruptions", "sequence"): "derived from the task sequence: a return to a task after "
    "other work (an upper bound; the export records no interruptions)",
    ("multitasking", "recorded"): "recorded by the export (multitask_with): time in which two "
    "or more tasks it marks as parallel overlap",
    ("multitasking", "overlap"): "derived: time in which episodes overlap, or a secondary "
    "activity is recorded",
}


def methods_table(interruption: str, multitask: str, why: dict | None = None) -> pd.DataFrame:
    """The methods of a study as a table: ``measure``, ``method``, ``rule``, ``chosen``.

    Examples
    --------
    >>> methods_table("field", "recorded")["method"].tolist()
    ['recorded', 'recorded']
    """
    why = why or {}
    rows = []
    for measure, method in (("interruptions", interruption), ("multitasking", multitask)):
        shown = "recorded" if method == "field" else method
        rows.append({"measure": measure, "method": shown, "rule": _RULES[(measure, method)],
                     "chosen": why.get(measure, "given")})
    return pd.DataFrame(rows).set_index("measure")


def _why(asked: str, column: str, episodes: pd.DataFrame) -> str:
    if asked != "auto":
        return f"given ({asked})"
    has = "has the" if column in episodes.columns else "has no"
    return f"auto: the layout {has} column `{column}`"
