"""Personal data: keyed pseudonyms, redaction of free text, and spreadsheet-safe exports.

- :func:`pseudonymise` replaces ``worker_id`` and ``case_id`` with keyed HMAC-SHA256
  tokens. The same key gives the same token in every file (diary, cases,
  workers), ids first spelt as their table spells them (:func:`timestudy.ingest.table_spellings.spelt_as_tables`,
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
    s = id_text(values)
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

    Returns
    -------
    DataFrame or dict
        Copies with the identifier columns replaced. A token hashes an id as spelt (trimmed):
        spell the ids as their tables do first
        (:func:`timestudy.ingest.table_spellings.spelt_as_tables`, as
        ``timestudy pseudonymise`` does) so that the copies join as the guide joins the
        originals.

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
    out = {}
    for name, frame in frames.items():
        frame = frame.copy()
        cols = columns or {c: c for c in frame.columns if c in ID_KINDS}
        for col, kind in cols.items():
            if col in frame:
                frame[col] = tokens(frame[col], secret, kind, length)
        out[name] = frame
    return out["table"] if single else out


def id_text(values: pd.Series) -> pd.Series:
    """Ids as a token hashes them: text, trimmed, blank as missing.

    Examples
    --------
    >>> id_text(pd.Series([" W1 ", "", None])).tolist()
    ['W1', <NA>, <NA>]
    """
    return values.astype("string").str.strip().replace("", pd.NA)


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
