"""One spelling per case type in a cases table.

A guide publishes hours per case type, so two spellings of one type ("CIN" and "cin ",
"CLA" and "LAC") would silently split it into two types, each costed on half its cases.
:func:`one_spelling` takes, for each group of spellings that are one type, the table's most
common spelling, and says so in one warning naming the spellings and their counts:

1. spellings that differ only in capitals, white space or punctuation (``'cin '`` is
   ``'CIN'``, ``'Pre proceedings'`` is ``'Pre-proceedings'``; a ``+`` is kept);
2. spellings that are known names of one type in England (:data:`SYNONYMS`: ``'LAC'``,
   ``'Looked After'`` and ``'CLA'``; ``'Child in Need'`` and ``'CIN'``; ``'PLO'`` and
   ``'Pre-proceedings'``...);
3. a label that gives its abbreviation in brackets or after a dash, as case systems write
   them (``'Child Protection (CP)'``, ``'CIN - Child in Need'``), read by the abbreviation
   only when that is a known type and the label's other words are a known name of that
   same type. Any other label is its own type, by the whole label (review25a: by a shared
   abbreviation ``'Looked After Child (UASC)'`` had become ``'Child in Need (UASC)'``,
   ``'CWD - Looked After'`` ``'CWD - Child in Need'``, ``'Family and Friends (FF)'``
   ``'Fostering (FF)'``, and ``'CP - Child in Need step-down'`` and ``'CIN - Plus'`` CP
   and CIN): words beside an abbreviation may make a sub-type, so when in doubt a label
   is kept. Only its writing is folded: ``'Early Help (EH)'`` is ``'EH - Early Help'``;
   and a label whose abbreviation is its words' initials is those words
   (:func:`initials_of_words`, tables26: ``'Leaving Care (LC)'`` is ``'Leaving Care'``,
   ``'Early Help (EH)'`` ``'Early Help'``; ``'Looked After Child (UASC)'`` is kept).

One folding (:func:`spelling_key`) serves both the spellings and the known names, so a
``+`` makes another type in both (``'CIN+'`` is not ``'CIN'``).

A known type is published by its usual name (``'CLA'`` for ``'LAC'``) when that is an
abbreviation; else (``CARE_LEAVER``) by the table's most common spelling (``'Care Leaver'``).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.keys import fold_id

#: Names of one case type in England's children's social care, each folded (capitals,
#: spaces and punctuation taken out), by the type's usual name.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "CIN": ("cin", "childinneed", "childreninneed"),
    "CP": ("cp", "cpp", "cpplan", "childprotection", "childprotectionplan"),
    "CLA": ("cla", "lac", "cic", "lookedafter", "lookedafterchild", "lookedafterchildren",
            "childlookedafter", "childrenlookedafter", "childincare", "childrenincare"),
    "CARE_LEAVER": ("careleaver", "careleavers", "leavingcare"),
    "PROCEEDINGS": ("proceedings", "careproceedings"),
    "PLO": ("plo", "preproceedings", "publiclawoutline", "plopreproceedings"),
}
_KNOWN = {name: usual for usual, names in SYNONYMS.items() for name in names}

#: A label with its abbreviation (2 to 8 capitals or digits, a capital among them) in
#: brackets after it, or before or after a spaced dash.
_ABBREVIATED = (r"^(?P<l1>.*[a-z].*?)\s*\((?P<a1>(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,8})\)$"
                r"|^(?P<a2>(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,8})\s+[-\u2013\u2014:]\s+(?P<l2>.*[a-z].*)$"
                r"|^(?P<l3>.*[a-z].*?)\s+[-\u2013\u2014]\s+(?P<a3>(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,8})$")


#: Most labels a :func:`per_label` function keeps before it starts again (case types are
#: a handful a study; a property test's random labels are not kept without end).
_KEPT_MAX = 50_000


def per_label(fn: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
    """``fn`` (a label-by-label function of the labels as text) worked out once per distinct
    label and kept for the process: a cases table repeats a handful of types over its rows,
    and a guide run asks the same types' names again and again (the pandas calls' own cost,
    not the labels', was most of it: 15 calls of :func:`synonym_of` in a small guide run).

    Examples
    --------
    >>> calls = []
    >>> @per_label
    ... def upper(s):
    ...     calls.append(len(s))
    ...     return s.str.upper()
    >>> upper(pd.Series(["cin", "cp", "cin"])).tolist(), upper(pd.Series(["cp"])).tolist()
    (['CIN', 'CP', 'CIN'], ['CP'])
    >>> calls  # the distinct labels, each once
    [2]
    """
    kept: dict[str, object] = {}

    @functools.wraps(fn)
    def once(types: pd.Series) -> pd.Series:
        labels = types.astype(str)
        new = [v for v in labels.unique() if v not in kept]
        if new:
            if len(kept) > _KEPT_MAX:
                kept.clear()
            kept.update(zip(new, fn(pd.Series(new, dtype=object)).to_numpy(), strict=True))
        return pd.Series(labels.map(kept).to_numpy(), index=types.index, dtype=object)

    return once


@per_label
def spelling_key(types: pd.Series) -> pd.Series:
    """The key two spellings of one case type share: capitals, white space and punctuation
    folded (a ``+`` kept: ``'CIN+'`` is not ``'CIN'``).

    Examples
    --------
    >>> spelling_key(pd.Series(["CIN", " cin ", "Pre proceedings", "Pre-Proceedings"])).tolist()
    ['cin', 'cin', 'preproceedings', 'preproceedings']
    """
    folded = fold_id(pd.Index(types.astype(str))).str.replace(r"[^\w+]|_", "", regex=True)
    return pd.Series(folded, index=types.index)


def abbreviation(types: pd.Series) -> pd.DataFrame:
    """Each label's abbreviation and its other words, where it gives one in brackets or
    beside a spaced dash (else NaN).

    Examples
    --------
    >>> abbreviation(pd.Series(["Child Protection (CP)", "CIN - Child in Need", "Pre - x",
    ...                         "Care Leaver (16)"])).values.tolist()
    [['CP', 'Child Protection'], ['CIN', 'Child in Need'], [nan, nan], [nan, nan]]
    """
    got = types.astype(str).str.strip().str.extract(_ABBREVIATED)
    return pd.DataFrame({"abbr": got["a1"].fillna(got["a2"]).fillna(got["a3"]),
                         "words": got["l1"].fillna(got["l2"]).fillna(got["l3"])},
                        index=types.index)


#: Small words an abbreviation may leave out (``'Family and Friends (FF)'``).
_SMALL = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def initials_of_words(parts: pd.DataFrame) -> pd.Series:
    """Whether each label's abbreviation is the initials of its other words (of all of them,
    or of those but the small ones: :data:`_SMALL`): the label names its words and no more.

    ``'Leaving Care (LC)'`` is ``'Leaving Care'`` written with its abbreviation, as
    ``'Child Protection (CP)'`` is ``'Child Protection'``; ``'Looked After Child (UASC)'``
    is not ``'Looked After Child'``: an abbreviation other than the words' initials may
    make a sub-type.

    Parameters
    ----------
    parts : DataFrame
        :func:`abbreviation` of the labels (``abbr`` and ``words``; NaN when none).

    Returns
    -------
    Series of bool

    Examples
    --------
    >>> s = pd.Series(["Leaving Care (LC)", "Looked After Child (UASC)",
    ...                "Family and Friends (FF)", "Child in Need (CIN)", "CIN"])
    >>> initials_of_words(abbreviation(s)).tolist()
    [True, False, True, True, False]
    """
    labels = parts.dropna().drop_duplicates()  # a handful of labels, not rows
    same = []
    for abbr, words in labels.itertuples(index=False):
        split = pd.Series([words]).str.findall(r"[A-Za-z0-9]+")[0]
        big = [w for w in split if w.casefold() not in _SMALL]
        same.append(abbr.casefold() in {"".join(w[0] for w in ws).casefold()
                                        for ws in (split, big) if ws})
    found = pd.Series(same, index=pd.MultiIndex.from_frame(labels), dtype=bool)
    at = pd.MultiIndex.from_frame(parts[["abbr", "words"]])
    return pd.Series(found.reindex(at).fillna(False).to_numpy(bool), index=parts.index)


def _usual(types: pd.Series) -> pd.Series:
    """The usual name of each known name, by :func:`spelling_key` (one folding for both:
    ``'CIN+'`` is not ``'CIN'``), else NaN."""
    return spelling_key(types).map(_KNOWN)


@per_label
def synonym_of(types: pd.Series) -> pd.Series:
    """The usual name (:data:`SYNONYMS`) of each known case-type name, else NaN; a label
    with its abbreviation by the abbreviation, when its words name no other type.

    Examples
    --------
    >>> synonym_of(pd.Series(["LAC", "Looked-After", "child protection plan", "NEW",
    ...     "Looked After Child (LAC)", "CIN - Child in Need", "Child in Need (CP)",
    ...     "Leaving Care (LC)", "Care Proceedings (CP)"])).tolist()
    ['CLA', 'CLA', 'CP', nan, 'CLA', 'CIN', nan, 'CARE_LEAVER', nan]
    """
    whole = _usual(types)
    parts = abbreviation(types)
    by_abbr, by_words = _usual(parts["abbr"].fillna("")), _usual(parts["words"].fillna(""))
    agree = by_abbr.notna() & (by_words == by_abbr)  # words that are a name of it, no more
    # 'Leaving Care (LC)': its words' own initials, naming no other type ('Care
    # Proceedings (CP)' is kept: CP is child protection, a doubt, and a doubt keeps a label)
    own = initials_of_words(parts) & by_abbr.isna()
    return whole.fillna(by_abbr.where(agree)).fillna(by_words.where(own))


def _group(shown: pd.Series, known: pd.Series) -> pd.Series:
    """Each spelling's group: a known type by its usual name, any other label by the whole
    label's key, its words then its abbreviation when it gives one; by its words alone when
    the abbreviation is their initials (:func:`initials_of_words`: ``'Early Help (EH)'``
    is ``'EH - Early Help'`` and ``'Early Help'``; ``'Child in Need (UASC)'`` is not
    ``'Looked After Child (UASC)'``, nor ``'Disabled Children (DCT)'`` ``'DCT'``: the words
    may make a sub-type).

    Examples
    --------
    >>> s = pd.Series(["Early Help (EH)", "EH - Early Help", "Early Help",
    ...                "Child in Need (UASC)", "Looked After Child (UASC)", "CIN - Plus", "CIN+"])
    >>> _group(s, synonym_of(s)).tolist()
    ['=earlyhelp', '=earlyhelp', '=earlyhelp', '=childinneed|uasc', '=lookedafterchild|uasc', '=plus|cin', '=cin+']
    """
    parts = abbreviation(shown)
    words = spelling_key(parts["words"].fillna("")) + "|" + spelling_key(parts["abbr"].fillna(""))
    words = words.where(~initials_of_words(parts), spelling_key(parts["words"].fillna("")))
    key = spelling_key(shown).where(parts["abbr"].isna(), words)
    return known.where(known.notna(), "=" + key)


def _most_common(spelling: pd.Series, group: pd.Series) -> pd.Series:
    """Each spelling's group's most common spelling (ties: the first met in the table)."""
    counts = pd.DataFrame({"s": spelling.to_numpy(), "g": group.to_numpy()}).value_counts(
        sort=False).rename("n").reset_index()
    first = pd.Series(range(len(spelling)), index=spelling.to_numpy()).groupby(level=0).min()
    counts["first"] = counts["s"].map(first)
    best = counts.sort_values(["n", "first"], ascending=[False, True]).drop_duplicates("g")
    return group.map(best.set_index("g")["s"])


def one_spelling(types: pd.Series, name: str = "the cases table",
                 ids: pd.Series | None = None) -> pd.Series:
    """``types`` with each type spelt one way, and a warning naming every spelling changed.

    Parameters
    ----------
    types : Series
        The ``case_type`` column (blank: left as it is).
    name : str
        The table's name in the warning.
    ids : Series, optional
        The table's ``case_id``: the warning counts each spelling's distinct cases (a case
        listed on two rows, a transfer's two periods, is one case); without it, its rows.

    Returns
    -------
    Series
        The types, each group of spellings of one type (capitals, spaces and punctuation;
        the known names of :data:`SYNONYMS`; a label by the known abbreviation it gives when
        its words are a name of that type, others by the whole label) given its
        most common spelling in ``types``, a known type its usual name when that is an
        abbreviation (LAC is CLA, as the shipped standards and the workload name it; PLO
        is pre-proceedings; a CIN plan or court proceedings are no other name of one).

    Warns
    -----
    DataQualityWarning
        Naming each spelling changed, its count and the spelling taken, and the fix.

    Examples
    --------
    >>> t = pd.Series(["CIN", "CIN", "cin ", "LAC", "LAC", "CLA", None])
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     one_spelling(t).tolist()
    ['CIN', 'CIN', 'CIN', 'CLA', 'CLA', 'CLA', nan]
    >>> print(w[0].message)  # doctest: +ELLIPSIS
    the cases table spells one case type more than one way, counted as one: 'cin ' (1 case) as 'CIN' (2); 'LAC' (2 cases) as 'CLA' (1) (LAC and CLA are one type)...
    """
    given = types.notna() & types.astype(str).str.strip().ne("")
    if not given.any():
        return types
    shown = types[given].astype(str)
    known = synonym_of(shown)
    group = _group(shown, known)  # a known type by name, others by spelling
    taken = _most_common(shown, group)
    short = known.notna() & ~known.astype(str).str.contains("_")
    taken = known.where(short, taken)  # a known type by its usual name: CLA for LAC
    changed = shown != taken
    if not changed.any():
        return types
    _warn(shown, taken, changed, known, name, None if ids is None else ids[given])
    out = taken.reindex(types.index).where(given, types.astype(object))
    return out.astype(types.dtype) if str(types.dtype) == "string" else out


def _warn(shown: pd.Series, taken: pd.Series, changed: pd.Series, known: pd.Series,
          name: str, ids: pd.Series | None = None) -> None:
    """One warning naming each spelling changed, with its count of cases (of distinct
    ``ids`` when given, else of rows) and the spelling taken."""
    n = (shown.value_counts() if ids is None else
         pd.DataFrame({"s": shown.to_numpy(), "id": ids.astype(str).to_numpy()})
         .drop_duplicates()["s"].value_counts())
    pairs = pd.DataFrame({"s": shown[changed], "t": taken[changed], "k": known[changed]}
                         ).drop_duplicates("s")
    words = []
    for s, t, k in pairs.itertuples(index=False):  # a handful of spellings, not rows
        why = f" ({s.strip()} and {t.strip()} are one type)" if isinstance(k, str) and (
            spelling_key(pd.Series([s]))[0] != spelling_key(pd.Series([t]))[0]) else ""
        if t not in n:  # a usual name no row spells: said so, not "(0)"
            why = ", the usual name of the type (no row spells it so)"
        has = f" ({n[t]})" if t in n else ""
        words.append(f"{s!r} ({n[s]} case{'s' if n[s] != 1 else ''}) as {t!r}{has}{why}")
    warnings.warn(
        f"{name} spells one case type more than one way, counted as one: "
        + "; ".join(words) + ". Spell each type one way in the case_type column (the "
        "guide publishes hours per type as spelt, and two spellings would split one type "
        "in two)", DataQualityWarning, stacklevel=4)
