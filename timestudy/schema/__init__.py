"""The data contract: table schemas, value parsing, the diary clock and ``check_table``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from timestudy._lib.lazy import lazy_exports

#: Folder of the published schemas (``data_schema/`` in the source tree).
PUBLISHED = Path(str(resources.files("timestudy") / "schema" / "published"))
#: Folder of the example files published with the schemas (``data_schema/examples``).
EXAMPLES = PUBLISHED / "examples"

_NAMES = {
    "CheckResult": "tables", "Field": "tables", "TableSchema": "tables",
    "check_table": "tables", "load_schema": "tables",
    "diary_date": "clock", "minutes_in_hours": "clock",
    "Standards": "standards", "read_standards": "standards",
}
__all__ = ["EXAMPLES", "PUBLISHED", *_NAMES]
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
