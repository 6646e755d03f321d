"""The hours available and their parts: no suppressed figure comes back from a published total.

A six-worker study made by hand like the audit's s1 (``/tmp/audit2/gen1.py``): every worker
keeps the same day (emails 09:00-10:00, travel, a statutory visit, travel back, lunch, case
notes, emails to 17:00), W1 misses one day, and a few rare pieces: a court statement on
PROCEEDINGS (W1 once, W2 twice: 2 workers), an unannounced visit at night (W3), a liaison
call on a case (W4), an eight-hour night duty shift off any case (W5, Saturday), case notes
at home (W2). 29 worker-days of 1 FTE: 5.8 FTE-weeks. Read in Europe/London, the duty
shift spans the clock change of 29 March: 7 hours.

The reader here takes only what ``guide.json`` shows, and knows the sums that tie it
together, worst case (a part of a task that is zero is known to be zero):

* a category's share x hours worked per FTE-week = its tasks' hours per FTE-week;
* the shares (out of hours apart) add up to 1;
* the tasks' non-case hours add up to the non-case hours per FTE-week, their case hours
  to the case hours per FTE-week (= hours worked less non-case);
* out-of-hours hours per FTE-week / hours worked per FTE-week = the out-of-hours share;
* case hours per FTE-week x FTE-weeks = the hours of each case type (hours per case-month
  x case-months) + the case time not counted in a type (``meta.case_time``).

The reader's algebra is written here on its own (a least-squares rank test).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from _algebra import solvable

import timestudy
from timestudy.guide.totals import withhold_shares

DAYS = ["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27"]


def _s1() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = []

    def add(w, s, e, code, act, case=""):
        rows.append({"worker_id": w, "start": s, "end": e, "activity": act,
                     "activity_code": code, "case_id": case})

    for i in range(1, 7):
        w, c = f"W{i}", f"C{i}"
        for d in DAYS:
            if w == "W1" and d == "2026-03-25":
                continue  # a missing day
            add(w, f"{d}T09:00", f"{d}T10:00", "ADM", "emails")
            add(w, f"{d}T10:00", f"{d}T10:30", "TRV", "drive to visit", c)
            add(w, f"{d}T10:30", f"{d}T11:30", "SV", "statutory visit", c)
            add(w, f"{d}T11:30", f"{d}T12:00", "TRV", "drive back")
            add(w, f"{d}T12:00", f"{d}T12:30", "BRK", "lunch")
            add(w, f"{d}T12:30", f"{d}T13:30", "REC", "case notes", c)
            if (w, d) in (("W1", DAYS[0]), ("W2", DAYS[0]), ("W2", DAYS[1])):
                add(w, f"{d}T13:30", f"{d}T14:00", "ADM", "emails")
                add(w, f"{d}T14:00", f"{d}T16:00", "CST", "court statement",
                    "P1" if w == "W1" else "P2")
                add(w, f"{d}T16:00", f"{d}T17:00", "ADM", "emails")
            else:
                add(w, f"{d}T13:30", f"{d}T17:00", "ADM", "emails")
            if (w, d) == ("W2", DAYS[1]):
                add(w, f"{d}T21:00", f"{d}T22:30", "REC", "case notes at home", c)
            if (w, d) == ("W3", DAYS[3]):
                add(w, f"{d}T23:30", f"{DAYS[4]}T00:30", "UV", "unannounced visit", c)
            if (w, d) == ("W4", DAYS[0]):
                add(w, f"{d}T16:30", f"{d}T17:30", "LIA", "call with school", c)
    add("W5", "2026-03-28T22:00", "2026-03-29T06:00", "DUTY", "out of hours duty shift")
    cases = pd.DataFrame(
        [{"case_id": f"C{i}", "case_type": "CP", "worker_id": f"W{i}"} for i in range(1, 7)]
        + [{"case_id": "P1", "case_type": "PROCEEDINGS", "worker_id": "W1"},
           {"case_id": "P2", "case_type": "PROCEEDINGS", "worker_id": "W2"}]
    ).assign(opened="2025-01-01", closed="")
    workers = pd.DataFrame({"worker_id": [f"W{i}" for i in range(1, 7)], "fte": 1.0,
                            "contracted_hours": 37, "role": "social_worker", "team": "T1",
                            "workdays": "Mon-Fri"})
    return pd.DataFrame(rows), cases, workers


@pytest.fixture(scope="module")
def s1(tmp_path_factory):
    out = tmp_path_factory.mktemp("s1")
    diary, cases, workers = _s1()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = timestudy.run_study(diary, cases, workers, n_boot=19, timezone="Europe/London")
        timestudy.write_outputs(run, out)
    return run, out, json.loads((out / "guide.json").read_text())


def _reader(run, raw) -> list:
    """The hidden figures the reader can solve for (see the module's docstring).

    Unknowns: each task's case part and non-case part (hours per FTE-week), each share
    (out of hours included), each case type's hours per FTE-week. Values behind the hidden
    ones come from the models (only to know which parts are zero: the worst case).
    """
    m = run.models
    fte_weeks = m.worker_week["fte_weeks"].sum()
    pieces = m.pieces
    h = pieces.groupby("task_type")["direct_min"].sum() / 60 / fte_weeks
    nc = (pieces.loc[pieces["case_id"].isna()].groupby("task_type")["direct_min"].sum()
          / 60 / fte_weeks).reindex(h.index).fillna(0)
    tasks = {t["task_type"]: t for t in raw["tasks"]}
    names = list(h.index)
    nt = len(names)
    shares = {c["category"]: c for c in raw["category_shares"]}
    cats = [c for c in shares if c != "out_of_hours"]
    types = [c["case_type"] for c in raw["case_types"]]
    meas = raw["available_hours"]["measures"]
    H = meas["hours_worked_per_fte_week"]["estimate"]
    size = 2 * nt + len(cats) + 1 + len(types)
    cat_of = np.array([tasks[t]["category"] if t in tasks else "" for t in names])
    eqs = []
    for j, c in enumerate(cats):
        e = np.zeros(size)
        e[:2 * nt] = np.tile(cat_of == c, 2)
        e[2 * nt + j] = -H
        eqs.append(e)
    e = np.zeros(size)
    e[2 * nt:2 * nt + len(cats)] = 1
    eqs.append(e)
    for part in (0, 1):  # case parts add up to C, non-case parts to N (both published)
        e = np.zeros(size)
        e[part * nt:(part + 1) * nt] = 1
        eqs.append(e)
    e = np.zeros(size)  # case types' hours per FTE-week add up to C less the rest
    e[2 * nt + len(cats) + 1:] = 1
    eqs.append(e)
    # out of hours: the share x H is the out-of-hours hours, when those are published
    ooh_i = 2 * nt + len(cats)
    if meas["out_of_hours_per_fte_week"] is not None:
        e = np.zeros(size)
        e[ooh_i] = 1
        eqs.append(e)
    A = np.array(eqs)
    value = np.r_[(h - nc).to_numpy(), nc.to_numpy(), np.ones(len(cats) + 1 + len(types))]
    shown_task = np.array([t in tasks and tasks[t]["hours_per_fte_week"] is not None
                           for t in names])
    shown_nc = np.array([t in tasks and tasks[t].get("non_case_hours_per_fte_week") is not None
                         for t in names])
    hidden = np.r_[~(shown_task & shown_nc), ~(shown_task & shown_nc),
                   [shares[c]["share"] is None for c in cats],
                   [shares["out_of_hours"]["share"] is None],
                   [c["hours_per_case_month"] is None or c["case_months"] is None
                    for c in raw["case_types"]]]
    hidden &= value != 0  # a part that is zero is known (worst case)
    labels = ([f"case part of {t}" for t in names] + [f"non-case part of {t}" for t in names]
              + [f"share {c}" for c in cats] + ["share out_of_hours"]
              + [f"hours of {k}" for k in types])
    return [labels[i] for i in np.flatnonzero(solvable(A, hidden))]


def test_no_suppressed_figure_comes_back_from_the_hours_available(s1):
    """On main (the audit's s1, measured again by this test's reader on main's guide.json):
    non-case hours per FTE-week 22.672414 less email admin's 21.465517 (the only published
    task with non-case time) = 1.206897 h, the hidden duty shift (7 h over the clock change
    / 5.8 FTE-weeks: one worker's night); the admin share x hours worked less email admin
    and duty gave the hidden liaison call (0.5 h, a case part); out-of-hours hours / hours
    worked (1.637931 / 39.224138 = 0.041758) gave the hidden out-of-hours share (3
    workers); case hours per FTE-week x 5.8 (16.551724 x 5.8 = 96.0) less CP's hours per
    case-month x case-months (90.0) gave PROCEEDINGS' 6.0 h (2 workers). The reader found
    exactly these four: case part of professional_liaison, non-case part of duty, share
    out_of_hours, hours of PROCEEDINGS. Now none but the last (see the next test)."""
    run, _, raw = s1
    assert [f for f in _reader(run, raw) if not f.startswith("hours of")] == []


def test_no_suppressed_case_type_hours_come_back_from_the_case_time(s1):
    """Case hours per FTE-week x 5.8 (96.0) less CP's 67.472291 x 1.333881 (90.0) gave
    PROCEEDINGS' 6.0 h (2 workers); now CP is withheld with it (secondary) and nothing
    hidden is solvable."""
    run, _, raw = s1
    assert _reader(run, raw) == []
    sup = {(s["table"], s["key"]) for s in raw["suppressed"]}
    assert ("tasks", "duty") in sup and ("case_types", "PROCEEDINGS") in sup
    assert ("category_shares", "out_of_hours") in sup


def test_the_reader_finds_what_the_audit_found_on_the_old_publication(s1):
    """The reader's check is not empty-handed: with the figures main published (email admin
    and the admin share shown, out-of-hours hours shown, CP shown) it finds the duty row's
    non-case part, the out-of-hours share and PROCEEDINGS' hours."""
    run, _, raw = s1
    old = json.loads(json.dumps(raw))
    m = run.models
    fte_weeks = m.worker_week["fte_weeks"].sum()
    email = m.pieces.loc[m.pieces["task_type"] == "email_admin", "direct_min"].sum() / 60
    for t in old["tasks"]:
        if t["task_type"] == "email_admin":
            t["hours_per_fte_week"] = t["non_case_hours_per_fte_week"] = email / fte_weeks
    for c in old["category_shares"]:
        if c["category"] == "admin":
            c["share"] = {"estimate": 0.58}
    old["available_hours"]["measures"]["out_of_hours_per_fte_week"] = {"estimate": 1.8}
    for c in old["case_types"]:
        if c["case_type"] == "CP":
            c["hours_per_case_month"], c["case_months"] = {"estimate": 67.47}, 1.33
    found = _reader(run, old)
    assert {"non-case part of duty", "share out_of_hours", "hours of PROCEEDINGS"} <= set(found)


def test_out_of_hours_hours_go_with_their_share(s1):
    """3 workers worked out of hours (W2 at home, W3's night visit, W5's duty): the share is
    withheld, and so are the hours per FTE-week that give it back over the hours worked."""
    run, out, raw = s1
    ooh = next(c for c in raw["category_shares"] if c["category"] == "out_of_hours")
    assert ooh["share"] is None and ooh["n_workers"] is None  # 3 of 6: in words (audit23)
    # of 6 workers no count from 1 to 5 has a band ("at least 5 of 6" would say 5)
    assert ooh["n_workers_words"] == "not shown"
    assert raw["available_hours"]["measures"]["out_of_hours_per_fte_week"] is None
    assert run.guide.reasons("available_hours")["out_of_hours_per_fte_week"].endswith(
        "(fewer than 5 workers)")
    md = (out / "report.md").read_text()
    line = next(x for x in md.splitlines() if x.startswith("| of which out of hours"))
    assert "1.8" not in line and "not shown" in line
    import openpyxl
    ws = openpyxl.load_workbook(out / "guide.xlsx")["Summary"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "of which out of hours")
    assert all(v is None for v in row[1:])


def test_case_time_does_not_give_a_suppressed_case_type_back(s1):
    """PROCEEDINGS (2 workers) is withheld; C x FTE-weeks less the published case types'
    hours would leave its 6.0 h, so CP (the only other type) goes too, as a secondary
    suppression; the relative weights (CP is the reference) and the case time go with it."""
    run, _, raw = s1
    reasons = run.guide.reasons("case_types")
    assert reasons["PROCEEDINGS"] == "fewer than 5 workers"
    assert reasons["CP"].startswith("secondary suppression")
    assert all(c["hours_per_case_month"] is None for c in raw["case_types"])
    assert raw["meta"]["case_time"]["hours"] == 0


def test_report_category_table_shows_what_the_guide_shows(s1):
    """On main report.md's "Time by category (as categorised)" printed Direct work 12.4% and
    Recording 15.1%, which the guide withheld (secondary). Every share the guide withholds
    is "suppressed" there too, and no single withheld share is left to subtract."""
    run, out, raw = s1
    md = (out / "report.md").read_text()
    block = md.split("**Time by category (as categorised)**")[1].split("\n\n")[1]
    cells = dict(line.strip("|").split(" | ")[:2] for line in block.splitlines()[2:])
    cells = {k.strip(): v.strip() for k, v in cells.items()}
    labels = raw["meta"]["labels"]["categories"]
    hidden = [c["category"] for c in raw["category_shares"]
              if c["share"] is None and c["category"] != "out_of_hours"]
    assert hidden
    for c in hidden:
        assert cells[labels.get(c, c)] == "suppressed", c
    shown = [v for v in cells.values() if v != "suppressed"]
    assert len(cells) - len(shown) != 1


def test_worker_dots_only_for_published_categories(s1, monkeypatch):
    """The per-worker dot plot (report.html) shows each worker's hours in a category; for a
    withheld category their mean over H gives the share back, so only published categories
    are drawn (here travel alone)."""
    from timestudy import plots
    from timestudy.report import build_report

    run, _, raw = s1
    drawn = []
    monkeypatch.setattr(plots, "worker_hours_plot",
                        lambda data, ax=None: drawn.append(data) or ax)
    for sec in build_report(run).sections:
        for block in sec.blocks:
            if getattr(block, "key", "") == "worker_hours":
                block.draw(None)
    shown = {c["category"] for c in raw["category_shares"] if c["share"] is not None}
    assert drawn and set(drawn[0]["category"]) <= {
        raw["meta"]["labels"]["categories"].get(c, c) for c in shown}


def test_withhold_shares_by_hand():
    """Shares 0.5, 0.3, 0.15, 0.05 of a whole: d from 2 workers goes, and c (the smallest
    other) with it, as 1 - 0.5 - 0.3 - 0.15 = 0.05 would give d back; a zero share is known
    and never withheld; a share the guide withholds (a) is withheld here too, with the
    smallest (d, 0.05) as its complement."""
    share = pd.Series([0.5, 0.3, 0.15, 0.05, 0.0], index=list("abcde"))
    n = pd.Series([9, 9, 9, 2, 0], index=list("abcde"))
    assert withhold_shares(share, n, 5).tolist() == [False, False, True, True, False]
    assert withhold_shares(share, n.clip(lower=9), 5, withheld=["a"]).tolist() == [
        True, False, False, True, False]


def test_share_of_time_categorised_goes_with_the_uncategorised_share():
    """6 simulated workers (seed 1): uncategorised time from 4 workers is withheld in the
    guide and in the report's time by category; the share of time categorised is 1 less
    that share (to the rounding), so it is withheld with it in report.md and
    data_quality.json."""
    from timestudy import simulate_study
    from timestudy.report.run_sections import category_withheld, quality_summary

    s = simulate_study(n_workers=6, weeks=4, seed=1)
    diary = s.diary.drop(columns=[c for c in s.diary.columns if c.startswith("true_")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = timestudy.run_study(diary, s.cases, s.workers, n_boot=19)
    by = run.coverage.by_category["share_minutes"]
    assert 1 - run.coverage.share_minutes_categorised == pytest.approx(by["uncategorised"])
    assert category_withheld(run)["uncategorised"]
    assert quality_summary(run)["share_minutes_categorised"] is None
