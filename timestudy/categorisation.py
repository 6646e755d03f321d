"""Categorise diary episodes with a taxonomy, recording the rule behind every decision.

Precedence, per episode: a ``task_type`` column (when its value is a task type of
the taxonomy), then ``activity_code`` (the taxonomy's codes), then the
taxonomy's text patterns on ``activity`` (highest priority first), else
``uncategorised``. Each distinct text and each distinct code is looked at once
and the answer mapped back, so a million episodes with twenty thousand distinct
descriptions take about as long as the twenty thousand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.categorise_report import CategoriseReport, build_report
from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.taxonomy import (
    DEFAULT_TAXONOMY,
    UNCATEGORISED,
    Taxonomy,
    load_taxonomy,
    normalise_code,
)

__all__ = ["categorise", "categorise_and_report", "coverage"]

SOURCE_COLUMNS = ("task_type", "activity_code", "activity")
OUTPUT_COLUMNS = ("task_type", "category", "rule")


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for missing or blank) and the distinct values as stripped strings."""
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.dropna()
        if len(whole) and (whole == np.round(whole)).all():
            values = values.astype("Int64")  # codes read as 101.0 from a csv with gaps
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    strings = [str(u).strip() for u in uniques]
    blank = np.array([s == "" for s in strings] + [True])
    codes = np.where(blank[codes], -1, codes)
    return codes, strings


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
    """The engine: returns the categorised copy and the diagnostics the report needs."""
    _check_input(episodes)
    n = len(episodes)
    ids = np.array(tax.task_ids + [UNCATEGORISED], dtype=object)
    task = np.full(n, -1, dtype=np.int64)  # position in ids; -1 = uncategorised
    rule = np.full(n, UNCATEGORISED, dtype=object)
    diag: dict = {"unknown_task_types": None, "unknown_codes": None, "tied": None}

    if "task_type" in episodes:
        codes, values = _factorize(episodes["task_type"])
        lookup = {t.id: i for i, t in enumerate(tax.task_types)}
        lookup.update({t.label.lower(): i for i, t in enumerate(tax.task_types)})
        pos = np.array([lookup.get(v, lookup.get(v.lower(), -1)) for v in values] + [-1])
        row_pos = pos[codes]
        known = row_pos >= 0
        task[known], rule[known] = row_pos[known], "column:task_type"
        diag["unknown_task_types"] = (codes, values, (codes >= 0) & ~known)

    if "activity_code" in episodes:
        codes, values = _factorize(episodes["activity_code"])
        code_map = {c: tax.task_ids.index(t) for c, t in tax.code_map.items()}
        norm = [normalise_code(v) for v in values]
        pos = np.array([code_map.get(v, -1) for v in norm] + [-1])
        rules = np.array([f"code:{v}" for v in norm] + [UNCATEGORISED], dtype=object)
        open_ = task < 0
        row_pos = pos[codes]
        use = open_ & (row_pos >= 0)
        task[use], rule[use] = row_pos[use], rules[codes[use]]
        diag["unknown_codes"] = (codes, values, open_ & (codes >= 0) & (row_pos < 0))

    if "activity" in episodes:
        open_ = task < 0
        codes, values = _factorize(episodes["activity"])
        needed = np.unique(codes[open_ & (codes >= 0)])
        m = tax.match([values[k] for k in needed])
        pos = np.full(len(values) + 1, -1, dtype=np.int64)
        pos[needed] = m.task
        rules = np.full(len(values) + 1, UNCATEGORISED, dtype=object)
        rules[needed] = m.rule
        row_pos = pos[codes]
        use = open_ & (row_pos >= 0)
        task[use], rule[use] = row_pos[use], rules[codes[use]]
        tied = np.full(len(values) + 1, "", dtype=object)
        tied[needed] = m.tied
        diag["tied"] = (codes, values, np.where(use, tied[codes], ""))

    categories = np.array([t.category for t in tax.task_types] + [UNCATEGORISED], dtype=object)
    out = episodes.copy()
    for col in OUTPUT_COLUMNS:
        if col in out and col != "task_type":
            out = out.drop(columns=col)
    new = {
        "task_type": pd.array(ids[task], dtype="str"),
        "category": pd.array(categories[task], dtype="str"),
        "rule": pd.array(rule, dtype="str"),
    }
    if "task_type" in out:
        out["task_type"] = new["task_type"]
        at = out.columns.get_loc("task_type") + 1
    else:
        after = next((c for c in ("activity_code", "activity") if c in out), None)
        at = out.columns.get_loc(after) + 1 if after else len(out.columns)
        out.insert(at, "task_type", new["task_type"])
        at += 1
    out.insert(at, "category", new["category"])
    out.insert(at + 1, "rule", new["rule"])
    return out, diag


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
        and ``category`` are ``uncategorised`` too).

    Warns
    -----
    DataQualityWarning
        Values of ``task_type`` or ``activity_code`` unknown to the taxonomy; such
        episodes fall back to the next rule.

    See Also
    --------
    coverage : the share of time categorised, what was not, and ambiguous texts.

    Examples
    --------
    >>> import pandas as pd
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "write up SV Smith", "travel to CLA visit",
    ...                                  "ICPC Jones", "lunch", "???"],
    ...                     "activity_code": [None, None, None, None, "BRK", None]})
    >>> categorise(eps)[["task_type", "category", "rule"]].to_string(index=False)[:60]
    '              task_type    category                         rule'
    >>> categorise(eps)["task_type"].tolist()
    ['statutory_visit', 'case_notes', 'travel', 'initial_cp_conference', 'break', 'uncategorised']
    >>> categorise(eps)["rule"].iloc[4]
    'code:BRK'
    """
    tax = load_taxonomy(taxonomy)
    out, diag = _categorise(episodes, tax)
    _warn(diag, episodes, tax)
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
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "lunch", "filing cabinet repair?"],
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
    return build_report(out, tax, diag, top=top)


def categorise_and_report(
    episodes: pd.DataFrame,
    taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY,
    *,
    top: int = 20,
) -> tuple[pd.DataFrame, CategoriseReport]:
    """:func:`categorise` and :func:`coverage` in one pass: (categorised episodes, report).

    Examples
    --------
    >>> import pandas as pd
    >>> eps = pd.DataFrame({"activity": ["SV - Smith", "lunch"], "duration_min": [60, 30]})
    >>> out, report = categorise_and_report(eps)
    >>> out["category"].tolist(), report.share_minutes_categorised
    (['direct_work', 'non_work'], 1.0)
    """
    tax = load_taxonomy(taxonomy)
    out, diag = _categorise(episodes, tax)
    _warn(diag, episodes, tax)
    return out, build_report(out, tax, diag, top=top)


def _diagnose(categorised: pd.DataFrame, tax: Taxonomy) -> dict:
    """Rebuild the report's diagnostics from already categorised episodes."""
    rule = categorised["rule"].astype("str").to_numpy(dtype=object)
    diag: dict = {
        "unknown_task_types": None,
        "unknown_codes": None,
        "tied": None,
        "from_categorised": True,
    }
    from_text = np.array([r.startswith("pattern:") for r in rule])
    if "activity_code" in categorised:
        codes, values = _factorize(categorised["activity_code"])
        known = np.array([normalise_code(v) in tax.code_map for v in values] + [True])
        not_by_column = rule != "column:task_type"
        diag["unknown_codes"] = (codes, values, not_by_column & (codes >= 0) & ~known[codes])
    if "activity" in categorised:
        codes, values = _factorize(categorised["activity"])
        needed = np.unique(codes[from_text & (codes >= 0)])
        tied = np.full(len(values) + 1, "", dtype=object)
        tied[needed] = tax.match([values[k] for k in needed]).tied
        diag["tied"] = (codes, values, np.where(from_text, tied[codes], ""))
    return diag
