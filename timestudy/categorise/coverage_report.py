"""The coverage report of a categorisation: how much was categorised, by which rules, and what not.

Built by :func:`timestudy.coverage`. Time shares use ``counted_min`` when present
(overlapping time counted once), else ``duration_min``. The report lists workers'
own descriptions (uncategorised and ambiguous texts): keep it with the diary, not
in publications.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.arrow import dictionary_codes
from timestudy._lib.html import page
from timestudy.categorise.code_text import COLUMNS
from timestudy.categorise.taxonomy import UNCATEGORISED, Taxonomy
from timestudy.results import Result, Section

__all__ = ["CategoriseReport", "build_report"]

SOURCES = ("column", "code", "pattern", UNCATEGORISED)
#: Columns of :attr:`CategoriseReport.tool_task_types`.
TOOL = ["task_type", "category", "episodes", "minutes"]


@dataclass(frozen=True, repr=False)
class CategoriseReport(Result):
    """Coverage of a taxonomy on a diary.

    Attributes
    ----------
    taxonomy : str
        Name and version of the taxonomy.
    n_episodes : int
    minutes_total : float
        Total minutes (NaN when the episodes have no ``counted_min`` or ``duration_min``).
    by_source : DataFrame
        Index ``column``, ``code``, ``pattern``, ``uncategorised`` (what decided);
        columns ``episodes``, ``minutes``, ``share_episodes``, ``share_minutes``.
    by_category : DataFrame
        The same columns by category (``uncategorised`` included).
    rules : DataFrame
        One row per rule that fired: ``rule``, ``task_type``, ``category``,
        ``episodes``, ``minutes``, most minutes first.
    uncategorised : DataFrame
        The top uncategorised descriptions: ``activity``, ``activity_code``,
        ``episodes``, ``minutes``, most minutes first.
    ambiguous : DataFrame
        Texts matched by patterns of several task types at the same priority:
        ``activity``, ``task_type`` (chosen: listed first in the taxonomy),
        ``tied_with``, ``episodes``, ``minutes``.
    unknown_codes, unknown_task_types : DataFrame
        Values not in the taxonomy (``value``, ``episodes``, ``minutes``); such
        episodes fell back to the next rule. ``unknown_task_types`` is None when
        the report was built from already categorised episodes.
    code_contradicted : DataFrame
        Entries categorised by an activity code that their text contradicts at a high
        priority (:mod:`timestudy.categorise.code_text`): ``activity_code``,
        ``activity``, ``by_code``, ``by_text``, ``episodes``, ``minutes``. Empty when
        built from already categorised episodes.
    tool_task_types : DataFrame
        Entries the diary tool marked as not work (a break, time off) whose task type the
        taxonomy does not list, read as not work all the same
        (:mod:`~timestudy.categorise.tool_types`): ``task_type``, ``category``,
        ``episodes``, ``minutes``. Empty when there are none (the shipped taxonomy lists
        both).

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import coverage
    >>> eps = pd.DataFrame({"activity": ["home visit to child", "case notes", "zzz"],
    ...                     "duration_min": [60, 30, 10]})
    >>> rep = coverage(eps)
    >>> rep.n_episodes, rep.minutes_total, round(rep.share_minutes_categorised, 2)
    (3, 100.0, 0.9)
    >>> rep.uncategorised["activity"].tolist()
    ['zzz']
    """

    taxonomy: str
    n_episodes: int
    minutes_total: float
    by_source: pd.DataFrame
    by_category: pd.DataFrame
    rules: pd.DataFrame
    uncategorised: pd.DataFrame
    ambiguous: pd.DataFrame
    unknown_codes: pd.DataFrame
    unknown_task_types: pd.DataFrame | None
    code_contradicted: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    tool_task_types: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOOL))

    _digits = 3

    @property
    def share_episodes_categorised(self) -> float:
        """Share of episodes given a task type."""
        return 1.0 - float(self.by_source.at[UNCATEGORISED, "share_episodes"])

    @property
    def share_minutes_categorised(self) -> float:
        """Share of time given a task type (NaN without minutes)."""
        return 1.0 - float(self.by_source.at[UNCATEGORISED, "share_minutes"])

    def summary(self) -> pd.DataFrame:
        """Headline figures: one row per measure, column ``value``."""
        s = self.by_source
        rows = {
            "episodes": self.n_episodes,
            "hours": self.minutes_total / 60,
            "share of episodes categorised": self.share_episodes_categorised,
            "share of time categorised": self.share_minutes_categorised,
            "share of time by task_type column": s.at["column", "share_minutes"],
            "share of time by activity code": s.at["code", "share_minutes"],
            "share of time by text pattern": s.at["pattern", "share_minutes"],
            "share of time uncategorised": s.at[UNCATEGORISED, "share_minutes"],
            "distinct uncategorised descriptions listed": len(self.uncategorised),
            "ambiguous texts (tied priority)": len(self.ambiguous),
            "unknown activity codes": len(self.unknown_codes),
            "entries whose text contradicts their code": int(
                self.code_contradicted["episodes"].sum()) if len(self.code_contradicted) else 0,
        }
        if self.unknown_task_types is not None:
            rows["unknown task_type values"] = len(self.unknown_task_types)
        if len(self.tool_task_types):  # said only when there are some: the shipped lists both
            rows["entries not work as their diary tool marks them (not in the taxonomy)"] = int(
                self.tool_task_types["episodes"].sum())
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)}).rename_axis("measure")

    def to_frame(self) -> pd.DataFrame:
        """The rules that fired, with episodes and minutes (a copy of ``rules``)."""
        return self.rules.copy()

    def plot(self, ax=None):
        """Bar chart of the share of time by category, uncategorised included.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.coverage_plot`.
        """
        from timestudy.plots import coverage_plot

        col = "share_minutes" if np.isfinite(self.minutes_total) else "share_episodes"
        return coverage_plot(self.by_category, share=col, uncategorised=UNCATEGORISED,
                             title=f"Categorised by {self.taxonomy}", ax=ax)

    def to_dict(self) -> dict:
        """Everything in the report as plain Python (for JSON)."""

        def records(frame):
            return None if frame is None else json.loads(frame.to_json(orient="records"))

        return {
            "taxonomy": self.taxonomy,
            "summary": {
                k: (None if pd.isna(v) else float(v)) for k, v in self.summary()["value"].items()
            },
            "by_source": records(self.by_source.reset_index()),
            "by_category": records(self.by_category.reset_index()),
            "rules": records(self.rules),
            "uncategorised": records(self.uncategorised),
            "ambiguous": records(self.ambiguous),
            "unknown_codes": records(self.unknown_codes),
            "unknown_task_types": records(self.unknown_task_types),
            "code_contradicted": records(self.code_contradicted),
        } | ({"tool_task_types": records(self.tool_task_types)} if len(self.tool_task_types)
             else {})

    def redacted(self) -> CategoriseReport:
        """A copy whose listed descriptions have personal details redacted."""
        from dataclasses import replace

        from timestudy.privacy import redact_frame

        return replace(
            self,
            uncategorised=redact_frame(self.uncategorised, ["activity"]),
            ambiguous=None if self.ambiguous is None else redact_frame(
                self.ambiguous, [c for c in ("activity", "text") if c in self.ambiguous]),
            code_contradicted=redact_frame(self.code_contradicted, ["activity"]),
        )

    def write(self, path: str | Path, *, redact: bool = True) -> Path:
        """Write the report as HTML (``.html``) or JSON (``.json``); return the path.

        Listed descriptions are redacted (emails, phones, postcodes, NI numbers,
        dates of birth) unless ``redact`` is false.
        """
        path = Path(path)
        report = self.redacted() if redact else self
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
        else:
            path.write_text(page("Coverage", report._repr_html_()), encoding="utf-8")
        return path

    def _title(self) -> str:
        return f"Coverage of {self.taxonomy}"

    def _lead(self) -> list[str]:
        return [f"Categorised by {self.taxonomy}: {self.n_episodes} episodes."]

    def _sections(self) -> list[Section]:
        """By category; the texts to look at (uncategorised, tied); unknown values; rules."""
        listed = (
            ("Top uncategorised descriptions", self.uncategorised, False),
            ("Ambiguous texts (tied priority)", self.ambiguous, False),
            ("Unknown activity codes", self.unknown_codes, True),
            ("Unknown task_type values", self.unknown_task_types, True),
            ("Codes contradicted by their text", self.code_contradicted, False),
            ("Not work as the diary tool marks it (task types not in the taxonomy)",
             self.tool_task_types, True),
            ("Rules", self.rules, True),
        )
        return [Section("By category", table=self.by_category, digits=3, detail=True)] + [
            Section(title, table=frame, digits=1, index=False, detail=detail, text_rows=10)
            for title, frame, detail in listed
            if frame is not None and len(frame)
        ]



def _minutes(episodes: pd.DataFrame) -> np.ndarray | None:
    for col in ("counted_min", "duration_min"):
        if col in episodes:
            return pd.to_numeric(episodes[col], errors="coerce").fillna(0).to_numpy(float)
    return None


def _tally(keys: np.ndarray, n_keys: int, w: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    episodes = np.bincount(keys, minlength=n_keys)
    minutes = (
        np.bincount(keys, weights=w, minlength=n_keys) if w is not None else np.full(n_keys, np.nan)
    )
    return episodes, minutes


def _table(labels, keys, w, name: str, n: int, total: float) -> pd.DataFrame:
    eps, mins = _tally(keys, len(labels), w)
    out = pd.DataFrame({"episodes": eps, "minutes": mins}, index=pd.Index(labels, name=name))
    out["share_episodes"] = out["episodes"] / n if n else np.nan
    out["share_minutes"] = out["minutes"] / total if total else np.nan
    return out


def _grouped(mask, codes, values, w, top=None) -> pd.DataFrame:
    """Episodes and minutes per distinct value among the masked rows, most minutes first
    (then most episodes, then first seen).

    The values are counted on their integer codes (a named aggregation of a DataFrame
    grouped by them cost ten times as much); the minutes are summed by pandas, as before.

    Examples
    --------
    >>> codes = np.array([1, 0, -1, 1, 0])
    >>> _grouped(codes >= -1, codes, ["a", "b"], np.array([5.0, 10, 1, 5, 0])).values.tolist()
    [['b', 2, 10.0], ['a', 2, 10.0], ['(blank)', 1, 1.0]]
    """
    key, seen = pd.factorize(codes[mask])  # in order of first appearance; -1 (blank) too
    episodes = np.bincount(key, minlength=len(seen))
    minutes = (pd.Series(w[mask]).groupby(key).sum().to_numpy(float) if w is not None
               else np.zeros(len(seen)))  # an all-NaN sum is 0, as it was
    order = np.lexsort((-episodes, -minutes))[:top or None]  # stable: first seen first
    labels = np.array(list(values) + ["(blank)"], dtype=object)
    return pd.DataFrame({"value": labels[seen[order]], "episodes": episodes[order],
                         "minutes": minutes[order]})


def build_report(
    out: pd.DataFrame, tax: Taxonomy, diag: dict, *, top: int = 20
) -> CategoriseReport:
    """Assemble a :class:`CategoriseReport` from categorised episodes and diagnostics.

    ``diag`` holds the engine's integer codes (``task``: position in the taxonomy
    or -1; ``rule``: position in ``rule_vocab``) and what it found unknown or tied.
    """
    n, n_tasks = len(out), len(tax.task_types)
    w = _minutes(out)
    total = float(w.sum()) if w is not None else np.nan
    task = np.where(diag["task"] < 0, n_tasks, diag["task"])
    rule, vocab = diag["rule"], diag["rule_vocab"]

    source_of_rule = np.array([SOURCES.index(r.split(":", 1)[0]) for r in vocab])
    by_source = _table(list(SOURCES), source_of_rule[rule], w, "source", n, total)
    cats = tax.category_ids + [UNCATEGORISED]
    cat_of_task = np.array([cats.index(t.category) for t in tax.task_types] + [len(cats) - 1])
    by_category = _table(cats, cat_of_task[task], w, "category", n, total)

    key = rule * (n_tasks + 1) + task
    eps, mins = _tally(key, len(vocab) * (n_tasks + 1), w)
    hit = np.flatnonzero(eps)
    ids = np.array(tax.task_ids + [UNCATEGORISED], dtype=object)
    rules = pd.DataFrame(
        {
            "rule": np.array(vocab, dtype=object)[hit // (n_tasks + 1)],
            "task_type": ids[hit % (n_tasks + 1)],
            "category": np.array(cats, dtype=object)[cat_of_task[hit % (n_tasks + 1)]],
            "episodes": eps[hit],
            "minutes": mins[hit],
        }
    ).sort_values(["minutes", "episodes"], ascending=False, kind="stable")

    uncategorised = pd.DataFrame(columns=["activity", "episodes", "minutes"])
    un_mask = task == n_tasks
    if "activity" in out and un_mask.any():
        codes, values = _factorize_text(out["activity"])
        uncategorised = _grouped(un_mask, codes, values, w, top)
        uncategorised = uncategorised.rename(columns={"value": "activity"})
    elif un_mask.any():
        minutes = w[un_mask].sum() if w is not None else np.nan
        uncategorised = pd.DataFrame(
            {
                "activity": ["(no activity column)"],
                "episodes": [int(un_mask.sum())],
                "minutes": [minutes],
            }
        )

    ambiguous = pd.DataFrame(columns=["activity", "task_type", "tied_with", "episodes", "minutes"])
    if diag.get("tied") is not None:
        codes, values, tied, used = diag["tied"]
        mask = used & (tied != "")[codes]
        if mask.any():
            minutes = w[mask] if w is not None else np.nan
            frame = pd.DataFrame({"key": codes[mask], "task": task[mask], "minutes": minutes})
            g = frame.groupby(["key", "task"], sort=False).agg(
                episodes=("minutes", "size"), minutes=("minutes", "sum")
            )
            g = g.reset_index().sort_values(["minutes", "episodes"], ascending=False)
            keys = g["key"].to_numpy()
            ambiguous = pd.DataFrame(
                {
                    "activity": np.array(list(values) + ["(blank)"], dtype=object)[keys],
                    "task_type": ids[g["task"].to_numpy()],
                    "tied_with": tied[keys],
                    "episodes": g["episodes"].to_numpy(),
                    "minutes": g["minutes"].to_numpy(),
                }
            )

    def unknown(name):
        if diag.get(name) is None:
            return pd.DataFrame(columns=["value", "episodes", "minutes"])
        codes, values, mask = diag[name]
        return _grouped(mask, codes, values, w)

    return CategoriseReport(
        taxonomy=f"{tax.name} v{tax.version}",
        n_episodes=n,
        minutes_total=total,
        by_source=by_source,
        by_category=by_category,
        rules=rules.reset_index(drop=True),
        uncategorised=uncategorised,
        ambiguous=ambiguous,
        unknown_codes=unknown("unknown_codes"),
        unknown_task_types=None if diag.get("from_categorised") else unknown("unknown_task_types"),
        code_contradicted=diag.get("contradictions", pd.DataFrame(columns=COLUMNS)),
        tool_task_types=_tool_rows(rules, diag.get("tool_types") or []),
    )


def _tool_rows(rules: pd.DataFrame, tool: list[str]) -> pd.DataFrame:
    """The rows of :attr:`CategoriseReport.tool_task_types`: of ``rules``, those deciding
    by the ``task_type`` column one of ``tool`` (the task types a diary tool gave that the
    taxonomy does not list).

    Examples
    --------
    >>> r = pd.DataFrame({"rule": ["column:task_type", "code:BRK"], "task_type": "break",
    ...                   "category": "non_work", "episodes": [3, 1], "minutes": [115.0, 5]})
    >>> _tool_rows(r, ["break"]).values.tolist()
    [['break', 'non_work', 3, 115.0]]
    """
    hit = rules["rule"].eq("column:task_type") & rules["task_type"].isin(tool)
    return rules.loc[hit, TOOL].reset_index(drop=True)


def _factorize_text(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for missing) and the distinct values as text, in order of first appearance.

    Examples
    --------
    >>> codes, values = _factorize_text(pd.Series(["b", None, "a", "b"], dtype="str"))
    >>> codes.tolist(), values
    ([0, -1, 1, 0], ['b', 'a'])
    """
    encoded = dictionary_codes(values)  # Arrow text: what pd.factorize gives, without a copy
    if encoded is not None:
        return encoded[0], [str(u) for u in encoded[1].to_pylist()]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, [str(u) for u in uniques]
