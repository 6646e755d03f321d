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


def test_the_rewritten_bytecode_is_written_once_and_read_by_pytest(pytestconfig, tmp_path):
    """tests/_rewritten.py writes pytest's own cache of a rewritten test module (so a test
    process finds it and does not rewrite the module again), only where it is missing or stale,
    and leaves other modules alone."""
    from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, get_cache_dir
    from _rewritten import write_rewritten

    module = tmp_path / "test_sample.py"
    module.write_text("def test_x():\n    assert 1 + 1 == 3\n")
    (tmp_path / "helper.py").write_text("X = 1\n")
    pyc = get_cache_dir(module) / ("test_sample" + PYC_TAIL)
    assert write_rewritten(pytestconfig, tmp_path) == 1
    code = _read_pyc(module, pyc)
    assert code is not None
    namespace: dict = {}
    exec(code, namespace)
    try:
        namespace["test_x"]()
    except AssertionError as error:  # rewritten: the failed comparison is explained
        assert "assert (1 + 1) == 3" in str(error)
    else:
        raise AssertionError("the sample test should fail")
    assert write_rewritten(pytestconfig, tmp_path) == 0  # cached, with the source's hash
    module.write_text("def test_x():\n    assert 2 == 2\n")
    assert write_rewritten(pytestconfig, tmp_path) == 1  # changed source: written again
    assert not list(get_cache_dir(module).glob("helper*"))


def test_every_module_using_the_example_run_is_in_one_group():
    """A module calling ``example_run`` (a study run, once per process: timestudy.examples)
    runs in the group "guide-example-run", so the run is made in one process of the suite,
    not in each process its tests land in (the read-back modules' were made in six)."""
    import re

    groups = _suite_conftest().GROUP_OF
    calls = re.compile(r"\bexample_run\(")
    found = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")
             if calls.search(p.read_text(encoding="utf-8"))}
    assert len(found) >= 5
    assert sorted(m for m in found if groups.get(m) != "guide-example-run") == []
