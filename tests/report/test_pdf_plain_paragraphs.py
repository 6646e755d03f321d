"""report.pdf's plain paragraphs not parsed (issue 18, item 6).

reportlab parses every paragraph's mark-up with an HTML parser, and the PDF has about
1,300 (nearly all table cells, for 120 workers): parsing was a fifth of its writing. A
paragraph with no tag and nothing escaped is one fragment of its style's font, which
``_para`` now makes without the parser; the test below holds it to what the parser makes
of any such text (the PDF's bytes were unchanged on the 120-worker study).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from timestudy.report.pdf import _para, _styles

STYLES = ["cell", "head", "body", "caption", "note", "h1", "h2", "title", "subtitle"]


def test_plain_cells_not_parsed(monkeypatch):
    """Three plain cells: no parse (before: one each); a cell with an ampersand and one
    with `code` still parsed. (The style's one-word fragment, parsed once, is made first.)"""
    _para("x", "cell")
    calls = []
    real = ParaParser.parse

    def counted(self, text, style):
        calls.append(text)
        return real(self, text, style)

    monkeypatch.setattr(ParaParser, "parse", counted)
    for text in ("12.5 (10.1 to 13.0)", "CIN", ""):
        _para(text, "cell")
    assert calls == []
    _para("A & B", "cell")
    _para("use `fte`", "body")
    assert len(calls) == 2


def _state(p: Paragraph) -> dict:
    state = {k: v for k, v in p.__dict__.items() if k != "frags"}
    state["frags"] = [dict(f.__dict__) for f in p.frags]
    return state


# Any text but the characters escaped (&, <, >) and backticks (which make mark-up): with
# every kind of white space, line breaks and text beyond Latin-1.
PLAIN = st.text(
    st.characters(blacklist_characters="&<>`", blacklist_categories=("Cs",)), max_size=40
) | st.lists(st.sampled_from(["a", "12.5", " ", "  ", "\n", "\t", "\xa0", "–", "≥", "é"])).map(
    "".join
)


@settings(deadline=None, max_examples=300)
@given(text=PLAIN, style=st.sampled_from(STYLES))
def test_plain_paragraph_as_reportlab_parses_it(text, style):
    """The paragraph's text, style, fragments (every attribute) and all the rest of its
    state are what reportlab's own parsing of the same text gives."""
    ours = _para(text, style)
    theirs = Paragraph(text, _styles()[style])
    assert ours.style is theirs.style
    assert _state(ours) == _state(theirs)


@pytest.mark.parametrize("text", ["a  b", " lead", "trail ", "x\ny", "", "  "])
def test_fragments_not_shared(text):
    """Each paragraph has fragments of its own (lists included): nothing one paragraph's
    layout changes reaches another's."""
    a, b = _para(text, "cell"), _para(text, "cell")
    for fa, fb in zip(a.frags, b.frags, strict=True):
        assert fa is not fb and fa.link is not fb.link and fa.us_lines is not fb.us_lines
