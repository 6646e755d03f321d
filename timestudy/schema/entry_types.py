"""The task types a diary reader gives the entries a timer's export marks as not work.

One table each way, written once: Clockify's entry types (its detailed report's ``Type``
column, normalised) to the task type a row of that type is read as
(:data:`ENTRY_TYPES`, read by ``timestudy.ingest.toggl.entry_types``), and each such task
type to its ``time_off`` (:data:`TOOL_NON_WORK`, read by
``timestudy.categorise.time_off`` and ``timestudy.categorise.tool_types``, which make
them not work under any taxonomy). In the data contract, below both the readers and the
taxonomy, so a taxonomy loads without the diary's readers.

Examples
--------
>>> sorted({t for t in ENTRY_TYPES.values() if t}) == sorted(TOOL_NON_WORK)
True
"""

from __future__ import annotations

__all__ = ["BREAK", "ENTRY_TYPES", "LEAVE", "TOOL_NON_WORK"]

#: The task type of a break the tool marks (Clockify's Break): not work, not time off.
BREAK = "break"
#: The task type of time off the tool marks (Clockify's Time off and Holiday): an absence,
#: a whole day of it a day absent.
LEAVE = "leave"
#: Task type a diary reader gives for an entry its tool marks as not work -> its
#: ``time_off``.
TOOL_NON_WORK = {BREAK: "none", LEAVE: "absence"}
#: Clockify's entry types (the ``Type`` column, normalised) -> the task type a row of that
#: type is read as (one of :data:`TOOL_NON_WORK`); None: work, read as the rest of the
#: row says.
ENTRY_TYPES = {"regular": None, "non_break": None, "break": BREAK, "holiday": LEAVE,
               "time_off": LEAVE}
