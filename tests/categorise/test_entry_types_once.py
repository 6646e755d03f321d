"""The task types a diary tool marks as not work are written once (fix37t2).

Before, ``categorise.time_off.TOOL_NON_WORK`` copied the break and leave of
``ingest.toggl.ENTRY_TYPES``, a test holding the two alike; now both are
``schema.entry_types``'s (the reader's by the patch in /work/notes/fix37t2_patches/), and
categorise takes its table from there. A task type the tool gives is taken before a
taxonomy's own text patterns: a Break whose text reads "walk to the ward" (a work pattern
of ``healthcare_observation``: in transit) stays a break, not work.
"""

from __future__ import annotations

import warnings

import pandas as pd

import timestudy
from timestudy.categorise import time_off, tool_types
from timestudy.categorise.taxonomy import load_taxonomy
from timestudy.schema import entry_types


def test_categorise_reads_the_schemas_table():
    """Before: no module ``timestudy.schema.entry_types`` (ImportError)."""
    assert time_off.TOOL_NON_WORK is entry_types.TOOL_NON_WORK
    assert tool_types.TOOL_NON_WORK is entry_types.TOOL_NON_WORK
    assert {t for t in entry_types.ENTRY_TYPES.values() if t} == set(entry_types.TOOL_NON_WORK)


def test_a_tools_break_is_not_moved_by_a_taxonomys_pattern():
    eps = pd.DataFrame({"task_type": ["break", None], "duration_min": [30.0, 30.0],
                        "activity": ["walk to the ward", "walk to the ward"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = timestudy.categorise(eps, "healthcare_observation")
    non_work = load_taxonomy("healthcare_observation").day_options["non_work"]
    assert out["task_type"].iloc[0] == "break"
    assert out["category"].iloc[0] in non_work
    assert out["category"].iloc[1] not in non_work  # the pattern's, without a task type
