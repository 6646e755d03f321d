"""Patterns that can backtrack catastrophically: a repeat inside a repeat, three repeats in
a row over the same characters, or repeated alternatives that match the same text
(:func:`_nested_repeat`, which :func:`~timestudy.categorise.patterns.pattern_problems`
refuses on loading a taxonomy, as before; apart from :mod:`~timestudy.categorise.patterns`
so that module holds the patterns' reading and this their analysis).
"""

from __future__ import annotations

import string

try:  # the regex parser is private; without it only the timing guard protects run time
    from re import _constants as _sre_c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_parse = _sre_c = None


_NESTED = (
    "has a repeat inside a repeat, which can take exponential time on some texts",
    r"rewrite without nesting, e.g. (\w+\s*)+ as [\w\s]+",
)
_CHAIN = (
    "has three or more repeats in a row that can match the same characters, which can "
    "take very long on a long text",
    r"bound them, e.g. .{0,40} for .*, or put between them text they cannot match, "
    r"e.g. \w+\s+\w+ rather than \w+.*\w+",
)
_ALIKE = (
    "repeats alternatives that can match the same text, which can take exponential time "
    "on some texts",
    "give the alternatives different first letters, e.g. (a|aa)+ as a+",
)


def _nested_repeat(regex: str) -> tuple[str, str] | None:
    """Why the pattern can backtrack catastrophically (exponentially, or as a high power of
    the text's length), as (problem, fix); None if it cannot.

    That is: three or more repeats in a row that can take the same characters
    (``.*a.*a.*a``, ``\\w+.+\\w+``: the text can be shared among them in very many
    ways); or a repeat that can run three or more times (``+``, ``*``, ``{3}``,
    ``{0,20}``) around a repeat of variable length (``(\\w+\\s*)+``, ``(.*a){20}``,
    ``(\\w{0,5})+``), or around alternatives that can start with the same character or
    match nothing (``(a|aa)+``, which the regex parser makes ``(a(?:|a))+``).
    Possessive repeats and atomic groups never backtrack and are not counted.
    """
    if _sre_parse is None:  # pragma: no cover
        return None
    c = _sre_c
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT)

    def walk(items) -> tuple[str, str] | None:
        for op, av in items:
            if op in repeats and av[1] > 2:  # MAXREPEAT (unbounded) included
                if _varies(av[2]):
                    return _NESTED
                if _alike(av[2]):
                    return _ALIKE
            for sub in _parts(op, av):
                if found := walk(sub):
                    return found
        return None

    def _varies(items) -> bool:
        return any(
            (op in repeats and av[0] != av[1]) or any(_varies(sub) for sub in _parts(op, av))
            for op, av in items
        )

    def _alike(items) -> bool:
        for op, av in items:
            if op is c.BRANCH:
                starts = [_starts(b) for b in av[1]]
                if any(empty or chars is None for chars, empty in starts):
                    return True
                seen: set[int] = set()
                for chars, _empty in starts:
                    if seen & chars:
                        return True
                    seen |= chars
            if any(_alike(sub) for sub in _parts(op, av)):
                return True
        return False

    try:
        parsed = _sre_parse.parse(regex)
    except Exception:  # invalid: reported elsewhere
        return None
    return walk(list(parsed)) or (_CHAIN if _chained(list(parsed)) else None)


#: Characters standing for all others when comparing what repeats can match.
_SAMPLE = frozenset(string.ascii_lowercase + string.digits + "_ \t\n.,;:!?-'\"/&()£é")


def _chars(op, av) -> frozenset[str] | None:
    """Characters of :data:`_SAMPLE` one item can match (lower case), None if not one character."""
    c = _sre_c
    if op is c.LITERAL:
        return frozenset({chr(av).lower()[0]})
    if op is c.NOT_LITERAL:
        return _SAMPLE - {chr(av).lower()[0]}
    if op is c.ANY:
        return _SAMPLE - {"\n"}
    if op is not c.IN:
        return None
    tests = {
        c.CATEGORY_DIGIT: str.isdigit,
        c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
        c.CATEGORY_SPACE: str.isspace,
    }
    for kind in ("DIGIT", "WORD", "SPACE"):  # the NOT_ and Unicode variants
        test = tests[getattr(c, f"CATEGORY_{kind}")]
        tests[getattr(c, f"CATEGORY_UNI_{kind}")] = test
        tests[getattr(c, f"CATEGORY_NOT_{kind}")] = lambda ch, t=test: not t(ch)
        tests[getattr(c, f"CATEGORY_UNI_NOT_{kind}")] = lambda ch, t=test: not t(ch)
    out: set[str] = set()
    negate = False
    for iop, iav in av:
        if iop is c.NEGATE:
            negate = True
        elif iop is c.LITERAL:
            out.add(chr(iav).lower()[0])
        elif iop is c.RANGE:
            out |= {ch for ch in _SAMPLE if iav[0] <= ord(ch) <= iav[1]}
            out |= {ch for ch in _SAMPLE if iav[0] <= ord(ch.upper()[0]) <= iav[1]}
        elif iop is c.CATEGORY and iav in tests:
            out |= {ch for ch in _SAMPLE if tests[iav](ch)}
        else:
            return _SAMPLE
    return _SAMPLE - out if negate else frozenset(out)


def _chained(items) -> bool:
    """Three or more variable repeats of single characters in a row, each able to take
    characters of those before, with nothing between them that those cannot take."""
    c = _sre_c
    chain, last = 0, frozenset()
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and len(av[2]) == 1:
            chars = _chars(*av[2][0])
            if chars is not None and av[0] != av[1] and av[1] > 2:
                if chain and chars & last:
                    chain, last = chain + 1, last | chars
                elif chain and av[0] == 0:  # can match nothing: the chain goes on past it
                    last = last | chars
                else:
                    chain, last = 1, chars
                if chain >= 3:
                    return True
                continue
            if chars is not None and av[0] == 0:
                continue  # an optional character: the chain goes on
        chars = _chars(op, av)
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT) or (chars is not None and chars & last):
            continue  # a character the repeat before can take as well
        if op is c.SUBPATTERN and _chained(av[-1]):
            return True
        if op is c.BRANCH and any(_chained(b) for b in av[1]):
            return True
        chain, last = 0, frozenset()
    return False


def _parts(op, av) -> list:
    """The item lists inside one parsed regex item (none for a possessive or atomic part)."""
    c = _sre_c
    if op is c.SUBPATTERN:
        return [av[-1]]
    if op is c.BRANCH:
        return list(av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return [av[2]]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    return []


def _starts(items) -> tuple[frozenset[int] | None, bool]:
    """The characters (lower case) a match of ``items`` can start with, None when too many
    to list (a class such as ``\\w``, ``.``), and whether the match can be empty."""
    c = _sre_c
    chars: set[int] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            return frozenset(chars | {ord(chr(av).lower()[0])}), False
        if op is c.IN and all(
            iop is c.LITERAL or (iop is c.RANGE and iav[1] - iav[0] < 1000) for iop, iav in av
        ):
            for iop, iav in av:
                codes = [iav] if iop is c.LITERAL else range(iav[0], iav[1] + 1)
                chars |= {ord(chr(k).lower()[0]) for k in codes}
            return frozenset(chars), False
        if op is c.SUBPATTERN:
            first, empty = _starts(av[-1])
        elif op is c.BRANCH:
            parts = [_starts(b) for b in av[1]]
            if any(p[0] is None for p in parts):
                return None, False
            first, empty = frozenset().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            first, empty = _starts(av[2])
            empty = empty or av[0] == 0
        else:  # a class, any character, a back-reference...
            return None, False
        if first is None:
            return None, False
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True
