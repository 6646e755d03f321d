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
the guide, its JSON, the report and the workbook all say the same thing. The matrices (task
x case type hours) and the uplifts are protected in :mod:`timestudy.guide.matrix_disclosure`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from timestudy._lib.disclose import effective_workers, team_labels, too_few, worker_labels
from timestudy.panels.own_pieces import tasks_that_gave
from timestudy.stats.linear_audit import complement, given_back

__all__ = ["Suppressed", "reasons", "unknowns", "withheld_counts", "suppress_rows", "suppress_tasks", "suppress_case_types",
           "suppress_multipliers", "given_back", "complement", "proceedings_workers",
           "in_proceedings",
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
    >>> Suppressed("tasks", "court_hearing", "fewer than 5 workers").to_dict()
    {'table': 'tasks', 'key': 'court_hearing', 'reason': 'fewer than 5 workers'}
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


def withheld_counts(suppressed: list[Suppressed]) -> tuple[int, int]:
    """How many records of figures withheld rest on too few workers (their reason begins
    "fewer than"), and how many are withheld for another reason (most so that a withheld
    figure cannot be worked back from published ones): the one count of the guide's
    summary and of the ``timestudy guide`` console line.

    Examples
    --------
    >>> withheld_counts([Suppressed("tasks", "a", "fewer than 5 workers"),
    ...                  Suppressed("tasks", "b", "secondary suppression: ...")])
    (1, 1)
    """
    few = sum(str(s.reason).startswith("fewer than") for s in suppressed)
    return few, len(suppressed) - few


def unknowns(hidden: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which withheld figures a reader does not know, for a linear audit
    (:func:`complement`): the withheld ones but those that are zero.

    The one rule of every audit of the guide (the matrices', the shares' and the task
    rows'). A figure that is zero is taken as known, withheld or not: the worst case. Most
    are known indeed (a task with no pieces at all publishes ``n_pieces`` 0, so its full
    hours are 0 on every case type; a task never done on a case type), and one taken as
    unknown would count as a complement that protects nothing (audit28: CIN's case notes,
    0 as the task has no pieces, hid nothing; CIN's hours per case-month less its visits,
    17.467711 - 16.972675, gave the withheld assessment write-up back, 0.495036 h per
    case-month of one worker). So a complement is always a figure that is not zero.

    Parameters
    ----------
    hidden : ndarray of bool
        Which figures are withheld.
    values : ndarray of float
        Their values before suppression (NaN: no value, taken as zero).

    Returns
    -------
    ndarray of bool
        True for a withheld figure that is not zero: the unknowns of the audit.

    Examples
    --------
    >>> unknowns(np.array([True, True, False]), np.array([0.5, 0.0, 2.0])).tolist()
    [True, False, False]
    >>> unknowns(np.array([True]), np.array([np.nan])).tolist()
    [False]
    """
    v = np.asarray(values, dtype=float)
    return np.asarray(hidden, dtype=bool) & np.isfinite(v) & (v != 0)


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


def _fewer(min_workers: int, n: int, who: str = "workers", n_effective=None) -> str:
    """Why a figure is withheld, in words only: ``fewer than 5 workers``, or, when the head
    count is enough and the survey weights are not, ``fewer than 5 workers in effect under
    their survey weights``. The count itself is never said (the README's count rule: a
    count under ``min_workers`` is published as "fewer than 5" and no more; guide.json's
    reason of 2 workers gave what every other format hides). Only the whole study's
    reason (``n_effective`` given: :func:`timestudy.guide.build`'s table ``all``) says its
    workers by head, the published ``meta.n_workers``, and their number in effect.

    Examples
    --------
    >>> _fewer(5, 2), _fewer(5, 4, "workers on one side")
    ('fewer than 5 workers', 'fewer than 5 workers on one side')
    >>> _fewer(5, 8)
    'fewer than 5 workers in effect under their survey weights'
    >>> _fewer(5, 8, n_effective=3.21)
    'fewer than 5 workers in effect under their survey weights (8 by head, 3.2 in effect)'
    """
    if n < min_workers:
        return f"fewer than {min_workers} {who}"
    words = f"fewer than {min_workers} {who} in effect under their survey weights"
    if n_effective is None:
        return words
    eff = (f", {float(n_effective):.1f} in effect" if np.isfinite(float(n_effective))
           else "")
    return f"{words} ({int(n)} by head{eff})"


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
    per piece is over its pieces of their own, :mod:`timestudy.panels.own_pieces`);
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
    # (panels.own_pieces: a task whose pieces gave time to others): it rests on their workers
    gave = tasks_that_gave(pieces)
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
               effective_workers(together, weights.reindex(together).to_numpy()))
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
    return int(case_month["worker_id"].loc[in_proceedings(case_month)].nunique())


def in_proceedings(case_month: pd.DataFrame) -> np.ndarray:
    """Which case-months are in proceedings: ``in_proceedings`` true (a missing value is
    not), each distinct value judged once. The one rule of the guide's disclosure and its
    workers in effect (:func:`proceedings_workers`, ``guide.build``).

    Examples
    --------
    >>> cm = pd.DataFrame({"in_proceedings": [True, None, False, True]})
    >>> in_proceedings(cm).tolist()
    [True, False, False, True]
    """
    code, values = pd.factorize(case_month["in_proceedings"])  # missing: code -1
    truth = np.array([bool(v) for v in values] + [False], dtype=bool)  # each value once
    return truth[code]


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
