"""The report's documents as files to compare: shared by the tests of the forked helper
(test_report_writer.py, test_report_writer_early.py) and the ``documents_here`` fixture."""

from __future__ import annotations

import zipfile

DOCUMENT_FORMATS = ("html", "md", "docx", "pdf")


def content(path) -> bytes | dict:
    """The file's bytes; a Word file's parts but for its timestamps (zip entry times, the
    creation and modification times of docProps/core.xml)."""
    if path.suffix != ".docx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
