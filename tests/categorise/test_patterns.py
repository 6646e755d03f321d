"""Text patterns: the time limit on long texts, the same answers as before otherwise, and
the pattern rules that data_schema/TAXONOMY.md documents.

A pattern such as ``.+.*x`` (two unbounded repeats in a row that can take the same
characters) passes the checks on loading but takes about 0.4 s on one description of
1,000 characters (the length matched), so a diary with many long free-text cells
could hang ``timestudy categorise``. Each search now gets ``MATCH_TIMEOUT_S`` seconds
of processor time: the description comes out ``uncategorised`` with the rule
``uncategorised:timeout:<task type>`` and one warning names the pattern; after
``MAX_TIMEOUTS`` such descriptions categorisation stops with a TaxonomyError.

The reference for "identical answers" is Python's own :mod:`re`, applied the way the
taxonomy describes it (every pattern on every text, word boundaries, ignoring case,
highest priority then file order): that is how texts were matched before the time
limit, when the engine was :mod:`re`.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import DataQualityWarning, TaxonomyError, categorise, simulate_study
from timestudy.categorise import matching
from timestudy.categorise import taxonomy as taxonomy_module
from timestudy.categorise.patterns import expand_terms, wrap_pattern
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import (
    MATCH_TIMEOUT_S,
    UNCATEGORISED,
    Taxonomy,
    load_taxonomy,
    normalise_text,
)

#: 10,000 characters on which ``.+.*x`` backtracks: every x is followed by a letter.
#: (Matched on its first 1,000 characters, which end in "a", not in "x".)
LONG = [f"n{i:03d} " + ("a x" * 3400)[:9995] for i in range(5)]


def custom(*task_types: dict) -> Taxonomy:
    return Taxonomy.from_dict(
        {
            "name": "custom",
            "categories": [
                {"id": "direct_work", "label": "Direct work", "counts_as_work": True},
                {"id": "recording", "label": "Recording", "counts_as_work": True},
            ],
            "task_types": list(task_types),
        }
    )


def task(id_: str, patterns: list, priority: int = 50, category: str = "direct_work") -> dict:
    return {
        "id": id_,
        "label": id_.title(),
        "category": category,
        "priority": priority,
        "patterns": patterns,
    }


@pytest.fixture
def searches(monkeypatch) -> dict:
    """Counts of pattern-group searches in this test: ``texts`` searched, ``late`` cut off.

    Work is bounded when each slow search is cut off once (``MATCH_TIMEOUT_S`` each)
    and never run again, so the tests count cut-off searches instead of timing them.
    """
    counts = {"texts": 0, "late": 0}
    search_all = matching._search_all

    def spy(rx, texts, timeout_s, max_timeouts):
        hit, late = search_all(rx, texts, timeout_s, max_timeouts)
        counts["texts"] += len(hit)
        counts["late"] += len(late)
        return hit, late

    monkeypatch.setattr(matching, "_search_all", spy)
    return counts


def categorise_caught(episodes: pd.DataFrame, tax: Taxonomy):
    """(categorised, warnings caught)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = categorise(episodes, tax)
    return out, [w for w in caught if issubclass(w.category, DataQualityWarning)]


def test_quadratic_pattern_on_long_texts_is_bounded_and_reported(searches):
    assert all(len(t) == 10_000 for t in LONG)
    tax = custom(task("slow", [".+.*x"]), task("visit", ["home visit"], priority=40))
    texts = LONG * 3 + ["a x", "home visit Smith", "lunch"]
    out, caught = categorise_caught(pd.DataFrame({"activity": texts}), tax)
    # 5 distinct long texts cut off at MATCH_TIMEOUT_S once each (~0.4 s each without
    # the limit): the 15 rows are searched as 5 texts, and no cut-off search is rerun
    assert searches["late"] == len(LONG)
    long_rows = out.iloc[: len(LONG) * 3]
    assert (long_rows["task_type"] == UNCATEGORISED).all()
    assert (long_rows["category"] == UNCATEGORISED).all()
    assert (long_rows["rule"] == "uncategorised:timeout:slow").all()
    assert out["task_type"].iloc[-3:].tolist() == ["slow", "visit", UNCATEGORISED]
    assert out["rule"].iloc[-3:].tolist() == [
        "pattern:slow:.+.*x",
        "pattern:visit:home visit",
        UNCATEGORISED,
    ]
    assert len(caught) == 1
    message = str(caught[0].message)
    for part in ("task type 'slow'", "pattern '.+.*x'", "5 descriptions", ".+x rather than"):
        assert part in message
    assert "uncategorised:timeout:<task type>" in message


def test_a_text_decided_before_the_slow_pattern_keeps_its_answer(searches):
    # The slow pattern is never run on texts already matched at a higher priority, and
    # a text matched at the same priority by a task type listed earlier keeps it.
    tax = custom(
        task("notes", ["case notes"], priority=70, category="recording"),
        task("visit", [r"n00[01]"], priority=50),
        task("slow", [".+.*x"], priority=50),
    )
    texts = [LONG[0], LONG[1], LONG[2], "case notes " + LONG[3]]
    out, caught = categorise_caught(pd.DataFrame({"activity": texts}), tax)
    assert searches["late"] == 3  # cut off once on each text open at priority 50, never on the 4th
    assert out["task_type"].tolist() == ["visit", "visit", UNCATEGORISED, "notes"]
    assert out["rule"].tolist() == [
        "pattern:visit:n00[01]",
        "pattern:visit:n00[01]",
        "uncategorised:timeout:slow",
        "pattern:notes:case notes",
    ]
    assert len(caught) == 1 and "pattern '.+.*x'" in str(caught[0].message)


def test_no_lower_priority_pattern_decides_a_timed_out_text():
    # "a x ... visit" would be a visit by the lower priority, but whether the slow,
    # higher-priority pattern matches is unknown: the text is left uncategorised.
    tax = custom(task("slow", [".+.*x"], priority=60), task("visit", ["n002"], priority=40))
    out, caught = categorise_caught(pd.DataFrame({"activity": [LONG[2]]}), tax)
    assert out["rule"].tolist() == ["uncategorised:timeout:slow"]
    assert len(caught) == 1


def test_the_warning_names_the_slow_pattern_among_several():
    tax = custom(task("visit", ["home visit", ".*.*x", "SV"]))
    texts = LONG[:2] + ["SV Smith", "a x"]
    out, caught = categorise_caught(pd.DataFrame({"activity": texts}), tax)
    assert out["rule"].tolist() == [
        "uncategorised:timeout:visit",
        "uncategorised:timeout:visit",
        "pattern:visit:SV",
        "pattern:visit:.*.*x",
    ]
    message = str(caught[0].message)
    assert "pattern '.*.*x': 2 descriptions" in message and "'home visit'" not in message


def test_too_many_time_outs_stop_with_an_error_naming_the_pattern(monkeypatch, searches):
    monkeypatch.setattr(taxonomy_module, "MAX_TIMEOUTS", 3)
    tax = custom(task("slow", [r"[a-z ]+.*x"]))
    with pytest.raises(TaxonomyError, match=r"'slow': the pattern '\[a-z \]\+\.\*x' ran out of"):
        categorise(pd.DataFrame({"activity": LONG}), tax)
    # stopped at the third cut-off search: the last two of the five texts never searched
    assert searches == {"texts": 3, "late": 3}


def test_the_coverage_report_counts_timed_out_texts_as_uncategorised():
    tax = custom(task("slow", [".+.*x"]), task("visit", ["home visit"]))
    episodes = pd.DataFrame(
        {"activity": [LONG[0], "home visit Smith"], "duration_min": [30.0, 90.0]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out, report = categorise_and_report(episodes, tax)
    assert report.share_minutes_categorised == pytest.approx(0.75)
    assert report.by_source.loc[UNCATEGORISED, "minutes"] == 30.0
    rules = report.rules.set_index("rule")
    assert rules.loc["uncategorised:timeout:slow", "task_type"] == UNCATEGORISED
    assert report.uncategorised["activity"].tolist() == [LONG[0]]


def test_the_timing_check_on_loading_uses_the_same_limit():
    assert MATCH_TIMEOUT_S == 0.05  # documented in data_schema/TAXONOMY.md
    with pytest.raises(TaxonomyError, match=r"took over 50 ms"):
        Taxonomy.from_dict(
            {
                "name": "custom",
                "categories": [{"id": "a", "label": "A", "counts_as_work": True}],
                "task_types": [
                    {
                        "id": "slow",
                        "label": "Slow",
                        "category": "a",
                        "patterns": [".+.*x"],
                        "examples": [LONG[0][:1000]],
                    }
                ],
            }
        )


# -- ordinary patterns: the same answers as Python's re ---------------------------------------
def reference_match(tax: Taxonomy, texts: list[str]) -> tuple[list[str], list[str]]:
    """Task type and rule of each text by stdlib ``re``: every pattern on every text."""
    compiled = [
        (
            t.id,
            p.priority,
            order,
            p.regex,
            re.compile(wrap_pattern(expand_terms(p.regex, tax.terms)), re.I),
        )
        for order, t in enumerate(tax.task_types)
        for p in t.patterns
    ]
    tasks, rules = [], []
    for text in texts:
        text = normalise_text(text)
        hits = [
            (-prio, order, tid, raw) for tid, prio, order, raw, rx in compiled if rx.search(text)
        ]
        if not hits:
            tasks.append(UNCATEGORISED)
            rules.append(UNCATEGORISED)
            continue
        top = min(hits)[:2]
        tid, raw = next((h[2], h[3]) for h in hits if h[:2] == top)  # first pattern listed
        tasks.append(tid)
        rules.append(f"pattern:{tid}:{raw}")
    return tasks, rules


@pytest.fixture(scope="module")
def diary() -> pd.DataFrame:
    return simulate_study(n_workers=20, weeks=2, seed=1).diary


@pytest.mark.parametrize("name", ["uk_children_social_work", "healthcare_observation"])
def test_ordinary_patterns_categorise_the_simulated_diary_as_python_re(diary, name):
    tax = load_taxonomy(name)
    text_only = diary.drop(columns=["activity_code"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # no time-outs
        out = categorise(text_only, tax)
    texts = text_only["activity"].unique().tolist()
    want_task, want_rule = reference_match(tax, texts)
    got = out.drop_duplicates("activity").set_index("activity").loc[texts]
    assert got["task_type"].tolist() == want_task
    assert got["rule"].tolist() == want_rule
    assert (got["task_type"] != UNCATEGORISED).mean() > (0.95 if name.startswith("uk") else 0.25)


def test_no_time_outs_on_the_simulated_diary_with_codes(diary):
    out = categorise(diary)
    sources = out["rule"].str.split(":").str[0]
    assert set(sources) <= {"code", "pattern", UNCATEGORISED}
    assert not out["rule"].str.contains("timeout").any()
    assert np.mean(out["task_type"] == out["true_task_type"]) > 0.97


# -- the pattern rules of data_schema/TAXONOMY.md ---------------------------------------------
def one_task(*patterns) -> Taxonomy:
    return custom(task("visit", list(patterns)))


@pytest.mark.parametrize(
    "pattern",
    [
        "drive (to",
        "{{sytem}}",
        r"(\w+) \1",
        "(visit)?",
        r"(\w+\s*)+",
        "(a|aa)+",
        ".*a.*a.*a",
        r"\w+.+\w+",
        "(?i)visit",
    ],
)
def test_the_patterns_the_documentation_says_are_refused_are_refused(pattern):
    with pytest.raises(TaxonomyError, match=re.escape(repr(pattern))):
        one_task(pattern)


def test_the_same_group_name_twice_in_one_task_type_is_refused():
    with pytest.raises(TaxonomyError, match="do not combine"):
        one_task("(?P<n>a)b", "(?P<n>c)d")


def test_named_groups_back_references_and_scoped_flags_work():
    tax = one_task(r"(?P<Who>mum|dad) and (?P=Who)", r"(?-i:AL) review", r"\w++ visit")
    got = tax.match(["Mum and mum", "mum and dad", "AL review", "al review", "home visit"])
    assert got.rule.tolist() == [
        "pattern:visit:(?P<Who>mum|dad) and (?P=Who)",
        UNCATEGORISED,
        "pattern:visit:(?-i:AL) review",
        UNCATEGORISED,
        r"pattern:visit:\w++ visit",
    ]


def test_word_boundaries_as_documented():
    got = one_task("court").match(["court hearing", "Court.", "courtesy call"]).rule
    assert got.tolist() == ["pattern:visit:court", "pattern:visit:court", UNCATEGORISED]


@pytest.mark.parametrize(
    ("slow", "fast"),
    [
        (".+.*x", ".+x"),
        (r"\w+\w*", r"\w+"),
        ("visit.*.*home", "visit.*home"),
        (r".*\s.*x", r"\S*\s.*x"),
    ],
)
def test_the_documented_rewrites_match_the_same_descriptions(slow, fast):
    texts = [
        "a x",
        "x",
        "ax",
        "a xa",
        "x y",
        "visit home",
        "visit the home",
        "home visit",
        "a b x!",
    ]
    texts += [w + s for w in ("visit ", "a x", "b", "x ") for s in ("", " x", "home", "-x")]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        want = one_task(slow).match(texts).task
        got = one_task(fast).match(texts).task
        assert got.tolist() == want.tolist()
        one_task(fast).match(LONG)  # no time-out on the long texts


@pytest.mark.parametrize(
    ("pattern", "constraint"),
    [
        (r"(?:home visit){e<=1}", "{e<=1}"),
        (r"(?:home visit){i<=1,d<=1}", "{i<=1,d<=1}"),
        (r"visit{e}", "{e}"),
        (r"(?:visit){1<=e<=3}", "{1<=e<=3}"),
        (r"(?:home visit){E<=1}", "{E<=1}"),  # lower-cased for matching: {e<=1}
    ],
)
def test_a_fuzzy_constraint_is_refused_naming_the_task_type_pattern_and_fix(pattern, constraint):
    """Python's re reads ``{e<=1}`` after a group as the text "{e<=1}"; the regex module,
    which matches the patterns, reads it as "at most one error", so ``(?:home visit){e<=1}``
    matched "hone visit" below PREFILTER_FROM texts (every text searched) and not above
    (no word starting "home"): the answer hung on the diary's size. Refused on loading."""
    with pytest.raises(TaxonomyError) as caught:
        one_task(pattern)
    message = str(caught.value)
    assert f"('visit').patterns[0] {pattern!r}" in message
    assert f"holds {constraint}, which the matcher" in message
    assert f"escape the brace to match the text (\\{constraint})" in message


def test_braces_re_and_regex_both_read_as_repeats_or_text_are_kept():
    """``s{1,2}`` is a repeat to both modules; ``\\{e<=1}`` the text "{e<=1}" to both: the
    pattern ``(?:home visit)\\{e<=1}`` matches "home visit{e<=1}" and not "hone visit"."""
    tax = one_task(r"visits{1,2}", r"(?:home visit)\{e<=1}")
    got = tax.match(["visitss", "home visit{e<=1}", "hone visit", "home visit"]).task
    assert got.tolist() == [0, 0, -1, -1]
