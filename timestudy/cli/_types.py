"""The argparse types of every numeric and date option: one checked reading, one clear message.

A bad value stops the command before any work with argparse's usage line and one line
naming the option, the value and what is allowed (exit 2), never a traceback:

    timestudy simulate: error: argument --workers: 0 is not allowed: give a whole number from 1 to 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Callable


def number(
    kind: type = int,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> Callable[[str], float]:
    """An argparse type reading a whole number (``kind=int``) or a number within bounds.

    Examples
    --------
    >>> workers = number(int, 1, 10_000)
    >>> workers("12")
    12
    >>> workers("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 0 is not allowed: give a whole number from 1 to 10000
    >>> number(float, 0, 1, low_open=True, high_open=True)("1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 1 is not allowed: give a number above 0 and below 1
    """
    allowed = _allowed(kind, low, high, low_open, high_open)

    def read(text: str):
        try:
            value = kind(text.strip()) if kind is int else float(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number: {allowed}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number: {allowed}")
        too_low = low is not None and (value <= low if low_open else value < low)
        too_high = high is not None and (value >= high if high_open else value > high)
        if too_low or too_high:
            raise argparse.ArgumentTypeError(f"{text} is not allowed: {allowed}")
        return value

    read.__name__ = "whole number" if kind is int else "number"
    return read


def _allowed(kind, low, high, low_open, high_open) -> str:
    noun = "a whole number" if kind is int else "a number"
    def fmt(x):
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    if low is not None and high is not None and not (low_open or high_open):
        return f"give {noun} from {fmt(low)} to {fmt(high)}"
    parts = []
    if low is not None:
        parts.append(f"above {fmt(low)}" if low_open else f"of at least {fmt(low)}")
    if high is not None:
        parts.append(f"below {fmt(high)}" if high_open else f"of at most {fmt(high)}")
    return f"give {noun} {' and '.join(parts)}"


def iso_date(text: str) -> dt.date:
    """An argparse type reading an ISO date (``2026-03-02``) from 1990 to 2100.

    Examples
    --------
    >>> iso_date("2026-03-02")
    datetime.date(2026, 3, 2)
    >>> iso_date("02/03/2026")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '02/03/2026' is not a date: use ISO 8601 like 2026-03-02
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: use ISO 8601 like 2026-03-02"
        ) from None
    if not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise argparse.ArgumentTypeError(f"{text} is not a plausible date: give one from 1990 "
                                         "to 2100")
    return day


def monday(text: str) -> dt.date:
    """An argparse type reading an ISO date that is a Monday.

    Examples
    --------
    >>> monday("2026-03-02")
    datetime.date(2026, 3, 2)
    >>> monday("2026-03-03")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 2026-03-03 is a Tuesday: give a Monday, such as 2026-03-02
    """
    day = iso_date(text)
    if day.weekday():
        before = day - dt.timedelta(days=day.weekday())
        raise argparse.ArgumentTypeError(
            f"{text} is a {day:%A}: give a Monday, such as {before.isoformat()}"
        )
    return day


def role_share(text: str) -> tuple[str, float]:
    """An argparse type reading ``--role ROLE=SHARE``: a role and the share of a full
    caseload it holds (0 for a role holding no cases, 0.9 for a protected one), within the
    bounds of the study file's ``roles`` (``data_schema/study.json``: 0 to 1.5).

    Examples
    --------
    >>> role_share(" asye = 0.9"), role_share("team_manager=0")
    (('asye', 0.9), ('team_manager', 0.0))
    >>> role_share("asye")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'asye' is not ROLE=SHARE: give a role and its share of a full caseload, such as asye=0.9 or team_manager=0
    >>> role_share("asye=-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: asye=-1: -1 is not allowed: give a number from 0 to 1.5
    """
    role, sep, share = text.partition("=")
    if not sep or not role.strip() or not share.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not ROLE=SHARE: give a role and its share of a full caseload, "
            "such as asye=0.9 or team_manager=0")
    from timestudy.study.config import study_schema  # the bounds of the study file's roles

    bounds = study_schema()["properties"]["roles"]["additionalProperties"]
    try:
        value = number(float, bounds["minimum"], bounds["maximum"])(share)
    except argparse.ArgumentTypeError as e:
        raise argparse.ArgumentTypeError(f"{text.strip()}: {e}") from None
    return role.strip(), float(value)


#: The options shared by several commands, read the same way everywhere.
SEED = number(int, 0, 2**32 - 1)
N_BOOT = number(int, 1, 100_000)
MIN_WORKERS = number(int, 1, 10_000)
LEVEL = number(float, 0, 1, low_open=True, high_open=True)
WORKERS = number(int, 1, 10_000)
WEEKS = number(int, 1, 104)
DAYS_A_YEAR = number(float, 0, 366)
HOURS_A_WEEK = number(float, 0, 168, low_open=True)


def role_shares(given: list[tuple[str, float]] | None) -> dict | None:
    """The ``--role`` options as a mapping; one role given two shares (``team_manager=0``
    and ``Team Manager=0.5``: one role, compared as :func:`~timestudy.schema.roles.role_key`
    compares them) is a :class:`~timestudy.errors.ConfigError` (the command stops, exit 2),
    as the last would silently win.

    Examples
    --------
    >>> role_shares([("asye", 0.9), ("ASYE", 0.9)])
    {'asye': 0.9, 'ASYE': 0.9}
    >>> role_shares([("team_manager", 0.0), ("Team Manager", 0.5)])
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: argument --role: 'team_manager' and 'Team Manager' are one role given two shares: give it once
    """
    if not given:
        return None
    from timestudy.errors import ConfigError
    from timestudy.schema.roles import twice

    both = twice(given)
    if both:
        raise ConfigError(f"argument --role: {both[0]!r} and {both[1]!r} are one role given "
                          "two shares: give it once")
    return dict(given)
