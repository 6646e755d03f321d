"""Task types a diary reader gives the entries their tool marks as not work, under any taxonomy.

A timer's export can say an entry is not work: Clockify's ``Type`` column calls it a
break, time off or a holiday, and the reader writes ``task_type`` ``break`` or ``leave``
(:data:`timestudy.schema.entry_types.ENTRY_TYPES`). The shipped taxonomy lists both, not work.
A taxonomy that does not (``healthcare_observation``, a local one) would fall back to the
entry's code or text, and most of those match nothing: uncategorised, which counts as
work (fix37t: Clockify's breaks export under ``healthcare_observation``, 115 of its 825
minutes read as work). A break is never work, whatever the taxonomy, so the rule is:

- a task type a reader gives for not work
  (:data:`~timestudy.schema.entry_types.TOOL_NON_WORK`) that the taxonomy maps
  (a task type of that id or label, as any ``task_type`` value is looked up) is the
  taxonomy's, whatever it says;
- one it does not map is a task type of its own, in the taxonomy's first category that
  does not count as work (``non_work`` when it has none), with its ``time_off``
  (``leave`` an absence: a whole day of it is a day absent);

and the categorise report lists the entries so read (``tool_task_types``). A taxonomy's
own text pattern (``walk|gym`` -> work) does not override the task type a tool gives: a
``task_type`` is taken before codes and patterns (:mod:`timestudy.categorise.rules`), so
a Break whose description reads "walk" stays a break.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from timestudy.categorise.taxonomy_parts import Category, TaskType
from timestudy.categorise.time_off import tool_category, unmapped
from timestudy.schema.entry_types import TOOL_NON_WORK

__all__ = ["with_tool_types"]


def with_tool_types(taxonomy, values: Iterable[str] | None = None):
    """``taxonomy`` with a task type of its own for each of
    :func:`~timestudy.categorise.time_off.unmapped` (of ``values``), in
    :func:`~timestudy.categorise.time_off.tool_category`, after its own (so no position, tie or pattern of theirs moves); the
    taxonomy itself when it maps them all.

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import load_taxonomy
    >>> tax = with_tool_types(load_taxonomy("healthcare_observation"), ["break"])
    >>> t = tax.task_types[-1]
    >>> t.id, t.category, t.time_off, t.label
    ('break', 'non_work', 'none', 'Break (as the diary tool marks it)')
    """
    new = unmapped(taxonomy, values)
    if not new:
        return taxonomy
    category = tool_category(taxonomy)
    cats = taxonomy.categories
    if category not in {c.id for c in cats}:
        cats = (*cats, Category(category, "Not work (as the diary tool marks it)", False))
    tasks = tuple(TaskType(id=t, label=f"{t.capitalize()} (as the diary tool marks it)",
                           category=category, case_linked=False, priority=0,
                           time_off=TOOL_NON_WORK[t]) for t in new)
    return replace(taxonomy, categories=cats, task_types=(*taxonomy.task_types, *tasks))
