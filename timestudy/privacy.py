"""Personal data: keyed pseudonyms, redaction of free text, and spreadsheet-safe exports.

- :func:`pseudonymise` replaces ``worker_id`` and ``case_id`` with keyed HMAC-SHA256
  tokens. The same key gives the same token in every file (diary, cases,
  workers), ids first spelt as their table spells them (:func:`spelt_as_tables`,
  the guide's rule), so tables join as the guide joins the originals; without the
  key nobody can go back or test a guess. The key comes from the ``TIMESTUDY_KEY`` environment variable or a key
  file and is never written anywhere.
- :func:`redact` replaces emails, UK phone numbers, UK postcodes, National
  Insurance numbers, dates that look like dates of birth and listed names with
  ``[REDACTED]``.
- :func:`neutralise_formulas` makes text cells that start with ``=``, ``+``,
  ``-``, ``@`` (or a tab or carriage return) inert in CSV and Excel, so that a
  crafted diary cannot run a formula on the machine of whoever opens an export.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from timestudy.errors import ConfigError

KEY_ENV = "TIMESTUDY_KEY"
REDACTED = "[REDACTED]"
ID_KINDS = {"worker_id": "W", "case_id": "C"}


def load_key(key: str | bytes | None = None, key_file: str | Path | None = None) -> bytes:
    """The pseudonymisation key: given, from ``key_file``, or from ``$TIMESTUDY_KEY``.

    Raises
    ------
    ConfigError
        When no key is found or it is shorter than 16 characters.
    """
    if key is None and key_file is not None:
        try:
            key = Path(key_file).read_bytes().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the key file ({exc.strerror})",
                              source=str(key_file)) from exc
    if key is None:
        key = os.environ.get(KEY_ENV)
    if not key:
        raise ConfigError(f"no pseudonymisation key: set the {KEY_ENV} environment variable or "
                          "give a key file (e.g. `openssl rand -hex 32 > study.key`); keep it "
                          "out of the study folder and never share it")
    key = key.encode() if isinstance(key, str) else bytes(key)
    if len(key) < 16:
        raise ConfigError(f"the pseudonymisation key is {len(key)} characters: use at least 16 "
                          "(e.g. `openssl rand -hex 32`)")
    return key


def tokens(values: pd.Series, key: bytes, kind: str = "worker_id", length: int = 12) -> pd.Series:
    """Keyed tokens for ``values``: ``W-`` or ``C-`` and ``length`` hex digits of HMAC-SHA256.

    Missing values stay missing; each distinct value is hashed once.

    Examples
    --------
    >>> tokens(pd.Series(["Jo Bloggs", None, "Jo Bloggs"]), b"0123456789abcdef").tolist()
    ['W-87ecb37b6525', <NA>, 'W-87ecb37b6525']
    """
    prefix = ID_KINDS.get(kind, kind[:1].upper())
    s = _spelt(values)
    uniq = s.dropna().unique()
    mapping = {
        v: f"{prefix}-" + hmac.new(key, f"{kind}\x1f{v}".encode(), hashlib.sha256).hexdigest()[
            :length]
        for v in uniq
    }
    return s.map(mapping).astype("string")


def pseudonymise(
    tables: pd.DataFrame | Mapping[str, pd.DataFrame],
    *,
    key: str | bytes | None = None,
    key_file: str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    length: int = 12,
    listed_in: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Replace worker and case identifiers with keyed tokens, consistently across tables.

    Parameters
    ----------
    tables : DataFrame or mapping of name to DataFrame
        The diary, cases and workers tables (any subset); not modified.
    key, key_file
        The secret key (see :func:`load_key`); ``$TIMESTUDY_KEY`` by default.
    columns : mapping, optional
        Column name -> kind (``worker_id`` or ``case_id``); by default every
        column named ``worker_id`` or ``case_id``.
    length : int
        Hex digits of each token (12 gives 48 bits: collisions are negligible
        for any caseload).
    listed_in : mapping, optional
        Id kind -> the names (keys of ``tables``) of the table that lists those ids, e.g.
        ``{"worker_id": ["workers"], "case_id": ["cases"]}``: ids elsewhere are first spelt
        as that table spells them, by the guide's rule (:func:`spelt_as_tables`), so the
        copies join as the guide joins the originals. None: every id hashed as spelt.

    Returns
    -------
    DataFrame or dict
        Copies with the identifier columns replaced.

    Examples
    --------
    >>> diary = pd.DataFrame({"worker_id": ["ann"], "case_id": ["C1"]})
    >>> cases = pd.DataFrame({"case_id": ["C1"], "worker_id": ["ann"]})
    >>> out = pseudonymise({"diary": diary, "cases": cases}, key="a-long-secret-key!")
    >>> out["diary"]["case_id"].iloc[0] == out["cases"]["case_id"].iloc[0]
    True
    """
    secret = load_key(key, key_file)
    single = isinstance(tables, pd.DataFrame)
    frames = {"table": tables} if single else dict(tables)
    columns = dict(columns or {})
    if listed_in:
        frames = spelt_as_tables(frames, columns, listed_in)[0]
    out = {}
    for name, frame in frames.items():
        frame = frame.copy()
        cols = columns or {c: c for c in frame.columns if c in ID_KINDS}
        for col, kind in cols.items():
            if col in frame:
                frame[col] = tokens(frame[col], secret, kind, length)
        out[name] = frame
    return out["table"] if single else out


def _spelt(values: pd.Series) -> pd.Series:
    """Ids as a token hashes them: text, trimmed, blank as missing."""
    return values.astype("string").str.strip().replace("", pd.NA)


def _id_columns(frame: pd.DataFrame, columns: Mapping[str, str], kind: str) -> list[str]:
    """The columns of ``frame`` holding ids of ``kind`` (``columns``, else by name)."""
    named = columns or {c: c for c in frame.columns if c in ID_KINDS}
    return [c for c, k in named.items() if k == kind and c in frame.columns]


def spelt_as_tables(frames: Mapping[str, pd.DataFrame], columns: Mapping[str, str] | None,
                    listed_in: Mapping[str, Iterable[str]]) -> tuple[dict[str, pd.DataFrame], dict]:
    """Each id spelt as the table listing its kind spells it, by the rule the guide joins on.

    A token hashes an id's spelling, so two spellings the guide takes for one id (the
    diary's ``W02`` for the workers table's ``w02``) would become two tokens that join
    nothing. Here, before any token is made, every id of a kind outside its table (the
    diary's, and the holders of a cases table) that is not one of the table's ids but
    equals exactly one of them once case and white space are folded takes that id's
    spelling: the guide's own rule, called, not copied
    (:func:`timestudy.ingest.worker_ids.match_worker_ids`,
    :func:`~timestudy.ingest.case_ids.match_case_ids`,
    :func:`~timestudy.ingest.holder_ids.fold_holders`). An id that folds to none (or to
    two) is left as spelt, as the guide leaves it, with the table id its digits match but
    for leading zeros (the guide's "did you mean") recorded: once hashed, nobody could
    find it.

    Parameters
    ----------
    frames : mapping of name to DataFrame
        The tables; not modified.
    columns : mapping or None
        Column -> id kind (None: the columns named ``worker_id`` and ``case_id``).
    listed_in : mapping
        Id kind -> the names in ``frames`` of the table (or tables) listing those ids.

    Returns
    -------
    frames : dict
        Copies with ids spelt as their table spells them (trimmed); the same frames
        where nothing changed.
    said : dict
        ``folded``: one record per spelling taken as a table id (``kind``, ``name``,
        ``as_read``, ``as_table``, ``rows``); ``unknown``: one per id its table does not
        list (``kind``, ``name``, ``id``, ``rows``, ``near``: the table id it matches but
        for leading zeros, or None).

    Examples
    --------
    >>> diary = pd.DataFrame({"worker_id": ["W02", "W02", "W1"], "case_id": ["c 7", "C7", None]})
    >>> workers = pd.DataFrame({"worker_id": ["w02", "W01"]})
    >>> cases = pd.DataFrame({"case_id": ["C7"], "worker_id": ["W01"]})
    >>> out, said = spelt_as_tables({"diary": diary, "workers": workers, "cases": cases},
    ...     None, {"worker_id": ["workers"], "case_id": ["cases"]})
    >>> out["diary"]["worker_id"].tolist(), out["diary"]["case_id"].tolist()
    (['w02', 'w02', 'W1'], ['C7', 'C7', <NA>])
    >>> [(f["as_read"], f["as_table"], f["rows"]) for f in said["folded"]]
    [('W02', 'w02', 2), ('c 7', 'C7', 1)]
    >>> [(u["id"], u["rows"], u["near"]) for u in said["unknown"]]
    [('W1', 1, 'W01')]
    """
    from timestudy.ingest.worker_ids import _folded, _near  # the guide's rule, written once

    out, said = dict(frames), {"folded": [], "unknown": []}
    for kind, names in listed_in.items():
        names = [n for n in names if n in frames]
        listed = [_spelt(frames[n][c]) for n in names for c in _id_columns(frames[n],
                                                                             columns, kind)]
        table = pd.Index(pd.concat(listed).dropna().unique().astype(str)) if listed else None
        if table is None or table.empty:
            continue
        for name in [n for n in frames if n not in names]:
            for col in _id_columns(frames[name], columns, kind):
                ids = _spelt(frames[name][col])
                rows = ids.value_counts()
                missing = pd.Index(rows.index.astype(str)).difference(table)
                to = _folded(missing, table)
                if to:
                    out[name] = out[name].assign(**{col: ids.replace(to)})
                left = missing.difference(pd.Index(list(to)))
                near = _near(left, table)
                said["folded"] += [{"kind": kind, "name": name, "as_read": a, "as_table": b,
                                    "rows": int(rows[a])} for a, b in to.items()]
                said["unknown"] += [{"kind": kind, "name": name, "id": u, "rows": int(rows[u]),
                                     "near": None if pd.isna(near[u]) else str(near[u])}
                                    for u in left]
    return out, said


# --- redaction -----------------------------------------------------------------------
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# 07700 900123, 07700900123, +44 7700 900123, +44 (0)7700 900123, (01234) 567890,
# 020 7946 0958, (020) 7946 0958, 0161-496-0000, 0800 123 4567: 10 or 11 digits from the 0
_PHONE = r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:\d\)?[\s.-]?){8,9}\d(?![\w-])"
# NHS numbers: ten digits (3-3-4, spaces or hyphens optional) whose mod-11 check digit holds
_NHS = r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-])"
_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
_NINO = r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = (rf"\b\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+"
         rf"{_MONTHS}\s+\d{{4}}\b|\b\d{{4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}\b")
_DOB_CUE = r"\b(?:d\.?o\.?b\.?|date of birth|born)\b[:\s]*"
# A street address as written in a diary or calendar: a house number (12, 12a, 12-14) and
# one to three capitalised words before a street word: 12 Acacia Avenue, 3a Mill Lane, 7 St
# John's Close. Capitals are needed (the words "2 hours on the road" are no address), and
# "Court" is left out (a diary's "2 Family Court hearings").
_STREETS = (r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Gardens|"
            r"Gdns|Place|Pl|Terrace|Grove|Walk|Square|Mews|Rise|Hill|Park|View|Row|Green|"
            r"Parade|Vale|Boulevard|Gate")
_ADDRESS = (rf"\b\d{{1,4}}[a-zA-Z]?(?:-\d{{1,4}})?,?\s+(?:[A-Z][\w'.-]*\s+){{1,3}}"
            rf"(?:{_STREETS})\b\.?")


def nhs_number_valid(text: str) -> bool:
    """Whether ``text`` (ten digits, spaces or hyphens allowed) has a valid NHS check digit.

    Examples
    --------
    >>> nhs_number_valid("943 476 5919"), nhs_number_valid("943 476 5918")
    (True, False)
    """
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return (0 if check == 11 else check) == digits[9]


def _nhs(match: re.Match) -> str:
    return REDACTED if nhs_number_valid(match.group(0)) else match.group(0)


def _old_date(match: re.Match, before_year: int) -> str:
    text = match.group(0)
    year = re.findall(r"\d{4}", text) or re.findall(r"\d{2}$", text)
    if not year:
        return text
    y = int(year[0])
    if y < 100:
        y += 2000 if y <= date.today().year % 100 else 1900
    return REDACTED if y < before_year else text


def redact(text: pd.Series, names: Iterable[str] = (), *, dob_before_years: int = 1
           ) -> pd.Series:
    """Replace personal details in free text with ``[REDACTED]``.

    Redacts emails, NHS numbers (with a valid check digit), UK phone numbers in every
    common form (``07700 900123``, ``+44 (0)7700 900123``, ``(01234) 567890``), UK
    postcodes, street addresses (``12 Acacia Avenue``), National Insurance numbers, any date (ISO too) after a cue such as
    "DOB", "d.o.b." or "born", other dates more
    than ``dob_before_years`` years before this year (a diary's own dates are
    recent; a child's birthday is not), and every name in ``names`` (whole
    words, any case). Each distinct text is processed once.

    Examples
    --------
    >>> s = pd.Series(["call mum on 07700 900123", "SV - Smith, DOB 03/04/2015",
    ...                "email jo@example.org re M1 1AA", "court 12/05/2026",
    ...                "HV at 12 Acacia Avenue", "2 hours on the road"])
    >>> redact(s, names=["Smith"]).tolist()
    ['call mum on [REDACTED]', 'SV - [REDACTED], DOB [REDACTED]', 'email [REDACTED] re [REDACTED]', 'court 12/05/2026', 'HV at [REDACTED]', '2 hours on the road']
    """
    s = text.astype("string")
    uniq = pd.Series(s.dropna().unique(), dtype="string")
    out = uniq.str.replace(_EMAIL, REDACTED, regex=True)
    out = out.str.replace(_NINO, REDACTED, regex=True, case=False)
    out = out.str.replace(_NHS, _nhs, regex=True)
    out = out.str.replace(_POSTCODE, REDACTED, regex=True, case=False)
    out = out.str.replace(_ADDRESS, REDACTED, regex=True)
    out = out.str.replace(rf"({_DOB_CUE})(?:{_DATE})", rf"\1{REDACTED}", regex=True, case=False)
    before = date.today().year - dob_before_years
    pattern = re.compile(_DATE, re.IGNORECASE)
    out = out.map(lambda t: pattern.sub(lambda m: _old_date(m, before), t), na_action="ignore")
    out = out.str.replace(_PHONE, REDACTED, regex=True)
    names = [n.strip() for n in names if n and n.strip()]
    if names:
        alternation = "|".join(sorted((re.escape(n) for n in set(names)), key=len, reverse=True))
        out = out.str.replace(rf"\b(?:{alternation})\b", REDACTED, regex=True, case=False)
    return s.map(dict(zip(uniq, out, strict=True))).astype("string")


def redact_frame(frame: pd.DataFrame, columns: Iterable[str] | None = None,
                 names: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` with free-text columns redacted (text columns by default)."""
    out = frame.copy()
    if columns is None:
        columns = [c for c in out.columns if c in {"activity", "secondary_activity", "location",
                                                   "comments", "Comments", "Description"}]
    names = list(names)
    for col in columns:
        if col in out:
            out[col] = redact(out[col], names)
    return out


# --- export safety -------------------------------------------------------------------
#: What makes a spreadsheet read a text cell as a formula (OWASP, CSV injection): the one
#: rule every writer of CSV and XLSX uses, through :func:`safe_text` and
#: :func:`neutralise_formulas`. It holds at the start of a cell and after every line break
#: in it (a carriage return that a reader takes for the end of a row starts a new cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = "[" + re.escape("".join(FORMULA_STARTS)) + "]"
_FORMULA_AT = re.compile(rf"(?:^|(?<=[\r\n]))(?={_STARTS})")
_FORMULA_ANY = rf"(?:^|[\r\n]){_STARTS}"


def safe_text(value) -> str:
    r"""Text from data that no spreadsheet will take for a formula.

    Text starting with one of :data:`FORMULA_STARTS`, or holding one right after a line
    break, gets an apostrophe there (a spreadsheet then shows it as it is); other text is
    unchanged.

    Examples
    --------
    >>> print(safe_text("=SUM(A1)"), safe_text("CP"), repr(safe_text(None)))
    '=SUM(A1) CP ''
    >>> safe_text("note\r=cmd|' /C calc'!A0")
    "note\r'=cmd|' /C calc'!A0"
    """
    text = "" if value is None else str(value)
    return _FORMULA_AT.sub("'", text)


def neutralise_formulas(frame: pd.DataFrame, *, headers: bool = True) -> pd.DataFrame:
    r"""A copy whose text cells (and, with ``headers``, column names) cannot act as formulas.

    The rule of :func:`safe_text`, vectorised; numbers are left alone, also in a column
    that mixes numbers and text.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok", "-x"], "b": [-1, 2, 3]}))["a"].tolist()
    ["'=1+1", 'ok', "'-x"]
    >>> neutralise_formulas(pd.DataFrame({"a": ["a\n@b", -2.5]}))["a"].tolist()
    ["a\n'@b", -2.5]
    >>> list(neutralise_formulas(pd.DataFrame({"@who": [1]})).columns)
    ["'@who"]
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype) or s.dtype.kind in "OSU":
            text = s.astype("string")
            bad = text.str.contains(_FORMULA_ANY, regex=True).fillna(False).to_numpy(bool)
            if bad.any() and s.dtype == object:  # numbers stored among text stay numbers
                bad[bad] = s[bad].map(lambda v: isinstance(v, str)).to_numpy(bool)
            if bad.any():
                s = s.astype(object).copy()
                s[bad] = text[bad].str.replace(_FORMULA_AT, "'", regex=True)
                out[col] = s
    if headers:
        out.columns = [safe_text(c) if isinstance(c, str) else c for c in out.columns]
    return out
