r"""Matching a taxonomy's text patterns against descriptions, with a time limit on every search.

The patterns of each task type are compiled into one regular expression per
priority, a *group* (:func:`compile_groups`). :func:`match_texts` tries the
groups from the highest priority down, each only on the texts that no group of
higher priority matched and that hold a word the group's matches must start
with (:mod:`timestudy.categorise.prefilter`), so the answer is that of trying every
pattern on every text.

Patterns are checked with Python's :mod:`re` and matched with the third-party
:mod:`regex` module in its ``re``-compatible mode, because it can stop a search
that runs too long: each search of a text gets :data:`MATCH_TIMEOUT_S` seconds.
A text on which a group runs out of time is left uncategorised with the rule
:data:`TIMEOUT_RULE`, one warning names the pattern, and after
:data:`MAX_TIMEOUTS` such texts matching stops with a
:class:`~timestudy.errors.TaxonomyError`. :func:`check_speed` is the guard on
loading: a group that is slow on the taxonomy's own examples is refused.

:class:`~timestudy.categorise.taxonomy.Taxonomy` keeps the groups and calls in here; the
public names (the constants, :func:`normalise_text`) are re-exported from
:mod:`timestudy.categorise.taxonomy`, and ``Taxonomy.match`` passes the time limits it
reads there, so they can be changed on that module.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Sequence
from itertools import islice, repeat
from typing import TYPE_CHECKING

import numpy as np
import regex

from timestudy.categorise.cpu_limit import OutOfTime, limited, usable
from timestudy.categorise.patterns import expand_terms, lower_pattern, wrap_pattern
from timestudy.categorise.prefilter import WordIndex, word_prefixes
from timestudy.errors import DataQualityWarning, TaxonomyError

if TYPE_CHECKING:  # pragma: no cover
    from timestudy.categorise.taxonomy import TaskType

UNCATEGORISED = "uncategorised"
#: Texts are matched on their first characters only (a guard on run time).
MAX_TEXT_CHARS = 1000
#: From this many distinct texts on, a word index skips texts a pattern cannot match.
PREFILTER_FROM = 200
#: Seconds of processor time the patterns of one task type (at one priority) may take on
#: one text. Ordinary patterns take well under a millisecond on the longest text.
MATCH_TIMEOUT_S = 0.05
#: A search stopped at :data:`MATCH_TIMEOUT_S` (a run of searches sharing one timer of the
#: process's processor time, :mod:`~timestudy.categorise.cpu_limit`; outside the main
#: thread, a wall-clock limit on each) is run once more within this many seconds and timed
#: in processor time: the text counts as too slow only if the search itself needs more than
#: ``MATCH_TIMEOUT_S`` of processor time, so a search the operating system paused on a busy
#: machine, or one stopped by another thread's work, never changes a text's category.
RETRY_TIMEOUT_S = 0.5
#: Texts on which one task type's patterns may run out of time in one call before the
#: pattern is declared unusable (TaxonomyError), which bounds the time lost to it.
MAX_TIMEOUTS = 20
#: Rule of a text left uncategorised because a task type's patterns ran out of time.
TIMEOUT_RULE = UNCATEGORISED + ":timeout:{task}"
#: What to do about a pattern that runs out of time (in the warning and the error).
SLOW_FIX = (
    "rewrite the pattern so that no two repeats in a row can take the same characters "
    r"(.+x rather than .+.*x, \w+ rather than \w+\w*), or bound them (.{0,40}x); "
    "see data_schema/TAXONOMY.md"
)


def normalise_text(text: str) -> str:
    """Text as patterns see it: runs of white space made one space, ends stripped, cut short."""
    return " ".join(text[: 2 * MAX_TEXT_CHARS].split())[:MAX_TEXT_CHARS]


class LazyPattern:
    """A ``regex`` pattern compiled when it is first used; otherwise it behaves as one.

    Examples
    --------
    >>> p = LazyPattern("visit", regex.V0)
    >>> p.search("home visit").group(), p.pattern
    ('visit', 'visit')
    >>> import pickle
    >>> pickle.loads(pickle.dumps(p)).search("a visit").group()
    'visit'
    """

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, pattern: str, flags: int) -> None:
        self._source, self._flags, self._compiled = pattern, flags, None

    def __getattr__(self, name: str):
        if name.startswith("_"):  # its own slots, and what pickle and copy look for
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def compiled(self) -> regex.Pattern:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = regex.compile(self._source, self._flags)
        return self._compiled

    def __reduce__(self):
        return LazyPattern, (self._source, self._flags)


def compile_groups(
    tasks: Sequence[TaskType], terms: dict, source: str, check: bool = True
) -> tuple:
    """One compiled regex per (task type, priority).

    Each group is (task position, priority, combined regex, ((regex, source), ...),
    lower, prefixes) where ``lower`` says the regexes are compiled lower-cased for
    lower-cased text (faster) rather than with ``IGNORECASE``, and ``prefixes``
    are word prefixes one of which any matched text must contain (None: no such
    guarantee), used to skip texts that cannot match. The single patterns are
    compiled when first searched (:class:`LazyPattern`): only a group that matches
    and has more than one pattern needs them. ``check=False`` leaves out the check
    that the patterns are Python ``re`` syntax (for the shipped files, which the
    test suite loads with every check).

    Raises
    ------
    TaxonomyError
        The patterns of a task type at one priority do not compile together
        (e.g. the same group name in two of them).
    """
    groups = []
    for i, prio, raws, final, flags, lower, union in plan_groups(tasks, terms):
        try:  # what is accepted is re's syntax; regex matches it, with a time limit
            if check:
                re.compile("|".join(final), 0 if lower else re.IGNORECASE)
            combined = regex.compile("|".join(final), flags)
            singles = tuple((LazyPattern(f, flags), r) for f, r in zip(final, raws, strict=True))
        except (re.error, regex.error) as exc:  # e.g. the same group name in two patterns
            raise TaxonomyError(
                f"task type '{tasks[i].id}': its patterns do not combine ({exc}); give named "
                "groups different names or use non-capturing groups (?:...)",
                source=source,
            ) from exc
        groups.append((i, prio, combined, singles, lower, union))
    return tuple(groups)


def plan_groups(tasks: Sequence[TaskType], terms: dict) -> list[tuple]:
    """What :func:`compile_groups` compiles, read off the patterns' text without compiling.

    Parameters
    ----------
    tasks : sequence of TaskType
        The taxonomy's task types, in file order.
    terms : dict
        The taxonomy's terms, for ``{{name}}``.

    Returns
    -------
    list of tuple
        One (task position, priority, patterns as written, patterns as matched, flags,
        lower, prefixes) per group, in the order of :func:`compile_groups`: the patterns
        as matched are wrapped on word boundaries and, when ``lower``, lower-cased; the
        combined regex is them joined with ``|``, compiled with ``flags``.

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import Pattern, TaskType
    >>> t = TaskType("visit", "Visit", "direct", False, 50, patterns=(Pattern("Home {{v}}", 50),))
    >>> (i, prio, raws, final, flags, lower, prefixes), = plan_groups([t], {"v": "visits?"})
    >>> raws, final, lower, sorted(prefixes)
    (('Home {{v}}',), ('\\\\b(?:home (?:visits?))(?!\\\\w)',), True, ['home'])
    """
    plan = []
    for i, t in enumerate(tasks):
        by_prio: dict[int, list[str]] = {}
        for p in t.patterns:
            by_prio.setdefault(p.priority, []).append(p.regex)
        for prio, raws in sorted(by_prio.items(), key=lambda kv: -kv[0]):
            wrapped = [wrap_pattern(expand_terms(r, terms)) for r in raws]
            # lower_pattern would lower-case (?P<Name>...) and (?P=Name) too, which breaks them
            lowered = [None if "(?P" in w else lower_pattern(w) for w in wrapped]
            lower = all(w is not None for w in lowered)
            final = tuple(lowered if lower else wrapped)
            flags = regex.V0 | (0 if lower else regex.IGNORECASE)
            prefixes = [word_prefixes(f) for f in final] if lower else [None]
            union = None if None in prefixes else frozenset().union(*prefixes)
            plan.append((i, prio, tuple(raws), final, flags, lower, union))
    return plan


def check_speed(
    groups: tuple, examples: list[str], task_ids: Sequence[str], source: str, limit_s: float = 0.05
) -> None:
    """Fail on a pattern group that is slow on the examples (likely backtracking).

    Each group is searched in each example and in runs of 12 examples joined.

    Raises
    ------
    TaxonomyError
        A search took over ``limit_s`` seconds: names the task type, its patterns
        and the text.
    """
    texts = list(examples)
    texts += [" ".join(texts[i : i + 12]) for i in range(0, len(texts), 12)]
    for task, _prio, rx, pats, lower, _prefixes in groups:
        for text in texts:
            text = text.lower() if lower else text
            try:
                rx.search(text, timeout=limit_s)
            except TimeoutError:
                raise TaxonomyError(
                    f"task type '{task_ids[task]}': a pattern among "
                    f"{[p for _s, p in pats]} took over {limit_s * 1000:.0f} ms on the text "
                    f"{text[:60]!r}; simplify it (avoid nested or adjacent repeats such as "
                    r"(\w+\s*)+)",
                    source=source,
                ) from None


def match_texts(
    groups: tuple,
    texts: Sequence[str],
    task_ids: Sequence[str],
    *,
    name: str,
    source: str,
    timeout_s: float = MATCH_TIMEOUT_S,
    max_timeouts: int = MAX_TIMEOUTS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Apply the pattern groups to distinct texts; the highest priority wins.

    The body of :meth:`timestudy.categorise.taxonomy.Taxonomy.match`, which documents the
    rules; ``task_ids``, ``name`` and ``source`` are the taxonomy's, for the rules,
    the warning and the error.

    Returns
    -------
    task, rule, priority, tied : ndarray
        One entry per text, as the fields of :class:`~timestudy.categorise.taxonomy.TextMatches`.

    Warns
    -----
    DataQualityWarning
        Once, naming each task type and pattern that ran out of time.

    Raises
    ------
    TaxonomyError
        A group ran out of time on ``max_timeouts`` texts.
    """
    texts = [normalise_text(t) for t in texts]
    lowered = [t.lower() for t in texts]
    n = len(texts)
    index = WordIndex(lowered) if n >= PREFILTER_FROM else None
    best = np.full(n, -1, dtype=np.int32)
    win = np.full(n, -1, dtype=np.int32)
    stopped = np.full(n, -1, dtype=np.int32)  # the group that ran out of time
    ties: list[tuple[int, int]] = []
    slow: dict[int, tuple[int, list[str]]] = {}  # group -> (texts, patterns named)
    for g in sorted(range(len(groups)), key=lambda k: -groups[k][1]):
        task, prio, rx, _pats, lower, prefixes = groups[g]
        open_ = ((best == -1) | (best == prio)) & (stopped < 0)
        if not open_.any():
            break
        if index is not None and prefixes is not None:
            open_ &= index.having(prefixes)
        cand = np.flatnonzero(open_)
        source_texts = lowered if lower else texts
        subset = [source_texts[i] for i in cand] if len(cand) < n else source_texts
        hit, late = _search_all(rx, subset, timeout_s, max_timeouts)
        if len(late):
            late = cand[late]
            slow[g] = (len(late), _culprits(groups[g], source_texts[late[0]], timeout_s))
            if len(late) >= max_timeouts:
                raise _too_slow(task_ids[task], slow[g][1], source, timeout_s, max_timeouts)
            stopped[late[best[late] == -1]] = g
        hits = cand[hit]
        fresh = hits[best[hits] == -1]
        best[fresh], win[fresh] = prio, g
        ties += [(i, task) for i in hits[best[hits] == prio] if groups[win[i]][0] != task]
    matched = win >= 0
    task_of_group = np.array([g[0] for g in groups] + [-1])
    task = task_of_group[win]
    rule = np.full(n, UNCATEGORISED, dtype=object)
    for g in np.unique(win[matched]):  # the texts each group won, all at once
        group, won = groups[g], np.flatnonzero(win == g)
        source_texts = lowered if group[4] else texts
        which = _which_patterns(group, [source_texts[i] for i in won], timeout_s)
        rule[won] = [f"pattern:{task_ids[group[0]]}:{w}" for w in which]
    for i in np.flatnonzero(stopped >= 0):
        rule[i] = TIMEOUT_RULE.format(task=task_ids[groups[stopped[i]][0]])
    tied_sets: dict[int, set[str]] = {}
    for i, t in ties:
        tied_sets.setdefault(i, set()).add(task_ids[t])
    tied = np.full(n, "", dtype=object)
    for i, ids in tied_sets.items():
        tied[i] = ", ".join(sorted(ids))
    if slow:
        _warn_slow(name, [(task_ids[groups[g][0]], *found) for g, found in slow.items()], timeout_s)
    return task, rule, best, tied


def _warn_slow(name: str, slow: list[tuple[str, int, list[str]]], timeout_s: float) -> None:
    """One warning for the task types whose patterns ran out of time on some texts.

    ``slow`` holds (task type id, texts it ran out of time on, patterns named) per group.
    """
    parts = []
    for task, count, culprits in slow:
        noun = "description" if count == 1 else "descriptions"
        parts.append(
            f"task type {task!r}, pattern {' and '.join(map(repr, culprits))}: {count} {noun}"
        )
    warnings.warn(
        f"taxonomy {name!r}: text patterns ran out of time ({timeout_s:g} s "
        f"a text) on long descriptions ({'; '.join(parts)}); those not matched first by "
        "a pattern of higher priority are left uncategorised with the rule "
        f"'{TIMEOUT_RULE.format(task='<task type>')}': {SLOW_FIX}",
        DataQualityWarning,
        stacklevel=4,  # _warn_slow, match_texts, Taxonomy.match, its caller
    )


def _too_slow(
    task: str, culprits: list[str], source: str, timeout_s: float, max_timeouts: int
) -> TaxonomyError:
    """The error when a group has run out of time on ``max_timeouts`` texts."""
    return TaxonomyError(
        f"task type {task!r}: the pattern {' and '.join(map(repr, culprits))} ran out of "
        f"time ({timeout_s:g} s a text) on {max_timeouts} descriptions, so "
        f"categorisation was stopped: {SLOW_FIX}",
        source=source,
    )


def _search_all(
    rx: regex.Pattern, texts: list[str], timeout_s: float, max_timeouts: int
) -> tuple[np.ndarray, np.ndarray]:
    r"""Whether ``rx`` matches in each text, and the positions of the texts it ran out of time on.

    The searches run in a ``map`` (no Python code per text), under one timer of
    ``timeout_s`` of processor time for the whole run (:mod:`~timestudy.categorise.cpu_limit`:
    a ``timeout`` on each search reads a clock at the cost of a system call), else (not
    the main thread) each with a ``timeout``. A search stopped by either is made again and
    judged by its own processor time (:func:`_search_again`); the ``map`` then resumes
    after that text. Stops after ``max_timeouts`` texts ran out of time.

    Examples
    --------
    >>> rx = regex.compile(r"(?<!\w)(?:.+.*x)(?!\w)")
    >>> texts = ["a x", "a x" * 3000 + "a", "b"]
    >>> hit, late = _search_all(rx, texts, MATCH_TIMEOUT_S, MAX_TIMEOUTS)  # 0.05 s, not minutes
    >>> hit.tolist(), late.tolist()
    ([True, False, False], [1])
    """
    found: list[bool] = []
    late: list[int] = []
    # search(string, pos, endpos, concurrent, partial, timeout): positional is fastest
    args = (repeat(None), repeat(None), repeat(None), repeat(False), repeat(timeout_s))
    one_timer = usable()
    while len(found) < len(texts) and len(late) < max_timeouts:
        rest = islice(texts, len(found), None)
        try:
            if one_timer:
                limited(map(bool, map(rx.search, rest)), found, timeout_s)
            else:
                found.extend(map(bool, map(rx.search, rest, *args)))
        except (TimeoutError, OutOfTime):
            if len(found) == len(texts):  # the timer ran out as the last search ended
                break
            again = _search_again(rx, texts[len(found)], timeout_s)
            if again is None:
                late.append(len(found))
            found.append(bool(again))
    return np.array(found, dtype=bool), np.array(late, dtype=np.intp)


def _search_again(rx: regex.Pattern, text: str, timeout_s: float) -> bool | None:
    """The search of one text that ran out of time, again, judged by its processor time.

    None when the search needs more than ``timeout_s`` of processor time (or runs out of
    :data:`RETRY_TIMEOUT_S` of wall time): the text is too slow for the pattern.

    Examples
    --------
    >>> _search_again(regex.compile("x"), "a x", MATCH_TIMEOUT_S)
    True
    """
    start = time.thread_time()
    try:
        hit = rx.search(text, timeout=max(timeout_s, RETRY_TIMEOUT_S)) is not None
    except TimeoutError:
        return None
    return None if time.thread_time() - start > timeout_s else hit


def _culprits(group: tuple, text: str, timeout_s: float) -> list[str]:
    """The patterns of a group that run out of time on ``text`` on their own (else all)."""
    singles = group[3]
    if len(singles) == 1:
        return [singles[0][1]]
    late = []
    for single, source in singles:
        try:
            single.search(text, timeout=timeout_s)
        except TimeoutError:
            late.append(source)
    return late or [source for _single, source in singles]


def _which_patterns(group: tuple, texts: list[str], timeout_s: float) -> list[str]:
    """The first pattern of a group that matches each text (the group's combined regex did).

    Each pattern is tried in a ``map`` on the texts no earlier pattern matched. A
    pattern that runs out of time on a text is passed over there, and named only if
    no other pattern matches it (it must then be the one that did).

    Examples
    --------
    >>> group = (0, 1, None, ((regex.compile("visit"), "visit"), (regex.compile("sv"), "SV")))
    >>> _which_patterns(group, ["home visit", "sv done", "sv visit"], MATCH_TIMEOUT_S)
    ['visit', 'SV', 'visit']
    """
    singles = group[3]
    if len(singles) == 1:
        return [singles[0][1]] * len(texts)
    out: list[str | None] = [None] * len(texts)
    first_late: dict[int, str] = {}
    open_ = np.arange(len(texts))
    for single, source in singles:
        if not len(open_):
            break
        hit, late = _search_all(single, [texts[i] for i in open_], timeout_s, len(open_) + 1)
        for i in open_[late]:
            first_late.setdefault(int(i), source)
        for i in open_[hit]:
            out[i] = source
        open_ = open_[~hit]
    return [w or first_late.get(i, singles[0][1]) for i, w in enumerate(out)]
