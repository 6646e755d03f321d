"""Role names as the workers table, the study file and ``--role`` spell them: one key each.

``Team Manager``, ``team_manager`` and ``TEAM  MANAGER`` are one role: the key ignores
case, spaces and underscores. Every reader of a role's name (its share of a caseload,
the roles that usually hold none, the roles given twice) compares these keys.

Examples
--------
>>> role_key("Team Manager") == role_key("team_manager") == role_key("TEAM  MANAGER")
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache


def role_key(role: object) -> str:
    """The key a role name is compared by: lower case, no spaces, no underscores.

    Examples
    --------
    >>> role_key(" Senior_Practitioner "), role_key("A S Y E")
    ('seniorpractitioner', 'asye')
    """
    return "".join(str(role).lower().replace("_", " ").split())


def twice(roles: Iterable[tuple[str, float]]) -> tuple[str, str] | None:
    """Two spellings of one role given different shares (the first pair), or None.

    Examples
    --------
    >>> twice([("team_manager", 0.0), ("Team Manager", 0.5)])
    ('team_manager', 'Team Manager')
    >>> twice([("asye", 0.9), ("ASYE", 0.9)]) is None
    True
    """
    seen: dict[str, tuple[str, float]] = {}
    for name, share in roles:
        first = seen.setdefault(role_key(name), (name, share))
        if first[1] != share:
            return first[0], name
    return None


@cache
def _published_default() -> tuple[tuple[str, float], ...]:
    from timestudy.schema import PUBLISHED

    node = json.loads((PUBLISHED / "study.json").read_text(encoding="utf-8"))
    return tuple(node["properties"]["roles"]["default"].items())


def default_roles() -> dict[str, float]:
    """The role allowances a study has when none are given: the study file's default
    (``data_schema/study.json``, ``roles``), so that ``run_study`` in Python and
    ``timestudy guide`` cost the same workers alike. A new dict each call.

    Examples
    --------
    >>> default_roles()
    {'asye': 0.9}
    """
    return dict(_published_default())
