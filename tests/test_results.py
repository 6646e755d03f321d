"""One result contract: every result prints text, HTML and Markdown through ``Result``.

Jupyter shows an object through ``_repr_html_``; a console through ``repr``; a
report takes ``to_markdown()``; a researcher computes with ``summary()``. Every
public result class is checked here on one small simulated study (and a small
observation study): it is a :class:`~timestudy.results.Result`, its three
renderings come from the base's one printer (none is overridden), they show the
same title, and HTML has a table and no script. The objects that quote workers'
own words, or take names from the user's files, are checked with text that tries
to inject a script.
"""

from __future__ import annotations

import ast
import re
import warnings
from html import escape
from pathlib import Path

import matplotlib.axes
import numpy as np
import pandas as pd
import pytest

import timestudy
from timestudy import agreement, categorise, coverage, read_diary, simulate_study
from timestudy.capacity import (
    case_mix_scenario,
    staffing,
    support_staff_scenario,
    weighted_load,
)
from timestudy.capacity.calibration import calibrate
from timestudy.categorise import load_taxonomy
from timestudy.guide import build_guide
from timestudy.models import fit_study
from timestudy.observe import observation_study
from timestudy.pipeline import run_study
from timestudy.report import workload_statements
from timestudy.results import Printer, Result, Section, TableResult
from timestudy.simulate import second_observer

HOSTILE = "<script>alert(1)</script>"


def joint_sessions(n_sessions: int = 4, seed: int = 0) -> pd.DataFrame:
    """Sessions three observers recorded of the same worker at the same time."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-03-09 09:00")
    frames = []
    for k in range(n_sessions):
        seconds = rng.integers(60, 900, 15)
        ends = np.cumsum(seconds)
        start = t0 + pd.Timedelta(days=k)
        base = pd.DataFrame(
            {
                "worker_id": f"W{k % 2}",
                "observer": "O1",
                "session_id": f"S{k}-O1",
                "start": start + pd.to_timedelta(ends - seconds, unit="s"),
                "end": start + pd.to_timedelta(ends, unit="s"),
                "category": rng.choice(["admin", "care", "travel"], 15),
            }
        )
        frames.append(base)
        for j, o in enumerate(("O2", "O3")):
            b = second_observer(base, jitter_s=10, relabel=0.1, seed=10 * k + j)
            frames.append(b.assign(observer=o, session_id=f"S{k}-{o}"))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def study():
    return simulate_study(n_workers=12, weeks=2, seed=3)


@pytest.fixture(scope="module")
def run(study):
    return run_study(study.diary, study.cases, study.workers, n_boot=49, seed=1)


def _published(guide, tasks: list[str]) -> list[str]:
    """The ``tasks`` the guide publishes (a support-staff scenario refuses withheld ones:
    with 12 workers, complementary suppression may withhold a non-case task)."""
    hidden = {x.key for x in guide.suppressed if x.table == "tasks"}
    return [t for t in tasks if t in guide.tasks.index and t not in hidden]


@pytest.fixture(scope="module")
def objects(study, run):
    """Every displayable result, by name."""
    models = run.models
    guide = run.guide
    episodes = run.episodes.assign(manual_task_type=study.diary["true_task_type"].to_numpy())
    open_cases = study.cases.loc[study.cases["closed"].isna()]
    local = simulate_study(n_workers=6, weeks=2, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local_models = fit_study(categorise(local.diary), local.cases, local.workers, n_boot=49)
    mix = open_cases["case_type"].value_counts().to_dict()
    observed = observation_study(joint_sessions(), source="joint sessions")
    return {
        "SimulatedStudy": study,
        "IngestResult": run.ingest,
        "IngestReport": run.ingest.report,
        "CategoriseReport": run.coverage,
        "Agreement": agreement(episodes),
        "TaskTimes": models.task_times,
        "TaskRegression": models.task_regression,
        "CaseWeights": models.case_weights,
        "ComplexityModel": models.complexity,
        "MixedModel": models.mixed,
        "AvailableTime": models.available,
        "ModelComparison": models.compare(),
        "StudyModels": models,
        "TimeGuide": guide,
        "StudyRun": run,
        "WeightedLoad": weighted_load(guide, open_cases, study.workers),
        "staffing": staffing(guide, open_cases, study.workers),
        "support_staff_scenario": support_staff_scenario(guide, _published(guide, [
            "payments", "email_admin", "team_meeting", "supervision", "training"])[:2]),
        "case_mix_scenario": case_mix_scenario(guide, mix, {**mix, "CP": mix.get("CP", 0) + 5}),
        "Calibration": calibrate(guide, build_guide(local_models, min_workers=1)),
        "Taxonomy": load_taxonomy(),
        "WorkloadStatement": workload_statements(guide, open_cases, study.workers)[0],
        "ObservationStudy": observed,
        "Multitasking": observed.multitasking,
        "Interruptions": observed.interruptions,
        "Tempogram": observed.tempogram,
        "Transitions": observed.transitions,
        "TimeBudget": observed.budget,
        "ObserverAgreement": observed.agreement,
        "MultiObserverAgreement": observed.multi_agreement,
    }


NAMES = [
    "SimulatedStudy",
    "IngestResult",
    "IngestReport",
    "CategoriseReport",
    "Agreement",
    "TaskTimes",
    "TaskRegression",
    "CaseWeights",
    "ComplexityModel",
    "MixedModel",
    "AvailableTime",
    "ModelComparison",
    "StudyModels",
    "TimeGuide",
    "StudyRun",
    "WeightedLoad",
    "staffing",
    "support_staff_scenario",
    "case_mix_scenario",
    "Calibration",
    "Taxonomy",
    "WorkloadStatement",
    "ObservationStudy",
    "Multitasking",
    "Interruptions",
    "Tempogram",
    "Transitions",
    "TimeBudget",
    "ObserverAgreement",
    "MultiObserverAgreement",
]
PLOTTED = [
    "CategoriseReport",
    "Agreement",
    "TaskTimes",
    "TaskRegression",
    "CaseWeights",
    "ComplexityModel",
    "MixedModel",
    "ModelComparison",
    "TimeGuide",
    "WeightedLoad",
    "Calibration",
    "StudyModels",
    "StudyRun",
    "ObservationStudy",
    "Multitasking",
    "Interruptions",
    "Tempogram",
    "Transitions",
    "TimeBudget",
    "ObserverAgreement",
    "MultiObserverAgreement",
]


def _check_html(html: str, name: str) -> None:
    assert isinstance(html, str) and html.strip(), f"{name}: empty HTML"
    assert "<table" in html, f"{name}: no table in the HTML"
    assert not re.search(r"<\s*script", html, re.IGNORECASE), f"{name}: HTML holds a script"


@pytest.mark.parametrize("name", NAMES)
def test_html_has_a_table_and_no_script(objects, name):
    _check_html(objects[name]._repr_html_(), name)


@pytest.mark.parametrize("name", NAMES)
def test_text_repr_is_short(objects, name):
    text = repr(objects[name])
    assert text.strip()
    assert len(text.splitlines()) < 120, f"{name}: repr of {len(text.splitlines())} lines"


@pytest.mark.parametrize("name", NAMES)
def test_every_result_uses_the_one_base(objects, name):
    obj = objects[name]
    assert isinstance(obj, Result), f"{name} is not a timestudy.results.Result"
    cls = type(obj)
    for method in ("__repr__", "_repr_html_", "to_markdown"):
        assert getattr(cls, method) is getattr(Result, method), f"{name} overrides {method}"


@pytest.mark.parametrize("name", NAMES)
def test_three_renderings_show_the_same_content(objects, name):
    obj = objects[name]
    section = obj._display()
    assert isinstance(section, Section) and section.title
    text, html, markdown = repr(obj), obj._repr_html_(), obj.to_markdown()
    assert text.splitlines()[0] == section.title
    assert f"<h4>{escape(section.title, quote=False)}</h4>" in html.replace("&#39;", "'")
    assert markdown.startswith("# ")
    assert re.search(r"^\| .* \|$", markdown, re.MULTILINE), f"{name}: no Markdown table"
    assert "<script" not in markdown
    for note in section.notes:
        assert note in text
        assert escape(note, quote=False) in html.replace("&#39;", "'")


def test_titles_and_notes_from_data_are_escaped():
    r = TableResult(pd.DataFrame({HOSTILE: [1.0]}, index=pd.Index([HOSTILE])), HOSTILE, (HOSTILE,))
    html, markdown = r._repr_html_(), r.to_markdown()
    _check_html(html, "TableResult")
    assert html.count("&lt;script&gt;") == 4  # title, column, index, note
    assert "<script" not in markdown and "&lt;script&gt;" in markdown
    assert repr(r).splitlines()[0] == HOSTILE  # plain text is text


def test_a_column_name_from_the_data_is_escaped(study):
    episodes = study.diary.rename(columns={"true_task_type": HOSTILE})
    html = agreement(episodes, manual=HOSTILE, auto=HOSTILE)._repr_html_()
    _check_html(html, "Agreement")
    assert "&lt;script&gt;" in html


def test_printer_lays_out_one_section_three_ways():
    s = Section(
        "Hours",
        ("Lead.",),
        pd.DataFrame({"h": [1.5]}, index=pd.Index(["CP"], name="t")),
        parts=(Section("More", table=pd.DataFrame({"n": [2]}), detail=True),),
        notes=("A note.",),
    )
    p = Printer(s)
    assert p.text().splitlines()[:2] == ["Hours", "Lead."]
    assert "More" not in p.text().split("Also in")[0]  # detail: named, not shown, in text
    assert "<h5>More</h5>" in p.html() and "## More" in p.markdown()
    assert "| CP | 1.50 |" in p.markdown()


def test_a_result_without_a_figure_says_so(objects):
    with pytest.raises(NotImplementedError, match="has no figure"):
        objects["SimulatedStudy"].plot()


def test_no_module_outside_plots_imports_matplotlib_or_seaborn():
    """Estimators return numbers: not even a lazy import inside a function draws."""
    root = Path(timestudy.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.relative_to(root).parts[0] == "plots":
            continue
        text = path.read_text(encoding="utf-8")
        # an import of either names it in the text: only such modules are parsed (all 350
        # parsed and walked took 1.9 s of processor time; the 23 that name one, 0.1 s)
        if "matplotlib" not in text and "seaborn" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            if any(n.split(".")[0] in ("matplotlib", "seaborn") for n in names):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("name", NAMES)
def test_summary_is_a_dataframe(objects, name):
    obj = objects[name]
    if not hasattr(obj, "summary"):
        pytest.skip(f"{name} has no summary()")
    summary = obj.summary()
    assert isinstance(summary, pd.DataFrame), f"{name}.summary() is a {type(summary).__name__}"
    assert len(summary) > 0


@pytest.mark.parametrize("name", PLOTTED)
def test_plot_returns_axes(objects, name):
    out = objects[name].plot()
    axes = np.atleast_1d(out)
    assert all(isinstance(ax, matplotlib.axes.Axes) for ax in axes), f"{name}.plot() -> {out!r}"


def test_workers_words_are_escaped(study):
    """A description holding markup shows as text, in the rejects and in the coverage report."""
    diary = study.diary.copy()
    diary["activity"] = diary["activity"].astype(object)
    diary.loc[diary.index[:5], "activity"] = HOSTILE
    diary.loc[diary.index[:5], "activity_code"] = pd.NA
    diary.loc[diary.index[0], "end"] = diary.loc[diary.index[0], "start"] - pd.Timedelta("1h")
    result = read_diary(diary, warn=False)
    assert len(result.rejects) and (result.rejects["activity"] == HOSTILE).any()
    report = coverage(result.episodes)
    assert (report.uncategorised["activity"] == HOSTILE).any()
    for name, obj in (("IngestResult", result), ("CategoriseReport", report)):
        html = obj._repr_html_()
        _check_html(html, name)
        assert "&lt;script&gt;" in html, f"{name}: the description is not shown escaped"
