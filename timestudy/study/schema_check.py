"""A quick pass over a study's options that says when they surely meet the study schema.

Checking the options of every run with :mod:`jsonschema` costs importing it (0.07 s of a
``timestudy guide`` run, more than the check itself). The study schema
(``data_schema/study.json``) uses a few keywords only, so :func:`surely_valid` reads them
itself and answers True only when the options surely meet every one. Whenever it is not
sure (a keyword it does not read, a ``format``, a whole number written as a float, a value
that fails a keyword), it answers False and the caller checks with :mod:`jsonschema`, whose
verdict and messages are then the ones given: this pass only spares the import when
there is nothing to report.
"""

from __future__ import annotations

import math
import re
from typing import Any

#: Keywords that say nothing about validity.
_NOTES = frozenset({"description", "examples", "default", "title", "$schema", "$id", "$comment"})
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and math.isfinite(v))
    ),
}


def surely_valid(value: Any, schema: dict) -> bool:
    """True when ``value`` surely meets ``schema``; False when it may not (check it fully).

    Parameters
    ----------
    value : object
        The options as a study file holds them (``Study.to_dict()``).
    schema : dict
        A JSON Schema (of the keywords the study schema uses).

    Returns
    -------
    bool

    Examples
    --------
    >>> schema = {"type": "object", "additionalProperties": False,
    ...           "properties": {"level": {"type": "number", "exclusiveMaximum": 1}}}
    >>> surely_valid({"level": 0.95}, schema), surely_valid({"level": 2}, schema)
    (True, False)
    >>> surely_valid({"levels": 0.95}, schema)  # not a key of the schema
    False
    """
    for key, rule in schema.items():
        if key in _NOTES or key.startswith("x-"):
            continue
        check = _KEYWORDS.get(key)
        if check is None or not check(value, rule, schema):
            return False
    return True


def _type(value: Any, rule: Any, _schema: dict) -> bool:
    names = rule if isinstance(rule, list) else [rule]
    return any(name in _TYPES and _TYPES[name](value) for name in names)


def _number(value: Any) -> bool:
    return _TYPES["number"](value)


def _properties(value: Any, rule: Any, _schema: dict) -> bool:
    """``properties``: the value of each key listed meets its schema."""
    if not isinstance(value, dict):
        return True  # the keyword applies to objects only
    return all(_meets(item, rule[key]) for key, item in value.items() if key in rule)


def _additional(value: Any, rule: Any, schema: dict) -> bool:
    """``additionalProperties``: the value of each key not listed meets ``rule``."""
    if not isinstance(value, dict):
        return True
    listed = schema.get("properties", {})
    return all(_meets(item, rule) for key, item in value.items() if key not in listed)


def _meets(value: Any, schema: Any) -> bool:
    """``value`` surely meets a schema that may be True or False."""
    return schema is True or (isinstance(schema, dict) and surely_valid(value, schema))


def _items(value: Any, rule: Any, _schema: dict) -> bool:
    return not isinstance(value, list) or all(surely_valid(v, rule) for v in value)


def _one_of_listed(value: Any, rule: Any, _schema: dict) -> bool:
    """``enum``: strings only (other values: not sure, as ``1`` and ``True`` compare)."""
    return isinstance(value, str) and value in [r for r in rule if isinstance(r, str)]


def _const(value: Any, rule: Any, _schema: dict) -> bool:
    return type(value) is type(rule) and isinstance(rule, (str, int)) and value == rule


def _bound(test):
    def check(value: Any, rule: Any, _schema: dict) -> bool:
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return not _number(value) or test(value, rule)

    return check


def _pattern(value: Any, rule: Any, _schema: dict) -> bool:
    return not isinstance(value, str) or re.search(rule, value) is not None


def _min_length(value: Any, rule: Any, _schema: dict) -> bool:
    return not isinstance(value, str) or len(value) >= rule


def _unique(value: Any, rule: Any, _schema: dict) -> bool:
    if not rule or not isinstance(value, list):
        return True
    return all(isinstance(v, str) for v in value) and len(set(value)) == len(value)


def _min_items(value: Any, rule: Any, _schema: dict) -> bool:
    return not isinstance(value, list) or len(value) >= rule


def _any_of(value: Any, rule: Any, _schema: dict) -> bool:
    return any(surely_valid(value, sub) for sub in rule)


def _format(value: Any, _rule: Any, _schema: dict) -> bool:
    """A format is left to jsonschema's format checker: sure only when it does not apply."""
    return not isinstance(value, str)


_KEYWORDS = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "items": _items,
    "enum": _one_of_listed,
    "const": _const,
    "minimum": _bound(lambda v, b: v >= b),
    "maximum": _bound(lambda v, b: v <= b),
    "exclusiveMinimum": _bound(lambda v, b: v > b),
    "exclusiveMaximum": _bound(lambda v, b: v < b),
    "pattern": _pattern,
    "minLength": _min_length,
    "uniqueItems": _unique,
    "minItems": _min_items,
    "anyOf": _any_of,
    "format": _format,
}
