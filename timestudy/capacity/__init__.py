"""Capacity: weighted loads, maximum caseloads, staffing, scenarios and local calibration."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "max_caseload": "loads",
    "weighted_load": "loads",
    "staffing": "loads",
    "case_hours": "loads",
    "status": "loads",
    "support_staff_scenario": "loads",
    "case_mix_scenario": "loads",
    "Calibration": "calibration",
    "calibrate": "calibration",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
