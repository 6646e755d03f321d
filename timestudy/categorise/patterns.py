"""Taxonomy patterns: terms expanded, words bounded, case folded, and patterns that backtrack refused.

A pattern is checked when a taxonomy is loaded (:func:`pattern_problems`): it must
compile, use no numbered back-reference, match no empty text, and have no nested
or chained repetition that can backtrack catastrophically on long pasted notes.
"""

from __future__ import annotations

import contextlib
import io
import re
import string

import regex as _regex

try:  # the regex parser is private; without it only the timing guard protects run time
    from re import _constants as _sre_c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_parse = _sre_c = None


TERM = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def expand_terms(regex: str, terms: dict[str, str]) -> str:
    """Replace each ``{{name}}`` by ``(?:<term>)``; unknown names raise KeyError."""
    return TERM.sub(lambda m: f"(?:{terms[m.group(1)]})", regex)


def wrap_pattern(regex: str) -> str:
    """Match on word boundaries: not preceded or followed by a letter, digit or underscore.

    The pattern is wrapped as ``(?<!\\w)(?:PATTERN)(?!\\w)``. When every match must
    start with a word character the leading ``(?<!\\w)`` is written ``\\b``, which is
    equivalent there and lets the regex engine search about twice as fast.
    """
    start = r"(?<!\w)" if _may_start_nonword(regex) else r"\b"
    return rf"{start}(?:{regex})(?!\w)"


_CASE_SENSITIVE = re.compile(r"\(\?[aiLmsux-]|\\[xuUN0-7]")
_ESCAPE_OR_RUN = re.compile(r"(\\.?)|([^\\]+)", re.DOTALL)


def lower_pattern(regex: str) -> str | None:
    """The pattern with its literal letters lower-cased, for matching lower-cased text.

    Matching ``text.lower()`` against this without ``re.IGNORECASE`` gives the same
    answers as matching ``text`` against ``regex`` with it (for all but a few exotic
    Unicode letters), and is about twice as fast. Escapes are kept as they are.
    Returns None when that is not safe: the pattern sets its own flags, e.g.
    ``(?-i:AL)``, or names characters by code (``\\x41``, ``\\N{...}``).
    """
    if _CASE_SENSITIVE.search(regex):
        return None
    # an escape (a backslash and the character after it) as it is; a run of others lowered
    return _ESCAPE_OR_RUN.sub(_lower_run, regex)


def _lower_run(m: re.Match) -> str:
    """An escape as it is, or a run of other characters lowered one by one (as one string,
    ``str.lower`` makes a capital sigma at a word's end "ς", one by one "σ")."""
    escape, run = m.groups()
    if escape:
        return escape
    return run.lower() if "Σ" not in run else "".join(map(str.lower, run))


#: A word character as the patterns' ``\w`` (matched with :mod:`regex`) sees it: not
#: Python's ``str.isalnum``, which takes ``²``, ``½``, ``①``... for word characters too.
_WORD_CHAR = _regex.compile(r"\w", _regex.V0)


def _is_word(code: int) -> bool:
    """Whether the character of ``code`` is one :mod:`regex`'s ``\\w`` matches."""
    return _WORD_CHAR.match(chr(code)) is not None


def _may_start_nonword(regex: str) -> bool:
    """Could a match of ``regex`` start with a non-word character (or be empty)?"""
    if _sre_parse is None:  # pragma: no cover
        return True
    c = _sre_c
    word_cats = (c.CATEGORY_WORD, c.CATEGORY_DIGIT, c.CATEGORY_UNI_WORD, c.CATEGORY_UNI_DIGIT)

    def first(items) -> tuple[bool, bool]:
        """(may start with a non-word character, may match empty) of a sequence."""
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op is c.LITERAL:
                return (not _is_word(av), False)
            if op is c.IN:
                ok = all(
                    (iop is c.LITERAL and _is_word(iav))
                    or (
                        iop is c.RANGE
                        and iav[1] - iav[0] < 1000
                        and all(_is_word(k) for k in range(iav[0], iav[1] + 1))
                    )
                    or (iop is c.CATEGORY and iav in word_cats)
                    for iop, iav in av
                )
                return (not ok, False)
            if op is c.SUBPATTERN:
                nonword, empty = first(av[-1])
            elif op is c.BRANCH:
                parts = [first(b) for b in av[1]]
                nonword, empty = any(p[0] for p in parts), any(p[1] for p in parts)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                nonword, empty = first(av[2])
                empty = empty or av[0] == 0
            elif op is getattr(c, "ATOMIC_GROUP", None):
                nonword, empty = first(av)
            else:  # ANY, NOT_LITERAL, GROUPREF, ...: be safe
                return (True, True)
            if nonword:
                return (True, empty)
            if not empty:
                return (False, False)
        return (False, True)

    try:
        nonword, empty = first(list(_sre_parse.parse(regex)))
    except Exception:
        return True
    return nonword or empty


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


_BRACES = re.compile(r"\{[^{}]*\}")
#: Every fuzzy constraint names an error kind (e, i, d or s) after its brace: a pattern
#: without one is not compiled again to look for them.
_MAYBE_FUZZY = re.compile(r"\{[^}]*[eidsEIDS]")


def _is_fuzzy(pattern: str) -> bool:
    """Whether :mod:`regex` reads a fuzzy-match constraint in ``pattern`` (False if it cannot
    compile it: reported elsewhere). Read off the parsed pattern :mod:`regex` prints."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            _regex.compile(pattern, _regex.V0 | _regex.DEBUG)
    except (_regex.error, ValueError, OverflowError):
        return False
    return any(line.lstrip().startswith("FUZZY") for line in out.getvalue().splitlines())


def fuzzy_constraints(regex: str) -> list[str]:
    """The braces of ``regex`` that :mod:`regex` reads as fuzzy-match constraints.

    Python's :mod:`re` reads ``(?:home visit){e<=1}`` as the text "{e<=1}"; :mod:`regex`,
    which matches the patterns, reads "home visit" with at most one error (so it matches
    "hone visit"). The pattern is checked as it is matched: wrapped, and lower-cased
    (``{E<=1}`` becomes ``{e<=1}``).

    Examples
    --------
    >>> fuzzy_constraints(r"(?:home visit){e<=1}")
    ['{e<=1}']
    >>> fuzzy_constraints(r"visits{1,2}"), fuzzy_constraints(r"visit\\{e<=1}")
    ([], [])
    """
    if not _MAYBE_FUZZY.search(regex):
        return []
    wrapped = wrap_pattern(regex)
    forms = [f for f in (wrapped, lower_pattern(wrapped)) if f is not None]
    if not any(_is_fuzzy(f) for f in forms):
        return []
    found = []
    for m in _BRACES.finditer(regex):
        unbraced = wrap_pattern(regex[: m.start()] + "\\" + regex[m.start() :])
        lowered = lower_pattern(unbraced)
        if not _is_fuzzy(unbraced) and (lowered is None or not _is_fuzzy(lowered)):
            found.append(m.group())
    return found or [m.group() for m in _BRACES.finditer(regex)] or [regex]


def pattern_problems(task_id: str, i: int, j: int, raw: str, terms: dict) -> list[dict]:
    entry = f"task_types[{i}] ({task_id!r}).patterns[{j}] {raw!r}"
    try:
        regex = expand_terms(raw, terms)
    except KeyError as exc:
        return [
            {
                "entry": entry,
                "problem": f"uses the undefined term {{{{{exc.args[0]}}}}}",
                "fix": f"define it under `terms` (defined: {', '.join(terms) or 'none'})",
            }
        ]
    try:
        re.compile(regex)  # errors point into the pattern as written
        compiled = re.compile(wrap_pattern(regex), re.IGNORECASE)
    except re.error as exc:
        fix = (
            "put inline flags in a scoped group such as (?-i:...)"
            if "global flags" in str(exc)
            else "correct it, or escape characters meant literally ( ) [ ] . + ? * with a "
            "backslash, e.g. 'S\\.47'"
        )
        return [{"entry": entry, "problem": f"not a valid regular expression ({exc})", "fix": fix}]
    problems = []
    if re.search(r"\\[1-9]", regex):
        problems.append(
            {
                "entry": entry,
                "problem": "uses a numbered back-reference",
                "fix": "use a named group (?P<name>...) and (?P=name)",
            }
        )
    if compiled.search("") or compiled.search(" - "):
        problems.append(
            {
                "entry": entry,
                "problem": "matches an empty text, so it would match almost anything",
                "fix": "make at least one part required",
            }
        )
    if fuzzy := fuzzy_constraints(regex):
        shown = " and ".join(fuzzy)
        escaped = ", ".join("\\" + f for f in fuzzy)
        problems.append(
            {
                "entry": entry,
                "problem": f"holds {shown}, which the matcher (the regex module) reads as a "
                "fuzzy-match constraint: it would match text with that many errors, though "
                "Python's re reads it as text",
                "fix": f"escape the brace to match the text ({escaped}), or remove it",
            }
        )
    if backtracking := _nested_repeat(regex):
        problem, fix = backtracking
        problems.append({"entry": entry, "problem": problem, "fix": fix})
    return problems
