"""A slot grid's row whose date cannot be read keeps its minutes in the account.

Found by audit20d (hetus_daynum.csv): rows dated ``1`` and ``Monday`` were rejected
``bad_date`` and their minutes left the account ("1,380.00 in = 1,380.00 accepted + 0.00
rejected; 10 rejected row(s) with no minutes known"), though a run's minutes are known
without a date (its slots times their length): data_schema/README.md, every minute in the
file is accounted for.
"""

from __future__ import annotations

import pandas as pd

from timestudy.ingest import read_diary
from timestudy.schema import EXAMPLES


def test_minutes_of_a_row_with_an_unread_date_are_rejected_not_lost(tmp_path):
    """The shipped HETUS example's two diaries, the second dated 'Monday': by hand each row
    is 144 slots of 10 minutes less its blank slots; the second row's minutes are all
    rejected (bad_date), and in = accepted + rejected with no row of unknown minutes."""
    grid = pd.read_csv(EXAMPLES / "timeuse_hetus.csv", dtype=str)
    main = grid.filter(regex=r"^Main\d+$")
    filled = main.notna() & main.ne("")
    by_hand = (filled.sum(axis=1) * 10).tolist()
    grid.loc[1, "DIARYDATE"] = "Monday"
    path = tmp_path / "grid.csv"
    grid.to_csv(path, index=False)
    got = read_diary(path, mapping=EXAMPLES / "timeuse_hetus.mapping.yaml", warn=False)
    m = got.report.details["minutes"]
    assert (m["minutes_accepted"], m["minutes_rejected"]) == (by_hand[0], by_hand[1])
    assert m["minutes_in"] == sum(by_hand) and m["rows_without_minutes"] == 0


def test_each_reject_of_a_grid_line_says_which_run(tmp_path):
    """audit20d: the five rejects of one grid line were five copies of the line with one
    reason, not to be told apart. By hand: the example's second diary dated 'Monday' gives
    one reject per run, each reason naming the run's slots, in slot order."""
    grid = pd.read_csv(EXAMPLES / "timeuse_hetus.csv", dtype=str)
    grid.loc[1, "DIARYDATE"] = "Monday"
    path = tmp_path / "grid.csv"
    grid.to_csv(path, index=False)
    got = read_diary(path, mapping=EXAMPLES / "timeuse_hetus.mapping.yaml", warn=False)
    reasons = got.rejects.loc[got.rejects["code"] == "bad_date", "reason"].tolist()
    assert len(reasons) == len(set(reasons)) > 1
    assert all(" (slots Main" in r for r in reasons)
