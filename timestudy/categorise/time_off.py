"""What a taxonomy says is not work, absence and time off in lieu, for the panels.

The panels ask three questions of every categorised entry, and the answers come from the
taxonomy, never from ids written into the code:

- **Is it work?** Its category's ``counts_as_work``: every category marked ``false``
  (the shipped ``non_work``, or a local ``not_work``) is out of the hours worked.
- **Is it an absence?** Its task type's ``time_off: absence`` (leave, sickness): a whole day
  of it is a day absent, out of the FTE-weeks and time available, not a missing day.
- **Is it time off in lieu?** ``time_off: toil``: a day at work with no work written.

A task type without ``time_off`` takes it from its id, as the shipped taxonomy's do:
``leave`` and ``sickness`` are absences and ``toil`` is TOIL (:data:`SHIPPED_TIME_OFF`).
:func:`day_options` gives the panels' ``non_work``, ``absence_tasks`` and ``toil_tasks``
(``timestudy.pipeline.run_study`` passes them to the models). A taxonomy whose not-work
task types look like leave or sickness by their id or label but are not marked (leave
renamed ``annual_leave``: its days would be missing days, not absent), or that marks a
task type of a work category as time off, is warned on loading and by
``timestudy taxonomy --check`` (:func:`time_off_problems`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from timestudy.errors import DataQualityWarning
from timestudy.schema.entry_types import TOOL_NON_WORK  # the readers' too: written once

__all__ = ["SHIPPED_TIME_OFF", "TOOL_CATEGORY", "TOOL_NON_WORK", "day_options", "time_off_of",
           "time_off_problems", "tool_category", "unmapped", "warn_time_off"]

#: Task type id -> ``time_off`` when a task type does not give it: the shipped ids.
SHIPPED_TIME_OFF = {"leave": "absence", "sickness": "absence", "toil": "toil"}
#: The category of those task types under a taxonomy with no category that is not work.
TOOL_CATEGORY = "non_work"
#: Words of an id or label that say a task type is time off (``annual_leave``, "Sick leave").
_LOOKS_OFF = re.compile(r"leave|sick|absen|holiday|lieu|toil|flexi|vacation|illness",
                        re.IGNORECASE)


def time_off_of(task: dict) -> str:
    """A task type's ``time_off`` (``absence``, ``toil`` or ``none``), given or by its id
    ('' when neither: not time off, and not said to be).

    Examples
    --------
    >>> time_off_of({"id": "leave"}), time_off_of({"id": "annual_leave"})
    ('absence', '')
    >>> time_off_of({"id": "annual_leave", "time_off": "absence"})
    'absence'
    """
    return str(task.get("time_off", SHIPPED_TIME_OFF.get(task["id"], "")))


def day_options(taxonomy) -> dict[str, tuple[str, ...]]:
    """The panels' ``non_work``, ``absence_tasks`` and ``toil_tasks`` from a taxonomy.

    ``non_work`` holds the categories with ``counts_as_work: false``; the time-off task
    types are those of such categories marked (or by id) ``absence`` or ``toil``; and the
    task types a diary reader gives for not work that the taxonomy does not list
    (:func:`unmapped`) are read as :mod:`timestudy.categorise.tool_types` categorises them
    (``leave`` an absence, in :func:`tool_category`).

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import load_taxonomy
    >>> day_options(load_taxonomy())
    {'non_work': ('non_work',), 'absence_tasks': ('leave', 'sickness'), 'toil_tasks': ('toil',)}
    >>> day_options(load_taxonomy("healthcare_observation"))["absence_tasks"]
    ('leave',)
    """
    not_work = tuple(c.id for c in taxonomy.categories if not c.counts_as_work)
    off = [t for t in taxonomy.task_types if t.category in not_work]
    tool = unmapped(taxonomy)
    return {"non_work": not_work or ((tool_category(taxonomy),) if tool else ()),
            "absence_tasks": tuple(t.id for t in off if t.time_off == "absence")
            + tuple(t for t in tool if TOOL_NON_WORK[t] == "absence"),
            "toil_tasks": tuple(t.id for t in off if t.time_off == "toil")
            + tuple(t for t in tool if TOOL_NON_WORK[t] == "toil")}


def unmapped(taxonomy, values: Iterable[str] | None = None) -> list[str]:
    """The task types of :data:`TOOL_NON_WORK` (among ``values``, the distinct ``task_type``
    values of a diary, when given) that ``taxonomy`` has no task type for, by id or label
    (as a ``task_type`` value is looked up).

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import load_taxonomy
    >>> unmapped(load_taxonomy()), unmapped(load_taxonomy("healthcare_observation"))
    ([], ['break', 'leave'])
    >>> unmapped(load_taxonomy("healthcare_observation"), [" Break", "admin"])
    ['break']
    """
    known = {t.id for t in taxonomy.task_types} | {t.label.lower() for t in taxonomy.task_types}
    asked = (set(TOOL_NON_WORK) if values is None
             else {str(v).strip().lower() for v in values})
    return [t for t in TOOL_NON_WORK if t in asked and t not in known]


def tool_category(taxonomy) -> str:
    """The category the task types of :func:`unmapped` are put in: the taxonomy's first
    category that does not count as work, else :data:`TOOL_CATEGORY`.

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import load_taxonomy
    >>> tool_category(load_taxonomy("healthcare_observation"))
    'non_work'
    """
    return next((c.id for c in taxonomy.categories if not c.counts_as_work), TOOL_CATEGORY)


def time_off_problems(taxonomy) -> list[str]:
    """What would make the panels misread a taxonomy's time off, each with its fix.

    Two problems: a task type of a work category marked (or by its id) as time off (its
    hours would be counted as work), and not-work task types whose id or label reads as
    leave, sickness or time off in lieu but that are not marked ``time_off`` and are not
    ``leave``, ``sickness`` or ``toil`` (their whole days would be missing days, not absent,
    and their cases' hours spread over fewer days). ``time_off: none`` says a task type is
    neither.

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import Taxonomy, load_taxonomy
    >>> time_off_problems(load_taxonomy())
    []
    """
    work = {c.id for c in taxonomy.categories if c.counts_as_work}
    out = [f"task type {t.id!r} is time off ({t.time_off}) but its category {t.category!r} "
           "counts as work: put it in a category with counts_as_work: false, or give it "
           "time_off: none" for t in taxonomy.task_types
           if t.category in work and t.time_off in ("absence", "toil")]
    unmarked = [t.id for t in taxonomy.task_types
                if t.category not in work and not t.time_off
                and (_LOOKS_OFF.search(t.id) or _LOOKS_OFF.search(t.label))]
    if unmarked:
        out.append(
            f"not-work task type(s) {', '.join(unmarked)} look like leave, sickness or time "
            "off in lieu but are not marked: a day of them would be a missing day, not a day "
            "absent (only the ids leave, sickness and toil are read as time off without a "
            "mark); add time_off: absence (leave, sickness) or time_off: toil to each, or "
            "time_off: none if it is neither (see data_schema/TAXONOMY.md)")
    return out


def warn_time_off(taxonomy, stacklevel: int = 4) -> None:
    """Warn (:class:`~timestudy.errors.DataQualityWarning`) each of :func:`time_off_problems`,
    naming the taxonomy's file; ``stacklevel`` (of the warning, counted from here) names the
    line of :func:`~timestudy.categorise.taxonomy.load_taxonomy` that loads the file."""
    for problem in time_off_problems(taxonomy):
        warnings.warn(f"taxonomy {taxonomy.source}: {problem}", DataQualityWarning,
                      stacklevel=stacklevel)
