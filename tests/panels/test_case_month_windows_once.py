"""``case_month`` works each case's holder's window out once (issue 18): the exposure, the
hours on cases and the cover while away share it, and give what each public function gives
on its own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import timestudy.panels.absence_cover as absence_cover
import timestudy.panels.cases as cases_module
import timestudy.panels.exposure as exposure_module
from timestudy import categorise, read_diary, simulate_study
from timestudy.panels import case_month
from timestudy.panels.exposure import case_exposure, covered_absence

pytestmark = pytest.mark.filterwarnings("ignore::timestudy.errors.DataQualityWarning")


def _study():
    s = simulate_study(n_workers=8, weeks=2, seed=3)
    eps = categorise(read_diary(s.diary, warn=False).episodes)
    return eps, s.cases


def test_case_month_works_the_windows_out_once(monkeypatch):
    eps, cases = _study()
    calls = []
    real = exposure_module.holder_windows

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cases_module, "holder_windows", counted)
    monkeypatch.setattr(exposure_module, "holder_windows", counted)
    cm = case_month(eps, cases)
    assert len(calls) == 1  # three times before: exposure, hours on cases, cover
    assert len(cm) and cm["case_months"].gt(0).all()


def test_the_shared_windows_give_what_each_function_gives_alone():
    eps, cases = _study()
    cm = case_month(eps, cases)
    # the same case-months from the public functions, each working its windows out itself
    from timestudy.panels.completeness import diary_completeness
    from timestudy.panels.episodes import prepare, study_period

    e = prepare(eps, 4.0)
    period = tuple(pd.Timestamp(p) for p in study_period(e))
    days = diary_completeness(e, None)
    out = cases.assign(case_id=cases["case_id"].astype("string"))
    days = absence_cover.absence_covered(days, e.loc[~e["category"].isin(["non_work"])], out)
    exposure = case_exposure(out, days, period).to_numpy()
    out = out.loc[exposure > 0].reset_index(drop=True)
    work = e.loc[~e["category"].isin(["non_work"]) & e["case_id"].notna(),
                 list(cases_module._HOURS_READS)]
    hours = cases_module.case_hours(work, out, days, period)
    months = exposure[exposure > 0] + covered_absence(out, days, hours, period)
    alone = pd.Series(months, index=out["case_id"].to_numpy())
    shared = cm.set_index("case_id")["case_months"]
    np.testing.assert_array_equal(shared.reindex(alone.index).to_numpy(), alone.to_numpy())
