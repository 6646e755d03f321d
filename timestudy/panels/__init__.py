"""Panels: categorised episodes summed into pieces of work, worker-days, worker-weeks and case-months."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "DAYS_PER_MONTH": "episodes", "NON_WORK": "episodes", "ABSENCE_TASKS": "episodes",
    "TOIL_TASKS": "episodes",
    "study_period": "episodes",
    "task_instances": "instances",
    "pieces_of_work": "pieces", "link_sittings": "pieces", "PIECE_COLUMNS": "pieces",
    "TRAVEL_GAP_MIN": "pieces", "NOTES_WITHIN_DAYS": "pieces",
    "return_journeys": "attribution",
    "diary_completeness": "completeness", "observed_share": "observed_days",
    "completeness_by": "observed_days", "used_episodes": "observed_days",
    "parse_workdays": "workdays", "STATUSES": "completeness", "AT_WORK_STATUSES": "workdays",
    "bank_holidays": "holidays", "BANK_HOLIDAY_LISTS": "holidays", "days_in_diaries": "workdays",
    "holidays_a_year": "holidays", "study_holidays_a_year": "holidays",
    "month_working_days": "holidays",
    "worker_day": "workers", "worker_week": "workers",
    "case_month": "cases", "case_months": "cases", "case_exposure": "exposure",
    "case_hours": "cases",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
