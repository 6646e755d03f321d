"""A 9-day fortnight (every other Friday off) declared in the workers table, not read as missing.

The known fault (the twenty-fourth stop): ``workdays`` was one week, the same every week, so a
worker on a 9-day fortnight had their Friday off read as a *missing* diary day: their
observed share fell to 9 / 10, their FTE-weeks to 9 contracted days used over 5 a week, and
their hours per FTE-week and per case-month rose. ``workdays`` now takes the weeks of a
pattern, ``"Mon-Fri / Mon-Thu"``, anchored by ``pattern_from`` (a date in a week 1).

The study (hand-worked throughout): two weeks, Monday 2 to Friday 13 November 2026, no bank
holiday. A works Monday to Friday, 7.5 h a day: 10 days, 75 h. B is on a 9-day fortnight,
8 h a day, Friday 6 November off (week 2 of the pattern; week 1, Monday to Friday, is the
week of 9 November): 9 days, 72 h. Both 1.0 FTE, 37 contracted hours.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.tables import read_workers
from timestudy.panels import completeness_by, diary_completeness, observed_share
from timestudy.panels.windows import diary_windows
from timestudy.panels.workers import worker_week
from timestudy.schema.workdays import parse_workdays

OFF = pd.Timestamp("2026-11-06")


def _diary(last="2026-11-13", off=(OFF,), extra=()):
    """A: 7.5 h each weekday; B: 8 h each weekday but the days ``off``, and on ``extra``."""
    days = pd.bdate_range("2026-11-02", last)
    rows = [("A", d + pd.Timedelta("9h"), 450) for d in days]
    rows += [("B", d + pd.Timedelta("8h30min"), 480) for d in days
             if d not in off or d in extra]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                    counted_min=e["minutes"].astype(float),
                    duration_min=e["minutes"].astype(float), category="direct_work",
                    task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())


def _workers(b="Mon-Fri / Mon-Thu", pattern_from="2026-11-09"):
    return pd.DataFrame({"worker_id": ["A", "B"], "fte": 1.0, "contracted_hours": 37.0,
                         "workdays": ["Mon-Fri", b],
                         "pattern_from": pd.to_datetime([None, pattern_from])})


def _per_fte_week(days, workers):
    week = worker_week(_diary(), workers, days=days)
    g = week.groupby("worker_id")[["hours_worked", "fte_weeks"]].sum()
    return g, g["hours_worked"].sum() / g["fte_weeks"].sum()


def test_the_friday_off_of_a_nine_day_fortnight_was_missing_without_the_pattern():
    """Before (B's workdays 'Mon-Fri', as the table could only say): B's Friday 6 is missing.
    Completeness: 19 complete, 1 missing of 20 days at work (B: 1 of 10, share 0.1).
    B's observed share 9 / 10 = 0.9. FTE-weeks: A 10 / 5 = 2.0, B 9 / 5 = 1.8; hours per
    FTE-week A 75 / 2 = 37.5, B 72 / 1.8 = 40.0, the study's (75 + 72) / 3.8 = 38.684."""
    w = _workers(b="Mon-Fri")
    d = diary_completeness(_diary(), w)
    by = completeness_by(d, "worker_id")
    assert by["complete"].tolist() == [10, 9] and by["missing"].tolist() == [0, 1]
    assert by.loc["B", "share_missing"] == pytest.approx(0.1)
    assert observed_share(d).to_dict() == {"A": 1.0, "B": 0.9}
    g, study = _per_fte_week(d, w)
    assert g["fte_weeks"].tolist() == pytest.approx([2.0, 1.8])
    assert (g["hours_worked"] / g["fte_weeks"]).tolist() == pytest.approx([37.5, 40.0])
    assert study == pytest.approx(147 / 3.8)  # 38.684


def test_the_friday_off_of_a_declared_pattern_is_a_day_off():
    """After ('Mon-Fri / Mon-Thu' from Monday 9 November): B's Friday 6 is in week 2, a day
    off, no row at all (days neither contracted nor worked are left out). Completeness: 19
    complete, 0 missing. B's observed share 9 / 9 = 1.0. B's contracted days a week are the
    pattern's mean, (5 + 4) / 2 = 4.5, so B's FTE-weeks are 9 / 4.5 = 2.0 and hours per
    FTE-week 72 / 2 = 36.0; the study's (75 + 72) / 4.0 = 36.75 (38.684 before)."""
    d = diary_completeness(_diary(), _workers())
    by = completeness_by(d, "worker_id")
    assert by["complete"].tolist() == [10, 9] and by["missing"].tolist() == [0, 0]
    assert not ((d["worker_id"] == "B") & (d["diary_date"] == OFF)).any()
    assert observed_share(d).to_dict() == {"A": 1.0, "B": 1.0}
    assert d.groupby("worker_id")["days_per_week"].first().tolist() == [5.0, 4.5]
    g, study = _per_fte_week(d, _workers())
    assert g["fte_weeks"].tolist() == pytest.approx([2.0, 2.0])
    assert (g["hours_worked"] / g["fte_weeks"]).tolist() == pytest.approx([37.5, 36.0])
    assert study == pytest.approx(36.75)


def test_pattern_from_is_any_day_of_a_week_one_before_or_after_the_diary():
    """Wednesday 28 October is in the week of Monday 26 October, two weeks before 9 November:
    a week 1 too. Wednesday 4 November (the week of the Friday off) would make that week
    week 1 and the week of 9 November week 2: Friday 6 then contracted (missing, as B wrote
    nothing) and Friday 13 a day off worked, extra. Text is read day first, as the workers
    table's reader reads it: '09/11/2026' is 9 November (month first it would be 11
    September, a week 2 by this pattern)."""
    same = diary_completeness(_diary(), _workers(pattern_from="2026-10-28"))
    assert (same["status"] == "missing").sum() == 0
    # written as text, as the workers table's reader reads it: day first, 9 November
    text = _workers().assign(pattern_from=[None, "09/11/2026"])
    assert (diary_completeness(_diary(), text)["status"] == "missing").sum() == 0
    with pytest.warns(DataQualityWarning, match=r"pattern_from 2026-11-09 fits 2 of the 2"):
        wrong = diary_completeness(_diary(), _workers(pattern_from="2026-11-04"))
    b = wrong.loc[wrong["worker_id"] == "B"].set_index("diary_date")["status"]
    assert b[OFF] == "missing" and b[pd.Timestamp("2026-11-13")] == "extra"


def test_work_written_on_the_day_off_of_the_pattern_is_extra():
    """B writes 8 h on Friday 6, their day off: extra, not contracted. Hours 72 + 8 = 80 over
    the same 9 contracted days used, 2.0 FTE-weeks: 40.0 h per FTE-week (8 h beyond the
    contract, as any day off worked)."""
    d = diary_completeness(_diary(extra=(OFF,)), _workers())
    b = d.loc[d["worker_id"] == "B"].set_index("diary_date")
    assert b.loc[OFF, "status"] == "extra" and not b.loc[OFF, "contracted"]
    week = worker_week(_diary(extra=(OFF,)), _workers(), days=d)
    g = week.loc[week["worker_id"] == "B", ["hours_worked", "fte_weeks"]].sum()
    assert g.tolist() == pytest.approx([80.0, 2.0])


def test_a_pattern_without_pattern_from_is_refused_naming_the_worker_and_the_fix():
    """Which Friday is off cannot be told from 'Mon-Fri / Mon-Thu' alone: refused."""
    with pytest.raises(ValueError, match=r"worker 'B': workdays 'Mon-Fri / Mon-Thu' alternates "
                       r"by week .* give pattern_from, a date in a week"):
        diary_completeness(_diary(), _workers().drop(columns="pattern_from"))


def test_the_workers_file_is_refused_by_file_line_and_column(tmp_path):
    """read_workers names the file, the line and the worker of each row, and the fix: a pattern
    with no pattern_from (line 3), a week left blank (line 4), a weekday misspelt (line 5,
    which before was read and failed later, inside the panels)."""
    path = tmp_path / "workers.csv"
    path.write_text("worker_id,fte,workdays,pattern_from\nA,1,Mon-Fri,\n"
                    "B,1,Mon-Fri / Mon-Thu,\nC,1,Mon-Fri / ,2026-11-09\nD,1,Mon Fry,\n")
    with pytest.raises(SchemaError) as err:
        read_workers(path)
    said = str(err.value)
    assert said.startswith("workers.csv: 3 problem(s) in the workers table: line 3: worker "
                           "'B': workdays 'Mon-Fri / Mon-Thu' alternates by week")
    assert "line 4: worker 'C': workdays 'Mon-Fri /': week 2 is blank" in said
    assert "line 5: worker 'D': workdays 'Mon Fry': 'Fry' is not a weekday" in said
    assert err.value.failures["column"].tolist() == ["pattern_from", "workdays", "workdays"]
    path.write_text("worker_id,fte,workdays,pattern_from\nB,1,Mon-Fri / Mon-Thu,09/11/2026\n")
    assert read_workers(path)["pattern_from"].iloc[0] == pd.Timestamp("2026-11-09")


def test_a_weekday_empty_every_other_week_is_named_with_the_fix_and_figures_unchanged():
    """Four weeks, 2 to 27 November, B's Fridays 6 and 20 empty, 13 and 27 written; no
    pattern declared. The figures are as the rule reads them (B: 2 missing of 20, observed
    share 18 / 20 = 0.9) and one warning names B, Friday, and what it does if the Fridays
    are off: 18 days used over 5 a week (3.6 FTE-weeks) where the pattern gives 4.5 a week
    (4.0 FTE-weeks): 5 / 4.5 - 1 = 11% too high; the week to give as pattern_from is that of
    Monday 9 November (a week B wrote Friday). Declared, nothing is said."""
    off = (OFF, pd.Timestamp("2026-11-20"))
    e = _diary(last="2026-11-27", off=off)
    with pytest.warns(DataQualityWarning, match=r"1 worker left a weekday empty every other "
                      r"week .* B \(Friday: 11% too high; pattern_from 2026-11-09, a week they "
                      r"wrote it\)$"):
        d = diary_completeness(e, _workers(b="Mon-Fri"))
    assert observed_share(d)["B"] == pytest.approx(0.9)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        d = diary_completeness(e, _workers())
    assert observed_share(d)["B"] == 1.0


def test_one_empty_friday_in_a_fortnight_is_not_named():
    """Two weeks hold one empty Friday: one missing day like any other, not a pattern."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        diary_completeness(_diary(), _workers(b="Mon-Fri"))


def _guide(tmp_path, workers: str, off: str = "2026-11-06") -> dict:
    """``timestudy guide`` on the study as files: each day a 2-hour statutory visit and the
    rest case notes, on one CP case each (open all through); B writes nothing on ``off``."""
    tmp_path.mkdir()
    rows = ["worker_id,start,end,duration_min,activity,activity_code,task_type,case_id"]
    for d in pd.bdate_range("2026-11-02", "2026-11-13").strftime("%Y-%m-%d"):
        rows += [f"A,{d}T09:00,{d}T11:00,120,visit,SV,statutory_visit,CA1",
                 f"A,{d}T11:00,{d}T16:30,330,notes,REC,case_notes,CA1"]
        if d != off:
            rows += [f"B,{d}T08:30,{d}T10:30,120,visit,SV,statutory_visit,CB1",
                     f"B,{d}T10:30,{d}T16:30,360,notes,REC,case_notes,CB1"]
    (tmp_path / "diary.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id,opened,closed\n"
                                        "CA1,CP,A,2025-11-02,\nCB1,CP,B,2025-11-02,\n")
    (tmp_path / "workers.csv").write_text(workers)
    out = tmp_path / "out"
    code = main(["guide", str(tmp_path / "diary.csv"), "--cases", str(tmp_path / "cases.csv"),
                 "--workers", str(tmp_path / "workers.csv"), "--min-workers", "1",
                 "--n-boot", "5", "--formats", "json", "--quiet", "--out", str(out)])
    assert code == 0
    return json.loads((out / "guide.json").read_text())


@pytest.mark.parametrize(("off", "week_1", "missing"), [("2026-11-06", "2026-11-09", 1),
                                                         ("2026-11-13", "2026-11-02", 0)])
def test_the_guide_reads_the_pattern_end_to_end(tmp_path, off, week_1, missing):
    """Through ``timestudy guide``: hours worked per FTE-week 147 / 3.8 = 38.684 with B's
    Friday off read as a contracted day (missing when inside B's diary, Friday 6; outside it
    when it is the last day, Friday 13, but B's FTE-weeks are 9 days over 5 all the same),
    147 / 4.0 = 36.75 with the pattern declared. Hours per case-month move for the same
    reason: B's case is counted over B's observed share of its days (0.9 before, 1.0 after,
    Friday 6 off) or over B's window (to Thursday 12 before, Friday 13 after, Friday 13 off),
    so B's case-months are 9 / 10 of A's before and equal after: the hours 147 over 0.9016
    case-months before, 0.9490 after, 163.05 and 154.90 h."""
    head = "worker_id,fte,contracted_hours,workdays,pattern_from\nA,1,37,Mon-Fri,\n"
    before = _guide(tmp_path / "before", head + "B,1,37,Mon-Fri,\n", off)
    after = _guide(tmp_path / "after", head + f"B,1,37,Mon-Fri / Mon-Thu,{week_1}\n", off)
    per_week = [g["meta"]["headline"]["hours_worked_per_fte_week"]["estimate"]
                for g in (before, after)]
    assert per_week == pytest.approx([147 / 3.8, 36.75], abs=1e-5)
    assert [g["meta"]["completeness"]["worker_days"]["missing"] for g in (before, after)] \
        == [missing, 0]
    months = [g["case_types"][0]["case_months"] for g in (before, after)]
    assert months[0] / months[1] == pytest.approx(0.95)  # (0.9 + 1) / 2: B's 9 days of 10
    per_month = [g["case_types"][0]["hours_per_case_month"]["estimate"] for g in (before, after)]
    assert per_month == pytest.approx([163.05, 154.90], abs=0.01)


def test_a_diary_ending_the_day_before_the_day_off_runs_over_it():
    """B's diary ends on Thursday 12 November, the day before a Friday off (week 2 of a
    pattern whose week 1 is that of 2 November): B's window, over which B's cases are
    counted, runs over the Friday off and the weekend, cut at the study's last day, Friday
    13 (A wrote it). Read as Monday to Friday, the Friday was a contracted day and the window
    stopped on the Thursday: B's case lost 1 of its 10 working days."""
    e = _diary(off=(pd.Timestamp("2026-11-13"),))
    period = (pd.Timestamp("2026-11-02"), pd.Timestamp("2026-11-13"))
    for workers, last in ((_workers(b="Mon-Fri"), "2026-11-12"),
                          (_workers(pattern_from="2026-11-02"), "2026-11-13")):
        window = diary_windows(diary_completeness(e, workers), period, workers)
        assert window.loc["B", "hi"] == pd.Timestamp(last)


def test_a_rota_of_three_weeks_with_a_week_off():
    """'Mon-Wed / off / Mon-Wed' from the week of 2 November: B is contracted Monday to
    Wednesday in the weeks of 2 and 16 November and not at all in the week of 9 November
    (weeks 1, 2, 3). B writes 8 h on each of the 6 contracted days and nothing in the week
    of 9 November, which A writes in full: no day of B's is missing (read as 'Mon-Wed' every
    week, 3 were); B's contracted days a week are (3 + 0 + 3) / 3 = 2, so 6 days used are
    3.0 FTE-weeks of a 1.0 FTE (48 h over 3.0: 16 h per FTE-week)."""
    rows = [("A", d + pd.Timedelta("9h"), 450) for d in pd.bdate_range("2026-11-02", "2026-11-20")]
    rows += [("B", d + pd.Timedelta("9h"), 480) for d in pd.bdate_range("2026-11-02", "2026-11-18")
             if d.weekday() < 3 and not "2026-11-09" <= f"{d:%Y-%m-%d}" <= "2026-11-15"]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    e = e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                 counted_min=e["minutes"].astype(float), category="direct_work",
                 task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())
    assert (diary_completeness(e, _workers(b="Mon-Wed"))["status"] == "missing").sum() == 3
    w = _workers(b="Mon-Wed / off / Mon-Wed", pattern_from="2026-11-02")
    d = diary_completeness(e, w)
    b = d.loc[d["worker_id"] == "B"]
    assert b["status"].eq("complete").sum() == 6 and not b["status"].eq("missing").any()
    assert b["days_per_week"].iloc[0] == 2.0
    week = worker_week(e, w, days=d)
    g = week.loc[week["worker_id"] == "B", ["hours_worked", "fte_weeks"]].sum()
    assert g.tolist() == pytest.approx([48.0, 3.0])


def _silent(e, workers):
    """``diary_completeness`` with any DataQualityWarning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        return diary_completeness(e, workers)


def test_pattern_from_in_the_week_of_the_day_off_is_named_with_the_week_that_fits():
    """B's Friday off is 6 November; pattern_from 2 November (the study's first day, a
    natural choice) puts week 1 (Monday to Friday) in the week of the Friday off. Read as
    given: Friday 6 contracted and empty (missing), Friday 13 a day off written (extra), so
    B's contracted days used are 4 + 4 = 8, 8 / 4.5 = 1.778 FTE-weeks, 72 / 1.778 = 40.5 h
    per FTE-week, the study's 147 / (2 + 1.778) = 38.912 (36.0 and 36.75 read from 9
    November). The figures stay as read; one warning names B, the Monday that fits (9
    November, the other week), the 2 Fridays the two readings differ on (both fit it), and
    9 / 8 - 1 = 12.5% too high as read (printed 12%). Before: nothing was said."""
    w = _workers(pattern_from="2026-11-02")
    with pytest.warns(DataQualityWarning, match=r"1 worker with workdays that alternate by "
                      r"week .* B \(pattern_from 2026-11-09 fits 2 of the 2 days, Friday, read "
                      r"differently: 12% too high as read\)$"):
        d = diary_completeness(_diary(), w)
    b = d.loc[d["worker_id"] == "B"].set_index("diary_date")["status"]
    assert b[OFF] == "missing" and b[pd.Timestamp("2026-11-13")] == "extra"
    g, study = _per_fte_week(d, w)
    assert (g["hours_worked"] / g["fte_weeks"]).tolist() == pytest.approx([37.5, 40.5])
    assert study == pytest.approx(147 / (2 + 8 / 4.5))  # 38.912
    _silent(_diary(), _workers())  # pattern_from 9 November: nothing to say


def test_a_shifted_pattern_is_named_when_one_day_on_was_missed_too():
    """Five weeks, 2 November to Thursday 3 December (B's last day); B's Fridays off are 6
    and 20 (and 4 December, after B's diary), B wrote Friday 13 and missed Friday 27.
    pattern_from 2 November reads Fridays 6 and 20 on and empty, 13 off and written, 27 off
    and empty: 1 of the 4 fits. From 9 November, 6, 13 and 20 fit and 27 (on, empty) does
    not: 3 of 4, 75%, named. Contracted days used: 5 weeks x 4 = 20 as read, 21 with Friday
    13: 21 / 20 - 1 = 5% too high (B: 21 x 8 = 168 h over 20 / 4.5 FTE-weeks, 37.8 h per
    FTE-week as read, 36.0 from 9 November)."""
    e = _diary(last="2026-12-04", off=pd.to_datetime(
        ["2026-11-06", "2026-11-20", "2026-11-27", "2026-12-04"]))
    w = _workers(pattern_from="2026-11-02")
    with pytest.warns(DataQualityWarning, match=r"B \(pattern_from 2026-11-09 fits 3 of the 4 "
                      r"days, Friday, read differently: 5% too high as read\)$"):
        d = diary_completeness(e, w)
    week = worker_week(e, w, days=d)
    g = week.loc[week["worker_id"] == "B", ["hours_worked", "fte_weeks"]].sum()
    assert g.tolist() == pytest.approx([168.0, 20 / 4.5])
    assert g["hours_worked"] / g["fte_weeks"] == pytest.approx(37.8)


def test_a_diary_that_fits_neither_week_better_is_not_named():
    """B declares a 9-day fortnight and writes every Friday (no day off taken): Fridays 6 and
    13 are one fit and one not, either way: 1 of 2, nothing said (each reading has an extra
    day). So with the Friday off missed and a Friday on missed: 6 and 13 both empty, 1 of 2."""
    _silent(_diary(off=()), _workers(pattern_from="2026-11-02"))
    _silent(_diary(off=(OFF, pd.Timestamp("2026-11-13"))), _workers(pattern_from="2026-11-02"))


def test_a_rota_of_three_weeks_is_named_with_the_shift_that_fits():
    """'Mon-Wed / off / Mon-Wed' with B at work Monday to Wednesday in the weeks of 2 and 16
    November and not in that of 9 November (the week off). pattern_from 9 November reads the
    weeks 3, 1, 2: the week of 9 on and empty (3 missing), of 16 off and written (3 extra).
    Shifted one week (week 1 from 16 November: weeks 2, 3, 1) the readings differ on the
    weeks of 2 and 16 and fit 3 of 6; shifted two (week 1 from 23 November, so from 2
    November too) they differ on the weeks of 9 and 16 and fit all 6: named, the Monday
    given 2 November. Days used 3 as read (the week of 2), 6 shifted: 100% too high."""
    rows = [("A", d + pd.Timedelta("9h"), 450) for d in pd.bdate_range("2026-11-02",
                                                                      "2026-11-20")]
    rows += [("B", d + pd.Timedelta("9h"), 480) for d in pd.to_datetime(
        ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-16", "2026-11-17", "2026-11-18"])]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    e = e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                 counted_min=e["minutes"].astype(float), category="direct_work",
                 task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())
    b = "Mon-Wed / off / Mon-Wed"
    with pytest.warns(DataQualityWarning, match=r"B \(pattern_from 2026-11-02 fits 6 of the 6 "
                      r"days, Monday, Tuesday, Wednesday, read differently: 100% too high"):
        diary_completeness(e, _workers(b=b, pattern_from="2026-11-09"))
    # fix29p: B's 37 h over 2 days a week (18.5 h days for 8 h written) is now warned of
    # (contract_fit.day_length_misfit); a contract that fits, 16 h at 0.43, for silence
    _silent(e, _workers(b=b, pattern_from="2026-11-02").assign(fte=[1.0, 0.43],
                                                              contracted_hours=[37.0, 16.0]))


@pytest.mark.parametrize("value", ["Mon-Fri; Mon-Thu", "Mon-Fri, Mon-Thu", "Mon Tue Mon"])
def test_a_weekday_named_twice_in_one_week_is_refused_naming_the_row_and_the_fix(tmp_path,
                                                                               value):
    """'Mon-Fri; Mon-Thu' was read as the union of its parts, Monday to Friday, every week:
    the 9-day fortnight it likely means lost without a word. Monday is named twice in one
    week: refused, naming the file, the line (2), the worker, the column and the fix ('/'
    between weeks). Each day once is read as before."""
    path = tmp_path / "workers.csv"
    path.write_text(f"worker_id,fte,workdays,pattern_from\nB,1,\"{value}\",2026-11-09\n")
    with pytest.raises(SchemaError) as err:
        read_workers(path)
    said = str(err.value)
    assert said.startswith(f"workers.csv: 1 problem(s) in the workers table: line 2: worker "
                           f"'B': workdays '{value}': Monday is named twice in one week")
    assert "written with '/' between them: 'Mon-Fri / Mon-Thu', with pattern_from" in said
    assert err.value.failures["column"].tolist() == ["workdays"]
    path.write_text("worker_id,fte,workdays,pattern_from\nB,1,\"Mon, Tue; Thu-Fri\",\n")
    assert read_workers(path)["workdays"].iloc[0] == "Mon, Tue; Thu-Fri"


@pytest.mark.parametrize(("value", "part"), [("Fri-Mon", "Fri-Mon"), ("Mon 8", "8"),
                                             ("Mon-Wed-Fri", "Mon-Wed-Fri")])
def test_a_range_run_backwards_or_a_day_past_sunday_is_refused(tmp_path, value, part):
    """'Fri-Mon' was read as no day at all (range(4, 1) is empty: every day worked extra,
    0 FTE-weeks), '8' as a day 8 no date has, 'Mon-Wed-Fri' as Monday to Friday: refused,
    naming the line (2), the worker and the part, with the fix. 'Mon Fri-Sun' reads 4 days:
    Monday, Friday, Saturday, Sunday."""
    path = tmp_path / "workers.csv"
    path.write_text(f"worker_id,fte,workdays\nB,1,{value}\n")
    with pytest.raises(SchemaError, match=rf"line 2: worker 'B': workdays '{value}': "
                       rf"'{part}' is not a day nor a range of days from Monday \(0\) to "
                       r"Sunday \(6\); write a range first day first"):
        read_workers(path)
    assert parse_workdays("Mon Fri-Sun") == (0, 4, 5, 6)
