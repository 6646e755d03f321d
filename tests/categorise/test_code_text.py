"""An activity code its own text contradicts is warned and listed (audit 23t, finding 4).

The code beats the text, as documented, and still does; but it did so silently: "travel
to SV" coded ``SV`` was 180 minutes of travel counted as a statutory visit, "annual leave"
coded ``REC`` leave counted as recording, "lunch" coded ``SV`` a visit. Now such rows are
counted in the coverage report ("Codes contradicted by their text") and warned once with
examples, in ``categorise``'s output and so in the guide's warnings.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from timestudy.categorise.rules import categorise, categorise_and_report
from timestudy.cli import main
from timestudy.errors import DataQualityWarning

EPISODES = pd.DataFrame({
    "activity": ["travel to SV", "annual leave", "lunch", "SV - Smith", "write up SV Smith",
                 "travel to SV"],
    "activity_code": ["SV", "REC", "SV", "SV", "SV", "SV"],
    "duration_min": [90.0, 450.0, 30.0, 60.0, 45.0, 90.0],
})


def test_codes_contradicted_by_their_text_are_counted_and_warned():
    """By hand: "travel to SV" (travel at 80, 2 rows x 90 = 180 minutes), "annual leave"
    (leave at 90, 450 minutes) and "lunch" (a break: not work, against a visit's code; 30
    minutes) are contradicted: 4 rows, 660 minutes, 11.0 hours. "SV - Smith" agrees with its
    code, and "write up SV Smith" (case notes at 70: work against work below 80) is not
    listed. The codes still decide every row (before: the same rows, no warning, no list)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out, report = categorise_and_report(EPISODES)
    assert out["rule"].str.startswith("code:").all()
    assert out["task_type"].tolist() == ["statutory_visit", "case_notes"] + [
        "statutory_visit"] * 4
    table = report.code_contradicted
    assert table[["activity_code", "activity", "by_code", "by_text", "episodes",
                  "minutes"]].values.tolist() == [
        ["REC", "annual leave", "case_notes", "leave", 1, 450.0],
        ["SV", "travel to SV", "statutory_visit", "travel", 2, 180.0],
        ["SV", "lunch", "statutory_visit", "break", 1, 30.0]]
    assert report.summary().at["entries whose text contradicts their code", "value"] == 4
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)
            and "contradicts" in str(w.message)]
    assert len(said) == 1
    assert said[0].startswith("4 entries (11.0 hours) have an activity code that their text "
                              "contradicts")
    assert "'travel to SV' coded 'SV': statutory_visit by the code, travel by the text" in said[0]


def test_no_warning_when_codes_and_texts_agree():
    """"SV - Smith" coded SV and "write up SV Smith" coded SV: nothing to warn."""
    agree = EPISODES.iloc[[3, 4]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        categorise(agree)


def test_categorise_command_lists_them(tmp_path, capsys):
    """The command warns on stderr and writes the list into the coverage JSON (4 rows of 6)."""
    path = tmp_path / "episodes.csv"
    EPISODES.to_csv(path, index=False)
    with pytest.warns(DataQualityWarning, match="contradicts"):
        assert main(["categorise", str(path), "--out", str(tmp_path / "cat.csv")]) == 0
    report = json.loads((tmp_path / "cat_coverage.json").read_text())
    assert report["summary"]["entries whose text contradicts their code"] == 4
    assert [r["activity"] for r in report["code_contradicted"]] == [
        "annual leave", "travel to SV", "lunch"]
    assert "Codes contradicted by their text" in capsys.readouterr().out
