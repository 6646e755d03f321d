"""What a report says about a calibrated guide: what the calibration did and did not calibrate.

A guide calibrated to local diaries (:meth:`timestudy.capacity.calibration.Calibration.to_guide`)
is the reference guide with some of its figures replaced: the council it is handed to reads
the report, not ``guide.json``. :func:`calibration_paragraphs` is the one text that says
which figures were calibrated, which are the reference's as it published them, which are
blank, and what the calibration recorded (``meta["calibration_notes"]``, naming the figures
of ``meta["calibration_not_calibrated"]``). It is a part of the method
(:func:`timestudy.report.method.method_sections`), so every format shows it in the same
words: HTML, Markdown, Word and PDF, and the workbook's method sheet; the report's summary
points to it (:func:`calibration_summary`).
"""

from __future__ import annotations

#: The heading of the calibration's part of the method.
HEADING = "Calibration to a reference guide"

#: The figures a calibration pools (as :data:`timestudy.capacity.calibration.POOLED` names
#: them), and how the report names them.
POOLED = {
    "hours per case-month": "hours per case-month by case type (with the relative weights "
                            "and should figures worked from them)",
    "full hours per piece of work": "full hours per piece of work",
}


def _calibrated(meta: dict) -> str:
    """What was calibrated: the pooled figures but those not calibrated at all (a record
    with key ``*``, such as a reference with no per-task table)."""
    none = {r.get("figure") for r in meta.get("calibration_not_calibrated") or []
            if r.get("key") == "*"}
    pooled = [words for figure, words in POOLED.items() if figure not in none]
    return ("This guide is a reference guide calibrated to a local study. Calibrated: "
            + (" and ".join(pooled) + ", each pooled between the reference and the local "
               "study by how precise each is, where both give it." if pooled else
               "none of its figures.") + _few(meta))


def _few(meta: dict) -> str:
    """The disclosure rule of the pooling (guides calibrated since it was recorded, with
    ``meta["calibration_min_workers"]``)."""
    n = meta.get("calibration_min_workers")
    if n is None:
        return ""
    return (f" A local figure resting on fewer than {n} local workers is not pooled: its "
            "calibrated figure is the reference's as published (with any local weight, the "
            "calibrated figure, the reference's and the weight would give the local figure "
            f"back); nor is a local time available from fewer than {n} case-holding "
            "workers taken.")


NOT_CALIBRATED = (
    "Not calibrated: every other figure is the reference guide's as it published it (direct "
    "minutes and sittings per piece of work, the complexity multipliers, the shares of time, "
    "and the workers, period and diary entries this report names), except the time "
    "available (the local study's where it measured it from enough workers, as the calibration's notes say); "
    "the event-based hours per case-month, the intervals of the relative weights and the "
    "regression check of full hours are left blank (that check compares one study's full "
    "hours with its own regression, which a calibrated figure does not have)."
)


def _not_calibrated(records: list[dict]) -> str:
    """The figures that could not be calibrated, from their records (for a guide whose
    notes do not name them)."""
    items = [f"{r.get('figure')} ({'all' if r.get('key') in ('*', 'all') else r.get('key')}): "
             f"{r.get('why')}" for r in records]
    return "Not calibrated, left blank: " + "; ".join(items) + "."


def calibration_paragraphs(meta: dict) -> list[str]:
    """What the calibration of a guide did and did not calibrate, as paragraphs; none for
    a guide that was not calibrated.

    Parameters
    ----------
    meta : dict
        The guide's ``meta``: ``calibrated``, ``calibration_notes``,
        ``calibration_not_calibrated`` (``{figure, key, why}`` records) and
        ``calibration_min_workers`` (the threshold of local workers).

    Returns
    -------
    list of str
        What was calibrated (and, with ``calibration_min_workers``, that a local figure
        from fewer local workers is not pooled), what was not (the reference's figures, the blank ones),
        then each note of the calibration as it recorded it; where the notes do not
        name the figures not calibrated, a sentence naming them from their records.

    Examples
    --------
    >>> calibration_paragraphs({"n_workers": 8})
    []
    >>> meta = {"calibrated": True, "calibration_notes": ["Between-site spread tau^2 = 0.01."],
    ...         "calibration_not_calibrated": [{"figure": "full hours per piece of work",
    ...             "key": "*", "why": "the reference publishes no per-task table"}]}
    >>> for p in calibration_paragraphs(meta)[:1] + calibration_paragraphs(meta)[2:]:
    ...     print(p)
    This guide is a reference guide calibrated to a local study. Calibrated: hours per case-month by case type (with the relative weights and should figures worked from them), each pooled between the reference and the local study by how precise each is, where both give it.
    Between-site spread tau^2 = 0.01.
    Not calibrated, left blank: full hours per piece of work (all): the reference publishes no per-task table.
    """
    if not meta.get("calibrated"):
        return []
    notes = [str(n) for n in meta.get("calibration_notes") or []]
    records = list(meta.get("calibration_not_calibrated") or [])
    said = any(str(r.get("why")) in n for r in records for n in notes)
    return [_calibrated(meta), NOT_CALIBRATED, *notes,
            *([_not_calibrated(records)] if records and not said else [])]


def calibration_summary(meta: dict) -> list[str]:
    """The summary's words on a calibrated guide: what was calibrated and what was not,
    and where the rest is said; none for a guide that was not calibrated.

    Examples
    --------
    >>> calibration_summary({})
    []
    >>> calibration_summary({"calibrated": True})[-1]
    'What the calibration recorded is under "Calibration to a reference guide" in the method.'
    """
    if not meta.get("calibrated"):
        return []
    return [_calibrated(meta), NOT_CALIBRATED,
            f'What the calibration recorded is under "{HEADING}" in the method.']
