"""``timestudy guide --internal DIR``: completeness by worker, kept apart from the published outputs.

``timestudy validate`` cannot class completeness (the diary is not categorised yet): its
quality page says so and points here.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return simulate_study(n_workers=8, weeks=1, seed=8).write(tmp_path_factory.mktemp("in"))


def _guide(data, out, *extra, formats="json,md"):
    return main(
        [
            "guide",
            str(data["diary"]),
            "--cases",
            str(data["cases"]),
            "--workers",
            str(data["workers"]),
            "--out",
            str(out),
            "--n-boot",
            "19",
            "--quiet",
            "--formats",
            formats,
            *extra,
        ]
    )


def test_internal_folder_gets_the_table_and_out_does_not(data, tmp_path, capsys):
    out, internal = tmp_path / "out", tmp_path / "internal"
    assert _guide(data, out, "--internal", str(internal)) == 0
    printed = capsys.readouterr().out
    assert "names workers" in printed and str(internal / "completeness.html") in printed
    table = pd.read_csv(internal / "completeness_by_worker.csv")
    workers = pd.read_csv(data["workers"])
    assert sorted(table["worker_id"]) == sorted(workers["worker_id"])
    assert (table["contracted_days"] > 0).all()
    assert not any(
        (out / n).exists()
        for n in ("completeness.html", "completeness.json", "completeness_by_worker.csv")
    )
    published = "\n".join(p.read_text() for p in out.iterdir() if p.suffix in (".md", ".json"))
    assert not any(w in published for w in workers["worker_id"])
    used = yaml.safe_load((out / "study.yaml").read_text())
    # --config out/study.yaml repeats it: the folder named relative to out (no absolute path)
    assert (out / used["internal"]).resolve() == internal.resolve()


def test_internal_inside_out_is_refused_before_running(data, tmp_path, capsys):
    out = tmp_path / "out"
    assert _guide(data, out, "--internal", str(out / "internal")) == 2
    assert "inside --out" in capsys.readouterr().err
    assert not out.exists()


def test_without_internal_nothing_names_workers(data, tmp_path, capsys):
    """Only what is printed and data_quality.json (written beside any format) are read:
    the run writes guide.json alone besides."""
    out = tmp_path / "out"
    assert _guide(data, out, formats="json") == 0
    assert "names workers" not in capsys.readouterr().out
    quality = json.loads((out / "data_quality.json").read_text())
    assert "--internal DIR" in quality["completeness_by_worker"]


def test_validate_page_says_completeness_waits_for_the_guide(tmp_path):
    out = tmp_path / "v"
    assert main(["validate", str(EXAMPLES / "episodes.csv"), "--out", str(out)]) == 0
    html = (out / "quality.html").read_text()
    note = html.split('id="completeness">')[1].split("</p>")[0]
    assert "Not classed here" in note and "--internal DIR" in note
    assert "completeness_by_worker.csv" in note
