"""A label read from a free-text column reaches no published observe output (obs24): with
``--by notes`` (a TimeCaT-style export's note per task) every table, the tempogram's and
transitions' column names and report.html's figures named each note as written ("observed
Jane Roe at bed 12"), each the note of one worker, its figures withheld. A label of fewer
than 5 people is now ``Label 1``...; its text is only in ``--internal``'s labels_text.csv.
The taxonomy's categories (the default ``--by category``) are the study's own names and
stay."""

from __future__ import annotations

import re

import pandas as pd

from timestudy.cli import main
from timestudy.observe import observation_study


def _notes(make) -> pd.DataFrame:
    """W1..W6, one session each: documentation 09:00-09:30 with the note "desk", direct
    care 09:30-10:00 with the note "observed <name> at bed 12" (one name each), travel
    10:00-10:10 with "desk"."""
    names = ["Jane Roe", "Ann Poe", "Bob Doe", "Cy Moe", "Di Low", "Ed Rowe"]
    parts = []
    for i, who in enumerate(names, start=1):
        e = make([(f"W{i}", "09:00", "09:30", "documentation"),
                  (f"W{i}", "09:30", "10:00", "direct care"),
                  (f"W{i}", "10:00", "10:10", "travel")])
        parts.append(e.assign(session_id=f"S{i}",
                              notes=["desk", f"observed {who} at bed 12", "desk"]))
    return pd.concat(parts, ignore_index=True)


def test_a_notes_label_of_one_person_is_a_label(make, tmp_path):
    """Six notes of one worker each ("observed ... at bed 12": Label 1..6 by their text)
    and "desk" (6 workers). Published: no name, no "bed 12", in any CSV or report.html;
    the time budget's rows are ``Label 1``..``Label 6`` (withheld, "fewer than 5") and
    desk (shown: 40 min a session); labels_text.csv (internal) maps them back."""
    path = tmp_path / "eps.csv"
    _notes(make).to_csv(path, index=False)
    out, internal = tmp_path / "out", tmp_path / "internal"
    assert main(["observe", str(path), "--by", "notes", "--out", str(out),
                 "--internal", str(internal)]) == 0
    for p in out.iterdir():
        text = re.sub(r"base64,[^\"']*", "", p.read_text(encoding="utf-8"))
        assert not re.search(r"bed 12|Roe|Poe|Doe|Moe|Low|Rowe", text), p.name
    b = pd.read_csv(out / "time_budget.csv").set_index("notes")
    assert b.index.tolist() == ["desk"] + [f"Label {i}" for i in range(1, 7)] + ["all"]
    assert b.loc["Label 1", "workers"] == "fewer than 5" and pd.isna(b.loc["Label 1", "mean_min"])
    assert b.loc["desk", "mean_min"] == 40.0
    tempo = pd.read_csv(out / "tempogram.csv")
    assert "Label 6" in tempo.columns
    text = pd.read_csv(internal / "labels_text.csv").set_index("label")["text"]
    assert text["Label 1"] == "observed Ann Poe at bed 12"  # first by its text


def test_the_taxonomys_categories_keep_their_names(make):
    """By category, documentation, direct care and travel are 6 workers each; a seventh
    worker alone in "recording" keeps the name (its figures withheld), as before."""
    eps = pd.concat([_notes(make), make([("X", "09:00", "09:30", "recording")]).assign(
        session_id="SX", notes="desk")], ignore_index=True)
    b = observation_study(eps).tables()["time_budget"]
    assert "recording" in b["category"].tolist()
