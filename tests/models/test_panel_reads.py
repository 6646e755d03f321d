"""fit_study gives its panels only the columns they read (models._PANEL_READS): every panel
must give the same from those columns as from the whole diary."""

import pandas as pd
import pytest

from timestudy import read_diary, simulate_study
from timestudy.models import _PANEL_READS
from timestudy.panels import (
    case_month,
    diary_completeness,
    pieces_of_work,
    used_episodes,
    worker_week,
)
from timestudy.panels.attribution import return_journeys
from timestudy.panels.episodes import with_diary_date


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=10, weeks=2, seed=11)
    ep = read_diary(s.diary, warn=False).episodes  # with the columns ingest adds (flags...)
    ep = ep.drop(columns=["task_type"]).rename(columns={"true_task_type": "task_type",
                                                        "true_category": "category"})
    # one survey weight per worker (panels.survey_weights), differing between workers
    return s, with_diary_date(ep.assign(
        survey_weight=1.0 + ep["worker_id"].factorize()[0] % 3 / 4))


def _panels(ep, s):
    days = diary_completeness(ep, s.workers)
    used = return_journeys(used_episodes(ep, days))
    pieces = pieces_of_work(used, days=days, weight="survey_weight")
    return {"days": days, "used": used, "pieces": pieces,
            "worker_week": worker_week(used, s.workers, pieces=pieces, days=days,
                                       weight="survey_weight"),
            "case_month": case_month(used, s.cases, workers=s.workers, days=days,
                                     weight="survey_weight")}


def test_panels_read_only_the_listed_columns(study):
    s, ep = study
    extra = [c for c in ep if c not in (*_PANEL_READS, "instance_id", "survey_weight")]
    assert {"activity", "location", "flags"} <= set(extra)  # the diary has columns to leave behind
    whole = _panels(ep, s)
    kept = _panels(ep.drop(columns=extra), s)
    assert whole["pieces"].shape[0] > 50 and whole["case_month"].shape[0] > 20
    # it would see a column left out that changes a panel (here, instance ids)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(
            whole["pieces"], _panels(ep.drop(columns=[*extra, "instance_id"]), s)["pieces"])
    pd.testing.assert_frame_equal(whole["used"][kept["used"].columns], kept["used"],
                                  check_exact=True)
    for name in ("days", "pieces", "worker_week", "case_month"):
        pd.testing.assert_frame_equal(whole[name], kept[name], check_exact=True, obj=name)
