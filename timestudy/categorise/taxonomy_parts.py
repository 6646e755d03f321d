"""The parts a taxonomy is made of: its categories, its task types and their patterns, and
what the patterns make of texts (:class:`~timestudy.categorise.taxonomy.Taxonomy` holds
them; importable from :mod:`timestudy.categorise.taxonomy` as before)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Category", "Pattern", "TaskType", "TextMatches"]


@dataclass(frozen=True)
class Category:
    """A category of work (or non-work) that task types roll up into."""

    id: str
    label: str
    counts_as_work: bool
    description: str = ""


@dataclass(frozen=True)
class Pattern:
    """A regular expression of a task type, with the priority it matches at."""

    regex: str
    priority: int


@dataclass(frozen=True)
class TaskType:
    """A task type: its category, the codes and text patterns that recognise it, examples."""

    id: str
    label: str
    category: str
    case_linked: bool
    priority: int
    codes: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    examples: tuple[str, ...] = ()
    description: str = ""
    link_within_days: int = 0
    call: bool = False
    time_off: str = ""  # absence (leave, sickness), toil, none or '' (time_off.py)


@dataclass(frozen=True)
class TextMatches:
    """What the text patterns make of a sequence of distinct texts (one entry per text).

    ``task`` is the position of the winning task type in ``Taxonomy.task_types``
    (-1: no pattern matched), ``rule`` the winning rule (``pattern:<id>:<regex>``,
    ``uncategorised``, or ``uncategorised:timeout:<id>`` when the patterns of task
    type ``<id>`` ran out of time on the text), ``priority`` its priority, and
    ``tied`` the ids of the other task types matched at the same priority ('' when
    none).
    """

    task: np.ndarray
    rule: np.ndarray
    priority: np.ndarray
    tied: np.ndarray
