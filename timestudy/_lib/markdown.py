"""The one escaping rule of every Markdown output: text from data is shown, never obeyed.

:func:`md_text` makes any value safe to put in a line of Markdown (a paragraph, a heading, a
table cell): no raw HTML (``<`` and ``&`` become entities), no links or images (brackets,
``<...>`` autolinks, bare ``scheme://`` and ``www.`` and emails escaped; a parenthesis
after an escaped bracket starts no link), no emphasis or table structure (``* _ | ~``
escaped; a backtick code span shows its text literally), no heading, list or quote
started by a value (a leading ``#``, ``-``, ``+``, ``>`` or ``1.`` escaped), and no line
break (CR, LF and the other line and paragraph separators become one space; other control
characters are dropped). A value longer than :data:`MAX_CHARS` is cut, with an ellipsis.
"""

from __future__ import annotations

import re

__all__ = ["MAX_CHARS", "PROSE_CHARS", "md_text"]

#: Longest text of one value (a table cell, a heading) in a Markdown output.
MAX_CHARS = 300
#: Longest paragraph.
PROSE_CHARS = 5000

_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e"
                      r"\u2066-\u2069\ufeff]")
_SPECIAL = re.compile(r"([\\*_\[\]#|~])")
_URL = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)|(@)")
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_LEADING = re.compile(r"^(\s*)([-+=])(?=[-=\s]*$|\s)")


def md_text(value: object, max_chars: int = MAX_CHARS) -> str:
    """``value`` as inert Markdown text on one line.

    Examples
    --------
    >>> md_text("a|b\\nc")
    'a\\\\|b c'
    >>> md_text("[click](javascript:alert(1))")
    '\\\\[click\\\\](javascript:alert(1))'
    >>> md_text("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    >>> md_text("# Heading"), md_text("1. item"), md_text("x" * 400)[-3:]
    ('\\\\# Heading', '1\\\\. item', 'xx…')
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", _BREAKS.sub(" ", text)).strip()
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    text = _SPECIAL.sub(r"\\\1", text)
    text = _URL.sub(lambda m: "\\" + m.group(0), text)
    text = _LEADING.sub(r"\1\\\2", _ORDERED.sub(r"\1\\\2", text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
