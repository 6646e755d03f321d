"""Taxonomies: the categories and task types episodes are sorted into, and the rules that do it.

A taxonomy is a YAML file (format in ``data_schema/TAXONOMY.md``, schema in
``data_schema/taxonomy.json``) listing *categories* (direct work, recording,
travel, admin, non-work...) and *task types* (statutory visit, court
statement...). Each task type carries the rules that recognise it: activity
codes, and regular expressions matched case-insensitively on word boundaries
against the worker's own words, each with a priority. Two taxonomies ship with
the package: ``uk_children_social_work`` (the default) and
``healthcare_observation`` (WOMBAT-style categories).

Loading checks everything and reports every problem at once: the schema, unknown
categories, duplicate ids and codes, regular expressions that do not compile or
that could take exponential time, and patterns that are slow on the examples.

Patterns are written in Python's :mod:`re` syntax (checked with :mod:`re` on
loading) and matched with the third-party :mod:`regex` module in its
``re``-compatible mode, because it can stop a search that runs too long: each
search of a text gets :data:`MATCH_TIMEOUT_S` seconds. A text on which a task
type's patterns run out of time is left uncategorised with the rule
``uncategorised:timeout:<task type>`` and one warning names the pattern; after
:data:`MAX_TIMEOUTS` such texts the pattern is taken to be unusable and matching
stops with a :class:`~timestudy.errors.TaxonomyError`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from itertools import islice, repeat
from pathlib import Path

import numpy as np
import pandas as pd
import regex
import yaml

from timestudy._prefilter import WordIndex, word_prefixes
from timestudy._taxonomy_checks import (
    check_taxonomy,
    expand_terms,
    lower_pattern,
    read_yaml,
    wrap_pattern,
)
from timestudy.errors import DataQualityWarning, TaxonomyError

__all__ = ["Category", "TaskType", "Taxonomy", "TextMatches", "load_taxonomy", "shipped_taxonomies"]

DEFAULT_TAXONOMY = "uk_children_social_work"
UNCATEGORISED = "uncategorised"
#: Texts are matched on their first characters only (a guard on run time).
MAX_TEXT_CHARS = 1000
#: From this many distinct texts on, a word index skips texts a pattern cannot match.
PREFILTER_FROM = 200
#: Seconds of processor time the patterns of one task type (at one priority) may take on
#: one text. Ordinary patterns take well under a millisecond on the longest text.
MATCH_TIMEOUT_S = 0.05
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
_PACKAGE_DIR = files("timestudy") / "taxonomies"


@dataclass(frozen=True)
class Category:
    """A category of work (or non-work) that task types roll up into."""

    id: str
    label: str
    counts_as_work: bool
    description: str = ""


@dataclass(frozen=True)
class Pattern:
    """A regular expression of a task type, with the priority it matches at."""

    regex: str
    priority: int


@dataclass(frozen=True)
class TaskType:
    """A task type: its category, the codes and text patterns that recognise it, examples."""

    id: str
    label: str
    category: str
    case_linked: bool
    priority: int
    codes: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    examples: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class TextMatches:
    """What the text patterns make of a sequence of distinct texts (one entry per text).

    ``task`` is the position of the winning task type in ``Taxonomy.task_types``
    (-1: no pattern matched), ``rule`` the winning rule (``pattern:<id>:<regex>``,
    ``uncategorised``, or ``uncategorised:timeout:<id>`` when the patterns of task
    type ``<id>`` ran out of time on the text), ``priority`` its priority, and
    ``tied`` the ids of the other task types matched at the same priority ('' when
    none).
    """

    task: np.ndarray
    rule: np.ndarray
    priority: np.ndarray
    tied: np.ndarray


@dataclass(frozen=True, repr=False)
class Taxonomy:
    """A taxonomy of categories and task types with the rules that recognise them.

    Load one with :func:`load_taxonomy` (a shipped name or a YAML path) or
    :meth:`Taxonomy.from_dict`; it is checked on loading.

    Attributes
    ----------
    name, title, version, description : str
        As given in the file.
    categories : tuple of Category
    task_types : tuple of TaskType
        In file order, which also breaks ties between patterns of equal priority.
    source : str
        The file it was read from (or ``<dict>``).

    Examples
    --------
    >>> tax = load_taxonomy("uk_children_social_work")
    >>> tax.category_of["statutory_visit"], tax.code_map["ICPC"]
    ('direct_work', 'initial_cp_conference')
    >>> tax.match(["write up SV Smith", "ICPC Jones", "travel to CLA visit"]).rule.tolist()[1]
    'pattern:initial_cp_conference:ICPCC?'
    """

    name: str
    title: str
    version: str
    description: str
    categories: tuple[Category, ...]
    task_types: tuple[TaskType, ...]
    source: str = "<dict>"
    terms: dict = field(default_factory=dict)
    _groups: tuple = field(default=(), compare=False)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict, source: str = "<dict>", *, schema: bool = True) -> Taxonomy:
        """Build and check a taxonomy from a mapping shaped like the YAML file.

        ``schema=False`` skips the JSON Schema pass (used for the shipped files,
        which the test suite checks against the schema); every other check runs.
        """
        check_taxonomy(data, source, schema=schema)
        cats = tuple(
            Category(c["id"], c["label"], bool(c["counts_as_work"]), c.get("description", ""))
            for c in data["categories"]
        )
        tasks = []
        for t in data["task_types"]:
            prio = int(t.get("priority", 50))
            pats = tuple(
                Pattern(p, prio) if isinstance(p, str) else Pattern(p["regex"], int(p["priority"]))
                for p in t.get("patterns", [])
            )
            tasks.append(
                TaskType(
                    id=t["id"],
                    label=t["label"],
                    category=t["category"],
                    case_linked=bool(t.get("case_linked", False)),
                    priority=prio,
                    codes=tuple(str(c) for c in t.get("codes", [])),
                    patterns=pats,
                    examples=tuple(t.get("examples", [])),
                    description=t.get("description", ""),
                )
            )
        tax = cls(
            name=data["name"],
            title=data.get("title", data["name"]),
            version=str(data.get("version", "")),
            description=data.get("description", ""),
            categories=cats,
            task_types=tuple(tasks),
            source=source,
            terms=dict(data.get("terms", {})),
            _groups=_compile_groups(tasks, data.get("terms", {}), source),
        )
        tax._check_speed()
        return tax

    @classmethod
    def from_yaml(cls, path: str | Path) -> Taxonomy:
        """Read and check a taxonomy YAML file."""
        return cls.from_dict(read_yaml(Path(path)), source=str(path))

    # -- lookups ---------------------------------------------------------------------
    @property
    def task_ids(self) -> list[str]:
        """Task type ids in file order."""
        return [t.id for t in self.task_types]

    @property
    def category_ids(self) -> list[str]:
        """Category ids in file order."""
        return [c.id for c in self.categories]

    @property
    def category_of(self) -> dict[str, str]:
        """Task type id -> category id."""
        return {t.id: t.category for t in self.task_types}

    @property
    def code_map(self) -> dict[str, str]:
        """Activity code (upper case, stripped) -> task type id."""
        return {normalise_code(c): t.id for t in self.task_types for c in t.codes}

    @property
    def work_categories(self) -> list[str]:
        """Ids of the categories that count as work."""
        return [c.id for c in self.categories if c.counts_as_work]

    # -- matching --------------------------------------------------------------------
    def match(self, texts: Sequence[str]) -> TextMatches:
        """Apply the text patterns to distinct texts; the highest priority wins.

        Pattern groups are tried from the highest priority down, each only on the
        texts not yet matched at a higher priority and holding a word the group's
        matches must start with, so the result is that of trying every pattern on
        every text. Ties of priority go to the task type listed first in the
        file and are reported in ``tied``.

        Each search of a text gets :data:`MATCH_TIMEOUT_S` seconds. A text on
        which a task type's patterns run out of time, and that no pattern tried
        before (higher priority, or same priority and listed earlier) matched, is
        left uncategorised with the rule ``uncategorised:timeout:<task type>``: no
        lower-priority pattern is tried on it, since its answer might be wrong.

        Warns
        -----
        DataQualityWarning
            Once, naming each task type and pattern that ran out of time, how many
            texts it did so on and how to rewrite it.

        Raises
        ------
        TaxonomyError
            The patterns of a task type ran out of time on :data:`MAX_TIMEOUTS`
            texts: the pattern is unusable on these texts and must be rewritten.
        """
        texts = [normalise_text(t) for t in texts]
        lowered = [t.lower() for t in texts]
        n, groups = len(texts), self._groups
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
            source = lowered if lower else texts
            subset = [source[i] for i in cand] if len(cand) < n else source
            hit, late = _search_all(rx, subset)
            if len(late):
                late = cand[late]
                slow[g] = (len(late), _culprits(groups[g], source[late[0]]))
                if len(late) >= MAX_TIMEOUTS:
                    raise self._too_slow(g, slow[g][1])
                stopped[late[best[late] == -1]] = g
            hits = cand[hit]
            fresh = hits[best[hits] == -1]
            best[fresh], win[fresh] = prio, g
            ties += [(i, task) for i in hits[best[hits] == prio] if groups[win[i]][0] != task]
        matched = win >= 0
        task_of_group = np.array([g[0] for g in groups] + [-1])
        task = task_of_group[win]
        rule = np.full(n, UNCATEGORISED, dtype=object)
        for i in np.flatnonzero(matched):
            group = groups[win[i]]
            which = _which_pattern(group, lowered[i] if group[4] else texts[i])
            rule[i] = f"pattern:{self.task_types[task[i]].id}:{which}"
        for i in np.flatnonzero(stopped >= 0):
            rule[i] = TIMEOUT_RULE.format(task=self.task_types[groups[stopped[i]][0]].id)
        tied_sets: dict[int, set[str]] = {}
        for i, t in ties:
            tied_sets.setdefault(i, set()).add(self.task_types[t].id)
        tied = np.full(n, "", dtype=object)
        for i, ids in tied_sets.items():
            tied[i] = ", ".join(sorted(ids))
        if slow:
            self._warn_slow(slow)
        return TextMatches(task=task, rule=rule, priority=best, tied=tied)

    def _warn_slow(self, slow: dict[int, tuple[int, list[str]]]) -> None:
        """One warning for the task types whose patterns ran out of time on some texts."""
        parts = []
        for g, (count, culprits) in slow.items():
            task = self.task_types[self._groups[g][0]].id
            noun = "description" if count == 1 else "descriptions"
            parts.append(
                f"task type {task!r}, pattern {' and '.join(map(repr, culprits))}: {count} {noun}"
            )
        warnings.warn(
            f"taxonomy {self.name!r}: text patterns ran out of time ({MATCH_TIMEOUT_S:g} s "
            f"a text) on long descriptions ({'; '.join(parts)}); those not matched first by "
            "a pattern of higher priority are left uncategorised with the rule "
            f"'{TIMEOUT_RULE.format(task='<task type>')}': {SLOW_FIX}",
            DataQualityWarning,
            stacklevel=3,
        )

    def _too_slow(self, g: int, culprits: list[str]) -> TaxonomyError:
        """The error when a group has run out of time on MAX_TIMEOUTS texts."""
        task = self.task_types[self._groups[g][0]].id
        return TaxonomyError(
            f"task type {task!r}: the pattern {' and '.join(map(repr, culprits))} ran out of "
            f"time ({MATCH_TIMEOUT_S:g} s a text) on {MAX_TIMEOUTS} descriptions, so "
            f"categorisation was stopped: {SLOW_FIX}",
            source=self.source,
        )

    def check_examples(self) -> pd.DataFrame:
        """Categorise every task type's examples by text; one row per example.

        Returns
        -------
        DataFrame
            ``expected`` (task type id), ``example``, ``got`` (task type id or
            ``uncategorised``), ``rule``, ``tied`` and ``ok``.
        """
        rows = [(t.id, ex) for t in self.task_types for ex in t.examples]
        frame = pd.DataFrame(rows, columns=["expected", "example"])
        m = self.match(frame["example"].tolist())
        ids = np.array(self.task_ids + [UNCATEGORISED], dtype=object)
        frame["got"] = ids[m.task]
        frame["rule"] = m.rule
        frame["tied"] = m.tied
        frame["ok"] = frame["got"] == frame["expected"]
        return frame

    def _check_speed(self, limit_s: float = 0.05) -> None:
        """Fail on a pattern group that is slow on the examples (likely backtracking)."""
        texts = [ex for t in self.task_types for ex in t.examples]
        texts += [" ".join(texts[i : i + 12]) for i in range(0, len(texts), 12)]
        for task, _prio, rx, pats, lower, _prefixes in self._groups:
            for text in texts:
                text = text.lower() if lower else text
                try:
                    rx.search(text, timeout=limit_s)
                except TimeoutError:
                    raise TaxonomyError(
                        f"task type '{self.task_types[task].id}': a pattern among "
                        f"{[p for _s, p in pats]} took over {limit_s * 1000:.0f} ms on the text "
                        f"{text[:60]!r}; simplify it (avoid nested or adjacent repeats such as "
                        r"(\w+\s*)+)",
                        source=self.source,
                    ) from None

    # -- display ---------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per task type: label, category, case_linked, priority, codes, patterns."""
        return pd.DataFrame(
            {
                "task_type": t.id,
                "label": t.label,
                "category": t.category,
                "case_linked": t.case_linked,
                "priority": t.priority,
                "codes": ", ".join(t.codes),
                "n_patterns": len(t.patterns),
                "n_examples": len(t.examples),
            }
            for t in self.task_types
        ).set_index("task_type")

    def summary(self) -> pd.DataFrame:
        """One row per category: label, counts_as_work and its task types."""
        return pd.DataFrame(
            {
                "category": c.id,
                "label": c.label,
                "counts_as_work": c.counts_as_work,
                "task_types": ", ".join(t.id for t in self.task_types if t.category == c.id),
            }
            for c in self.categories
        ).set_index("category")

    def __repr__(self) -> str:
        return (
            f"<Taxonomy {self.name!r} v{self.version}: {len(self.categories)} categories, "
            f"{len(self.task_types)} task types, from {self.source}>"
        )

    def _repr_html_(self) -> str:
        return (
            f"<h4>Taxonomy {self.title} ({self.name} v{self.version})</h4>"
            f"<p>{self.description}</p>" + self.summary().to_html() + self.to_frame().to_html()
        )


def normalise_text(text: str) -> str:
    """Text as patterns see it: runs of white space made one space, ends stripped, cut short."""
    return " ".join(text[: 2 * MAX_TEXT_CHARS].split())[:MAX_TEXT_CHARS]


def normalise_code(code: object) -> str:
    """Activity codes compare upper-case with surrounding space removed."""
    return str(code).strip().upper()


def _search_all(rx: regex.Pattern, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    r"""Whether ``rx`` matches in each text, and the positions of the texts it ran out of time on.

    The searches run in a ``map`` (no Python code per text); a time-out ends the map,
    which then resumes after that text. Stops after :data:`MAX_TIMEOUTS` time-outs.

    Examples
    --------
    >>> rx = regex.compile(r"(?<!\w)(?:.+.*x)(?!\w)")
    >>> hit, late = _search_all(rx, ["a x", "a x" * 3000 + "a", "b"])  # 0.05 s, not minutes
    >>> hit.tolist(), late.tolist()
    ([True, False, False], [1])
    """
    found: list[bool] = []
    late: list[int] = []
    # search(string, pos, endpos, concurrent, partial, timeout): positional is fastest
    args = (repeat(None), repeat(None), repeat(None), repeat(False), repeat(MATCH_TIMEOUT_S))
    while len(found) < len(texts) and len(late) < MAX_TIMEOUTS:
        try:
            found.extend(map(bool, map(rx.search, islice(texts, len(found), None), *args)))
        except TimeoutError:
            late.append(len(found))
            found.append(False)
    return np.array(found, dtype=bool), np.array(late, dtype=np.intp)


def _culprits(group: tuple, text: str) -> list[str]:
    """The patterns of a group that run out of time on ``text`` on their own (else all)."""
    singles = group[3]
    if len(singles) == 1:
        return [singles[0][1]]
    late = []
    for single, source in singles:
        try:
            single.search(text, timeout=MATCH_TIMEOUT_S)
        except TimeoutError:
            late.append(source)
    return late or [source for _single, source in singles]


def _which_pattern(group: tuple, text: str) -> str:
    """The first pattern of a group that matches ``text`` (the group's combined regex did).

    A pattern that runs out of time on its own is passed over, and named only if no
    other pattern matches (it must then be the one that did).
    """
    if len(group[3]) == 1:
        return group[3][0][1]
    first_late = None
    for single, source in group[3]:
        try:
            if single.search(text, timeout=MATCH_TIMEOUT_S):
                return source
        except TimeoutError:
            first_late = first_late or source
    return first_late or group[3][0][1]


def _compile_groups(tasks: Sequence[TaskType], terms: dict, source: str) -> tuple:
    """One compiled regex per (task type, priority).

    Each group is (task position, priority, combined regex, ((regex, source), ...),
    lower, prefixes) where ``lower`` says the regexes are compiled lower-cased for
    lower-cased text (faster) rather than with ``IGNORECASE``, and ``prefixes``
    are word prefixes one of which any matched text must contain (None: no such
    guarantee), used to skip texts that cannot match.
    """
    groups = []
    for i, t in enumerate(tasks):
        by_prio: dict[int, list[str]] = {}
        for p in t.patterns:
            by_prio.setdefault(p.priority, []).append(p.regex)
        for prio, raws in sorted(by_prio.items(), key=lambda kv: -kv[0]):
            wrapped = [wrap_pattern(expand_terms(r, terms)) for r in raws]
            # lower_pattern would lower-case (?P<Name>...) and (?P=Name) too, which breaks them
            lowered = [None if "(?P" in w else lower_pattern(w) for w in wrapped]
            lower = all(w is not None for w in lowered)
            final = lowered if lower else wrapped
            flags = regex.V0 | (0 if lower else regex.IGNORECASE)
            try:  # what is accepted is re's syntax; regex matches it, with a time limit
                re.compile("|".join(final), 0 if lower else re.IGNORECASE)
                combined = regex.compile("|".join(final), flags)
                singles = tuple(
                    (regex.compile(f, flags), r) for f, r in zip(final, raws, strict=True)
                )
            except (re.error, regex.error) as exc:  # e.g. the same group name in two patterns
                raise TaxonomyError(
                    f"task type '{t.id}': its patterns do not combine ({exc}); give named "
                    "groups different names or use non-capturing groups (?:...)",
                    source=source,
                ) from exc
            prefixes = [word_prefixes(f) for f in final] if lower else [None]
            union = None if None in prefixes else frozenset().union(*prefixes)
            groups.append((i, prio, combined, singles, lower, union))
    return tuple(groups)


def shipped_taxonomies() -> list[str]:
    """Names of the taxonomies that ship with timestudy."""
    return sorted(
        p.name[: -len(".yaml")] for p in _PACKAGE_DIR.iterdir() if p.name.endswith(".yaml")
    )


@lru_cache(maxsize=8)
def _load_shipped(name: str) -> Taxonomy:
    resource = _PACKAGE_DIR / f"{name}.yaml"
    data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    return Taxonomy.from_dict(data, source=f"{name}.yaml (shipped)", schema=False)


def load_taxonomy(taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY) -> Taxonomy:
    """Load a taxonomy by shipped name or from a YAML file, and check it.

    Parameters
    ----------
    taxonomy : str, Path or Taxonomy
        A shipped name (see :func:`shipped_taxonomies`), the path of a YAML file,
        or a :class:`Taxonomy` (returned as it is).

    Returns
    -------
    Taxonomy

    Raises
    ------
    TaxonomyError
        The name is unknown, or the file is invalid: the message names the file,
        every entry at fault and the fix.

    Examples
    --------
    >>> load_taxonomy().name
    'uk_children_social_work'
    >>> len(load_taxonomy("healthcare_observation").categories)
    5
    """
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    text = str(taxonomy)
    if text in shipped_taxonomies():
        return _load_shipped(text)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise TaxonomyError(f"no such file: {path}", source=str(path))
        return Taxonomy.from_yaml(path)
    raise TaxonomyError(
        f"unknown taxonomy {text!r}: use one of {', '.join(shipped_taxonomies())}, "
        "or give the path of a YAML file (see data_schema/TAXONOMY.md)"
    )
