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

The matching itself is done in :mod:`timestudy.categorise.matching`; its limits and rules
(:data:`MATCH_TIMEOUT_S`, :data:`MAX_TIMEOUTS`, :data:`MAX_TEXT_CHARS`, :data:`TIMEOUT_RULE`...)
and :func:`normalise_text` are importable from here, and :meth:`Taxonomy.match` reads
the two time limits from this module each time it is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from timestudy.categorise.checks import check_taxonomy, read_yaml
from timestudy.categorise.group_cache import cached_groups, groups_shape
from timestudy.categorise.local_cache import load_local
from timestudy.categorise.matching import (
    MATCH_TIMEOUT_S,
    MAX_TIMEOUTS,
    UNCATEGORISED,
    check_speed,
    compile_groups,
    match_texts,
)

# Limits and rules of text matching, re-exported as part of this module's API.
from timestudy.categorise.matching import MAX_TEXT_CHARS as MAX_TEXT_CHARS
from timestudy.categorise.matching import PREFILTER_FROM as PREFILTER_FROM
from timestudy.categorise.matching import SLOW_FIX as SLOW_FIX
from timestudy.categorise.matching import TIMEOUT_RULE as TIMEOUT_RULE
from timestudy.categorise.matching import normalise_text as normalise_text
from timestudy.categorise.taxonomy_parts import Category, Pattern, TaskType, TextMatches
from timestudy.categorise.time_off import day_options, time_off_of, warn_time_off
from timestudy.errors import TaxonomyError
from timestudy.results import Result, Section

__all__ = ["Category", "TaskType", "Taxonomy", "TextMatches", "load_taxonomy", "shipped_taxonomies"]

DEFAULT_TAXONOMY = "uk_children_social_work"
_PACKAGE_DIR = files("timestudy") / "categorise" / "taxonomies"
#: libyaml's safe loader where PyYAML was built with it (the same values; a tenth of the time).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, repr=False)
class Taxonomy(Result):
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
    >>> from timestudy import load_taxonomy
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
    def from_dict(cls, data: dict, source: str = "<dict>", *, schema: bool = True,
                  checked: bool = True, text: str | None = None) -> Taxonomy:
        """Build and check a taxonomy from a mapping shaped like the YAML file.

        ``schema=False`` skips the JSON Schema pass; ``checked=False`` skips every
        check of the mapping (its patterns compiled and searched one by one, and the
        groups timed on the examples by :func:`~timestudy.categorise.matching.check_speed`:
        0.025 of 0.105 s). Both are for the shipped files only, which the test suite
        builds with every check (``tests/categorise/test_taxonomy.py``): about half of
        loading one. ``text`` (the shipped files': their text, which ``data`` was read
        from) keeps the compiled pattern groups on disk between runs
        (:mod:`timestudy.categorise.group_cache`).
        """
        if checked:
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
                    link_within_days=int(t.get("link_within_days", 0)),
                    call=bool(t.get("call", False)),
                    time_off=time_off_of(t),
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
            _groups=_groups(tasks, data.get("terms", {}), source, checked, text),
        )
        if checked:
            check_speed(tax._groups, tax._examples(), tax.task_ids, source)
            warn_time_off(tax)
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
    def link_within_days(self) -> dict[str, int]:
        """Task type id -> linking window of its pieces, in working days (0: same day only)."""
        return {t.id: t.link_within_days for t in self.task_types}

    @property
    def calls(self) -> tuple[str, ...]:
        """Ids of the task types marked ``call: true``: each diary entry is a piece of its own,
        and case notes written later are not theirs (see ``data_schema/TAXONOMY.md``)."""
        return tuple(t.id for t in self.task_types if t.call)

    @property
    def work_categories(self) -> list[str]:
        """Ids of the categories that count as work."""
        return [c.id for c in self.categories if c.counts_as_work]

    @property
    def day_options(self) -> dict[str, tuple[str, ...]]:
        """What the panels read as not work, absence and TOIL, from this taxonomy
        (:func:`~timestudy.categorise.time_off.day_options`)."""
        return day_options(self)

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
        task, rule, priority, tied = match_texts(
            self._groups,
            texts,
            self.task_ids,
            name=self.name,
            source=self.source,
            timeout_s=MATCH_TIMEOUT_S,  # read at call time: the limits can be set on this module
            max_timeouts=MAX_TIMEOUTS,
        )
        return TextMatches(task=task, rule=rule, priority=priority, tied=tied)

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

    def _examples(self) -> list[str]:
        """Every task type's examples, in file order."""
        return [ex for t in self.task_types for ex in t.examples]

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

    def _title(self) -> str:
        return f"Taxonomy {self.title} ({self.name} v{self.version})"

    def _lead(self) -> list[str]:
        counts = (f"{len(self.categories)} categories, {len(self.task_types)} task types, "
                  f"from {self.source}.")
        return [self.description, counts] if self.description else [counts]

    def _sections(self) -> list[Section]:
        """The task types (in HTML and Markdown)."""
        return [Section("Task types", table=self.to_frame(), detail=True)]


def _groups(tasks: list[TaskType], terms: dict, source: str, checked: bool,
            text: str | None) -> tuple:
    """The compiled pattern groups; from the cache of compiled groups when ``text`` is given."""
    def build() -> tuple:
        return compile_groups(tasks, terms, source, check=checked)

    return build() if text is None else cached_groups(text, build, groups_shape(tasks, terms))


def normalise_code(code: object) -> str:
    """Activity codes compare upper-case with surrounding space removed."""
    return str(code).strip().upper()


def shipped_taxonomies() -> list[str]:
    """Names of the taxonomies that ship with timestudy.

    Returns
    -------
    list of str
        Names :func:`load_taxonomy` accepts, sorted.

    Examples
    --------
    >>> "uk_children_social_work" in shipped_taxonomies()
    True
    >>> load_taxonomy(shipped_taxonomies()[0]).name in shipped_taxonomies()
    True
    """
    return sorted(
        p.name[: -len(".yaml")] for p in _PACKAGE_DIR.iterdir() if p.name.endswith(".yaml")
    )


@lru_cache(maxsize=8)
def _load_shipped(name: str) -> Taxonomy:
    resource = _PACKAGE_DIR / f"{name}.yaml"
    # libyaml's loader where PyYAML has it (the shipped files are ours): 0.005 s against 0.05
    text = resource.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506
    return Taxonomy.from_dict(data, source=f"{name}.yaml (shipped)", schema=False, checked=False,
                              text=text)


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
    >>> from timestudy import load_taxonomy
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
        return load_local(path, Taxonomy)  # kept while the file's text is unchanged
    raise TaxonomyError(
        f"unknown taxonomy {text!r}: use one of {', '.join(shipped_taxonomies())}, "
        "or give the path of a YAML file (see data_schema/TAXONOMY.md)"
    )
