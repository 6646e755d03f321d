"""The words the diary's warnings name workers with: the first ten of a list, a count of
workers, and how much too high a worker's figure is (the warnings of
:mod:`~timestudy.panels.unrecorded_weekdays`, :mod:`~timestudy.panels.swapped_days` and
:mod:`~timestudy.panels.contract_fit`)."""

from __future__ import annotations

import numpy as np


def _first_ten(parts: list[str]) -> str:
    """The first ten of ``parts`` joined, and how many more."""
    more = f"; and {len(parts) - 10} more" if len(parts) > 10 else ""
    return "; ".join(parts[:10]) + more


def _workers(n: int) -> str:
    return f"{n} {'worker' if n == 1 else 'workers'}"


def _effect(share: float) -> str:
    return ("every hour counted with no FTE-day" if not np.isfinite(share)
            else f"{share:.0%} too high")
