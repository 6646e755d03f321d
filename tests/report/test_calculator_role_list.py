"""The calculator finds a role's share as the capacity model does, and its role column is a
drop-down of the Assumptions sheet's roles (audit26).

Column I (case-holding FTE) was ``FTE x IFERROR(VLOOKUP(role, Assumptions roles, 2, FALSE),
1)``: the Assumptions sheet lists "Team manager" (20%), so ``team_manager`` typed as the
workers table writes it found nothing and held a full caseload, 1.0 FTE instead of 0.2,
with no word and no drop-down, while the capacity model (``role_key``: case, spaces and
underscores ignored) gives the same worker 0.2.

By hand, on the g6 guide with ``team_manager`` given 0.2 and a row per worker (the status
rule's seven workers, E a team manager at 1.0 FTE): E's row holds 1.0 x 0.2 = 0.2 FTE
whether its role reads "Team manager" (pre-filled), "team_manager" or "TEAM MANAGER" (was
1.0 for the last two); a role not listed ("social worker") or blank holds the FTE typed
(1.0), the documented rule, and typing one not listed is warned of by the drop-down. Total
case-holding FTE in post with E typed "team_manager": A, B, C, D, G at 1.0, F at 0 and E
at 0.2 = 5.2 (was 6.0).
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from _status_caseload import HELD, status_study
from _workbook import evaluate_edited, sheet_values

from timestudy.report.excel import ASSUMPTIONS, CALCULATOR, write_workbook
from timestudy.report.prefill import role_share, role_shares

formulas = pytest.importorskip("formulas")


@pytest.fixture(scope="module")
def book(six_run, tmp_path_factory):
    guide, caseload, workers = status_study(six_run[1].guide)
    guide = replace(guide, meta=guide.meta | {"role_allowances": {"team_manager": 0.2}})
    workers = workers.assign(role=workers["role"].replace({"manager": "team_manager"}))
    path = tmp_path_factory.mktemp("roles") / "guide.xlsx"
    layout = write_workbook(guide, path, caseload=caseload, workers=workers, per_worker=True)
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    e = next(i for i in range(len(HELD)) if ws[layout.input_cell("label", i)].value == "E")
    return path, layout, e


def test_the_role_column_is_a_list_of_the_assumptions_roles(book):
    path, layout, e = book
    ws = openpyxl.load_workbook(path)[CALCULATOR]
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1 and layout.input_cell("role", e) in lists[0].sqref
    assert lists[0].errorStyle == "warning" and "full caseload" in lists[0].error
    sheet, cells = lists[0].formula1.split("!")
    assert sheet == f"'{ASSUMPTIONS}'" and cells.startswith("$A$") and ":$A$" in cells
    roles = [c.value for (c,) in openpyxl.load_workbook(path)[ASSUMPTIONS][cells.replace(
        "$", "")]]
    assert "Team manager" in roles


#: Roles typed and the share of a full caseload each gives, as the capacity model does.
TYPED = [("team_manager", 0.2), ("TEAM MANAGER", 0.2), ("social worker", 1.0), (None, 1.0)]


@pytest.fixture(scope="module")
def typed(book):
    """The workbook evaluated once with every role of :data:`TYPED` typed: the first in E's
    row (over its "Team manager"), each other in one of the last three empty rows, labelled,
    at 1.0 FTE (one evaluation, not four: each row's case-holding FTE is the same formula of
    its own FTE and role, so a row typed afresh shows the rule as E's row does)."""
    path, layout, e = book
    rows = [e, *range(layout.n_rows - len(TYPED) + 1, layout.n_rows)]
    edits = {(CALCULATOR, layout.input_cell("role", e)): TYPED[0][0]}
    for i, (role, _) in zip(rows[1:], TYPED[1:], strict=True):
        edits[(CALCULATOR, layout.input_cell("label", i))] = f"typed {role}"
        edits[(CALCULATOR, layout.input_cell("role", i))] = role
        edits[(CALCULATOR, layout.input_cell("fte", i))] = 1.0
    read = [*(layout.result_cell("holding_fte", i) for i in rows),
            layout.total_cell("fte_in_post")]  # evaluated with what they read, alone
    return rows, sheet_values(evaluate_edited(path, edits, "typed", (CALCULATOR, read)),
                              CALCULATOR)


@pytest.mark.parametrize(
    ("k", "typed_role", "share"),
    [(k, *t) for k, t in enumerate(TYPED)],
    ids=[f"{r}-{s}" for r, s in TYPED],
)
def test_a_role_matches_as_the_capacity_model_matches_it(book, typed, k, typed_role, share):
    _, layout, _ = book
    rows, values = typed
    assert values[layout.result_cell("holding_fte", rows[k])] == pytest.approx(share)
    assert role_share(typed_role or "", role_shares({"Team manager": 0.2})) == share  # Python's
    if typed_role == "team_manager":
        # 5.2 in post with E typed "team_manager", and the three rows typed at 1.0 FTE
        # holding 0.2 + 1.0 + 1.0
        assert values[layout.total_cell("fte_in_post")] == pytest.approx(5.2 + 2.2)


def test_the_prefilled_value_is_the_formulas(book):
    path, layout, e = book
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    assert ws[layout.input_cell("role", e)].value == "Team manager"
    assert ws[layout.result_cell("holding_fte", e)].value == pytest.approx(0.2)
