"""The workbook's *Capacity calculator*: one row per worker or team, live formulas.

A user types, in the yellow cells, each worker's (or team's) name, role and FTE
and the cases of each type they hold; formulas give the cases, the case-holding
FTE (FTE x the role's share of a full caseload, from the *Assumptions* sheet),
the hours needed and available a month, points (100 = a full load for one FTE),
the weighted load, its status (by conditional formatting), the FTE needed and
the gap; the totals above give the staff needed, the gap and the WISN ratio
(staff in post / staff needed). Rows are pre-filled from the study's workers and
caseload when given: by role, each row at least the guide's ``min_workers``
workers, so no row is one person (a row per worker only in the internal
workbook), and a row of the cases no listed worker holds; with room below for
more. The totals are the headline's figures (:func:`timestudy.capacity.headline`):
a case of a type with no published hours counts in the cases but in no hours, so
the FTE needed is a lower bound, said beside it, and a figure resting on hours
alone shows "not costed". Every formula is written with its computed value, so any spreadsheet
application shows the right numbers on opening. The formulas mirror
:func:`timestudy.weighted_load` and :func:`timestudy.staffing` (the tests
evaluate them and compare).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from timestudy.guide import TimeGuide
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.report.format import as_in_json, number
from timestudy.report.formulas import ROW
from timestudy.report.labels import case_type_label
from timestudy.report.prefill import prefill, role_share, role_shares

CALCULATOR = "Capacity calculator"
WEIGHTS = "Case weights"
EXTRA_ROWS = 40  # empty rows below the pre-filled ones, for more workers or teams
#: Result columns after the case counts, by name, with their headers.
RESULTS = {
    "cases": "Cases",
    "holding_fte": "Case-holding FTE",
    "hours_needed": "Hours needed a month",
    "hours_available": "Hours available a month",
    "points_held": "Points held",
    "points_available": "Points available",
    "load": "Weighted load",
    "status": "Status",
    "over": "Over capacity (1 = yes)",
    "fte_needed": "FTE needed",
    "gap_fte": "Gap (FTE)",
    "suppressed_cases": "Cases of a type with no published hours",
}
#: The totals above the table, by name, with their labels.
TOTALS = {
    "entered": "Workers or teams entered",
    "fte_in_post": "Case-holding FTE in post",
    "cases": "Cases entered (held, or with no listed holder)",
    "not_costed": "Cases not costed (a type with no published hours)",
    "hours_needed": "Hours needed a month",
    "fte_needed": "FTE needed",
    "gap_fte": "Gap in FTE (negative: a shortfall)",
    "ratio": "Staffing ratio: in post / needed (WISN)",
    "over": "Rows over capacity (a worker, team or group each)",
    "share_over": "Share over capacity",
    "max_cases": "Most cases one FTE can hold at this mix",
    "held_per_fte": "Cases held per case-holding FTE (rows with hours for casework)",
}
STATUS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue"}
AT_LEAST = "At least "  # the costed cases alone reach the band; the rest cannot be costed
INCOMPLETE = "Incomplete"  # some cases cannot be costed and the costed ones stay under amber
NOT_COSTED = "not costed"  # a figure that would need hours the guide does not publish
#: Beside these totals, a word when cases are not costed: the figure is a bound.
BOUNDS = {"fte_needed": "at least: the cases not costed need hours too",
          "gap_fte": "or lower: the cases not costed need hours too",
          "ratio": "or lower: the cases not costed need hours too"}


@dataclass(frozen=True)
class CalculatorLayout:
    """Where the calculator's cells are (0-based rows and columns), for tests and users.

    :func:`~timestudy.report.write_workbook` returns the layout of the workbook it wrote.

    Parameters
    ----------
    case_types : list of str
        The case types, one count column each.
    hours_row, header_row, first_row : int
        Rows of the hours per case, of the headers and of the first worker.
    n_rows : int
        Worker rows prepared.
    columns : dict of str to int
        Column of each input (``label``, ``role``, ``fte``, a case type) and result.
    totals : dict of str to (int, int)
        Cell of each total.
    assumptions : dict of str to str
        Cell (A1) of each assumption on the Assumptions sheet.

    Examples
    --------
    >>> from timestudy.report import CalculatorLayout
    >>> layout = CalculatorLayout(["CIN", "CP"], 8, 9, 10, 40,
    ...                           {"label": 0, "role": 1, "fte": 2, "CIN": 3, "CP": 4},
    ...                           {"cases": (3, 2)}, {})
    >>> layout.input_cell("CP", 0), layout.input_cell("fte", 2), layout.total_cell("cases")
    ('E11', 'C13', 'C4')
    """

    case_types: list[str]
    hours_row: int
    header_row: int
    first_row: int
    n_rows: int
    columns: dict[str, int]
    totals: dict[str, tuple[int, int]]
    assumptions: dict[str, str]

    def cell(self, row: int, col: int) -> str:
        """An A1 reference, e.g. ``C12``."""
        return xl_rowcol_to_cell(row, col)

    def input_cell(self, name: str, i: int) -> str:
        """Cell of row ``i``'s (0-based) ``label``, ``role``, ``fte`` or a case type's count."""
        return self.cell(self.first_row + i, self.columns[name])

    def result_cell(self, name: str, i: int) -> str:
        """Cell of row ``i``'s result (a key of :data:`RESULTS`)."""
        return self.cell(self.first_row + i, self.columns[name])

    def total_cell(self, name: str) -> str:
        """Cell of a total (a key of :data:`TOTALS`)."""
        return self.cell(*self.totals[name])


def _num(v):
    """A figure of the Case weights sheet as written there (:func:`as_in_json`)."""
    v = as_in_json(v)
    return v if math.isfinite(v) else "suppressed"


def _isnum(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def row_values(fte, share, counts: dict, hours: dict, a: dict) -> dict:
    """A calculator row's results, computed as its formulas compute them (blank: "")."""
    out = dict.fromkeys(RESULTS, "")
    given = [n for n in counts.values() if _isnum(n)]
    if given:
        out["cases"] = float(sum(given))
        out["suppressed_cases"] = float(sum(n for k, n in counts.items()
                                            if _isnum(n) and hours[k] == "suppressed"))
        costed = out["cases"] - out["suppressed_cases"]  # a case with no hours is not 0 hours
        out["hours_needed"] = (float(sum(n * hours[k] for k, n in counts.items()
                                         if _isnum(n) and _isnum(hours[k]))) if costed > 0
                               else NOT_COSTED if out["cases"] > 0 else 0.0)
    month = a["month"]
    if _isnum(fte):
        out["holding_fte"] = fte * share
        out["points_available"] = out["holding_fte"] * a["points"]
        if _isnum(month):
            out["hours_available"] = out["holding_fte"] * month
    if _isnum(out["hours_needed"]) and _isnum(month):
        out["points_held"] = out["hours_needed"] / month * a["points"]
        out["fte_needed"] = out["hours_needed"] / month
    if _isnum(out["hours_needed"]) and _isnum(out["hours_available"]) \
            and out["hours_available"] > 0:
        out["load"] = out["hours_needed"] / out["hours_available"]
    out["status"] = _status(out, a)
    if _isnum(out["load"]):  # cases not costed under amber: not known whether over (blank)
        over = out["load"] >= a["amber"]
        out["over"] = 1.0 if over else (0.0 if out["status"] != INCOMPLETE else "")
    if _isnum(out["holding_fte"]) and _isnum(out["fte_needed"]):
        out["gap_fte"] = out["holding_fte"] - out["fte_needed"]
    return out


def _status(out: dict, a: dict) -> str:
    """The rule of :func:`timestudy.capacity.worker_status`, in the calculator's words.

    With no hours available (0: an FTE of 0 or a role holding no caseload) there is
    no status (blank); with cases not costed the load is that of the costed ones, a
    floor: "At least Amber" or "At least Red" when it reaches amber, else "Incomplete"
    (also when the hours available are unknown: the guide publishes none, or no FTE).
    """
    some = _isnum(out["suppressed_cases"]) and out["suppressed_cases"] > 0
    if not _isnum(load := out["load"]):
        have = out["hours_available"]
        return INCOMPLETE if some and not (_isnum(have) and have <= 0) else ""
    band = next((STATUS[n] for n in ("red", "amber", "green") if load >= a[n]), STATUS["blue"])
    if some:
        return f"{AT_LEAST}{band}" if load >= a["amber"] else INCOMPLETE
    return band


def _hours(guide: TimeGuide, basis: str) -> dict:
    col = "hours_per_case_month" if basis == "is" else "hours_per_case_month_should"
    return {str(k): _num(v) for k, v in guide.case_types[col].items()}


def _header(w, ws, layout: CalculatorLayout, guide, refs: dict, a, hours: dict) -> None:
    """The hours-per-case-month row and the column headers."""
    hr = layout.hours_row
    w.text(ws, hr, 0, "Hours per case-month (from the Case weights sheet)", "label")
    basis = a.ref("basis")
    for k in layout.case_types:
        src = refs["rows"][k]
        is_ref = f"'{WEIGHTS}'!{xl_rowcol_to_cell(src, refs['is_col'], True, True)}"
        sh_ref = f"'{WEIGHTS}'!{xl_rowcol_to_cell(src, refs['should_col'], True, True)}"
        ws.write_formula(
            hr, layout.columns[k],
            f'=IF({basis}="is",IF(ISNUMBER({is_ref}),{is_ref},"suppressed"),'
            f'IF(ISNUMBER({sh_ref}),{sh_ref},"suppressed"))', w.fmt["calc_1"], hours[k])
    heads = {"label": "Worker or team", "role": "Role", "fte": "FTE"}
    heads |= {k: case_type_label(k) for k in layout.case_types} | RESULTS
    for name, text in heads.items():
        fmt = "in_head" if name in ("label", "role", "fte") or name in layout.case_types \
            else "head"
        w.text(ws, layout.header_row, layout.columns[name], text, fmt)


def _row_formulas(layout: CalculatorLayout, row: str, a) -> dict:
    """The formulas of a sheet row numbered ``row`` (as written: 1-based, or
    :data:`~timestudy.report.formulas.ROW` for a pattern of every row), by result name."""
    c = {n: f"{xl_col_to_name(j)}{row}" for n, j in layout.columns.items()}
    first, last = layout.case_types[0], layout.case_types[-1]
    counts = f"{c[first]}:{c[last]}"
    hr = layout.hours_row + 1
    hours = f"${xl_col_to_name(layout.columns[first])}${hr}:${xl_col_to_name(layout.columns[last])}${hr}"
    month, points = a.ref("month"), a.ref("points")
    both = f"AND(ISNUMBER({c['hours_needed']}),ISNUMBER({month}))"
    return {
        "cases": f'=IF(COUNT({counts})=0,"",SUM({counts}))',
        "holding_fte": f'=IF(ISNUMBER({c["fte"]}),{c["fte"]}*{_role_share(c["role"], a)},"")',
        "hours_needed": f'=IF({c["cases"]}="","",IF({c["cases"]}-{c["suppressed_cases"]}>0,'
                        f'SUMPRODUCT({hours},{counts}),IF({c["cases"]}>0,"{NOT_COSTED}",0)))',
        "hours_available": f'=IF(AND(ISNUMBER({c["holding_fte"]}),ISNUMBER({month})),'
                           f'{c["holding_fte"]}*{month},"")',
        "points_held": f'=IF({both},{c["hours_needed"]}/{month}*{points},"")',
        "points_available": f'=IF(ISNUMBER({c["holding_fte"]}),{c["holding_fte"]}*{points},"")',
        "load": f'=IF(AND(ISNUMBER({c["hours_needed"]}),ISNUMBER({c["hours_available"]})),'
                f'IF({c["hours_available"]}>0,{c["hours_needed"]}/{c["hours_available"]},""),"")',
        "status": f'=IF(ISNUMBER({c["load"]}),IF(N({c["suppressed_cases"]})>0,'
                  f'IF({c["load"]}>={a.ref("red")},"{AT_LEAST}Red",'
                  f'IF({c["load"]}>={a.ref("amber")},"{AT_LEAST}Amber","{INCOMPLETE}")),'
                  f'IF({c["load"]}>={a.ref("red")},"Red",IF({c["load"]}>={a.ref("amber")},'
                  f'"Amber",IF({c["load"]}>={a.ref("green")},"Green","Blue")))),'
                  f'IF(AND(N({c["suppressed_cases"]})>0,NOT(AND(ISNUMBER({c["hours_available"]}),'
                  f'N({c["hours_available"]})<=0))),"{INCOMPLETE}",""))',
        "over": f'=IF(ISNUMBER({c["load"]}),IF({c["load"]}>={a.ref("amber")},1,'
                f'IF(N({c["suppressed_cases"]})>0,"",0)),"")',
        "fte_needed": f'=IF({both},{c["hours_needed"]}/{month},"")',
        "gap_fte": f'=IF(AND(ISNUMBER({c["holding_fte"]}),ISNUMBER({c["fte_needed"]})),'
                   f'{c["holding_fte"]}-{c["fte_needed"]},"")',
        "suppressed_cases": f'=IF({c["cases"]}="","",SUMIF({hours},"suppressed",{counts}))',
    }


def _role_key(text: str) -> str:
    """:func:`~timestudy.schema.roles.role_key` as a formula: lower case, no spaces, no
    underscores (``Team manager``, ``team_manager`` and ``TeamManager`` are one role)."""
    return f'SUBSTITUTE(SUBSTITUTE(LOWER({text})," ",""),"_","")'


def _role_share(role: str, a) -> str:
    """The share of a full caseload of the role in cell ``role``, as the capacity model finds
    it (:func:`timestudy.report.prefill.role_share`): the Assumptions sheet's role with the
    same :func:`_role_key`, 1 for a blank role or one not listed (the drop-down of
    :func:`_validation` warns of that when typed)."""
    names, shares = _roles_columns(a)
    same = f"({_role_key(names)}={_role_key(role)})"
    return (f'IF({_role_key(role)}="",1,IF(SUMPRODUCT({same}*1)=0,1,'
            f'SUMPRODUCT({same}*{shares})))')


def _roles_columns(a) -> tuple[str, str]:
    """The Assumptions sheet's roles and their shares (its roles range, ``$A$n:$B$m``, as
    two columns)."""
    return a.roles_range.replace(":$B$", ":$A$"), a.roles_range.replace("!$A$", "!$B$")


FORMATS = {"cases": "calc_0", "holding_fte": "calc_2", "hours_needed": "calc_1",
           "hours_available": "calc_1", "points_held": "calc_0", "points_available": "calc_0",
           "load": "calc_pct", "status": "calc_text", "over": "calc_0", "fte_needed": "calc_2",
           "gap_fte": "calc_2", "suppressed_cases": "calc_0"}


TOTAL_FORMATS = {n: f for f, names in {
    "calc_0": ("entered", "cases", "not_costed", "over"), "calc_1": ("hours_needed", "max_cases", "held_per_fte"),
    "calc_2": ("fte_in_post", "fte_needed", "gap_fte", "ratio"), "calc_pct": ("share_over",),
}.items() for n in names}


def _rows(w, ws, layout: CalculatorLayout, rows: list[dict], a, hours: dict) -> list[dict]:
    """Write the input and formula cells of every row; return the computed results."""
    results = []
    found = role_shares(a.roles)
    patterns = [(name, layout.columns[name], pattern, w.fmt[FORMATS[name]])
                for name, pattern in _row_formulas(layout, ROW, a).items()]
    for i in range(layout.n_rows):
        r = layout.first_row + i
        row = rows[i] if i < len(rows) else None
        _inputs(w, ws, layout, r, row)
        share = role_share(row["role"], found) if row else 1.0
        values = row_values(row["fte"] if row else None, share,
                            row["counts"] if row else {}, hours, a.values)
        for name, col, pattern, fmt in patterns:
            ws.write_row_formula(r, col, pattern, fmt, values[name])
        results.append(values)
    return results


def _inputs(w, ws, layout: CalculatorLayout, r: int, row: dict | None) -> None:
    cols = layout.columns
    if row:
        w.text(ws, r, cols["label"], row["label"], "in")
        w.text(ws, r, cols["role"], row["role"], "in")
        if row["fte"] is None:  # the cases no listed worker holds: no one's FTE
            ws.write_blank(r, cols["fte"], None, w.fmt["in_1"])
        else:
            ws.write_number(r, cols["fte"], row["fte"], w.fmt["in_1"])
        for k in layout.case_types:
            ws.write_number(r, cols[k], row["counts"].get(k, 0.0), w.fmt["in"])
    else:
        for name in ("label", "role", "fte", *layout.case_types):
            ws.write_blank(r, cols[name], None, w.fmt["in_1" if name == "fte" else "in"])


def _total_values(results: list[dict], a: dict) -> dict:
    """The totals as their formulas compute them (the headline's definitions)."""
    def col(name):
        return [v[name] for v in results if _isnum(v[name])]

    t = {"entered": float(len(col("holding_fte"))), "fte_in_post": sum(col("holding_fte")),
         "cases": sum(col("cases")), "not_costed": sum(col("suppressed_cases"))}
    costed, month, n_loads = t["cases"] - t["not_costed"], a["month"], len(col("over"))
    some = NOT_COSTED if t["cases"] > 0 else ""  # what a figure with no hours shows
    t["hours_needed"] = sum(col("hours_needed")) if t["cases"] == 0 or costed > 0 else NOT_COSTED
    ok = _isnum(t["hours_needed"]) and _isnum(month)
    t["fte_needed"] = t["hours_needed"] / month if ok else NOT_COSTED
    t["gap_fte"] = t["fte_in_post"] - t["fte_needed"] if ok else NOT_COSTED
    t["ratio"] = ((t["fte_in_post"] / t["fte_needed"] if t["fte_needed"] > 0 else "") if ok
                  else NOT_COSTED)
    t["over"] = sum(col("over")) if n_loads or t["cases"] == 0 else NOT_COSTED
    t["share_over"] = t["over"] / n_loads if n_loads else some
    t["max_cases"] = ((month / (t["hours_needed"] / costed) if t["hours_needed"] > 0 else "")
                      if ok and costed > 0 else some)
    # the headline's cases held per FTE: a row with no hours for casework (FTE 0, a role
    # holding no caseload) or no one's FTE (cases no listed worker holds) is left out
    held = sum(v["cases"] for v in results if _isnum(v["holding_fte"]) and v["holding_fte"] > 0
               and _isnum(v["cases"]))
    t["held_per_fte"] = held / t["fte_in_post"] if t["fte_in_post"] > 0 else ""
    return t


def _totals(w, ws, layout: CalculatorLayout, results: list[dict], a) -> None:
    first, last = layout.first_row + 1, layout.first_row + layout.n_rows

    def rng(name):
        c = xl_col_to_name(layout.columns[name])
        return f"{c}{first}:{c}{last}"

    c = {n: layout.total_cell(n) for n in TOTALS}
    month, nc = a.ref("month"), f'"{NOT_COSTED}"'
    some = f'IF({c["cases"]}>0,{nc},"")'
    ok = f'AND(ISNUMBER({c["hours_needed"]}),ISNUMBER({month}))'
    costed = f'({c["cases"]}-{c["not_costed"]})'
    loads = f'COUNT({rng("over")})'  # the rows known to be over capacity or not
    formulas = {
        "entered": f"=COUNT({rng('holding_fte')})",
        "fte_in_post": f"=SUM({rng('holding_fte')})",
        "cases": f"=SUM({rng('cases')})",
        "not_costed": f"=SUM({rng('suppressed_cases')})",
        "hours_needed": f'=IF(OR({c["cases"]}=0,{costed}>0),SUM({rng("hours_needed")}),{nc})',
        "fte_needed": f'=IF({ok},{c["hours_needed"]}/{month},{nc})',
        "gap_fte": f'=IF({ok},{c["fte_in_post"]}-{c["fte_needed"]},{nc})',
        "ratio": f'=IF({ok},IF({c["fte_needed"]}>0,{c["fte_in_post"]}/{c["fte_needed"]},""),'
                 f'{nc})',
        "over": f'=IF(AND({loads}=0,{c["cases"]}>0),{nc},SUM({rng("over")}))',
        "share_over": f'=IF({loads}>0,{c["over"]}/{loads},{some})',
        "max_cases": f'=IF(AND({ok},{costed}>0),IF({c["hours_needed"]}>0,'
                     f'{month}/({c["hours_needed"]}/{costed}),""),{some})',
        "held_per_fte": f'=IF({c["fte_in_post"]}>0,SUMIF({rng("holding_fte")},">0",'
                        f'{rng("cases")})/{c["fte_in_post"]},"")',
    }
    values = _total_values(results, a.values)
    for name, label in TOTALS.items():
        r, col = layout.totals[name]
        w.text(ws, r, 0, label, "label")
        ws.write_formula(r, col, formulas[name], w.fmt[TOTAL_FORMATS[name]], values[name])
    for name, words in BOUNDS.items():  # the FTE needed is a lower bound when cases are lost
        r, col = layout.totals[name]
        shown = words if values["not_costed"] > 0 and _isnum(values[name]) else ""
        ws.write_formula(r, col + 1, f'=IF(AND(N({c["not_costed"]})>0,ISNUMBER({c[name]})),'
                         f'"{words}","")', w.fmt["note"], shown)


def _layout(guide: TimeGuide, n_rows: int, a) -> CalculatorLayout:
    types = [str(k) for k in guide.case_types.index]
    names = ["label", "role", "fte", *types, *RESULTS]
    columns = {n: j for j, n in enumerate(names)}
    totals = {n: (3 + i, 2) for i, n in enumerate(TOTALS)}
    hours_row = 3 + len(TOTALS) + 1
    return CalculatorLayout(types, hours_row, hours_row + 1, hours_row + 2, n_rows, columns,
                            totals, dict(a.cells))


def _status_formats(w, ws, layout: CalculatorLayout) -> None:
    col = layout.columns["status"]
    rng = (layout.first_row, col, layout.first_row + layout.n_rows - 1, col)
    for name, f in w.status.items():
        words = [STATUS[name]] + ([AT_LEAST + STATUS[name]] if name in ("red", "amber") else [])
        for word in words:
            ws.conditional_format(*rng, {"type": "cell", "criteria": "==",
                                         "value": f'"{word}"', "format": f})


def _validation(ws, layout: CalculatorLayout, a) -> None:
    r0, r1 = layout.first_row, layout.first_row + layout.n_rows - 1
    ws.data_validation(r0, layout.columns["fte"], r1, layout.columns["fte"],
                       {"validate": "decimal", "criteria": "between", "minimum": 0,
                        "maximum": 1.5, "input_title": "FTE", "input_message": "1.0 for full time"})
    c0, c1 = layout.columns[layout.case_types[0]], layout.columns[layout.case_types[-1]]
    ws.data_validation(r0, c0, r1, c1, {"validate": "decimal", "criteria": ">=", "value": 0})
    col = layout.columns["role"]  # a drop-down of the Assumptions sheet's roles
    ws.data_validation(r0, col, r1, col, {
        "validate": "list", "source": "=" + _roles_columns(a)[0], "error_type": "warning",
        "input_title": "Role", "input_message": "Pick a role of the Assumptions sheet",
        "error_title": "Role not listed",
        "error_message": "This role is not on the Assumptions sheet: it holds a full caseload "
                         "(100%). Pick one from the list (case, spaces and underscores do "
                         "not matter), or add it there with its share."})


def _month_used(w, ws, guide: TimeGuide, a):
    """The hours for casework per FTE-month the calculator uses: with uplifts on non-case
    work, on the "should" basis the Assumptions sheet's hours per FTE-week less the non-case
    hours the uplifts add (:meth:`TimeGuide.available_hours`), x weeks / 12, in a cell of
    its own (row 3); else the Assumptions sheet's, and ``a`` is returned as it is."""
    av = guide.available
    extra = (float(av.loc[NON_CASE_UPLIFT, "estimate"]) if NON_CASE_UPLIFT in av.index
             else math.nan)
    if not math.isfinite(extra) or not guide.case_types.index.size:
        return a
    week, weeks, basis = a.ref("week"), a.ref("weeks"), a.ref("basis")
    formula = (f'=IF({basis}="is",{a.ref("month")},IF(ISNUMBER({week}),'
               f'MAX({week}-{extra!r},0)*{weeks}/12,"suppressed"))')
    v = a.values
    value = (v["month"] if v["basis"] == "is" else max(v["week"] - extra, 0.0) * v["weeks"] / 12
             if _isnum(v["week"]) else "suppressed")
    w.text(ws, 2, 0, "Hours for casework per FTE-month used here", "label")
    ws.write_formula(2, 2, formula, w.fmt["calc_1"], value)
    w.text(ws, 2, 3, f"should: the Assumptions sheet's hours per FTE-week less {number(extra, 2)} h of "
           "non-case work the uplifts add, x working weeks / 12; is: the Assumptions sheet's",
           "note")
    cell = f"'{CALCULATOR}'!{xl_rowcol_to_cell(2, 2, row_abs=True, col_abs=True)}"
    return replace(a, cells=a.cells | {"month": cell}, values=v | {"month": value})


def calculator_sheet(w, ws, guide: TimeGuide, refs: dict, a, *, caseload=None,
                     workers=None, per_worker: bool = False, counted: str = "") -> CalculatorLayout:
    """Fill the calculator sheet ``ws`` with the cell writer ``w`` of :mod:`timestudy.report.excel`.

    ``refs`` locates each case type's row and the columns of its is and should
    hours on the *Case weights* sheet; ``a`` is the *Assumptions* sheet;
    ``per_worker`` pre-fills a row per worker (internal only, see :func:`prefill`);
    ``counted`` says which cases of the caseload the pre-filled rows count (the day, and
    how many were not counted and why).
    """
    rows = prefill(guide, caseload, workers, a.roles, per_worker=per_worker)
    a = _month_used(w, ws, guide, a)
    layout = _layout(guide, len(rows) + EXTRA_ROWS, a)
    if not layout.case_types:  # an observation study: no cases, so nothing to weigh
        w.text(ws, 0, 0, "Capacity calculator", "title")
        w.text(ws, 1, 0, "This study has no cases table, so it has no hours per case-month "
               "and no caseload to weigh. Add a cases table (case_id, case_type) to the study "
               "to use the calculator.", "note")
        return layout
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 20)
    ws.set_column(2, max(layout.columns.values()), 11)
    for k in layout.case_types:
        ws.set_column(layout.columns[k], layout.columns[k], max(11, len(k) * 1.2 + 2))
    w.text(ws, 0, 0, "Capacity calculator", "title")
    ws.merge_range(1, 0, 1, 9, "", w.fmt["note"])
    w.text(ws, 1, 0, "Type in the yellow cells: each worker's (or team's) role, FTE and cases of "
           "each type; add rows below. Hours needed = cases x hours per case-month; hours "
           "available = FTE x the role's share x hours for casework per FTE-month (Assumptions "
           "sheet" + ("; with uplifts on non-case work, less the hours they add: row 3"
                      if a.cells["month"].startswith(f"'{CALCULATOR}'") else "")
           + "). Points: 100 = a full load for one FTE. Pre-filled rows hold the study's "
           "caseload by role, never one person's. A case of a type with no published hours is "
           "not costed: the FTE needed is then at least the figure shown, and a row's status "
           "reads 'At least Amber' or 'At least Red' when its costed cases alone reach that "
           "band, 'Incomplete' when they do not (not known to be over capacity or not: out of "
           "the rows over capacity and their share). A row with no hours available (an FTE "
           "of 0 or a role holding no caseload) has no status."
           + (f" The pre-filled rows count {counted}." if counted else ""), "note")
    ws.set_row(1, 80 if counted else 62)
    hours = _hours(guide, "should")
    _header(w, ws, layout, guide, refs, a, hours)
    results = _rows(w, ws, layout, rows, a, hours)
    _totals(w, ws, layout, results, a)
    _status_formats(w, ws, layout)
    _validation(ws, layout, a)
    ws.freeze_panes(layout.first_row, 1)
    ws.set_row(layout.header_row, 45)
    w.page_setup(ws, landscape=True, repeat=(layout.hours_row, layout.header_row))
    ws.activate()
    return layout


__all__ = ["CALCULATOR", "RESULTS", "TOTALS", "WEIGHTS", "CalculatorLayout", "calculator_sheet",
           "row_values"]
