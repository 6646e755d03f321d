"""Seeded fixtures built from the simulator, shared by every test module."""

from __future__ import annotations

import sys

# Test processes run as the ``timestudy`` program runs (timestudy.cli.main): jsonschema
# leaves out the rfc3987 grammars no timestudy schema uses (2 s of processor time in every
# process that imports it), and Python's collector runs after 50,000 new objects, not 700.
sys.modules.setdefault("rfc3987_syntax", None)

import matplotlib  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from timestudy import simulate_study  # noqa: E402
from timestudy._lib.memory import fewer_collections  # noqa: E402

matplotlib.use("Agg")
fewer_collections()

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci")


#: Modules whose module-scoped fixtures take seconds to build (a study run, a guide, its
#: outputs): under ``--dist loadgroup`` (the Makefile) each runs in one test process, so
#: its fixtures are built once, not once in every process its tests land in. Measured
#: with ``pytest -n 4 --durations=0``: these modules' setups ran two or three times each.
WHOLE_MODULES = frozenset({
    "tests/test_results.py",
    "tests/cli/test_guide_cli.py",
    "tests/simulate/test_shortfall.py",
    "tests/report/test_report_outputs.py",
    "tests/report/test_calculator_headline.py",
    "tests/report/test_completeness_by_worker.py",
    "tests/models/test_sensitivity.py",
    "tests/heldout/test_heldout.py",
    "tests/guide/test_guide.py",
})


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in WHOLE_MODULES:
            item.add_marker(pytest.mark.xdist_group(module))


@pytest.fixture(scope="session")
def study():
    """A 40-worker, 4-week simulated study (seed 11)."""
    return simulate_study(n_workers=40, weeks=4, seed=11)


@pytest.fixture(scope="session")
def small_study():
    """A 6-worker, 1-week simulated study (seed 3), for fast checks."""
    return simulate_study(n_workers=6, weeks=1, seed=3)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
