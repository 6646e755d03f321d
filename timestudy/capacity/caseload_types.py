"""A caseload's case types against a guide's: the cases with no type, the types that are one
of the guide's spelt otherwise (an error), and the guide widened by a blank row for each type
it has no row for (not costed). The one rule of the headline, the loads and the statements;
:func:`timestudy.capacity.need.case_hours` costs the cases by it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.ingest.case_types import synonym_of


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
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
    >>> misspelt_types(guide, pd.DataFrame({"case_type": ["CIN", "cin", "CP ", "NEW", None]}))
    {'CP ': 'CP', 'cin': 'CIN'}
    >>> misspelt_types(guide, pd.DataFrame({"case_type": ["LAC", "Child in Need"]}))
    {'Child in Need': 'CIN', 'LAC': 'CLA'}
    """
    known = [str(k) for k in guide.case_types.index]
    types = pd.Series(sorted(set(caseload.loc[~missing_type(caseload), "case_type"]
                                 .astype(str).unique()) - set(known)), dtype=object)
    if types.empty:  # every type is the guide's: no other name to look up (issue 18)
        return {}
    folded, named = {}, {}
    for k, usual in zip(known, synonym_of(pd.Series(known, dtype=object)), strict=True):
        folded.setdefault(k.strip().casefold(), k)  # the guide's types, a handful
        if isinstance(usual, str):
            named.setdefault(usual, k)
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
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
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
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
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
    return guide.derive(case_types=ct.reindex(ct.index.append(new)))
