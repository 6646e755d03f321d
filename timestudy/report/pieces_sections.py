"""Report sections on how complete the diaries were and how much the definitions matter."""

from __future__ import annotations

import pandas as pd

from timestudy._lib.disclose import count_words
from timestudy.guide.diary import quantile_counts
from timestudy.panels.completeness import STATUSES
from timestudy.panels.left_out import LEFT_OUT
from timestudy.panels.workdays import AT_WORK_STATUSES
from timestudy.report.format import SUPPRESSED, label, number, percent
from timestudy.report.model import Draw, Figure, Section, Table
from timestudy.report.rows import frame_of
from timestudy.report.run_sections import BY_WORKER_NOTE

SCALE_NAMES = {0.0: "same day only", 0.5: "half", 1.0: "in use", 2.0: "double"}


def completeness_rows(guide) -> list[dict]:
    """Worker-days by week: each of the day statuses (:data:`~timestudy.panels.STATUSES`), share
    complete."""
    rows = []
    for week, r in guide.completeness.iterrows():
        cells = {k: number(r.get(k), 0, missing=SUPPRESSED) for k in STATUSES}
        rows.append({"week of": f"{pd.Timestamp(week):%d %b %Y}",
                     "workers": number(r.get("workers"), 0), **cells,
                     "share complete": percent(r.get("share_complete"), 0, missing=SUPPRESSED)})
    return rows


def _listed(words) -> str:
    """The words as prose.

    Examples
    --------
    >>> _listed(AT_WORK_STATUSES)
    'complete, partial and missing'
    """
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _below_80(m: dict, k: int) -> str:
    """The workers under 80% complete, as the count rule publishes them (a guide.json
    written before the words were kept gives its number to the same rule).

    Examples
    --------
    >>> _below_80({"workers_below_80_percent_words": "fewer than 5 of 7"}, 5)
    'fewer than 5 of 7 workers had under 80% complete.'
    >>> _below_80({"n_workers": 7, "workers_below_80_percent": 4,
    ...            "share_complete_quantiles": {"median": 0.7}}, 5)
    'how many workers had under 80% complete is not shown: with the figures above it could give back a count of fewer than 5 workers (those under 80%, or the rest).'
    """
    if "workers_below_80_percent_words" in m:
        words = m["workers_below_80_percent_words"]
    else:
        n, below = m.get("n_workers"), m.get("workers_below_80_percent")
        words = None if n is None or below is None else count_words(
            below, n, k, quantile_counts(m.get("share_complete_quantiles"), n, k,
                                         m.get("share_complete")))
    if words is None:
        return ("how many workers had under 80% complete is not shown: with the figures "
                f"above it could give back a count of fewer than {k} workers (those under "
                "80%, or the rest).")
    return f"{words} workers had under 80% complete."


def quartile_words(q: dict) -> str:
    """How complete the diaries were by worker, from the median and lower quartile of the
    workers' shares complete, in words true of every set of shares that has them.

    The quartiles are numpy's, linear between the sorted shares ``s[0] <= ... <= s[n-1]``
    (:func:`~timestudy.guide.diary.completeness_summary`). At least half the shares are at
    least the median, and at least a quarter at most the lower quartile ``p25`` (``s[0]``
    to ``s[i]``, with ``i`` the whole part of ``(n - 1) / 4``, are: ``i + 1`` of them, at
    least ``n / 4``). "A quarter under ``p25``" is not true of every set: with the quartiles
    tied (9 diaries of 10 at 100%, one at 75%: ``p25`` = median = 100%) one of 10 is under.
    When ``p25`` equals the median the shares from ``s[i]`` up are at least the median, ``n
    - i`` of them, at least three quarters: the words say so.

    Parameters
    ----------
    q : dict
        The quartiles as guide.json gives them (``p25``, ``median``; shares 0 to 1).

    Returns
    -------
    str

    Examples
    --------
    Hand-worked: 10 diaries, 9 at 100% and one at 75%: ``p25`` = s[2] + 0.25 (s[3] - s[2])
    = 1.0 and the median (s[4] + s[5]) / 2 = 1.0, tied; 9 of 10 are at least 100%, which
    is at least three quarters.

    >>> quartile_words({"p25": 1.0, "median": 1.0, "p75": 1.0})
    'three quarters of the diaries had at least 100% of their working days complete'

    Shares 0.5, 0.5, 0.5 and seven 1.0: ``p25`` = 0.75 x 0.5 + 0.25 x 1.0 = 0.625 (3 of 10
    at most that), median 1.0 (7 of 10 at least that).

    >>> quartile_words({"p25": 0.625, "median": 1.0})
    'half the diaries had at least 100% of their working days complete, and a quarter at most 63%'
    """
    median = percent(q["median"])
    if q["p25"] >= q["median"]:  # tied: p25 <= median always
        return (f"three quarters of the diaries had at least {median} of their working days "
                "complete")
    return (f"half the diaries had at least {median} of their working days complete, and a "
            f"quarter at most {percent(q['p25'])}")


def case_time_rows(guide) -> list[dict]:
    """Hours on cases: counted, by colleagues, outside open dates, left out."""
    c = guide.meta.get("case_time") or {}
    gone = "not shown" if c.get("hours_left_out_withheld") else "–"  # fewer than 5 workers
    return [{"hours on cases": name, "hours": number(c.get(key), 0, missing=gone if key.startswith(
        "hours_left_out") else "–")} for key, name in (
        ("hours", "counted in the case weights"),
        ("hours_by_others", "of which by a colleague of the holder (scaled)"),
        ("hours_outside_open", "of which before the case opened or after it closed"),
        ("hours_outside_window", "left out: outside the holder's window"),
        ("hours_left_out", "left out: on cases in no case-month"),
        *((f"hours_left_out_{k}", f"of which on cases {text}") for k, text in LEFT_OUT.items()),
    ) if key in c]


def diary_section(guide) -> Section:
    """How complete the diaries were, by week and by worker, and which case time counted."""
    s = Section("diary", "How complete the diaries were")
    d = guide.meta.get("definitions") or {}
    s.add(d.get("completeness", "Each worker-day is complete, partial, missing or absent."))
    if len(guide.completeness):
        s.add(Table("Worker-days by week", frame_of(completeness_rows(guide)),
                    "Share complete: complete days over the contracted days at work "
                    f"({_listed(AT_WORK_STATUSES)})."))
    m = guide.meta.get("completeness") or {}
    q = m.get("share_complete_quantiles")
    if q:
        # not the lowest (nor the highest): that is one worker's figure
        s.add(f"By worker: {quartile_words(q)}; "
              + _below_80(m, int(guide.meta.get("min_workers", 5))))
    elif m:
        s.add("Completeness by worker is not shown: too few workers.")
    s.add(BY_WORKER_NOTE)
    s.add(d.get("case_time", ""))
    rows = case_time_rows(guide)
    if rows:
        s.add(Table("Hours on cases and the rules that counted them", frame_of(rows)))
    return s


#: A task "moves" when some other definition changes its time per piece by more than this
#: share: the tables and the figures of the definitions section leave out the others.
MOVES = 0.005


def moving_tasks(sensitivity: pd.DataFrame, measure: str, parameter: str | None = None
                 ) -> pd.Series:
    """The largest change of each task that moves (by more than :data:`MOVES`), largest first.

    Examples
    --------
    >>> t = pd.DataFrame({"parameter": "travel_gap_min", "value": [15.0, 60.0, 15.0, 60.0],
    ...                   "task_type": ["visit", "visit", "core_group", "core_group"],
    ...                   "full_change": [-0.12, 0.03, 0.0, 0.0]})
    >>> moving_tasks(t, "full_change").to_dict()
    {'visit': 0.12}
    """
    t = sensitivity if parameter is None else sensitivity.loc[
        sensitivity["parameter"] == parameter]
    moved = t[measure].abs().groupby(t["task_type"]).max()
    return moved.loc[moved > MOVES].sort_values(ascending=False, kind="stable")


def sensitivity_rows(guide, measure: str = "direct_change") -> list[dict]:
    """One row per task type: the change in time per piece under each other definition."""
    t = guide.sensitivity
    if t is None or not len(t):
        return []
    moved = moving_tasks(t, measure)
    cells: dict = {task: {} for task in moved.index}  # each task's cells, in the table's order
    for task, param, value, change in zip(t["task_type"], t["parameter"], t["value"],
                                          t[measure], strict=True):  # one pass, not one a task
        if task in cells:
            name = (f"window: {SCALE_NAMES.get(value, f'x{value:g}')}"
                    if param == "link_within_days" else f"gap {value:g} min")
            cells[task][name] = percent(change, 0, missing="-")
    return [{"task": label(task), **cells[task]}
            for task in sorted(moved.index, key=lambda k: -moved[k])]


def definitions_section(guide) -> Section:
    """How much the figures move with the linking window and the attribution gap."""
    s = Section("definitions", "How much the definitions matter")
    s.add("A piece of work is what the diary's sittings are linked into, and full time "
          "depends on which travel and notes are attributed to it. Below, every linking "
          "window is changed (same day only, half, double) and so is the largest gap "
          "between travel and its piece; each cell is the change in time per piece "
          f"against the definitions in use. Tasks that do not move (by more than {percent(MOVES, 1)}) "
          "are left out of the tables and figures.")
    if (getattr(guide, "meta", None) or {}).get("sensitivity"):  # skipped on purpose: said
        s.add("The sensitivity of time per piece to these definitions was not run for this "
              "guide (--no-sensitivity, or sensitivity: false in the study file); every other "
              "figure is as it would be with it. Run the guide without that option to see it.")
        return s
    if guide.sensitivity is None or not len(guide.sensitivity):
        s.add("No sensitivity analysis was run for this guide.")
        return s
    for measure, what in (("direct_change", "direct minutes"), ("full_change", "full hours")):
        rows = sensitivity_rows(guide, measure)
        if rows:
            s.add(Table(f"Change in {what} per piece of work", frame_of(rows)))
    data = guide.sensitivity
    for param, measure, caption, still in (
        ("link_within_days", "direct_change", "Direct minutes per piece as the linking windows "
         "change (times those in use; 0: each day its own piece).", "the linking windows change"),
        ("travel_gap_min", "full_change", "Full hours per piece as the largest gap between "
         "travel and the sitting it belongs to changes.", "the largest gap between travel "
         "and its sitting changes"),
    ):
        if moving_tasks(data, measure, param).empty:  # no line to draw: say so, draw none
            s.add(f"No task's {'direct minutes' if measure == 'direct_change' else 'full hours'}"
                  f" per piece move by more than {percent(MOVES, 1)} as {still}.")
            continue
        s.add(Figure(f"sensitivity_{param}", caption,
                     Draw("pieces_sensitivity_plot", (data,),
                          {"parameter": param, "measure": measure, "min_change": MOVES}),
                     (6.5, 3.8)))
    return s
