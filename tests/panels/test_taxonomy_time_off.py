"""What is not work, absence and TOIL comes from the taxonomy, not from ids in the code
(audit 23t, findings 1 and 2).

The panels read "not work" as the category id ``non_work`` and absence as the task types
``leave`` and ``sickness``, written into :mod:`timestudy.panels.episodes`. A local
taxonomy that renamed the category ``not_work`` (still ``counts_as_work: false``) had its
lunches, leave and sickness counted as hours worked and its leave days as days worked;
one that renamed ``leave`` to ``annual_leave`` had its leave days counted as missing
days, with no warning. Now the categories with ``counts_as_work: false`` are not work,
and a task type's ``time_off`` (``absence``, ``toil``; the shipped ids by default) says
which are absence; a not-work task type that looks like leave but is not marked is warned.
"""

from __future__ import annotations

import re
import warnings
from importlib.resources import files

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.categorise.taxonomy import load_taxonomy
from timestudy.cli import main
from timestudy.errors import DataQualityWarning

SHIPPED = files("timestudy") / "categorise" / "taxonomies" / "uk_children_social_work.yaml"


def _taxonomy(tmp_path, name: str, *, category: bool = False, tasks: str = "") -> str:
    """The shipped taxonomy as a local file: the category ``non_work`` renamed ``not_work``
    (``category``), and/or ``leave`` and ``sickness`` renamed ``annual_leave`` and
    ``sick_leave`` with ``tasks`` (``time_off: absence``, say) as their first attribute."""
    text = SHIPPED.read_text("utf-8").replace("name: uk_children_social_work", "name: my_council")
    if category:
        text = text.replace("  - id: non_work\n", "  - id: not_work\n")
        text = text.replace("    category: non_work\n", "    category: not_work\n")
    if tasks is not None and tasks != "-":
        extra = f"    {tasks}\n" if tasks else ""
        text = re.sub(r"(?m)^  - id: leave\n", f"  - id: annual_leave\n{extra}", text)
        text = re.sub(r"(?m)^  - id: sickness\n", f"  - id: sick_leave\n{extra}", text)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _study(tmp_path, taxonomy):
    """W1 and W2 (full time, 37 hours, Mon-Fri) each write every weekday of 9-20 March 2026:
    09:00-12:00 and 12:30-17:00 case recording (7.5 hours) on their case (X1, X2: CIN) and
    12:00-12:30 lunch; but W2 writes Annual leave 09:00-17:00 on Thursday 19 and Friday 20."""
    rows = []
    for worker, case in (("W1", "X1"), ("W2", "X2")):
        for day in pd.bdate_range("2026-03-09", "2026-03-20"):
            d = f"{day:%Y-%m-%d}"
            if worker == "W2" and day.day >= 19:
                rows.append((worker, f"{d}T09:00", f"{d}T17:00", "Annual leave", ""))
                continue
            rows += [(worker, f"{d}T09:00", f"{d}T12:00", "case recording", case),
                     (worker, f"{d}T12:00", f"{d}T12:30", "Lunch", ""),
                     (worker, f"{d}T12:30", f"{d}T17:00", "case recording", case)]
    pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"]).to_csv(
        tmp_path / "diary.csv", index=False)
    pd.DataFrame({"case_id": ["X1", "X2"], "case_type": "CIN",
                  "worker_id": ["W1", "W2"]}).to_csv(tmp_path / "cases.csv", index=False)
    pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0, "contracted_hours": 37,
                  "role": "social_worker", "team": "T", "workdays": "Mon-Fri"}).to_csv(
        tmp_path / "workers.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(tmp_path / "diary.csv", tmp_path / "cases.csv",
                         tmp_path / "workers.csv", taxonomy=taxonomy, min_workers=1,
                         n_boot=19, seed=0)


def _figures(run) -> tuple[float, int, int, float]:
    days = run.models.days
    return (round(float(run.guide.available.loc["hours_worked_per_fte_week", "estimate"]), 2),
            int(days["absent"].sum()), int(days["status"].eq("missing").sum()),
            round(float(run.guide.case_types.loc["CIN", "hours_per_case_month"]), 2))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[float, int, int, float]:
    """The figures of :func:`_study` with the shipped taxonomy: one run, read by every test
    that compares a renamed taxonomy with it (the run is the same in each)."""
    return _figures(_study(tmp_path_factory.mktemp("shipped"), "uk_children_social_work"))


@pytest.mark.parametrize("tasks", ["-", "time_off: absence"])
def test_a_renamed_not_work_category_is_not_work(tmp_path, tasks, shipped):
    """By hand: W1 works 10 x 7.5 = 75 hours, W2 8 x 7.5 = 60: 135 hours in 2 + 8/5 = 3.6
    FTE-weeks (W2's 2 days of leave absent, out of them): 135 / 3.6 = 37.5 hours per
    FTE-week, as with the shipped taxonomy. With the category ``not_work`` read as work
    (before), lunch and leave were hours worked: 2 x 10 x 8 = 160 hours in the same 3.6
    FTE-weeks (the leave days' absent share still out), 44.44, and no day absent. CIN: case
    hours 75 + 60 = 135 in 10 + 8 = 18 working days of exposure (W2's leave days out of
    X2's), 18 / 21.0744 case-months: 135 / 0.85412 = 158.06."""
    assert shipped == (37.5, 2, 0, 158.06)
    renamed = _taxonomy(tmp_path, "renamed", category=True, tasks=tasks)
    assert _figures(_study(tmp_path, renamed)) == shipped
    assert load_taxonomy(renamed).day_options["non_work"] == ("not_work",)


def test_renamed_leave_marked_time_off_is_absence(tmp_path, shipped):
    """``leave`` renamed ``annual_leave`` with ``time_off: absence``: W2's two leave days are
    absent (2 absent, 0 missing), as with the shipped taxonomy: 37.5 hours per FTE-week and
    158.06 CIN hours per case-month, worked in the test above (before: the schema refused
    ``time_off``, and unmarked the 2 days were missing)."""
    assert shipped == (37.5, 2, 0, 158.06)
    marked = _taxonomy(tmp_path, "marked", tasks="time_off: absence")
    assert load_taxonomy(marked).day_options["absence_tasks"] == ("annual_leave", "sick_leave")
    assert _figures(_study(tmp_path, marked)) == shipped


def test_renamed_leave_not_marked_is_warned(tmp_path, capsys):
    """``leave`` and ``sickness`` renamed with no ``time_off``: their days would be read as
    missing days (the audit's 27 complete, 3 missing for 27 complete, 3 absent): loading
    it, and ``timestudy taxonomy --check``, warn naming both task types and the fix (before:
    silent). ``time_off: none`` says neither is time off: no warning."""
    bare = _taxonomy(tmp_path, "bare")
    with pytest.warns(DataQualityWarning, match=r"annual_leave, sick_leave look like leave.*"
                      r"add time_off: absence"):
        load_taxonomy(bare)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_taxonomy(_taxonomy(tmp_path, "said", tasks="time_off: none"))
        load_taxonomy(_taxonomy(tmp_path, "ok", tasks="time_off: absence"))
    with pytest.warns(DataQualityWarning):
        assert main(["taxonomy", bare, "--check"]) == 0


def test_time_off_in_a_work_category_is_warned(tmp_path):
    """A task type marked time off in a category that counts as work would count its hours
    as worked and its days as absent: warned, naming it."""
    path = _taxonomy(tmp_path, "work_leave", tasks="time_off: absence")
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"(?m)^(  - id: annual_leave\n(?:    .*\n)*?)    category: non_work\n",
                  r"\1    category: admin\n", text)
    open(path, "w", encoding="utf-8").write(text)
    with pytest.warns(DataQualityWarning, match="'annual_leave' is time off .* counts as work"):
        load_taxonomy(path)
