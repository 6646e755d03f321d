"""Planted identifiers and injection payloads (issue 19, deliverables 4 and 5).

Every input column of a small study carries a marker (worker and case ids, team names, free
text, extra columns); case types and adjustment notes carry each payload family (formula,
HTML/script, Markdown link and image, CR/LF, a very long string). Every published output
is then searched, Word and Excel files unzipped and the images of the HTML decoded: no
marker may appear, and no payload may act as markup.
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hostile import cli, hang_guard
from markdown_it import MarkdownIt

from timestudy import simulate_study
from timestudy.cli import main

MARK = "QZXPLANT"  # every planted identifier holds it; it is no word and no base64 run
PAYLOADS = {
    "CIN": "=HYPERLINK(\"http://x\")",
    "CP": "<script>alert('x')</script><iframe src=x>",
    "CLA": "[click](javascript:alert(1)) ![img](http://x/i.png) <http://x.example>",
    "PROCEEDINGS": "Court\r\n# Injected heading\n- list\r|a|b|" + "L" * 400,
}


def plant(s, folder: Path) -> dict[str, Path]:
    """The study with a marker in every identifier and extra column, payloads as case types."""
    wid = {w: f"{MARK}W{i}" for i, w in enumerate(sorted(s.workers["worker_id"]))}
    cid = {c: f"{MARK}C{i}" for i, c in enumerate(sorted(s.cases["case_id"]))}
    teams = {t: f"Jo {MARK}T{i} Smith 07700 900{i:03d}"
             for i, t in enumerate(sorted(s.workers["team"].unique()))}
    diary = s.diary.drop(columns=["true_task_type", "true_category"]).assign(
        worker_id=lambda d: d["worker_id"].map(wid),
        case_id=lambda d: d["case_id"].map(cid),
        notes=f"met {MARK}N at home",
        activity=lambda d: d["activity"] + f" re {MARK}D",
    )
    cases = s.cases.assign(worker_id=lambda d: d["worker_id"].map(wid),
                           case_id=lambda d: d["case_id"].map(cid),
                           case_type=lambda d: d["case_type"].map(PAYLOADS),
                           child_name=f"{MARK}Child Name")
    workers = s.workers.assign(worker_id=lambda d: d["worker_id"].map(wid),
                               team=lambda d: d["team"].map(teams),
                               manager=f"{MARK}Manager")
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in (("diary", diary), ("cases", cases), ("workers", workers)):
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    paths["adjustments"] = folder / "adjustments.yaml"
    paths["adjustments"].write_text(
        "source: '<script>alert(2)</script> [x](javascript:y)'\n"
        "method: \"=cmd|' /C calc'!A0\\r\\n# heading\"\n"
        "uplifts:\n  task_types: {court_hearing: 1.2}\n", encoding="utf-8")
    return paths


def published_text(out: Path) -> str:
    """Every output file's text: zipped members unzipped, base64 images decoded."""
    parts = []
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(p) as z:
                parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
            continue
        text = data.decode("utf-8", "replace")
        parts.append(text)
        for b64 in re.findall(r"base64,([A-Za-z0-9+/=]+)", text):
            parts.append(base64.b64decode(b64).decode("latin-1"))
        if p.suffix == ".pdf":
            parts.append(data.decode("latin-1"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    return plant(simulate_study(n_workers=12, weeks=1, seed=4), root / "in"), root


@pytest.fixture(scope="module")
def guide_out(planted):
    paths, root = planted
    out = root / "guide"
    with hang_guard():
        code = main([str(a) for a in (
            "guide", paths["diary"], "--cases", paths["cases"], "--workers", paths["workers"],
            "--adjustments", paths["adjustments"], "--n-boot", "19", "--quiet", "--out", out)])
    assert code in (0, 1)
    return out


def test_no_planted_identifier_reaches_any_guide_output(guide_out):
    names = sorted(p.name for p in guide_out.rglob("*") if p.is_file())
    assert {"guide.json", "guide.xlsx", "report.html", "report.md", "report.docx",
            "report.pdf", "data_quality.json"} <= set(names)
    text = published_text(guide_out)
    assert len(text) > 100_000  # the search has something to search
    found = sorted(set(re.findall(MARK + r"\w*", text)))
    assert found == [], found
    for phone in ("07700 900000", "07700900000"):
        assert phone not in text


def test_no_planted_identifier_reaches_observe_outputs(planted, capsys):
    paths, root = planted
    out = root / "observe"
    internal = root / "observe_internal"
    run = cli(["observe", paths["diary"], "--workers", paths["workers"], "--group", "team",
               "--out", out, "--internal", internal], capsys)
    assert run.code in (0, 1), run.err
    assert not any(out.glob("*_by_stream.csv")) and any(internal.glob("*_by_stream.csv"))
    for folder in (out, internal):
        text = published_text(folder)
        assert sorted(set(re.findall(MARK + r"\w*", text))) == []
    budget = pd.read_csv(out / "time_budget.csv")
    shown = budget[budget["team"] != "all"]
    assert shown["team"].str.fullmatch(r"Team [A-Z]+").all()
    # people, not their days or sessions; a count of 1-4 is published in words (obs24)
    small = pd.to_numeric(shown["workers"], errors="coerce").fillna(0) < 5
    assert shown.loc[small, "workers"].astype(str).isin(["fewer than 5", "0"]).all()
    assert shown.loc[small, "mean_min"].isna().all()  # no figure from a group of < 5


def test_free_text_interruption_sources_stay_internal(planted, capsys):
    """A free-text ``interrupted_by`` (no task ids) holding a name is published as
    ``Source N``, even with ``--min-workers 1``: its text only in the --internal folder."""
    paths, root = planted
    diary = pd.read_csv(paths["diary"])
    diary["interrupted_by"] = [f"call from Mrs {MARK}Smith" if i % 7 == 0 else None
                               for i in range(len(diary))]
    path = root / "interrupted.csv"
    diary.to_csv(path, index=False)
    out, internal = root / "observe_src", root / "observe_src_internal"
    run = cli(["observe", path, "--out", out, "--internal", internal, "--min-workers", "1"],
              capsys)
    assert run.code in (0, 1), run.err
    assert re.findall(MARK + r"\w*", published_text(out)) == []
    sources = pd.read_csv(out / "interruptions_sources.csv")
    assert sources["source"].tolist() == ["Source 1"] and sources["interruptions"].iloc[0] > 0
    assert MARK in (internal / "interruptions_sources_text.csv").read_text()


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_markdown_outputs_carry_no_markup_from_data(guide_out):
    md = (guide_out / "report.md").read_text(encoding="utf-8")
    html = _rendered(md)
    for tag in ("<script", "<iframe", "<img", 'href="javascript', "<a href=\"http://x"):
        assert tag not in html, tag
    assert "<h1>Injected" not in html and "<h2>Injected" not in html
    assert not re.search(r"^#+ Injected", md, flags=re.M)
    assert "L" * 300 not in md  # a very long value is cut
    assert "\r" not in md
    anchors = re.findall(r"<a href=\"([^\"]*)\"", html)
    assert all(a.startswith("#") for a in anchors), anchors  # only the contents' own links


def test_html_outputs_escape_every_payload(guide_out):
    html = (guide_out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<iframe src=x>" not in html
    assert "&lt;script&gt;" in html or "&lt;iframe" in html  # shown, as text
    assert 'href="javascript' not in html


def test_workbook_cells_hold_no_live_formula_from_data(guide_out):
    import openpyxl

    book = openpyxl.load_workbook(guide_out / "guide.xlsx")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "HYPERLINK" in c.value:
                    assert not c.value.startswith("="), (ws.title, c.coordinate, c.value)


def test_statements_escape_markdown(planted, guide_out, tmp_path, capsys):
    paths, _ = planted
    out = tmp_path / "statements"
    run = cli(["workload", "--guide", guide_out / "guide.json", "--caseload", paths["cases"],
               "--workers", paths["workers"], "--out", out], capsys)
    assert run.code in (0, 1), run.err
    mds = list(out.rglob("*.md"))
    assert mds
    for p in mds:
        html = _rendered(p.read_text(encoding="utf-8"))
        assert "<script" not in html and "<img" not in html
        assert 'href="javascript' not in html


def test_warnings_published_carry_no_data(guide_out):
    meta = json.loads((guide_out / "guide.json").read_text())["meta"]
    text = json.dumps(meta.get("warnings", []))
    assert MARK not in text


# 4 workers, the most below the threshold of 5: a threshold set too low (4 or fewer) shows
# their shares; a study of 2 (run here too before) proved again what 4 proves.
@pytest.mark.parametrize("n_workers", [4])
def test_data_quality_publishes_no_share_below_the_threshold(n_workers, tmp_path):
    import warnings

    from timestudy import run_study, write_outputs
    from timestudy.report import build_report

    s = simulate_study(n_workers=n_workers, weeks=1, seed=n_workers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(s.diary, s.cases, s.workers, n_boot=9, sensitivity=False)
    section = build_report(run).section("data-quality")
    tables = {b.caption: b.frame for b in section.blocks if b.kind == "table"}
    shares = tables["Time by category (as categorised)"]["share of diary time"]
    assert (shares == "suppressed").all()
    rows = tables["Diary rows"].set_index("measure")["value"]
    assert rows["share of time categorised"] == "suppressed"
    paths = write_outputs(run, tmp_path, formats=("json", "md"))
    quality = json.loads(paths["data_quality.json"].read_text())
    assert quality["share_minutes_categorised"] is None
    assert quality["share_episodes_categorised"] is None
    assert not re.search(r"\d+(\.\d)?%", (tmp_path / "report.md").read_text().split(
        "## Data quality")[1].split("## ")[0])
