"""The cache of the shipped taxonomies' compiled pattern groups: the same groups, or none."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
import regex
import yaml

import timestudy.categorise.group_cache as gc
import timestudy.categorise.taxonomy as taxonomy_module
from timestudy.categorise.taxonomy import Taxonomy

SHIPPED = Path(taxonomy_module.__file__).parent / "taxonomies"
TEXTS = [
    "SV Smith",
    "write up SV",
    "ICPC Jones",
    "travel to CLA visit",
    "emails",
    "court statement",
    "annual leave",
    "supervision with manager",
    "nothing at all",
    "liaise with school re s47",
    "Section 47 strategy discussion",
]


def load(name: str = "uk_children_social_work") -> Taxonomy:
    """A shipped taxonomy as ``load_taxonomy`` loads it (without its per-process cache)."""
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    return Taxonomy.from_dict(
        yaml.safe_load(text),
        source=f"{name}.yaml (shipped)",
        schema=False,
        checked=False,
        text=text,
    )


def described(tax: Taxonomy) -> list:
    """Everything of the groups that decides a match, the patterns by source and flags."""
    return [
        (
            i,
            prio,
            rx.pattern,
            rx.flags,
            [(p.pattern, p.flags, raw) for p, raw in singles],
            lower,
            prefixes,
        )
        for i, prio, rx, singles, lower, prefixes in tax._groups
    ]


def matches(tax: Taxonomy) -> list:
    m = tax.match(TEXTS)
    return [m.task.tolist(), m.rule.tolist(), m.priority.tolist(), m.tied.tolist()]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TIMESTUDY_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("name", ["uk_children_social_work", "healthcare_observation"])
def test_groups_read_back_are_those_compiled(folder, monkeypatch, name):
    monkeypatch.setenv("TIMESTUDY_CACHE", "0")
    fresh = load(name)
    monkeypatch.setenv("TIMESTUDY_CACHE", str(folder))
    first = load(name)  # compiles and writes the file
    assert len(list(folder.glob("groups-*.pickle"))) == 1
    monkeypatch.setattr(taxonomy_module, "compile_groups", _no_compiling)
    again = load(name)  # from the file: nothing compiled
    assert described(fresh) == described(first) == described(again)
    assert all(isinstance(p, regex.Pattern) for g in again._groups for p, _raw in g[3])
    assert matches(fresh) == matches(again)
    assert again == fresh  # the taxonomy itself (groups are not compared)


def _no_compiling(*args, **kwargs):
    raise AssertionError("compiled although the cache holds the groups")


def test_turned_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    load()
    assert list(tmp_path.rglob("*")) == []


def test_a_changed_taxonomy_is_a_new_file(folder):
    text = (SHIPPED / "uk_children_social_work.yaml").read_text(encoding="utf-8")
    assert gc.cache_key(text) != gc.cache_key(text + "\n# changed\n")
    load()
    load("healthcare_observation")
    assert len(list(folder.glob("groups-*.pickle"))) == 2


def test_a_damaged_file_is_compiled_again_and_rewritten(folder, monkeypatch):
    expected = described(load())
    (path,) = folder.glob("groups-*.pickle")
    path.write_bytes(path.read_bytes()[:500])
    assert described(load()) == expected
    assert gc._read(path) is not None  # written again, whole


def test_groups_of_other_patterns_in_the_file_are_not_used(folder):
    expected = described(load())
    (path,) = folder.glob("groups-*.pickle")
    other = load("healthcare_observation")._groups
    path.write_bytes(gc._pack(other))
    assert described(load()) == expected


def test_the_file_can_build_nothing_but_patterns(folder, tmp_path):
    """A file naming any other callable (here ``os.system``) is refused, never run."""
    load()
    (path,) = folder.glob("groups-*.pickle")
    marker = tmp_path / "ran"
    path.write_bytes(gc._pack(_Evil(f"touch {marker}")))  # hashed as it should be
    assert gc._read(path) is None
    load()
    assert not marker.exists()


class _Evil:
    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        return os.system, (self.command,)


def test_a_folder_that_cannot_be_written_is_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TIMESTUDY_CACHE", "0")
    expected = described(load())
    monkeypatch.setenv("TIMESTUDY_CACHE", str(blocker / "cache"))
    assert described(load()) == expected
    assert blocker.read_text() == "not a folder"


def test_a_custom_file_is_not_cached(folder, tmp_path):
    path = tmp_path / "custom.yaml"
    path.write_text((SHIPPED / "uk_children_social_work.yaml").read_text(encoding="utf-8"))
    Taxonomy.from_yaml(path)
    assert not folder.exists()


def test_files_not_written_for_a_month_go_when_another_is_written(folder):
    load()
    (mine,) = folder.glob("groups-*.pickle")
    stale, recent = folder / "groups-stale.pickle", folder / "groups-recent.pickle"
    stale.write_bytes(b"x")
    recent.write_bytes(b"x")
    month_ago = time.time() - (gc.KEEP_DAYS + 1) * 86400
    os.utime(stale, (month_ago, month_ago))
    load()  # read: nothing written, nothing removed
    assert stale.exists()
    load("healthcare_observation")  # written: the stale file goes
    assert not stale.exists() and recent.exists() and mine.exists()


# -- a file is used only when it holds what compiling would give -----------------------------
def _swap_combined(g):
    """Every group's combined regex one that matches "court" (the review's file)."""
    return (*g[:2], regex.compile(r"\bcourt\b", g[2].flags), *g[3:])


def _swap_single(g):
    """The first single pattern of each group replaced by "court", its source kept."""
    (first, raw), *rest = g[3]
    return (*g[:3], ((regex.compile(r"\bcourt(?!\w)", first.flags), raw), *rest), *g[4:])


def _upper(g):
    """The patterns kept as they are but flagged not lower-cased (the text is then not)."""
    return (*g[:4], False, None)


def _flags(g):
    """Every pattern compiled as written (IGNORECASE added): other flags than compiling's."""
    flags = regex.V0 | regex.IGNORECASE
    singles = tuple((regex.compile(p.pattern, flags), r) for p, r in g[3])
    return (g[0], g[1], regex.compile(g[2].pattern, flags), singles, *g[4:])


@pytest.mark.parametrize("change", [_swap_combined, _swap_single, _upper, _flags])
def test_a_well_formed_file_whose_groups_are_not_those_compiled_is_not_used(
    folder, monkeypatch, change
):
    """The review's file: under the right name, whole, hashed as written, but with parts
    that decide a category changed. Before, "home visit to family" and "court hearing"
    came out 'uncategorised' and 'leave' from the swapped combined regex (the check read
    the single patterns' sources only); now the file is compiled again and they are
    'statutory_visit' and 'court_hearing', as with no cache."""
    monkeypatch.setenv("TIMESTUDY_CACHE", "0")
    fresh = load()
    monkeypatch.setenv("TIMESTUDY_CACHE", str(folder))
    load()
    (path,) = folder.glob("groups-*.pickle")
    changed = tuple(change(g) for g in gc._read(path))
    assert changed != gc._read(path)
    path.write_bytes(gc._pack(changed))
    again = load()
    assert described(again) == described(fresh)
    ids = [*again.task_ids, "uncategorised"]
    got = again.match(["home visit to family", "court hearing"]).task
    assert [ids[i] for i in got] == ["statutory_visit", "court_hearing"]


def test_a_file_that_does_not_hash_to_its_hash_is_not_used(folder):
    """Prefixes cannot be checked without reading the patterns again (as long as
    compiling): a file whose groups differ from those it was written with (here one
    group's prefixes, "zzz": no text would be searched) does not hash to the hash it
    holds, and is compiled again."""
    expected = described(load())
    (path,) = folder.glob("groups-*.pickle")
    data = path.read_bytes()
    groups = gc._read(path)
    k = next(k for k, g in enumerate(groups) if g[5] is not None)
    changed = (*groups[:k], (*groups[k][:5], frozenset({"zzz"})), *groups[k + 1 :])
    shape = gc.groups_shape(load().task_types, load().terms)
    assert gc._as_planned(changed, shape)  # only the hash tells
    head = len(gc.FORMAT) + 32
    path.write_bytes(data[:head] + pickle.dumps(changed, protocol=4))
    assert gc._read(path) is None
    assert described(load()) == expected


def _compiles(monkeypatch) -> list:
    calls: list = []
    real = taxonomy_module.compile_groups

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(taxonomy_module, "compile_groups", counted)
    return calls


def test_a_folder_others_can_write_is_no_cache(folder, monkeypatch):
    """Anyone who can write the folder could put a file there: it is neither read nor
    written, and the groups are compiled on every load."""
    load()
    (path,) = folder.glob("groups-*.pickle")
    folder.chmod(0o777)
    path.unlink()
    calls = _compiles(monkeypatch)
    load()
    load()
    assert len(calls) == 2
    assert list(folder.glob("groups-*.pickle")) == []


def test_a_file_others_can_write_is_not_used(folder, monkeypatch):
    load()
    (path,) = folder.glob("groups-*.pickle")
    path.chmod(0o666)
    calls = _compiles(monkeypatch)
    load()
    assert len(calls) == 1


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_file_of_another_user_is_not_used(folder, monkeypatch):
    load()
    (path,) = folder.glob("groups-*.pickle")
    os.chown(path, 65534, -1)
    calls = _compiles(monkeypatch)
    load()
    assert len(calls) == 1
