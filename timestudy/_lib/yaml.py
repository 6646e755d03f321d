"""Reading YAML configuration (mappings, taxonomies, adjustments) safely and within bounds.

:func:`safe_load` is ``yaml.safe_load`` (no Python tags, nothing constructed but
plain data) with three limits a hostile or mistaken file cannot get past: its size
(:data:`MAX_CHARS`), how deeply it nests (:data:`MAX_DEPTH`: PyYAML composes nested
nodes recursively, so ten thousand ``[`` would end in a ``RecursionError``), and
how many values it holds once aliases are expanded (:data:`MAX_VALUES`: nine
anchors of nine aliases each, the "billion laughs", make a few hundred bytes stand
for 387 million strings). A breach raises :class:`YAMLLimitError`, a
``yaml.YAMLError``, so callers report it as they report a syntax error.

The size is checked before anything is scanned (:func:`read_text` refuses an
oversized file before reading it). Depth and values are counted node by node as
the document is composed, an alias counting as every value it repeats, so the
node that breaks a limit is refused as soon as the parser produces it: PyYAML
reads the text as the composer asks for events, never more than about a thousand
characters ahead, and the rest of the document is never scanned. The scanner
also refuses the ``[`` or ``{`` that opens one flow collection too many, before
that lookahead (whose cost grows with the number of open brackets) is spent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from timestudy._lib.limits import check_input

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
    size = check_input(path, str(path))
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
    >>> safe_load("a: &a [x, x]\\nb: [*a, *a]")
    {'a': ['x', 'x'], 'b': [['x', 'x'], ['x', 'x']]}

    An alias counts as every value it repeats; the text is refused at the alias that
    takes it past :data:`MAX_VALUES`:

    >>> x100 = lambda item: "[" + ", ".join([item] * 100) + "]"
    >>> safe_load(f"a: &a {x100('x')}\\nb: &b {x100('*a')}\\nc: {x100('*b')}")
    Traceback (most recent call last):
    ...
    timestudy._lib.yaml.YAMLLimitError: stands for more than 50,000 values once its aliases are expanded (the alias *b here stands for 10,101); ...
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


def _too_deep() -> str:
    return (
        f"nests deeper than {MAX_DEPTH} levels; a configuration file needs a few: "
        "check for unbalanced [ or {"
    )


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts depth and values while composing and stops at the first excess.

    ``_values`` is the number of values the nodes composed so far stand for, an
    alias counting as every value of the node it names (``_sizes``, filled in as
    each node is completed). A breach raises before the node is composed, so
    PyYAML has scanned only as far as the node that breaks the limit. Nested
    brackets are also counted as they are scanned: a node is at least as deep as
    the brackets open around it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._values = 0
        self._sizes: dict[yaml.Node, int] = {}  # values a node stands for, once complete

    def fetch_flow_collection_start(self, token_class):  # noqa: D102 - PyYAML hook
        if self.flow_level >= MAX_DEPTH:
            raise YAMLLimitError(_too_deep(), self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._compose_alias(parent, index, event)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLLimitError(_too_deep(), event.start_mark)
            before = self._values
            self._count(1, event)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._sizes[node] = self._values - before
        return node

    def _compose_alias(self, parent, index, event: yaml.AliasEvent) -> yaml.Node:
        node = super().compose_node(parent, index)  # PyYAML refuses an undefined alias
        size = self._sizes.get(node)
        if size is None:  # named by an anchor whose node is still being composed
            raise YAMLLimitError(
                f"has the alias *{event.anchor} inside the node it refers to (a recursive "
                "structure); configuration files cannot be recursive",
                event.start_mark,
            )
        self._count(size, event)
        return node

    def _count(self, values: int, event: yaml.Event) -> None:
        self._values += values
        if self._values <= MAX_VALUES:
            return
        if isinstance(event, yaml.AliasEvent):
            how = (
                f"once its aliases are expanded (the alias *{event.anchor} here stands "
                f"for {values:,})"
            )
            hint = "check for aliases of aliases (an alias bomb)"
        else:
            how = "(scalars, lists and mappings)"
            hint = "check that this is the right file"
        raise YAMLLimitError(
            f"stands for more than {MAX_VALUES:,} values {how}; a configuration file "
            f"holds far fewer: {hint}",
            event.start_mark,
        )
