"""What a run would refuse on its options and files (not its diary) is refused before the
diary is read, with the line the late refusal gave.

Before: ``timestudy guide --adjustments FILE`` with a file that is not an adjustments file,
uplifts given with evidence, a standards, survey or Delphi file that cannot be read, a
reference guide or taxonomy that cannot be read, were refused only after the diary was read
ahead (``timestudy.study.ahead``), and most of them after it was categorised and modelled
(on /tmp/s120, 4.6-5.9 s of processor time; now 0.7-1.6 s); a caseload, mapping or time
zone the run refuses, after the reading ahead had started; ``timestudy should --config`` read and
modelled the whole study before checking its standards and precedence. Each test spies on
the diary's reading (``reading_ahead``, ``run_study``), which must not be reached.
"""

from __future__ import annotations

import pytest

import timestudy.pipeline
import timestudy.study.ahead
from timestudy._lib.atomic import forget_inputs
from timestudy.cli import main
from timestudy.errors import ConfigError
from timestudy.schema import EXAMPLES
from timestudy.study import read_study, run_study_file


@pytest.fixture
def never_read(monkeypatch):
    """The diary is never read: neither ahead (``timestudy guide``) nor by ``run_study``."""

    def refuse(*args, **kwargs):
        raise AssertionError("the diary was read before the refusal")

    monkeypatch.setattr(timestudy.pipeline, "run_study", refuse)
    monkeypatch.setattr(timestudy.pipeline, "_front", refuse)
    monkeypatch.setattr(timestudy.study.ahead, "reading_ahead", refuse)
    forget_inputs()
    yield
    forget_inputs()


@pytest.fixture
def study(tmp_path):
    """A diary and workers table that would be read (the diary is never looked at)."""
    (tmp_path / "diary.csv").write_text("worker_id,start,end,activity\nW1,x,y,z\n")
    (tmp_path / "workers.csv").write_text("worker_id,fte\nW1,1\n")
    return tmp_path


def _guide(folder, *extra, capsys) -> tuple[int, list[str]]:
    code = main(["guide", str(folder / "diary.csv"), "--workers", str(folder / "workers.csv"),
                 "--out", str(folder / "out"), "--formats", "json", "--quiet", *extra])
    assert not (folder / "out").exists()  # nothing written, not even the folder
    return code, capsys.readouterr().err.strip().splitlines()


ADJUSTMENTS = {  # the file given as --adjustments, and what the refusal says of it
    "diary.csv": "must be a mapping with source, method and uplifts",  # a line of text
    "study.yaml": "lacks source, method, uplifts: say where the uplifts come from (source, "
                  "method) and give uplifts",
    "empty.yaml": "must be a mapping with source, method and uplifts",
    "wrong.csv": "must be a mapping with source, method and uplifts",
    "unknown.yaml": "lacks source, uplifts: say where the uplifts come from (source, method) "
                    "and give uplifts",
    "nosuch.yaml": "adjustments file not found: check the path",
}


def _files(folder) -> None:
    (folder / "study.yaml").write_text("inputs:\n  diary: diary.csv\nout: out\n")
    (folder / "empty.yaml").write_text("")
    (folder / "wrong.csv").write_text("a,b\n1,2\n")
    (folder / "unknown.yaml").write_text("sourse: x\nmethod: y\nuplift: {}\n")


@pytest.mark.parametrize("name", list(ADJUSTMENTS))
def test_a_file_that_is_no_adjustments_file_is_refused_before_the_diary(study, never_read,
                                                                         capsys, name):
    _files(study)
    code, err = _guide(study, "--adjustments", str(study / name), capsys=capsys)
    assert code == 2
    assert err == [f"timestudy guide: error: {study / name}: {ADJUSTMENTS[name]}"]


def test_uplifts_with_evidence_are_refused_before_the_diary(study, never_read, capsys):
    code, err = _guide(study, "--adjustments", str(EXAMPLES / "adjustments.yaml"),
                       "--standards", "england", capsys=capsys)
    assert code == 2
    assert err == ["timestudy guide: error: give uplifts (an adjustments file) or evidence for "
                   "should (standards, survey, delphi), not both: the evidence computes the "
                   "uplifts"]


def _late_line(reader, *args) -> str:
    """The line the run gave when its own reader refused the file (the same reader)."""
    with pytest.raises(Exception) as refused:  # noqa: PT011 - whatever the reader raises
        reader(*args)
    return f"timestudy guide: error: {refused.value}"


def test_evidence_files_that_cannot_be_read_are_refused_before_the_diary(study, never_read,
                                                                         capsys):
    from timestudy.ingest.evidence import read_delphi, read_survey
    from timestudy.schema.standards import read_standards

    (study / "standards.yaml").write_text("nonsense: [\n")
    (study / "survey.csv").write_text("a,b\n1,2\n")
    (study / "delphi.csv").write_text("a,b\n1,2\n")
    for flag, name, reader in (("--standards", "standards.yaml", read_standards),
                               ("--survey", "survey.csv", read_survey),
                               ("--delphi", "delphi.csv", read_delphi)):
        code, err = _guide(study, flag, str(study / name), capsys=capsys)
        assert code == 2
        assert err == [_late_line(reader, str(study / name))]
        assert str(study / name) in err[0] or name in err[0]


def test_a_reference_or_taxonomy_that_cannot_be_read_is_refused_before_the_diary(
        study, never_read, capsys):
    from timestudy.capacity.calibration_reference import read_reference
    from timestudy.categorise.taxonomy import load_taxonomy

    (study / "ref.json").write_text('{"x": 1}')
    (study / "tax.yaml").write_text("name: x\n")
    for flag, name, reader in (("--calibrate-to", "ref.json", read_reference),
                               ("--taxonomy", "tax.yaml", load_taxonomy)):
        code, err = _guide(study, flag, str(study / name), capsys=capsys)
        assert code == 2
        assert err == [_late_line(reader, str(study / name))]


def test_a_caseload_mapping_or_time_zone_the_run_refuses_is_refused_before_the_diary(
        study, never_read, capsys):
    from timestudy.ingest.diary import read_cases
    from timestudy.ingest.mapping import load_mapping

    (study / "caseload.csv").write_text("a,b\n1,2\n")
    (study / "mapping.yaml").write_text("columns: [\n")
    for flag, name, reader in (("--caseload", "caseload.csv", read_cases),
                               ("--mapping", "mapping.yaml", load_mapping)):
        code, err = _guide(study, flag, str(study / name), capsys=capsys)
        assert code == 2
        assert err == [_late_line(reader, str(study / name))]
    code, err = _guide(study, "--timezone", "Mars/Phobos", capsys=capsys)
    assert code == 2
    assert err == ["timestudy guide: error: mapping: timezone 'Mars/Phobos' is not a known time "
                   "zone; use an IANA name such as Europe/London"]


def test_a_study_file_with_a_bad_uplifts_file_is_refused_at_once(study, never_read):
    _files(study)
    (study / "study.yaml").write_text("inputs:\n  diary: diary.csv\n  workers: workers.csv\n"
                                      "uplifts: wrong.csv\nout: out\n")
    with pytest.raises(ConfigError, match="wrong.csv: must be a mapping with source"):
        run_study_file(read_study(study / "study.yaml"))
    assert not (study / "out").exists()


def test_run_study_refuses_uplifts_with_evidence_before_the_diary(monkeypatch):
    from timestudy.pipeline import run_study  # the real one: only its reading is spied on

    def refuse(*args, **kwargs):
        raise AssertionError("the diary was read before the refusal")

    monkeypatch.setattr(timestudy.pipeline, "_front", refuse)
    monkeypatch.setattr(timestudy.pipeline, "run_fingerprint", refuse)  # hashes the diary
    with pytest.raises(ConfigError, match="not both"):
        run_study("d.csv", None, "w.csv", adjustments=EXAMPLES / "adjustments.yaml",
                  should={"standards": "england"})


@pytest.fixture
def written_guide(tmp_path):
    """A guide.json, written before the spies are set (``example_run`` runs a study)."""
    from timestudy.examples import example_run

    example_run().guide.to_json(tmp_path / "written_guide.json")
    return tmp_path / "written_guide.json"


@pytest.mark.parametrize(("extra", "said"), [
    (["--standards", "standards.yaml"], "standards.yaml"),
    (["--standards", "england", "--precedence", "panel"],
     "precedence: 'panel' is not one of standards, delphi, survey"),
])
def test_should_checks_its_evidence_before_reading_the_study_again(written_guide, study,
                                                                   never_read, capsys, extra,
                                                                   said):
    (study / "standards.yaml").write_text("nonsense: [\n")
    (study / "study.yaml").write_text("inputs:\n  diary: diary.csv\n  workers: workers.csv\n")
    args = [a if a != "standards.yaml" else str(study / a) for a in extra]
    guide = ["--guide", str(written_guide)]
    code = main(["should", *guide, "--config", str(study / "study.yaml"), *args,
                 "--out", str(study / "adj.yaml")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and said in err[0], err
    assert not (study / "adj.yaml").exists()
