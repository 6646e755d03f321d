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

from timestudy._lib.forking import die_with_parent, processor_free, stop, wait_limit
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
        parent, pid = os.getpid(), os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: draw, send, leave without running the parent's clean-up
        code = 1
        try:
            die_with_parent(parent)
            os.close(read_fd)
            data = pickle.dumps([draw_png(d, s, dpi) for d, s in figures])
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
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
