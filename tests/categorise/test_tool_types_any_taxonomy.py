"""A break or time off a diary tool marks is not work under any taxonomy (fix37t).

Clockify's breaks export (tests/ingest/conformance/clockify/breaks.csv): three breaks,
45 min ("Walk"), 40 min (no description, a "Break" project) and 30 min ("Gym"), 115 of the
825 minutes; the reader gives them task_type ``break``. Under the shipped taxonomy they
were not work already (break, non_work). Under ``healthcare_observation``, which lists no
``break``, the value was warned unknown and each fell back to its code or text, none of
which matched: uncategorised, counted as work (non_work 0 of 825 minutes). Now, under
every shipped taxonomy, the three are task type ``break`` in a category that does not
count as work: 115 minutes not work, 710 work; the categorise report lists them
(``tool_task_types``) when the taxonomy does not.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.categorise import shipped_taxonomies
from timestudy.categorise.rules import categorise_and_report, coverage
from timestudy.categorise.taxonomy import load_taxonomy

INGEST = Path(__file__).resolve().parents[1] / "ingest"
BREAKS = INGEST / "conformance" / "clockify" / "breaks.csv"


def _read(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, layout="toggl").episodes


def _not_work(eps: pd.DataFrame, name: str) -> pd.Series:
    return eps["category"].isin(load_taxonomy(name).day_options["non_work"])


@pytest.mark.parametrize("name", shipped_taxonomies())
def test_clockify_breaks_are_not_work_under_every_taxonomy(name):
    """115 minutes not work, 710 work, the three breaks task type break (before, under
    healthcare_observation: 0 and 825, each uncategorised, 'break' warned unknown)."""
    eps = _read(BREAKS)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out, report = categorise_and_report(eps, name)
    off = _not_work(out, name)
    assert out.loc[off, "duration_min"].sum() == pytest.approx(115.0)
    assert out.loc[~off, "duration_min"].sum() == pytest.approx(710.0)
    assert sorted(out.loc[out["task_type"] == "break", "source_row"]) == [3, 6, 9]
    assert not any("task_type values are not in taxonomy" in str(w.message) for w in got)
    listed = report.tool_task_types.values.tolist()
    if name == "healthcare_observation":
        assert listed == [["break", "non_work", 3, pytest.approx(115.0)]]
        assert report.to_dict()["tool_task_types"][0]["minutes"] == pytest.approx(115.0)
        assert report.summary().loc[
            "entries not work as their diary tool marks them (not in the taxonomy)",
            "value"] == 3
    else:  # the shipped taxonomy lists break: nothing to say, and the report as before
        assert listed == []
        assert "tool_task_types" not in report.to_dict()


def test_the_report_rebuilt_from_categorised_episodes_says_the_same():
    """``coverage`` of already categorised episodes: the breaks are the task type's, not
    uncategorised (share of time categorised 1 - 290/825 = 0.648...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = timestudy.categorise(_read(BREAKS), "healthcare_observation")
        again, first = (coverage(x, "healthcare_observation")
                        for x in (out, _read(BREAKS)))
    assert again.tool_task_types.values.tolist() == first.tool_task_types.values.tolist()
    assert again.share_minutes_categorised == pytest.approx(first.share_minutes_categorised)
    assert first.share_minutes_categorised == pytest.approx(1 - 290 / 825)


def test_time_off_is_an_absence_under_a_taxonomy_without_leave(tmp_path):
    """Clockify Time off, 7.5 h on Tuesday 17 March, between two days of 7.5 h of emails:
    under healthcare_observation task type leave, not work, and the day absent in the
    worker-days read with the taxonomy's day options (before: uncategorised, 450 minutes
    of work, the day complete with 7.5 h worked)."""
    sys.path.insert(0, str(INGEST))
    from test_clockify_breaks import ROW, _export

    rows = [ROW.format(text="Emails", start="09:00:00", end="16:30:00", dur="07:30:00",
                       dec="7.50", kind="Regular").replace("16/03/2026", d)
            for d in ("16/03/2026", "18/03/2026")]
    rows.insert(1, ROW.format(text="", start="09:00:00", end="16:30:00", dur="07:30:00",
                              dec="7.50", kind="Time off").replace("16/03/2026", "17/03/2026"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = timestudy.categorise(_read(_export(tmp_path, rows)), "healthcare_observation")
        options = load_taxonomy("healthcare_observation").day_options
        days = timestudy.panels.diary_completeness(
            timestudy.panels.episodes.prepare(out, 4.0), non_work=options["non_work"],
            absence_tasks=options["absence_tasks"], toil_tasks=options["toil_tasks"])
    day = out.loc[out["source_row"] == 3].iloc[0]
    assert (day["task_type"], day["category"]) == ("leave", "non_work")
    status = days.set_index(days["diary_date"].dt.strftime("%d"))["status"]
    assert status.to_dict() == {"16": "complete", "17": "absent", "18": "complete"}


def test_a_taxonomy_mapping_break_keeps_its_own():
    """The shipped taxonomy lists break (non_work, its own label): it is the taxonomy's."""
    eps = pd.DataFrame({"task_type": ["break"], "duration_min": [30.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = timestudy.categorise(eps)
    assert out[["task_type", "category", "rule"]].values.tolist() == [
        ["break", "non_work", "column:task_type"]]
