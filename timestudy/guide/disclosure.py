"""Disclosure control: no figure from fewer than ``min_workers`` workers, directly or by difference.

Survey weights: every figure of the guide weighs its workers' rows by their survey weights
(:mod:`timestudy.models.per_fte_week`, the case-months' and pieces' ``weight``), so a figure
is withheld, too, when its workers are fewer than ``min_workers`` *in effect* (Kish's
``(sum w)^2 / sum w^2``, :func:`timestudy._lib.disclose.effective_workers`, by the one rule
:func:`too_few`). Each figure counts the weights of the workers it already counts by head:
a task's row those who recorded it (its full hours those with pieces of full time), a case
type's those holding its case-months, a matrix cell those with its pieces, a share those
with time in its category, the hours available the case-holding workers, the guide as a
whole every worker. The published ``n_workers`` stays the head count; the effective number
is not published (with the weights known to a manager it would tell whether a heavily
weighted worker is among a figure's workers), and a withheld figure's reason says only
"in effect". With equal weights (no weight column) the effective number is the head count
and nothing changes. The tables carry it as ``n_workers_effective`` (and
``n_workers_primary_effective``) while being suppressed only; :func:`timestudy.build_guide`
drops them.

Every withheld figure is a :class:`Suppressed` record (table, key, reason), so
the guide, its JSON, the report and the workbook all say the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from timestudy._lib.disclose import effective_workers, team_labels, too_few, worker_labels
from timestudy.stats.linear_audit import complement, given_back

if TYPE_CHECKING:
    from timestudy.guide.adjustments import Adjustments

__all__ = ["Suppressed", "reasons", "suppress_rows", "suppress_tasks", "suppress_case_types",
           "suppress_multipliers", "publish_matrix", "protect_matrices", "protect_uplifts",
           "MatrixProtection", "MATRIX_TABLES",
           "given_back", "complement", "proceedings_workers",
           "too_few", "worker_labels", "team_labels"]

ESTIMATES = {  # guide table -> columns that are {estimate, ci_low, ci_high} objects
    "tasks": ("direct_minutes", "full_hours", "full_hours_regression", "sittings_per_piece"),
    "case_types": ("hours_per_case_month", "event_hours_per_case_month", "relative_weight"),
}


@dataclass(frozen=True)
class Suppressed:
    """A figure, a row or the whole guide withheld, and why.

    Attributes
    ----------
    table : str
        ``tasks`` or ``case_types`` for a whole row; ``tasks.full_hours``,
        ``case_types.relative_weight``, ``case_types.uplift``, ``multipliers``,
        ``task_case_hours``, ``task_case_direct_hours``... for single figures;
        ``all`` for every figure of the guide.
    key : str
        The row (``CP``), the cell (``CP/statutory_visit``) or ``*``.
    reason : str
        Why, in words.

    Examples
    --------
    >>> Suppressed("tasks", "court_hearing", "fewer than 5 workers (3)").to_dict()
    {'table': 'tasks', 'key': 'court_hearing', 'reason': 'fewer than 5 workers (3)'}
    """

    table: str
    key: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The record as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> Suppressed:
        """The record from :meth:`to_dict` output."""
        return cls(str(raw["table"]), str(raw["key"]), str(raw["reason"]))


def reasons(suppressed: list[Suppressed], *tables: str) -> dict[str, str]:
    """Key -> reason of the records of ``tables``, with ``*`` for the whole guide.

    Examples
    --------
    >>> reasons([Suppressed("tasks", "a", "few"), Suppressed("all", "*", "too few")], "tasks")
    {'a': 'few', '*': 'too few'}
    """
    out = {s.key: s.reason for s in suppressed if s.table in tables}
    every = next((s.reason for s in suppressed if s.table == "all"), None)
    if every is not None:
        out.setdefault("*", every)
    return out


def _cols(frame: pd.DataFrame, bases: tuple[str, ...], extra: tuple[str, ...] = ()) -> list:
    """Columns of ``frame`` for estimates ``bases`` (with their intervals) and ``extra``."""
    return [c for base in bases for c in (base, f"{base}_ci_low", f"{base}_ci_high")
            if c in frame] + [c for c in extra if c in frame]


def _fewer(min_workers: int, n: int, who: str = "workers") -> str:
    """Why a figure is withheld: ``fewer than 5 workers (3)``, or, when the head count is
    enough and the survey weights are not, ``fewer than 5 workers in effect``."""
    if n >= min_workers:
        return (f"fewer than {min_workers} {who} in effect under their survey weights "
                f"({int(n)} by head)")
    return f"fewer than {min_workers} {who} ({int(n)})"


def _eff(table: pd.DataFrame, col: str = "n_workers") -> pd.Series | None:
    """The effective number beside a head count column, when the table has one."""
    return table.get(f"{col}_effective")


# What goes with a suppressed row, and with a suppressed single figure.
TASK_ROW = (ESTIMATES["tasks"],
            ("full_hours_should", "uplift", "hours_per_fte_week", "non_case_hours_per_fte_week",
             "estimates_disagree"))
CASE_ROW = (ESTIMATES["case_types"], ("hours_per_case_month_should", "uplift"))


def suppress_rows(table: pd.DataFrame, cols: tuple[str, ...], min_workers: int, label: str,
              extra: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list]:
    """Blank every figure of the rows from fewer than ``min_workers`` workers."""
    small = too_few(table["n_workers"], min_workers, _eff(table))
    out = table.copy()
    out.loc[small, _cols(out, cols, extra)] = np.nan
    notes = [Suppressed(label, str(k), _fewer(min_workers, n))
             for k, n in table.loc[small, "n_workers"].items()]
    return out, notes


def suppress_tasks(tasks: pd.DataFrame, pieces: pd.DataFrame, min_workers: int
                    ) -> tuple[pd.DataFrame, list]:
    """Suppress task rows, full hours by workers with pieces of full time, and the case split.

    A row (every figure) goes when fewer than ``min_workers`` workers recorded the
    task; ``full_hours`` (and ``full_hours_should``) when fewer recorded a piece
    of it with full time of its own, and so (with ``sittings_per_piece``) does
    ``direct_minutes`` of a task whose pieces gave time to others (travel, notes: its time
    per piece is over its pieces of their own, :mod:`timestudy.models.own_pieces`);
    ``non_case_hours_per_fte_week`` when either part of
    the task (with a case, without one) comes from fewer workers, as the other
    part would follow from the published total.
    """
    out, notes = suppress_rows(tasks, TASK_ROW[0], min_workers, "tasks", TASK_ROW[1])
    row_ok = ~too_few(tasks["n_workers"], min_workers, _eff(tasks))
    few_p = row_ok & too_few(tasks["n_workers_primary"], min_workers,
                             _eff(tasks, "n_workers_primary")) & tasks["full_hours"].notna()
    out.loc[few_p, _cols(out, ("full_hours",), ("full_hours_should",))] = np.nan
    notes += [Suppressed("tasks.full_hours", str(k),
               _fewer(min_workers, n, "workers with pieces of full time"))
              for k, n in tasks.loc[few_p, "n_workers_primary"].items()]
    # a travel or notes row's time per piece is over its pieces of their own
    # (models.own_pieces: a task whose pieces gave time to others): it rests on their workers
    gave = (pieces.loc[pieces["attributed_min"].to_numpy(float) > 0, "task_type"].unique()
            if "attributed_min" in pieces else [])
    few_own = row_ok & tasks.index.isin(gave) & too_few(
        tasks["n_workers_primary"], min_workers, _eff(tasks, "n_workers_primary")) & (
        tasks["direct_minutes"].notna() if "direct_minutes" in tasks else False)
    out.loc[few_own, _cols(out, ("direct_minutes", "sittings_per_piece"))] = np.nan
    notes += [Suppressed("tasks.direct_minutes", str(k),
               _fewer(min_workers, n, "workers with pieces of their own"))
              for k, n in tasks.loc[few_own, "n_workers_primary"].items()]
    on_case = pieces["case_id"].notna()
    used = pieces[["task_type", "worker_id"]]  # only the columns used: pieces are many
    parts = pd.DataFrame({
        "case": used.loc[on_case].groupby("task_type")["worker_id"].nunique(),
        "non_case": used.loc[~on_case].groupby("task_type")["worker_id"].nunique(),
    }).reindex(tasks.index).fillna(0)
    few_part = ((parts > 0) & (parts < min_workers)).any(axis=1)
    if _eff(tasks) is not None and "weight" in pieces:  # each side's workers in effect
        w = pieces["weight"]
        eff = pd.DataFrame({
            "case": effective_workers(used.loc[on_case, "worker_id"], w[on_case],
                                      by=used.loc[on_case, "task_type"]),
            "non_case": effective_workers(used.loc[~on_case, "worker_id"], w[~on_case],
                                          by=used.loc[~on_case, "task_type"]),
        }).reindex(tasks.index).fillna(0)
        few_part |= ((parts > 0) & eff.apply(too_few, args=(min_workers,))).any(axis=1)
    split = row_ok & few_part & (parts > 0).all(axis=1)
    if "non_case_hours_per_fte_week" in out:
        out.loc[split, "non_case_hours_per_fte_week"] = np.nan
        notes += [Suppressed("tasks.non_case_hours_per_fte_week", str(k),
                   "split between casework and non-case work: "
                   + _fewer(min_workers, parts.loc[k].min(), "workers on one side"))
                  for k in tasks.index[split]]
    return out, notes


def suppress_case_types(case_types: pd.DataFrame, reference: str | None, min_workers: int,
                        holders: pd.Series, weights: pd.Series | None = None
                        ) -> tuple[pd.DataFrame, list]:
    """Suppress case type rows; every relative weight when the reference type is suppressed.

    A relative weight is hours / reference hours: published next to the hours,
    it would give the suppressed reference figure back. The case-months of a suppressed
    row go too when another row is published: the case hours per FTE-week (times the
    FTE-weeks) less the published hours x case-months would leave the suppressed hours,
    and over its case-months its hours per case-month. That difference is itself the
    suppressed rows' hours together (the case hours per FTE-week are the hours worked less
    the non-case hours, both published), so more rows go (secondary suppression: not the
    reference type first, the fewest hours first) until the hidden rows with hours rest on
    ``min_workers`` workers together (``holders``: each case type's set of workers); one
    hidden row alone never does. With every row suppressed that leaves the average over
    all the study's workers, which may be shown. ``weights`` (worker -> survey weight,
    when they differ) count the hidden rows' workers together in effect as well.
    """
    out, notes = suppress_rows(case_types, CASE_ROW[0], min_workers, "case_types", CASE_ROW[1])
    hours = (case_types["hours_per_case_month"] * case_types["case_months"]).fillna(0)
    small = too_few(case_types["n_workers"], min_workers, _eff(case_types)).to_numpy()
    shielded = " and ".join(map(str, case_types.index[small & (hours.to_numpy() != 0)]))
    picked = _until_enough_workers(hours, small, holders, reference, min_workers, weights)
    hidden = small.copy()
    hidden[picked] = True
    for j in picked:
        k = case_types.index[j]
        out.loc[k, _cols(out, CASE_ROW[0], CASE_ROW[1])] = np.nan
        notes.append(Suppressed("case_types", str(k), "secondary suppression: with the case "
                                f"hours per FTE-week it would give the hours of {shielded} back"))
    small = set(case_types.index[hidden])
    if len(small) < len(case_types) and "case_months" in out:
        out.loc[out.index.isin(small), "case_months"] = np.nan
    if reference in small:
        out[_cols(out, ("relative_weight",))] = np.nan
        notes += [Suppressed("case_types.relative_weight", str(k),
                   f"the reference case type {reference} is suppressed "
                   f"({reasons(notes, 'case_types')[reference]})")
                  for k in case_types.index if k not in small]
    return out, notes


def _until_enough_workers(hours: pd.Series, hidden: np.ndarray, holders: pd.Series,
                          reference: str | None, min_workers: int,
                          weights: pd.Series | None = None) -> list[int]:
    """Rows to hide as well so that the hidden rows with hours rest on ``min_workers``
    workers together (their summed hours are the case time less the published rows'),
    in effect too under ``weights`` (worker -> survey weight)."""
    sets = [holders.get(k, set()) for k in hours.index]
    has, out = hours.to_numpy() != 0, []
    hidden = hidden.copy()
    order = sorted(np.flatnonzero(~hidden & has), key=lambda j: (hours.index[j] == reference,
                                                                 hours.iloc[j]))
    while (hidden & has).any() and order:
        together = sorted(set().union(*(sets[j] for j in np.flatnonzero(hidden & has))))
        eff = (None if weights is None else
               effective_workers(together, weights.reindex(together).fillna(1.0).to_numpy()))
        if not too_few(len(together), min_workers, eff):
            break
        j = order.pop(0)
        hidden[j] = True
        out.append(j)
    return out


def proceedings_workers(case_month: pd.DataFrame) -> int | None:
    """Workers holding cases in proceedings (None when the column is absent)."""
    if "in_proceedings" not in case_month:
        return None
    code, values = pd.factorize(case_month["in_proceedings"])  # missing: code -1
    truth = np.array([bool(v) for v in values] + [False], dtype=bool)  # each value once
    return int(case_month["worker_id"].loc[truth[code]].nunique())


def suppress_multipliers(mult: pd.DataFrame, case_types: pd.DataFrame, reference: str | None,
                          n_proceedings: int | None, min_workers: int,
                          proceedings_effective: float | None = None
                          ) -> tuple[pd.DataFrame, list]:
    """Suppress multipliers that rest on fewer than ``min_workers`` workers.

    ``case_type=K`` goes with a suppressed case type K (from too few workers, or
    secondary: its hours per case-month withheld); when the reference type
    is suppressed, the baseline and every case type multiplier (each is against
    the reference, so they give its hours back); ``in_proceedings`` when the
    cases in proceedings are held by fewer workers (by head, or in effect:
    ``proceedings_effective`` and the case types' ``n_workers_effective``).
    """
    out = mult.copy()
    if out.empty:
        return out, []
    n = case_types["n_workers"]
    few = too_few(n, min_workers, _eff(case_types))
    gone = few | case_types["hours_per_case_month"].isna()
    why: dict[str, str] = {}
    for k in n.index[gone]:
        why[f"case_type={k}"] = (f"case type {k}: {_fewer(min_workers, n[k])}"
                                 if few[k] else f"case type {k} is suppressed")
    if reference in n.index and gone[reference]:
        ref_why = (f"the reference case type {reference} is suppressed"
                   + (f" ({_fewer(min_workers, n[reference])})" if few[reference] else ""))
        for term in out.index:
            if term == "baseline_hours_per_month" or str(term).startswith("case_type="):
                why.setdefault(str(term), ref_why)
    if n_proceedings is not None and too_few(n_proceedings, min_workers,
                                             proceedings_effective):
        why["in_proceedings"] = ("cases in proceedings held by "
                                 + _fewer(min_workers, n_proceedings))
    terms = [t for t in out.index if str(t) in why]
    num = [c for c in out.select_dtypes("number").columns if c != "n_workers"]
    out.loc[terms, num] = np.nan
    return out, [Suppressed("multipliers", str(t), why[str(t)]) for t in terms]


def publish_matrix(matrix: pd.DataFrame, workers: pd.DataFrame, min_workers: int, label: str,
                    rows_out: set, cols_out: set, row_totals: bool = False,
                    effective: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list]:
    """The matrix as published: cells from fewer than ``min_workers`` workers are NaN.

    ``rows_out`` and ``cols_out`` (suppressed case types and tasks) go whole.
    Zero cells (no piece of work) are kept. With ``row_totals`` (the rows add up to
    a published figure, the hours per case-month) no hidden cell can be had by
    subtraction: see :func:`protect_matrices`, which does this for two matrices at once.
    ``effective`` (same shape as ``workers``) are the cells' workers in effect under their
    survey weights.
    """
    hide, notes = _primary_cells(matrix, workers, min_workers, label, rows_out, cols_out,
                                 effective)
    if row_totals:
        (hide,), more = _complement_rows((matrix,), (hide,), (label,), rows_out)
        notes += more
    return matrix.mask(hide), notes


def _primary_cells(matrix: pd.DataFrame, workers: pd.DataFrame, min_workers: int, label: str,
                   rows_out: set, cols_out: set, effective: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, list]:
    """Cells hidden for their own sake: from too few workers (by head or in effect), or in a
    row or column out."""
    w = workers.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    few = w < min_workers
    if effective is not None:
        e = effective.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
        few |= e.apply(too_few, args=(min_workers,)) & (w > 0)
    hide = few & (matrix.fillna(0) != 0)
    whole = pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
    whole.loc[whole.index.isin(rows_out)] = True
    whole.loc[:, whole.columns.isin(cols_out)] = True
    notes = [Suppressed(label, f"{k}/{t}", _fewer(min_workers, w.loc[k, t]))
             for (k, t), h in (hide & ~whole).stack().items() if h]
    return hide | whole, notes


def protect_matrices(full: pd.DataFrame, direct: pd.DataFrame, workers_full: pd.DataFrame,
                     workers_direct: pd.DataFrame, min_workers: int, rows_out: set,
                     cols_out: set, hidden: tuple | None = None,
                     columns: tuple | None = None, effective: tuple | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The full and direct task x case type matrices as published, protected together.

    Both have the same row totals (a case type's hours per case-month: every minute on
    a case is one piece's direct time and one piece's full time), and a cell with the
    same value in both (writing: full = direct) is one figure. After the primary
    suppression of each (:func:`publish_matrix`) a cell hidden in one is hidden in the
    other where the two are equal, and complementary cells are hidden until no hidden
    cell is determined by the published cells and the row totals
    (:func:`given_back`). The complementary cells are the smallest published ones of
    the row, in the same matrix first. ``hidden`` (two masks) are cells already hidden
    and recorded, e.g. by :func:`protect_uplifts`: only what follows from them is added.
    ``columns`` = (case-months by case type, task types) are the direct matrix's columns
    with a published total: a task's case hours (``hours_per_fte_week`` less
    ``non_case_hours_per_fte_week``, times the FTE-weeks) are the column times the
    case-months; those sums are protected too. ``effective`` (two frames like the workers')
    are the cells' workers in effect under their survey weights.
    """
    eff_f, eff_d = effective if effective is not None else (None, None)
    hide_f, notes = _primary_cells(full, workers_full, min_workers, "task_case_hours",
                                   rows_out, cols_out, eff_f)
    hide_d, more = _primary_cells(direct, workers_direct, min_workers,
                                  "task_case_direct_hours", rows_out, cols_out, eff_d)
    if hidden is not None:
        hide_f, hide_d, notes, more = hide_f | hidden[0], hide_d | hidden[1], [], []
    hides, more2 = _complement_rows((full, direct), (hide_f, hide_d),
                                    ("task_case_hours", "task_case_direct_hours"), rows_out,
                                    columns)
    return full.mask(hides[0]), direct.mask(hides[1]), notes + more + more2


def _complement_rows(matrices: tuple, hides: tuple, labels: tuple, rows_out: set,
                     columns: tuple | None = None) -> tuple[tuple, list]:
    """Complementary suppression of matrices with the same rows and row totals, cells equal
    in two of them being one figure, and ``columns`` = (case-months by row, the columns
    whose total of the last matrix times the case-months is published) (see
    :func:`protect_matrices`)."""
    cols, rows = matrices[0].columns, matrices[0].index
    n, R, M = len(cols), len(rows), len(matrices)
    vals = np.concatenate([m.reindex(columns=cols).fillna(0).to_numpy(float).ravel()
                           for m in matrices])
    nonzero = vals != 0
    given = np.concatenate([h.reindex(columns=cols, fill_value=False).to_numpy(bool).ravel()
                            for h in hides])
    hidden = given.copy()  # a zero cell of a row or column out is unknown too (null)
    eqs, links = [], []
    for j in range(M):
        for r in np.flatnonzero(~rows.isin(list(rows_out))):
            e = np.zeros(M * R * n)
            e[(j * R + r) * n:(j * R + r + 1) * n] = 1.0
            eqs.append(e)
    for c in np.flatnonzero(nonzero[:R * n]):  # equal cells: one figure in two matrices
        for j in range(1, M):
            if abs(vals[c] - vals[j * R * n + c]) < 1e-12:
                links.append((c, j * R * n + c))
    if columns is not None:
        months, shown = columns
        w = months.reindex(rows).fillna(0).to_numpy(float)
        for t in np.flatnonzero(cols.isin(list(shown))):
            e = np.zeros(M * R * n)
            e[(M - 1) * R * n + np.arange(R) * n + t] = w
            eqs.append(e)
    for a, b in links:
        e = np.zeros(M * R * n)
        e[a], e[b] = 1.0, -1.0
        eqs.append(e)
    A = np.array(eqs).reshape(len(eqs), M * R * n)  # published cells: known numbers
    notes = []

    def note(c, why):
        r, t = divmod(c % (R * n), n)
        notes.append(Suppressed(labels[c // (R * n)], f"{rows[r]}/{cols[t]}", why))

    for a, b in links:  # a figure hidden in one matrix is hidden in the other
        if hidden[a] != hidden[b]:
            c = b if hidden[a] else a
            hidden[c] = True
            note(c, "the same figure is suppressed in the "
                 + ("direct" if c == a else "full") + " hours table")

    def options(i, h):
        ri, ti = divmod(i % (R * n), n)
        free = np.flatnonzero(~h & nonzero)
        r, t = divmod(free % (R * n), n)
        key = np.lexsort((vals[free], free // (R * n) != i // (R * n), (r != ri) & (t != ti)))
        return [(c, [c]) for c in free[key]]

    new, picked = complement(A, hidden, options)
    for c in picked:
        note(c, "secondary suppression: with the row or column totals it would give a "
             "suppressed cell back")
    out = new.reshape(M, R, n)
    return tuple(pd.DataFrame(out[j], index=rows, columns=cols).reindex(columns=m.columns)
                 for j, m in enumerate(matrices)), notes


def protect_uplifts(published: pd.DataFrame, full: pd.DataFrame, case_types: pd.DataFrame,
                     adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Hide what a case type's uplift would give back of the hidden cells of its row.

    With the row's hours (``sum_t h[k, t]``), its uplift (``sum_t h[k, t] * u_t``
    over them, times the case type's own factor) and the published cells, the
    hidden cells of a row can be added up within each group of equal task
    uplifts when there are at most two groups: a group of one hidden cell would
    be given back. Such a row hides its smallest published cell of the same
    uplift, or else of a third uplift; failing both, the case type's uplift and
    "should" hours are suppressed.
    """
    notes: list = []
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    u = task_up.reindex(full.columns).fillna(1.0)
    if u.nunique() < 2:
        return published, case_types, notes
    published, case_types = published.copy(), case_types.copy()
    nonzero = full.reindex_like(published).fillna(0) != 0
    for k in published.index:
        if k not in case_types.index or not np.isfinite(case_types.loc[k, "uplift"]):
            continue
        if adjustments is not None and str(k) in adjustments.case_type_totals:
            continue  # its uplift comes from evidence, not from the row's hidden cells
        while True:
            hidden = published.loc[k].isna() & nonzero.loc[k]
            groups = u[hidden].value_counts()
            if len(groups) != 2 or not (groups == 1).any():
                break
            alone = groups.index[groups == 1][0]
            shown = ~published.loc[k].isna() & nonzero.loc[k]
            same = shown & (u == alone)
            other = shown & ~u.isin(groups.index)
            pick = same if same.any() else other
            if not pick.any():
                case_types.loc[k, ["uplift", "hours_per_case_month_should"]] = np.nan
                notes.append(Suppressed("case_types.uplift", str(k), "with the case type's hours it would give a suppressed task x "
                              "case type cell back"))
                break
            t = full.loc[k, pick[pick].index].idxmin()
            published.loc[k, t] = np.nan
            notes.append(Suppressed("task_case_hours", f"{k}/{t}", "secondary suppression: with the case type's uplift it would give "
                          "a suppressed cell back"))
    return published, case_types, notes


#: Tables of the task x case type matrices and of the uplifts they protect.
MATRIX_TABLES = ("task_case_hours", "task_case_direct_hours", "case_types.uplift")


@dataclass(frozen=True, repr=False, eq=False)
class MatrixProtection:
    """What publishing the task x case type matrices needs: the unsuppressed full and direct
    matrices, the workers behind each cell, and the rows, columns and column totals
    (:func:`protect_matrices`). Kept with a guide built from a study (in memory only), so
    that other uplifts (:func:`timestudy.guide.with_adjustments`) are protected exactly
    as :func:`timestudy.build_guide` protects its own."""

    full: pd.DataFrame
    direct: pd.DataFrame
    workers_full: pd.DataFrame
    workers_direct: pd.DataFrame
    min_workers: int
    rows_out: frozenset
    cols_out: frozenset
    columns: tuple | None = None
    effective: tuple | None = None

    def publish(self, case_types: pd.DataFrame, adjustments: Adjustments | None
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list]:
        """The full and direct matrices as published with ``adjustments``' uplifts, the
        case types (an uplift that would give a cell back withheld) and the records of
        every cell withheld: the matrices protected together, then each uplift's
        secondary cells (:func:`protect_uplifts`) and what they hide in the direct
        matrix, until nothing more is hidden.

        Parameters
        ----------
        case_types : DataFrame
            The guide's case types, with their uplifts (``uplift`` and the should
            columns); a case type whose uplift would give a withheld cell back has its
            should figures withheld in the copy returned.
        adjustments : Adjustments or None
            The uplifts the published matrices carry (None: as measured).

        Returns
        -------
        (DataFrame, DataFrame, DataFrame, list of Suppressed)
            The full and direct matrices as published (withheld cells NaN), the case
            types as published, and a record of every cell withheld and why.

        Examples
        --------
        A guide built from a study keeps its protection; publishing again with the
        same uplifts gives the matrix the guide publishes:

        >>> from timestudy import simulate_study, run_study
        >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
        >>> g = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
        >>> full, direct, case_types, withheld = g._protection.publish(g.case_types,
        ...                                                             g.adjustments)
        >>> full.equals(g.task_case_hours), bool(full.isna().any().any()) == bool(withheld)
        (True, True)
        """
        args = (self.full, self.direct, self.workers_full, self.workers_direct,
                self.min_workers, set(self.rows_out), set(self.cols_out))
        full, direct, notes = protect_matrices(*args, columns=self.columns,
                                               effective=self.effective)
        while True:
            full, case_types, more = protect_uplifts(full, self.full, case_types, adjustments)
            if not more:
                return full, direct, case_types, notes
            notes += more
            full, direct, more = protect_matrices(*args, hidden=(full.isna(), direct.isna()),
                                                  columns=self.columns,
                                                  effective=self.effective)
            notes += more
