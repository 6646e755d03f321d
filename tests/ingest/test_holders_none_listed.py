"""A cases table none of whose holders is a worker of the workers table (audit25j).

Before, every holder ``W1`` where the workers table has ``W01`` (N3_allholders), or the holder
column headed ``Allocated Worker`` and so unread (N2_worker), left no case with case-months,
and ``timestudy guide`` stopped with "internal error (IndexError ...)" in
``default_reference``, exit 2 and a request to report it. A single holder so spelt
(K3_holder_zero: ``W2`` for ``W02``) was named only as "5 cases whose holder kept no diary".
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning, SchemaError, TimestudyError
from timestudy.ingest.holder_ids import fold_holders
from timestudy.models.cases import default_reference, estimate_case_weights

WORKERS = pd.DataFrame({"worker_id": ["W01", "W02", "W03"], "fte": 1.0})


def test_no_holder_in_the_workers_table_is_refused_with_did_you_mean():
    """Holders W1 (2 cases) and W3 (1): neither is W01/W02/W03 once case and spaces are
    folded; each is one once the leading zeros of its digits are (W1 = W01, W3 = W03)."""
    cases = pd.DataFrame({"case_id": ["A", "B", "C"], "worker_id": ["W1", "W1", "W3"]})
    with pytest.raises(SchemaError) as got:
        fold_holders(cases, WORKERS, "cases.csv")
    said = str(got.value)
    assert said.startswith("cases.csv: no case's holder (worker_id) is a worker of the "
                           "workers table (W01, W02, W03): 'W1' (2 cases; did you mean "
                           "'W01'?), 'W3' (1 case; did you mean 'W03'?)")
    assert "\n" not in said


def test_one_holder_off_by_leading_zeros_is_named_with_did_you_mean_not_applied():
    """W2 (2 cases) where the table has W02; W01 (1 case) is listed: not refused, W2 left as
    it is (as the diary's ids are: a hint, not applied), and named."""
    cases = pd.DataFrame({"case_id": ["A", "B", "C"], "worker_id": ["W2", "W2", "W01"]})
    with pytest.warns(DataQualityWarning, match=r"worker id 'W2' \(2 cases\) is not in the "
                      r"workers table: did you mean 'W02'\? its digits differ only by "
                      r"leading zeros; not applied"):
        got = fold_holders(cases, WORKERS, "cases.csv")
    assert got["worker_id"].tolist() == ["W2", "W2", "W01"]


def test_holders_blank_or_listed_are_not_refused():
    cases = pd.DataFrame({"case_id": ["A", "B"], "worker_id": [None, "W01"]})
    assert fold_holders(cases, WORKERS).equals(cases)


def test_no_case_type_with_case_months_is_a_user_error_not_an_index_error():
    """No case-month at all (every holder kept no diary): a TimestudyError (exit 2, one line,
    the fix), where ``default_reference`` raised IndexError on an empty index."""
    with pytest.raises(TimestudyError, match=r"no case has case-months in the diary period.*"
                       r"Check the cases table's holder column"):
        default_reference(pd.Index([]))
    cm = pd.DataFrame({"case_id": pd.Series([], dtype=str), "case_type": pd.Series(
        [], dtype=str), "worker_id": pd.Series([], dtype=str), "case_months": [],
        "hours": []})
    with pytest.raises(TimestudyError, match="no case has case-months"):
        estimate_case_weights(cm, pd.DataFrame({"worker_id": [], "case_id": [],
                                                "task_type": [], "full_min": []}), n_boot=9)


def test_guide_refuses_in_one_line_where_it_stopped_on_an_internal_error(tmp_path, capsys):
    """The simulated study's holders W001... written W1... (a case system that drops zeros):
    the guide exits 2 with the refusal (before: exit 2, "internal error (IndexError")."""
    from timestudy import simulate_study
    from timestudy.cli import main

    s = simulate_study(n_workers=3, weeks=1, seed=1)
    s.diary.to_csv(tmp_path / "diary.csv", index=False)
    s.workers.to_csv(tmp_path / "workers.csv", index=False)
    cases = s.cases.assign(worker_id=s.cases["worker_id"].str.replace(r"W0+", "W", regex=True))
    cases.to_csv(tmp_path / "cases.csv", index=False)
    code = main(["guide", str(tmp_path / "diary.csv"), "--cases", str(tmp_path / "cases.csv"),
                 "--workers", str(tmp_path / "workers.csv"), "--n-boot", "9", "--quiet",
                 "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "no case's holder (worker_id) is a worker of the workers table" in err
    assert "(did you mean 'W001'?)" in err or "did you mean 'W001'?" in err
