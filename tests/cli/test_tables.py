"""Tables read by the categorise and agreement commands: ordinary CSV files read as they are."""

from __future__ import annotations

import pandas as pd

from timestudy.cli._tables import read_table


def test_a_blank_duration_reads(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text(
        "worker_id,start,end,duration_min,activity\n"
        "W1,2026-03-09 08:00,2026-03-09 09:00,60,emails\n"
        "W1,2026-03-09 09:00,2026-03-09 10:00,,home visit\n"
    )
    table = read_table(path)
    assert table["duration_min"].isna().tolist() == [False, True]


def test_codes_keep_their_zeros_and_notes_their_line_breaks_in_a_large_file(tmp_path):
    n = 30_000  # over pyarrow's 1 MB block: line breaks inside values must still be read
    frame = pd.DataFrame(
        {
            "worker_id": [f"W{k}" for k in range(n)],
            "activity": ["home visit\nnotes: plan\nfollow-up"] * n,
            "activity_code": ["007"] * n,
        }
    )
    path = tmp_path / "episodes.csv"
    frame.to_csv(path, index=False)
    table = read_table(path)
    assert len(table) == n
    assert table["activity"].iloc[-1] == "home visit\nnotes: plan\nfollow-up"
    assert set(table["activity_code"]) == {"007"}
