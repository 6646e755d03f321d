"""Seeded fixtures built from the simulator, shared by every test module."""

from __future__ import annotations

import sys

# Test processes run as the ``timestudy`` program runs (timestudy.cli.main): jsonschema
# leaves out the rfc3987 grammars no timestudy schema uses (2 s of processor time in every
# process that imports it), and Python's collector runs after 50,000 new objects, not 700.
sys.modules.setdefault("rfc3987_syntax", None)

# The shipped taxonomies' compiled patterns (timestudy.categorise.group_cache) are kept in the
# checkout's own .test-cache folder (git-ignored), not the user's ~/.cache nor a shared /tmp, for
# every test process and the programs they start.
import os  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("TIMESTUDY_CACHE", str(Path(__file__).resolve().parents[1] / ".test-cache"))

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
#: with ``pytest -n 6 --durations=0``: these modules' setups ran two to six times each.
WHOLE_MODULES = frozenset(
    {
        "tests/test_results.py",
        "tests/test_conservation.py",
        "tests/test_docstrings.py",
        "tests/capacity/test_calibration.py",
        "tests/capacity/test_calibration_disclosure.py",
        "tests/capacity/test_headline.py",
        "tests/categorise/test_patterns.py",
        "tests/cli/test_guide_calibrate.py",
        "tests/cli/test_calibrate_threshold_cli.py",
        "tests/cli/test_calibrate_threshold_early.py",
        "tests/cli/test_guide_cli.py",
        "tests/cli/test_guide_internal.py",
        "tests/cli/test_should_cli.py",
        "tests/guide/test_guide.py",
        "tests/guide/test_dated_guide.py",
        "tests/guide/test_disclosure_effective.py",
        "tests/guide/test_disclosure_role_allowance.py",
        "tests/guide/test_disclosure_weights.py",
        "tests/guide/test_should_not_applied.py",
        "tests/guide/test_disclosure_recovery.py",
        "tests/guide/test_disclosure_totals.py",
        "tests/guide/test_guide_pieces.py",
        "tests/guide/test_non_case_uplift_applied.py",
        "tests/guide/test_should.py",
        "tests/heldout/test_heldout.py",
        "tests/heldout/test_pattern_cases.py",
        "tests/heldout/test_pieces_real_patterns.py",
        "tests/heldout/test_real_patterns.py",
        "tests/ingest/conformance/test_conformance.py",
        "tests/ingest/test_ingest_fastpaths.py",
        "tests/ingest/test_ingest_order.py",
        "tests/models/test_recovery.py",
        "tests/models/test_sensitivity.py",
        "tests/observe/test_observation_outputs.py",
        "tests/observe/test_study_cli.py",
        "tests/panels/test_completeness_short.py",
        "tests/panels/test_piece_equivalents.py",
        "tests/report/test_calculator_headline.py",
        "tests/report/test_calibration_in_reports.py",
        "tests/report/test_report_excel.py",
        "tests/report/test_report_pieces.py",
        "tests/security/test_atomic_runs.py",
        "tests/security/test_hostile_config.py",
        "tests/security/test_planted_data.py",
        "tests/simulate/test_shortfall.py",
        "tests/study/test_ahead.py",
        "tests/study/test_study_file.py",
        # Measured one process each with ``pytest -p no:xdist --durations=0``: module fixtures
        # of 1.1-5.5 s (a guide, a fitted study) built again in every process a test of them
        # landed in (test_co_worked_counts_shown's two tests: two builds in the full run).
        "tests/capacity/test_diary_rules.py",
        "tests/capacity/test_roles_capacity.py",
        "tests/capacity/test_support_staff_totals.py",
        "tests/capacity/test_unallocated.py",
        "tests/cli/test_should_audit27.py",
        "tests/guide/test_events_reconcile.py",
        "tests/guide/test_notes_rounding.py",
        "tests/guide/test_own_pieces.py",
        "tests/guide/test_should_is_guide.py",
        "tests/guide/test_should_unknown_types.py",
        "tests/guide/test_should_withheld.py",
        "tests/guide/test_warning_withheld_task_figure.py",
        "tests/guide/test_withheld_time_per_piece.py",
        "tests/ingest/test_case_type_spellings.py",
        "tests/ingest/test_ingest_validate.py",
        "tests/models/test_guide_meta.py",
        "tests/models/test_regress_recovery.py",
        "tests/models/test_task_times_own_pieces.py",
        "tests/models/test_tasks_missing_days.py",
        "tests/panels/test_taxonomy_time_off.py",
        "tests/report/test_co_worked_counts_shown.py",
        "tests/report/test_staffing_in_post.py",
        # one run read by three tests (tests/capacity/test_co_worked_counted_once._co_worked)
        "tests/capacity/test_co_worked_counted_once.py",
    }
)

#: Modules that share an expensive session or module fixture run in one test process
#: together, so it is built once in the whole run: ``sim_run`` with its ``outputs``
#: (tests/report/conftest.py), the documents a process writes of it alone
#: (``documents_here``: test_report_writer and test_report_writer_early), and ``six_run``.
#: test_report_excel (``sim_run`` too) and test_calculator_headline (``six_run``) keep a process of their own: each is as long as
#: the rest of its group, and a second build of the study run costs under two seconds.
SHARED_FIXTURE_GROUPS = {
    "guide-audit28": (  # audit28's study, its guide built once (tests/guide/_audit28.py)
        "tests/guide/test_disclosure_known_zero.py",
        "tests/guide/test_guide_published_counts.py",
        "tests/guide/test_guide_summary_withheld.py",
    ),
    # the example run (timestudy.examples.example_run, run once per process) and the guides
    # built of it, read back: in the loaded CI of the thirty-seventh stop the module
    # fixtures of test_read_back_publishes_the_same and test_read_back_threshold were
    # built in six processes each (46 and 35 s of setups), and the example run in more
    "guide-example-run": (
        "tests/guide/test_guide_read_again.py",
        "tests/guide/test_read_back_publishes_the_same.py",
        "tests/guide/test_read_back_threshold.py",
        "tests/guide/test_read_back_figures_agree.py",
        "tests/study/test_refused_before_read.py",
        "tests/test_examples_study.py",
    ),
    "report-sim-run": (
        "tests/report/test_report_documents.py",
        "tests/report/test_report_outputs.py",
        "tests/report/test_report_pdf_helper.py",
        "tests/report/test_report_writer.py",
        "tests/report/test_report_writer_early.py",
        "tests/report/test_completeness_by_worker.py",
        "tests/report/test_report_tables.py",
        "tests/report/test_report_statement.py",
        "tests/report/test_disagreement_sentence.py",
        "tests/report/test_time_of_day_missing_days.py",
        "tests/report/test_time_of_day_disclosure.py",
        "tests/report/test_prefill_no_role.py",
        "tests/report/test_withheld_should_figure.py",
        "tests/report/test_statement_basis_uplifted.py",
    ),
    "report-six-run": (
        "tests/report/test_calculator_headline_everywhere.py",
        "tests/report/test_calculator_status_rule.py",
        "tests/report/test_calculator_role_list.py",
        "tests/report/test_caseload_counted.py",
        "tests/report/test_statement_floor_and_unlisted.py",
        "tests/report/test_statement_no_status.py",
        "tests/report/test_statement_open_cases.py",
        "tests/report/test_unlisted_in_report.py",
        "tests/report/test_status_table_statements.py",
        "tests/report/test_excel_rounding.py",
        "tests/report/test_report_rounding_words.py",
        "tests/report/test_one_rounding.py",
        "tests/report/test_statement_floor_without_status.py",
        "tests/report/test_counts_published.py",
        "tests/report/test_max_cases_from_guide_json.py",
        "tests/report/test_not_shown_words.py",
        "tests/report/test_roles_published.py",
        "tests/report/test_warning_figures_published.py",
        "tests/report/test_statement_basis_uplifts.py",
    ),
    # ``tiny_run`` (a 3-worker study run) and its ``tiny_outputs``: built once, not once in
    # each process that one of these modules' eight tests lands in.
    "report-tiny-run": (
        "tests/report/test_outputs_collector.py",
        "tests/report/test_data_quality_minutes.py",
        "tests/report/test_documents_laid_out_once.py",
        "tests/report/test_pdf_first_pass.py",
    ),
}

#: Modules of tests that each take seconds (a notebook's kernel, properties over whole
#: studies), not grouped: sent to the test processes before every other single test, not
#: near the end where most are collected. A process asks for more once it has two tests
#: left, so one that drew three of them at the end ran them one after another while the
#: others waited. (Under ``--dist loadgroup`` the groups still go first: xdist orders the
#: work by the number of tests in each unit, ties in collection order.)
FIRST_MODULES = (
    "tests/test_notebooks.py",
    "tests/observe/test_shared_sessions.py",
    "tests/test_pipeline_case_ids.py",
    "tests/test_pipeline_worker_ids.py",
    "tests/ingest/test_ingest_properties.py",
    "tests/observe/test_orientation_free.py",
    "tests/observe/test_multi_observer.py",
    "tests/cli/test_startup.py",
    "tests/test_survey_weights.py",
)

#: The test process group of each grouped module (a module of WHOLE_MODULES is its own).
GROUP_OF = {module: module for module in WHOLE_MODULES} | {
    module: group for group, modules in SHARED_FIXTURE_GROUPS.items() for module in modules
}


def pytest_configure(config):
    """In the process that starts the test processes, the test modules' rewritten bytecode
    written once (tests/_rewritten.py), so that none of them rewrites every module again."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        from _rewritten import write_rewritten

        write_rewritten(config, Path(__file__).resolve().parent)


def group_of(nodeid: str) -> str | None:
    """The group whose test process runs the test ``nodeid``, or None for any process."""
    return GROUP_OF.get(nodeid.split("::")[0])


def pytest_collection_modifyitems(config, items):
    """The tests of FIRST_MODULES first, in that order of modules (the heaviest first), each
    module's in its own order (every test process collects the same order, as xdist
    requires)."""
    rank = {module: i for i, module in enumerate(FIRST_MODULES)}
    first = [item for item in items if item.nodeid.split("::")[0] in rank]
    if first:
        first.sort(key=lambda item: rank[item.nodeid.split("::")[0]])  # (a stable sort)
        rest = [item for item in items if item.nodeid.split("::")[0] not in rank]
        items[:] = first + rest


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under ``--dist loadgroup``, a scheduler that sends each group's tests to one process.

    xdist groups the tests of an ``xdist_group`` mark by appending the group to the test's
    node id, which pytest 9 no longer lets it change: the marks were ignored and every
    group's tests spread over all processes. The scheduler reads the groups from the node
    ids' modules instead (and still honours a mark's suffix where xdist can set one).
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModuleGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid) or super()._split_scope(nodeid)

    return ModuleGroupScheduling(config, log)


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
