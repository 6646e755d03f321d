"""The method, assumptions and limitations of a time guide, written for a lay reader.

One text, shown the same way in ``report.html``, ``report.md`` and the
workbook's "Method and assumptions" sheet.
"""

from __future__ import annotations

from timestudy.capacity import DEFAULT_BANDS


def method_sections(
    meta: dict, *, adjustments=None, bands: tuple[float, float, float] = DEFAULT_BANDS
) -> list[tuple[str, list[str]]]:
    """The method text: a list of ``(heading, paragraphs)``.

    Parameters
    ----------
    meta : dict
        The guide's ``meta`` (workers, period, disclosure threshold, level,
        assumptions of time available).
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
    a = {
        "contracted_per_fte": 37.0,
        "leave_days": 27.0,
        "bank_holidays": 8.0,
        "sickness_days": 8.0,
        "training_days": 0.0,
    } | dict(meta.get("available_assumptions") or {})
    level = int(round(float(meta.get("level", 0.95)) * 100))
    n = meta.get("n_workers", "?")
    period = meta.get("period") or ["?", "?"]
    k = meta.get("min_workers", 5)
    if adjustments is not None:
        should = (
            f'The "should" figures in this guide use uplifts from {adjustments.source} '
            f"(method: {adjustments.method.replace('_', ' ')}"
            + (f", {adjustments.date}" if adjustments.date else "")
            + "). They are "
            'listed, with where they come from, in the section "Is versus should".'
        )
    else:
        should = (
            'No uplifts were given for this guide, so its "should" figures equal what '
            "was measured. Treat them as a floor, not as what the work needs."
        )
    d = meta.get("definitions") or {}
    pieces = [
        (heading, [d[key]]) for heading, key in (
            ("Pieces of work", "piece_of_work"),
            ("Direct minutes and full hours", "full_hours"),
            ("Pieces cut by the diary's edges", "censoring"),
            ("How complete the diaries were", "completeness"),
            ("Which hours count for a case", "case_time"),
        ) if d.get(key)
    ]
    return [
        (
            "What this guide is",
            [
                f"Social workers ({n} of them) kept a diary of their working time from {period[0]} "
                f"to {period[1]}: what they did, when, for how long, and for which case. Each "
                "entry was sorted into a task (a statutory visit, case notes, a court statement, "
                "travel...) and a category (direct work, recording, travel, admin). This guide "
                "turns those diaries into hours per task, hours per case and hours a worker has.",
                "No diary text and no names or identifiers of workers, children or families "
                "appear in this guide: only totals and averages over several workers.",
            ],
        ),
        *pieces,
        (
            "Case-months and hours per case-month",
            [
                "A case-month is one case open for one month (a case open for two weeks of the "
                "diary counts as about half a case-month). The hours per case-month of a case "
                "type are all the time spent on cases of that type (visits, the travel to them, "
                "the recording after them, meetings, court work, calls and emails about the "
                "case) divided by the case-months those cases were open. It is what one case of "
                "that type takes, on average, in a month.",
                "The relative weight compares each case type with the reference type: a weight "
                "of 2 means a case of that type takes twice the hours of a reference case.",
            ],
        ),
        (
            "Hours available",
            [
                f"A full-time worker is contracted for {a['contracted_per_fte']:g} hours a week. "
                "Some of that goes on work that belongs to no case (supervision, team meetings, "
                "training, email, IT problems); the diaries measure how much. What is left is "
                "the time available for casework per FTE-week.",
                f"Over a year, a worker is away for about {a['leave_days']:g} days' leave, "
                f"{a['bank_holidays']:g} bank holidays, {a['sickness_days']:g} days' sickness and "
                f"{a['training_days']:g} further training days; the time available per FTE-year "
                "counts only the weeks left. The hours available per FTE-month are a twelfth of "
                "that.",
                "The guide plans to contracted hours. Workers in the study worked longer than "
                'their contracts (see "Where the time goes"); a caseload that fits only because '
                "of unpaid evening work does not fit.",
            ],
        ),
        (
            "Is versus should",
            [
                "A diary measures what is done today, under today's pressure: where workers are "
                "overloaded, visits are shortened, records fall behind and some work is not done "
                'at all. Measured hours ("is") are therefore likely to understate what the work '
                'needs ("should"). Studies of this kind adjust them with uplift factors from a '
                "survey of whether workers had enough time for each task, or from an expert "
                "panel, or by estimating only from cases that met their visiting standards. An "
                "uplift of 1.2 means 20% more time is needed than was measured.",
                should,
            ],
        ),
        (
            "Intervals, and why workers are resampled",
            [
                f"Every figure comes with a {level}% interval: the range within which the true "
                "figure plausibly lies, given how many workers took part and how much they "
                "differed. A wide interval means the figure is uncertain and should be used "
                "with care.",
                "The intervals come from a bootstrap that resamples whole workers, not diary "
                "entries. Entries from the same worker are alike (the same habits, the same "
                "cases, the same distances to drive), so thousands of entries from a few "
                "workers are much less evidence than the same number from many workers. "
                f"Resampling workers ({meta.get('n_boot', 999)} times) lets the interval reflect "
                "that the evidence comes from a limited number of people.",
            ],
        ),
        (
            "Complexity multipliers",
            [
                "Cases of the same type differ: a child placed 60 miles away, or a family with "
                "twelve professionals involved, takes longer. A statistical model of hours per "
                "case-month estimates how much each feature adds. A multiplier of 1.02 for "
                "travel miles means each extra mile of distance adds about 2% to the hours a "
                "case takes, other things being equal; a multiplier of 1.0 means no "
                "difference; an interval that includes 1.0 means the study cannot tell.",
            ],
        ),
        (
            "Weighted load and status",
            [
                "A worker's weighted load is the hours their cases need in a month (the sum of "
                "the hours per case-month of each case) divided by the hours they have for "
                "casework in a month (their FTE times the hours available per FTE-month). "
                f"Status: red at {bands[2]:.0%} or more, amber from {bands[1]:.0%} to "
                f"{bands[2]:.0%}, green from {bands[0]:.0%} to {bands[1]:.0%}, blue under "
                f"{bands[0]:.0%} (the bands of the Probation workload tool).",
                "Staff needed (FTE) for a caseload is the hours it needs divided by the hours "
                "one FTE has; the gap is the staff in post less the staff needed.",
            ],
        ),
        (
            "Suppression (disclosure control)",
            [
                f"Any figure that rests on fewer than {k} workers is not published: it shows as "
                '"suppressed" and the list at the end of the report says which and why. This '
                "protects the workers who took part and avoids publishing figures too uncertain "
                f"to use. Teams with fewer than {k} workers are pooled with others, and figures "
                "about individual workers are shown only as unnamed points in a distribution.",
            ],
        ),
        (
            "Limitations",
            [
                "Diaries are kept by workers themselves: short tasks and interruptions are "
                "under-recorded, and keeping a diary can feel like surveillance, which may change "
                "what is written. The diary period is short, so rare work (a final care hearing, "
                "a complex placement move) is seen only a few times and its figures are "
                "uncertain. Workers who volunteer may not be typical of the service.",
                "The figures are averages. A case in crisis can take far more than its average "
                "in a given month, and a worker's experience changes how long things take. The "
                "guide is evidence for professional judgement in supervision and planning, not "
                "a measure of any individual's performance.",
            ],
        ),
    ]
