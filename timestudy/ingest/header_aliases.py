"""Other names of the canonical diary columns a header may give (``Duration (mins)`` is
``duration_min``; the week's first day's names): read by the layouts and by the repeated
header lines of appended exports (:mod:`timestudy.ingest.header_again`), one table for both."""

from __future__ import annotations

from timestudy.ingest.weekdays import ALIASES as WEEK_ALIASES

#: A normalised header (:func:`timestudy.ingest.candidates.normalise`) -> its canonical column.
HEADER_ALIASES = {
    "duration": "duration_min",
    "duration_mins": "duration_min",
    "duration_minutes": "duration_min",
    "minutes": "duration_min",
    "duration_(min)": "duration_min",  # Duration (mins), as a wrapped header cell reads too
    "duration_(mins)": "duration_min",
    "duration_(minutes)": "duration_min",
    **WEEK_ALIASES,
}
