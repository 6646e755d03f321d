"""``timestudy guide`` shows the reader's warnings about the file, in full, and publishes them.

The audit (/tmp/audit3, a Clockify export in its Decimal duration format): ``timestudy
validate`` warned ``duration_looks_like_hours`` (every duration was hours read as minutes),
but ``timestudy guide`` on the same diary exited 0 with "762.2 cases per full-time worker"
and "0.9 hours a week per FTE" and the warning appeared nowhere: the guide read the diary
with ``warn=False`` and kept only row flags, and its command line hid every
DataQualityWarning. The caller's copy was also the published one, with quoted values
replaced by ``[value]`` and cut at 300 characters.
"""

from __future__ import annotations

import json

import pandas as pd

from timestudy import simulate_study
from timestudy.cli import main


def _hours_as_minutes(tmp_path):
    """The simulated diary with its durations written in hours and no end column."""
    files = simulate_study(n_workers=10, weeks=1, seed=8).write(tmp_path / "study")
    d = pd.read_csv(files["diary"])
    start, end = pd.to_datetime(d["start"]), pd.to_datetime(d["end"])
    d = d.drop(columns=["end"]).assign(
        **{"Time spent": ((end - start).dt.total_seconds() / 3600).round(4)})
    path = tmp_path / "jo_smith_north.csv"  # a file named after a person
    d.to_csv(path, index=False)
    (tmp_path / "m.yaml").write_text("columns:\n  duration_min: Time spent\n",
                                     encoding="utf-8")
    return files, path


def test_the_guide_shows_and_publishes_the_file_warning(tmp_path, capsys):
    files, path = _hours_as_minutes(tmp_path)
    out = tmp_path / "out"
    code = main(["guide", str(path), "--cases", str(files["cases"]), "--workers",
                 str(files["workers"]), "--mapping", str(tmp_path / "m.yaml"), "--out",
                 str(out), "--n-boot", "19", "--quiet",
                 "--formats", "json"])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    lines = [x for x in err.splitlines() if "duration_looks_like_hours" in x]
    assert len(lines) == 1, err  # once
    assert "'Time spent'" in lines[0] and "[value]" not in lines[0]  # in full
    assert lines[0].endswith("silences this)")  # not cut at 300 characters
    published = json.loads((out / "guide.json").read_text())["meta"]["warnings"]
    kept = [w for w in published if "duration_looks_like_hours" in w["message"]]
    assert kept and kept[0]["kind"] == "DataQualityWarning"
    assert "Time spent" not in kept[0]["message"]  # published: the quoted value goes
    assert "jo_smith_north" not in json.dumps(published)  # and the file's name
    assert "jo_smith_north.csv" in lines[0]  # the terminal is the analyst's: in full
