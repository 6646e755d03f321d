"""guide.json against its schema and the model results; the HTML and Markdown reports.

The disclosure checks use the simulated study's own identifiers and diary
descriptions: none of them may appear in any published output.
"""

from __future__ import annotations

import base64
import json
import re

import jsonschema
import numpy as np
import pandas as pd
import pytest

from timestudy.report import build_report, render_markdown
from timestudy.report.format import label
from timestudy.report.labels import task_label
from timestudy.schema import PUBLISHED

SECTIONS = [
    "summary",
    "time-use",
    "case-weights",
    "tasks",
    "capacity",
    "should",
    "data-quality",
    "method",
    "suppression",
    "provenance",
]
FIGURES = [
    "category_shares",
    "worker_hours",
    "team_shares",
    "time_of_day",
    "case_weights",
    "task_hours",
    "max_caseload",
    "capacity",
]


@pytest.fixture(scope="module")
def schema():
    text = (PUBLISHED / "guide.json").read_text("utf-8")
    s = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- guide.json
def test_guide_json_validates_against_schema(outputs, tiny_outputs, schema):
    v = jsonschema.Draft202012Validator(schema)
    for paths in (outputs, tiny_outputs):
        errors = [e.message for e in v.iter_errors(_json(paths["guide.json"]))]
        assert errors == []


def test_schema_rejects_an_estimate_in_a_suppressed_row(outputs, schema):
    raw = _json(outputs["guide.json"])
    raw["case_types"][0]["suppressed"] = "fewer than 5 workers (2)"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, schema, cls=jsonschema.Draft202012Validator)


def test_guide_json_figures_equal_the_model_results(sim_run, outputs):
    _, run = sim_run
    raw = _json(outputs["guide.json"])
    m = run.models
    cw = m.case_weights.table
    for item in raw["case_types"]:
        k = item["case_type"]
        for name, col in (
            ("hours_per_case_month", "hours_per_case_month"),
            ("relative_weight", "relative_weight"),
            ("event_hours_per_case_month", "event_hours_per_case_month"),
        ):
            got = item[name]
            want = cw.loc[k, [col, f"{col}_ci_low", f"{col}_ci_high"]].to_numpy(float)
            np.testing.assert_allclose(
                [got["estimate"], got["ci_low"], got["ci_high"]], want, rtol=0, atol=1e-6
            )  # guide.json keeps 6 decimals
        assert item["n_cases"] == cw.loc[k, "n_cases"]
    # the models' task times: travel and notes over their pieces of their own (panels.own_pieces)
    tt = m.task_times.table
    published = [t for t in raw["tasks"] if t["suppressed"] is None]
    assert published
    for item in published:
        k = item["task_type"]
        if item["direct_minutes"] is None:  # every entry claimed by other pieces
            assert item["n_pieces"] == 0 and tt.loc[k, "n_pieces"] == 0
            continue
        np.testing.assert_allclose(
            item["direct_minutes"]["estimate"], tt.loc[k, "direct_min"], atol=1e-6
        )
        if item["full_hours"] is not None:
            np.testing.assert_allclose(
                [item["full_hours"][c] for c in ("estimate", "ci_low", "ci_high")],
                tt.loc[k, ["full_hours", "full_hours_ci_low", "full_hours_ci_high"]].to_numpy(
                    float
                ),
                atol=1e-6,
            )
    av = m.available.table
    np.testing.assert_allclose(
        raw["available_hours"]["per_fte_week"]["estimate"],
        av.loc["available_case_hours_per_fte_week", "estimate"],
        atol=1e-6,
    )
    np.testing.assert_allclose(
        raw["available_hours"]["per_fte_year"]["estimate"],
        av.loc["available_case_hours_per_fte_year", "estimate"],
        atol=1e-6,
    )
    mult = {x["term"]: x["multiplier"]["estimate"] for x in raw["multipliers"]}
    for term, value in m.complexity.table["multiplier"].items():
        np.testing.assert_allclose(mult[term], value, atol=1e-6)


def test_should_figures_carry_the_uplifts(sim_run, outputs):
    raw = _json(outputs["guide.json"])
    assert raw["adjustments"]["method"] == "expert_panel"
    visit = next(t for t in raw["tasks"] if t["task_type"] == "statutory_visit")
    assert visit["uplift"] == 1.25
    assert visit["full_hours_should"] == pytest.approx(
        1.25 * visit["full_hours"]["estimate"], rel=1e-5
    )
    cla = next(c for c in raw["case_types"] if c["case_type"] == "CLA")
    assert cla["uplift"] > 1.1  # its own factor times the mix of its tasks' uplifts


def test_suppressed_study_publishes_no_estimate(tiny_outputs, tiny_run):
    raw = _json(tiny_outputs["guide.json"])
    assert any(s["table"] == "all" for s in raw["suppressed"])
    estimates = [
        t[n]
        for t in raw["tasks"]
        for n in ("direct_minutes", "full_hours", "full_hours_regression")
    ]
    estimates += [
        c[n] for c in raw["case_types"] for n in ("hours_per_case_month", "relative_weight")
    ]
    estimates += [x["multiplier"] for x in raw["multipliers"]]
    estimates += [x["share"] for x in raw["category_shares"]]
    estimates += [raw["available_hours"]["per_fte_week"], raw["available_hours"]["per_fte_year"]]
    assert all(e is None for e in estimates)
    assert all(not row for row in raw["task_case_hours"].values())
    assert raw["meta"]["between_worker_variance"] is None


# ---------------------------------------------------------------- report.html
@pytest.fixture(scope="module")
def html(outputs):
    return outputs["report.html"].read_text(encoding="utf-8")


def test_html_has_every_section_and_figure(html):
    for s in SECTIONS:
        assert f'id="{s}"' in html, s
    for key in FIGURES:
        m = re.search(rf'<figure id="fig-{key}">\s*<img src="data:image/png;base64,([^"]+)"', html)
        assert m, key
        assert base64.b64decode(m.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    for words in (
        "is versus should",
        "why workers are resampled",
        "multiplier",
        "case-month",
        "hours available",
        "suppression",
    ):
        assert words in html.lower(), words


def test_html_is_self_contained(html):
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|//)""", html)
    assert "@import" not in html and "url(" not in html


def _published_text(paths) -> str:
    return "\n".join(
        paths[k].read_text(encoding="utf-8") for k in ("report.html", "report.md", "guide.json")
    )


def test_no_identifiers_or_diary_text_in_published_outputs(sim_run, outputs):
    study, run = sim_run
    text = _published_text(outputs)
    text += "\n" + json.dumps(json.loads(outputs["data_quality.json"].read_text()))
    # every worker and case id as a whole word, in one pass (one search per id took 7 s)
    ids = [*study.workers["worker_id"], *study.cases["case_id"]]
    assert len(ids) > 500
    whole_word = re.compile(rf"\b(?:{'|'.join(map(re.escape, ids))})\b")
    assert whole_word.findall(text) == []
    labels = {
        label(x).lower() for x in set(run.episodes["task_type"]) | set(run.episodes["category"])
    }
    names = run.guide.meta["labels"]
    labels |= {v.lower() for v in [*names["task_types"].values(), *names["categories"].values()]}
    labels |= {a for a in study.diary["activity"].dropna().str.lower().unique()
               if any(a in lab for lab in labels)}  # words of the taxonomy's own labels
    lowered = text.lower()
    generic = {"annual leave"}  # the report's own wording ("annual leave days")
    free = {
        a
        for a in study.diary["activity"].dropna().str.lower().unique()
        if len(a.split()) >= 2 and a not in labels | generic
    }
    assert len(free) > 20  # the check has teeth
    leaked = sorted(a for a in free if a in lowered)
    assert leaked == []


def test_report_shows_no_team_smaller_than_the_threshold(sim_run, sim_report):
    _, run = sim_run
    report = sim_report  # build_report(run)
    k = run.guide.meta["min_workers"]
    team = next(
        b
        for b in report.section("time-use").blocks
        if b.kind == "table" and b.caption.startswith("Share of time worked by team")
    )
    assert (team.frame["workers"].astype(int) >= k).all()
    sizes = run.workers.groupby("team")["worker_id"].nunique()
    for small in sizes.index[sizes < k]:
        assert small not in set(team.frame["team"])


def test_markdown_has_the_same_sections_and_tables(outputs, html, sim_report):
    md = outputs["report.md"].read_text(encoding="utf-8")
    report = sim_report  # build_report(sim_run[1])
    for s in report.sections:
        assert f"## {s.title}" in md and s.title in html
        for b in s.blocks:
            if b.kind == "table":
                assert f"**{b.caption}**" in md
    case_table = next(b for b in report.section("case-weights").blocks if b.kind == "table")
    for cell in case_table.frame["hours per case-month (is)"]:
        assert f"| {cell} |" in md


def test_report_figures_equal_the_guide(sim_run, sim_report):
    _, run = sim_run
    g = run.guide
    report = sim_report  # build_report(run)
    table = next(b for b in report.section("summary").blocks if b.kind == "table")
    shown = dict(
        zip(table.frame["case type"], table.frame["hours per case-month (should)"], strict=True)
    )
    for k, v in g.case_types["hours_per_case_month_should"].items():
        assert shown[label(k)] == f"{v:,.1f}"


def test_suppressed_study_report(tiny_outputs, tiny_run):
    html = tiny_outputs["report.html"].read_text(encoding="utf-8")
    md = tiny_outputs["report.md"].read_text(encoding="utf-8")
    for key in (
        "worker_hours",
        "team_shares",
        "time_of_day",
        "capacity",
        "case_weights",
        "task_hours",
        "category_shares",
        "max_caseload",
    ):
        assert f"fig-{key}" not in html, key
    assert "not shown" in md
    report = build_report(tiny_run[1])
    for s in report.sections:
        for b in s.blocks:
            if b.kind != "table" or s.id in ("data-quality", "method", "suppression"):
                continue
            for col in b.frame.columns:
                if col in (
                    "hours per case-month (is)",
                    "estimate",
                    "share of time worked",
                    "multiplier",
                    "full hours",
                    "direct minutes",
                ):
                    assert set(b.frame[col]) <= {"not shown", "–"}, (b.caption, col)


def test_partly_suppressed_rows_are_marked(sim_run, sim_report):
    _, run = sim_run
    g = run.guide
    small = g.tasks.index[g.tasks["n_workers"] < g.meta["min_workers"]]
    report = sim_report  # build_report(run)
    tasks = next(b for b in report.section("tasks").blocks if b.kind == "table")
    rows = tasks.frame.set_index("task")
    for k in small:
        assert rows.loc[task_label(k, g.meta), "full hours"] == "not shown"
        assert f"{task_label(k, g.meta)} (fewer than 5 workers did this task)" in tasks.note


def test_render_from_a_guide_alone(sim_run):
    _, run = sim_run
    md = render_markdown(run.guide)
    assert "## Data quality" not in md
    assert "run `timestudy guide`" in md
    assert pd.notna(run.guide.available_hours_per_fte_month)


def test_outputs_from_guide_json_with_a_caseload(sim_run, outputs, tmp_path):
    """From guide.json alone (no run): no data_quality.json (written beside any format when
    a run is given), and report.html, the one file read, with the capacity figure and no
    worker's."""
    from timestudy import TimeGuide, write_outputs

    study, _ = sim_run
    guide = TimeGuide.from_json(outputs["guide.json"])
    paths = write_outputs(guide, tmp_path, caseload=study.cases, workers=study.workers,
                          formats=("html",))
    assert "data_quality.json" not in paths
    html = paths["report.html"].read_text(encoding="utf-8")
    assert 'id="fig-capacity"' in html and "Staff needed by team" in html
    assert 'id="fig-worker_hours"' not in html
    text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", html)  # figures' bytes may spell anything
    assert not re.search(r"\bW0\d\d\b", text)
