"""Taxonomy regular expressions that backtrack catastrophically, and descriptions of a megabyte.

A pattern that can take exponential time, or a high power of the text's length,
is refused when the taxonomy is loaded (``TaxonomyError`` naming it; exit 2 from
``timestudy taxonomy FILE --check``). Whatever a pattern the checks accept, matching
stays bounded on texts built to make it backtrack; a description of any length is
matched on its first 1,000 characters only, and each search of a text gets
``MATCH_TIMEOUT_S`` seconds: a pattern the checks let through but that is still slow
(``.+.*x``) leaves the description uncategorised with the rule
``uncategorised:timeout:<task type>`` and a warning, or, on ``MAX_TIMEOUTS``
descriptions, stops categorisation with a TaxonomyError naming it.

The tests assert these mechanisms (the check that refused a pattern, the rule of a
text that ran out of time, the length of text a pattern sees), not how long anything
took; ``benchmarks/bench_hostile.py`` measures the times.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
import yaml
from hostile import FUZZ, assert_clean_error, assert_one_line, cli, hang_guard, taxonomy
from hypothesis import given
from hypothesis import strategies as st

from timestudy import categorise
from timestudy.categorise import matching
from timestudy.categorise import taxonomy as taxonomy_module
from timestudy.categorise.patterns import _nested_repeat
from timestudy.categorise.taxonomy import (
    MAX_TEXT_CHARS,
    Taxonomy,
    load_taxonomy,
    shipped_taxonomies,
)
from timestudy.errors import DataQualityWarning, TaxonomyError

# (pattern, what the message says); each hangs or takes seconds on a text of 30 to 1,000
# characters when nothing refuses it.
CATASTROPHIC = {
    "(a+)+$": "repeat inside a repeat",
    "(a|aa)+$": "alternatives that can match the same text",
    "(.*a){20}": "repeat inside a repeat",
    "(a|a)+$": "alternatives that can match the same text",
    r"(\w+\s*)+$": "repeat inside a repeat",
    "((a+)?a)+$": "repeat inside a repeat",
    r"(?:\w{0,5})+x": "repeat inside a repeat",
    r"(?:\w+\s*){0,5}x": "repeat inside a repeat",
    "(x|xy|z)+$": "alternatives that can match the same text",
    "(.*){1,32000}[bc]": "repeat inside a repeat",
    ".*a.*a.*a": "three or more repeats in a row",
    r".+[ab]+b+\s{2,}visit": "three or more repeats in a row",
    r"a*[^b]*b*\w{2,}\s{2,}": "three or more repeats in a row",
}
# Patterns of the kind taxonomies use, which must not be refused.
FINE = [
    r"(?:\s+\w+){0,2}\s+home",
    r"visit.*home",
    r"\w+\s+\w+\s+visit",
    r"(?:mum|dad)+",
    r"as+es+ment\s*[\s-]*write[\s-]*ups?",
    r"(\w|\d)+\s+visit",
    r"\d{1,2}[:.]\d{2}\s*-\s*\d{1,2}[:.]\d{2}",
    r"(?:a++)+b",
    r"[a-z]+[0-9]+[a-z]+",
]
# Texts that make a backtracking pattern try every way of sharing them out.
ATTACKS = [
    "a" * 999 + "!",
    "ab" * 499 + "!",
    "a " * 499 + "!",
    "b" * 999 + "!",
    "aab" * 333,
    "visit " * 166,
    "x" + "y" * 998,
    "1" * 999 + "x",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused_when_loaded(tmp_path, capsys, pattern):
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(taxonomy([pattern])))
    with hang_guard():
        with pytest.raises(TaxonomyError) as info:
            load_taxonomy(path)
    message = str(info.value)
    assert_one_line(message, "custom.yaml")
    assert repr(pattern) in message and CATASTROPHIC[pattern] in message
    assert_clean_error(cli(["taxonomy", path, "--check"], capsys), name="custom.yaml")


@pytest.mark.parametrize("pattern", FINE)
def test_ordinary_patterns_are_accepted(pattern):
    assert _nested_repeat(pattern) is None
    Taxonomy.from_dict(taxonomy([pattern]))


@pytest.mark.parametrize("name", shipped_taxonomies())
def test_no_shipped_pattern_is_taken_for_a_catastrophic_one(name):
    tax = load_taxonomy(name)
    for task in tax.task_types:
        for p in task.patterns:
            assert _nested_repeat(p.regex) is None, (task.id, p.regex)
    with hang_guard(), warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # no pattern runs out of time
        tax.match(ATTACKS * 25)  # 200 texts of 1,000 characters, as the word index sees them


# -- accepted but slow: bounded by the time limit -------------------------------------------
# Two unbounded repeats in a row that can take the same characters pass the checks on
# loading (they are not exponential) but, from every word start, try every way of sharing
# out the rest of the text: 0.3 to 0.8 s on one text of 1,000 characters without a limit.
QUADRATIC = [".+.*x", ".*.*x", ".+.+x", "[a-z ]+.*x", r".*\s.*x", ".+(?:.*)x"]
SLOW_TEXTS = [("a x" * 400)[:1000], ("ab x" * 300)[:1000], ("a xb " * 300)[:999]]


@pytest.mark.parametrize("pattern", QUADRATIC)
def test_slow_patterns_the_checks_accept_are_stopped_by_the_time_limit(pattern):
    tax = Taxonomy.from_dict(taxonomy([pattern], examples=[]), schema=False)
    with hang_guard():
        with pytest.warns(DataQualityWarning, match="ran out of time") as record:
            m = tax.match(ATTACKS + SLOW_TEXTS + ["a x"])
    assert len(record) == 1 and f"pattern {pattern!r}" in str(record[0].message)
    rules = set(m.rule)
    assert "uncategorised:timeout:visit" in rules
    assert rules <= {"uncategorised", "uncategorised:timeout:visit", f"pattern:visit:{pattern}"}
    assert m.rule[-1] == f"pattern:visit:{pattern}"  # short texts are matched as ever


def test_categorise_command_with_a_slow_pattern_and_long_descriptions(tmp_path, capsys):
    tax_path = tmp_path / "custom.yaml"
    tax_path.write_text(yaml.safe_dump(taxonomy([".+.*x", "home visit"], examples=[])))
    path = tmp_path / "episodes.csv"
    texts = [f"{i} " + SLOW_TEXTS[0] for i in range(4)] + ["home visit Smith"]
    pd.DataFrame({"activity": texts, "duration_min": 60}).to_csv(path, index=False)
    with pytest.warns(DataQualityWarning, match=r"task type 'visit', pattern '\.\+\.\*x'"):
        run = cli(
            ["categorise", path, "--taxonomy", tax_path, "--out", tmp_path / "out.csv"],
            capsys,
        )
    assert run.code == 0, run.err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert out["rule"].tolist() == ["uncategorised:timeout:visit"] * 4 + [
        "pattern:visit:home visit"
    ]


def test_categorise_command_stops_cleanly_when_a_pattern_times_out_too_often(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(taxonomy_module, "MAX_TIMEOUTS", 3)
    tax_path = tmp_path / "custom.yaml"
    tax_path.write_text(yaml.safe_dump(taxonomy([".+.*x"], examples=[])))
    path = tmp_path / "episodes.csv"
    texts = [f"{i} " + SLOW_TEXTS[0] for i in range(6)]
    pd.DataFrame({"activity": texts, "duration_min": 60}).to_csv(path, index=False)
    run = cli(["categorise", path, "--taxonomy", tax_path], capsys)
    assert_clean_error(run, name="custom.yaml")
    assert "'.+.*x' ran out of time" in run.err


# -- random patterns: refused, or bounded on every attack text --------------------------------
atoms = st.sampled_from(["a", "b", "ab", r"\w", r"\s", r"\d", ".", "[ab]", "[^b]", " ", "visit", "1"])
quantifiers = st.sampled_from(["", "", "+", "*", "?", "{0,5}", "{2,}", "{1,3}", "{3}", "{0,40}"])


def _quantified(inner):
    return st.tuples(inner, quantifiers).map(
        lambda t: f"(?:{t[0]}){t[1]}" if t[1] and len(t[0]) > 1 else t[0] + t[1]
    )


patterns = st.recursive(
    _quantified(atoms),
    lambda inner: _quantified(
        st.one_of(
            st.lists(inner, min_size=2, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda alts: "(?:" + "|".join(alts) + ")"),
        )
    ),
    max_leaves=8,
)


@FUZZ
@given(pattern=patterns)
def test_any_pattern_is_refused_or_matches_within_bounds(pattern):
    try:
        with hang_guard():
            tax = Taxonomy.from_dict(taxonomy([pattern], examples=[]), schema=False)
    except TaxonomyError as exc:
        assert_one_line(str(exc))
        return
    with hang_guard():
        tax.match(ATTACKS)


# -- descriptions of a megabyte ------------------------------------------------------------
def test_megabyte_descriptions_are_matched_on_their_start_only(monkeypatch):
    tax = load_taxonomy()
    texts = [f"home visit {i} " + "a" * 1_000_000 for i in range(20)]
    texts += ["x" * 1_000_000 + " home visit"]  # the words come too late to count
    searched = []  # the length of every text a pattern group was searched in
    search_all = matching._search_all

    def spy(rx, texts, *args):
        searched.extend(map(len, texts))
        return search_all(rx, texts, *args)

    monkeypatch.setattr(matching, "_search_all", spy)
    with hang_guard():
        got = categorise(pd.DataFrame({"activity": texts, "duration_min": 60}), tax)
    assert (got["task_type"].iloc[:20] == "statutory_visit").all()
    assert got["task_type"].iloc[20] == "uncategorised"
    assert MAX_TEXT_CHARS == 1000
    assert searched and max(searched) <= MAX_TEXT_CHARS


def test_categorise_command_with_a_megabyte_description(tmp_path, capsys):
    path = tmp_path / "episodes.csv"
    pd.DataFrame(
        {"activity": ["home visit " + "a" * 1_000_000, "=cmd|' /C calc'!A0"], "duration_min": 60}
    ).to_csv(path, index=False)
    run = cli(["categorise", path, "--out", tmp_path / "out.csv"], capsys)
    assert run.code == 0, run.err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert out["task_type"].iloc[0] == "statutory_visit"
    assert out["activity"].iloc[1] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_categorise_command_refuses_a_file_that_is_not_a_table(tmp_path, capsys, suffix):
    path = tmp_path / f"episodes{suffix}"
    path.write_bytes(bytes(range(256)) * 8)
    assert_clean_error(cli(["categorise", path], capsys), name=path.name)
