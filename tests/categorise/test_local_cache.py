"""A local taxonomy file is checked and compiled once per process while its text is unchanged
(perf26c): before, every load of the same file checked its schema, compiled and searched each
pattern and compiled the groups again (about 0.3 s for a copy of the default taxonomy; a run of
the study loads it more than once)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy.categorise.taxonomy as taxonomy_module
from timestudy.categorise.taxonomy import load_taxonomy
from timestudy.errors import DataQualityWarning, TaxonomyError

SHIPPED = Path(taxonomy_module.__file__).parent / "taxonomies" / "uk_children_social_work.yaml"


def _write(path: Path, *, name: str = "my_council", leave: str = "leave") -> str:
    """The shipped taxonomy as a local file, named ``name``, its task type ``leave`` as
    ``leave`` (a renamed one with no ``time_off`` is warned on loading)."""
    text = SHIPPED.read_text("utf-8").replace("name: uk_children_social_work", f"name: {name}")
    text = text.replace("  - id: leave\n", f"  - id: {leave}\n")
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_same_text_is_loaded_once(tmp_path, monkeypatch):
    """Two loads of one unchanged file: one check (before: two), the same taxonomy."""
    path = _write(tmp_path / "mine.yaml")
    checks = []
    real = taxonomy_module.check_taxonomy
    monkeypatch.setattr(taxonomy_module, "check_taxonomy",
                        lambda *a, **k: checks.append(1) or real(*a, **k))
    first, again = load_taxonomy(path), load_taxonomy(path)
    assert len(checks) == 1 and again is first and first.name == "my_council"


def test_an_edited_file_is_read_again(tmp_path):
    """The same path with new text (a user or a test edits the file between loads) is read
    and checked again: the new name, and a broken edit refused, never the kept taxonomy."""
    path = _write(tmp_path / "mine.yaml")
    assert load_taxonomy(path).name == "my_council"
    _write(tmp_path / "mine.yaml", name="other_council")
    assert load_taxonomy(path).name == "other_council"
    Path(path).write_text("name: [", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(path)
    _write(tmp_path / "mine.yaml")  # the first text again: kept, and the same figures
    assert load_taxonomy(path).name == "my_council"


def test_the_same_text_elsewhere_names_its_own_file(tmp_path):
    """Two files of the same text are two taxonomies, each with its own ``source``."""
    a, b = _write(tmp_path / "a.yaml"), _write(tmp_path / "b.yaml")
    assert (load_taxonomy(a).source, load_taxonomy(b).source) == (a, b)


def test_a_kept_taxonomy_warns_as_the_first_load(tmp_path):
    """``leave`` renamed ``annual_leave`` with no ``time_off``: each load warns once, with the
    same words at the same line (in load_taxonomy, as before the cache), kept or not."""
    path = _write(tmp_path / "bare.yaml", leave="annual_leave")
    seen = []
    for _ in range(3):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            load_taxonomy(path)
        seen.append([(w.category, str(w.message), w.filename, w.lineno) for w in got])
    assert len(seen[0]) == 1 and seen[0][0][0] is DataQualityWarning
    assert "annual_leave look like leave" in seen[0][0][1] and seen[0][0][2] == taxonomy_module.__file__
    assert seen[1] == seen[0] and seen[2] == seen[0]
