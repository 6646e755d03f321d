"""The linking window is documented as what the code counts: the worker's working days.

``panels.workdays`` numbers the days a worker worked (written or not), so weekends,
days off and leave never split a piece (``tests/panels/test_pieces.py`` checks the
behaviour). These tests keep every description of ``link_within_days`` saying so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from timestudy.categorise import Taxonomy

ROOT = Path(__file__).resolve().parents[2]


def _link_descriptions(node) -> list[str]:
    """Every ``description`` under a ``link_within_days`` key of a JSON schema."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "link_within_days" and isinstance(value, dict):
                found.append(value.get("description", ""))
            found += _link_descriptions(value)
    elif isinstance(node, list):
        for value in node:
            found += _link_descriptions(value)
    return found


def test_taxonomy_schema_says_working_days_not_calendar_days():
    schema = json.loads((ROOT / "data_schema" / "taxonomy.json").read_text())
    (text,) = _link_descriptions(schema)
    assert "working days" in text
    assert "calendar" not in text.lower()
    assert re.search(r"weekends.*leave.*do not count", text)


def test_guide_schema_and_docs_say_working_days():
    guide = (ROOT / "data_schema" / "guide.json").read_text()
    assert "linking windows (working days)" in guide
    assert "linking windows (days)" not in guide
    doc = (ROOT / "data_schema" / "TAXONOMY.md").read_text()
    assert "working days" in doc.split("## Pieces of work")[1][:2000]
    assert "working days" in (Taxonomy.link_within_days.__doc__ or "")
