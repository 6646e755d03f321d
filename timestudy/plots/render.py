"""Figures to files and to text: PNG files, and base64 PNG for self-contained HTML pages."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


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
    >>> from timestudy.plots._axes import new_axes
    >>> png_base64(new_axes(size=(2, 1))).startswith("iVBOR")
    True
    """
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
    >>> from timestudy.plots._axes import new_axes
    >>> p = save_png(new_axes(size=(2, 1)), pathlib.Path(tempfile.mkdtemp()) / "f.png")
    >>> p.read_bytes()[1:4]
    b'PNG'
    """
    path = Path(path)
    try:
        ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(ax.figure)
    return path


def _opaque_png(fig: Figure, dpi: int) -> bytes:
    """The figure as an RGB PNG (no alpha channel: the figure is opaque), drawn once."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    # RGBA read in place and its alpha dropped in C: the same pixels as rgba[..., :3], without
    # NumPy copying the strided array first
    rgb = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="png", dpi=(dpi, dpi))
    return buffer.getvalue()


def draw_png(draw: Callable, size: tuple[float, float] = (7.0, 4.0), dpi: int = 110) -> str:
    """Call ``draw(ax)`` on a new Axes of ``size`` inches and return base64-encoded PNG.

    No pyplot: the figure is not registered anywhere, so nothing needs closing
    and pages render the same from any thread. The figure is laid out once and
    drawn once, and written as an opaque RGB PNG with no software tag, so the
    same figure gives the same bytes. Random jitter (strip plots) is drawn from a
    fixed seed, NumPy's global random state being restored afterwards.

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
    >>> draw_png(lambda ax: ax.plot([0, 1], [0, 1]), size=(2, 1)).startswith("iVBOR")
    True
    """
    fig = Figure(figsize=size)
    # seaborn's strip-plot jitter draws from NumPy's global state: seeded here, then restored
    state = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(0)  # noqa: NPY002
        draw(fig.subplots())
    finally:
        np.random.set_state(state)  # noqa: NPY002
    fig.tight_layout()
    fig.set_layout_engine(None)  # laid out: savefig need not lay it out (and draw) again
    return base64.b64encode(_opaque_png(fig, dpi)).decode("ascii")
