"""The report's documents written from its content: HTML, Markdown, Word and PDF (private).

:data:`WRITERS` holds one writer a format, each called as ``writer(report, path,
organisation, pngs)``; :func:`write_documents` writes several, the PDF by a forked helper
process when a processor is free (the rule of :mod:`timestudy._lib.forking`).
"""

from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass
from pathlib import Path

from timestudy._lib.forking import (
    close,
    finished,
    pipe,
    processor_free,
    receive,
    send,
    start,
    stop,
    wait_limit,
)
from timestudy.report.html import render_html
from timestudy.report.markdown import render_markdown


def _html(report, path: Path, organisation, pngs) -> None:
    path.write_text(render_html(report, figures=pngs), encoding="utf-8")


def _md(report, path: Path, organisation, pngs) -> None:
    path.write_text(render_markdown(report), encoding="utf-8")


def _docx(report, path: Path, organisation, pngs) -> None:
    from timestudy.report.docx import write_docx

    write_docx(report, path, organisation=organisation, pngs=pngs)


def _pdf(report, path: Path, organisation, pngs) -> None:
    from timestudy.report.pdf import write_pdf

    write_pdf(report, path, organisation=organisation, pngs=pngs)


WRITERS = {"html": _html, "md": _md, "docx": _docx, "pdf": _pdf}


def write_documents(
    report, documents: list[str], out: Path, organisation, pngs, paths: dict, steps
) -> None:
    """Each document written; the PDF, the slowest, by a forked helper process while this
    one writes the others, when a processor is free (the rule of
    :mod:`timestudy._lib.forking`). A helper that fails, or is not done within
    :func:`~timestudy._lib.forking.wait_limit` of this process's own writing, is stopped
    and the PDF written here."""
    pdf = out / "report.pdf"
    child = (
        start(lambda: WRITERS["pdf"](report, pdf, organisation, pngs))
        if "pdf" in documents and len(documents) > 1 and processor_free()
        else None
    )
    started = time.monotonic()
    try:
        for f in documents:
            paths[f"report.{f}"] = out / f"report.{f}"
            if f == "pdf" and child is not None:
                continue
            WRITERS[f](report, paths[f"report.{f}"], organisation, pngs)
            steps.update()
    except BaseException:  # an error or Ctrl-C here: the child is not left writing
        if child is not None:
            stop(child)
        raise
    if child is not None:
        if not finished(child, wait_limit(time.monotonic() - started)):
            WRITERS["pdf"](report, pdf, organisation, pngs)
        steps.update()


@dataclass
class Begun:
    """A forked child writing a Word or PDF document, laying it out while the figures are
    drawn (:func:`begin`): its pid and the pipe to send it the figures."""

    pid: int
    to_child: int

    def send(self, pngs: dict[str, str]) -> bool:
        """Send it the figures (key -> base64 PNG); False (and it is stopped) if they
        cannot be sent."""
        try:
            drawn = {k: base64.b64decode(v) for k, v in pngs.items()}
            send(self.to_child, drawn, time.monotonic() + wait_limit(0.0))
        except Exception:  # noqa: BLE001 - the document is then written by the caller
            self.dismiss()
            return False
        close(self.to_child)
        self.to_child = -1
        return True

    def done(self, timeout: float) -> bool:
        """Whether it wrote its document within ``timeout`` seconds (reaped either way)."""
        ok = self.pid > 0 and finished(self.pid, timeout)
        self.pid = -1
        self.dismiss()
        return ok

    def dismiss(self) -> None:
        """Stopped and reaped (nothing if it already was), its pipe closed."""
        if self.pid > 0:
            stop(self.pid)
        close(self.to_child)
        self.pid = self.to_child = -1


def begin(kind: str, report, path: Path, organisation, pixels: dict, others=()) -> Begun | None:
    """A forked child writing ``report`` to ``path`` as :data:`WRITERS` writes ``kind``
    (``docx`` or ``pdf``): the text laid out now, the figures put in once
    :meth:`Begun.send` gives them; None if it cannot be forked. ``pixels`` gives each
    figure's size in pixels (key -> (width, height)), which a PDF's pages are laid out
    by (:class:`~timestudy.report.pdf.Pending`). ``others``: file descriptors of this
    process the child closes.
    """
    try:
        read_fd, write_fd = pipe()
    except OSError:
        return None

    def fetch() -> dict:
        return receive(read_fd)

    def work() -> None:
        close(write_fd, *others)
        if kind == "pdf":
            from timestudy.report.pdf import Pending

            WRITERS[kind](report, path, organisation, Pending(pixels, fetch))
        else:
            WRITERS[kind](report, path, organisation, fetch)

    pid = start(work)
    close(read_fd)
    if pid is None:
        close(write_fd)
        return None
    os.set_blocking(write_fd, False)  # a write waits in select, never in the kernel
    return Begun(pid, write_fd)
