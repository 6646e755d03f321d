"""Pattern searches share one timer of processor time, with the answers of a limit on each.

:mod:`regex` enforces a search's ``timeout`` by reading a clock that is a system call, twice
a search: for the 57,688 searches of the default taxonomy on the 6,777 distinct texts of the
120-worker study, about 0.19 s of the 0.49 s of matching them (processor time). A run of
searches now goes without ``timeout``, under one timer (:mod:`timestudy.categorise.cpu_limit`)
set to the limit of one search; a search the timer stops is made again under the limit. These
tests hold the answers to those of a ``timeout`` on every search (slow texts among fast ones
included) and check that the searches no longer carry one.
"""

from __future__ import annotations

import signal
import threading

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.categorise import cpu_limit, matching
from timestudy.categorise.matching import MATCH_TIMEOUT_S, MAX_TIMEOUTS, _search_all
from timestudy.categorise.taxonomy import load_taxonomy

#: Backtracks for minutes on a long run of "a x" without a final x-word.
SLOW = regex.compile(r"(?<!\w)(?:.+.*x)(?!\w)")
SLOW_TEXT = "a x" * 3000 + "a"


class Counting:
    """A pattern that counts the searches made with a ``timeout``."""

    def __init__(self, rx: regex.Pattern) -> None:
        self.rx, self.timed, self.searches = rx, 0, 0

    def search(self, text, *args):
        self.searches += 1
        self.timed += len(args) >= 5 and args[4] is not None
        return self.rx.search(text, *args)


def _each_limited(monkeypatch, rx, texts, max_timeouts=MAX_TIMEOUTS):
    """The answers with a ``timeout`` on every search (as before the shared timer)."""
    with monkeypatch.context() as m:
        m.setattr(matching, "usable", lambda: False)
        return _search_all(rx, texts, MATCH_TIMEOUT_S, max_timeouts)


def test_searches_carry_no_timeout_in_the_main_thread():
    rx = Counting(regex.compile(r"\bvisit(?!\w)"))
    hit, late = _search_all(rx, ["home visit", "travel"] * 500, MATCH_TIMEOUT_S, MAX_TIMEOUTS)
    assert hit.tolist() == [True, False] * 500 and late.tolist() == []
    assert rx.searches == 1000
    assert rx.timed == 0  # was 1000: one timeout (two clock system calls) a search


def test_slow_texts_among_fast_ones_as_with_a_limit_on_each(monkeypatch):
    texts = ["a x", SLOW_TEXT, "b", "c x", SLOW_TEXT, "e x"] + ["d x"] * 300
    hit, late = _search_all(SLOW, texts, MATCH_TIMEOUT_S, MAX_TIMEOUTS)
    assert late.tolist() == [1, 4]
    assert hit.tolist() == [True, False, False, True, False, True] + [True] * 300
    before = _each_limited(monkeypatch, SLOW, texts)
    assert hit.tolist() == before[0].tolist() and late.tolist() == before[1].tolist()


def test_stops_after_max_timeouts():
    hit, late = _search_all(SLOW, [SLOW_TEXT] * 3 + ["a x"], MATCH_TIMEOUT_S, 2)
    assert late.tolist() == [0, 1] and len(hit) == 2


def test_other_threads_put_a_limit_on_each_search():
    rx, got = Counting(regex.compile(r"\bvisit(?!\w)")), {}

    def run():
        got["usable"] = cpu_limit.usable()
        got["answer"] = _search_all(rx, ["home visit", "x", SLOW_TEXT], MATCH_TIMEOUT_S, 5)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert got["usable"] is False
    assert got["answer"][0].tolist() == [True, False, False]
    assert rx.timed == 3


def test_someone_elses_handler_is_left_alone(monkeypatch):
    def theirs(signum, frame):  # pragma: no cover - never sent here
        pass

    monkeypatch.setattr(signal, "getsignal", lambda signum: theirs)
    assert cpu_limit.usable() is False
    rx = Counting(regex.compile("x"))
    assert _search_all(rx, ["x", "y"], MATCH_TIMEOUT_S, 5)[0].tolist() == [True, False]
    assert rx.timed == 2


def test_a_timer_signal_outside_a_run_is_ignored():
    assert cpu_limit.usable()
    signal.raise_signal(signal.SIGVTALRM)  # as if the timer ran out just as a run ended


WORDS = "sv visit home travel to no access NA - Smith HV cancelled write up lunch ICPC x ſv İ ( DNA"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS.split()), min_size=1, max_size=8), min_size=1, max_size=60
    )
)
def test_taxonomy_matches_as_with_a_limit_on_each(words):
    tax, texts = load_taxonomy("uk_children_social_work"), [" ".join(w) for w in words]
    shared = tax.match(texts)
    original = matching.usable
    matching.usable = lambda: False  # hypothesis: no function-scoped monkeypatch
    try:
        each = tax.match(texts)
    finally:
        matching.usable = original
    assert shared.task.tolist() == each.task.tolist()
    assert list(shared.rule) == list(each.rule) and list(shared.tied) == list(each.tied)
    assert shared.priority.tolist() == each.priority.tolist()
