"""The pictures of ``report.pdf``: each figure's PNG put in the PDF as its own compressed rows.

A PNG's image data is what a PDF image with ``/FlateDecode`` and PNG predictors holds, so
an 8-bit RGB PNG goes into the file without being decoded and compressed again
(:class:`Picture`, on each of the passes that number the contents). A figure still being
drawn by another process when the pages are laid out takes its place by its size in
pixels alone (:class:`Pending`); its rows are asked for when the file is saved.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable


def png_rows(png: bytes) -> tuple[int, int, bytes] | None:
    """Width, height and compressed rows of an 8-bit RGB, non-interlaced PNG, else None.

    A PNG's image data (its IDAT chunks, joined) is a zlib stream of rows each led by
    a PNG filter byte: what a PDF image with ``/FlateDecode`` and PNG predictors holds.

    Examples
    --------
    >>> import io
    >>> from PIL import Image as PILImage
    >>> b = io.BytesIO(); PILImage.new("RGB", (3, 2), "white").save(b, format="png")
    >>> png_rows(b.getvalue())[:2]
    (3, 2)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", png[16:29])
    if (depth, colour, interlace) != (8, 2, 0):
        return None
    parts, pos = [], 8
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        if png[pos + 4:pos + 8] == b"IDAT":
            parts.append(png[pos + 8:pos + 8 + length])
        pos += 12 + length
    return width, height, b"".join(parts)


class PngXObject(pdfdoc.PDFImageXObject):
    """A PDF image holding a PNG's own compressed rows (Flate with PNG predictors)."""

    def __init__(self, name: str, width: int, height: int, rows: Callable[[], bytes]):
        self.name, self.mask = name, None
        self.width, self.height, self._rows = width, height, rows
        self._filters = ("FlateDecode",)
        self.colorSpace, self.bitsPerComponent = "DeviceRGB", 8

    def format(self, document):
        self.streamContent = self._rows()  # when the file is saved: maybe drawn meanwhile
        stream = pdfdoc.PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"], d["Subtype"] = pdfdoc.PDFName("XObject"), pdfdoc.PDFName("Image")
        d["Width"], d["Height"], d["BitsPerComponent"] = self.width, self.height, 8
        d["ColorSpace"] = pdfdoc.PDFName("DeviceRGB")
        d["Filter"] = pdfdoc.PDFName("FlateDecode")
        d["DecodeParms"] = pdfdoc.PDFDictionary(
            {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": self.width})
        d["Length"] = len(self.streamContent)
        return stream.format(document)


class Picture(Flowable):
    """A PNG drawn as it is: its compressed rows go into the PDF without being decoded
    and compressed again (on each of the passes that number the contents).

    The rows are asked of ``rows()`` only when the file is saved, after the last pass: a
    figure still being drawn elsewhere (:class:`Pending`) takes its place on the page by
    its size in pixels alone. The image is named by the figure's key.
    """

    def __init__(self, key: str, pixels: tuple[int, int], rows, width: float, height: float):
        super().__init__()
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = "CENTER"  # as reportlab's Image
        self._pixels, self._rows = pixels, rows
        self._name = hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest()

    def wrap(self, availWidth, availHeight):
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canv, name = self.canv, self._name
        doc = canv._doc
        reg = doc.getXObjectName(name)
        if doc.idToObject.get(reg) is None:
            obj = PngXObject(name, *self._pixels, self._rows)
            canv._setXObjects(obj)
            doc.Reference(obj, reg)
            doc.addForm(name, obj)
        canv.saveState()
        canv.scale(self.drawWidth, self.drawHeight)
        canv._code.append(f"/{reg} Do")
        canv.restoreState()
        canv._formsinuse.append(name)


class Pending:
    """Figures still being drawn by another process when the PDF is begun.

    ``pixels`` gives each figure's width and height in pixels (key -> (int, int)), enough
    to lay out the pages; ``fetch()`` returns every PNG (key -> PNG bytes), waiting for
    them, and is called once, when the file is saved. A PNG of another size than said, or
    not an 8-bit RGB PNG, raises ValueError: nothing is written.
    """

    def __init__(self, pixels: dict, fetch: Callable[[], dict]):
        self.pixels, self._fetch, self._got = pixels, fetch, None

    def rows(self, key: str) -> Callable[[], bytes]:
        """The compressed rows of the figure ``key``, once ``fetch()`` has them."""

        def rows() -> bytes:
            if self._got is None:
                self._got = self._fetch()
            found = png_rows(self._got[key])
            if found is None or found[:2] != tuple(self.pixels[key]):
                raise ValueError(f"figure {key}: not the {self.pixels[key]} RGB PNG laid out")
            return found[2]

        return rows
