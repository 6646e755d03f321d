"""Workers keyed by a name two people can share, checked against the account id beside it.

A timer export names its worker by a display name: Toggl's ``User`` ("full name of the
user"), Harvest's ``First Name`` + ``Last Name``. Two people can share a name, and one
person's name can change (a marriage, a typo corrected). Where the export also carries the
account's own id (Toggl's ``Email``, the ``Employee Id`` some Harvest accounts export), the
two are compared, and a file where they disagree is refused in one line naming the fix
(``columns: {worker_id: Email}`` in a mapping), because keying the workers by the name would
merge two people (their diaries into one, their days into 14-hour days, their hours per FTE
doubled) or split one person into two:

- one name at two ids: two people share the name (keying by it would merge them);
- one id under two names: one person renamed (keying by the name would split them).

A blank id is no evidence of another person: rows without one are left out of the
comparison (a name at one id and on blank rows is one worker, keyed by the name). When a
name with two ids also has rows without an id, the refusal says how many: keyed by the id,
those rows have no worker and are rejected ``missing_required``, line by line.

The name stays the default key because it is what a study's workers table is keyed by; an
id is compared with case and white space folded (:func:`timestudy.ingest.keys.fold_id`), as
the workers table matches ids.
"""

from __future__ import annotations

import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.candidates import normalise
from timestudy.ingest.keys import fold_id
from timestudy.schema.tables import load_schema, text_values

__all__ = ["one_id_per_name"]


def one_id_per_name(out: pd.DataFrame, labels: dict, name: str, id_header: str) -> None:
    """Refuse ``out`` (workers in ``worker_id``, keyed by a name) where the name and the id
    column whose header normalises to ``id_header`` disagree: one name at two ids, or one id
    under two names (see the module notes). Nothing is checked without the id column.

    Parameters
    ----------
    out : DataFrame
        Candidate rows with ``worker_id`` (the name) and the id column.
    labels : dict
        The user's headers; ``labels["worker_id"]`` names the name column in the message.
    name : str
        The file, for the message.
    id_header : str
        The id column's normalised header (``"email"``, ``"employee_id"``).

    Raises
    ------
    SchemaError
        One line: the first name (or id) at fault, how many others, and the mapping fix.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["Sam Jones", "Sam Jones", "Sam Jones"],
    ...                   "Employee Id": ["E-17", "E-31", None]})
    >>> one_id_per_name(f, {"worker_id": "First Name + Last Name"}, "h.csv", "employee_id")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: h.csv: First Name + Last Name 'Sam Jones' has 2 different ...
    >>> one_id_per_name(f.iloc[[0, 2]], {}, "h.csv", "employee_id")  # a blank id: no other
    """
    col = next((c for c in out.columns if normalise(c) == id_header), None)
    if col is None or "worker_id" not in out:
        return
    missing = load_schema("episodes").missing_values
    names = text_values(out["worker_id"], missing)
    ids = text_values(out[col], missing)
    pairs = pd.DataFrame({"name": names, "id": ids}).dropna()
    pairs["id"] = fold_id(pd.Index(pairs["id"]))
    pairs = pairs.drop_duplicates()
    per_name = pairs.groupby("name")["id"].nunique()
    per_id = pairs.groupby("id")["name"].agg(["nunique", "min", "max"])
    label = labels.get("worker_id", "worker_id")
    shown = f'"{col}"' if " " in str(col) else str(col)
    fix = (
        f"key the workers by {col} with `columns: {{worker_id: {shown}}}` in a mapping "
        "(and key the workers table the same way)"
    )
    if (per_name > 1).any():
        many = per_name[per_name > 1]
        more = f" (and {len(many) - 1} other names likewise)" if len(many) > 1 else ""
        blank = int((names.eq(many.index[0]) & ids.isna()).sum())
        unkeyed = (
            f"; {blank} row(s) of that name have no {col}: keyed by it they have no worker and "
            "are rejected missing_required, so fill them in"
            if blank
            else ""
        )
        raise SchemaError(
            f"{label} {many.index[0]!r} has {many.iloc[0]} different {col} values{more}: two "
            f"people share that name, and keying workers by it would merge them; {fix}"
            f"{unkeyed}",
            source=name,
        )
    if (per_id["nunique"] > 1).any():
        first = per_id[per_id["nunique"] > 1].iloc[0]
        raise SchemaError(
            f"one {col} appears under {first['nunique']} {label} names ({first['min']!r}, "
            f"{first['max']!r}): one person renamed (or a name mistyped), and keying workers "
            f"by the name would split them; {fix}",
            source=name,
        )
