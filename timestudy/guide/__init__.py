"""The time guide: building it, adjustments, disclosure control, the ``TimeGuide`` object and its JSON."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "TimeGuide": "build",
    "Adjustments": "build",
    "build_guide": "build",
    "guide_to_dict": "serialise",
    "guide_from_dict": "serialise",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
