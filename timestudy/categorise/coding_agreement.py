"""Agreement between automatic categorisation and human coding of the same episodes.

Cohen's kappa (Cohen 1960) at task-type and category level, with a confidence
interval from the large-sample standard error of Fleiss, Cohen and Everitt
(1969), the formula statsmodels' ``cohens_kappa`` also uses (its ``std_kappa``);
raw accuracy; time-weighted agreement (the share of minutes on which the two
codings agree) and the time-weighted kappa (kappa of the table of minutes, point
estimate only); and the confusion matrices, by episodes and by minutes.

References: Cohen J (1960), A coefficient of agreement for nominal scales,
Educational and Psychological Measurement 20:37-46. Fleiss JL, Cohen J, Everitt BS
(1969), Large sample standard errors of kappa and weighted kappa, Psychological
Bulletin 72:323-327. Fleiss JL, Levin B, Paik MC (2003), Statistical Methods for
Rates and Proportions, 3rd ed., chapter 18.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, UNCATEGORISED, Taxonomy, load_taxonomy
from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.results import Result
from timestudy.stats.kappa import cohens_kappa, kappa_row

__all__ = ["Agreement", "agreement"]

Tier = Literal["task_type", "category"]
TIERS: tuple[Tier, ...] = ("task_type", "category")


@dataclass(frozen=True, repr=False)
class Agreement(Result):
    """Agreement of automatic and manual coding of episodes.

    Attributes
    ----------
    manual, auto : str
        The columns compared (rows and columns of the confusion matrices).
    taxonomy : str
        The taxonomy that gives each task type its category.
    n_excluded : int
        Episodes left out because either coding was missing.
    level : float
        Level of the kappa confidence intervals.
    stats : DataFrame
        One row per tier (``task_type``, ``category``), in the columns of every
        agreement table (:data:`timestudy.stats.kappa.AGREEMENT_COLUMNS`):
        ``statistic`` (``cohen_kappa``), ``n`` (episodes compared), ``excluded``,
        ``observed_agreement`` (the accuracy of the automatic coding, taking the
        manual one as right), ``estimate`` (kappa), ``se``, ``ci_low``,
        ``ci_high``; then ``minutes``, ``time_weighted_agreement`` and
        ``time_weighted_kappa``.
    tables, minute_tables : dict of DataFrame
        Confusion matrices by tier, counting episodes and minutes (manual in
        rows, automatic in columns). ``minute_tables`` is empty without minutes.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import agreement
    >>> eps = pd.DataFrame({"manual_task_type": ["case_notes", "travel", "case_notes"],
    ...                     "task_type": ["case_notes", "travel", "chronology"],
    ...                     "duration_min": [30, 20, 10]})
    >>> a = agreement(eps)
    >>> a.n_excluded, a.stats.loc["task_type", ["n", "observed_agreement"]].tolist()
    (0, [3.0, 0.6666666666666666])
    >>> a.tables["task_type"].loc["case_notes", "chronology"]
    np.int64(1)
    """

    manual: str
    auto: str
    taxonomy: str
    n_excluded: int
    level: float
    stats: pd.DataFrame
    tables: dict
    minute_tables: dict

    _digits = 3

    def summary(self) -> pd.DataFrame:
        """The agreement statistics, one row per tier (a copy of ``stats``)."""
        return self.stats.copy()

    def _title(self) -> str:
        return f"Agreement of {self.auto} with {self.manual}"

    def _lead(self) -> list[str]:
        return [f"Taxonomy {self.taxonomy}; {self.n_excluded} episodes excluded (missing "
                f"coding); kappa CIs at {self.level:.0%} (Fleiss-Cohen-Everitt large-sample SE)."]

    def to_frame(self, by: Tier = "task_type", weight: str = "episodes") -> pd.DataFrame:
        """The confusion matrix at ``by``, counting ``episodes`` or ``minutes``."""
        _check_tier(by)
        if weight not in ("episodes", "minutes"):
            raise TimestudyError(f"`weight` must be 'episodes' or 'minutes', not {weight!r}")
        source = self.tables if weight == "episodes" else self.minute_tables
        if by not in source:
            raise TimestudyError("no minutes: the episodes had no `counted_min` or `duration_min`")
        return source[by].copy()

    def per_label(self, by: Tier = "task_type") -> pd.DataFrame:
        """Per label: episodes coded so by each side, agreed, recall, precision, specific agreement.

        ``recall`` is the share of the manual label's episodes the automatic coding
        agreed on, ``precision`` the share of the automatic label's episodes the
        manual coding agreed on, ``specific_agreement`` 2 x agreed / (manual + auto).
        """
        t = self.to_frame(by)
        agreed = pd.Series(np.diag(t.to_numpy()), index=t.index)
        out = pd.DataFrame({"manual": t.sum(axis=1), "auto": t.sum(axis=0), "agreed": agreed})
        with np.errstate(invalid="ignore", divide="ignore"):
            out["recall"] = out["agreed"] / out["manual"]
            out["precision"] = out["agreed"] / out["auto"]
            out["specific_agreement"] = 2 * out["agreed"] / (out["manual"] + out["auto"])
        return out.rename_axis(by)

    def plot(
        self, ax=None, by: Tier = "category", weight: str = "episodes", normalise: bool = True
    ):
        """Heatmap of the confusion matrix; rows (manual) as shares when ``normalise``.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.confusion_plot`.
        """
        from timestudy.plots import confusion_plot

        t = self.to_frame(by, weight)
        t = t.loc[
            (t.sum(axis=1) > 0) | (t.sum(axis=0) > 0), (t.sum(axis=0) > 0) | (t.sum(axis=1) > 0)
        ]
        if normalise:
            t = t.div(t.sum(axis=1).replace(0, np.nan), axis=0)
        k = self.stats.loc[by]
        title = (
            f"{by}: kappa {k['estimate']:.2f} "
            f"({k['ci_low']:.2f} to {k['ci_high']:.2f}), agreement {k['observed_agreement']:.2f}"
        )
        return confusion_plot(t, shares=normalise, title=title, manual=self.manual,
                              auto=self.auto, ax=ax)

    def statsmodels(self, by: Tier = "task_type"):
        """statsmodels' ``cohens_kappa`` result on the same table (an escape hatch)."""
        from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

        return sm_kappa(self.to_frame(by).to_numpy())

    def write(self, folder: str | Path) -> dict[str, Path]:
        """Write the statistics, confusion matrices (csv) and heatmaps (png) into ``folder``."""
        from timestudy.exports import write_csv
        from timestudy.plots import save_png

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"summary": folder / "agreement_summary.csv"}
        write_csv(self.stats, paths["summary"], index=True)
        for by in TIERS:
            paths[f"confusion_{by}"] = folder / f"confusion_{by}.csv"
            write_csv(self.to_frame(by), paths[f"confusion_{by}"], index=True)
            paths[f"per_label_{by}"] = folder / f"per_label_{by}.csv"
            write_csv(self.per_label(by), paths[f"per_label_{by}"], index=True)
            paths[f"heatmap_{by}"] = save_png(self.plot(by=by), folder / f"heatmap_{by}.png")
        return paths


def _check_tier(by: str) -> None:
    if by not in TIERS:
        raise TimestudyError(f"`by` must be one of {TIERS}, not {by!r}")


def _labels_order(values: list[str], tax_order: list[str]) -> list[str]:
    present = set(values)
    ordered = [v for v in tax_order if v in present]
    return ordered + sorted(present - set(ordered))


def _stats_row(counts: pd.DataFrame, minutes: pd.DataFrame | None, excluded: int,
               level: float) -> dict:
    row = kappa_row(counts.to_numpy(), excluded, level)
    if minutes is not None:
        km = cohens_kappa(minutes.to_numpy())
        row.update(
            minutes=km["n"], time_weighted_agreement=km["observed"], time_weighted_kappa=km["kappa"]
        )
    else:
        row.update(minutes=np.nan, time_weighted_agreement=np.nan, time_weighted_kappa=np.nan)
    return row


def agreement(
    episodes: pd.DataFrame,
    manual: str = "manual_task_type",
    auto: str = "task_type",
    *,
    taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY,
    level: float = 0.95,
) -> Agreement:
    """Agreement of automatic categorisation with human coding, at task-type and category level.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with the human coding in ``manual`` and the automatic one in
        ``auto`` (task type ids, or category ids). If ``auto`` is ``task_type``
        and the column is absent, the episodes are categorised first with
        ``taxonomy``. Minutes come from ``counted_min``, else ``duration_min``.
    manual, auto : str
        Column names.
    taxonomy : str, Path or Taxonomy
        Gives each task type its category.
    level : float
        Level of the kappa confidence intervals.

    Returns
    -------
    Agreement

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import agreement
    >>> eps = pd.DataFrame({
    ...     "manual_task_type": ["statutory_visit", "case_notes", "travel", "case_notes"],
    ...     "task_type": ["statutory_visit", "case_notes", "travel", "chronology"],
    ...     "duration_min": [60, 30, 20, 10]})
    >>> a = agreement(eps)
    >>> a.stats.loc[["category", "task_type"], "observed_agreement"].tolist()
    [1.0, 0.75]
    >>> round(float(a.stats.loc["task_type", "time_weighted_agreement"]), 3)
    0.917
    """
    if not isinstance(episodes, pd.DataFrame):
        raise TimestudyError(f"`episodes` must be a DataFrame, not {type(episodes).__name__}")
    if not 0 < level < 1:
        raise TimestudyError(f"`level` must be between 0 and 1, not {level}")
    tax = load_taxonomy(taxonomy)
    if auto not in episodes and auto == "task_type":
        from timestudy.categorise.rules import categorise

        episodes = categorise(episodes, tax)
    for role, col in (("manual", manual), ("auto", auto)):
        if col not in episodes:
            raise TimestudyError(
                f"`{role}` column {col!r} is not in the episodes; columns are "
                f"{list(episodes.columns)[:15]}: pass {role}=<column name>"
            )
    m = episodes[manual].astype("string").str.strip()
    a = episodes[auto].astype("string").str.strip()
    keep = (m.notna() & a.notna() & (m != "") & (a != "")).to_numpy(bool)
    if not keep.any():
        raise TimestudyError(f"no episode has both {manual!r} and {auto!r} coded")
    n_excluded = int((~keep).sum())
    m, a = m[keep].to_numpy(str), a[keep].to_numpy(str)
    w = None
    for col in ("counted_min", "duration_min"):
        if col in episodes:
            w = pd.to_numeric(episodes[col], errors="coerce").fillna(0).to_numpy(float)[keep]
            break
    cat_of = {**{c: c for c in tax.category_ids}, **tax.category_of, UNCATEGORISED: UNCATEGORISED}
    unknown = sorted((set(m) | set(a)) - set(cat_of))
    if unknown:
        warnings.warn(
            f"{len(unknown)} codes are neither task types nor categories of {tax.name!r} "
            f"({', '.join(unknown[:5])}{'...' if len(unknown) > 5 else ''}): at category level "
            "each counts as a category of its own; pass the taxonomy the coding used",
            DataQualityWarning,
            stacklevel=2,
        )
    tables, minute_tables, rows = {}, {}, {}
    for by in TIERS:
        lm = m if by == "task_type" else np.array([cat_of.get(v, v) for v in m])
        la = a if by == "task_type" else np.array([cat_of.get(v, v) for v in a])
        order = tax.task_ids if by == "task_type" else tax.category_ids
        labels = _labels_order(list(lm) + list(la), order + [UNCATEGORISED])
        rows_i = pd.Categorical(lm, categories=labels)
        cols_i = pd.Categorical(la, categories=labels)
        idx = pd.Index(labels, name=f"manual_{by}")
        cols = pd.Index(labels, name=f"auto_{by}")
        flat = rows_i.codes.astype(np.int64) * len(labels) + cols_i.codes.astype(np.int64)
        size = len(labels) ** 2
        counts = np.bincount(flat, minlength=size).reshape(len(labels), -1)
        tables[by] = pd.DataFrame(counts, index=idx, columns=cols)
        if w is not None:
            mins = np.bincount(flat, weights=w, minlength=size).reshape(len(labels), -1)
            minute_tables[by] = pd.DataFrame(mins, index=idx, columns=cols)
        rows[by] = _stats_row(tables[by], minute_tables.get(by), n_excluded, level)
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("tier")
    return Agreement(
        manual=manual,
        auto=auto,
        taxonomy=f"{tax.name} v{tax.version}",
        n_excluded=n_excluded,
        level=level,
        stats=table,
        tables=tables,
        minute_tables=minute_tables,
    )
