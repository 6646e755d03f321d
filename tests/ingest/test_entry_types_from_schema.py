"""The Clockify reader's entry types are the data contract's table (fix37t2): before, it
wrote its own, copied by ``categorise.time_off.TOOL_NON_WORK``."""

from timestudy.ingest import toggl
from timestudy.schema import entry_types


def test_the_reader_reads_the_schemas_table():
    assert toggl.ENTRY_TYPES is entry_types.ENTRY_TYPES
