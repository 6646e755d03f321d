"""Grouping keys folded to one spelling: ``QEH``, ``Qeh``, `` qeh `` and ``Q.E.H.`` are one site.

A key is folded by: Unicode NFKC, hyphens, underscores and slashes as spaces, other
punctuation removed, runs of white space as one space, trimmed, upper case. An alias
table in the mapping (``aliases: {site: {Queen Elizabeth Hospital: QEH}}``) merges
spellings that folding cannot; aliases are looked up by their folded spelling and
applied first. Which columns are folded is the mapping's ``normalise_keys`` (default
``[site]``). The spellings merged into each key are listed in the quality report.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["fold", "fold_keys", "normalise_columns"]


def fold(values: pd.Series) -> pd.Series:
    """Folded spellings (see the module notes); missing values stay missing.

    Examples
    --------
    >>> fold(pd.Series(["QEH", " qeh ", "Q.E.H.", "Branford  Taitt polyclinic ", None])).tolist()
    ['QEH', 'QEH', 'QEH', 'BRANFORD TAITT POLYCLINIC', <NA>]
    """
    text = values.astype("string").str.normalize("NFKC")
    text = text.str.replace(r"[-_/\\]+", " ", regex=True)
    text = text.str.replace(r"[^\w\s]+", "", regex=True)
    text = text.str.replace(r"\s+", " ", regex=True).str.strip().str.upper()
    return text.where(text != "", pd.NA)


def fold_keys(values: pd.Series, aliases: dict[str, str] | None = None) -> pd.Series:
    """Keys of ``values``: aliases applied, then folded; computed once per distinct spelling.

    Examples
    --------
    >>> fold_keys(pd.Series(["Queen Elizabeth Hosp.", "qeh"]),
    ...           {"Queen Elizabeth Hosp": "QEH"}).tolist()
    ['QEH', 'QEH']
    """
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    spelled = pd.Series(pd.array(uniques, dtype="string"))
    keys = fold(spelled)
    if aliases:
        table = dict(zip(fold(pd.Series(list(aliases), dtype="string")),
                         fold(pd.Series(list(aliases.values()), dtype="string")), strict=True))
        keys = keys.map(lambda k: table.get(k, k) if k is not pd.NA else k).astype("string")
    out = pd.array(list(keys) + [pd.NA], dtype="string")[codes]
    return pd.Series(out, index=values.index, dtype="string")


def normalise_columns(
    frame: pd.DataFrame, columns: tuple[str, ...], aliases: dict[str, dict[str, str]]
) -> tuple[pd.DataFrame, dict[str, dict[str, list[str]]]]:
    """Fold the grouping ``columns`` present in ``frame`` (a copy); the original spellings go to
    ``<column>_as_written``. Returns the frame and, per column, each key that merged more than
    one spelling with those spellings.

    Examples
    --------
    >>> f, merged = normalise_columns(pd.DataFrame({"site": ["QEH", "Qeh", "ECPC"]}), ("site",), {})
    >>> f["site"].tolist(), merged
    (['QEH', 'QEH', 'ECPC'], {'site': {'QEH': ['QEH', 'Qeh']}})
    """
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame, {}
    frame = frame.copy()
    merged: dict[str, dict[str, list[str]]] = {}
    for col in present:
        written = frame[col].astype("string")
        keys = fold_keys(written, aliases.get(col))
        pairs = pd.DataFrame({"key": keys, "as_written": written}).dropna().drop_duplicates()
        many = pairs.groupby("key")["as_written"].agg(lambda s: sorted(s))
        many = many[many.map(len) > 1]
        if len(many):
            merged[col] = {str(k): list(v) for k, v in many.items()}
        frame[f"{col}_as_written"] = written
        frame[col] = keys
    return frame, merged


def fold_id(ids: pd.Index) -> pd.Index:
    """Ids with case and every white space folded: the key two spellings of one id share.

    Examples
    --------
    >>> fold_id(pd.Index(["W1", " w 1 ", "W\\u00a01"])).tolist()
    ['w1', 'w1', 'w1']
    """
    return ids.astype(str).str.replace(r"\s+", "", regex=True).str.casefold()
