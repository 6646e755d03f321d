"""Statements of a caseload with a misspelt case type or a case with no type; the week's
hours needed shown as the floor it is.

Defects (review 15):

1. A misspelt type ('cin', 'CIN ' beside the guide's 'CIN') was "not costed: no hours
   per case-month in this diary", a false reason, and the statement was written; before
   the not-costed rule it was one error naming the types and the fix. It is that error
   again (the headline's rule, :func:`timestudy.capacity.need.check_case_types`), for
   any case of the caseload, whichever worker is asked for.
2. Worker D's hours needed a month said "at least 60.0 (1 CLA case not costed...)" but
   the week's said "16.5", a floor shown as exact.
3. A case with no case type stopped every statement with a TypeError.

Hand-worked on the guide of ``_guides.hand_guide``: 100 hours for casework per
FTE-month over 43.6 working weeks; "should" hours CIN 5 and CP 12 a case-month.

- A (1.0 FTE) holds CP, CIN and a case with no type: 17 hours costed of 100 (17%,
  under amber), the third unknown: no total, no load, no status; the statement names
  "1 case not costed: no case type given".
- D (0.5 FTE, 50 hours) holds 5 CP and a case with no type: the CP cases alone need
  60 hours, at least 120% (red from 110%), so "at least red"; a week: 60 x 12 / 43.6 =
  16.5 hours needed at least, against 50 x 12 / 43.6 = 13.8.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timestudy import workload_statements
from timestudy.errors import ConfigError

sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
from _guides import hand_guide  # noqa: E402
from test_statement_no_case_months import _statements  # noqa: E402

WORKERS = pd.DataFrame({"worker_id": ["A", "D"], "fte": [1.0, 0.5], "team": ["N", "S"]})
NONE = "1 case not costed: no case type given"


def _caseload(a: list, d: list | None = None) -> pd.DataFrame:
    d = d or []
    types = pd.Series([*a, *d], dtype=object)
    return pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(1, len(types) + 1)],
            "worker_id": ["A"] * len(a) + ["D"] * len(d),
            "case_type": types,
        }
    )


def _by_worker(caseload, **kw):
    return {
        s.worker_id: s
        for s in workload_statements(hand_guide(), caseload, WORKERS, date="2026-04-01", **kw)
    }


def test_a_type_spelt_otherwise_is_one_error_naming_it_and_the_fix():
    """Before: a statement for A, "1 cin case and 1 CIN  case not costed: no hours per
    case-month in this diary", no status."""
    with pytest.raises(ConfigError) as err:
        _by_worker(_caseload(["CP", "cin", "CIN "]))
    assert str(err.value) == (
        "case type(s) ['CIN ', 'cin'] are not in the guide as spelt (it has ['CIN', 'CP']): "
        "'CIN ' is the guide's 'CIN' (case c3); 'cin' is the guide's 'CIN' (case c2); "
        "spell them as the guide does in the caseload's case_type column (capitals, "
        "spaces and other names of a type count), or they cannot be costed"
    )


def test_another_workers_misspelt_case_stops_one_workers_statement_too():
    """The caseload is checked whole, as the headline checks it: D's 'cp' is an error in
    the file even when only A's statement is asked for."""
    with pytest.raises(ConfigError, match=r"\['cp'\] are not in the guide as spelt"):
        _by_worker(_caseload(["CP"], ["cp"]), worker="A")


def test_a_type_truly_absent_is_still_not_costed():
    a = _by_worker(_caseload(["CP", "CLA"]))["A"]
    assert a.not_costed == "1 CLA case not costed: no hours per case-month in this diary"


@pytest.mark.parametrize("blank", [None, np.nan, pd.NA, "  "])
def test_a_case_with_no_type_is_not_costed_by_hand(blank):
    """Before: TypeError (sequence item 0: expected str instance, float found). The CP
    and CIN cases are costed (12 + 5 = 17 h of A's 100 h): at least 17.0 h and 17%, no
    status (audit20c st4: a dash, where the calculator gives the costed cases' hours)."""
    a = _by_worker(_caseload(["CP", blank, "CIN"]))["A"]
    assert a.status == "none" and a.figures_at_least
    assert a.hours_needed_per_month == pytest.approx(17.0) and a.load == pytest.approx(0.17)
    assert a.cases["hours_per_month"].tolist()[:2] == [12.0, 5.0]
    assert np.isnan(a.cases["hours_per_month"].iloc[2])
    assert a.not_costed == NONE
    assert a.notes == [
        f"{NONE}. They are not counted as zero: the hours needed and the load count only "
        "your other cases (at least), and no status can be given."
    ]
    assert a.no_status == (
        "no case type is given for 1 of your cases, so its time cannot be costed"
    )
    md = a.to_markdown()
    assert "| c2 | not given | not costed |" in md
    assert f"| hours needed a month | at least 17.0 ({NONE}) |" in md
    assert f"| weighted load | at least 17% ({NONE}) |" in md


def test_the_other_cases_alone_reach_red_with_a_case_with_no_type_by_hand():
    """D: 60 of 50 hours, at least 120%, at least red; at least 16.5 hours a week."""
    d = _by_worker(_caseload(["CP"], ["CP"] * 5 + [None]))["D"]
    assert d.status == "red" and d.at_least
    assert d.hours_needed_per_month == pytest.approx(60.0) and d.load == pytest.approx(1.2)
    md = d.to_markdown()
    assert f"| hours needed a month | at least 60.0 ({NONE}) |" in md
    assert f"| hours needed a week | at least 16.5 ({NONE}) |" in md


def test_the_week_is_a_floor_as_the_month_is():
    """Worker D of test_statement_no_case_months: 60 x 12 / 43.6 = 16.51 hours a week,
    at least (the CLA case is left out), as the month's 60.0; before, "16.5" bare. The
    status line's load is a floor too: "at least 120%" (before, "120%")."""
    why = "1 CLA case not costed: no hours per case-month in this diary"
    d = _statements()["D"]
    assert d.hours_needed_per_week == pytest.approx(60 * 12 / 43.6)
    md = d.to_markdown()
    assert f"| hours needed a week | at least 16.5 ({why}) |" in md
    assert "| hours available a week | 13.8 |" in md  # not a floor: nothing left out
    assert "(at least 120% of the hours available for casework)" in md
    assert f"at least 16.5 ({why})" in d.to_html()
    a = _statements()["A"]  # every case costed: 22 x 12 / 43.6 = 6.06, bare
    assert "| hours needed a week | 6.1 |" in a.to_markdown()
