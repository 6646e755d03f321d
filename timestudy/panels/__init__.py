"""Panels: categorised episodes summed into worker-days, worker-weeks, case-months and task instances."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "DAYS_PER_MONTH": "episodes", "NON_WORK": "episodes", "ABSENCE_TASKS": "episodes",
    "study_period": "episodes",
    "task_instances": "instances",
    "worker_day": "workers", "worker_week": "workers",
    "case_month": "cases", "case_months": "cases", "case_exposure": "cases",
    "diary_windows": "cases",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
