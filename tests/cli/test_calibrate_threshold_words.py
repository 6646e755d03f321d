"""A guide published at 5 from a reference written at 7 counts the figures the reference
withheld as resting on fewer than 7 workers, as their reasons say (fix38c's patch 02).

Before the patch the console said "27 figures resting on too few workers (fewer than 5;
...)" and the report "most rest on fewer than 5 workers" of figures whose reasons read
"fewer than 7 workers" (some rest on 5 or 6).
"""

from __future__ import annotations

from timestudy import simulate_study
from timestudy.cli import main

FAST = ["--n-boot", "19", "--quiet", "--no-sensitivity"]


def test_the_figures_withheld_at_7_are_said_to_rest_on_fewer_than_7(tmp_path, capsys):
    ref = simulate_study(n_workers=10, weeks=1, seed=3).write(tmp_path / "ref")
    assert main(["guide", str(ref["diary"]), "--cases", str(ref["cases"]), "--workers",
                 str(ref["workers"]), "--out", str(tmp_path / "ref7"), "--min-workers", "7",
                 "--formats", "json", *FAST]) in (0, 1)
    local = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "local")
    capsys.readouterr()
    assert main(["guide", str(local["diary"]), "--cases", str(local["cases"]), "--workers",
                 str(local["workers"]), "--out", str(tmp_path / "cal"), "--calibrate-to",
                 str(tmp_path / "ref7" / "guide.json"), "--formats", "md", *FAST]) in (0, 1)
    out = capsys.readouterr().out
    assert "resting on too few workers (fewer than 7; listed" in out
    report = (tmp_path / "cal" / "report.md").read_text(encoding="utf-8")
    assert "most rest on fewer than 7 workers" in report
    assert "Any figure that rests on fewer than 5 workers is not published" in report
