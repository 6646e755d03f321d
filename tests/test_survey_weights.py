"""Survey weights: one rule (a finite number, 0 or more, one per worker), read once.

Found in review of the merge of kishn: a diary file with a weight column passed as
``run_study(path, weight="w")`` stopped with a traceback (``TypeError: dtype 'str' does not
support operation 'mean'`` in ``panels/workers.py``: the column is read as text), and three
NaN weights in a diary frame silently blanked a task's time per piece. Now every bad weight
is refused with one line naming the file's row, the column and the fix
(:func:`timestudy.panels.survey_weights.survey_weights`), before any figure is made.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import timestudy
from timestudy.errors import SchemaError
from timestudy.models import fit_study
from timestudy.panels import pieces_of_work
from timestudy.panels.survey_weights import survey_weights, weights_differ


@pytest.fixture(scope="module")
def study():
    return timestudy.simulate_study(n_workers=6, weeks=1, seed=3)


def _file_with(tmp_path, s, w):
    """The simulated diary written to a file with the survey weights ``w`` (text, as read)."""
    path = tmp_path / "diary.csv"
    s.diary.assign(w=w).to_csv(path, index=False)
    return path


def _run(diary, s):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.run_study(diary, s.cases, s.workers, n_boot=9, weight="w",
                                   sensitivity=False)


def _per_worker(s, heavy=2.0):
    return np.where(s.diary["worker_id"].eq("W001"), heavy, 1.0).astype(object)


@pytest.mark.parametrize(("value", "said"), [
    ("", "a survey weight is missing"),
    ("heavy", "a survey weight is not a number ('heavy')"),
    ("-1", "a survey weight is negative ('-1')"),
    ("inf", "a survey weight is infinite ('inf')"),
])
def test_bad_weight_in_a_diary_file_is_one_line(tmp_path, study, value, said):
    """Row 2 of the file is the diary's first row (the header is row 1). Old: a traceback
    (``TypeError`` from the mean of a text column) for every one of them."""
    w = _per_worker(study)
    w[0] = value
    with pytest.raises(SchemaError) as err:
        _run(_file_with(tmp_path, study, w), study)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("diary.csv: row 2, column `w`: " + said), msg  # the file named
    assert "one per worker" in msg and "leave the weight out for equal weights" in msg


def test_weight_differing_within_a_worker_is_refused(tmp_path, study):
    """W001's rows weigh 2 but one weighs 3: the guide samples workers, and counting them
    in effect needs one weight a worker. Old: the mean (2.0x) taken silently."""
    w = _per_worker(study)
    first = int(np.flatnonzero(study.diary["worker_id"].eq("W001"))[1])
    w[first] = 3.0
    with pytest.raises(SchemaError, match=rf"row {first + 2}, column `w`: this worker's "
                       r"survey weight \('3.0'\) differs from the one on the worker's first"):
        _run(_file_with(tmp_path, study, w), study)


def test_good_weights_from_a_file_are_read(tmp_path, study):
    """Old: a traceback for any weight column read from a file (text)."""
    run = _run(_file_with(tmp_path, study, _per_worker(study)), study)
    ww = run.models.worker_week
    assert ww.loc[ww["worker_id"].eq("W001"), "weight"].eq(2.0).all()
    assert ww.loc[ww["worker_id"].ne("W001"), "weight"].eq(1.0).all()


def test_nan_weights_in_a_frame_no_longer_blank_a_figure(study):
    """Three NaN weights (one worker's first rows) of a diary frame. Old: fit_study ran and
    a task's time per piece came out blank, with no message."""
    ep = study.diary.rename(columns={"true_task_type": "task_type",
                                     "true_category": "category"})
    w = np.where(ep["worker_id"].eq("W002"), 0.5, 1.0)
    w[np.flatnonzero(ep["worker_id"].eq("W002"))[:3]] = np.nan
    with pytest.raises(SchemaError, match=r"a survey weight is missing \(and 2 more rows\)"):
        fit_study(ep.assign(w=w), study.cases, study.workers, n_boot=9, weight="w")


def test_panels_read_weights_by_the_same_rule(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type",
                                     "true_category": "category"})
    with pytest.raises(SchemaError, match="column `w`: a survey weight is negative"):
        pieces_of_work(ep.assign(w=-1.0), weight="w")


def test_rule_by_hand():
    """Numbers and numeric text are read; 0 is a weight (a worker who counts for none)."""
    ep = pd.DataFrame({"worker_id": ["A", "A", "B"], "w": [" 2", "2.0", "0"],
                       "source_row": [5, 6, 7]})
    assert survey_weights(ep, "w").tolist() == [2.0, 2.0, 0.0]
    assert survey_weights(ep, None).tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(SchemaError, match=r"^diary.csv: no column `v`"):
        survey_weights(ep, "v", source="diary.csv")
    assert not weights_differ(pd.DataFrame({"weight": [2.0, 2.0]}))
    assert weights_differ(pd.DataFrame({"weight": [2.0, np.nan]}))


def test_a_week_without_entries_keeps_its_worker_weight():
    """W001 (weight 20, the other five 1) made no entry in the second of three weeks: its row
    of the worker-weeks took weight 1.0 (a week with no rows filled with 1), so the study's
    workers in effect (disclosure control) were of W001 weighted (20 + 1 + 20) / 3 = 13.67:
    (13.67 + 5)^2 / (13.67^2 + 5) = 348.4 / 191.8 = 1.82 (measured on the old code). Now
    every week of W001 weighs 20: (20 + 5)^2 / (20^2 + 5) = 625 / 405 = 1.54, as the
    other figures count them."""
    from timestudy._lib.disclose import effective_workers
    from timestudy.panels import worker_week

    s = timestudy.simulate_study(n_workers=6, weeks=3, seed=3)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    start = pd.to_datetime(ep["start"])
    monday = start.min().normalize() - pd.Timedelta(days=start.min().day_of_week)
    second = (start >= monday + pd.Timedelta(days=7)) & (start < monday + pd.Timedelta(days=14))
    ep = ep.loc[~(ep["worker_id"].eq("W001") & second)]
    ep = ep.assign(w=np.where(ep["worker_id"].eq("W001"), 20.0, 1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ww = worker_week(ep, s.workers, weight="w")
    assert ww["worker_id"].eq("W001").sum() == 3  # the week without entries is a row
    assert ww.loc[ww["worker_id"].eq("W001"), "weight"].eq(20.0).all()
    assert effective_workers(ww["worker_id"], ww["weight"]) == pytest.approx(625 / 405)


def test_kish_refuses_a_weight_not_read_by_the_rule():
    """A NaN weight counted as none in ``effective_workers`` and as 1.0 in the case types'
    secondary suppression: two rules. Weights now reach them only through the one rule, so
    a NaN (or two weights for one worker) there is a fault of the code and raises."""
    from timestudy._lib.disclose import effective_workers, worker_weights

    with pytest.raises(ValueError, match="one finite number, 0 or more, per worker"):
        effective_workers(["A", "B", "C"], [1.0, np.nan, 1.0])
    with pytest.raises(ValueError, match="per worker"):
        worker_weights(["A", "A"], [1.0, 2.0])
    assert worker_weights(["B", "A", "B"], [2.0, 0.0, 2.0]).to_dict() == {"A": 0.0, "B": 2.0}
