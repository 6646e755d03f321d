"""A guide.json read again in the same process is the guide read afresh (suite36).

``TimeGuide.from_json`` checked the file against the schema, flattened it and published its
counted tables again at every read (timestudy.guide.deserialise keeps what a read computed,
by the file's text). Whatever it keeps, the guide read again must be the one read afresh
(the counted tables published in ``TimeGuide.__post_init__``, as before), each reader its
own copy, and a file refused every time it is read.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from timestudy import TimeGuide
from timestudy.errors import ConfigError
from timestudy.examples import example_run
from timestudy.guide import build_guide, deserialise


@pytest.fixture(scope="module")
def guides():
    """The example run's guide, and the same models' guide at min_workers 7 (counts withheld
    in words, cells suppressed)."""
    run = example_run()
    return {"built": run.guide, "withheld": build_guide(run.models, min_workers=7)}


def _afresh(path) -> TimeGuide:
    """The guide read as before any was kept: fields flattened, tables published in
    ``TimeGuide.__post_init__``."""
    raw = deserialise.read_guide_json(path)
    return TimeGuide(**deserialise._fields(raw, str(path)))


def _same(a: TimeGuide, b: TimeGuide) -> None:
    for f in dataclasses.fields(TimeGuide):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "_tables":
            assert x.keys() == y.keys() and x["published_by"] == y["published_by"]
        elif isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, obj=f.name)
        elif f.name == "_measured_counts" and x is not None:
            assert x.keys() == y.keys()
            for k in x:
                pd.testing.assert_frame_equal(x[k], y[k], obj=k)
        else:
            assert x == y, f.name


@pytest.mark.parametrize("which", ["built", "withheld"])
def test_a_guide_read_again_is_the_guide_read_afresh(guides, which, tmp_path):
    path = tmp_path / "guide.json"
    guides[which].to_json(path)
    deserialise.READ.clear()
    first, again = TimeGuide.from_json(path), TimeGuide.from_json(path)
    (kept,) = deserialise.READ.values()  # kept once, its tables published
    assert kept["_tables"]["tasks"] is kept["tasks"]
    fresh = _afresh(path)
    _same(first, fresh)
    _same(again, fresh)
    assert first.to_json() == again.to_json() == fresh.to_json()
    # the tables written are those saved (the withheld guide's case types too: PROCEEDINGS'
    # 7 workers of 8 read "not shown" were read as 0 and its 13 cases withheld, and CLA's
    # 27 with them, until fix37g: a count "not shown" is not known, its cases stand)
    saved = json.loads(path.read_text())
    keys = ["tasks", "case_types", "category_shares", "task_case_hours", "suppressed"]
    for key in keys:
        assert json.loads(again.to_json())[key] == saved[key], key
    if which == "withheld":
        assert again.tasks["n_workers"].isna().any()  # words, not counts, were read


@pytest.mark.parametrize("which", ["built", "withheld"])
def test_each_reader_has_its_own_guide(guides, which, tmp_path):
    path = tmp_path / "guide.json"
    guides[which].to_json(path)
    before = _afresh(path).to_json()

    def spoil(guide):
        guide.tasks.iloc[:, 1] = 99.0
        guide.case_types.iloc[:, 1] = 99.0
        guide.task_case_hours.iloc[:, :] = 99.0
        guide.meta["n_workers"] = 1000
        guide.suppressed.clear()

    deserialise.READ.clear()
    spoil(TimeGuide.from_json(path))  # the first reader (the guide kept)
    spoil(TimeGuide.from_json(path))  # a reader again
    assert TimeGuide.from_json(path).to_json() == before
    deserialise.READ.clear()  # nor does a caller's dict or fields change what is kept
    raw = json.loads(path.read_text())
    fields = deserialise.guide_fields(raw)
    raw["meta"]["n_workers"] = 2000
    fields["tasks"].iloc[:, 1] = 98.0
    assert TimeGuide.from_json(path).to_json() == before


def test_counts_written_by_hand_are_measured_as_before(guides, tmp_path):
    """A guide.json with a count under min_workers as a number (written by hand): published
    as words, and the count given kept as the measured one, as a read afresh keeps it."""
    raw = json.loads(guides["built"].to_json())
    raw["tasks"][0]["n_workers"] = 2
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(raw))
    fresh = _afresh(path)
    for _ in range(2):
        again = TimeGuide.from_json(path)
        _same(again, fresh)
        assert again.tasks["n_workers"].isna().iloc[0]
        assert again._unsuppressed_counts("tasks")["n_workers"].iloc[0] == 2


def test_a_file_not_shaped_like_a_guide_is_refused_every_time(guides, tmp_path):
    path = tmp_path / "guide.json"
    guides["built"].to_json(path)
    TimeGuide.from_json(path)
    raw = json.loads(path.read_text())
    raw["tasks"][0]["n_workers"] = "many"
    path.write_text(json.dumps(raw, indent=2))  # the same file, other text
    for _ in range(2):
        with pytest.raises(ConfigError, match="not shaped like a guide"):
            TimeGuide.from_json(path)
