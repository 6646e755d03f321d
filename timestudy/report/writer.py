"""A helper process forked before the numbers, to draw the report's figures and write its
Word and PDF files (private).

Importing matplotlib, python-docx and reportlab, and loading their fonts, takes about a
third of a second of processor time, and drawing the figures and writing ``report.docx``
and ``report.pdf`` most of the rest of the writing. ``timestudy guide`` forks this helper
at its start (:func:`prepared`), under the rule of every helper process
(:mod:`timestudy._lib.forking`): the helper imports those libraries while this process
reads the diary and fits the models, and this process never imports them.
:func:`~timestudy.report.write_outputs` then takes it (:func:`claim`), sends it the
figures of each section of the report as soon as the section is built (:meth:`Writer.figures`;
a :class:`~timestudy.report.model.Figure` pickles: its drawing is a
:class:`~timestudy.report.model.Draw`), then the whole report (:meth:`Writer.send`). The
helper draws the figures as they come, about half of them in a helper of its own when a
processor is free (:class:`timestudy.plots.parallel.Shared`); once it has the report, it
begins ``report.pdf`` in yet another helper, which lays out the pages while the figures
are drawn (:class:`~timestudy.report.pdf.Pending`). It sends the figures back for
``report.html``, writes ``report.docx``, and sees the PDF written (writing it itself if
that helper failed).

Whatever goes wrong in it (an error, a crash, a report that does not pickle, a wait
beyond :func:`~timestudy._lib.forking.wait_limit`), it is stopped and this process does its
work itself: the files are the same, byte for byte, either way (the PDF's cover date
aside). ``TIMESTUDY_HELPER=0`` forks none.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
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
    waiting,
)

#: What the helper imports while it waits: everything drawing and the Word and PDF need.
LIBRARIES = ("timestudy.plots", "timestudy.report.docx", "timestudy.report.pdf")
DPI = 150  # the figures' resolution in every document
_READY: list[Writer] = []


@dataclass
class Writer:
    """A forked helper waiting for a report: its pid and this process's ends of two pipes."""

    pid: int
    to_child: int
    from_child: int

    def figures(self, figures: list) -> bool:
        """Send the helper figures to draw now, before the report they are part of.
        False (and the helper stopped) when they cannot be sent."""
        return self._send(("figures", list(figures)))

    def send(self, report, documents: list[str], out: Path, organisation) -> bool:
        """Send the helper its work: draw ``report``'s figures (those not sent already),
        then write ``documents`` (Word, PDF) to ``out``. False (and the helper stopped)
        when it cannot be sent."""
        if not self._send(("report", report, documents, str(out), organisation)):
            return False
        close(self.to_child)
        self.to_child = -1
        return True

    def pngs(self, timeout: float) -> dict[str, str] | None:
        """The figures it drew (key -> base64 PNG), or None (and the helper stopped) if it
        failed or sent nothing within ``timeout`` seconds."""
        try:
            pngs = receive(self.from_child, time.monotonic() + timeout)
        except Exception:  # noqa: BLE001 - ended, stuck or garbled: drawn here
            self.dismiss()
            return None
        return pngs if isinstance(pngs, dict) else None

    def done(self, timeout: float) -> bool:
        """Whether it wrote its documents and ended well within ``timeout`` seconds (it is
        reaped either way, stopped if need be)."""
        ok = finished(self.pid, timeout) if self.pid > 0 else False
        self._close()
        return ok

    def dismiss(self) -> None:
        """Stopped and reaped (nothing if it already was), its pipes closed."""
        if self.pid > 0:
            stop(self.pid)
        self._close()

    def _send(self, message) -> bool:
        if self.pid <= 0 or self.to_child < 0:
            return False
        try:
            send(self.to_child, message, time.monotonic() + wait_limit(0.0))
        except Exception:  # noqa: BLE001 - a figure that does not pickle: all done here
            self.dismiss()
            return False
        return True

    def _close(self) -> None:
        close(self.to_child, self.from_child)
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
        job_r, job_w = pipe()
        png_r, png_w = pipe()
    except OSError:
        return None

    def work() -> None:  # frozen: what it shares with us never traversed, so never copied
        close(job_w, png_r)
        _serve(job_r, png_w)

    pid = start(work, freeze=True)
    close(job_r, png_w)
    if pid is None:
        close(job_w, png_r)
        return None
    os.set_blocking(job_w, False)  # a write here waits in select, never in the kernel
    return Writer(pid, job_w, png_r)


def _serve(job_fd: int, png_fd: int) -> None:
    """In the helper: import, then draw the figures as they come; once the report has come
    and they are drawn, send them, and write the documents."""
    from timestudy.plots.parallel import Shared

    for name in LIBRARIES:
        import_module(name)
    import_module("timestudy.report.pdf").warm()  # its fonts registered
    import_module("timestudy.plots").draw_png(lambda ax: ax.set_title("0.5 h"), (1, 1), 20)
    gc.freeze()  # nor what the helpers forked from this one share with it
    work = Shared(DPI, others=(job_fd, png_fd))
    job, begun = None, {}
    try:
        while job is None or work.waiting:
            if job is None and (not work.waiting or waiting(job_fd)):
                try:
                    message = receive(job_fd)
                except EOFError:  # dismissed before the report came
                    return
                if message[0] == "report":  # any figure not sent before is drawn too
                    job = message[1:]
                figures = job[0].figures if message[0] == "report" else message[1]
                work.add([(f.key, f.draw, f.size) for f in figures])
                if message[0] == "report":
                    begun = _begin(*job, (job_fd, png_fd, *work.fds))
                continue
            work.step()
        pngs = work.finish()
        sent = {kind: child.send(pngs) for kind, child in begun.items()}  # theirs first:
        send(png_fd, pngs)  # the report.html still to write here is the quicker
        close(png_fd)
        _write(*job, pngs, begun, sent)
    finally:
        work.dismiss()
        for child in begun.values():
            child.dismiss()


def _begin(report, documents: list[str], out: str, organisation, others: tuple[int, ...]):
    """The Word and PDF files begun, each in a helper of this one, when a processor is
    free: they lay out their text while the figures are drawn (kind -> its helper)."""
    from timestudy.plots.render import png_size
    from timestudy.report.documents import begin

    if not processor_free():
        return {}
    pixels = {f.key: png_size(f.size, DPI) for f in report.figures}
    begun = {}
    for kind in documents:
        child = begin(kind, report, Path(out) / f"report.{kind}", organisation, pixels,
                      (*others, *(c.to_child for c in begun.values())))
        if child is not None:
            begun[kind] = child
    return begun


def _write(report, documents: list[str], out: str, organisation, pngs: dict, begun: dict,
           sent: dict) -> None:
    """Each document seen written by its helper (``begun``, ``sent`` the figures), or
    written here (its helper failed, or there was none)."""
    from timestudy._lib.progress import progress_bar
    from timestudy.report.documents import write_documents

    steps = progress_bar(total=len(documents), disable=True)
    here = [f for f in documents if f not in begun]
    started = time.monotonic()
    write_documents(report, here, Path(out), organisation, pngs, {}, steps)
    for kind, child in begun.items():
        if not (sent[kind] and child.done(wait_limit(time.monotonic() - started))):
            write_documents(report, [kind], Path(out), organisation, pngs, {}, steps)
