"""Which sheet of a workbook is read, and what is said of the others.

With no sheet named, the first worksheet Excel shows is read (a hidden sheet before it is
often a stale copy, audit22x), and the other sheets with data are named in the warning
``sheets_not_read``, its example a sheet Excel shows (the audit of 2026-12-06,
/tmp/audit24x/F_sheets.xlsx: a hidden ``Lists`` was the example). A sheet is named, or
numbered from 0 over every tab, hidden and chart sheets too, as it always was: a number
given to an older study reads the sheet it read then. The warning ``sheet_by_number`` names
the sheet a number read, and says when a tab before it is not shown in Excel (``--sheet
1`` of a book whose tabs are a hidden ``Lists``, ``W1``, ``W2`` reads ``W1``, the first tab
Excel shows).

A number that is also a sheet's name reads the sheet of that name: a council's tabs are
often week numbers (``1``, ``2``, ``3``), and ``--sheet 1`` is tab ``1``, not ``2`` counted
from 0 (the review of 2026-12-06, /tmp/review24b/sheets.xlsx: ``--sheet 1`` read ``2``, and
the suggested ``--sheet '2'`` is the same argument once the shell strips the quotes, so
only a mapping's ``sheet: '1'`` read tab ``1``). The warning ``sheet_by_number`` says so,
naming the sheet the number counts to, which its name reads. Every sheet can then be read
by its name; the count is for a number no sheet is named.
"""

from __future__ import annotations

from timestudy.errors import SchemaError


def pick_sheet(book, sheet: str | int | None, name: str):
    """The worksheet asked for, and its name: the first visible worksheet when ``sheet`` is
    None (the first worksheet when every one is hidden).

    ``sheet`` is a sheet's name (a number that is a sheet's name too, ``1`` in a book of
    tabs ``1``, ``2``, ``3``, is that name), or its number counted from 0 over the book's
    tabs as Excel shows them, left to right: chart sheets and hidden sheets are counted too (in a book
    whose tabs are ``Chart``, ``Old``, ``Diary``, ``sheet=1`` is ``Old``), so that a number
    given to an older study reads the sheet it read then; the warning ``sheet_by_number``
    names the sheet a number read (:func:`numbered_note`). A chart sheet, named or
    numbered, is refused: it has no cells. The name returned is the name of the worksheet
    returned, so the report, its warnings and the checks of the sheet's XML are of the
    sheet read.
    """
    names = book.sheetnames
    charts = {c.title for c in getattr(book, "chartsheets", ())}
    tabs = [n for n in names if n not in charts]
    if sheet is None:
        if not tabs:
            raise SchemaError("has no worksheet (only chart sheets): export the diary's "
                              "sheet as CSV", source=name)
        # the first a user sees: a hidden sheet before it is often a stale copy (audit22x)
        shown = [t for t in tabs if getattr(book[t], "sheet_state", "visible") == "visible"]
        first = (shown or tabs)[0]
        return book[first], first
    if _counted(sheet, names):
        if not 0 <= sheet < len(names):
            raise SchemaError(
                f"has no sheet number {sheet} (it has {len(names)}: "
                f"{', '.join(names)}); sheets are counted from 0",
                source=name,
            )
        title = names[sheet]
    elif str(sheet) not in names:
        raise SchemaError(
            f"has no sheet named {sheet!r}; its sheets are {', '.join(map(repr, names))}",
            source=name,
        )
    else:
        title = str(sheet)
    if title in charts:
        shown = ", ".join(f"{t!r} (sheet {names.index(t)})" for t in tabs) or "none"
        raise SchemaError(
            f"sheet {title!r} is a chart sheet, with no cells to read: name a worksheet; "
            f"its worksheets are {shown}",
            source=name,
        )
    return book[title], title


def _counted(sheet, names: list[str]) -> bool:
    """Whether ``sheet`` is a number counted over the tabs: an int no sheet is named."""
    return (isinstance(sheet, int) and not isinstance(sheet, bool)
            and str(sheet) not in names)


def numbered_note(book, sheet, title: str) -> dict | None:
    """The warning ``sheet_by_number`` naming the sheet a number read, and, when hidden or
    chart sheets come before it, that they are counted (the tab Excel shows at that place
    is another); for a number that is also a sheet's name, that the sheet of that name was
    read (:func:`_named_number`); None when ``sheet`` is not a number."""
    if not isinstance(sheet, int) or isinstance(sheet, bool):
        return None
    if not _counted(sheet, book.sheetnames):
        return _named_number(book.sheetnames, sheet)
    before = book.sheetnames[:sheet]
    charts = {c.title for c in getattr(book, "chartsheets", ())}
    unseen = [t for t in before if t in charts or book[t].sheet_state != "visible"]
    shown = [t for t in book.sheetnames if t not in charts
             and book[t].sheet_state == "visible"]
    message = (f"sheet_by_number: sheet {sheet} is {title!r}, the sheet read (sheets are "
               "counted from 0 over every tab, hidden and chart sheets too")
    if unseen:
        message += (f"; {', '.join(map(repr, unseen))} before it "
                    f"{'is' if len(unseen) == 1 else 'are'} not shown in Excel, so {title!r} "
                    + (f"is tab {shown.index(title) + 1} of those Excel shows, counted from 1"
                       if title in shown else "is not shown either"))
    return {"code": "sheet_by_number", "sheet": title, "message": message + "): to be sure "
            f"of the sheet read, give its name (--sheet {title!r}, or sheet: {title!r} in "
            "the mapping)"}


def _named_number(names: list[str], sheet: int) -> dict:
    """The warning ``sheet_by_number`` for a number that is also a sheet's name: the sheet
    of that name was read, and the sheet the number counts to is read by its name.

    Examples
    --------
    >>> print(_named_number(["1", "2", "3"], 1)["message"])
    sheet_by_number: sheet 1 is read as the sheet named '1' (a number that is a sheet's name reads that sheet; counted from 0 over every tab, 1 would be '2', read so before 2026-12-06): to read '2', give its name (--sheet 2, or sheet: '2' in the mapping)
    """
    title = str(sheet)
    message = (f"sheet_by_number: sheet {sheet} is read as the sheet named {title!r} (a "
               "number that is a sheet's name reads that sheet")
    if sheet < len(names) and names[sheet] != title:
        other = names[sheet]
        shell = other if other.isalnum() else repr(other)
        message += (f"; counted from 0 over every tab, {sheet} would be {other!r}, read so "
                    f"before 2026-12-06): to read {other!r}, give its name (--sheet {shell}, "
                    f"or sheet: {other!r} in the mapping)")
    else:
        message += ")"
    return {"code": "sheet_by_number", "sheet": title, "message": message}


def other_sheets(book, title: str) -> list[str]:
    """The names of the book's other sheets that hold more than one cell, by their
    dimension (read from the start of each sheet, not its rows)."""
    out = []
    for ws in book.worksheets:
        rows, cols = getattr(ws, "max_row", None), getattr(ws, "max_column", None)
        if ws.title != title and not (rows is not None and cols is not None and rows * cols <= 1):
            out.append(ws.title)
    return out


def elsewhere(others: list[str], hidden: frozenset = frozenset()) -> str:
    """Where else the diary may be: the other sheets (those ``hidden`` in Excel said so), and
    how to read one, a sheet Excel shows for the example.

    Examples
    --------
    >>> print(elsewhere(["Lists", "W2", "W3"], frozenset({"Lists"})))
    sheets 'Lists', 'W2', 'W3' were not read ('Lists' is hidden in Excel): give --sheet 'W2' (or sheet: 'W2' in the mapping)
    """
    listed = ", ".join(map(repr, others[:5])) + (f" and {len(others) - 5} more"
                                                 if len(others) > 5 else "")
    unseen = [t for t in others if t in hidden]
    example = next((t for t in others if t not in hidden), others[0])
    said = (f" ({', '.join(map(repr, unseen[:5]))} {'is' if len(unseen) == 1 else 'are'} "
            "hidden in Excel)" if unseen else "")
    return (f"sheet{'s' if len(others) > 1 else ''} {listed} "
            f"{'were' if len(others) > 1 else 'was'} not read{said}: give --sheet {example!r} "
            f"(or sheet: {example!r} in the mapping)")
