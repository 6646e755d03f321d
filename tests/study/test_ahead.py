"""The tables read and the diary categorised ahead, in a forked child (issue 18).

``timestudy guide`` forks a child that reads the cases, workers and diary and categorises
the diary while it imports SciPy and the models (:mod:`timestudy.study.ahead`). The run it
hands its work to must be the run read here: the same tables and episodes, the same
warnings in the same order, the same files noted as inputs, the same errors; and a child
that fails, or whose work is not the run's, changes nothing but the time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pandas as pd
import pytest

from timestudy import pipeline, simulate_study
from timestudy._lib import atomic
from timestudy.cli import main
from timestudy.stats import background
from timestudy.study import Study, run_study_file
from timestudy.study import ahead as ahead_module
from timestudy.study.ahead import AHEAD_ROWS, reading_ahead, rows_guess

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A small study whose diary gives the reader a warning (durations in hours read as
    minutes, named in a mapping) and the categorising one (a day of uncategorised time)."""
    folder = tmp_path_factory.mktemp("ahead")
    written = simulate_study(n_workers=8, weeks=1, seed=2).write(folder / "study")
    d = pd.read_csv(written["diary"])
    start, end = pd.to_datetime(d["start"]), pd.to_datetime(d["end"])
    d = d.drop(columns=["end"]).assign(
        **{"Time spent": ((end - start).dt.total_seconds() / 3600).round(4)})
    day = (d["worker_id"] == d["worker_id"].iloc[0]) & (start.dt.date == start.dt.date.iloc[0])
    d.loc[day, ["activity", "activity_code", "Time spent"]] = ["zzz unknown", None, 120]
    d.to_csv(folder / "diary.csv", index=False)
    (folder / "m.yaml").write_text("columns:\n  duration_min: Time spent\n", encoding="utf-8")
    return {"diary": str(folder / "diary.csv"), "cases": str(written["cases"]),
            "workers": str(written["workers"]), "mapping": str(folder / "m.yaml")}


def _study(files, out, **options) -> Study:
    return Study.from_options(**files, n_boot=19, out=str(out), formats=["json"],
                              progress=False, **options)


def _run(study, monkeypatch, *, helper: bool):
    """The run of ``study`` (read ahead when ``helper``), its warnings in order and the
    calls of the parent's own reading."""
    monkeypatch.setenv("TIMESTUDY_HELPER", "1" if helper else "0")
    calls, real = [], pipeline._tables
    monkeypatch.setattr(pipeline, "_tables", lambda key: calls.append(1) or real(key))
    atomic.forget_inputs()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with reading_ahead(study) as forked:
            run, _ = run_study_file(study)
    assert forked is helper
    shown = [(w.category.__name__, str(w.message)) for w in caught]
    inputs = sorted(atomic._INPUTS.values())
    return run, shown, calls, inputs


@pytest.fixture(scope="module")
def here(files, tmp_path_factory):
    """``_run`` of the study read here (no child), once for the three tests that compare a
    run read ahead with it: the run read here is deterministic and none of them changes it
    (each monkeypatches the child's work only after it), so three runs gave the same one."""
    with pytest.MonkeyPatch.context() as mp:
        return _run(_study(files, tmp_path_factory.mktemp("here") / "a"), mp, helper=False)


def _same_run(a, b) -> None:
    pd.testing.assert_frame_equal(a.episodes, b.episodes, check_exact=True)
    pd.testing.assert_frame_equal(a.ingest.episodes, b.ingest.episodes, check_exact=True)
    pd.testing.assert_frame_equal(a.ingest.rejects, b.ingest.rejects, check_exact=True)
    pd.testing.assert_frame_equal(a.cases, b.cases, check_exact=True)
    pd.testing.assert_frame_equal(a.workers, b.workers, check_exact=True)
    pd.testing.assert_frame_equal(a.coverage.by_category, b.coverage.by_category,
                                  check_exact=True)
    assert a.ingest.report.to_dict() == b.ingest.report.to_dict()
    ga, gb = dict(a.guide.meta), dict(b.guide.meta)
    ga.pop("created", None), gb.pop("created", None)
    # both lists in full when they differ (seen once, in one of three full runs: the read
    # here began with the reader's warning, the read ahead with the categorising's)
    assert ga.get("warnings") == gb.get("warnings"), (ga.get("warnings"), gb.get("warnings"))
    assert ga == gb
    pd.testing.assert_frame_equal(a.guide.case_types, b.guide.case_types, check_exact=True)
    pd.testing.assert_frame_equal(a.guide.tasks, b.guide.tasks, check_exact=True)


def test_the_run_read_ahead_is_the_run_read_here(files, here, tmp_path, monkeypatch):
    here, warned_here, calls_here, inputs_here = here
    ahead, warned_ahead, calls_ahead, inputs_ahead = _run(_study(files, tmp_path / "b"),
                                                          monkeypatch, helper=True)
    assert calls_here == [1] and calls_ahead == []  # the child's reading was claimed
    _same_run(here, ahead)
    assert warned_ahead == warned_here  # the reader's, then the categorising's, in place
    kinds = " ".join(m for _, m in warned_here)
    assert kinds.index("duration_looks_like_hours") < kinds.index("uncategorised time")
    assert inputs_ahead == inputs_here  # what the child read: inputs here too
    assert files["diary"] in inputs_ahead and files["mapping"] in inputs_ahead


def test_a_role_left_out_is_categorised_by_the_run(files, tmp_path, monkeypatch):
    """One asye with a share of 0 (fewer than 5): their rows are left out before
    categorising, so the run categorises the rows it keeps itself, and warns in order."""
    here, warned_here, _, _ = _run(_study(files, tmp_path / "a", roles={"asye": 0}),
                                   monkeypatch, helper=False)
    ahead, warned_ahead, calls, _ = _run(_study(files, tmp_path / "b", roles={"asye": 0}),
                                         monkeypatch, helper=True)
    assert calls == []
    assert len(ahead.episodes) < len(ahead.ingest.episodes)
    _same_run(here, ahead)
    assert warned_ahead == warned_here
    assert any("left out of the whole guide" in m for _, m in warned_ahead)


def test_a_child_that_fails_leaves_the_reading_to_the_run(files, here, tmp_path, monkeypatch):
    here, warned_here, _, _ = here

    def broken(key):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(ahead_module, "read_and_categorise", broken)
    ahead, warned_ahead, calls, _ = _run(_study(files, tmp_path / "b"), monkeypatch,
                                         helper=True)
    assert calls == [1]  # read here, after the child's failure
    _same_run(here, ahead)
    assert warned_ahead == warned_here


def test_a_child_whose_categorising_fails_leaves_it_to_the_run(files, here, tmp_path,
                                                              monkeypatch):
    here, warned_here, _, _ = here
    import timestudy.categorise.rules as rules

    real = rules.categorise_and_report
    parent = os.getpid()

    def only_here(*args, **kwargs):  # fails in the child, works here
        if os.getpid() != parent:
            raise RuntimeError("the child's categorising fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(rules, "categorise_and_report", only_here)
    monkeypatch.setattr(pipeline, "categorise_and_report", only_here)
    ahead, warned_ahead, calls, _ = _run(_study(files, tmp_path / "b"), monkeypatch,
                                         helper=True)
    assert calls == []  # the tables were the child's
    _same_run(here, ahead)
    assert warned_ahead == warned_here


def test_work_not_claimed_is_stopped(files, tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    with reading_ahead(_study(files, tmp_path)) as forked:
        assert forked
        (_, pending), = background._AHEAD
        pid = pending._pid
        assert background.claim(("read", "another diary")) is None
    assert background._AHEAD == []
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(pid, os.WNOHANG)


def test_nothing_is_read_ahead_when_no_processor_is_free_or_the_diary_is_large(
        files, tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_HELPER", "0")
    with reading_ahead(_study(files, tmp_path)) as forked:
        assert not forked and background._AHEAD == []
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    monkeypatch.setattr(ahead_module, "AHEAD_ROWS", rows_guess(files["diary"]) - 1)
    with reading_ahead(_study(files, tmp_path)) as forked:
        assert not forked


def test_rows_guessed_from_the_size_of_the_file(tmp_path):
    """3,000 bytes of CSV: 30 rows at 100 bytes a row; of Parquet: 150 at 20 a row."""
    (tmp_path / "d.csv").write_bytes(b"x" * 3000)
    (tmp_path / "d.parquet").write_bytes(b"x" * 3000)
    assert rows_guess(tmp_path / "d.csv") == 30
    assert rows_guess(tmp_path / "d.parquet") == 150
    assert AHEAD_ROWS == 100_000


@pytest.mark.parametrize("helper", ["0", "1"])
def test_errors_are_the_runs_own(files, tmp_path, monkeypatch, capsys, helper):
    """A diary without what the guide needs: one line, exit 2, whoever read it."""
    monkeypatch.setenv("TIMESTUDY_HELPER", helper)
    d = pd.read_csv(files["diary"]).drop(columns=["activity", "activity_code", "task_type"],
                                         errors="ignore")
    d.to_csv(tmp_path / "bare.csv", index=False)
    code = main(["guide", str(tmp_path / "bare.csv"), "--cases", files["cases"],
                 "--workers", files["workers"], "--mapping", files["mapping"],
                 "--out", str(tmp_path / "out"), "--quiet", "--formats", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "cannot build a guide from this diary" in err
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def fresh(files, tmp_path_factory) -> list[str]:
    """What a fresh interpreter prints: once its first imports are the pipeline's and the
    read-ahead's, whether SciPy and the models are loaded; then, running ``timestudy
    guide``, the same at the moment the child is to be forked (``background.ahead``
    called), where it stops: what follows the fork is the run the other tests compare. One
    interpreter for both: each probe started its own, and the first ran the whole guide."""
    out = tmp_path_factory.mktemp("fresh") / "out"
    probe = (
        "import os, sys\n"
        "import timestudy.pipeline, timestudy.study.ahead\n"
        "print('scipy' in sys.modules, 'timestudy.models' in sys.modules)\n"
        "from timestudy.stats import background\n"
        "def spy(*a, **k):\n"
        "    print('scipy' in sys.modules, 'timestudy.models' in sys.modules, flush=True)\n"
        "    os._exit(0)\n"
        "background.ahead = spy\n"
        "from timestudy.cli import main\n"
        f"sys.exit(main(['guide', {files['diary']!r}, '--cases', {files['cases']!r},"
        f" '--workers', {files['workers']!r}, '--mapping', {files['mapping']!r},"
        f" '--out', {str(out)!r}, '--quiet', '--formats', 'json',"
        " '--n-boot', '19']))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "TIMESTUDY_HELPER": "1"})
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_the_guide_reads_ahead_before_importing_scipy(fresh):
    """In a fresh interpreter: the child is forked while SciPy is not imported yet."""
    assert len(fresh) == 2, fresh  # the spy was called: the guide reads ahead
    assert fresh[1] == "False False"


def test_importing_the_pipeline_loads_no_scipy(fresh):
    assert fresh[0].split() == ["False", "False"]
