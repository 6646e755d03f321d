"""``timestudy observe`` ends a session's observed span where a runaway timer began.

Defect: ``observation_study(..., rejects=)`` cut a session at a task rejected as a timer
left running, but the command did not pass ingest's rejects, so the command line still
counted the runaway's hours as observed: the example export's observed hours were 11.058
(interruptions 0.090 an hour) where the library said 5.641 (0.177).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.schema import EXAMPLES


def test_the_command_cuts_the_runaway_session(tmp_path, capsys):
    """data_schema/examples/wombat_export.csv, session 20005: 11:00:00-16:27:07 (5.452 h),
    its task 2 from 11:02:08 timed as '1 week and 05:24:59' (rejected). Observed before:
    11.058 h; the session now ends at 11:02:08, 2 min 8 s = 0.036 h observed:
    11.058 - 5.452 + 0.036 = 5.641 h (16:27:07 - 11:02:08 = 5.416 h taken out, said
    '5.42 h'). One interruption: 1 / 11.058 = 0.090 an hour before, 1 / 5.641 = 0.177 now.
    Exit 1: a row was rejected."""
    out = tmp_path / "o"
    code = main(["observe", str(EXAMPLES / "wombat_export.csv"), "--layout", "wombat",
                 "--min-workers", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 1
    assert "session 20005: its span ends at 11:02:08" in printed and "5.42 h taken out" in printed
    value = pd.read_csv(out / "summary.csv").set_index("measure")["value"]
    assert value["observed_hours"] == pytest.approx(11.0575 - (5 + 27 / 60 + 7 / 3600)
                                                    + (2 / 60 + 8 / 3600))
    assert round(value["observed_hours"], 3) == 5.641
    assert round(value["interruptions_per_hour"], 3) == 0.177
