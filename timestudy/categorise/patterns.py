"""Taxonomy patterns: terms expanded, words bounded, case folded, and patterns that backtrack refused.

A pattern is checked when a taxonomy is loaded (:func:`pattern_problems`): it must
compile, use no numbered back-reference, match no empty text, and have no nested
or chained repetition that can backtrack catastrophically on long pasted notes
(:mod:`~timestudy.categorise.backtracking` finds those).
"""

from __future__ import annotations

import contextlib
import io
import re

import regex as _regex

try:  # the regex parser is private; without it only the timing guard protects run time
    from re import _constants as _sre_c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_parse = _sre_c = None


from timestudy.categorise.backtracking import _nested_repeat

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
