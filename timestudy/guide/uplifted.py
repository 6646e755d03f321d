"""Whether a guide's "should" figures carry uplifts: one rule for every sentence that says so.

A guide's should figures are its measured ones with the uplifts of an adjustments file or a
survey (``case_types["uplift"]``). Without any, "should" and "is" are the same numbers, and
a sentence calling them "measured hours with the uplifts" says what is not so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timestudy.guide.timeguide import TimeGuide

__all__ = ["has_uplifts"]


def has_uplifts(guide: TimeGuide) -> bool:
    """Whether ``guide`` was given uplifts (an adjustments file, or any case type's uplift
    other than 1).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> plain = SimpleNamespace(adjustments=None,
    ...                         case_types=pd.DataFrame({"uplift": [1.0, float("nan")]}))
    >>> has_uplifts(plain)
    False
    >>> has_uplifts(SimpleNamespace(adjustments=None,
    ...                             case_types=pd.DataFrame({"uplift": [1.0, 1.2]})))
    True
    """
    if guide.adjustments:
        return True
    ct = guide.case_types
    return bool("uplift" in ct and (ct["uplift"].dropna() != 1).any())
