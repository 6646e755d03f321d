"""Small courtesies: progress bars with no Jupyter warning, counts as integers and hours with
units, every command says what it wrote and the file to open first."""

from __future__ import annotations

import sys
import warnings

import pandas as pd

from timestudy._lib import progress
from timestudy.cli import main
from timestudy.cli.demo import _summary
from timestudy.schema import EXAMPLES


def test_progress_bar_without_ipywidgets_gives_no_warning(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails, as without widgets
    progress._bar_class.cache_clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            bar = progress.progress_bar(total=3, disable=False, file=sys.stderr)
            bar.update(3)
            bar.close()
        assert type(bar).__module__ == "tqdm.std"
    finally:
        progress._bar_class.cache_clear()


def test_demo_summary_counts_are_integers_and_hours_have_units():
    table = pd.DataFrame({"value": [80.0, 20319.0, 43.937, 0.277]},
                         index=pd.Index(["workers", "episodes", "hours worked per FTE-week",
                                         "direct work share"], name="measure"))
    text = _summary(table)
    assert "80.000" not in text and " 80" in text and "20,319" in text
    assert "43.9 h" in text and "27.7%" in text


def test_template_says_what_it_wrote(tmp_path, capsys):
    assert main(["template", "--out", str(tmp_path / "diary.xlsx")]) == 0
    assert f"wrote {tmp_path / 'diary.xlsx'}" in capsys.readouterr().out


def test_validate_ends_with_the_file_to_open_first(tmp_path, capsys):
    code = main(["validate", str(EXAMPLES / "episodes.csv"), "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == f"open first: {tmp_path / 'quality.html'}"
