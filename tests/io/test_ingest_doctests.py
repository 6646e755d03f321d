"""Run the docstring examples of the ingest modules, so that none is written but never run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "timestudy.schema",
    "timestudy.ingest",
    "timestudy.io.parse",
    "timestudy.io.csvfile",
    "timestudy.io.files",
    "timestudy.io.mapping",
    "timestudy.io.layouts",
    "timestudy.io.slots",
    "timestudy.io.wombat",
    "timestudy.io.toggl",
    "timestudy.io.times",
    "timestudy.io.flags",
    "timestudy.io.validate",
    "timestudy.io.tables",
    "timestudy.io.quality",
    "timestudy.io.template",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
