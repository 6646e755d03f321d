"""Other names of the canonical diary columns a header may give (``Duration (mins)`` is
``duration_min``; the week's first day's names): read by the layouts and by the repeated
header lines of appended exports (:mod:`timestudy.ingest.header_again`), one table for both;
and the headers a tool's report documents that no figure needs, named when a report has
another (:func:`columns_not_read`, one rule for Toggl Track, Clockify and Harvest, each
tool's list its own)."""

from __future__ import annotations

from timestudy.ingest.candidates import normalise
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

#: Prefixes of the money columns of Toggl Track's and Clockify's detailed reports, with or
#: without a currency (``Billable Rate (USD)``, ``Amount ()``, ``Profit (GBP)``): known,
#: never read (:mod:`timestudy.ingest.toggl` cites the pages). Each tool passes its own
#: (Harvest's: :data:`timestudy.ingest.harvest.MONEY`), so a column one tool writes is
#: named when another's report carries it.
TOGGL_CLOCKIFY_MONEY = ("amount", "billable_rate", "billable_amount", "cost_rate",
                        "cost_amount", "profit")
UNREAD_CODE = "columns_not_read"


def columns_not_read(extras: list, labels: dict, known: frozenset,
                     tool: str = "Toggl Track or Clockify",
                     money: tuple[str, ...] = TOGGL_CLOCKIFY_MONEY) -> dict | None:
    """The warning naming the columns of a tool's report that timestudy neither reads nor
    knows (``known``: normalised headers; a money column, ``Billable Rate (USD)``, is
    known by its prefix, one of the tool's ``money``), None when there are none: kept as
    written, but one of them may say what a row is (a break, time off, an entry not to
    count), so it is never passed over in silence.

    Examples
    --------
    >>> known = frozenset({"email", "tags"})
    >>> columns_not_read(["Email", "Billable Rate (USD)", "Kiosk", "Status"], {}, known)["columns"]
    ['Kiosk', 'Status']
    >>> columns_not_read(["Email", "Tags", "Amount ()", "Profit (GBP)"], {}, known) is None
    True
    >>> columns_not_read(["Profit (GBP)"], {}, known, "Harvest", ("cost_rate",))["columns"]
    ['Profit (GBP)']
    """
    read = set(labels.values())
    unknown = [str(c) for c in extras if not str(c).startswith("_") and str(c) not in read
               and normalise(c) not in known and not normalise(c).startswith(money)]
    if not unknown:
        return None
    listed = ", ".join(repr(c) for c in unknown)
    return {"code": UNREAD_CODE, "columns": unknown, "message": (
        f"{UNREAD_CODE}: {listed} {'is' if len(unknown) == 1 else 'are'} kept as written but "
        f"not read: not a column of a {tool} detailed report that timestudy knows, so nothing "
        "counted depends on it; if one says what a row is (a break, time off, an entry not to "
        "count), map it (columns: "
        f"{{task_type: {unknown[0]!r}}}) or take those rows out")}
