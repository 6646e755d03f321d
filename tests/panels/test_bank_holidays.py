"""Bank holidays are days off, not missing days: the shipped lists, the study-file key, the rule.

The audit's case (issue: a simulated study over Easter 2026 with the bank holidays' entries
removed had 23 days "missing" and its weekly share complete fell to 77-79%) by hand: five
workers, Good Friday and Easter Monday left empty, are ten holidays and no missing day.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.errors import ConfigError, DataQualityWarning
from timestudy.panels import completeness_by, diary_completeness, observed_share, worker_week
from timestudy.simulate import simulate_study
from timestudy.study import Study, read_study

GOOD_FRIDAY, EASTER_MONDAY = pd.Timestamp("2026-04-03"), pd.Timestamp("2026-04-06")


def _entry(worker, date, hours, start="09:00", task="statutory_visit", category="direct_work"):
    return {"worker_id": worker, "start": pd.Timestamp(f"{date} {start}"),
            "duration_min": 60.0 * hours, "task_type": task, "category": category,
            "case_id": "C1"}


def _easter(n_workers=5) -> pd.DataFrame:
    """Monday 30 March to Thursday 9 April 2026, 7.5 hours a day; Easter left empty."""
    days = pd.bdate_range("2026-03-30", "2026-04-09")
    days = days[~days.isin([GOOD_FRIDAY, EASTER_MONDAY])]
    return pd.DataFrame([_entry(f"W{i}", f"{d:%Y-%m-%d}", 7.5) for i in range(1, n_workers + 1)
                         for d in days])


def test_the_audits_week_by_hand_ten_holidays_and_no_missing_day():
    days = diary_completeness(_easter())
    counts = days["status"].value_counts().to_dict()
    assert counts == {"complete": 35, "holiday": 10}  # 5 workers x 7 days; 5 x 2 holidays
    easter = days.loc[days["diary_date"].isin([GOOD_FRIDAY, EASTER_MONDAY])]
    assert (easter["status"] == "holiday").all() and not easter["used"].any()
    assert not easter["contracted"].any()  # a day off for everyone: out of the FTE-weeks
    weeks = completeness_by(days)
    assert weeks["missing"].tolist() == [0, 0] and weeks["holiday"].tolist() == [5, 5]
    assert weeks["share_complete"].tolist() == [1.0, 1.0]  # was 0.8 and 0.75
    assert observed_share(days).tolist() == [1.0] * 5  # no day lost: no correction
    ww = worker_week(_easter(), days=days)
    assert ww["fte_weeks"].round(6).tolist() == [0.8, 0.6] * 5  # 4 and 3 days at work
    assert ww["days_missing"].sum() == 0 and ww["hours_worked"].sum() == 35 * 7.5


def test_none_gives_the_rule_without_bank_holidays():
    none = diary_completeness(_easter(), holidays="none")
    assert none["status"].value_counts().to_dict() == {"complete": 35, "missing": 10}
    for other in (None, [], ()):
        pd.testing.assert_frame_equal(diary_completeness(_easter(), holidays=other), none)
    assert observed_share(none).round(6).tolist() == [round(7 / 9, 6)] * 5


def test_a_bank_holiday_worked_is_counted():
    """A full day on Good Friday is a day at work; two hours on Easter Monday are work on a
    day off (extra): counted in the hours, not in the FTE-weeks. Out of hours as ever."""
    e = _easter(2)
    e = pd.concat([e, pd.DataFrame([
        _entry("W1", "2026-04-03", 6.5), _entry("W1", "2026-04-03", 1.0, start="19:00"),
        _entry("W2", "2026-04-06", 2.0)])], ignore_index=True)
    days = diary_completeness(e).set_index(["worker_id", "diary_date"])
    assert days.loc[("W1", GOOD_FRIDAY), ["status", "contracted", "used"]].tolist() == [
        "complete", True, True]
    assert days.loc[("W1", EASTER_MONDAY), "status"] == "holiday"
    assert days.loc[("W2", EASTER_MONDAY), ["status", "contracted", "used"]].tolist() == [
        "extra", False, True]
    ww = worker_week(e).set_index(["worker_id", "week_start"])
    w1, w2 = ww.loc[("W1", pd.Timestamp("2026-03-30"))], ww.loc[("W2", pd.Timestamp("2026-04-06"))]
    assert w1["days_worked"] == 5 and w1["hours_worked"] == 4 * 7.5 + 7.5
    assert w1["hours_out_of_hours"] == 1.0
    assert w2["days_worked"] == 3 and w2["fte_weeks"] == pytest.approx(0.6)
    assert w2["hours_worked"] == 3 * 7.5 + 2.0  # the two hours count


def test_explicit_dates_and_the_shipped_lists():
    from timestudy.panels import BANK_HOLIDAY_LISTS, bank_holidays

    e = pd.DataFrame([_entry("W1", d, 7.5) for d in ("2026-03-09", "2026-03-10", "2026-03-12")])
    local = diary_completeness(e, holidays=["2026-03-11"])
    assert local["status"].tolist() == ["complete", "complete", "holiday", "complete"]
    assert diary_completeness(e)["status"].tolist()[2] == "missing"  # not a bank holiday
    by_year = {name: bank_holidays(name) for name in BANK_HOLIDAY_LISTS}
    ew = by_year["england-and-wales"]
    assert [f"{d:%m-%d}" for d in ew[ew.year == 2026]] == [
        "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]
    # the one-off days of 2022 and 2023 (gov.uk/bank-holidays)
    assert {"2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"} <= set(
        ew.strftime("%Y-%m-%d"))
    assert "2022-05-30" not in set(ew.strftime("%Y-%m-%d"))  # moved to 2 June that year
    sc, ni = by_year["scotland"], by_year["northern-ireland"]
    assert [f"{d:%m-%d}" for d in sc[sc.year == 2026]] == [
        "01-01", "01-02", "04-03", "05-04", "05-25", "08-03", "11-30", "12-25", "12-28"]
    assert {"2026-03-17", "2026-07-13"} <= set(ni.strftime("%Y-%m-%d"))
    assert {d.year for d in ew} == set(range(2020, 2031))
    assert all((d.day_of_week < 5).all() for d in (ew, sc, ni))


def test_a_bad_value_names_the_allowed_ones():
    with pytest.raises(ValueError, match="england-and-wales, scotland, northern-ireland or none"):
        diary_completeness(_easter(1), holidays="england")
    with pytest.raises(ValueError, match="not all dates"):
        diary_completeness(_easter(1), holidays=["2026-04-03", "Easter"])


def test_a_diary_outside_the_shipped_years_is_warned_about():
    e = pd.DataFrame([_entry("W1", d, 7.5) for d in ("2031-03-03", "2031-03-04")])
    with pytest.warns(DataQualityWarning, match="outside the england-and-wales bank holidays"):
        diary_completeness(e)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diary_completeness(e, holidays=["2031-04-18"])


def test_no_bank_holiday_in_the_window_changes_nothing():
    s = simulate_study(n_workers=12, weeks=4, seed=3)  # 2 to 29 March 2026
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    england = diary_completeness(ep, s.workers)
    none = diary_completeness(ep, s.workers, holidays="none")
    # the days are the same; only the holidays a year differ (8 against 0: a case-month
    # holds 21.07 working days in England, 21.74 with no bank holidays)
    assert england["holidays_a_year"].eq(8).all() and none["holidays_a_year"].eq(0).all()
    pd.testing.assert_frame_equal(england.drop(columns="holidays_a_year"),
                                  none.drop(columns="holidays_a_year"))
    pd.testing.assert_frame_equal(worker_week(ep, s.workers),
                                  worker_week(ep, s.workers, days=diary_completeness(
                                      ep, s.workers, holidays="none")))


def test_the_time_of_day_figure_counts_a_holiday_as_a_day_off():
    """Its denominator: a bank holiday is a day not at work, a missing day is left out."""
    from timestudy.panels import days_in_diaries

    period = (pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-09"))
    holiday = days_in_diaries(diary_completeness(_easter(1)), period)
    missing = days_in_diaries(diary_completeness(_easter(1), holidays="none"), period)
    assert holiday.tolist() == [9.0, 2.0] and missing.tolist() == [7.0, 2.0]


def test_the_models_take_the_dates():
    from timestudy.models import observation_models

    e = _easter().drop(columns="case_id")
    for options, status in (({}, "holiday"), ({"holidays": "none"}, "missing")):
        m = observation_models(e, None, n_boot=19, diary_options=options)
        assert (m.days["status"] == status).sum() == 10


# ---------------------------------------------------------------- the study file and the command


def test_the_study_file_key(tmp_path):
    path = tmp_path / "study.yaml"
    assert Study.from_options().bank_holiday_dates == "england-and-wales"
    assert Study.from_options().diary_options() == {}  # the default of every stage
    path.write_text("available_time:\n  bank_holiday_dates: [2026-04-03, '2026-04-06']\n")
    s = read_study(path)
    assert s.bank_holiday_dates == ("2026-04-03", "2026-04-06")  # unquoted YAML dates too
    assert s.diary_options() == {"holidays": ["2026-04-03", "2026-04-06"]}
    path.write_text("available_time:\n  bank_holiday_dates: scotland\n")
    assert read_study(path).diary_options() == {"holidays": "scotland"}


@pytest.mark.parametrize("value, wrong", [
    ("england", "`available_time.bank_holiday_dates` (--bank-holiday-dates): 'england' is "
                "neither one of england-and-wales, scotland, northern-ireland, none nor a list "
                "of dates"),
    ("['2026-04-03', '2026-02-30']", "`available_time.bank_holiday_dates` "
                                     "(--bank-holiday-dates): '2026-02-30' is not a date"),
    ("[2026-04-03, 2026-02-30]", "line 2 `bank_holiday_dates: [2026-04-03, 2026-02-30]`: "
                                 "2026-02-30 is not a date"),  # unquoted: YAML reads a date
])
def test_a_bad_key_value_is_one_line_naming_the_key(tmp_path, capsys, value, wrong):
    path = tmp_path / "study.yaml"
    path.write_text(f"available_time:\n  bank_holiday_dates: {value}\n")
    with pytest.raises(ConfigError, match="bank_holiday_dates"):
        read_study(path)
    assert main(["guide", "--config", str(path), "--quiet"]) == 2  # bad config: nothing written
    lines = [x for x in capsys.readouterr().err.splitlines() if "bank_holiday_dates" in x]
    assert len(lines) == 1 and wrong in lines[0]


@pytest.fixture(scope="module")
def easter_study(tmp_path_factory):
    """A simulated study over Easter 2026 with the bank holidays' entries removed."""
    folder = tmp_path_factory.mktemp("easter")
    paths = simulate_study(n_workers=8, weeks=2, seed=1, start="2026-03-30").write(folder)
    diary = pd.read_csv(paths["diary"])
    day = (pd.to_datetime(diary["start"]) - pd.Timedelta(hours=4)).dt.normalize()
    diary.loc[~day.isin([GOOD_FRIDAY, EASTER_MONDAY])].to_csv(paths["diary"], index=False)
    return paths


@pytest.mark.parametrize("flag, holiday", [([], True), (["--bank-holiday-dates", "none"], False)])
def test_the_guide_counts_them_as_holidays(easter_study, tmp_path, capsys, flag, holiday):
    p = easter_study
    out = tmp_path / "out"
    code = main(["guide", str(p["diary"]), "--cases", str(p["cases"]), "--workers",
                 str(p["workers"]), "--n-boot", "19", "--formats", "json", "--quiet",
                 "--out", str(out), *flag])
    capsys.readouterr()
    assert code == 0
    guide = json.loads((out / "guide.json").read_text())
    weeks = pd.DataFrame(guide["completeness"])
    days = guide["meta"]["completeness"]["worker_days"]
    if holiday:
        assert days["missing"] == 0 and days["holiday"] > 0
        assert (weeks["share_complete"] > 0.95).all()
    else:
        assert days["holiday"] == 0 and days["missing"] > 0
        assert (weeks["share_complete"] < 0.9).all()


# ------------------------------------------------ bank holidays a year in time available
def test_the_usual_number_a_year_follows_the_list():
    from timestudy.models.available import available_arguments
    from timestudy.panels import bank_holidays, holidays_a_year

    for name, usual in (("england-and-wales", 8), ("scotland", 9), ("northern-ireland", 10)):
        per_year = pd.Series(bank_holidays(name).year).value_counts()
        assert holidays_a_year(name) == usual == per_year.loc[2026] == per_year.loc[2030]
    assert holidays_a_year("none") == holidays_a_year(None) == 0
    # given, the number wins; not given, the diary's list decides it
    assert available_arguments({"bank_holidays": 8}, {"holidays": "scotland"}) == {
        "bank_holidays": 8}
    assert available_arguments({"leave_days": 30}, None) == {"leave_days": 30,
                                                             "bank_holidays": 8.0}
    assert available_arguments(None, {"holidays": "northern-ireland"}) == {"bank_holidays": 10.0}


def test_a_study_in_scotland_takes_nine_bank_holidays_out_of_its_year():
    """Before, a study reading its diary with Scotland's list still took England's 8 days out
    of the year: one day a year of time available counted twice (as a day off in the
    diary, as a working day in the year)."""
    from timestudy.models import fit_study

    s = simulate_study(n_workers=6, weeks=2, seed=4)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # sensitivity=False: the other windows' refits (a third of each fit) touch neither
        # time available nor its assumptions (the same table with them, checked at seed 4)
        runs = {name: fit_study(ep, s.cases, s.workers, n_boot=9, sensitivity=False,
                                diary_options={"holidays": name})
                for name in ("england-and-wales", "scotland")}
        given = fit_study(ep, s.cases, s.workers, n_boot=9, diary_options={"holidays": "scotland"},
                          available_options={"bank_holidays": 8}, sensitivity=False)
    assert runs["scotland"].available.assumptions["bank_holidays"] == 9
    assert runs["england-and-wales"].available.assumptions["bank_holidays"] == 8
    assert given.available.assumptions["bank_holidays"] == 8
    year = {k: m.available.table.loc["available_case_hours_per_fte_year", "estimate"]
            for k, m in runs.items()}
    per_week = runs["scotland"].available.table.loc["available_case_hours_per_fte_week",
                                                   "estimate"]
    # one more day off: a fifth of a week's hours for casework less in the year
    assert year["england-and-wales"] - year["scotland"] == pytest.approx(per_week / 5, rel=1e-9)
    assert Study.from_options(bank_holiday_dates="scotland").available_options()[
        "bank_holidays"] is None  # the study file leaves it to the list


def test_the_guide_records_the_bank_holidays_it_read_the_diary_with():
    from timestudy.guide import build_guide
    from timestudy.models import fit_study

    s = simulate_study(n_workers=6, weeks=1, seed=4)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for holidays, recorded in (({}, "england-and-wales"), ({"holidays": "Scotland"}, "scotland"),
                                   ({"holidays": ["2026-04-06", "2026-04-03"]},
                                    ["2026-04-03", "2026-04-06"])):
            # the list is recorded from the diary options alone: no sensitivity refits
            m = fit_study(ep, s.cases, s.workers, n_boot=9, diary_options=holidays,
                          sensitivity=False)
            meta = build_guide(m).to_dict()["meta"]
            assert meta["bank_holiday_dates"] == recorded


def test_the_guide_tells_once_when_the_number_and_the_list_disagree(easter_study, tmp_path,
                                                                    capsys):
    """``--bank-holidays 10`` with England and Wales' dates: one line said, one warning in
    guide.json, and the number in time available and in the case-month alike."""
    p = easter_study
    out = tmp_path / "out"
    code = main(["guide", str(p["diary"]), "--cases", str(p["cases"]), "--workers",
                 str(p["workers"]), "--n-boot", "19", "--formats", "json", "--quiet",
                 "--out", str(out), "--bank-holidays", "10"])
    err = capsys.readouterr().err
    assert code == 0
    said = "bank holidays: 10 a year given (available_time.bank_holidays), but the"
    assert err.count(said) == 1
    guide = json.loads((out / "guide.json").read_text())
    assert sum(w["message"].startswith(said) for w in guide["meta"]["warnings"]) == 1
    assert guide["meta"]["available_assumptions"]["bank_holidays"] == 10
