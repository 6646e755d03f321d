"""The workbook's *Assumptions* sheet: the time available, worked out from typed assumptions.

Contracted hours, leave, bank holidays, sickness, training and other days, and
the non-case hours measured in the diary are typed cells (yellow); the working
weeks and the hours for casework per FTE-week, -year and -month are formulas over
them, so the calculator, which reads the hours per FTE-month from here, follows
any change. Every formula is written with its computed value, so the sheet reads
right in any spreadsheet application before it recalculates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from timestudy._lib.rounding import as_in_json
from timestudy.report.labels import humanise
from timestudy.schema.roles import role_key

SHEET = "Assumptions"
WEEKS_PER_YEAR = 365.25 / 7
N_ROLE_ROWS = 12
#: Typed assumptions: key in meta["available_assumptions"], label, default.
TYPED = (
    ("contracted_per_fte", "Contracted hours per FTE-week", 37.0),
    ("leave_days", "Annual leave days a year", 27.0),
    ("bank_holidays", "Bank holidays a year", 8.0),
    ("sickness_days", "Sickness days a year", 8.0),
    ("training_days", "Training days a year not in the diary", 0.0),
    ("other_days", "Other days a year away from casework", 0.0),
)


def _finite(v) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Assumptions:
    """Where the assumptions are and what they compute to."""

    cells: dict  # name -> absolute reference on the sheet ('Assumptions'!$B$5)
    values: dict  # name -> value (the cached values of the formulas)
    roles_range: str
    roles: dict

    def ref(self, name: str) -> str:
        return self.cells[name]


def compute(typed: dict, non_case) -> dict:
    """The time available from the typed assumptions, as the sheet's formulas compute it.

    Examples
    --------
    >>> v = compute({"contracted_per_fte": 37, "leave_days": 27, "bank_holidays": 8,
    ...              "sickness_days": 8, "training_days": 0, "other_days": 0}, 7.0)
    >>> round(v["weeks"], 2), v["week"], round(v["month"], 1)
    (43.58, 30.0, 108.9)
    """
    days = sum(float(typed[k]) for k, _, _ in TYPED[1:])
    weeks = WEEKS_PER_YEAR - days / 5
    if not _finite(non_case):
        return {"weeks": weeks, "week": "suppressed", "year": "suppressed", "month": "suppressed"}
    week = float(typed["contracted_per_fte"]) - float(non_case)
    return {"weeks": weeks, "week": week, "year": week * weeks, "month": week * weeks / 12}


def _abs(row: int, col: int) -> str:
    return f"'{SHEET}'!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def _typed_rows(w, ws, guide, start: int) -> tuple[dict, dict]:
    a = guide.meta.get("available_assumptions") or {}
    cells, typed = {}, {}
    for i, (key, label, default) in enumerate(TYPED):
        r = start + i
        value = as_in_json(a[key]) if _finite(a.get(key)) else default
        w.text(ws, r, 0, label, "label")
        ws.write_number(r, 1, value, w.fmt["in_1" if key == "contracted_per_fte" else "in"])
        cells[key], typed[key] = _abs(r, 1), value
    r = start + len(TYPED)
    non_case = as_in_json(guide.available.loc["non_case_hours_per_fte_week", "estimate"])
    w.text(ws, r, 0, "Hours of non-case work per FTE-week (measured in the diary)", "label")
    if _finite(non_case):
        ws.write_number(r, 1, float(non_case), w.fmt["in_1"])
    else:
        ws.write_string(r, 1, "suppressed", w.fmt["in"])
    w.text(ws, r, 2, "supervision, team meetings, training, email: work linked to no case",
           "note")
    cells["non_case"] = _abs(r, 1)
    return cells, typed


def _formula_rows(w, ws, cells: dict, values: dict, start: int) -> None:
    days = "+".join(cells[k] for k, _, _ in TYPED[1:])
    c, nc = cells["contracted_per_fte"], cells["non_case"]
    rows = (
        ("weeks", "Working weeks a year", f"=365.25/7-({days})/5", "1"),
        ("week", "Hours for casework per FTE-week",
         f'=IF(ISNUMBER({nc}),{c}-{nc},"suppressed")', "calc_1"),
        ("year", "Hours for casework per FTE-year", None, "calc_1"),
        ("month", "Hours for casework per FTE-month (measured: the calculator uses it on the 'is' basis, and its row 3 on 'should')", None,
         "calc_1"),
    )
    for i, (key, label, formula, fmt) in enumerate(rows):
        r = start + i
        cells[key] = _abs(r, 1)
        if key == "year":
            formula = (f'=IF(ISNUMBER({cells["week"]}),{cells["week"]}*{cells["weeks"]},'
                       '"suppressed")')
        elif key == "month":
            formula = f'=IF(ISNUMBER({cells["year"]}),{cells["year"]}/12,"suppressed")'
        w.text(ws, r, 0, label, "label")
        ws.write_formula(r, 1, formula, w.fmt["calc_1" if fmt == "1" else fmt], values[key])


def _settings_rows(w, ws, cells: dict, bands, start: int) -> None:
    w.text(ws, start, 0, "Calculator settings", "h2")
    r = start + 1
    w.text(ws, r, 0, "Hours per case-month to use (should or is)", "label")
    ws.write_string(r, 1, "should", w.fmt["in"])
    ws.data_validation(r, 1, r, 1, {"validate": "list", "source": ["should", "is"]})
    cells["basis"] = _abs(r, 1)
    w.text(ws, r + 1, 0, "Points for a full load of one FTE", "label")
    ws.write_number(r + 1, 1, 100, w.fmt["in"])
    cells["points"] = _abs(r + 1, 1)
    for i, (name, value) in enumerate(zip(("green", "amber", "red"), bands, strict=True)):
        rr = r + 2 + i
        label = {"green": "Green from (share of hours available)",
                 "amber": "Amber from: over capacity", "red": "Red from"}[name]
        w.text(ws, rr, 0, label, "label")
        ws.write_number(rr, 1, float(value), w.fmt["in_pct"])
        cells[name] = _abs(rr, 1)


#: The roles the workers table documents (data_schema/README.md): listed whoever holds them.
KNOWN_ROLES = ("social_worker", "senior_practitioner", "asye")


def listed_roles(workers, min_workers: int = 5) -> list[str]:
    """The workers table's roles the published role list may name: a known role
    (:data:`KNOWN_ROLES`) or a local one held by ``min_workers`` workers or more. Another
    local role ("Locum via Hays (Gareth)", one worker's) is not listed: as any role not
    listed it holds a full caseload, what the list would have said of it (100%), so the
    calculator is the same; a role given an allowance is listed by that.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"worker_id": list("abcdefg"), "role": ["asye", "Locum (Gareth)"]
    ...                   + ["Social work assistant"] * 5})
    >>> listed_roles(w)
    ['Social work assistant', 'asye']
    """
    if workers is None or "role" not in workers:
        return []
    held = workers.drop_duplicates("worker_id")["role"].dropna().astype(str)
    counts = held.value_counts()
    known = {r.replace("_", " ").casefold() for r in KNOWN_ROLES}
    keep = [r for r, n in counts.items()
            if n >= min_workers or r.replace("_", " ").strip().casefold() in known]
    return sorted(keep)


def _roles_rows(w, ws, guide, workers, start: int) -> tuple[str, dict]:
    w.text(ws, start, 0, "Role allowances: share of a full caseload", "h2")
    w.text(ws, start + 1, 0, "Role (as typed in the calculator)", "head")
    w.text(ws, start + 1, 1, "Share", "head")
    roles = {humanise(k): v for k, v in (guide.meta.get("role_allowances") or {}).items()}
    keys = {role_key(k) for k in roles}  # one row a role: 'Team Manager' is team_manager's
    for role in listed_roles(workers, int(guide.meta.get("min_workers", 5))):
        if role_key(role) not in keys:
            roles[humanise(role)] = 1.0
            keys.add(role_key(role))
    first = start + 2
    for i in range(max(N_ROLE_ROWS, len(roles) + 4)):
        r = first + i
        if i < len(roles):
            role, share = list(roles.items())[i]
            ws.write_string(r, 0, humanise(role), w.fmt["in"])
            ws.write_number(r, 1, float(share), w.fmt["in_pct"])
        else:
            ws.write_blank(r, 0, None, w.fmt["in"])
            ws.write_blank(r, 1, None, w.fmt["in_pct"])
    last = first + max(N_ROLE_ROWS, len(roles) + 4) - 1
    w.text(ws, last + 1, 0, "A role not listed holds a full caseload (100%); roles match "
           "ignoring case, spaces and underscores (TEAM MANAGER is Team manager).", "note")
    rng = (f"'{SHEET}'!{xl_rowcol_to_cell(first, 0, row_abs=True, col_abs=True)}:"
           f"{xl_rowcol_to_cell(last, 1, row_abs=True, col_abs=True)}")
    return rng, roles


def assumptions_sheet(w, ws, guide, bands, workers=None) -> Assumptions:
    """Fill the Assumptions sheet ``ws`` with the workbook's cell writer ``w``."""
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 60)
    w.text(ws, 0, 0, "Assumptions", "title")
    w.text(ws, 1, 0, "Type in the yellow cells: the hours available and every result of the "
           "capacity calculator follow.", "note")
    w.text(ws, 3, 0, "Time available for casework", "h2")
    cells, typed = _typed_rows(w, ws, guide, 4)
    # the value guide.json gives it, to 6 decimals (README), as every figure of the workbook
    non_case = as_in_json(guide.available.loc["non_case_hours_per_fte_week", "estimate"])
    values = compute(typed, non_case)
    _formula_rows(w, ws, cells, values, 4 + len(TYPED) + 1)
    _settings_rows(w, ws, cells, bands, 4 + len(TYPED) + 6)
    rng, roles = _roles_rows(w, ws, guide, workers, 4 + len(TYPED) + 13)
    values |= {"basis": "should", "points": 100.0, "green": bands[0], "amber": bands[1],
               "red": bands[2], "non_case": non_case} | typed
    w.page_setup(ws, landscape=False)
    return Assumptions(cells, values, rng, roles)
