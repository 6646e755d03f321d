"""Weekday names as people write them: one table for every reader of a day's name.

Examples
--------
>>> DAY_NUMBERS["tues"], DAY_NUMBERS["sunday"], DAY_NAMES[0]
(1, 6, 'Monday')
"""

from __future__ import annotations

#: The names of each weekday, Monday first, as the weekday numbers of :mod:`datetime`.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SPELLINGS = (("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"),
              ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"),
              ("sun", "sunday"))
#: Weekday number (Monday = 0) by lower-case spelling: ``mon``, ``tues``, ``thursday``.
DAY_NUMBERS: dict[str, int] = {name: i for i, names in enumerate(_SPELLINGS) for name in names}
