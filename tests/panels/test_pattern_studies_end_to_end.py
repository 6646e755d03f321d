"""Hand-made studies of real working patterns, through ``timestudy guide``, against figures
worked by hand (fix36p). Each read right when checked; these pin them.

Every day at work writes 1 h of case notes (``REC``) on the worker's own CIN or CP case,
then admin (``ADM``) to the day's end; a case-month is 21.0744 working days.

1. **A nine-day fortnight, with a bank holiday** (Monday 27 April to Friday 22 May 2026;
   Monday 4 May the early May bank holiday). A: Monday to Friday, 7.4 h days: 19 days,
   140.6 h, 3.8 FTE-weeks. B: ``Mon-Fri / Mon-Thu`` from the week of 4 May (Fridays 1 and
   15 May off), 8.5 h days: 17 days, 144.5 h, 17 / 4.5 = 3.778 FTE-weeks. C: ``Mon-Fri /
   Tue-Fri`` from the week of 4 May (Mondays 27 April and 11 May off), the same. Hours per
   FTE-week 429.6 / 11.3556 = 37.8317; no day missing. A case's week counts five days
   whatever the pattern (week 2's four days 5/4 each), and the bank holiday, a day of
   week 1 for B and C, takes one: 19 days each, 57 in all, 53 h: 53 / 57 x 21.0744 =
   19.5955 h per case-month (a Friday off read as missing would leave B 17 of 18 days).
2. **Compressed hours** (the same four weeks). D: ``Mon-Thu``, 9.25 h days: 15 days
   (the bank holiday one of theirs), 138.75 h, 15 / 4 = 3.75 FTE-weeks (37.0); their case
   16 days' worth x 5/4 less the holiday's 5/4 = 18.75 days. E: the same diary, no
   workdays (taken as Monday to Friday): Fridays 1, 8 and 15 missing (22 May is after their
   last day), 15 / 5 = 3.0 FTE-weeks (46.25, 25% too high, warned "E (Friday: 25% too
   high)"), case 15 days. F: ``Tue-Fri``: 16 days, 148 h, 4.0 FTE-weeks; case 20 days.
   With A: 566.1 h over 14.55 FTE-weeks = 38.9072; 65 h over 72.75 days: 18.8294.
3. **Nights across the clock changes** (``--timezone Europe/London``). N: ``Thu Sat``
   nights 17:00-09:00, written 17:00-18:00 (their CP case), 18:00-00:00, 00:00-05:00 and
   05:00-09:00 (the last on the next diary day at 04:00, read with the night); A beside,
   Monday to Friday 09:00-16:24. Spring, 16 to 29 March 2026: nights 19, 21, 26 and 28
   March, the last 15 h (the clocks go forward in its 00:00-05:00, 4 h): 63 h, 4 / 2 = 2
   FTE-weeks; with A's 74 h over 2.0: 137 / 4 = 34.25 h per FTE-week. Out of hours,
   08:00-18:00 on working days in hours: a Thursday night has 17:00-18:00 and Friday's
   08:00-09:00 in hours, 14 h out; a Saturday night Saturday's 17:00-18:00 (a contracted
   day), Sunday's 08:00-09:00 not (Sunday is no day of N's), 15 h out, 14 on 28 March:
   57 h of 137, a share of 0.416058, 14.25 h per FTE-week. Autumn, 12 to 25 October
   2026: the night of 24 October 17 h (00:00-05:00 is 6 h as the clocks go back): 65 h,
   out of hours 14 + 15 + 14 + 16 = 59 h: 139 / 4 = 34.75 h per FTE-week, share 59 / 139
   = 0.424460. N's case: 4 h over 4 nights x 5/2 = 10 days: 8.4298 h per case-month.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings

import pytest

from timestudy.cli import main

BANK = dt.date(2026, 5, 4)


def _day(w: str, d: dt.date, start: str, minutes: int, case: str) -> list[str]:
    t0 = dt.datetime.combine(d, dt.time.fromisoformat(start))
    t1, t2 = t0 + dt.timedelta(hours=1), t0 + dt.timedelta(minutes=minutes)
    return [f"{w},{t0:%Y-%m-%dT%H:%M},{t1:%Y-%m-%dT%H:%M},REC,case notes,{case}",
            f"{w},{t1:%Y-%m-%dT%H:%M},{t2:%Y-%m-%dT%H:%M},ADM,emails,"]


def _night(d: dt.date, case: str) -> list[str]:
    n = d + dt.timedelta(days=1)
    return [f"N,{d}T17:00,{d}T18:00,REC,case notes,{case}", f"N,{d}T18:00,{n}T00:00,ADM,emails,",
            f"N,{n}T00:00,{n}T05:00,ADM,emails,", f"N,{n}T05:00,{n}T09:00,ADM,emails,"]


def _weekdays(first: dt.date, n: int) -> list[dt.date]:
    days = [first + dt.timedelta(days=k) for k in range(n)]
    return [d for d in days if d.weekday() < 5 and d != BANK]


def _guide(tmp_path, rows: list[str], workers: list[str], *extra: str,
           types: dict | None = None) -> dict:
    """The study's files written and read by ``timestudy guide``: guide.json. Each worker
    holds one case, ``C`` and their id, CIN (N's CP; ``types``: by worker)."""
    types = {"N": "CP", **(types or {})}
    (tmp_path / "diary.csv").write_text(
        "worker_id,start,end,activity_code,activity,case_id\n" + "\n".join(rows) + "\n")
    (tmp_path / "workers.csv").write_text(
        "worker_id,fte,contracted_hours,role,team,workdays,pattern_from\n"
        + "\n".join(workers) + "\n")
    ids = [w.split(",")[0] for w in workers]
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id,opened,closed\n" + "".join(
        f"C{w},{types.get(w, 'CIN')},{w},2026-01-01,\n" for w in ids))
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["guide", str(tmp_path / "diary.csv"), "--cases", str(tmp_path / "cases.csv"),
                     "--workers", str(tmp_path / "workers.csv"), "--min-workers", "1",
                     "--n-boot", "5", "--no-sensitivity", "--formats", "json", "--quiet",
                     "--out", str(out), *extra])
    assert code == 0
    return json.loads((out / "guide.json").read_text())


def _figures(g: dict) -> dict:
    m = g["available_hours"]["measures"]
    shares = {c["category"]: c["share"]["estimate"] for c in g["category_shares"]}
    return {"per_fte_week": m["hours_worked_per_fte_week"]["estimate"],
            "out_per_fte_week": m["out_of_hours_per_fte_week"]["estimate"],
            "out_share": shares["out_of_hours"],
            "per_case_month": {c["case_type"]: c["hours_per_case_month"]["estimate"]
                               for c in g["case_types"]},
            "missing": sum(w["missing"] for w in g["completeness"]),
            "warnings": " | ".join(w["message"] for w in g["meta"]["warnings"])}


def test_a_nine_day_fortnight_with_a_bank_holiday_reads_by_hand(tmp_path):
    rows = []
    for d in _weekdays(dt.date(2026, 4, 27), 26):
        rows += _day("A", d, "09:00", 444, "CA")
        if d not in (dt.date(2026, 5, 1), dt.date(2026, 5, 15)):
            rows += _day("B", d, "08:30", 510, "CB")
        if d not in (dt.date(2026, 4, 27), dt.date(2026, 5, 11)):
            rows += _day("C", d, "08:30", 510, "CC")
    f = _figures(_guide(tmp_path, rows, [
        "A,1.0,37,social_worker,North,Mon-Fri,",
        "B,1.0,37,social_worker,North,Mon-Fri / Mon-Thu,2026-05-04",
        "C,1.0,37,social_worker,North,Mon-Fri / Tue-Fri,2026-05-04"]))
    assert f["per_fte_week"] == pytest.approx(429.6 / (3.8 + 2 * 17 / 4.5), abs=1e-6)
    assert round(f["per_fte_week"], 4) == 37.8317
    assert f["per_case_month"]["CIN"] == pytest.approx(53 / 57 * 21.074405, abs=1e-5)
    assert f["missing"] == 0 and f["out_share"] == 0


def test_compressed_hours_read_by_hand_and_undeclared_warned(tmp_path, capsys):
    rows = []
    for d in _weekdays(dt.date(2026, 4, 27), 26):
        rows += _day("A", d, "09:00", 444, "CA")
        if d.weekday() < 4:
            rows += _day("D", d, "08:30", 555, "CD") + _day("E", d, "08:30", 555, "CE")
        if d.weekday() > 0:
            rows += _day("F", d, "08:30", 555, "CF")
    f = _figures(_guide(tmp_path, rows, [
        "A,1.0,37,social_worker,North,Mon-Fri,", "D,1.0,37,social_worker,North,Mon-Thu,",
        "E,1.0,37,social_worker,North,,", "F,1.0,37,social_worker,North,Tue-Fri,"]))
    assert f["per_fte_week"] == pytest.approx(566.1 / 14.55, abs=1e-6)  # 38.9072
    assert f["per_case_month"]["CIN"] == pytest.approx(65 / 72.75 * 21.074405, abs=1e-5)
    assert f["missing"] == 3 and "never made an entry on a weekday taken as" in f["warnings"]
    assert "E (Friday: 25% too high)" in capsys.readouterr().err  # the console's whole line


@pytest.mark.parametrize(("first", "hours", "out"), [(dt.date(2026, 3, 16), 63, 57),
                                                     (dt.date(2026, 10, 12), 65, 59)],
                         ids=["spring-forward", "autumn-back"])
def test_nights_across_the_clock_changes_read_by_hand(tmp_path, first, hours, out):
    rows = [r for d in _weekdays(first, 14) for r in _day("A", d, "09:00", 444, "CA")]
    days = [first + dt.timedelta(days=k) for k in range(14)]
    rows += [r for d in days if d.weekday() in (3, 5) for r in _night(d, "CN")]
    f = _figures(_guide(tmp_path, rows, ["A,1.0,37,social_worker,North,Mon-Fri,",
                                         "N,1.0,37,social_worker,EDT,Thu Sat,"],
                        "--timezone", "Europe/London"))
    assert f["per_fte_week"] == pytest.approx((74 + hours) / 4, abs=1e-6)
    assert f["out_share"] == pytest.approx(out / (74 + hours), abs=1e-6)
    assert f["out_per_fte_week"] == pytest.approx(out / 4, abs=1e-6)
    assert f["per_case_month"]["CP"] == pytest.approx(4 / 10 * 21.074405, abs=1e-5)
    assert f["per_case_month"]["CIN"] == pytest.approx(21.074405, abs=1e-5)
    assert f["missing"] == 0
