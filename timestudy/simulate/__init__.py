"""Simulated studies with their true answer: diaries of children's social work, observation sessions."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "SimulatedStudy": "study", "simulate_study": "study", "DIARY_COLUMNS": "study",
    "compute_truth": "truth",
    "observation_example": "observation", "second_observer": "observation",
    "ShortfallStudy": "shortfall", "simulate_shortfall": "shortfall",
    "simulated_standards": "shortfall",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
