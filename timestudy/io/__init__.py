"""Readers that turn diaries in many layouts and file formats into canonical episodes.

The public entry points are :func:`timestudy.read_diary`, :func:`timestudy.read_cases`
and :func:`timestudy.read_workers`; the modules here do the work:

- :mod:`~timestudy.io.files` and :mod:`~timestudy.io.csvfile`: CSV, XLSX, Parquet,
  JSON Lines or a DataFrame, with the row numbers a user sees;
- :mod:`~timestudy.io.mapping`: the mapping file of local headers and conventions;
- :mod:`~timestudy.io.layouts`, :mod:`~timestudy.io.slots`, :mod:`~timestudy.io.wombat`,
  :mod:`~timestudy.io.toggl`: one reader per layout;
- :mod:`~timestudy.io.parse`, :mod:`~timestudy.io.times`, :mod:`~timestudy.io.validate`,
  :mod:`~timestudy.io.flags`: vectorised parsing, validation and warnings.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: Folder of the example files published with the schemas (``data_schema/examples``).
EXAMPLES = Path(str(resources.files("timestudy") / "schemas" / "examples"))

__all__ = ["EXAMPLES"]
