"""A flat Weekly report's rows are entries, whatever their labels (found by review38r2).

Before (integ38 at 059904ac): a row that left its project blank, or named a client "Total
Care Ltd", was taken for a sum when its day cells equalled the rows above or below it, even
another worker's: a flat report of four workers, three with no project, read 450 minutes of
1,800; a group's row in decimal hours (0.67 over 0.33 + 0.33) was counted beside its rows,
and an outer group row of three label levels too. After: a row is a sum by its place (a
group's row has rows under it that leave its label blank; a bottom total gives no label),
then by its figures, within the rounding of hours to 2 decimals
(:func:`timestudy.ingest.weekly_days.sum_rows`).
"""

from __future__ import annotations

from timestudy import read_diary


def _read(tmp_path, text: str, mapping: str | None = None):
    (tmp_path / "w.csv").write_text(text)
    if mapping is not None:
        (tmp_path / "m.yaml").write_text(mapping)
    return read_diary(tmp_path / "w.csv", warn=False,
                      mapping=None if mapping is None else tmp_path / "m.yaml")


def _minutes(result) -> tuple[float, float]:
    m = result.report.details["minutes"]
    return m["minutes_accepted"], m["minutes_totals"]


def test_workers_with_no_project_are_entries(tmp_path):
    """By hand: four workers, 7:30 on Monday each, three with no project: 4 x 450 = 1,800
    accepted (before: 450, three workers' days taken for totals of the row above)."""
    text = ("User,Project,Mon 09/03/2026,Tue 10/03/2026,Total (h)\n"
            "Ana Lee,Visit,07:30:00,,07:30:00\nRaj Patel,,07:30:00,,07:30:00\n"
            "Sam Jones,,07:30:00,,07:30:00\nTom Wu,,07:30:00,,07:30:00\n")
    assert _minutes(_read(tmp_path, text)) == (1800.0, 0.0)


def test_a_row_equal_to_another_workers_is_an_entry(tmp_path):
    """By hand: Sam 2 h of visits, Ana 2 h with no project, then Ana 8 h of court: 720
    accepted (before: Ana's 2 h taken for the total of Sam's row, 600)."""
    text = ("User,Project,14/04/2025,15/04/2025,Total (h)\n"
            "Sam Jones,Visit,02:00:00,00:00:00,02:00:00\nAna Lee,,02:00:00,00:00:00,02:00:00\n"
            "Ana Lee,Court,08:00:00,00:00:00,08:00:00\n")
    assert _minutes(_read(tmp_path, text)) == (720.0, 0.0)


def test_a_client_named_total_is_no_total(tmp_path):
    """By hand: two 1-hour visits, the second for client 'Total Care Ltd': 120 accepted
    (before: 60, the second taken for a total)."""
    text = ("User,Client,Project,14/04/2025,15/04/2025,Total (h)\n"
            "Sam Jones,Acme,Visit,01:00:00,00:00:00,01:00:00\n"
            "Sam Jones,Total Care Ltd,Visit,01:00:00,00:00:00,01:00:00\n")
    assert _minutes(_read(tmp_path, text)) == (120.0, 0.0)


def test_a_group_row_in_decimal_hours_is_a_total(tmp_path):
    """By hand: Sam's group row 0.67 h over 0.33 h + 0.33 h (0.66: hours to 2 decimals):
    2 x 19.8 = 39.6 accepted, 40.2 a total (before: 79.8 accepted, the group row counted)."""
    text = ("User,Project,09/03/2026,10/03/2026,Total (h)\nSam,,0.67,,0.67\n,Visit,0.33,,0.33\n"
            ",Recording,0.33,,0.33\n")
    got = _minutes(_read(tmp_path, text, "columns: {worker_id: User}\nfill_down: [worker_id]\n"))
    assert got[0] == 39.6 and abs(got[1] - 40.2) < 1e-9


def test_three_levels_count_the_innermost_rows_once(tmp_path):
    """By hand: Sam 2 h, his project Visit 2 h, its notes 1 h and call 1 h: 120 accepted,
    240 in total rows (before: 240 accepted, the user's row counted)."""
    text = ("User,Project,Description,09/03/2026,10/03/2026,Total (h)\n"
            "Sam,,,02:00:00,,02:00:00\n,Visit,,02:00:00,,02:00:00\n"
            ",,notes,01:00:00,,01:00:00\n,,call,01:00:00,,01:00:00\n")
    got = _read(tmp_path, text, "columns: {worker_id: User, activity_code: Project}\n"
                                "fill_down: [worker_id, activity_code]\n")
    assert _minutes(got) == (120.0, 240.0)


def test_a_grand_total_under_subtotals_is_a_total(tmp_path):
    """By hand (review38x): Sam 2:00 + 0:30 with his subtotal 2:30, Ana 1:00 with hers, then
    the grand total 2:30, 1:00: 210 accepted, 420 in three total rows (before: the grand
    total compared only with the rows since the last subtotal, none, and counted as Ana's:
    420 accepted)."""
    text = ("User,Project,13/04/2026,14/04/2026,Total\nSam,Visit,2:00:00,,2:00:00\n"
            ",Recording,0:30:00,,0:30:00\n,,2:30:00,,2:30:00\nAna,Visit,,1:00:00,1:00:00\n"
            ",,,1:00:00,1:00:00\n,,2:30:00,1:00:00,3:30:00\n")
    got = _read(tmp_path, text, "columns: {worker_id: User}\nfill_down: [worker_id]\n")
    assert _minutes(got) == (210.0, 420.0)
