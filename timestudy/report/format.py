"""Formatting figures for people: intervals, shares, suppressed values, safe text."""

from __future__ import annotations

# the one rounding of every shown figure, which every layer imports (report.format's
# as_in_json and rounded are those)
from timestudy._lib.rounding import as_in_json as as_in_json
from timestudy._lib.rounding import finite as _finite
from timestudy._lib.rounding import percentage, rounded
from timestudy.privacy import safe_text

SUPPRESSED = "suppressed"
NOT_ESTIMATED = "–"


def number(value, digits: int = 1, *, missing: str = NOT_ESTIMATED) -> str:
    """A number with ``digits`` decimals and thousands separators, or ``missing``; rounded
    as the workbook shows it (:func:`~timestudy._lib.rounding.rounded`: half away from zero).

    Examples
    --------
    >>> number(1234.567), number(float("nan")), number(None, missing="suppressed")
    ('1,234.6', '–', 'suppressed')
    >>> number(175.5 / 60, 2), number(0.25, 1), number(2.5, 0)
    ('2.93', '0.3', '3')
    """
    return f"{rounded(value, digits):,.{digits}f}" if _finite(value) else missing


def percent(value, digits: int = 0, *, missing: str = NOT_ESTIMATED) -> str:
    """A share as a percentage, rounded as the workbook's ``0%`` cells show it
    (:func:`~timestudy._lib.rounding.rounded`: half away from zero).

    Examples
    --------
    >>> percent(0.2615), percent(1.1, 1), percent(1 / 8), percent(0.145)
    ('26%', '110.0%', '13%', '15%')
    """
    return percentage(value, digits) if _finite(value) else missing


def interval(low, high, digits: int | None = None, *, share: bool = False) -> str:
    """An interval as ``low to high`` (empty when unknown).

    Examples
    --------
    >>> interval(10.46, 13.6), interval(0.25, 0.28, share=True), interval(None, 1)
    ('10.5 to 13.6', '25% to 28%', '')
    """
    if not (_finite(low) and _finite(high)):
        return ""
    if digits is None:
        digits = 0 if share else 1
    f = (lambda v: percent(v, digits)) if share else (lambda v: number(v, digits))
    return f"{f(low)} to {f(high)}"


def label(name) -> str:
    """A code shown to people: underscores as spaces.

    Examples
    --------
    >>> label("statutory_visit")
    'statutory visit'
    """
    return str(name).replace("_", " ")


def safe_cell(text) -> str:
    """Text from data, neutralised for spreadsheets (:func:`timestudy.privacy.safe_text`).

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"x\\")"), safe_cell("CP")
    ('\\'=HYPERLINK("x")', 'CP')
    """
    return safe_text(text)


def case_count(value) -> str:
    """A count of cases: whole as a whole number, a co-worked case's share (1/k on each of
    its k holders) to 1 decimal, never rounded to a whole it is not.

    Examples
    --------
    >>> case_count(3.0), case_count(1.5), case_count(0.5), case_count(1234)
    ('3', '1.5', '0.5', '1,234')
    """
    whole = _finite(value) and abs(float(value) - round(float(value))) < 1e-9
    return number(value, 0 if whole else 1)
