"""The test processes' groups (tests/conftest.py) name modules that exist.

A module renamed or moved would otherwise silently stop being grouped, and its module
fixtures would be built again in every test process its tests land in.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _suite_conftest():
    spec = importlib.util.spec_from_file_location("suite_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_grouped_module_exists():
    groups = _suite_conftest().GROUP_OF
    assert len(groups) > 20
    assert sorted(m for m in groups if not (ROOT / m).is_file()) == []


def test_every_module_sent_first_exists_and_is_not_grouped():
    """A module sent first that was renamed would silently go back to the end; one that
    is grouped goes with its group (xdist sends groups first anyway)."""
    c = _suite_conftest()
    assert sorted(m for m in c.FIRST_MODULES if not (ROOT / m).is_file()) == []
    assert sorted(set(c.FIRST_MODULES) & set(c.GROUP_OF)) == []


def test_a_test_goes_to_its_modules_group_or_to_any_process():
    c = _suite_conftest()
    assert c.group_of("tests/test_results.py::test_plot_returns_axes[TaskTimes]") == (
        "tests/test_results.py")
    assert c.group_of("tests/report/test_report_documents.py::test_x") == "report-sim-run"
    assert c.group_of("tests/report/test_calculator_status_rule.py::test_x") == "report-six-run"
    assert c.group_of("tests/schema/test_schema.py::test_x") is None


def test_every_module_using_a_shared_study_run_is_grouped():
    """A module whose tests take ``sim_run`` or ``six_run`` (tests/report/conftest.py: a
    whole study run each) runs in a group, so the run is built once in the suite, not once
    in every test process its tests land in (three of this stop's new modules were not)."""
    import re

    groups = _suite_conftest().GROUP_OF
    uses = re.compile(r"def \w+\([^)]*\b(sim_run|six_run)\b", re.S)
    loose = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if uses.search(p.read_text(encoding="utf-8")) and str(p.relative_to(ROOT)) not in groups
    )
    assert loose == []
