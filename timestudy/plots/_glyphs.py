"""Glyphs drawn with their text's transform worked out once, not once a glyph (private).

matplotlib 3.11's Agg renderer draws a text a glyph at a time
(``RendererAgg._draw_text_glyphs_and_boxes``): for each glyph it builds the text's
rotation matrix afresh as NumPy arrays (two arrays, a matrix product, rounding), the same
integers for every glyph of the text, then places the glyph and has FreeType render it.
On the report's ten figures (1,944 glyphs) the matrices took 69 ms of processor time of
the 287 ms spent drawing glyphs. :func:`attach` gives a renderer a drawer that builds each
matrix once a text (once for each slant and stretch among its glyphs) and otherwise makes
matplotlib's calls, with the same arguments in the same order: the pixels are the same.
A text's boxes (the rules of mathtext) are left to matplotlib's own method. Only for the
matplotlib whose method this follows (:data:`FOLLOWS`); any other is left as it is.
"""

from __future__ import annotations

import math
from functools import partial

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode

#: The matplotlib versions (major, minor) whose ``_draw_text_glyphs_and_boxes`` this follows.
FOLLOWS = ((3, 11),)


def _version() -> tuple[int, int]:
    major, minor = matplotlib.__version__.split(".")[:2]
    return int(major), int(minor)


def _matrix(cos: float, sin: float, slant: float, extend: float) -> np.ndarray:
    """FreeType's 16.16 transform of a glyph, as matplotlib 3.11 works it out."""
    return (
        (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]])
        .round()
        .astype(int)
    )


def draw_glyphs(renderer: RendererAgg, gc, x: float, y: float, angle: float, glyphs, boxes) -> None:
    """Draw ``glyphs`` (and ``boxes``) as ``RendererAgg._draw_text_glyphs_and_boxes``
    draws them, each distinct slant and stretch's matrix built once.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> def drawn(hooked):
    ...     fig = Figure(figsize=(2, 1), dpi=100)
    ...     fig.text(0.1, 0.3, "0.5 h, ½", rotation=20)
    ...     canvas = FigureCanvasAgg(fig)
    ...     if hooked:
    ...         attach(canvas.get_renderer())
    ...     canvas.draw()
    ...     return np.asarray(canvas.buffer_rgba()).copy()
    >>> bool(np.array_equal(drawn(True), drawn(False)))
    True
    """
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    load_flags = get_hinting_flag()
    antialiased = gc.get_antialiased()
    mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
    height, dpi, draw_image = renderer.height, renderer.dpi, renderer._renderer.draw_text_image
    matrices: dict[tuple, np.ndarray] = {}
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
        matrix = matrices.get((slant, extend))
        if matrix is None:
            matrix = matrices[slant, extend] = _matrix(cos, sin, slant, extend)
        font.set_size(size, dpi)
        font._set_transform(
            matrix,
            [
                round(0x40 * (x + dx * cos - dy * sin)),
                round(0x40 * (height - y + dx * sin + dy * cos)),
            ],
        )
        bitmap = font._render_glyph(glyph_index, load_flags, mode)
        buffer = bitmap.buffer
        if not antialiased:
            buffer *= 0xFF
        draw_image(buffer, bitmap.left, int(height) - bitmap.top + buffer.shape[0], 0, gc)
    RendererAgg._draw_text_glyphs_and_boxes(renderer, gc, x, y, angle, (), boxes)


def attach(renderer: RendererAgg) -> None:
    """Have ``renderer`` draw its texts' glyphs with :func:`draw_glyphs` (nothing for a
    matplotlib other than those of :data:`FOLLOWS`)."""
    if _version() in FOLLOWS:
        renderer._draw_text_glyphs_and_boxes = partial(draw_glyphs, renderer)
