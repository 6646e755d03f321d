"""Checks of a taxonomy file: the JSON Schema, then what a schema cannot say.

Every problem is collected, then raised as one :class:`~timestudy.errors.TaxonomyError`
naming the file, each entry at fault and the fix. The list is also kept on the
error as ``problems`` (dicts with ``entry``, ``problem`` and ``fix``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

from timestudy._yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import TaxonomyError

RESERVED_IDS = ("uncategorised",)

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
    out, i = [], 0
    while i < len(regex):
        if regex[i] == "\\":
            out.append(regex[i : i + 2])
            i += 2
        else:
            out.append(regex[i].lower())
            i += 1
    return "".join(out)


def _is_word(code: int) -> bool:
    ch = chr(code)
    return ch.isalnum() or ch == "_"


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


@lru_cache(maxsize=1)
def taxonomy_schema() -> dict:
    """The JSON Schema of taxonomy files (``data_schema/taxonomy.json``)."""
    return json.loads((files("timestudy") / "schemas" / "taxonomy.json").read_text("utf-8"))


def read_yaml(path: Path) -> dict:
    """Read a taxonomy YAML file safely and within bounds (:mod:`timestudy._yaml`);
    syntax errors name the line."""
    try:
        text = read_text(path)
    except FileNotFoundError as exc:
        raise TaxonomyError(f"no such file: {path}", source=str(path)) from exc
    except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
        raise TaxonomyError(
            f"cannot be read as a taxonomy YAML file ({exc})", source=str(path)
        ) from None
    try:
        data = safe_load(text)
    except YAMLLimitError as exc:
        raise TaxonomyError(str(exc), source=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise TaxonomyError(
            f"not valid YAML{where}: {problem}; check indentation and quote patterns "
            "with single quotes, e.g. - 'S\\.?47'",
            source=str(path),
        ) from exc
    if not isinstance(data, dict):
        raise TaxonomyError(
            "a taxonomy file must be a mapping with `name`, `categories` and `task_types` "
            "(see data_schema/TAXONOMY.md)",
            source=str(path),
        )
    return data


def _entry(data: dict, path: list) -> str:
    """Name the entry at a JSON path, e.g. task_types[3] ('statutory_visit').priority."""
    out, node = "", data
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
            try:
                node = node[key]
            except (IndexError, KeyError, TypeError):
                node = None
            if isinstance(node, dict) and "id" in node:
                out += f" ({node['id']!r})"
        else:
            out += f".{key}" if out else str(key)
            node = node.get(key) if isinstance(node, dict) else None
    return out or "top level"


def _schema_fix(err) -> str:
    kind = err.validator
    if kind == "required":
        return "add it (see data_schema/TAXONOMY.md)"
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return f"remove it or correct the spelling; allowed keys: {allowed}"
    if kind == "pattern":
        return "use lower case letters, digits and underscores, starting with a letter"
    if kind == "type":
        wanted = err.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return f"give a value of type {wanted}"
    if kind in ("minimum", "maximum"):
        return "use a whole number from 0 to 1000"
    if kind == "minItems":
        return "give at least one"
    return "see data_schema/taxonomy.json"


def _schema_problems(data: dict) -> list[dict]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(taxonomy_schema())
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        problems.append(
            {"entry": _entry(data, list(err.path)), "problem": err.message, "fix": _schema_fix(err)}
        )
    return problems


def _nested_repeat(regex: str) -> bool:
    """True if an unbounded repeat contains another (e.g. ``(\\w+\\s*)+``): exponential risk."""
    if _sre_parse is None:  # pragma: no cover
        return False
    repeats = (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT)
    unbounded = _sre_c.MAXREPEAT

    def walk(items) -> bool:
        for op, av in items:
            if op in repeats:
                _lo, hi, sub = av
                if (hi == unbounded and _has_repeat(sub)) or walk(sub):
                    return True
            elif op == _sre_c.SUBPATTERN:
                if walk(av[-1]):
                    return True
            elif op == _sre_c.BRANCH:
                if any(walk(b) for b in av[1]):
                    return True
            elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) and walk(av[1]):
                return True
        return False

    def _has_repeat(items) -> bool:
        for op, av in items:
            if op in repeats and av[1] == unbounded:
                return True
            if op == _sre_c.SUBPATTERN and _has_repeat(av[-1]):
                return True
            if op == _sre_c.BRANCH and any(_has_repeat(b) for b in av[1]):
                return True
        return False

    try:
        parsed = _sre_parse.parse(regex)
    except Exception:  # invalid: reported elsewhere
        return False
    return walk(list(parsed))


def _pattern_problems(task_id: str, i: int, j: int, raw: str, terms: dict) -> list[dict]:
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
    if _nested_repeat(regex):
        problems.append(
            {
                "entry": entry,
                "problem": "has a repeat inside a repeat, which can "
                "take exponential time on some texts",
                "fix": r"rewrite without nesting, e.g. (\w+\s*)+ as [\w\s]+",
            }
        )
    return problems


def _semantic_problems(data: dict) -> list[dict]:
    problems: list[dict] = []
    for name, term in data.get("terms", {}).items():
        try:
            re.compile(term)
        except re.error as exc:
            problems.append(
                {
                    "entry": f"terms.{name}",
                    "problem": f"not a valid regular expression ({exc})",
                    "fix": "correct it",
                }
            )
    cats = [c["id"] for c in data["categories"]]
    for cid, k in Counter(cats).items():
        if k > 1:
            problems.append(
                {
                    "entry": f"category {cid!r}",
                    "problem": f"is defined {k} times",
                    "fix": "give each category a different id",
                }
            )
    tasks = data["task_types"]
    for tid, k in Counter(t["id"] for t in tasks).items():
        if k > 1:
            problems.append(
                {
                    "entry": f"task type {tid!r}",
                    "problem": f"is defined {k} times",
                    "fix": "give each task type a different id or merge the entries",
                }
            )
    codes: dict[str, str] = {}
    for i, t in enumerate(tasks):
        tid = t["id"]
        entry = f"task_types[{i}] ({tid!r})"
        if tid in RESERVED_IDS:
            problems.append(
                {
                    "entry": entry,
                    "problem": f"uses the reserved id {tid!r}",
                    "fix": "choose another id",
                }
            )
        if t["category"] not in cats:
            near = difflib.get_close_matches(t["category"], cats, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            problems.append(
                {
                    "entry": f"{entry}.category",
                    "problem": f"unknown category {t['category']!r}",
                    "fix": f"{hint}use one of {', '.join(cats)}, or add it under `categories`",
                }
            )
        for code in t.get("codes", []):
            key = str(code).strip().upper()
            if key in codes:
                problems.append(
                    {
                        "entry": f"{entry}.codes {code!r}",
                        "problem": f"code {code!r} is also given to task type {codes[key]!r} "
                        "(codes compare ignoring case)",
                        "fix": "give each code to one task type only",
                    }
                )
            codes.setdefault(key, tid)
        for j, p in enumerate(t.get("patterns", [])):
            regex = p if isinstance(p, str) else p["regex"]
            problems += _pattern_problems(tid, i, j, regex, data.get("terms", {}))
    for cid in cats:
        if cid in RESERVED_IDS:
            problems.append(
                {
                    "entry": f"category {cid!r}",
                    "problem": "uses a reserved id",
                    "fix": "choose another id",
                }
            )
    return problems


def check_taxonomy(data: dict, source: str, *, schema: bool = True) -> None:
    """Raise one TaxonomyError listing every problem of a taxonomy mapping."""
    problems = _schema_problems(data) if schema else []
    if not problems:
        problems = _semantic_problems(data)
    if problems:
        lines = [f"{p['entry']}: {p['problem']}; {p['fix']}" for p in problems]
        noun = "problem" if len(lines) == 1 else "problems"
        err = TaxonomyError(
            f"invalid taxonomy, {len(lines)} {noun}: " + " | ".join(lines), source=source
        )
        err.problems = problems  # type: ignore[attr-defined]
        raise err
