"""Hours each case of a caseload needs, from a time guide, and which cases have no holder.

A case's hours per month are its case type's hours per case-month in the guide
(the "should" figures when uplifts exist), optionally adjusted by the complexity
multipliers; the hours a worker has are the guide's hours for casework (the "should"
figure when uplifts on non-case work exist: fewer hours). Hours the guide suppresses are
never zero: they raise, or are NaN.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.ingest.case_types import synonym_of

ON_SUPPRESSED = ("raise", "nan")
WHAT_TO_DO = (
    "build the guide with a lower min_workers for internal use only "
    "(timestudy.build_guide(models, min_workers=...), not for publication), or calibrate "
    "your local study to a reference guide that publishes them "
    "(timestudy.calibrate(reference, local).to_guide())"
)


def suppression_reasons(guide: TimeGuide, table: str | tuple[str, ...], keys) -> str:
    why = guide.reasons(*((table,) if isinstance(table, str) else table))
    return "; ".join(f"{k}: {why.get(str(k)) or why.get('*') or 'not estimable'}" for k in keys)


#: Why a case type's should hours are withheld while its measured hours are shown (the
#: guide's ``case_types.uplift`` record), in the words of the headline and statements.
SHOULD_WITHHELD = ("with their uplift they would give back a task's hours the guide "
                   "withholds; the measured hours are shown")


def withheld_hours(guide: TimeGuide, case_type: str, should: bool = True) -> str:
    """Which hours per case-month of a case type the guide withholds, in words.

    ``"should hours"`` when the should figures are used and the guide shows the
    measured figure but withholds the uplift and should figure (a ``case_types.uplift``
    record: :data:`SHOULD_WITHHELD` says why); ``"hours"`` otherwise (the measured
    figure withheld, and the should one with it, or no row for the type). The one rule of
    the headline's ``not_costed`` and the statements.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide import Suppressed
    >>> ct = pd.DataFrame({"hours_per_case_month": [25.9, np.nan]}, index=["PRO", "CLA"])
    >>> g = SimpleNamespace(case_types=ct, suppressed=[
    ...     Suppressed("case_types.uplift", "PRO", "would give a cell back"),
    ...     Suppressed("case_types", "CLA", "fewer than 5 workers (3)")])
    >>> withheld_hours(g, "PRO"), withheld_hours(g, "CLA"), withheld_hours(g, "PRO", False)
    ('should hours', 'hours', 'hours')
    """
    ct = guide.case_types
    shown = case_type in ct.index and bool(np.isfinite(
        pd.to_numeric(pd.Series([ct.loc[case_type, "hours_per_case_month"]]),
                      errors="coerce").iloc[0]))
    uplift = any(x.table == "case_types.uplift" and x.key == case_type for x in guide.suppressed)
    return "should hours" if should and shown and uplift else "hours"


def check_on_suppressed(on_suppressed: str) -> None:
    if on_suppressed not in ON_SUPPRESSED:
        raise ValueError(f"on_suppressed must be one of {ON_SUPPRESSED}, not {on_suppressed!r}")


def check_weights(guide: TimeGuide, weights: pd.Series, present, where: str) -> None:
    """Refuse case types whose hours the guide suppresses: they are not zero hours."""
    bad = sorted({str(k) for k in present if k in weights.index and not np.isfinite(weights[k])})
    if bad:
        raise ConfigError(
            f"the {where} has case type(s) {bad} whose hours the guide suppresses "
            f"({suppression_reasons(guide, ('case_types.uplift', 'case_types'), bad)}), so they cannot be counted (and must not "
            f"count as zero hours): leave them out of the {where}, or {WHAT_TO_DO}")


def missing_type(caseload: pd.DataFrame) -> np.ndarray:
    """Which cases have no case type: a missing or blank ``case_type``.

    Such a case cannot be costed (nothing says which hours per case-month it needs):
    it is not costed, for its own reason
    (:data:`timestudy.capacity.headlines.NO_CASE_TYPE`), never dropped.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``case_type``.

    Returns
    -------
    ndarray of bool
        True for a case whose type is missing (None, NaN, NA) or blank, aligned with
        ``caseload``.

    Examples
    --------
    >>> missing_type(pd.DataFrame({"case_type": ["CP", None, float("nan"), " "]})).tolist()
    [False, True, True, True]
    """
    types = caseload["case_type"]
    none = types.isna().to_numpy(dtype=bool)
    blank = [v for v in pd.unique(types[~none]) if isinstance(v, str) and not v.strip()]
    return none | types.isin(blank).to_numpy(dtype=bool) if blank else none  # by type, not row


def misspelt_types(guide: TimeGuide, caseload: pd.DataFrame) -> dict[str, str]:
    """The caseload's case types that are a guide type spelt otherwise, with its spelling.

    A type the guide has no row for, but equal to one of its types once trimmed and
    case-folded (``'cin'``, ``'CIN '`` for ``'CIN'``), or another name of it in England
    (``'LAC'`` for ``'CLA'``: :data:`timestudy.ingest.case_types.SYNONYMS`), is a spelling
    error, not a type the diary held no case of: :func:`check_case_types` stops on it.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases with ``case_type``.

    Returns
    -------
    dict
        Each misspelt type (as the caseload spells it) to the guide's spelling, in
        sorted order; empty when there is none.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> misspelt_types(guide, pd.DataFrame({"case_type": ["CIN", "cin", "CP ", "NEW", None]}))
    {'CP ': 'CP', 'cin': 'CIN'}
    >>> misspelt_types(guide, pd.DataFrame({"case_type": ["LAC", "Child in Need"]}))
    {'Child in Need': 'CIN', 'LAC': 'CLA'}
    """
    known = [str(k) for k in guide.case_types.index]
    folded, named = {}, {}
    for k, usual in zip(known, synonym_of(pd.Series(known, dtype=object)), strict=True):
        folded.setdefault(k.strip().casefold(), k)  # the guide's types, a handful
        if isinstance(usual, str):
            named.setdefault(usual, k)
    types = pd.Series(sorted(set(caseload.loc[~missing_type(caseload), "case_type"]
                                 .astype(str).unique()) - set(known)), dtype=object)
    guide_type = types.str.strip().str.casefold().map(folded).fillna(
        synonym_of(types).map(named))  # 'cin' for 'CIN'; 'LAC' for 'CLA'
    return dict(zip(types[guide_type.notna()], guide_type.dropna(), strict=True))


def check_case_types(guide: TimeGuide, caseload: pd.DataFrame) -> None:
    """Refuse case types that are the guide's spelt otherwise (capitals, spaces).

    The one rule of the headline and the statements: such a type would otherwise be
    taken for a type the diary held no case of, and its cases left out as not costed
    for a false reason. Only a type truly absent from the guide is not costed.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases with ``case_type`` (and ``case_id``, named in the error when given).

    Returns
    -------
    None
        It returns nothing when no type is misspelt.

    Raises
    ------
    ConfigError
        One line naming each misspelt type, the guide's spelling, the first cases of it
        and the fix.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> check_case_types(guide, pd.DataFrame({"case_type": ["CIN", "NEW"]}))
    >>> check_case_types(guide, pd.DataFrame({"case_id": ["c1", "c2"], "case_type": ["CIN", "cin"]}))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: case type(s) ['cin'] are not in the guide as spelt (it has ['CIN', 'CLA', 'CP', 'PROCEEDINGS']): 'cin' is the guide's 'CIN' (case c2); spell them as the guide does in the caseload's case_type column (capitals, spaces and other names of a type count), or they cannot be costed
    """
    bad = misspelt_types(guide, caseload)
    if not bad:
        return
    types = caseload["case_type"].astype(object)
    ids = caseload["case_id"].astype(str) if "case_id" in caseload else \
        pd.Series([f"row {i}" for i in caseload.index], index=caseload.index)

    def which(t: str) -> str:
        these = ids[(types == t).to_numpy()].tolist()
        shown = ", ".join(these[:3]) + (", ..." if len(these) > 3 else "")
        return f"{'case' if 'case_id' in caseload else 'at'} {shown}"

    raise ConfigError(
        f"case type(s) {list(bad)} are not in the guide as spelt (it has "
        f"{[str(k) for k in guide.case_types.index]}): "
        + "; ".join(f"{t!r} is the guide's {g!r} ({which(t)})" for t, g in bad.items())
        + "; spell them as the guide does in the caseload's case_type column (capitals, "
        "spaces and other names of a type count), or they cannot be costed")


def with_uncosted_types(guide: TimeGuide, caseload: pd.DataFrame) -> TimeGuide:
    """The guide with a blank row for each case type of ``caseload`` it has no row for.

    A type the guide has no row for had no case-month in the diary (no diarist held a
    case of it on a working day; :data:`timestudy.capacity.headlines.NO_CASE_MONTHS`):
    its hours are unknown, as a suppressed type's, so its cases are not costed (NaN
    hours with ``on_suppressed="nan"``) rather than stopping the headline or the
    statements. The one rule of both; why each type is not costed is
    :func:`timestudy.capacity.headlines.not_costed` of the guide as it is. A type that
    is one of the guide's spelt otherwise is an error (:func:`check_case_types`), not a
    type with no case-month; a case with no type gets no row (:func:`missing_type`: its
    hours are NaN, not costed for that reason).

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases with ``case_type``.

    Returns
    -------
    TimeGuide
        ``guide`` itself when it has every type, else a copy whose ``case_types`` has
        the missing ones appended, every figure blank.

    Raises
    ------
    ConfigError
        When a type of ``caseload`` is one of the guide's spelt otherwise.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> wider = with_uncosted_types(guide, pd.DataFrame({"case_type": ["CIN", "NEW"]}))
    >>> wider.case_types.index[-1], bool(wider.hours_per_case_month().isna()["NEW"])
    ('NEW', True)
    >>> with_uncosted_types(guide, pd.DataFrame({"case_type": ["CIN"]})) is guide
    True
    """
    check_case_types(guide, caseload)
    ct = guide.case_types
    types = pd.Index(caseload.loc[~missing_type(caseload), "case_type"].astype(str).unique())
    new = types.difference(ct.index)
    if new.empty:
        return guide
    return replace(guide, case_types=ct.reindex(ct.index.append(new)))


def available_month(guide: TimeGuide, should: bool = True) -> float:
    """Hours for casework per FTE-month ("should": with the uplifts on non-case work, as
    :meth:`TimeGuide.available_hours` gives them); an error when the guide suppresses them."""
    month = float(guide.available_hours(should).loc["available_case_hours_per_fte_year",
                                                    "estimate"]) / 12
    if not np.isfinite(month):
        raise ConfigError(
            "the guide publishes no hours available per FTE "
            f"({suppression_reasons(guide, 'available', ['hours available'])}): {WHAT_TO_DO}")
    return month


def case_hours(guide: TimeGuide, caseload: pd.DataFrame, *, should: bool = True,
               use_multipliers: bool = False, on_suppressed: str = "raise") -> pd.Series:
    """Expected hours per month of each case in ``caseload``.

    By case type from the guide's case weights ("should" figures when uplifts
    exist); with ``use_multipliers`` the complexity multipliers adjust each
    case for its ``travel_miles``, ``n_professionals``, ``n_children`` and
    ``in_proceedings`` (then scaled by the case type's uplift).

    A case type (or multiplier) the guide suppresses has no hours: a
    :class:`~timestudy.errors.ConfigError` names it and what to do, or with
    ``on_suppressed="nan"`` its cases get NaN (never zero). So does a case with no case
    type (:func:`missing_type`). A type that is one of the guide's spelt otherwise
    (``'cin'`` for ``'CIN'``) is always an error (:func:`check_case_types`).

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case: ``case_type`` (and the complexity columns when
        ``use_multipliers``).
    should : bool
        Use the guide's "should" hours (default) or what was measured.
    use_multipliers : bool
        Adjust each case's hours by the complexity multipliers.
    on_suppressed : {"raise", "nan"}
        What a case of a suppressed type does.

    Returns
    -------
    Series
        ``hours_per_month``, aligned with ``caseload``.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> h = case_hours(guide, s.cases.head(3))
    >>> s.cases["case_type"].head(3).tolist()
    ['CLA', 'CP', 'CP']
    >>> bool((h == guide.hours_per_case_month().reindex(["CLA", "CP", "CP"]).to_numpy()).all())
    True
    """
    check_on_suppressed(on_suppressed)
    if "case_type" not in caseload:
        raise ConfigError("the caseload has no `case_type` column: give one case per row with "
                          "its case type (CIN, CP, CLA, PROCEEDINGS...)")
    weights = guide.hours_per_case_month(should)
    none = missing_type(caseload)
    if none.any() and on_suppressed == "raise":
        raise ConfigError(f"{int(none.sum())} case(s) of the caseload have no case type: give "
                          "each its case type in the case_type column (a case with no type "
                          "cannot be costed, and must not count as zero hours)")
    check_case_types(guide, caseload)  # a type spelt otherwise than the guide's
    present = set(caseload.loc[~none, "case_type"].astype(str).unique())  # not case by case
    unknown = sorted(present - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} are not in the guide (it has "
                          f"{list(weights.index)}): if they are spelt otherwise, map them to one "
                          "of these; if the diary held no such case on a working day, the guide "
                          "has no hours for them (use a guide from a study that has them)")
    ctype = caseload["case_type"].astype(object).where(~none).astype(str)  # no type: no hours
    if on_suppressed == "raise":
        check_weights(guide, weights, present, "caseload")
    if not use_multipliers:
        return ctype.map(weights).astype(float).rename("hours_per_month")
    m = guide.multipliers["multiplier"] if "multiplier" in guide.multipliers else pd.Series()
    if "baseline_hours_per_month" not in m.index:
        raise ConfigError("the guide has no complexity multipliers (the model could not be "
                          "fitted): cost cases without them (leave out --use-multipliers; "
                          "in Python, use_multipliers=False)")
    ref = guide.meta.get("reference_case_type")
    kinds = ctype.unique()  # each case type's multiplier looked up once, not once per case
    # A type with no term is the reference's (1.0), unless its hours are unknown (a type
    # the diary has no case-month of, or one withheld): then so is its multiplier.
    measured = guide.case_types["hours_per_case_month"].astype(float)
    type_m = ctype.map(pd.Series([1.0 if k == ref else m.get(
        f"case_type={k}", 1.0 if np.isfinite(measured.get(k, np.nan)) else np.nan)
        for k in kinds], index=kinds)).astype(float)
    parts = {"baseline_hours_per_month": pd.Series(m["baseline_hours_per_month"],
                                                   index=caseload.index, dtype=float),
             "case_type": type_m}
    log_h = np.log(parts["baseline_hours_per_month"]) + np.log(type_m)
    for term in ("travel_miles", "n_professionals", "n_children", "in_proceedings"):
        if term in m.index and term in caseload:
            x = caseload[term].astype(float).fillna(0)
            effect = np.where(x != 0, np.log(m[term]) * x, 0.0)  # a NaN multiplier only counts
            log_h = log_h + effect                               # for the cases it applies to
            parts[term] = pd.Series(np.where(x != 0, m[term], 1.0), index=caseload.index)
    if on_suppressed == "raise":
        bad = sorted({(f"case_type={k}" if name == "case_type" else name)
                      for name, v in parts.items() for k in ctype[~np.isfinite(v)].unique()})
        if bad:
            raise ConfigError(
                f"the guide suppresses the multiplier(s) {bad} the caseload needs "
                f"({suppression_reasons(guide, 'multipliers', bad)}): cost cases without them "
                f"(leave out --use-multipliers; in Python, use_multipliers=False), or "
                + WHAT_TO_DO)
    uplift = ctype.map(guide.case_types["uplift"]).astype(float) if should else 1.0
    return (np.exp(log_h) * uplift).rename("hours_per_month")


def no_holder(caseload: pd.DataFrame) -> np.ndarray:
    """Which cases have no holder: a blank ``worker_id`` (an unallocated case).

    An unallocated case still needs a worker's time: it counts in the hours and
    staff needed, though in no worker's load.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).

    Returns
    -------
    ndarray of bool
        True for a case with no holder, aligned with ``caseload``.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": pd.array(["W1", None], dtype="string")})
    >>> no_holder(c).tolist()
    [False, True]
    """
    if "worker_id" not in caseload:
        raise ConfigError("the caseload has no `worker_id` column: say who holds each case "
                          "(blank for a case with no holder)")
    return caseload["worker_id"].isna().to_numpy()


def not_listed(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> np.ndarray:
    """Which cases are held by a worker the workers table does not list.

    Such a holder's FTE is unknown, so the case is like one no listed worker
    holds: it counts in the hours and staff needed, while its holder has no
    hours available, no load and no FTE in post (the calculator's row of the
    cases no listed worker holds). Without a workers table every holder is
    taken as 1.0 FTE, so no case is flagged.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).
    workers : DataFrame or None
        The workers table, with ``worker_id``.

    Returns
    -------
    ndarray of bool
        True for a case with a holder who is not in ``workers``.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": pd.array(["W1", "W9", None], dtype="string")})
    >>> not_listed(c, pd.DataFrame({"worker_id": ["W1"]})).tolist()
    [False, True, False]
    """
    held = ~no_holder(caseload)
    if workers is None:
        return np.zeros(len(caseload), dtype=bool)
    ids = set(workers["worker_id"].astype(str))
    return held & ~caseload["worker_id"].astype(str).isin(ids).to_numpy()


def unlisted_note(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> str:
    """What the cases of holders missing from the workers table count in ('' when none).

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).
    workers : DataFrame or None
        The workers table, with ``worker_id`` (None: every holder is taken as listed).

    Returns
    -------
    str
        How many cases are held by how many holders not listed, naming them (the first
        five), and what they count in; ``""`` when there are none.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["W1", "W9", "W9"]})
    >>> unlisted_note(c, pd.DataFrame({"worker_id": ["W1"]}))
    '2 cases held by 1 worker not in the workers table (W9): no FTE counted for them (no hours available, load or FTE in post); their cases count in the hours and staff needed. Add them to the workers table with their FTE.'
    """
    off = not_listed(caseload, workers)
    if not off.any():
        return ""
    who = sorted(set(caseload.loc[off, "worker_id"].astype(str)))
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    n = int(off.sum())
    return (f"{n} case{'s' if n != 1 else ''} held by {len(who)} worker"
            f"{'s' if len(who) != 1 else ''} not in the workers table ({shown}): no FTE "
            "counted for them (no hours available, load or FTE in post); their cases count "
            "in the hours and staff needed. Add them to the workers table with their FTE.")


def check_fte(workers: pd.DataFrame | None) -> None:
    """Refuse a workers table with a blank ``fte``, as :func:`timestudy.read_workers` does.

    A blank FTE is unknown: taken as 1.0 in one table and 0 in another it would
    make the loads and the FTE in post disagree, so every table refuses it.

    Parameters
    ----------
    workers : DataFrame or None
        The workers table, with ``worker_id`` and ``fte``; None is accepted (no FTE
        to check).

    Returns
    -------
    None
        It returns nothing when every row has an FTE.

    Raises
    ------
    ConfigError
        When the table has no ``fte`` column, or rows with a blank FTE (naming them).

    Examples
    --------
    >>> check_fte(pd.DataFrame({"worker_id": ["W1"], "fte": [0.8]}))
    >>> check_fte(pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [0.8, None]}))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: the workers table has no fte for W2: every row needs one (a blank FTE is unknown, neither 0 nor 1.0); give each worker's FTE
    """
    if workers is None:
        return
    if "fte" not in workers:
        raise ConfigError("the workers table has no `fte` column: give each worker's FTE "
                          "(1.0 for full time)")
    blank = pd.to_numeric(workers["fte"], errors="coerce").isna().to_numpy()
    if blank.any():
        who = workers.loc[blank, "worker_id"].astype(str).tolist()
        raise ConfigError(f"the workers table has no fte for {', '.join(who[:10])}"
                          f"{', ...' if len(who) > 10 else ''}: every row needs one (a blank "
                          "FTE is unknown, neither 0 nor 1.0); give each worker's FTE")
