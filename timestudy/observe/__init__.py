"""Observation studies (WOMBAT, TimeCaT): multitasking, interruptions, time-of-day profiles, budgets, reliability."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "TimeBudget": "budgets", "time_budget": "budgets",
    "Multitasking": "concurrency", "multitasking": "concurrency",
    "Interruptions": "interruption", "interruptions": "interruption",
    "MultiObserverAgreement": "multi_observer", "multi_observer_agreement": "multi_observer",
    "paired_sessions": "pairing",
    "Tempogram": "profiles", "Transitions": "profiles", "tempogram": "profiles",
    "transitions": "profiles",
    "ObserverAgreement": "reliability", "observer_agreement": "reliability",
    "ObservationStudy": "study", "observation_study": "study",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
