"""Many figures drawn at once: half of them in a helper process when a processor is free.

The report's figures are independent of one another, and drawing them is the largest
single cost of writing the report. Where the machine has a processor to spare (the rule
of every helper process, :mod:`timestudy._lib.forking`), a child process draws about half
of the work (:func:`helper_share`: the figures split by their estimated cost) while this
process draws the rest; the child's figures come back as PNG bytes through a pipe. Each figure is the same,
byte for byte, whichever process draws it (:func:`~timestudy.plots.draw_png` seeds its
jitter). Set ``TIMESTUDY_HELPER=1`` to use the helper whatever the load, ``0`` never to;
anything going wrong in the helper (or a helper taking far longer than this process's
share) falls back to drawing its figures here.
"""

from __future__ import annotations

import os
import pickle
import select
import time
from collections.abc import Callable, Sequence

from timestudy._lib.forking import (
    close,
    pipe,
    processor_free,
    receive,
    send,
    start,
    stop,
    wait_limit,
)
from timestudy.plots.render import draw_png


def helper_wanted(n_figures: int) -> bool:
    """Whether to draw ``n_figures`` with a helper process (see the module's rule).

    Examples
    --------
    >>> helper_wanted(1)
    False
    """
    return n_figures >= 2 and processor_free()


#: A figure's estimated cost in square inches: its area plus this much for what every
#: figure costs whatever its size (axes, ticks, labels, layout, the PNG's overhead).
#: Fitted on the report's ten figures (120 workers): 13 + area tracks each figure's drawing
#: time within about 30%, where the area alone gave a 6-4 split that put 0.50 s of 0.93 s
#: on one side.
FIXED_IN2 = 13.0


def helper_share(sizes: Sequence[tuple[float, float]]) -> list[int]:
    """Which figures the helper draws: largest first, each to the side with less to draw so
    far (this process on a tie), a figure's cost being :data:`FIXED_IN2` plus its area.

    Parameters
    ----------
    sizes : sequence of (float, float)
        Each figure's width and height in inches.

    Returns
    -------
    list of int
        The positions of the helper's figures, in order.

    Examples
    --------
    One figure of 7 x 9 in (cost 13 + 63 = 76) and three of 6 x 4 in (37 each): the large
    one here (76); then each small one to the helper, which has less so far (37, 74 < 76,
    then 111 against 76, where 113 against 74 was the other choice).

    >>> helper_share([(6, 4), (7, 9), (6, 4), (6, 4)])
    [0, 2, 3]
    >>> helper_share([(2, 1), (2, 1), (2, 1)])
    [1]
    """
    cost = [FIXED_IN2 + w * h for w, h in sizes]
    load = [0.0, 0.0]  # this process, the helper
    theirs = []
    for i in sorted(range(len(cost)), key=lambda i: -cost[i]):  # stable: ties in order
        side = int(load[1] < load[0])
        load[side] += cost[i]
        if side:
            theirs.append(i)
    return sorted(theirs)


def draw_pngs(figures: Sequence[tuple[Callable, tuple[float, float]]], dpi: int = 110,
              helper: bool | None = None) -> list[str]:
    """Each ``(draw, size)`` drawn as :func:`~timestudy.plots.draw_png` draws it.

    Parameters
    ----------
    figures : sequence of (callable, (float, float))
        What to draw and the size in inches.
    dpi : int
        Resolution.
    helper : bool, optional
        Draw about half of them (:func:`helper_share`) in a helper process; by default
        :func:`helper_wanted` decides.

    Returns
    -------
    list of str
        Base64-encoded PNGs, in the order given.

    Examples
    --------
    >>> figs = [(lambda ax: ax.plot([0, 1]), (2, 1)), (lambda ax: ax.bar([0], [1]), (2, 1))]
    >>> draw_pngs(figs, helper=True) == draw_pngs(figs, helper=False)
    True
    """
    figures = list(figures)
    theirs = helper_share([s for _, s in figures])
    use = helper if helper is not None else helper_wanted(len(figures))
    child = _fork([figures[i] for i in theirs], dpi) if use and theirs else None
    skip = set(theirs) if child is not None else set()
    start = time.monotonic()
    try:
        out = [None if i in skip else draw_png(d, s, dpi) for i, (d, s) in enumerate(figures)]
    except BaseException:  # an error or Ctrl-C here: the child is not left drawing
        if child is not None:
            stop(child[0])
            os.close(child[1])
        raise
    if child is not None:  # a child stuck for far longer than this share took is given up
        got = _collect(*child, n=len(theirs), timeout=wait_limit(time.monotonic() - start))
        for k, i in enumerate(theirs):
            out[i] = got[k] if got is not None else draw_png(*figures[i], dpi)
    return out  # type: ignore[return-value]


def _fork(figures: list, dpi: int) -> tuple[int, int] | None:
    """A child process drawing ``figures`` into a pipe: ``(pid, read end)``, or None."""
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None

    def work() -> None:
        os.close(read_fd)
        data = pickle.dumps([draw_png(d, s, dpi) for d, s in figures])
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)

    pid = start(work)
    os.close(write_fd)
    if pid is None:
        os.close(read_fd)
        return None
    return pid, read_fd


def _collect(pid: int, read_fd: int, n: int, timeout: float) -> list[str] | None:
    """The child's PNGs once it has finished, or None if it failed or took over
    ``timeout`` seconds (then it is stopped)."""
    chunks, deadline = [], time.monotonic() + timeout
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([pipe], [], [], left)[0]:
                    stop(pid)
                    return None
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except BaseException:  # Ctrl-C while waiting: no child left behind
            stop(pid)
            raise
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        pngs = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - drawn here instead
        return None
    return pngs if isinstance(pngs, list) and len(pngs) == n else None


class Drawer:
    """A child process drawing figures as they are sent to it, each PNG sent back once drawn
    (:func:`~timestudy.plots.draw_png`, so the bytes are those drawn anywhere else).

    For work that arrives in parts: :meth:`draw` sends some figures, again as more come,
    :meth:`collect` takes the PNGs when they are wanted. Made by :meth:`start`; anything
    going wrong in it leaves the figures it did not send back to the caller.

    Examples
    --------
    A figure is sent pickled (a report's are :class:`~timestudy.report.model.Draw`):

    >>> from operator import methodcaller
    >>> line = methodcaller("plot", [0, 1])
    >>> d = Drawer.start(dpi=20)
    >>> d.draw([("line", line, (1, 1))])
    True
    >>> d.collect(["line"], timeout=60) == {"line": draw_png(line, (1, 1), 20)}
    True
    """

    def __init__(self, pid: int, to_child: int, from_child: int):
        self.pid, self.to_child, self.from_child = pid, to_child, from_child

    @classmethod
    def start(cls, dpi: int, others: tuple[int, ...] = ()) -> Drawer | None:
        """A child forked now, drawing at ``dpi``; None if it cannot be forked. ``others``:
        file descriptors of this process the child closes (so that their readers see the
        end when this process closes them)."""
        try:
            job_r, job_w = pipe()
            png_r, png_w = pipe()
        except OSError:
            return None

        def work() -> None:
            close(job_w, png_r, *others)
            _draw_sent(job_r, png_w, dpi)

        pid = start(work)
        close(job_r, png_w)
        if pid is None:
            close(job_w, png_r)
            return None
        os.set_blocking(job_w, False)  # a write waits in select, never in the kernel
        return cls(pid, job_w, png_r)

    def draw(self, figures: Sequence[tuple[str, Callable, tuple[float, float]]]) -> bool:
        """Send it ``(key, draw, size)`` figures to draw; False (and it is stopped) if they
        cannot be sent (a figure that does not pickle, a child that took nothing)."""
        try:
            send(self.to_child, list(figures), time.monotonic() + wait_limit(0.0))
        except Exception:  # noqa: BLE001 - the caller draws them
            self.dismiss()
            return False
        return True

    def collect(self, keys: Sequence[str], timeout: float) -> dict[str, str]:
        """The PNGs of ``keys`` it drew (key -> base64 PNG) within ``timeout`` seconds; no
        more figures can be sent. A figure missing from the answer (it failed, ended or was
        stopped, as it is past the timeout) is the caller's to draw."""
        close(self.to_child)
        self.to_child = -1
        got: dict[str, str] = {}
        deadline = time.monotonic() + timeout
        try:
            while self.pid > 0 and not set(keys) <= got.keys():
                key, png = receive(self.from_child, deadline)
                got[key] = png
        except (EOFError, TimeoutError, OSError, pickle.UnpicklingError, ValueError):
            pass  # what it sent is kept; the rest is the caller's
        finally:  # done, failed or interrupted: no child left behind
            self.dismiss()
        return {k: got[k] for k in keys if k in got}

    def dismiss(self) -> None:
        """Stopped and reaped (nothing if it already was), its pipes closed."""
        if self.pid > 0:
            stop(self.pid)
        close(self.to_child, self.from_child)
        self.pid = self.to_child = self.from_child = -1


def _draw_sent(job_fd: int, png_fd: int, dpi: int) -> None:
    """In a :class:`Drawer`'s child: each figure received drawn and sent back, until the end."""
    while True:
        try:
            figures = receive(job_fd)
        except EOFError:
            return
        for key, draw, size in figures:
            send(png_fd, (key, draw_png(draw, size, dpi)))


class Shared:
    """Figures drawn as they come in, about half by a :class:`Drawer` child when a processor
    is free: the figures of each part given (:meth:`add`), largest first, each to the side
    with less to draw so far (a figure's cost as :func:`helper_share` counts it).

    This process draws its own one at a time (:meth:`step`), so that the caller can take in
    more work between two figures; :meth:`finish` draws what is left here and takes the
    child's, drawing here any figure the child did not send back.

    Examples
    --------
    >>> from operator import methodcaller
    >>> work = Shared(dpi=20, helper=False)
    >>> work.add([("line", methodcaller("plot", [0, 1]), (1, 1))])
    >>> work.waiting
    1
    >>> list(work.finish())
    ['line']
    """

    def __init__(self, dpi: int, helper: bool | None = None, others: tuple[int, ...] = ()):
        self.dpi, self.others = dpi, others
        self._helper = helper
        self._queue: list[tuple[str, Callable, tuple[float, float]]] = []
        self._figures: dict[str, tuple[Callable, tuple[float, float]]] = {}
        self._theirs: list[str] = []
        self._load = [0.0, 0.0]  # this process, the child
        self._drawer: Drawer | None = None
        self._own_s = 0.0
        self.pngs: dict[str, str] = {}

    @property
    def fds(self) -> tuple[int, ...]:
        """This process's ends of the child's pipes (for another child to close)."""
        d = self._drawer
        return (d.to_child, d.from_child) if d is not None and d.pid > 0 else ()

    @property
    def waiting(self) -> int:
        """How many figures this process has still to draw."""
        return len(self._queue)

    def add(self, figures: Sequence[tuple[str, Callable, tuple[float, float]]]) -> None:
        """More ``(key, draw, size)`` figures to draw (a key already given is skipped)."""
        new = [f for f in figures if f[0] not in self._figures]
        self._figures.update({k: (d, s) for k, d, s in new})
        share = self._sharing()
        theirs = []
        for f in sorted(new, key=lambda f: -(FIXED_IN2 + f[2][0] * f[2][1])):
            side = int(share and self._load[1] < self._load[0])
            self._load[side] += FIXED_IN2 + f[2][0] * f[2][1]
            (theirs if side else self._queue).append(f)
        if not theirs:
            return
        if self._drawer is None:
            self._drawer = Drawer.start(self.dpi, self.others)
        if self._drawer is not None and self._drawer.draw(theirs):
            self._theirs += [k for k, _, _ in theirs]
        else:  # no child, or one that failed: these and the next drawn here
            self._queue += theirs
            self._helper = False

    def step(self) -> None:
        """One of this process's figures drawn (nothing if none is left)."""
        if self._queue:
            key, draw, size = self._queue.pop(0)
            start = time.monotonic()
            self.pngs[key] = draw_png(draw, size, self.dpi)
            self._own_s += time.monotonic() - start

    def finish(self) -> dict[str, str]:
        """Every figure given, drawn (key -> base64 PNG, in the order given)."""
        while self._queue:
            self.step()
        if self._drawer is not None:
            self.pngs.update(self._drawer.collect(self._theirs, wait_limit(self._own_s)))
        for key in self._figures:
            if key not in self.pngs:  # the child failed: drawn here
                self.pngs[key] = draw_png(*self._figures[key], self.dpi)
        return {k: self.pngs[k] for k in self._figures}

    def dismiss(self) -> None:
        """The child, if any, stopped."""
        if self._drawer is not None:
            self._drawer.dismiss()

    def _sharing(self) -> bool:
        if self._helper is None:
            self._helper = processor_free()
        return bool(self._helper)
