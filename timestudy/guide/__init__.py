"""The time guide: building it, adjustments, disclosure control, the ``TimeGuide`` object and its JSON."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "TimeGuide": "timeguide",
    "Adjustments": "adjustments",
    "with_adjustments": "adjustments",
    "Suppressed": "disclosure",
    "build_guide": "build",
    "category_shares": "estimates",
    "met_visiting_standard": "estimates",
    "task_case_hours": "estimates",
    "guide_to_dict": "serialise",
    "guide_fields": "deserialise",
    "fingerprint": "estimates",
    "ShouldEvidence": "should",
    "should_evidence": "should",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
