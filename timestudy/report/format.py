"""Formatting figures for people: intervals, shares, suppressed values, safe text."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from timestudy.guide.serialise import JSON_DIGITS  # one figure, one value, in every form
from timestudy.privacy import safe_text

SUPPRESSED = "suppressed"
NOT_ESTIMATED = "–"


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def as_in_json(value) -> float:
    """A figure as guide.json writes it: rounded to :data:`JSON_DIGITS` decimals (NaN when
    it is not a number).

    Examples
    --------
    >>> as_in_json(89.99999999999663), as_in_json(1.2345678), as_in_json(None)
    (90.0, 1.234568, nan)
    """
    return round(float(value), JSON_DIGITS) if _finite(value) else math.nan


def rounded(value, digits: int, *, scale: int = 1) -> Decimal:
    """A figure as the report shows it: its guide.json value (:func:`as_in_json`) times
    ``scale``, rounded to ``digits`` decimals half away from zero, as the workbook's cells
    show the same value (Excel rounds the decimal it displays, half away from zero).

    The one rounding of the report: :func:`number`, :func:`percent` and so
    :func:`interval` go through it. It rounds the shortest decimal that gives the float back
    (``repr``), not the binary value: 2.925 is 2.92499999999999982... in binary, which an
    f-string rounds to 2.92 and Excel shows as 2.93.

    Parameters
    ----------
    value : float
        A finite number.
    digits : int
        Decimals kept (0 or more).
    scale : int
        A whole factor applied exactly before rounding (100 for a percentage).

    Returns
    -------
    Decimal
        The figure with exactly ``digits`` decimals.

    Examples
    --------
    Hand-worked: 175.5 / 60 = 2.925 shows 2.93 (to 2 decimals); a share 1/8 = 0.125 shows
    13% (12.5 to 0 decimals); -0.25 shows -0.3 (away from zero).

    >>> str(rounded(175.5 / 60, 2)), str(rounded(1 / 8, 0, scale=100)), str(rounded(-0.25, 1))
    ('2.93', '13', '-0.3')

    The value guide.json holds is rounded, so one figure is one value in every form:
    2.92499999999 is 2.925 to its 6 decimals, and shows 2.93 as the workbook shows it.

    >>> str(rounded(2.92499999999, 2))
    '2.93'
    """
    exact = Decimal(repr(as_in_json(value))) * scale
    places = max(exact.adjusted(), 0) + digits + 2  # every digit kept: no context rounding
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP,
                          context=Context(prec=max(places, 28)))


def number(value, digits: int = 1, *, missing: str = NOT_ESTIMATED) -> str:
    """A number with ``digits`` decimals and thousands separators, or ``missing``; rounded
    as the workbook shows it (:func:`rounded`: half away from zero).

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
    (:func:`rounded`: half away from zero).

    Examples
    --------
    >>> percent(0.2615), percent(1.1, 1), percent(1 / 8), percent(0.145)
    ('26%', '110.0%', '13%', '15%')
    """
    return f"{rounded(value, digits, scale=100):.{digits}f}%" if _finite(value) else missing


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
