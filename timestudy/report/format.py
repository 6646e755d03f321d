"""Formatting figures for people: intervals, shares, suppressed values, safe text."""

from __future__ import annotations

import math

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


def number(value, digits: int = 1, *, missing: str = NOT_ESTIMATED) -> str:
    """A number with ``digits`` decimals and thousands separators, or ``missing``.

    Examples
    --------
    >>> number(1234.567), number(float("nan")), number(None, missing="suppressed")
    ('1,234.6', '–', 'suppressed')
    """
    return f"{float(value):,.{digits}f}" if _finite(value) else missing


def percent(value, digits: int = 0, *, missing: str = NOT_ESTIMATED) -> str:
    """A share as a percentage.

    Examples
    --------
    >>> percent(0.2615), percent(1.1, 1)
    ('26%', '110.0%')
    """
    return f"{float(value) * 100:.{digits}f}%" if _finite(value) else missing


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
