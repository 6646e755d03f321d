"""The one rounding of every published figure: as the workbook displays it.

A figure is rounded from the value guide.json holds (:data:`JSON_DIGITS` decimals), written
as its shortest decimal, half away from zero, as Excel shows the same value in a cell of
the same number format. An f-string rounds the binary value half to even instead (2.925 is
2.92499999999999982... in binary: ``f"{2.925:.2f}"`` is 2.92, Excel shows 2.93; ``f"{0.625:.0%}"``
is 62%, Excel shows 63%), so a figure shown anywhere (the reports, the statements, the
workbook's notes, the guide's notes, the figures' labels) goes through :func:`rounded`.
Every stage may import it (``_lib`` is below them all); :mod:`timestudy.report.format`
adds thousands separators and the words for a missing figure.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = ["JSON_DIGITS", "as_in_json", "finite", "fixed", "percentage", "rounded"]

#: Decimals of every figure guide.json writes (``timestudy.guide.serialise`` writes the
#: same number: ``tests/report/test_one_rounding.py`` holds them equal).
JSON_DIGITS = 6


def finite(value) -> bool:
    """True for a value that is a finite number (not None, text, NaN or infinite).

    Examples
    --------
    >>> finite(2.5), finite("2.5"), finite(None), finite(float("nan")), finite("x")
    (True, True, False, False, False)
    """
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
    return round(float(value), JSON_DIGITS) if finite(value) else math.nan


def rounded(value, digits: int, *, scale: int = 1) -> Decimal:
    """A figure as it is shown: its guide.json value (:func:`as_in_json`) times ``scale``,
    rounded to ``digits`` decimals half away from zero, as the workbook's cells show the
    same value (Excel rounds the decimal it displays, half away from zero).

    It rounds the shortest decimal that gives the float back (``repr``), not the binary
    value: 2.925 is 2.92499999999999982... in binary, which an f-string rounds to 2.92 and
    Excel shows as 2.93.

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

    A value that rounds to zero has no sign: -1e-7 is -0.0 to 6 decimals, shown 0.00.

    >>> str(rounded(-1e-7, 2)), str(rounded(-0.004, 0, scale=100))
    ('0.00', '0')
    """
    exact = Decimal(repr(as_in_json(value))) * scale
    places = max(exact.adjusted(), 0) + digits + 2  # every digit kept: no context rounding
    shown = exact.quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=Context(prec=max(places, 28))
    )
    return abs(shown) if shown.is_zero() else shown  # never "-0.00"


def fixed(value, digits: int) -> str:
    """A figure with ``digits`` decimals, rounded by :func:`rounded` (``f"{v:.2f}"`` as the
    workbook shows it; no thousands separators).

    Parameters
    ----------
    value : float
        A number (NaN and infinities are written as an f-string writes them).
    digits : int
        Decimals kept.

    Returns
    -------
    str

    Examples
    --------
    Hand-worked: 12.25 to 1 decimal is 12.3 (``f"{12.25:.1f}"`` gives 12.2: half to even);
    2.925 to 2 decimals is 2.93; -0.125 is -0.13.

    >>> fixed(12.25, 1), fixed(2.925, 2), fixed(-0.125, 2), fixed(1234.5, 0)
    ('12.3', '2.93', '-0.13', '1235')
    >>> fixed(float("nan"), 2)
    'nan'
    """
    if not finite(value):
        return f"{float(value):.{digits}f}"
    return f"{rounded(value, digits):.{digits}f}"


def percentage(value, digits: int = 0) -> str:
    """A share as a percentage, rounded by :func:`rounded` (``f"{v:.0%}"`` as the
    workbook's ``0%`` cells show it).

    Parameters
    ----------
    value : float
        A share (1 is 100%; NaN and infinities as an f-string writes them).
    digits : int
        Decimals of the percentage.

    Returns
    -------
    str

    Examples
    --------
    Hand-worked: 0.625 is 62.5%, shown 63% (``f"{0.625:.0%}"`` gives 62%); 0.145 is 14.5%,
    shown 15%; 0.95 is 95%.

    >>> percentage(0.625), percentage(0.145), percentage(0.95), percentage(1 / 8, 1)
    ('63%', '15%', '95%', '12.5%')
    """
    if not finite(value):
        return f"{float(value):.{digits}%}"
    return f"{rounded(value, digits, scale=100):.{digits}f}%"
