"""Each reject of a WOMBAT export with paused tasks names its own line and cells.

Defect: ingest cut each paused task into its active fragments before the rejects table
was made, and the rejects looked up their lines among the fragments (positions taken
before the cut): the example export's runaway task ``10154_20005_2`` (line 18) was
reported as line 17 with task ``10154_20005_1``'s cells. The rejects now read the rows as
they were when the failures were found.
"""

from __future__ import annotations

from timestudy import read_diary
from timestudy.schema import EXAMPLES

HEAD = (
    "session date,observer id,session id,location id,participant id,session start,"
    "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
    "start time,end time,elapsed time,total time,is interrupting task?,interrupted by,"
    "num of interrupts,int task id 1,int start 1,int end 1,active 1,active 2,inactive 1\n"
)
SESSION = "03-Apr-2025,10175,7,QEH,SW5,09:00:00,11:00:00"


def test_the_example_exports_runaway_names_its_own_line():
    """data_schema/examples/wombat_export.csv: the header is line 1; task
    ``10154_20005_2`` (Travel, 11:02:08, elapsed '1 week and 05:24:59') is line 18 of the
    file, task ``_1`` (Documentation, 11:00:00) line 17. Earlier in the export, tasks are
    paused (cut into fragments), which moved the reject onto line 17 and its cells."""
    read = read_diary(EXAMPLES / "wombat_export.csv", layout="wombat", warn=False)
    got = read.rejects[["source_row", "observer/session/task id", "What (SW v1)",
                        "start time", "elapsed time", "code"]].values.tolist()
    assert got == [[18, "10154_20005_2", "Travel", "11:02:08", "1 week and 05:24:59",
                    "long_running_timer"]]


def test_a_pause_before_a_rejected_row(tmp_path):
    """Line 2: task 1, 09:00-09:30, paused 09:10-09:20 by task 2 (two fragments, 20 min).
    Line 3: task 2, 09:10-09:20 (10 min). Line 4: task 3, 09:30 on, elapsed '1 week and
    01:00:00' (a runaway timer: rejected). Accepted: 3 episodes (task 1's two fragments and
    task 2), 30 minutes. Before, the reject's position (2, the third row read) was looked up
    among the fragments [task 1, task 1, task 2]: line 3, task 2's cells."""
    rows = [
        f"{SESSION},10175_7_1,Admin,0,09:00:00,09:30:00,00:30:00,00:20:00,false,10175_7_2,1,"
        "10175_7_2,09:10:00,09:20:00,00:10:00,00:10:00,00:10:00",
        f"{SESSION},10175_7_2,Communication,0,09:10:00,09:20:00,00:10:00,00:10:00,true,,0,"
        ",,,00:10:00,,",
        f"{SESSION},10175_7_3,Travel,0,09:30:00,10:30:00,1 week and 01:00:00,"
        "1 week and 01:00:00,false,,0,,,,1 week and 01:00:00,,",
    ]
    path = tmp_path / "wombat.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n")
    read = read_diary(path, layout="wombat", warn=False)
    assert len(read.episodes) == 3
    assert read.episodes["duration_min"].sum() == 30.0
    got = read.rejects[["source_row", "observer/session/task id", "What (SW v1)",
                        "start time", "code"]].values.tolist()
    assert got == [[4, "10175_7_3", "Travel", "09:30:00", "long_running_timer"]]
