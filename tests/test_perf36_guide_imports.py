"""perf36g: what ``timestudy guide`` imports and never uses on its default path.

Each test fails if the saving is undone: the module named is then imported again by the
process that does not call it. Measured at 120 workers x 4 weeks (Python compiling each
module it imports, no bytecode written: ``PYTHONDONTWRITEBYTECODE=1``): the workload
statements' modules 0.022 s, the categorising checks (``timestudy.categorise.rules`` and
what only it imports) 0.11 s less the taxonomy the run loads itself, the observation
study's models 0.006 s and reading a guide back 0.006 s of ``python -X importtime``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str, env: dict | None = None) -> dict:
    """Run ``code`` in a fresh interpreter; its last line printed is a JSON object."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, **(env or {})})
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_report_package_imports_a_writer_alone():
    # before: timestudy/report/__init__.py imported every writer and the report's content
    # (and with it the models and SciPy) for any of its modules, the helper's too
    got = _modules_after(
        "import sys, json\n"
        "import timestudy.report.writer\n"
        "print(json.dumps([m for m in ('timestudy.report.content', 'timestudy.models',"
        " 'timestudy.report.statement', 'timestudy.report.internal', 'scipy')"
        " if m in sys.modules]))")
    assert got == []


def test_the_report_package_still_names_everything_it_did():
    import timestudy.report as report

    for name in report.__all__:
        assert getattr(report, name) is not None
    from timestudy.report import WorkloadStatement, build_report, write_outputs

    assert build_report.__module__ == "timestudy.report.content"
    assert write_outputs.__module__ == "timestudy.report.outputs"
    assert WorkloadStatement.__module__ == "timestudy.report.statement_page"
    with pytest.raises(AttributeError, match="no attribute 'no_such_writer'"):
        report.no_such_writer  # noqa: B018


def test_the_pipeline_imports_categorising_only_to_categorise():
    # before: timestudy.pipeline imported timestudy.categorise.rules at its top
    got = _modules_after(
        "import sys, json\n"
        "import timestudy.pipeline as p\n"
        "before = 'timestudy.categorise.rules' in sys.modules\n"
        "from timestudy.categorise import rules\n"
        "print(json.dumps([before, p.categorise_and_report is rules.categorise_and_report]))")
    assert got == [False, True]


def test_the_models_import_the_observation_study_only_for_one():
    got = _modules_after(
        "import sys, json\n"
        "from timestudy.models import fit_study\n"
        "before = 'timestudy.models.observation' in sys.modules\n"
        "from timestudy.models import observation_models\n"
        "print(json.dumps([before, observation_models.__module__]))")
    assert got == [False, "timestudy.models.observation"]


def test_a_guide_object_imports_reading_guide_json_only_to_read_one():
    got = _modules_after(
        "import sys, json\n"
        "from timestudy.guide import TimeGuide\n"
        "print(json.dumps(['timestudy.guide.deserialise' in sys.modules]))")
    assert got == [False]


def test_a_guide_read_ahead_leaves_these_modules_unimported_here(tmp_path):
    """The whole command, a child reading and categorising the diary ahead: the process
    that runs the command imports none of them."""
    from timestudy import simulate_study

    data = simulate_study(n_workers=8, weeks=1, seed=3).write(tmp_path / "data")
    unused = ("timestudy.categorise.rules", "timestudy.categorise.absence_checks",
              "timestudy.report.statement", "timestudy.report.internal",
              "timestudy.models.observation", "timestudy.guide.deserialise")
    got = _modules_after(
        "import sys, json\n"
        "from timestudy.cli import main\n"
        f"code = main(['guide', {str(data['diary'])!r}, '--cases', {str(data['cases'])!r},"
        f" '--workers', {str(data['workers'])!r}, '--out', {str(tmp_path / 'out')!r},"
        " '--n-boot', '19', '--formats', 'json,md', '--quiet'])\n"
        f"print(json.dumps([code, [m for m in {unused!r} if m in sys.modules]]))",
        env={"TIMESTUDY_HELPER": "1"})
    assert got[0] in (0, 1)
    assert (tmp_path / "out" / "guide.json").exists()
    assert got[1] == []
