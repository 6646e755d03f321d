"""Figures drawn half in a helper process are the figures drawn here, byte for byte."""

from __future__ import annotations

import os
import time

import pytest

from timestudy.plots import parallel
from timestudy.plots.parallel import draw_pngs, helper_wanted

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _line(ax):
    ax.plot([0, 1, 2], [2, 0, 1])


def _bars(ax):
    ax.bar(["a", "b"], [1, 3])


def _strip(ax):  # random jitter: seeded by draw_png, in any process
    import seaborn as sns

    sns.stripplot(x=[1.0, 2.0, 2.5, 3.0] * 5, y=list("abab") * 5, jitter=0.3, ax=ax)


FIGS = [(_line, (2, 1.5)), (_bars, (2, 1.5)), (_strip, (3, 2)), (_bars, (2.5, 1))]


def test_helper_draws_the_same_bytes():
    assert draw_pngs(FIGS, dpi=60, helper=True) == draw_pngs(FIGS, dpi=60, helper=False)


def test_a_failing_helper_leaves_its_figures_to_this_process():
    me = os.getpid()

    def only_here(ax):
        if os.getpid() != me:
            raise RuntimeError("the helper cannot draw this")
        _line(ax)

    figs = [(_bars, (2, 1)), (only_here, (2, 1)), (_bars, (2, 1))]
    assert draw_pngs(figs, dpi=60, helper=True) == draw_pngs(figs, dpi=60, helper=False)


def test_a_stuck_helper_is_stopped_and_given_up():
    child = parallel._fork([(lambda ax: time.sleep(60), (1, 1))], 60)
    assert child is not None
    t0 = time.monotonic()
    assert parallel._collect(*child, n=1, timeout=0.5) is None
    assert time.monotonic() - t0 < 10


def test_helper_forced_on_and_off(monkeypatch):
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    assert helper_wanted(3)
    assert not helper_wanted(1)
    monkeypatch.setenv("TIMESTUDY_HELPER", "0")
    assert not helper_wanted(3)



def test_error_while_this_process_draws_stops_the_child(monkeypatch):
    started, real_fork = [], parallel._fork

    def fork(figures, dpi):  # the child's share: a figure that takes a minute
        child = real_fork([(lambda ax: time.sleep(60), (1, 1))], dpi)
        started.append(child[0])
        return child

    def fails(ax):
        raise ValueError("bad figure")

    monkeypatch.setattr(parallel, "_fork", fork)
    with pytest.raises(ValueError, match="bad figure"):
        draw_pngs([(fails, (1, 1)), (lambda ax: None, (1, 1))], helper=True)
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # stopped and reaped, not left drawing


def test_the_helper_gets_half_the_work_not_every_other_figure(monkeypatch):
    """One tall figure (7 x 9 in: 13 + 63 = 76) and three of 6 x 4 in (13 + 24 = 37 each):
    the tall one is drawn here and the three others by the helper (111 against 76), where
    every other figure gave this process 76 + 37 = 113 and the helper 74."""
    sent = []

    def fork(figures, dpi):
        sent.extend(size for _, size in figures)
        return None  # no child: everything drawn here

    monkeypatch.setattr(parallel, "_fork", fork)
    figs = [(_bars, (7, 9)), (_bars, (6, 4)), (_bars, (6, 4)), (_bars, (6, 4))]
    pngs = draw_pngs(figs, dpi=10, helper=True)
    assert sent == [(6, 4), (6, 4), (6, 4)]
    assert len(pngs) == 4 and all(pngs)
