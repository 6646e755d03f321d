"""A holder cell passed to the Python API read as the CLI reads it (fix37t).

``timestudy.read_cases`` trims the holder column, so the CLI never sees ``' JS1 '``; a
DataFrame passed to :func:`timestudy.panels.case_month`, ``case_hours`` or
``case_exposure`` may. Every reader of a case's holders takes them by the one rule
(:func:`timestudy.ingest.co_worked.holders_read`: trimmed, a blank left out), as
``co_held.case_holders`` already did.

The fortnight of ``test_job_share_days``: 2-13 March 2026, JS1 Monday to Wednesday, JS2
Wednesday to Friday, each writing 1 h on case K and 7 h of emails on each day at work; JS2
writes nothing on 4-6 March, so their window starts on Monday 9. By hand (days =
case-months x 21.0744): K held jointly is the job's week, Monday to Friday; Thursday 5 and
Friday 6, JS2's days alone, are outside their window: 8 days; JS1's 6 h and JS2's 3 h, 9 h.
K held by JS1 alone: JS1's 6 days (each 5/3 of a day of a Monday-to-Friday week: 10
days), JS1's 6 h counted and JS2's 3 h as a colleague's, 9 h.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from test_job_share_days import JS, MONTH, ON, _episodes, _workers

from timestudy.panels import case_exposure, case_hours, case_month, diary_completeness
from timestudy.panels.episodes import prepare


def _cases(holder: str, co: str | None = None) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["K"], "case_type": ["CP"], "worker_id": [holder],
                         "co_workers": pd.array([co], dtype="string"),
                         "opened": pd.NaT, "closed": pd.NaT})


PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-13"))
BLANK = {("JS2", d) for d in ("2026-03-04", "2026-03-05", "2026-03-06")}


def _e() -> pd.DataFrame:
    return _episodes(ON, "2026-03-02", "2026-03-13", blank=BLANK)


def _k(cases: pd.DataFrame) -> tuple[float, float]:
    """K's (days, hours) in ``case_month``; (0, 0) when it is in no row."""
    workers = _workers(JS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cm = case_month(_e(), cases, workers=workers)
    cm = cm.set_index("case_id")
    if "K" not in cm.index:
        return 0.0, 0.0
    return float(cm.loc["K", "case_months"]) * MONTH, float(cm.loc["K", "hours"])


def _days() -> tuple[pd.DataFrame, pd.DataFrame]:
    e = prepare(_e(), 4.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return e, diary_completeness(e, _workers(JS))


@pytest.mark.parametrize("holder, co", [(" JS1 ", "JS2; "), ("JS1", " JS2 ;"),
                                        ("JS1 ", " ; JS2")])
def test_a_jointly_held_case_with_spaces_in_its_cells(holder, co):
    """K held by JS1 and JS2, written with spaces or a trailing ``;``: 8 days, 9 h, as
    ``JS1`` with ``JS2`` (before: ``' JS1 '`` with ``'JS2; '`` and ``'JS1 '`` with
    ``' ; JS2'`` 5 days, 4 h, the job's window JS2's alone, from 9 March; ``'JS1'`` with
    ``' JS2 ;'`` 10 days, 9 h, the co-holder read as ``'JS2 ;'``, no diarist)."""
    assert _k(_cases("JS1", "JS2")) == pytest.approx((8.0, 9.0))
    assert _k(_cases(holder, co)) == pytest.approx((8.0, 9.0))


def test_a_lone_holder_with_spaces():
    """K held by ``' JS1 '`` alone: JS1's 6 days (10 of the week's), 9 h, as ``'JS1'``
    (before: K in no row, 0 days, its 9 h left out as its holder's who kept no diary)."""
    assert _k(_cases("JS1")) == pytest.approx((10.0, 9.0))
    assert _k(_cases(" JS1 ")) == pytest.approx((10.0, 9.0))


def test_case_exposure_reads_the_holder_trimmed():
    """``case_exposure`` (the exposure's ``_Span`` and the holders' windows and shares of
    ``holder_windows``): K held by ``' JS1 '`` with ``'JS2; '`` is 8 days, and by ``' JS1 '``
    alone 10 (before: 5, the job's window JS2's alone, and 0, the holder read as no
    diarist)."""
    _, days = _days()
    for cases, want in ((_cases(" JS1 ", "JS2; "), 8.0), (_cases(" JS1 "), 10.0)):
        got = case_exposure(cases, days, PERIOD, workers=_workers(JS))
        assert float(got.iloc[0]) * MONTH == pytest.approx(want)


def test_case_hours_reads_the_holder_trimmed():
    """``case_hours``: K held by ``' JS1 '``: JS1's 6 h counted as the holder's and JS2's 3 h
    as a colleague's, 540 minutes (before: 0, every minute outside the holder's window, and
    JS1's read as a colleague's)."""
    e, days = _days()
    work = e.loc[e["case_id"].eq("K")].assign(category="case_work")
    for cases in (_cases("JS1"), _cases(" JS1 ")):
        h = case_hours(work, cases, days, PERIOD, _workers(JS))
        assert float(h["counted"].sum()) == pytest.approx(540.0)
        assert h.groupby("worker_id")["by_other"].all().to_dict() == {"JS1": False,
                                                                       "JS2": True}
