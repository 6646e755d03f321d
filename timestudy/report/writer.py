"""A helper process forked before the numbers, to draw the report's figures and write its
Word and PDF files (private).

Importing matplotlib, python-docx and reportlab, and loading their fonts, takes about a
third of a second of processor time, and drawing the figures and writing ``report.docx``
and ``report.pdf`` most of the rest of the writing. ``timestudy guide`` forks this helper
at its start (:func:`prepared`), under the rule of every helper process
(:mod:`timestudy._lib.forking`): the helper imports those libraries while this process
reads the diary and fits the models, and this process never imports them.
:func:`~timestudy.report.write_outputs` then takes it (:func:`claim`) and sends it the
report's content (a :class:`~timestudy.report.model.Report` pickles: its figures are
:class:`~timestudy.report.model.Draw`). The helper draws the figures (half of them in a
helper of its own when a processor is free, :mod:`timestudy.plots.parallel`), sends them
back for ``report.html``, and writes the Word and PDF files
(:func:`~timestudy.report.documents.write_documents`, the PDF in yet another helper).

Whatever goes wrong in it (an error, a crash, a report that does not pickle, a wait
beyond :func:`~timestudy._lib.forking.wait_limit`), it is stopped and this process does its
work itself: the files are the same, byte for byte, either way (the PDF's cover date
aside). ``TIMESTUDY_HELPER=0`` forks none.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import select
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from timestudy._lib.forking import die_with_parent, finished, processor_free, stop, wait_limit

#: What the helper imports while it waits: everything drawing and the Word and PDF need.
LIBRARIES = ("timestudy.plots", "timestudy.report.docx", "timestudy.report.pdf")
_PIPE_BYTES = 1 << 20  # the pipes made this large where Linux allows: no write blocks
_SIZE = struct.Struct("<Q")
_READY: list[Writer] = []


@dataclass
class Writer:
    """A forked helper waiting for a report: its pid and this process's ends of two pipes."""

    pid: int
    to_child: int
    from_child: int

    def send(self, report, documents: list[str], out: Path, organisation) -> bool:
        """Send the helper its work: draw ``report``'s figures, then write ``documents``
        (Word, PDF) to ``out``. False (and the helper stopped) when it cannot be sent."""
        try:
            job = pickle.dumps((report, documents, str(out), organisation), protocol=5)
            _write_all(self.to_child, job, time.monotonic() + wait_limit(0.0))
            os.close(self.to_child)
            self.to_child = -1
        except Exception:  # noqa: BLE001 - a figure that does not pickle: all done here
            self.dismiss()
            return False
        return True

    def pngs(self, timeout: float) -> dict[str, str] | None:
        """The figures it drew (key -> base64 PNG), or None (and the helper stopped) if it
        failed or sent nothing within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        try:
            (n,) = _SIZE.unpack(_read(self.from_child, _SIZE.size, deadline))
            pngs = pickle.loads(_read(self.from_child, n, deadline))
        except Exception:  # noqa: BLE001 - ended, stuck or garbled: drawn here
            self.dismiss()
            return None
        return pngs if isinstance(pngs, dict) else None

    def done(self, timeout: float) -> bool:
        """Whether it wrote its documents and ended well within ``timeout`` seconds (it is
        reaped either way, stopped if need be)."""
        ok = finished(self.pid, timeout)
        self._close()
        return ok

    def dismiss(self) -> None:
        """Stopped and reaped (nothing if it already was), its pipes closed."""
        if self.pid > 0:
            stop(self.pid)
        self._close()

    def _close(self) -> None:
        for fd in (self.to_child, self.from_child):
            if fd >= 0:
                os.close(fd)
        self.to_child = self.from_child = -1
        self.pid = -1  # reaped: its number may be another process's now


@contextmanager
def prepared(wanted: bool = True) -> Iterator[Writer | None]:
    """A helper forked now, when ``wanted`` and a processor is free, for the next
    :func:`claim` in this block; stopped at its end if no one claimed it.

    Examples
    --------
    >>> with prepared(wanted=False) as w:
    ...     claim() is None
    True
    """
    writer = _fork() if wanted and processor_free() else None
    if writer is not None:
        _READY.append(writer)
    try:
        yield writer
    finally:
        if writer is not None and writer in _READY:
            _READY.remove(writer)
            writer.dismiss()


def claim() -> Writer | None:
    """The helper :func:`prepared` forked, once; None when there is none.

    Examples
    --------
    >>> claim() is None
    True
    """
    return _READY.pop() if _READY else None


def _fork() -> Writer | None:
    try:
        job_r, job_w = os.pipe()
        png_r, png_w = os.pipe()
        parent, pid = os.getpid(), os.fork()
    except OSError:
        return None
    if pid == 0:  # the helper: leave without running the parent's clean-up
        code = 1
        try:
            die_with_parent(parent)
            os.close(job_w)
            os.close(png_r)
            _serve(job_r, png_w)
            code = 0
        finally:
            os._exit(code)
    os.close(job_r)
    os.close(png_w)
    for fd in (job_w, png_r):
        _widen(fd)
    os.set_blocking(job_w, False)  # a write here waits in select, never in the kernel
    return Writer(pid, job_w, png_r)


def _serve(job_fd: int, png_fd: int) -> None:
    """In the helper: import, wait for the job, draw, send the figures, write."""
    from timestudy._lib.progress import progress_bar

    for name in LIBRARIES:
        import_module(name)
    import_module("timestudy.report.pdf").warm()  # its fonts registered
    import_module("timestudy.plots").draw_png(lambda ax: ax.set_title("0.5 h"), (1, 1), 20)
    data = _read(job_fd, None, None)
    if not data:  # dismissed before any work
        return
    report, documents, out, organisation = pickle.loads(data)
    from timestudy.report.documents import write_documents
    from timestudy.report.html import figure_pngs

    pngs = figure_pngs(report.figures, dpi=150)
    blob = pickle.dumps(pngs, protocol=5)
    _write_all(png_fd, _SIZE.pack(len(blob)) + blob, None)
    os.close(png_fd)
    write_documents(
        report,
        documents,
        Path(out),
        organisation,
        pngs,
        {},
        progress_bar(total=len(documents), disable=True),
    )


def _widen(fd: int) -> None:
    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except OSError:  # a smaller limit: writes then wait for the reader, as ever
        pass


def _write_all(fd: int, data: bytes, deadline: float | None) -> None:
    view = memoryview(data)
    while view:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and (left <= 0 or not select.select([], [fd], [], left)[1]):
            raise TimeoutError("the other process took nothing")
        try:
            view = view[os.write(fd, view[:_PIPE_BYTES]) :]
        except BlockingIOError:  # full after all: wait again
            continue


def _read(fd: int, n: int | None, deadline: float | None) -> bytes:
    """``n`` bytes from ``fd`` (all until the end when ``n`` is None)."""
    chunks, got = [], 0
    while n is None or got < n:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and (left <= 0 or not select.select([fd], [], [], left)[0]):
            raise TimeoutError("the other process sent nothing")
        chunk = os.read(fd, _PIPE_BYTES if n is None else min(n - got, _PIPE_BYTES))
        if not chunk:
            if n is None:
                break
            raise EOFError("the other process ended")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
