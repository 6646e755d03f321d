"""Bank holidays: :mod:`timestudy.schema.holidays`, importable from here too.

Which days are bank holidays is part of the data contract (ingest's quality page reads a
diary's days by them as the panels do: :func:`~timestudy.schema.clock.working_days`), so
the lists and their arithmetic live in ``schema``; the panels' callers import them from
here as before.
"""

from __future__ import annotations

from timestudy.schema.holidays import (  # noqa: F401 (their callers import them from here)
    BANK_HOLIDAY_LISTS,
    DEFAULT_BANK_HOLIDAYS,
    USUAL_BANK_HOLIDAYS,
    bank_holidays,
    holiday_days,
    holidays_a_year,
    month_working_days,
    study_holidays_a_year,
)
