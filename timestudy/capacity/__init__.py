"""Capacity: weighted loads, maximum caseloads, staffing, scenarios and local calibration."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "DEFAULT_BANDS": "loads",
    "STATUS_COLOURS": "loads",
    "WeightedLoad": "loads",
    "SupportStaffScenario": "scenarios",
    "max_caseload": "loads",
    "weighted_load": "loads",
    "staffing": "staff",
    "case_hours": "need",
    "status": "loads",
    "worker_status": "loads",
    "support_staff_scenario": "scenarios",
    "case_mix_scenario": "scenarios",
    "headline": "headlines",
    "role_shares": "loads",
    "case_holding_fte": "loads",
    "Calibration": "calibration",
    "calibrate": "calibration",
    "diary_rule_bounds": "diary_rules",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
