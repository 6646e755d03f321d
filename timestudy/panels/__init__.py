"""Panels: episodes summed into worker-days, worker-weeks, case-months and pieces of work."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "worker_day": "aggregate",
    "worker_week": "aggregate",
    "case_month": "aggregate",
    "task_instances": "aggregate",
    "study_period": "aggregate",
    "case_exposure": "aggregate",
    "diary_windows": "aggregate",
    "case_months": "aggregate",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
