"""The figures' own PNG writer: the same pixels and resolution as Pillow's PNG."""

from __future__ import annotations

import base64
import io
import zlib

import numpy as np
import pytest
from PIL import Image

from timestudy.plots import draw_png
from timestudy.plots.render import png_bytes, png_size


def _bar(ax):
    ax.bar(["visits", "recording"], [3.0, 1.5], yerr=[0.4, 0.2])
    ax.set_title("Hours (≥ 0.5 h) – by task")


def test_same_pixels_and_dpi_as_pillow():
    """A drawn figure decodes to the very pixels Pillow would have written, at its dpi."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    _bar(fig.subplots())
    fig.set_dpi(90)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    ours = Image.open(io.BytesIO(png_bytes(rgba, 90)))
    buffer = io.BytesIO()
    Image.fromarray(rgba[..., :3].copy()).save(buffer, format="png", dpi=(90, 90))
    pillow = Image.open(io.BytesIO(buffer.getvalue()))
    assert ours.mode == pillow.mode == "RGB"
    assert ours.size == pillow.size == (270, 180)
    assert np.array_equal(np.asarray(ours), np.asarray(pillow))
    assert ours.info["dpi"] == pillow.info["dpi"]


def test_rows_are_unfiltered_and_checksummed():
    """Each row is led by filter byte 0 and holds the pixels as they are; Pillow's strict
    reading (CRCs checked) loads it."""
    pixels = np.array([[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [9, 9, 9]]], np.uint8)
    data = png_bytes(pixels, 72)
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4:idat], "big")
    rows = zlib.decompress(data[idat + 4:idat + 4 + length])
    assert rows == bytes([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 9, 9])
    image = Image.open(io.BytesIO(data))
    image.load()
    assert np.array_equal(np.asarray(image), pixels)


def test_draw_png_is_the_same_every_time():
    """The same figure gives the same bytes (the report's helpers rely on it)."""
    assert draw_png(_bar, (2, 1.5), 60) == draw_png(_bar, (2, 1.5), 60)
    assert base64.b64decode(draw_png(_bar, (2, 1.5), 60))[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("dpi", [20, 110, 150])
def test_png_size_is_the_size_drawn(dpi):
    """The PDF lays out a figure still being drawn by the size png_size gives: the size of
    the PNG drawn, for the report's sizes (9.24 x 150 = 1386.0000000000002: 1386) and
    awkward ones (3.9000000000000004 x 150 = 585.0000000000001; 0.1 x 110 = 11.000000000000002)."""
    for size in [(6.0, 3.9000000000000004), (7.0, 9.24), (6.5, 4.2), (0.1, 0.7), (2.35, 1.17)]:
        png = base64.b64decode(draw_png(lambda ax: None, size, dpi))
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert png_size(size, dpi) == (width, height), size
