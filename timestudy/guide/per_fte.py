"""The figures per FTE a guide derives from its tables: computed, or as guide.json gave them.

The cases one FTE can hold (:func:`cases_per_month`; :func:`max_cases`, guide.json's
``max_cases_per_fte``) and the should hours for casework (guide.json's
``available_hours.measures.<measure>_should``) follow from the guide's tables. guide.json
writes each rounded to 6 decimals from the tables as they were; a guide read back holds its
tables rounded, and computing the figures again from those gave other last digits (a
40-worker guide's 18.602407 cases of CIN came back 18.602406; the 120-worker study's should
hours a year 1269.649998 came back 1269.649987). So a guide read back keeps the figures
guide.json gave (:func:`read_figures`) where the tables read give them again to the
rounding (:func:`agreeing_figures`: not a figure of a case type withheld by hand, nor of
hours changed by hand), beside the tables it read them with (:func:`kept_figures`), and
computes them afresh once such a table is another.

:class:`PerFteFigures` holds the methods of :class:`~timestudy.guide.TimeGuide` that give
these figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from timestudy.guide.adjustments import AVAILABLE_MEASURES, should_available

#: What each figure read back rests on: the tables it is kept beside.
RESTS_ON = {"available_should": ("available",),
            "max_cases_per_fte": ("available", "case_types")}
#: The columns of an estimate of hours available.
ESTIMATE = ("estimate", "ci_low", "ci_high")


def cases_per_month(mix: pd.Series, hours: pd.Series, month: float) -> float:
    """The cases one FTE can hold with the case mix ``mix`` (shares or counts of case types)
    of ``hours`` per case-month each, with ``month`` hours for casework a month: ``month``
    over the mix's mean hours per case-month (:meth:`TimeGuide.cases_per_fte
    <timestudy.guide.TimeGuide.cases_per_fte>`); NaN when the mix's case types took no
    measured time.

    Examples
    --------
    120 hours a month, cases of 5 and 10 hours half and half: 120 / 7.5 = 16 cases.

    >>> hours = pd.Series({"CIN": 5.0, "CP": 10.0})
    >>> cases_per_month(pd.Series({"CIN": 3.0, "CP": 3.0}), hours, 120.0)
    16.0
    >>> cases_per_month(pd.Series({"NEW": 1.0}), hours, 120.0)
    nan
    """
    per_case = float((mix / mix.sum() * hours.reindex(mix.index)).sum())
    if not per_case > 0:  # the mix's cases took no measured time: no limit follows
        return float("nan")
    return month / per_case


def max_cases(hours: pd.Series, case_types: pd.DataFrame, month: float) -> dict:
    """The most cases one FTE can hold: each case type alone (``by_case_type``) and the mix
    of the case types weighed by their ``case_months`` in ``case_types``
    (``case_months_mix``), of ``hours`` per case-month each, with ``month`` hours for
    casework a month; empty when no case type or no hours for casework are shown.

    Examples
    --------
    120 hours a month; CIN 5 h per case-month (30 case-months), CP 10 h (10): 24 and 12
    cases alone, 120 / 6.25 = 19.2 as the period's mix.

    >>> ct = pd.DataFrame({"case_months": [30.0, 10.0]}, index=["CIN", "CP"])
    >>> max_cases(pd.Series({"CIN": 5.0, "CP": 10.0}), ct, 120.0)
    {'by_case_type': {'CIN': 24.0, 'CP': 12.0}, 'case_months_mix': 19.2}
    >>> max_cases(pd.Series({"CIN": float("nan")}), ct, 120.0)
    {}
    """
    types = [k for k in hours.index if np.isfinite(hours[k])]
    if not np.isfinite(month) or not types:
        return {}
    mix = case_types["case_months"].astype(float).reindex(types)
    return {"by_case_type": {str(k): cases_per_month(pd.Series({k: 1.0}), hours, month)
                             for k in types},
            "case_months_mix": cases_per_month(mix, hours, month)}


def read_figures(raw: dict) -> dict | None:
    """The figures per FTE a guide.json gives that the guide derives from its tables, as
    plain data: ``max_cases_per_fte`` and ``available_should`` (the should rows of the
    hours available, by measure), each where guide.json has it in full; None when it has
    neither.

    Examples
    --------
    >>> raw = {"max_cases_per_fte": {"by_case_type": {"CIN": 18.602407},
    ...                              "case_months_mix": 14.084457},
    ...        "available_hours": {"measures": {"available_case_hours_per_fte_week": {}}}}
    >>> read_figures(raw)
    {'max_cases_per_fte': {'by_case_type': {'CIN': 18.602407}, 'case_months_mix': 14.084457}}
    >>> read_figures({"available_hours": {}}) is None
    True
    """
    out = {}
    cases = raw.get("max_cases_per_fte")
    if isinstance(cases, dict) and isinstance(cases.get("by_case_type"), dict):
        out["max_cases_per_fte"] = {
            "by_case_type": dict(cases["by_case_type"]),
            "case_months_mix": cases.get("case_months_mix")}
    measures = (raw.get("available_hours") or {}).get("measures") or {}
    should = [measures.get(f"{m}_should") for m in AVAILABLE_MEASURES]
    if all(isinstance(e, dict) for e in should):
        out["available_should"] = {m: {c: e.get(c) for c in ESTIMATE}
                                   for m, e in zip(AVAILABLE_MEASURES, should, strict=True)}
    return out or None


#: How near a figure read back must be to the one the tables read give again to be kept:
#: both rounded to 6 decimals, the one computed from tables rounded (18.602407 cases came
#: back 18.602406, 960.000024 h 960.00004), within a hundred-thousandth.
RTOL, ATOL = 1e-5, 1e-6


def _agree(read, again) -> bool:
    """Whether two runs of figures are the same within :data:`RTOL` (NaN as NaN)."""
    a, b = (np.array([_float(v) for v in x], dtype=float) for x in (read, again))
    return a.shape == b.shape and bool(np.isclose(a, b, rtol=RTOL, atol=ATOL,
                                                  equal_nan=True).all())


def agreeing_figures(figures: dict | None, case_types: pd.DataFrame,
                     available: pd.DataFrame) -> dict | None:
    """The figures read back (:func:`read_figures`) that the tables read with them give
    again (within :data:`RTOL`, the same case types): each kept as read, the others
    dropped, to be computed afresh from the tables (a figure of a case type withheld by
    hand, or of hours changed by hand, is not kept beside tables that contradict it).

    Parameters
    ----------
    figures : dict or None
        :func:`read_figures` of a guide.json.
    case_types, available : DataFrame
        Its tables as read (``available`` without the should rows).

    Returns
    -------
    dict or None
        The figures kept; None when none is.

    Examples
    --------
    120 h for casework a month (1440 a year), CIN 5 h per case-month: 24 cases, not 48.

    >>> av = pd.DataFrame({"estimate": [10.0, 30.0, 1440.0], "ci_low": [9.0, 29.0, 1392.0],
    ...                    "ci_high": [11.0, 31.0, 1488.0]}, index=list(AVAILABLE_MEASURES))
    >>> ct = pd.DataFrame({"hours_per_case_month_should": [5.0], "case_months": [30.0]},
    ...                   index=["CIN"])
    >>> read = {"max_cases_per_fte": {"by_case_type": {"CIN": 24.000001},
    ...                               "case_months_mix": 24.0}}
    >>> agreeing_figures(read, ct, av) == read
    True
    >>> agreeing_figures({"max_cases_per_fte": {"by_case_type": {"CIN": 48.0},
    ...                                         "case_months_mix": 48.0}}, ct, av) is None
    True
    """
    if not figures:
        return None
    out = {}
    rows, again = should_rows(figures), _computed(lambda: should_available(available))
    if rows is not None and again is not None and _agree(
            rows.to_numpy().ravel(), again.reindex_like(rows).to_numpy().ravel()):
        out["available_should"] = figures["available_should"]
    read = max_cases_read(figures)
    year = (rows if "available_should" in out else again)
    mine = None if read is None or year is None else _computed(lambda: max_cases(
        case_types["hours_per_case_month_should"].astype(float), case_types,
        float(year.loc["available_case_hours_per_fte_year", "estimate"]) / 12))
    if mine and mine["by_case_type"].keys() == read["by_case_type"].keys() and _agree(
            [*read["by_case_type"].values(), read["case_months_mix"]],
            [*(mine["by_case_type"][k] for k in read["by_case_type"]),
             mine["case_months_mix"]]):
        out["max_cases_per_fte"] = figures["max_cases_per_fte"]
    return out or None


def _computed(compute):
    """``compute()``, or None where the tables read lack what it needs."""
    try:
        return compute()
    except (KeyError, ValueError, TypeError):
        return None


def kept_figures(figures: dict | None, seen: dict | None, guide) -> dict | None:
    """The figures read back (:func:`read_figures`) that the guide keeps: each while the
    tables it rests on (:data:`RESTS_ON`) are those it was read with (``seen``: the
    ``_tables`` of the guide it was made from, None for one made afresh from a guide.json);
    None when it keeps none.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> av, ct = pd.DataFrame(), pd.DataFrame()
    >>> f = {"available_should": {}, "max_cases_per_fte": {}}
    >>> g = SimpleNamespace(available=av, case_types=ct.copy())  # other case types
    >>> kept_figures(f, {"available": av, "case_types": ct}, g)
    {'available_should': {}}
    >>> kept_figures(f, None, g) == f  # made afresh from what was read
    True
    """
    if not figures:
        return None
    out = {name: value for name, value in figures.items()
           if seen is None or all(seen.get(t) is getattr(guide, t) for t in RESTS_ON[name])}
    return out or None


def _float(value) -> float:
    return math.nan if value is None else float(value)


def should_rows(figures: dict | None) -> pd.DataFrame | None:
    """The should rows of the hours available as guide.json gave them (what
    :func:`~timestudy.guide.adjustments.should_available` computes), or None when none were
    read.

    Examples
    --------
    >>> f = read_figures({"available_hours": {"measures": {
    ...     f"{m}_should": {"estimate": 28.0, "ci_low": None, "ci_high": 29.0}
    ...     for m in AVAILABLE_MEASURES}}})
    >>> should_rows(f).loc["available_case_hours_per_fte_week"].tolist()
    [28.0, nan, 29.0]
    """
    rows = (figures or {}).get("available_should")
    if rows is None:
        return None
    return pd.DataFrame([[_float(rows[m][c]) for c in ESTIMATE] for m in AVAILABLE_MEASURES],
                        index=pd.Index(AVAILABLE_MEASURES, name="measure"),
                        columns=list(ESTIMATE))


def max_cases_read(figures: dict | None) -> dict | None:
    """``max_cases_per_fte`` as guide.json gave it (its numbers as floats, null as NaN),
    or None when it was not read.

    Examples
    --------
    >>> max_cases_read({"max_cases_per_fte": {"by_case_type": {"CIN": 18.602407},
    ...                                       "case_months_mix": None}})
    {'by_case_type': {'CIN': 18.602407}, 'case_months_mix': nan}
    """
    read = (figures or {}).get("max_cases_per_fte")
    if read is None:
        return None
    return {"by_case_type": {str(k): _float(v) for k, v in read["by_case_type"].items()},
            "case_months_mix": _float(read["case_months_mix"])}


class PerFteFigures:
    """The figures per FTE of a :class:`~timestudy.guide.TimeGuide` (its ``case_types``,
    ``available`` and the figures read back, ``_read_figures``): the methods the capacity
    figures, the report and guide.json read them by.

    Examples
    --------
    >>> from timestudy import TimeGuide
    >>> issubclass(TimeGuide, PerFteFigures)
    True
    """

    case_types: pd.DataFrame
    available: pd.DataFrame
    _read_figures: dict | None

    def hours_per_case_month(self, should: bool = True) -> pd.Series:
        """Hours per case-month by case type ("should" figures when uplifts exist)."""
        col = "hours_per_case_month_should" if should else "hours_per_case_month"
        return self.case_types[col]

    def available_hours(self, should: bool = True) -> pd.DataFrame:
        """Hours for casework per FTE-week and -year ("should" figures when uplifts on
        non-case work apply), as :meth:`hours_per_case_month` chooses its column.

        The should hours for casework per FTE-week are the contracted hours less the
        non-case work with each non-case task's hours times its uplift: the measured
        hours less the row ``non_case_uplift_hours_per_fte_week`` of ``available``
        (floored at 0). Their interval takes each side of the measured one in
        quadrature with the uplifts' (:func:`~timestudy.guide.adjustments.non_case_uplift`),
        so it is never narrower (but for the floor at 0). Without that row (no uplift on
        non-case work) the should figures are the measured ones. A guide read back from
        guide.json gives the should figures it gave (:func:`should_rows`).

        Parameters
        ----------
        should : bool
            The should hours (default) or the measured ones.

        Returns
        -------
        DataFrame
            Indexed by ``non_case_hours_per_fte_week``,
            ``available_case_hours_per_fte_week`` and ``available_case_hours_per_fte_year``,
            with ``estimate``, ``ci_low`` and ``ci_high``.

        Examples
        --------
        >>> from timestudy import simulate_study, run_study
        >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
        >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
        >>> guide.available_hours().equals(guide.available_hours(should=False))  # no uplift
        True
        """
        read = should_rows(self._read_figures) if should else None
        return should_available(self.available, should) if read is None else read

    def available_table(self, should: bool = True) -> pd.DataFrame:
        """The whole ``available`` table with its rows of :meth:`available_hours` (the
        should figures by default): what the capacity figures and the report read.

        Examples
        --------
        >>> from timestudy import simulate_study, run_study
        >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
        >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
        >>> guide.available_table().equals(guide.available)  # no uplift on non-case work
        True
        """
        rows = self.available_hours(should)
        if rows.equals(self.available_hours(False)):
            return self.available
        out = self.available.copy()
        shared = rows.index.intersection(out.index)
        out.loc[shared, rows.columns] = rows.loc[shared]
        return out

    @property
    def available_hours_per_fte_month(self) -> float:
        """Hours for casework a full-time worker has in an average month (the "should"
        figure of :meth:`available_hours`, which the capacity figures use)."""
        return self._case_hours_month(True)

    def _case_hours_month(self, should: bool) -> float:
        """Hours for casework per FTE-month: :meth:`available_hours`' year over 12."""
        return float(self.available_hours(should).loc["available_case_hours_per_fte_year",
                                                      "estimate"]) / 12

    def max_cases_per_fte(self) -> dict:
        """The most cases one FTE can hold (should figures): each case type alone
        (``by_case_type``) and the diary period's mix, the case types weighed by their
        case-months (``case_months_mix``); guide.json's ``max_cases_per_fte``, which the
        report shows, and for a guide read back the figures it gave
        (:func:`max_cases_read`). Not the headline's figure, whose mix is the
        caseload open on one day. Empty when no case type or no hours for casework are
        shown."""
        read = max_cases_read(self._read_figures)
        if read is not None:
            return read
        return max_cases(self.hours_per_case_month(True), self.case_types,
                         self.available_hours_per_fte_month)

    def cases_per_fte(self, mix: pd.Series, should: bool = True) -> float:
        """The cases one FTE can hold with the case mix ``mix`` (shares or counts of case
        types): hours for casework per FTE-month over the mix's mean hours per case-month;
        NaN when the mix's case types took no measured time. The arithmetic of
        :func:`timestudy.capacity.max_caseload`, which checks the mix first.

        Examples
        --------
        120 hours a month, cases of 5 and 10 hours half and half: 120 / 7.5 = 16 cases
        (tests/capacity hold a worked guide).
        """
        return cases_per_month(mix, self.hours_per_case_month(should),
                               self._case_hours_month(should))
