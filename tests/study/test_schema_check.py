"""The quick pass over a study's options: it never calls options valid that jsonschema refuses.

:func:`timestudy.study.schema_check.surely_valid` spares importing jsonschema when the
options surely meet the study schema; whenever it says True, jsonschema must find no
problem, so no wrong option goes through unreported. Checked on thousands of options
made wrong (or not) one value at a time, and on the cases its keywords are about.
"""

from __future__ import annotations

import copy
import math
import random
import sys

import jsonschema
import pytest

from timestudy.errors import ConfigError
from timestudy.study import Study, check_study, study_schema
from timestudy.study.schema_check import surely_valid

VALUES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    0.5,
    0.95,
    1.0,
    1.5,
    2.0,
    80,
    81,
    100001,
    math.nan,
    math.inf,
    "",
    "x",
    "08:00",
    "25:00",
    "8:00",
    "2026-03-01",
    "2026-13-01",
    "england-and-wales",
    "json",
    "pdf",
    "standards",
    [],
    ["json"],
    ["json", "json"],
    ["2026-03-01"],
    ["2026-02-30"],
    [1],
    {},
    {"asye": 0.9},
    {"asye": 2},
    {"x": "y"},
    ("json",),
]


def _paths(node, path=()):
    """Every key path of a nested dict, and of the items of its lists."""
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _set(node, path, value):
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _errors(raw, validator) -> list:
    return list(validator.iter_errors(raw))


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(
        study_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_default_options_are_surely_valid(validator):
    raw = Study.from_options().to_dict()
    assert surely_valid(raw, study_schema())
    assert _errors(raw, validator) == []


def test_never_valid_where_jsonschema_finds_a_problem(validator):
    rng = random.Random(7)
    base = Study.from_options(diary="d.csv", workers="w.csv", formats=("json", "md")).to_dict()
    paths = [p for p in _paths(base) if p]
    schema = study_schema()
    sure = refused = 0
    for _ in range(3000):
        raw = copy.deepcopy(base)
        for _k in range(rng.choice((1, 1, 2))):
            path = rng.choice(paths)
            try:
                _set(raw, path, copy.deepcopy(rng.choice(VALUES)))
            except (KeyError, IndexError, TypeError):
                continue
        if rng.random() < 0.05:
            raw[rng.choice(["extra", "level2"])] = 1
        # jsonschema's verdict; its errors listed only when a test fails (``is_valid`` stops
        # at the first error: listing them all was two thirds of the test's time)
        valid = validator.is_valid(raw)
        if surely_valid(raw, schema):
            assert valid, (raw, _errors(raw, validator))
            sure += 1
        refused += not valid
    assert sure > 300 and refused > 1000  # both kinds were tried


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"level": 1.0}, "exclusiveMaximum 1"),
        ({"n_boot": 0}, "minimum 1"),
        ({"formats": ("json", "json")}, "uniqueItems"),
        ({"work_start": "25:00"}, "pattern"),
        ({"caseload_as_of": "2026-13-01"}, "format date"),
    ],
)
def test_wrong_options_are_still_reported(options, why):
    with pytest.raises(ConfigError) as caught:
        check_study(Study.from_options(**options))
    assert "problem" in str(caught.value), why


def test_valid_options_need_no_jsonschema(monkeypatch):
    """The guide's own options (defaults, paths, json only) are checked without it."""
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # importing it would fail
    check_study(Study.from_options(diary="d.csv", workers="w.csv", formats=("json",)))
