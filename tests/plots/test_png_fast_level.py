"""The figures' PNGs deflated at zlib's level 3 (issue 18, the figures' time).

At level 5 zlib took 108 ms of processor time on the rows of the report's ten figures
(19.6 MB), at level 3 43 ms; the PNGs are 15% larger (516 kB against 447 kB) and decode
to the very same pixels.
"""

from __future__ import annotations

import base64
import struct
import zlib

from timestudy.plots import draw_png


def _bars(ax):
    ax.bar(["visits", "recording", "travel"], [3.0, 1.5, 0.8], yerr=[0.4, 0.2, 0.1])
    ax.set_title("Hours by task")
    ax.set_xlabel("task")


def _idat(png: bytes) -> bytes:
    parts, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        if png[pos + 4 : pos + 8] == b"IDAT":
            parts.append(png[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return b"".join(parts)


def test_rows_deflated_at_level_3():
    """The image data is the rows as zlib's level 3 deflates them (before: level 5, which
    gives other bytes for the same rows)."""
    png = base64.b64decode(draw_png(_bars, (4, 3), 150))
    stream = _idat(png)
    rows = zlib.decompress(stream)
    assert stream == zlib.compress(rows, 3)
    assert stream != zlib.compress(rows, 5)
    assert rows[0] == 0 and len(rows) == 450 * (1 + 3 * 600)  # 600 x 450 px, unfiltered
