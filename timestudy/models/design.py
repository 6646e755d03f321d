"""The design of the case models, built once: response, design matrix, exposure, weights, workers.

:func:`case_design` turns the case-month panel into a :class:`CaseDesign` that
every case model (:func:`~timestudy.models.fit_complexity`,
:func:`~timestudy.models.fit_mixed`, :func:`~timestudy.models.compare_models`)
fits from: the design matrix is built with NumPy, its rank checked once (a term
that is constant, or a linear combination of the terms before it, is left out
and named), and cross-validation folds or smaller candidate models take rows or
columns of it rather than building it again. Extra terms given as a formula are
the only part built by a formula library (formulaic, imported only then).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.models.cases import default_reference

DRIVERS = ("travel_miles", "n_professionals", "n_children", "in_proceedings")
INTERCEPT = "intercept"
_RANK_TOL = 1e-9


def model_data(case_month: pd.DataFrame, drop_missing: bool = True) -> pd.DataFrame:
    """Case-months ready for the models: booleans as 0/1, exposure > 0, worker as a string.

    Rows missing a complexity driver are dropped (when ``drop_missing``), so that
    the exposure, weights and worker groups stay aligned with the rows the model uses.

    Examples
    --------
    >>> cm = pd.DataFrame({"case_type": ["CIN", "CP"], "worker_id": [1, 2],
    ...                    "case_months": [1.0, 0.0], "hours": [3.0, 0.0],
    ...                    "in_proceedings": [True, False]})
    >>> model_data(cm)[["worker_id", "in_proceedings", "weight"]].to_dict("records")
    [{'worker_id': '1', 'in_proceedings': 1.0, 'weight': 1.0}]
    """
    d = case_month
    if "case_months" in d:
        d = d.loc[d["case_months"] > 0]
    d = d.reset_index(drop=True).copy()
    for col in d.columns:
        if d[col].dtype == bool or str(d[col].dtype) == "boolean":
            d[col] = d[col].astype(float)
    for col in DRIVERS:
        if col in d:
            d[col] = pd.to_numeric(d[col], errors="coerce").astype(float)
    if "worker_id" in d:
        d["worker_id"] = d["worker_id"].astype(str)
    d["case_type"] = d["case_type"].astype(str)
    if "weight" not in d:
        d["weight"] = 1.0
    if drop_missing:
        d = d.dropna(subset=[c for c in DRIVERS if c in d]).reset_index(drop=True)
    return d


@dataclass(frozen=True)
class CaseDesign:
    """Everything a case model fits from, as arrays (n case-months, p columns).

    Attributes
    ----------
    X : ndarray (n, p)
        Design matrix: ``intercept``, one indicator per case type other than
        ``reference``, then the drivers and any extra terms the data support.
    columns : tuple of str
        Names of the columns: ``intercept``, ``case_type=K``, driver names.
    hours, exposure, weight : ndarray (n,)
        Hours in the diary period, case-months of exposure, survey weight.
    worker : ndarray (n,)
        Worker of each case-month (the cluster and random-effect group).
    reference : str
        The case type the ``case_type=K`` columns are against.
    levels : tuple of str
        Every case type, sorted; ``reference`` among them.
    dropped : tuple of str
        Terms left out: constant, or determined by the terms before them.
    n_missing : int
        Case-months left out because a driver was missing.
    formula : str or None
        The extra right-hand-side terms, as given.
    """

    X: np.ndarray
    columns: tuple[str, ...]
    hours: np.ndarray
    exposure: np.ndarray
    weight: np.ndarray
    worker: np.ndarray
    reference: str
    levels: tuple[str, ...]
    dropped: tuple[str, ...] = ()
    n_missing: int = 0
    formula: str | None = None
    _spec: Any = field(default=None, repr=False, compare=False)

    @property
    def offset(self) -> np.ndarray:
        """``log(exposure)``: coefficients then act on hours per case-month."""
        return np.log(self.exposure)

    @property
    def hours_per_month(self) -> np.ndarray:
        return self.hours / self.exposure

    @property
    def n_workers(self) -> int:
        return len(np.unique(self.worker))

    def describe(self) -> str:
        """The right-hand side in words, e.g. ``case_type (against CIN) + travel_miles``."""
        rest = [c for c in self.columns if c != INTERCEPT and not c.startswith("case_type=")]
        return " + ".join([f"case_type (against {self.reference})", *rest])

    def rows(self, keep: np.ndarray) -> CaseDesign:
        """The same design on a subset of rows (a boolean mask or indices): no rebuild."""
        return replace(self, X=self.X[keep], hours=self.hours[keep],
                       exposure=self.exposure[keep], weight=self.weight[keep],
                       worker=self.worker[keep])

    def select(self, names: list[str] | tuple[str, ...]) -> CaseDesign:
        """The same rows with only the named columns (a smaller candidate model)."""
        idx = [self.columns.index(c) for c in names]
        return replace(self, X=self.X[:, idx], columns=tuple(names))

    def matrix(self, cases: pd.DataFrame) -> np.ndarray:
        """The design matrix of other cases with the same columns (for predictions).

        Raises
        ------
        TimestudyError
            If a case type was not in the fitted data or a driver is missing.
        """
        data = model_data(cases.assign(case_months=1.0), drop_missing=False)
        absent = [c for c in self.columns if c not in data and c != INTERCEPT
                  and not c.startswith("case_type=") and c in (*DRIVERS, "cases_per_fte")]
        if absent:
            raise TimestudyError(f"cases lack the columns {absent}: a prediction needs every "
                                 "term of the model")
        unknown = sorted(set(data["case_type"]) - set(self.levels))
        if unknown:
            raise TimestudyError(f"case types {unknown} were not in the data the model was "
                                 f"fitted to ({list(self.levels)}): no multiplier for them")
        full = _columns(data, self.levels, self.reference, list(self.columns), self._spec)
        out = np.column_stack([full[c] for c in self.columns])
        if np.isnan(out).any():
            bad = [c for c in self.columns if np.isnan(full[c]).any()]
            raise TimestudyError(f"cases miss values of {bad}: a prediction needs every term")
        return out


def case_design(
    case_month: pd.DataFrame,
    *,
    reference: str | None = None,
    pressure: bool = False,
    formula: str | None = None,
) -> CaseDesign:
    """Build the design of the case models once from the case-month panel.

    Columns in order: intercept, case type indicators against ``reference``
    (treatment coding), the drivers in :data:`DRIVERS` present in the data,
    ``cases_per_fte`` when ``pressure``, then the terms of ``formula``. The
    rank is checked once, column by column: a term that is constant or a linear
    combination of the columns before it (``in_proceedings`` when only
    PROCEEDINGS cases are in proceedings, say) is left out and named in
    ``dropped``.

    Parameters
    ----------
    case_month : DataFrame
        The case-month panel (:func:`timestudy.panels.case_month`): ``case_type``,
        ``worker_id``, ``case_months``, ``hours``, the drivers, ``weight``.
    reference : str, optional
        Case type of the baseline (CIN when present, else the first).
    pressure : bool
        Add ``cases_per_fte`` (caseload pressure).
    formula : str, optional
        Extra right-hand-side terms in formulaic syntax.

    Returns
    -------
    CaseDesign

    Examples
    --------
    >>> cm = pd.DataFrame({"case_type": ["CIN", "CP", "CP", "CIN"], "worker_id": list("abab"),
    ...                    "case_months": 1.0, "hours": [2.0, 5.0, 6.0, 3.0],
    ...                    "travel_miles": [1.0, 4.0, 2.0, 0.0], "n_children": 1.0})
    >>> d = case_design(cm)
    >>> d.columns, d.dropped
    (('intercept', 'case_type=CP', 'travel_miles'), ('n_children',))
    """
    data = model_data(case_month)
    n_in = int((case_month["case_months"] > 0).sum()) if "case_months" in case_month else len(
        case_month)
    if data.empty:
        raise TimestudyError("no case-month has exposure and every driver: nothing to model")
    levels = tuple(sorted(data["case_type"].unique()))
    reference = reference or default_reference(pd.Index(levels))
    if reference not in levels:
        raise TimestudyError(f"reference case type {reference!r} is not in the data "
                             f"(case types: {list(levels)})")
    wanted = [c for c in (*DRIVERS, *(["cases_per_fte"] if pressure else [])) if c in data]
    spec = None
    if formula:
        spec = _formula_spec(formula, data)
    full = _columns(data, levels, reference, None, spec)
    names, dropped = _full_rank(full, wanted)
    return CaseDesign(
        X=np.column_stack([full[c] for c in names]), columns=tuple(names),
        hours=data["hours"].to_numpy(float), exposure=data["case_months"].to_numpy(float),
        weight=data["weight"].to_numpy(float), worker=data["worker_id"].to_numpy(str),
        reference=reference, levels=levels, dropped=tuple(dropped),
        n_missing=n_in - len(data), formula=formula, _spec=spec)


def _formula_spec(formula: str, data: pd.DataFrame):
    """The formulaic model spec of the extra terms (formulaic imported only when asked)."""
    from formulaic import model_matrix

    rhs = formula.strip().lstrip("+").strip()
    try:
        return model_matrix(f"1 + {rhs}", data).model_spec
    except Exception as exc:  # formulaic raises many types for a bad formula
        raise TimestudyError(f"formula {formula!r} could not be read ({type(exc).__name__}: "
                             f"{exc}): give extra terms like 'np.log1p(travel_miles)' or "
                             "'travel_miles:n_children'") from exc


def _columns(data: pd.DataFrame, levels: tuple[str, ...], reference: str,
             only: list[str] | None, spec) -> dict[str, np.ndarray]:
    """Every candidate column by name (or just those in ``only``)."""
    n = len(data)
    out: dict[str, np.ndarray] = {INTERCEPT: np.ones(n)}
    ct = data["case_type"].to_numpy()
    for k in levels:
        if k != reference:
            out[f"case_type={k}"] = (ct == k).astype(float)
    for c in (*DRIVERS, "cases_per_fte"):
        if c in data and (only is None or c in only):
            out[c] = pd.to_numeric(data[c], errors="coerce").to_numpy(float)
    if spec is not None:
        extra = spec.get_model_matrix(data)
        for c in extra.columns:
            if c != "Intercept":
                out[str(c)] = np.asarray(extra[c], float)
    return out


def _full_rank(full: dict[str, np.ndarray], wanted: list[str]) -> tuple[list[str], list[str]]:
    """Keep the base columns, then each candidate that adds a direction to those kept.

    Gram-Schmidt (twice, for stability) on the kept columns: a candidate whose
    residual is below ``1e-9`` of its norm is a combination of the columns before it.
    """
    base = [c for c in full if c == INTERCEPT or c.startswith("case_type=")]
    rest = [c for c in full if c not in base and (c in wanted or c not in (*DRIVERS,
                                                                           "cases_per_fte"))]
    basis = np.linalg.qr(np.column_stack([full[c] for c in base]))[0]
    kept, dropped = list(base), []
    for c in rest:
        x = full[c]
        if not np.isfinite(x).all():
            raise TimestudyError(f"term {c!r} has {int((~np.isfinite(x)).sum())} missing or "
                                 "infinite values: fill them, or leave the term out")
        norm = float(np.linalg.norm(x))
        r = x - basis @ (basis.T @ x)
        r = r - basis @ (basis.T @ r)
        rn = float(np.linalg.norm(r))
        if norm == 0 or rn <= _RANK_TOL * norm:
            dropped.append(c)
            continue
        kept.append(c)
        basis = np.column_stack([basis, r / rn])
    return kept, dropped
