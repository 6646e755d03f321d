"""The word prefilter skips only texts a pattern cannot match, patterns that begin with a
repeat included.

From :data:`~timestudy.categorise.matching.PREFILTER_FROM` distinct texts on, a pattern
group is searched only in texts holding a word that starts with one of the prefixes
:func:`~timestudy.categorise.prefilter.word_prefixes` reads off its patterns. For a pattern
that begins with a repeat it read the repeated part once, followed by the rest: ``s+ection``
gave the prefix "section", so the text "ssection 47 visit" (which the pattern matches: ``s+``
takes "ss") was never searched and came out uncategorised once the diary held 200 distinct
texts (and categorised with fewer). The shipped taxonomies have no such pattern; a custom one
may (a stuttered typo, ``(?:ab)+``, ``x{1,3}``).
"""

from __future__ import annotations

import re
import sys

import pytest
import regex

from timestudy.categorise import matching, prefilter
from timestudy.categorise.matching import PREFILTER_FROM
from timestudy.categorise.prefilter import word_prefixes
from timestudy.categorise.taxonomy import Taxonomy


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # s+ takes one "s" or more: every match starts with "s", not with "section"
        (r"s+ection", "ssection", {"s"}),
        # (ab)+ then c: "ababc" starts with "ab" (one copy), not with "abc"
        (r"(?:ab)+c", "ababc", {"ab"}),
        # x{1,3}: one x surely, up to three: "xxy" starts with "x", not "xy"
        (r"x{1,3}y", "xxy", {"x"}),
        # (ab)* then c: none ("c") or at least one copy ("ab"); "ababc" is the second
        (r"(?:ab)*c", "ababc", {"ab", "c"}),
        # a single optional copy is surely followed by c: "abc" or "c"
        (r"(?:ab)?c", "abc", {"abc", "c"}),
        # exactly two x, then y: "xxy"
        (r"x{2}y", "xxy", {"xxy"}),
        (r"(?:court\s+)?hearings?", "court hearing", {"court", "hearing"}),
        # a literal run goes on into what follows it: "a", then "s" (s+ makes one at least)
        (r"as+es+ment", "asessment", {"as"}),
        (r"(?:seen|saw)\s+child", "saw child", {"seen", "saw"}),
        (r"vis(?:i)?ts?", "vist", {"visit", "vist"}),
        (r"state?ments?", "statements", {"statement", "statment"}),
        # "re" then an optional "-": the word may end there ("re-referral")
        (r"(?:re-?)?ref+er+al", "re-referral", {"re", "ref"}),
    ],
)
def test_every_match_starts_with_a_prefix(pattern, text, expected):
    wrapped = rf"\b(?:{pattern})(?!\w)"
    assert re.fullmatch(wrapped, text)
    prefixes = word_prefixes(wrapped)
    assert prefixes == expected
    assert any(text.startswith(p) for p in prefixes)


def test_reading_prefixes_reads_each_rest_once(monkeypatch):
    """Thirty groups of 20 alternatives in a row, ``(?:aa|bb|...|tt)``: their first letters
    differ, so the parser keeps each a branch. A literal run is extended into what follows
    it at most twice (``_EXTEND``), so three groups are read; every alternative of a group
    is followed by the same rest, which the memo reads once. Readings (calls of
    ``_first_of``), by hand: group 1's branch (1) and its 20 alternatives, the rest after
    group 1 (1, extend 1) and its 20 alternatives, the rest after group 2 (1, extend 0) and
    its 20 alternatives: 63. Without the memo each alternative reads its rest again:
    rest after group 2 = 1 + 20 = 21, an alternative of group 2 = 1 + 21 = 22, rest after
    group 1 = 1 + 20 * 22 = 441, an alternative of group 1 = 442, all = 1 + 20 * 442 = 8841.
    Every match starts with one of the 20 words (each extended to 400 > 64 prefixes, so
    not extended)."""
    letters = "abcdefghijklmnopqrst"
    alts = "|".join(c * 2 for c in letters)
    readings = []
    real = prefilter._first_of

    def counted(*args):
        readings.append(1)
        return real(*args)

    monkeypatch.setattr(prefilter, "_first_of", counted)
    prefixes = word_prefixes(rf"\b(?:{f'(?:{alts})' * 30})(?!\w)")
    assert prefixes == {c * 2 for c in letters}
    assert len(readings) == 63


def test_a_pattern_beginning_with_a_repeat_is_searched_in_a_long_diary():
    """250 distinct texts (over PREFILTER_FROM = 200): "ssection 47 visit" is matched by
    ``s+ection\\s*47`` (s+ takes "ss", then "ection", a space, "47"), so its task type is
    ``s47``, as it is in a list of 3 texts, where there is no prefilter."""
    tax = Taxonomy.from_dict(
        {
            "name": "custom",
            "categories": [{"id": "direct_work", "label": "Direct", "counts_as_work": True}],
            "task_types": [
                {
                    "id": "s47",
                    "label": "S47",
                    "category": "direct_work",
                    "patterns": [r"s+ection\s*47"],
                },
                {
                    "id": "visit",
                    "label": "Visit",
                    "category": "direct_work",
                    "patterns": ["visit"],
                    "priority": 10,
                },
            ],
        }
    )
    texts = ["ssection 47 visit", "section 47", "home visit"]
    filler = [f"note {i}" for i in range(PREFILTER_FROM + 50 - len(texts))]
    ids = [*tax.task_ids, "uncategorised"]
    short = [ids[i] for i in tax.match(texts).task]
    long_ = [ids[i] for i in tax.match(texts + filler).task[: len(texts)]]
    assert short == ["s47", "s47", "visit"]
    assert long_ == short


def not_words_to_regex() -> list[str]:
    r"""The characters Python's ``str.isalnum`` takes for word characters and :mod:`regex`'s
    ``\w`` (which the patterns are matched with) does not: 895 of them (``²``, ``½``, ``①``).
    Found when a test asks (each test process collects this module; the search of every
    code point took 2 s of processor time at import)."""
    alnum = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isalnum())
    return regex.findall(r"\W", alnum, flags=regex.V0)  # each one not a word character


def one_task(pattern: str) -> Taxonomy:
    return Taxonomy.from_dict(
        {
            "name": "custom",
            "categories": [{"id": "direct_work", "label": "Direct", "counts_as_work": True}],
            "task_types": [
                {"id": "visit", "label": "Visit", "category": "direct_work", "patterns": [pattern]}
            ],
        }
    )


def test_words_are_split_as_the_matcher_splits_them(monkeypatch):
    """Each of the 895 characters before "visit", alone ("³visit") and after a word
    ("home³visit"): 1790 distinct texts, over PREFILTER_FROM = 200. To :mod:`regex` the
    character is not a word character, so a word boundary falls between it and "visit"
    and ``visit`` matches every text: all are ``visit``, with the prefilter and without it
    (PREFILTER_FROM set above the number of texts). Split with :mod:`re`'s ``\\w``, the
    index held the words "³visit" and "home³visit", none starting with "visit", and every
    text came out uncategorised with the prefilter."""
    not_words = not_words_to_regex()
    assert len(not_words) == 895
    tax = one_task("visit")
    texts = [f"{ch}visit" for ch in not_words]
    texts += [f"home{ch}visit" for ch in not_words]
    assert len(set(texts)) == 1790 > PREFILTER_FROM
    with_prefilter = tax.match(texts).task.tolist()
    monkeypatch.setattr(matching, "PREFILTER_FROM", len(texts) + 1)
    without = tax.match(texts).task.tolist()
    assert without == with_prefilter == [0] * len(texts)


def test_a_prefix_ends_where_the_matcher_ends_a_word():
    """``home²visit``: "²" is no word character to :mod:`regex`, so the word a match starts
    with is "home" (the text "home²visit" holds the words "home" and "visit"); the prefix
    read on to "home²visit" was in no text's words and the text was skipped."""
    for ch in not_words_to_regex():
        assert word_prefixes(rf"\b(?:home{ch}visit)(?!\w)") == {"home"}, ch


def test_a_pattern_starting_with_such_a_character_matches_after_a_space():
    """``½day``: "½" is no word character to :mod:`regex`, so the pattern is wrapped
    ``(?<!\\w)(?:½day)(?!\\w)``, which matches at the start of "½day course" and after a space
    in "a ½day course" (hand: nothing word-like before "½"), and not in "a½day" (a letter
    before it). Wrapped ``\\b(?:½day)``, it needed a word character before "½": it matched
    "a½day" only."""
    tax = one_task("½day")
    assert tax.match(["½day course", "a ½day course", "a½day"]).task.tolist() == [0, 0, -1]
