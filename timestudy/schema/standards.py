"""Practice standards as data: the pieces of work each case type requires and how often.

A standards file (``standards.yaml``, schema ``data_schema/standards.json``) lists,
per case type, each required piece of work, the task types that count as it,
its timing (``every`` interval, ``first`` occasions after the case opened, or
``within`` a time of another task) and the ``source`` of the requirement. The
England default ships as ``data_schema/standards_england.yaml``.

Intervals are held in weekdays, the clock that places a due date (a week is 5, a
calendar day 5/7, a month ``365.25 / 12 * 5 / 7`` = 21.74). How often a recurring piece
is due per case-month is the month over its interval: by the calendar for an interval in
days, weeks or months, and by working days for one in working days, which exclude bank
holidays: a month has ``(365.25 * 5 / 7 - 8) / 12`` = 21.07 of them, with England and
Wales' usual 8 bank holidays a year (the standards are England's). A visit every 10
working days is due 2.107 times a case-month (21.74 weekdays would give 2.174).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError
from timestudy.schema import PUBLISHED

#: The England default standards file.
ENGLAND_STANDARDS = PUBLISHED / "standards_england.yaml"
#: Weekdays in a month (365.25 / 12 days, five in seven of them weekdays): 21.74.
WEEKDAYS_PER_MONTH = 365.25 / 12 * 5 / 7
#: Bank holidays a year: England and Wales' usual 8, the number
#: ``timestudy.panels.workdays.holidays_a_year()`` gives (the schema, the bottom layer,
#: cannot import it; tests/schema checks the two agree).
BANK_HOLIDAYS_A_YEAR = 8
#: Working days in a month: the weekdays of a year less its bank holidays, over 12:
#: (365.25 x 5 / 7 - 8) / 12 = 21.07.
WORKING_DAYS_PER_MONTH = (365.25 * 5 / 7 - BANK_HOLIDAYS_A_YEAR) / 12
_UNIT_WORKING_DAYS = {"working day": 1.0, "day": 5 / 7, "week": 5.0,
                      "month": WEEKDAYS_PER_MONTH}
_INTERVAL = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s+(working days?|days?|weeks?|months?)\s*$")
#: Columns of :attr:`Standards.items`.
ITEM_COLUMNS = ["case_type", "piece", "task_types", "every_working_days",
                "first_working_days", "within_working_days", "after", "per_case_month",
                "kind", "source", "every", "first", "within"]


def _interval(text: str) -> tuple[float, str]:
    m = _INTERVAL.match(str(text))
    if not m:
        raise ConfigError(f"interval {text!r} is not a number and a unit: write e.g. "
                          "'10 working days', '6 weeks' or '6 months'")
    return float(m.group(1)), m.group(2).rstrip("s")


def working_days(text: str) -> float:
    """An interval such as ``"6 weeks"`` in weekdays, the clock that places a due date
    (a week is 5, a month 21.74).

    Parameters
    ----------
    text : str
        A number and a unit: working days, days, weeks or months.

    Returns
    -------
    float
        The interval in weekdays.

    Examples
    --------
    >>> working_days("10 working days"), working_days("6 weeks"), round(working_days("1 month"), 2)
    (10.0, 30.0, 21.74)
    """
    n, unit = _interval(text)
    return n * _UNIT_WORKING_DAYS[unit]


def in_working_days(text: str) -> bool:
    """Whether an interval is written in working days (``"10 working days"``), which bank
    holidays do not count in, rather than by the calendar (days, weeks, months).

    Parameters
    ----------
    text : str
        A number and a unit: working days, days, weeks or months.

    Returns
    -------
    bool
        True for working days.

    Examples
    --------
    >>> in_working_days("10 working days"), in_working_days("6 weeks")
    (True, False)
    """
    return _interval(text)[1] == "working day"


def per_case_month(text: str, month_days: float = WORKING_DAYS_PER_MONTH) -> float:
    """How often a piece due once every ``text`` is due per case-month.

    A month over the interval: by the calendar for days, weeks and months; for working
    days, over the working days of a case-month, ``month_days`` (by default
    :data:`WORKING_DAYS_PER_MONTH`, 21.07: England and Wales' 8 bank holidays out).

    Parameters
    ----------
    text : str
        An interval: a number and a unit (``"10 working days"``, ``"6 weeks"``).
    month_days : float
        Working days in a case-month (the study's: 20.91 with 10 bank holidays a year).

    Returns
    -------
    float
        Pieces due per case-month.

    Examples
    --------
    >>> round(per_case_month("10 working days"), 3), round(per_case_month("6 weeks"), 4)
    (2.107, 0.7247)
    >>> round(per_case_month("10 working days", 20.9077), 3)  # 10 bank holidays a year
    2.091
    """
    n, unit = _interval(text)
    if unit == "working day":
        return month_days / n
    return WEEKDAYS_PER_MONTH / (n * _UNIT_WORKING_DAYS[unit])


@dataclass(frozen=True)
class Standards:
    """Practice standards: one row per case type and required piece of work.

    Attributes
    ----------
    name, source : str
        What the standards are and where they come from.
    items : DataFrame
        Columns ``case_type``, ``piece``, ``task_types`` (tuple), ``every_working_days``
        (NaN for a one-off), ``first_working_days`` (tuple of offsets from opening),
        ``within_working_days`` and ``after`` (a deadline after another task), all in
        weekdays (:func:`working_days`), ``per_case_month`` (the steady rate of a
        recurring piece, :func:`per_case_month`, else NaN), ``kind`` (``recurring``,
        ``scheduled`` or ``deadline``), ``source``, and ``every``, ``first`` (tuple) and
        ``within``: the intervals as written ("" or () for none), whose unit says
        whether bank holidays count (:func:`in_working_days`).
    path : str
        The file read ("" when built from a mapping).

    Examples
    --------
    >>> s = read_standards()
    >>> round(float(s.rate("CP", "statutory_visit")), 3)
    2.107
    >>> s.items.loc[s.items["case_type"] == "CLA", "kind"].tolist()
    ['recurring', 'scheduled']
    """

    name: str
    source: str
    items: pd.DataFrame
    path: str = ""

    @property
    def case_types(self) -> list[str]:
        """Case types the standards cover."""
        return list(dict.fromkeys(self.items["case_type"]))

    def rate(self, case_type: str, piece: str) -> float:
        """Required pieces per case-month of a recurring piece (NaN for a one-off)."""
        row = self.items.loc[(self.items["case_type"] == case_type)
                             & (self.items["piece"] == piece)]
        return float(row["per_case_month"].iloc[0]) if len(row) else float("nan")

    def in_case_month(self, month_days: float) -> Standards:
        """The standards with the rates of intervals in working days counted over a
        case-month of ``month_days`` working days (the study's bank holidays a year:
        20.91 with 10), as its case exposure counts them; calendar intervals unchanged.

        Examples
        --------
        >>> s = read_standards().in_case_month(20.9077)
        >>> round(float(s.rate("CP", "statutory_visit")), 3)  # every 10 working days
        2.091
        """
        every = self.items["every"]
        rate = [per_case_month(e, month_days) if e else np.nan for e in every]
        rate = np.where(every.astype(bool).to_numpy(), rate, self.items["per_case_month"])
        return replace(self, items=self.items.assign(per_case_month=rate))

    def to_dict(self) -> dict:
        """The standards as the mapping a standards file holds (intervals as written)."""
        out: dict = {}
        for r in self.items.itertuples():
            item = {"piece": r.piece, "task_types": list(r.task_types), "source": r.source}
            if r.every:
                item["every"] = r.every
            if r.first:  # as written: "3 months" is not 65.2 working days
                item["first"] = list(r.first)
            if r.after:
                item["within"] = r.within
                item["after"] = r.after
            out.setdefault(r.case_type, []).append(item)
        return {"standards_version": 1, "name": self.name, "source": self.source,
                "case_types": out}


@cache
def _schema() -> dict:
    return json.loads((PUBLISHED / "standards.json").read_text(encoding="utf-8"))


def _check(raw, where: str) -> None:
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(raw),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        e = errors[0]
        at = ".".join(map(str, e.absolute_path)) or "the file"
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise ConfigError(f"{at}: {' '.join(e.message.split())[:200]}{more}; see "
                          "data_schema/standards.json", source=where)


def _no_zero_interval(case_type: str, item: dict, where: str) -> None:
    """Refuse an ``every`` of no length (``0 weeks``): due infinitely often.

    Examples
    --------
    >>> _no_zero_interval("CP", {"piece": "visit", "every": "0 weeks"}, "std.yaml")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: std.yaml: case_types.CP, piece 'visit': every: '0 weeks' is no interval (due infinitely often); give how often it is due, e.g. '10 working days' or '6 weeks', or leave every out
    """
    every = item.get("every")
    if every and _interval(every)[0] <= 0:
        raise ConfigError(f"case_types.{case_type}, piece {item['piece']!r}: every: "
                          f"{every!r} is no interval (due infinitely often); give how often "
                          "it is due, e.g. '10 working days' or '6 weeks', or leave every out",
                          source=where)


def _item_row(case_type: str, item: dict) -> dict:
    every = working_days(item["every"]) if item.get("every") else float("nan")
    first = tuple(working_days(x) for x in item.get("first") or ())
    within = working_days(item["within"]) if item.get("within") else float("nan")
    kind = "deadline" if item.get("after") else "scheduled" if first else "recurring"
    return {"case_type": str(case_type), "piece": item["piece"],
            "task_types": tuple(item["task_types"]), "every_working_days": every,
            "first_working_days": first, "within_working_days": within,
            "after": item.get("after", ""),
            "per_case_month": per_case_month(item["every"]) if item.get("every") else every,
            "kind": kind, "source": item["source"], "every": str(item.get("every") or ""),
            "first": tuple(str(x) for x in item.get("first") or ()),
            "within": str(item.get("within") or "")}


def standards_from_dict(raw: dict, where: str = "standards") -> Standards:
    """Check a standards mapping against ``data_schema/standards.json`` and read it.

    Examples
    --------
    >>> s = standards_from_dict({"standards_version": 1, "name": "n", "source": "s",
    ...     "case_types": {"CIN": [{"piece": "visit", "task_types": ["statutory_visit"],
    ...                             "every": "20 working days", "source": "local"}]}})
    >>> float(s.items["every_working_days"].iloc[0])
    20.0
    """
    _check(raw, where)
    for k, items in raw["case_types"].items():
        for item in items:
            _no_zero_interval(k, item, where)
    rows = [_item_row(k, item) for k, items in raw["case_types"].items() for item in items]
    items = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    dup = items.duplicated(["case_type", "piece"])
    if dup.any():
        r = items.loc[dup].iloc[0]
        raise ConfigError(f"case_types.{r.case_type}: piece {r.piece!r} is listed twice; "
                          "give each piece of a case type once", source=where)
    return Standards(str(raw["name"]), str(raw["source"]), items, where)


def read_standards(path: str | Path | None = None) -> Standards:
    """Read a standards file (default: the England standards shipped with timestudy).

    Parameters
    ----------
    path : str or Path, optional
        A standards YAML file (layout as ``data_schema/standards_england.yaml``);
        None for the shipped England standards.

    Returns
    -------
    Standards
        The standards' name, source and items (one per case type and piece).

    Raises
    ------
    ConfigError
        Naming the file, the entry and the fix.

    Examples
    --------
    >>> read_standards().case_types
    ['CIN', 'CP', 'CLA', 'PROCEEDINGS']
    """
    path = Path(path) if path is not None else ENGLAND_STANDARDS
    try:
        raw = safe_load(read_text(path))
    except FileNotFoundError:
        raise ConfigError("standards file not found: check the path", source=str(path)) from None
    except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
        raise ConfigError(f"cannot be read as a standards YAML file ({exc})",
                          source=str(path)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"is not valid YAML ({' '.join(str(exc).split())})",
                          source=str(path)) from None
    if not isinstance(raw, dict):
        raise ConfigError("must be a mapping with standards_version, name, source and "
                          "case_types (see data_schema/standards_england.yaml)", source=str(path))
    return standards_from_dict(raw, str(path))
