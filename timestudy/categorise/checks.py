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
from pathlib import Path

import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.categorise.patterns import pattern_problems
from timestudy.errors import TaxonomyError
from timestudy.schema import PUBLISHED

RESERVED_IDS = ("uncategorised",)


@lru_cache(maxsize=1)
def taxonomy_schema() -> dict:
    """The JSON Schema of taxonomy files (``data_schema/taxonomy.json``)."""
    return json.loads((PUBLISHED / "taxonomy.json").read_text("utf-8"))


def read_taxonomy_text(path: Path) -> str:
    """The text of a taxonomy YAML file, read within bounds (:mod:`timestudy._lib.yaml`);
    a file that cannot be read is a :class:`~timestudy.errors.TaxonomyError` naming it."""
    try:
        return read_text(path)
    except FileNotFoundError as exc:
        raise TaxonomyError(f"no such file: {path}", source=str(path)) from exc
    except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
        raise TaxonomyError(
            f"cannot be read as a taxonomy YAML file ({exc})", source=str(path)
        ) from None


def read_yaml(path: Path, text: str | None = None) -> dict:
    """Read a taxonomy YAML file safely and within bounds (:mod:`timestudy._lib.yaml`);
    syntax errors name the line. ``text``: the file's text, already read."""
    if text is None:
        text = read_taxonomy_text(path)
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
        if t.get("call", False) and t.get("link_within_days", 0) > 0:
            problems.append(
                {
                    "entry": f"{entry}.link_within_days",
                    "problem": f"is {t['link_within_days']} but the task type is marked "
                    "`call: true`, and each call is a piece of its own, so the window "
                    "would be ignored",
                    "fix": "remove `link_within_days` (or set it to 0), or remove `call: true`",
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
            problems += pattern_problems(tid, i, j, regex, data.get("terms", {}))
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
