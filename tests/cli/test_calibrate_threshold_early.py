"""A reference guide written at a lower ``min_workers`` than the run's is refused before
the local study is read, in one line naming its file (fix38c's patch to
``timestudy/pipeline.py`` and ``timestudy/study/run.py``).

Without the patch the refusal comes from ``Calibration.to_guide``, after the local models
are fitted, and cannot name the file (the guide read does not keep it): a diary that does
not exist was reported first ("no such file"), not the reference.
"""

from __future__ import annotations

import pytest

from timestudy import run_study, simulate_study
from timestudy.cli import main
from timestudy.errors import ConfigError

FAST = ["--n-boot", "19", "--formats", "json", "--quiet", "--no-sensitivity"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A 6-worker study's guide.json written at ``--min-workers`` 3."""
    folder = tmp_path_factory.mktemp("early")
    ref = simulate_study(n_workers=6, weeks=1, seed=3).write(folder / "ref")
    assert main(["guide", str(ref["diary"]), "--cases", str(ref["cases"]), "--workers",
                 str(ref["workers"]), "--out", str(folder / "ref3"), "--min-workers", "3",
                 *FAST]) in (0, 1)
    return folder / "ref3" / "guide.json"


def test_the_flag_names_the_reference_before_the_diary_is_read(reference, tmp_path,
                                                              capsys):
    missing = [str(tmp_path / f"no_{name}.csv") for name in ("diary", "cases", "workers")]
    assert main(["guide", missing[0], "--cases", missing[1], "--workers", missing[2],
                 "--out", str(tmp_path / "out"), "--calibrate-to", str(reference), *FAST]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert str(reference) in err[0] and "no_diary" not in err[0]
    assert err[0].endswith(f"{reference}: the reference guide to calibrate to (--calibrate-to, "
                           "inputs.calibrate_to) was published at min_workers 3, so a guide "
                           "calibrated to it cannot be published at min_workers 5 (a figure in it "
                           "may rest on fewer than 5 workers); give "
                           "--min-workers 3 or less (min_workers=3), or a reference published "
                           "at min_workers 5 or more")  # integ38: "build the guide again"


def test_run_study_refuses_before_reading(reference, tmp_path):
    with pytest.raises(ConfigError, match="was published at min_workers 3, so") as err:
        run_study(*(tmp_path / f"no_{n}.csv" for n in ("diary", "cases", "workers")),
                  calibrate_to=reference, progress=False)
    assert str(reference) in str(err.value)
