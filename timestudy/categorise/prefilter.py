"""An exact prefilter for word-anchored patterns: skip texts that cannot match.

Every taxonomy pattern is matched on word boundaries, so a match starts at the
start of a word. When every match of a pattern must begin with a literal run of
letters (``travel\\w*`` begins with "travel", ``(?:court\\s+)?hearings?`` with
"court" or "hearing"), only texts holding a word that starts with one of those
runs can match. :class:`WordIndex` finds those texts for a set of prefixes with
a binary search over the sorted words of all texts, so the regular expression is
only run where it could succeed. The answers are exactly those without the
prefilter; patterns for which no such prefix exists are run on every text.

A word is a run of the characters :mod:`regex` (which matches the patterns) takes for
``\\w``, so the index and the prefixes split words where the patterns' word boundaries
fall. Python's :mod:`re` takes 895 more characters for word characters (``²``, ``½``,
``①``...): split on those, "³supervision" would be one word, never searched for
``supervision``, which :mod:`regex` matches in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
import pandas as pd
import regex

try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _c = _p = None

#: Words as the patterns' ``\w`` (matched with :mod:`regex`) sees them.
_WORDS = regex.compile(r"\w+", regex.V0)
#: The same words in an ASCII text, where :mod:`re`'s ``\w`` is :mod:`regex`'s (letters,
#: digits, "_"), found about a quarter faster.
_ASCII_WORDS = re.compile(r"\w+")
_WORD_CHAR = regex.compile(r"\w", regex.V0)
#: A repeat's copies written out to read a prefix off them: at most this many.
_MAX_UNROLL = 8
#: A literal run is extended by what follows it at most this many times (each extension
#: tries every alternative of what follows: the work grows as their product)...
_EXTEND = 2
#: ... and only when what follows gives at most this many prefixes.
_MAX_PREFIXES = 64
_TOP = "\U0010ffff"


def _is_word(code: int) -> bool:
    """Whether the character of ``code`` is one :mod:`regex`'s ``\\w`` matches."""
    return _WORD_CHAR.match(chr(code)) is not None


def _first(items: list, extend: int, seen: dict) -> set[str] | None:
    """Literal word prefixes that every match of the sequence ``items`` starts with, or None.

    A literal run is extended by the prefixes of what follows it (``s(?:een|aw)``: "seen",
    "saw") at most ``extend`` times, and only to :data:`_MAX_PREFIXES` prefixes. ``seen``
    keeps the answers for sequences already read (every alternative of a branch is
    followed by the same rest), so the work grows with the pattern's length only.
    """
    key = (tuple(map(id, items)), extend)  # the parsed items stay alive during one reading
    if key not in seen:
        seen[key] = _first_of(items, extend, seen)
    return seen[key]


def _first_of(items: list, extend: int, seen: dict) -> set[str] | None:
    """:func:`_first`, not kept."""
    i = 0
    while i < len(items) and items[i][0] in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        i += 1  # zero-width: \b, lookarounds
    if i == len(items):
        return None  # could match empty
    op, av = items[i]
    rest = items[i + 1 :]
    if op is _c.LITERAL:
        run = ""
        while i < len(items) and items[i][0] is _c.LITERAL and _is_word(items[i][1]):
            run += chr(items[i][1])
            i += 1
        if not run:
            return None
        tail = _first(items[i:], extend - 1, seen) if i < len(items) and extend > 0 else None
        if tail and len(tail) <= _MAX_PREFIXES:  # the word goes on with one of these
            return {run + t for t in tail}
        return {run}
    if op is _c.SUBPATTERN or op is getattr(_c, "ATOMIC_GROUP", None):
        sub = av[-1] if op is _c.SUBPATTERN else av
        return _first(list(sub) + rest, extend, seen)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _first(list(branch) + rest, extend, seen)
            if got is None:
                return None
            out |= got
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if lo == hi and lo <= _MAX_UNROLL:  # a fixed count: the copies, then what follows
            return _first(list(sub) * lo + rest, extend, seen)
        if lo >= 1:  # the copies every match makes; more may follow them, or not
            return _first(list(sub) * min(lo, _MAX_UNROLL), extend, seen)
        # none or more: one copy (then more copies or what follows: only a single optional
        # copy is surely followed by what follows), or none and what follows
        once = _first(list(sub) + rest if hi == 1 else list(sub), extend, seen)
        skipped = _first(rest, extend, seen)
        return None if once is None or skipped is None else once | skipped
    return None  # a character class, any character, a back-reference...


def word_prefixes(regex: str) -> frozenset[str] | None:
    """Prefixes one of which a word of any text matched by ``regex`` must start with.

    ``regex`` is matched case-sensitively (the taxonomy lower-cases both pattern
    and text first). None when no such guarantee can be read off the pattern.

    Examples
    --------
    >>> sorted(word_prefixes(r"\\b(?:(?:court\\s+)?hearings?)(?!\\w)"))
    ['court', 'hearing']
    >>> word_prefixes(r"\\b(?:\\w+ visit)(?!\\w)") is None
    True
    """
    if _p is None:  # pragma: no cover
        return None
    try:
        found = _first(list(_p.parse(regex)), _EXTEND, {})
    except (re.error, RecursionError):
        return None
    return frozenset(found) if found else None


class WordIndex:
    """The words of a list of texts, sorted, with the texts each word occurs in."""

    def __init__(self, texts: list[str]) -> None:
        self.n = len(texts)
        ascii_words, words = _ASCII_WORDS.findall, _WORDS.findall
        per_text = [set(ascii_words(t) if t.isascii() else words(t)) for t in texts]
        flat = [w for words in per_text for w in words]
        text = np.repeat(np.arange(self.n), [len(words) for words in per_text])
        codes, uniques = pd.factorize(np.array(flat, dtype=object), sort=True)
        self.words = list(uniques)
        order = np.argsort(codes, kind="stable")
        self.text = text[order]
        self.start = np.searchsorted(codes[order], np.arange(len(self.words) + 1))

    def having(self, prefixes: frozenset[str]) -> np.ndarray:
        """Boolean mask of the texts with a word starting with one of ``prefixes``."""
        mask = np.zeros(self.n, dtype=bool)
        for p in prefixes:
            lo, hi = bisect_left(self.words, p), bisect_left(self.words, p + _TOP)
            if lo < hi:
                mask[self.text[self.start[lo] : self.start[hi]]] = True
        return mask
