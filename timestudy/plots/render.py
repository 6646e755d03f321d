"""Figures to files and to text: PNG files, and base64 PNG for self-contained HTML pages."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from timestudy.plots._fonts import attach


def _base64(fig, **options) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **options)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def png_base64(ax, dpi: int = 110) -> str:
    """The figure of ``ax`` as base64-encoded PNG; the figure is closed.

    Parameters
    ----------
    ax : Axes
        An Axes of the figure.
    dpi : int
        Resolution.

    Returns
    -------
    str
        The PNG, base64-encoded.

    Examples
    --------
    >>> from timestudy.plots import png_base64
    >>> from timestudy.plots._axes import new_axes
    >>> png_base64(new_axes(size=(2, 1))).startswith("iVBOR")
    True
    """
    import matplotlib.pyplot as plt  # the figure is pyplot's (new_axes) to close

    fig = ax.figure if hasattr(ax, "figure") else ax.flat[0].figure
    try:
        return _base64(fig, dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(fig)


def save_png(ax, path: str | Path, dpi: int = 120) -> Path:
    """Save the figure of ``ax`` as a PNG file and close it; return the path.

    Parameters
    ----------
    ax : Axes
        An Axes of the figure.
    path : str or Path
        The ``.png`` file to write.
    dpi : int
        Resolution.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy.plots import save_png
    >>> from timestudy.plots._axes import new_axes
    >>> p = save_png(new_axes(size=(2, 1)), pathlib.Path(tempfile.mkdtemp()) / "f.png")
    >>> p.read_bytes()[1:4]
    b'PNG'
    """
    import matplotlib.pyplot as plt  # the figure is pyplot's (new_axes) to close

    path = Path(path)
    try:
        ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(ax.figure)
    return path


#: zlib's level for the figures' PNGs. Unfiltered rows at level 5 came out 6% smaller than
#: Pillow's default (adaptive row filters, level 6) on the report's ten figures, in 0.12 s
#: of processor time where Pillow took 0.20 s: figures are flat colours, which row filters
#: do not help. The pixels are the same either way.
PNG_LEVEL = 5


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(rgb: np.ndarray, dpi: float) -> bytes:
    """An 8-bit RGB image as a PNG: one IDAT chunk of unfiltered rows at :data:`PNG_LEVEL`,
    its resolution in a pHYs chunk as Pillow writes it.

    Parameters
    ----------
    rgb : ndarray of uint8, shape (height, width, 3 or 4)
        The pixels; a fourth (alpha) channel is dropped.
    dpi : float
        Resolution recorded in the file.

    Returns
    -------
    bytes

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> pixels = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    >>> back = Image.open(io.BytesIO(png_bytes(pixels, 150)))
    >>> back.size, bool((np.asarray(back) == pixels).all()), round(back.info["dpi"][0])
    ((4, 2), True, 150)
    """
    height, width = rgb.shape[:2]
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # each row led by filter 0 (none)
    pixels = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):  # a channel at a time: NumPy copies 3-byte runs slowly
        pixels[..., channel] = rgb[..., channel]
    ppm = struct.pack(">IIB", *[int(dpi / 0.0254 + 0.5)] * 2, 1)
    return b"".join((b"\x89PNG\r\n\x1a\n",
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
                     _chunk(b"pHYs", ppm),
                     _chunk(b"IDAT", zlib.compress(rows.data, PNG_LEVEL)),
                     _chunk(b"IEND", b"")))


def png_size(size: tuple[float, float], dpi: float) -> tuple[int, int]:
    """Width and height in pixels of the PNG :func:`draw_png` draws at ``size`` inches and
    ``dpi``: the figure's size in pixels as its canvas rounds it (down).

    Examples
    --------
    >>> png_size((7.0, 9.24), 150), png_size((6.5, 3.8), 150)
    ((1050, 1386), (975, 570))
    """
    return int(size[0] * dpi), int(size[1] * dpi)  # as Agg's canvas: figsize x dpi, cut


def draw_png(draw: Callable, size: tuple[float, float] = (7.0, 4.0), dpi: int = 110) -> str:
    """Call ``draw(ax)`` on a new Axes of ``size`` inches and return base64-encoded PNG.

    No pyplot: the figure is not registered anywhere, so nothing needs closing
    and pages render the same from any thread. The figure is laid out once and
    drawn once, and written as an opaque RGB PNG with no software tag, so the
    same figure gives the same bytes. Random jitter (strip plots) is drawn from a
    fixed seed, NumPy's global random state being restored afterwards.

    It is laid out by the renderer that draws it, at ``dpi``: each text is measured
    once, its size kept for the drawing (matplotlib keeps a renderer's text sizes). Laid
    out at matplotlib's 100 dpi and drawn at another, every text was measured twice, and
    the margins were those of the text at 100 dpi, wider than drawn at 150 (hinted glyphs
    are rounded to whole pixels): 21 pixels too much beside the task names of the
    report's figure of hours per piece of work, at 150 dpi.

    Parameters
    ----------
    draw : callable
        Draws on the Axes it is given.
    size : (float, float)
        Width and height in inches.
    dpi : int
        Resolution.

    Returns
    -------
    str
        The PNG, base64-encoded (for an HTML ``img`` tag).

    Examples
    --------
    >>> from timestudy.plots import draw_png
    >>> draw_png(lambda ax: ax.plot([0, 1], [0, 1]), size=(2, 1)).startswith("iVBOR")
    True
    """
    fig = Figure(figsize=size, dpi=dpi)
    canvas = FigureCanvasAgg(fig)  # laid out and drawn by one renderer (see above)
    attach(canvas.get_renderer(), fig)  # each font's line metrics read once
    # seaborn's strip-plot jitter draws from NumPy's global state: seeded here, then restored
    state = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(0)  # noqa: NPY002
        draw(fig.subplots())
    finally:
        np.random.set_state(state)  # noqa: NPY002
    fig.tight_layout()
    fig.set_layout_engine(None)  # laid out: drawing it need not lay it out (and draw) again
    canvas.draw()  # opaque: written as RGB, no alpha channel
    return base64.b64encode(png_bytes(np.asarray(canvas.buffer_rgba()), dpi)).decode("ascii")
