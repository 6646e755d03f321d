"""Categorise: the taxonomy, its rules and checks, text matching, coverage and agreement.

The package is also the function: ``timestudy.categorise(episodes)`` calls
:func:`timestudy.categorise.rules.categorise`, so the stage and the verb share a
name as the README promises.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "categorise": "rules", "coverage": "rules",
    "CategoriseReport": "coverage_report",
    "Taxonomy": "taxonomy", "load_taxonomy": "taxonomy", "shipped_taxonomies": "taxonomy",
    "DEFAULT_TAXONOMY": "taxonomy", "UNCATEGORISED": "taxonomy",
    "Agreement": "coding_agreement", "agreement": "coding_agreement",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())


class _Stage(ModuleType):
    """The categorise package, callable as :func:`~timestudy.categorise.rules.categorise`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from timestudy.categorise.rules import categorise

        return categorise(*args, **kwargs)

    @property
    def __wrapped__(self) -> Any:  # so inspect.signature shows categorise's parameters
        from timestudy.categorise.rules import categorise

        return categorise


sys.modules[__name__].__class__ = _Stage
