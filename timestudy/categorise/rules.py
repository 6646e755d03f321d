"""Categorise diary episodes with a taxonomy, recording the rule behind every decision.

Precedence, per episode: a ``task_type`` column (when its value is a task type of
the taxonomy, or one a diary reader gives an entry its tool marks as not work, a break or
time off: :mod:`~timestudy.categorise.tool_types`), then ``activity_code`` (the taxonomy's codes), then the
taxonomy's text patterns on ``activity`` (highest priority first), else
``uncategorised``. Each distinct text and each distinct code is looked at once
and the answer mapped back, so a million episodes with twenty thousand distinct
descriptions take about as long as the twenty thousand.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.arrow import dictionary_codes
from timestudy.categorise.absence_checks import warn_non_work_on_cases, warn_uncategorised_days
from timestudy.categorise.code_text import contradicted, contradictions, warn_contradictions
from timestudy.categorise.coverage_report import CategoriseReport, build_report
from timestudy.categorise.coverage_report import _minutes as episode_minutes
from timestudy.categorise.sleep_checks import warn_sleep_counted_as_work
from timestudy.categorise.taxonomy import (
    DEFAULT_TAXONOMY,
    UNCATEGORISED,
    Taxonomy,
    load_taxonomy,
    normalise_code,
)
from timestudy.categorise.time_off import unmapped
from timestudy.categorise.tool_types import with_tool_types
from timestudy.errors import DataQualityWarning, TimestudyError

__all__ = ["categorise", "categorise_and_report", "coverage"]

SOURCE_COLUMNS = ("task_type", "activity_code", "activity")


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for missing or blank) and the distinct values as stripped strings."""
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.dropna()
        if len(whole) and (whole == np.round(whole)).all():
            values = values.astype("Int64")  # codes read as 101.0 from a csv with gaps
    encoded = dictionary_codes(values)  # Arrow text: encoded chunk by chunk, no copy
    if encoded is not None:
        codes, dictionary = encoded
        uniques = dictionary.to_pylist()
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        uniques = uniques.tolist()
    strings = [str(u).strip() for u in uniques]
    blank = np.array([s == "" for s in strings] + [True])
    codes = np.where(blank[codes], -1, codes)
    return codes, strings


def _present(codes: np.ndarray, n_values: int) -> np.ndarray:
    """The distinct non-negative codes, sorted (a bincount: faster than np.unique)."""
    return np.flatnonzero(np.bincount(codes[codes >= 0], minlength=n_values))


def _check_input(episodes: pd.DataFrame) -> None:
    if not isinstance(episodes, pd.DataFrame):
        raise TimestudyError(
            f"`episodes` must be a pandas DataFrame, not {type(episodes).__name__}: read the "
            "diary first, e.g. with pandas.read_csv or timestudy.read_diary"
        )
    if not any(c in episodes.columns for c in SOURCE_COLUMNS):
        raise TimestudyError(
            "episodes need at least one of the columns `task_type`, `activity_code` or "
            f"`activity` to categorise; the columns are {list(episodes.columns)[:12]}: rename "
            "the column holding the worker's description to `activity`"
        )


def _categorise(episodes: pd.DataFrame, tax: Taxonomy) -> tuple[pd.DataFrame, dict]:
    """The engine: returns the categorised copy and the diagnostics the report needs.

    Works on integer codes throughout: ``task`` (position in the taxonomy, -1 for
    uncategorised) and ``rule`` (position in a vocabulary of rule texts), so that
    nothing per row is done in Python.
    """
    _check_input(episodes)
    n = len(episodes)
    task = np.full(n, -1, dtype=np.int64)
    rule = np.zeros(n, dtype=np.int64)
    vocab: dict[str, int] = {UNCATEGORISED: 0, "column:task_type": 1}
    diag: dict = {"unknown_task_types": None, "unknown_codes": None, "tied": None}
    by_code = np.zeros(n, dtype=bool)

    def rule_ids(texts: list[str]) -> np.ndarray:
        return np.array([vocab.setdefault(t, len(vocab)) for t in texts] + [0], dtype=np.int64)

    if "task_type" in episodes:
        codes, values = _factorize(episodes["task_type"])
        # a break or time off a diary tool marked, not listed: not work all the same
        diag["tool_types"] = unmapped(tax, values)
        tax = with_tool_types(tax, values)
        lookup = {t.label.lower(): i for i, t in enumerate(tax.task_types)}
        lookup.update({t.id: i for i, t in enumerate(tax.task_types)})
        pos = np.array([lookup.get(v, lookup.get(v.lower(), -1)) for v in values] + [-1])
        row_pos = pos[codes]
        known = row_pos >= 0
        task[known], rule[known] = row_pos[known], 1
        diag["unknown_task_types"] = (codes, values, (codes >= 0) & ~known)

    if "activity_code" in episodes:
        codes, values = _factorize(episodes["activity_code"])
        code_map = {c: tax.task_ids.index(t) for c, t in tax.code_map.items()}
        norm = [normalise_code(v) for v in values]
        pos = np.array([code_map.get(v, -1) for v in norm] + [-1])
        rules = rule_ids([f"code:{v}" for v in norm])
        open_ = task < 0
        row_pos = pos[codes]
        use = open_ & (row_pos >= 0)
        task[use], rule[use] = row_pos[use], rules[codes[use]]
        by_code = use
        diag["unknown_codes"] = (codes, values, open_ & (codes >= 0) & (row_pos < 0))

    if "activity" in episodes:
        open_ = task < 0
        codes, values = _factorize(episodes["activity"])
        # the texts of rows the code decided too: to see whether their text contradicts it
        needed = _present(codes[open_ | by_code], len(values))
        m = tax.match([values[k] for k in needed])
        pos = np.full(len(values) + 1, -1, dtype=np.int64)
        pos[needed] = m.task
        rules = np.zeros(len(values) + 1, dtype=np.int64)
        rules[needed] = rule_ids(list(m.rule))[:-1]
        row_pos = pos[codes]
        use = open_ & (row_pos >= 0)
        task[use] = row_pos[use]
        rule[open_] = rules[codes[open_]]  # also uncategorised:timeout:<id> (no task)
        tied = np.full(len(values) + 1, "", dtype=object)
        tied[needed] = m.tied
        diag["tied"] = (codes, values, tied, use)
        if by_code.any():
            prio = np.full(len(values) + 1, -1, dtype=np.int64)
            prio[needed] = m.priority
            text_task = pos[codes]
            mask = contradicted(tax, task, by_code, text_task, prio[codes])
            diag["contradictions"] = contradictions(episodes, tax, mask, task, text_task,
                                                    episode_minutes(episodes))

    diag.update(task=task, rule=rule, rule_vocab=list(vocab), taxonomy=tax)
    return _assemble(episodes, tax, task, rule, list(vocab)), diag


def _take(labels: list[str], index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``labels[index]`` as a pandas string array, built by Arrow (fast for millions of rows)."""
    taken = pa.array(labels, type=pa.large_string()).take(pa.array(index, type=pa.int64()))
    return pd.array(taken, dtype="str")


def _assemble(episodes, tax, task, rule, vocab) -> pd.DataFrame:
    """A copy of ``episodes`` with ``task_type``, ``category`` and ``rule`` from the codes."""
    where = np.where(task < 0, len(tax.task_types), task)
    out = episodes.drop(columns=[c for c in ("category", "rule") if c in episodes])
    task_col = _take(tax.task_ids + [UNCATEGORISED], where)
    if "task_type" in out:
        out["task_type"] = task_col
        at = out.columns.get_loc("task_type") + 1
    else:
        after = next((c for c in ("activity_code", "activity") if c in out), None)
        at = out.columns.get_loc(after) + 1 if after else len(out.columns)
        out.insert(at, "task_type", task_col)
        at += 1
    categories = [t.category for t in tax.task_types] + [UNCATEGORISED]
    out.insert(at, "category", _take(categories, where))
    out.insert(at + 1, "rule", _take(vocab, rule))
    return out


def _warn(diag: dict, episodes: pd.DataFrame, tax: Taxonomy) -> None:
    for key, what, fix in (
        ("unknown_task_types", "task_type values", "correct them or add them to the taxonomy"),
        ("unknown_codes", "activity codes", "add them to a task type's `codes`"),
    ):
        if diag[key] is None or not diag[key][2].any():
            continue
        codes, values, mask = diag[key]
        counts = pd.Series(codes[mask]).value_counts()
        listed = ", ".join(f"{values[k]!r} ({c} rows)" for k, c in counts.head(5).items())
        more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
        fallback = "their activity code or text" if key == "unknown_task_types" else "their text"
        warnings.warn(
            f"{len(counts)} {what} are not in taxonomy {tax.name!r}: {listed}{more}; those "
            f"episodes were categorised from {fallback} instead: {fix}",
            DataQualityWarning,
            stacklevel=3,
        )
    if diag.get("contradictions") is not None:
        warn_contradictions(diag["contradictions"], tax, stacklevel=4)


def categorise(
    episodes: pd.DataFrame, taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY
) -> pd.DataFrame:
    """Give every episode a task type, a category and the rule that decided them.

    Parameters
    ----------
    episodes : DataFrame
        Diary episodes with at least one of ``task_type``, ``activity_code`` and
        ``activity`` (free text). Not modified.
    taxonomy : str, Path or Taxonomy
        A shipped taxonomy name, a YAML file, or a loaded :class:`Taxonomy`.

    Returns
    -------
    DataFrame
        A copy of ``episodes`` with ``task_type`` (replaced if present),
        ``category`` and ``rule``: ``column:task_type``, ``code:<CODE>``,
        ``pattern:<task type>:<regex>`` or ``uncategorised`` (then ``task_type``
        and ``category`` are ``uncategorised`` too), or
        ``uncategorised:timeout:<task type>`` when that task type's patterns ran
        out of time on the description (see ``data_schema/TAXONOMY.md``).

    Warns
    -----
    DataQualityWarning
        Values of ``task_type`` or ``activity_code`` unknown to the taxonomy; such
        episodes fall back to the next rule. Text patterns that ran out of time on
        some descriptions (once, naming them). Entries with a case id categorised as
        not work, naming their rows and hours
        (:func:`~timestudy.categorise.absence_checks.non_work_on_cases`). Rows decided
        by an activity code that their text contradicts (:mod:`~timestudy.categorise.code_text`:
        "travel to SV" coded ``SV``), once, with their count, hours and examples.
        Entries of 3 hours or more at night that name sleep but count as work, because
        they name a call or other work too (a sleep-in written as one entry with a call
        in it: the whole night counted as worked), naming their rows and hours
        (:mod:`~timestudy.categorise.sleep_checks`).

    Raises
    ------
    TaxonomyError
        A task type's patterns ran out of time on
        :data:`~timestudy.categorise.taxonomy.MAX_TIMEOUTS` descriptions.

    See Also
    --------
    coverage : the share of time categorised, what was not, and ambiguous texts.

    Examples
    --------
    >>> import pandas as pd
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "write up SV Smith", "travel to CLA visit",
    ...                                  "ICPC Jones", "lunch", "???"],
    ...                     "activity_code": [None, None, None, None, "BRK", None]})
    >>> categorise(eps)["task_type"].tolist()
    ['statutory_visit', 'case_notes', 'travel', 'initial_cp_conference', 'break', 'uncategorised']
    >>> categorise(eps)["rule"].iloc[4]
    'code:BRK'
    """
    out, diag = _categorise(episodes, load_taxonomy(taxonomy))
    tax = diag["taxonomy"]  # with the task types a diary tool gave for not work
    _warn(diag, episodes, tax)
    warn_non_work_on_cases(out, tax, stacklevel=3)
    warn_sleep_counted_as_work(out, tax, stacklevel=3)
    return out


def coverage(
    episodes: pd.DataFrame,
    taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY,
    *,
    top: int = 20,
) -> CategoriseReport:
    """How well a taxonomy covers a diary: what was categorised, how, and what was not.

    Parameters
    ----------
    episodes : DataFrame
        Raw episodes (they are categorised first), or the output of
        :func:`categorise` (recognised by its ``rule`` column).
    taxonomy : str, Path or Taxonomy
        The taxonomy used.
    top : int
        How many uncategorised descriptions to list, by minutes.

    Returns
    -------
    CategoriseReport
        Shares of episodes and time categorised, by rule source and category;
        the top uncategorised descriptions; texts matched by patterns of several
        task types at the same priority; unknown codes and task types (the
        latter only when given raw episodes).

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import coverage
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "lunch", "xyzzy"],
    ...                     "duration_min": [60.0, 30.0, 10.0]})
    >>> report = coverage(eps)
    >>> round(report.share_minutes_categorised, 2)
    0.9
    """
    tax = load_taxonomy(taxonomy)
    if "rule" in episodes and "task_type" in episodes:
        out, diag = episodes, _diagnose(episodes, tax)
    else:
        out, diag = _categorise(episodes, tax)
    return build_report(out, diag["taxonomy"], diag, top=top)


def categorise_and_report(
    episodes: pd.DataFrame,
    taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY,
    *,
    top: int = 20,
    holidays: Sequence | None = None,
) -> tuple[pd.DataFrame, CategoriseReport]:
    """:func:`categorise` and :func:`coverage` in one pass: (categorised episodes, report).

    Warns as :func:`categorise` does, and when uncategorised time, which counts as
    time worked, falls on one of ``holidays`` (the study's bank holidays, e.g.
    :func:`timestudy.panels.workdays.bank_holidays`) or fills a whole day
    (:func:`~timestudy.categorise.absence_checks.uncategorised_days`): the guide and
    ``timestudy categorise`` call this.

    Examples
    --------
    >>> import pandas as pd
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "lunch"], "duration_min": [60, 30]})
    >>> out, report = categorise_and_report(eps)
    >>> out["category"].tolist(), report.share_minutes_categorised
    (['direct_work', 'non_work'], 1.0)
    """
    out, diag = _categorise(episodes, load_taxonomy(taxonomy))
    tax = diag["taxonomy"]  # with the task types a diary tool gave for not work
    _warn(diag, episodes, tax)
    warn_non_work_on_cases(out, tax, stacklevel=3)
    warn_sleep_counted_as_work(out, tax, stacklevel=3)
    warn_uncategorised_days(out, holidays, stacklevel=3)
    return out, build_report(out, tax, diag, top=top)


def _diagnose(categorised: pd.DataFrame, tax: Taxonomy) -> dict:
    """Rebuild the report's diagnostics from already categorised episodes."""
    rule_codes, rule_values = pd.factorize(categorised["rule"].astype("str"))
    vocab = [UNCATEGORISED, *[r for r in rule_values if r != UNCATEGORISED]]
    remap = np.array([vocab.index(r) for r in rule_values] + [0], dtype=np.int64)
    rule = remap[rule_codes]
    task_codes, task_values = pd.factorize(categorised["task_type"].astype("str"))
    tool = unmapped(tax, task_values)  # read by the task_type column, as _categorise did
    tax = with_tool_types(tax, tool)
    pos = {t: i for i, t in enumerate(tax.task_ids)}
    task = np.array([pos.get(t, -1) for t in task_values] + [-1], dtype=np.int64)[task_codes]
    diag: dict = {
        "unknown_task_types": None,
        "unknown_codes": None,
        "tied": None,
        "from_categorised": True,
        "tool_types": tool,
        "taxonomy": tax,
        "task": task,
        "rule": rule,
        "rule_vocab": vocab,
    }
    by_text = np.array([r.startswith("pattern:") for r in vocab])[rule]
    if "activity_code" in categorised:
        codes, values = _factorize(categorised["activity_code"])
        known = np.array([normalise_code(v) in tax.code_map for v in values] + [True])
        not_by_column = np.array([r != "column:task_type" for r in vocab])[rule]
        diag["unknown_codes"] = (codes, values, not_by_column & (codes >= 0) & ~known[codes])
    if "activity" in categorised:
        codes, values = _factorize(categorised["activity"])
        needed = _present(codes[by_text], len(values))
        tied = np.full(len(values) + 1, "", dtype=object)
        tied[needed] = tax.match([values[k] for k in needed]).tied
        diag["tied"] = (codes, values, tied, by_text)
    return diag
