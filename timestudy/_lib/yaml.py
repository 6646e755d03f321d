"""Reading YAML configuration (mappings, taxonomies, adjustments) safely and within bounds.

:func:`safe_load` is ``yaml.safe_load`` (no Python tags, nothing constructed but
plain data) with three limits a hostile or mistaken file cannot get past: its size
(:data:`MAX_CHARS`), how deeply it nests (:data:`MAX_DEPTH`: PyYAML composes nested
nodes recursively, so ten thousand ``[`` would end in a ``RecursionError``), and
how many values it holds once aliases are expanded (:data:`MAX_VALUES`: nine
anchors of nine aliases each, the "billion laughs", make a few hundred bytes stand
for 387 million strings). A breach raises :class:`YAMLLimitError`, a
``yaml.YAMLError``, so callers report it as they report a syntax error.
:func:`read_text` reads a file for it, refusing an oversized file before reading it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: Largest configuration file read, in characters (the shipped taxonomy is 30,000).
MAX_CHARS = 1_000_000
#: Deepest nesting of lists and mappings (a taxonomy nests five levels).
MAX_DEPTH = 64
#: Most values (scalars, lists and mappings) a file may stand for, aliases expanded
#: (the shipped taxonomy has 1,300).
MAX_VALUES = 50_000


class YAMLLimitError(yaml.YAMLError):
    """A YAML text is too large, too deep or expands to too many values."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        self.problem = problem
        self.problem_mark = mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        super().__init__(problem + where)


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The text of a configuration file; an oversized file is refused before it is read.

    Raises ``FileNotFoundError``/``OSError`` as ``Path.read_text`` does,
    ``UnicodeDecodeError`` when the file is not text, and :class:`YAMLLimitError`.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > 4 * MAX_CHARS:  # a UTF-8 character is at most 4 bytes
        raise YAMLLimitError(_too_long(size, "bytes"))
    return path.read_text(encoding=encoding)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` within :data:`MAX_CHARS`, :data:`MAX_DEPTH` and :data:`MAX_VALUES`.

    Examples
    --------
    >>> safe_load("columns: {worker_id: Staff ID}")
    {'columns': {'worker_id': 'Staff ID'}}
    >>> safe_load("[" * 1000 + "]" * 1000)
    Traceback (most recent call last):
    ...
    timestudy._lib.yaml.YAMLLimitError: nests deeper than 64 levels; ...
    """
    if len(text) > MAX_CHARS:
        raise YAMLLimitError(_too_long(len(text), "characters"))
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _too_long(size: int, unit: str) -> str:
    return (
        f"is {size:,} {unit} long; a configuration file is at most {MAX_CHARS:,} "
        "characters: check that this is the right file"
    )


def _too_many() -> str:
    return (
        f"stands for more than {MAX_VALUES:,} values (aliases *name expanded); a "
        "configuration file holds far fewer: check that this is the right file"
    )


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts nesting while composing and expanded values before constructing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        self._depth += 1
        self._nodes += 1
        try:
            if self._nodes > MAX_VALUES:  # stop early: parsing costs ~25 us a value
                raise YAMLLimitError(_too_many(), self.peek_event().start_mark)
            if self._depth > MAX_DEPTH:
                raise YAMLLimitError(
                    f"nests deeper than {MAX_DEPTH} levels; a configuration file needs a "
                    "few: check for unbalanced [ or {",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_document(self, node):  # noqa: D102 - PyYAML hook
        _check_expansion(node)
        return super().construct_document(node)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Count the values the node graph stands for, a node reached by several aliases each time.

    Iterative, so a long chain of aliases cannot exhaust the stack; a node that
    contains an alias of itself is refused.
    """
    values: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            values[key] = 1 + sum(values[id(c)] for c in _children(node))
            if values[key] > MAX_VALUES:
                raise YAMLLimitError(_too_many(), node.start_mark)
            continue
        if key in values:
            continue
        if key in open_:
            raise YAMLLimitError(
                "has an alias inside the node it refers to (a recursive structure); "
                "configuration files cannot be recursive",
                node.start_mark,
            )
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in values)
