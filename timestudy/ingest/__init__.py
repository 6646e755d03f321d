"""Ingest: any real export (CSV, XLSX, Parquet, JSON Lines; episodes, slot grids, WOMBAT, Toggl) to canonical episodes, every row accepted or rejected with a reason."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "read_diary": "diary",
    "IngestResult": "diary",
    "IngestReport": "diary",
    "write_parquet": "parquetfile",
    "read_cases": "tables",
    "read_workers": "tables",
    "load_mapping": "mapping",
    "DiaryMapping": "mapping",
    "read_table": "files",
    "write_template": "template",
    "worker_quality": "quality",
    "quality_html": "quality",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
