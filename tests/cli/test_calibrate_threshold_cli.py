"""``timestudy guide --calibrate-to REFERENCE_JSON --min-workers N`` (study keys
``inputs.calibrate_to`` and ``min_workers``) publishes at N, never at the reference's
threshold (fix38c); a reference of another taxonomy is refused in one line.

A 10-worker reference study (one week, seed 3) published at ``--min-workers`` 3 and at 7;
a local study of 8 workers (one week, seed 2).

* Reference at 3, calibrated at 5: on main guide.json said ``min_workers`` 3 and published
  the full hours of 8 tasks resting on 3 or 4 reference workers (conference report 3.933333
  h from 3, court hearing 5.516829 from 4, ...) and 14 task x case type cells a guide at 5
  withholds. Now exit 2, one line naming both thresholds, nothing written.
* Reference at 7, calibrated at 5: on main guide.json said ``min_workers`` 7, with the
  chronology's full hours 1.906407 pooled at weight 0.149589 from 6 local workers (fewer
  than the 7 it said). Now it says 5 (6 by the study key with ``min_workers: 6``), every
  figure the reference withheld is still null, and read back it is refused at a higher one.
"""

from __future__ import annotations

import json

import pytest

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide

FAST = ["--n-boot", "19", "--formats", "json", "--quiet", "--no-sensitivity"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The reference's guide.json at 3 and at 7, and the local study's files."""
    folder = tmp_path_factory.mktemp("threshold")
    ref = simulate_study(n_workers=10, weeks=1, seed=3).write(folder / "ref")
    out = {}
    for k in (3, 7):
        assert main(["guide", str(ref["diary"]), "--cases", str(ref["cases"]), "--workers",
                     str(ref["workers"]), "--out", str(folder / f"ref{k}"),
                     "--min-workers", str(k), *FAST]) in (0, 1)
        out[k] = str(folder / f"ref{k}" / "guide.json")
    local = simulate_study(n_workers=8, weeks=1, seed=2).write(folder / "local")
    out["local"] = {k: str(local[k]) for k in ("diary", "cases", "workers")}
    return out


def _flag(files: dict, ref: int, out, min_workers: int = 5) -> int:
    local = files["local"]
    return main(["guide", local["diary"], "--cases", local["cases"], "--workers",
                 local["workers"], "--out", str(out), "--calibrate-to", files[ref],
                 "--min-workers", str(min_workers), *FAST])


def _key(files: dict, ref: int, tmp_path, min_workers: int) -> int:
    local = files["local"]
    study = tmp_path / "study.yaml"
    study.write_text(
        "inputs:\n"
        f"  diary: {local['diary']}\n  cases: {local['cases']}\n"
        f"  workers: {local['workers']}\n  calibrate_to: {files[ref]}\n"
        f"out: {tmp_path / 'keyed'}\nmin_workers: {min_workers}\nn_boot: 19\n"
        "sensitivity: false\nreport:\n  formats: [json]\n", encoding="utf-8")
    return main(["guide", "--config", str(study), "--quiet"])


def test_a_reference_published_lower_is_refused_by_flag_and_key(files, tmp_path, capsys):
    """Main: exit 0 and a guide.json saying 3 with 8 task figures of 3 or 4 reference
    workers. Now exit 2, one line, nothing written: by the flag and by the study keys."""
    out = tmp_path / "flag"
    assert _flag(files, 3, out) == 2
    assert _key(files, 3, tmp_path, 5) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2, err  # one line each
    for line in err:
        assert "--calibrate-to" in line
        assert ("was published at min_workers 3, so a guide calibrated to it cannot be "
                "published at min_workers 5") in line
        assert "give --min-workers 3 or less (min_workers=3), or a reference published at "\
            "min_workers 5 or more" in line  # integ38: "build the guide again from the study"
    for folder in (out, tmp_path / "keyed"):
        assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("how", ["flag", "key"])
def test_a_calibrated_guide_is_published_at_the_threshold_asked(files, how, tmp_path):
    """Main: ``min_workers`` 7, the reference's. Now the one asked (5 by the flag, 6 by the
    key), ``calibration_min_workers`` alike; what the reference withheld stays null; the
    chronology 1.906407 (weight 0.149589, 6 local workers) in both; read back, refused
    at a higher threshold."""
    asked = 5 if how == "flag" else 6
    if how == "flag":
        assert _flag(files, 7, tmp_path / "flag", asked) in (0, 1)
        path = tmp_path / "flag" / "guide.json"
    else:
        assert _key(files, 7, tmp_path, asked) in (0, 1)
        path = tmp_path / "keyed" / "guide.json"
    got = json.loads(path.read_text(encoding="utf-8"))
    ref = json.loads(open(files[7], encoding="utf-8").read())
    assert got["meta"]["min_workers"] == got["meta"]["calibration_min_workers"] == asked
    assert f"Published at min_workers {asked}" in got["meta"]["calibration_notes"][-1]
    tasks = {r["task_type"]: r for r in got["tasks"]}
    assert tasks["chronology"]["full_hours"]["estimate"] == pytest.approx(1.906407,
                                                                          abs=1e-6)
    for table, key, figure in (("tasks", "task_type", "full_hours"),
                               ("case_types", "case_type", "hours_per_case_month")):
        mine = {r[key]: r[figure] for r in got[table]}
        assert all(mine[r[key]] is None for r in ref[table] if r[figure] is None)
    for matrix in ("task_case_hours", "task_case_direct_hours"):  # a row null: all withheld
        cells = {(ct, t): v for ct, row in got[matrix].items() for t, v in (row or {}).items()}
        assert all(cells.get((ct, t)) is None for ct, row in ref[matrix].items()
                   for t in (row or tasks) if row is None or row[t] is None)
    back = TimeGuide.from_json(path)
    with pytest.raises(ConfigError, match=f"written at min_workers {asked} cannot"):
        back.derive(meta=back.meta | {"min_workers": 7})


def _renamed(path: str, out) -> str:
    """The reference's guide.json with every case type and task type renamed, as a guide of
    another taxonomy and case mix would have them."""
    g = json.loads(open(path, encoding="utf-8").read())
    for row in g["case_types"]:
        row["case_type"] = f"adult_{row['case_type']}"
    for row in g["tasks"]:
        row["task_type"] = f"ward_{row['task_type']}"
    for matrix in ("task_case_hours", "task_case_direct_hours"):
        g[matrix] = {f"adult_{ct}": row if row is None else
                     {f"ward_{t}": v for t, v in row.items()} for ct, row in g[matrix].items()}
    g["max_cases_per_fte"]["by_case_type"] = {
        f"adult_{k}": v for k, v in g["max_cases_per_fte"]["by_case_type"].items()}
    g["meta"]["reference_case_type"] = f"adult_{g['meta']['reference_case_type']}"
    out.write_text(json.dumps(g), encoding="utf-8")
    return str(out)


def test_a_reference_of_another_taxonomy_is_refused_in_one_line(files, tmp_path, capsys):
    """Main: exit 0, the reference's figures published whole as "calibrated", with the note
    "No local figure rests on 5 or more local workers: none is pooled" (the local figures
    rest on up to 8). Now exit 2, one line naming both guides' keys, nothing written."""
    other = _renamed(files[7], tmp_path / "other.json")
    assert _flag({**files, "other": other}, "other", tmp_path / "out") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "shares no case type and no task type with the local study" in err[0]
    assert "adult_CIN" in err[0] and "the local study's: CIN" in err[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
