"""Pseudonymisation, redaction and spreadsheet-safe exports."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy.cli import main
from timestudy.errors import ConfigError
from timestudy.privacy import (
    REDACTED,
    load_key,
    neutralise_formulas,
    pseudonymise,
    redact,
    tokens,
)

KEY = "correct horse battery staple"


def test_tokens_are_consistent_across_tables_and_keyed(study):
    out = pseudonymise({"diary": study.diary, "cases": study.cases, "workers": study.workers},
                       key=KEY)
    d, c, w = out["diary"], out["cases"], out["workers"]
    assert set(d["worker_id"]) <= set(w["worker_id"])
    assert set(d["case_id"].dropna()) <= set(c["case_id"])
    assert c["worker_id"].isin(w["worker_id"]).all()
    assert not set(w["worker_id"]) & set(study.workers["worker_id"])
    assert w["worker_id"].str.fullmatch(r"W-[0-9a-f]{12}").all()
    assert c["case_id"].str.fullmatch(r"C-[0-9a-f]{12}").all()
    other = pseudonymise(study.workers, key=KEY + "!")
    assert not set(other["worker_id"]) & set(w["worker_id"])
    # The join still works: the same case keeps the same worker.
    pairs = study.cases.set_index("case_id")["worker_id"]
    assert pairs.nunique() == c.groupby("worker_id").ngroups
    assert study.workers["worker_id"].iloc[0] == "W001"  # inputs untouched


def test_worker_and_case_with_the_same_id_get_different_tokens():
    t = pseudonymise(pd.DataFrame({"worker_id": ["17"], "case_id": ["17"]}), key=KEY)
    assert t["worker_id"].iloc[0][2:] != t["case_id"].iloc[0][2:]


def test_key_sources(tmp_path, monkeypatch):
    monkeypatch.delenv("TIMESTUDY_KEY", raising=False)
    with pytest.raises(ConfigError, match="TIMESTUDY_KEY"):
        load_key()
    with pytest.raises(ConfigError, match="at least 16"):
        load_key("short")
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    assert load_key() == KEY.encode()
    f = tmp_path / "k"
    f.write_text(KEY + "\n")
    assert load_key(key_file=f) == KEY.encode()


@pytest.mark.parametrize("text, expected", [
    ("rang mum 07700 900123 back", f"rang mum {REDACTED} back"),
    ("tel +44 7700 900123", f"tel {REDACTED}"),
    ("office 0113 496 0000", f"office {REDACTED}"),
    ("email jo.bloggs@example.org", f"email {REDACTED}"),
    ("home visit LS6 2AB", f"home visit {REDACTED}"),
    ("NI AB 12 34 56 C on form", f"NI {REDACTED} on form"),
    ("NI AB123456C", f"NI {REDACTED}"),
    ("child DOB 03/04/2015", f"child DOB {REDACTED}"),
    ("born 3 April 2015", f"born {REDACTED}"),
    ("birthday 12.01.2011", f"birthday {REDACTED}"),
    ("court hearing 12/05/2026", "court hearing 12/05/2026"),
    ("SV - Smith family", f"SV - {REDACTED} family"),
    ("smithson is not smith", f"smithson is not {REDACTED}"),
])
def test_redaction(text, expected):
    assert redact(pd.Series([text]), names=["Smith"]).iloc[0] == expected


def test_redaction_keeps_missing_and_order():
    s = pd.Series(["a", None, "07700 900123", "a"])
    out = redact(s)
    assert out.isna().tolist() == [False, True, False, False]
    assert out.tolist()[::3] == ["a", "a"]


@given(st.lists(st.text(max_size=60), max_size=30))
def test_redaction_never_crashes_and_keeps_length(texts):
    out = redact(pd.Series(texts, dtype="string"), names=["Smith", "O'Brien"])
    assert len(out) == len(texts)


def test_neutralise_formulas():
    frame = pd.DataFrame({"a": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2+3", "ok", None],
                          "n": [-1.0, 2, 3, 4, 5, 6]})
    out = neutralise_formulas(frame)
    assert out["a"].tolist()[:5] == ["'=HYPERLINK(\"x\")", "'+1", "'@SUM(A1)", "'-2+3", "ok"]
    assert pd.isna(out["a"].iloc[5])
    assert out["n"].tolist() == frame["n"].tolist()


def test_cli_pseudonymises_files_consistently(study, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = tmp_path / "in"
    study.write(src)
    out = tmp_path / "out"
    names = tmp_path / "names.txt"
    from timestudy.simulate.params import SURNAMES

    names.write_text("\n".join(SURNAMES))
    code = main(["pseudonymise", str(src / "diary.csv"), str(src / "cases.csv"),
                 str(src / "workers.csv"), "--out", str(out), "--names", str(names)])
    assert code == 0
    diary = pd.read_csv(out / "diary.csv", dtype=str)
    workers = pd.read_csv(out / "workers.csv", dtype=str)
    assert set(diary["worker_id"]) <= set(workers["worker_id"])
    text = (out / "diary.csv").read_text()
    assert KEY not in text and "W001" not in text
    assert not any(f" {n}" in text for n in SURNAMES)
    assert diary["case_id"].isna().sum() == study.diary["case_id"].isna().sum()
    expected = tokens(pd.Series(["W001"]), KEY.encode(), "worker_id").iloc[0]
    assert expected in set(workers["worker_id"])


def test_cli_without_key_is_a_clear_error(study, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TIMESTUDY_KEY", raising=False)
    study.write(tmp_path / "in")
    code = main(["pseudonymise", str(tmp_path / "in" / "workers.csv"), "--out",
                 str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "TIMESTUDY_KEY" in err and "Traceback" not in err


def test_categorise_command_redacts_and_neutralises(tmp_path, capsys):
    diary = pd.DataFrame({
        "activity": ["=HYPERLINK(\"http://x\")", "call mum on 07700 900123", "zzz qqq 07700 900124"],
        "duration_min": [10.0, 20.0, 30.0],
    })
    src = tmp_path / "d.csv"
    diary.to_csv(src, index=False)
    out = tmp_path / "out.csv"
    assert main(["categorise", str(src), "--out", str(out)]) == 0
    text = out.read_text()
    assert "07700" not in text and "'=HYPERLINK" in text
    coverage = (tmp_path / "out_coverage.json").read_text()
    assert "07700 900124" not in coverage and REDACTED in coverage
    assert main(["categorise", str(src), "--out", str(out), "--no-redact"]) == 0
    assert "07700 900123" in out.read_text()
