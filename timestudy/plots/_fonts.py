"""A font's line metrics looked up once, for every text a figure lays out (private).

matplotlib 3.11 lays out each text (``Text._get_layout``, called five times or so a
text while a figure is laid out and drawn) with the ascent, descent and line gap of its
font, read afresh each time from the font file's OS/2 (or hhea) and head tables: a font
lookup and two tables built as dictionaries, 0.1 to 0.2 ms a call, where the figure's
texts use two or three fonts in all. A renderer that has ``_get_font_height_metrics``
is asked instead (the hook matplotlib gives its PDF and PostScript backends):
:func:`attach` gives one to a renderer, which reads the same tables by the same
arithmetic once a font, size and resolution.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.font_manager import FontProperties, fontManager, get_font

#: The tables matplotlib reads a font's line metrics from, in its order of preference:
#: (table, line gap, ascent, descent).
_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


@lru_cache(maxsize=256)
def _metrics(paths: tuple, size: float, dpi: float) -> tuple:
    font = get_font(list(paths))
    for table_name, linegap_key, ascent_key, descent_key in _TABLES:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * size * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[linegap_key] * scale
    return None, None, None


def font_height_metrics(prop: FontProperties, dpi: float) -> tuple:
    """Ascent, descent and line gap in pixels of the font of ``prop`` at ``dpi``, as
    matplotlib 3.11's ``Text._get_layout`` works them out (``None`` each for a font
    without the tables, which matplotlib then measures instead).

    Examples
    --------
    DejaVu Sans at 10 points and 72 dpi (10 pixels to the em): its OS/2 table gives an
    ascent of 1556, a descent of -492 and a line gap of 410 units of 2048 to the em, so
    1556 / 2048 x 10 = 7.598 pixels, 2.402 and 2.002:

    >>> font_height_metrics(FontProperties(family="DejaVu Sans", size=10), 72)
    (7.59765625, 2.40234375, 2.001953125)
    """
    paths = tuple(fontManager._find_fonts_by_props(prop))
    return _metrics(paths, prop.get_size_in_points(), dpi)


def attach(renderer, figure) -> None:
    """Give ``renderer`` the hook that ``Text._get_layout`` asks for a font's line
    metrics (:func:`font_height_metrics` at ``figure``'s resolution when asked, as
    matplotlib reads it)."""
    renderer._get_font_height_metrics = lambda prop: font_height_metrics(prop, figure.dpi)
