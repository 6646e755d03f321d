"""Secondary activities of slot diaries: episodes of their own that add no minutes.

A secondary activity (HETUS ``Sec1..Sec144``, a long-format row marked secondary) is
read into :attr:`IngestResult.secondary`, never into the main episodes, so the main
episodes' minutes stay the diary's time. Where one secondary episode covers a whole
main episode, the main episode's ``secondary_activity`` names it (multitasking
measures then count it); a secondary activity covering only part of a main episode is
left in the secondary table, so no minute is counted as multitasking that was not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import Candidates
from timestudy.ingest.files import RawTable
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.times import resolve_times
from timestudy.schema.clock import diary_date

COLUMNS = ("worker_id", "start", "end", "duration_min", "activity", "slots", "source_row",
           "diary_date")


def secondary_episodes(cand: Candidates, raw: RawTable, mapping: DiaryMapping,
                       episodes: pd.DataFrame) -> pd.DataFrame | None:
    """The secondary episodes of ``cand`` (None when it has none); fills the main episodes'
    ``secondary_activity`` where a secondary episode covers one whole."""
    sec = cand.secondary
    if sec is None:
        return None
    times = resolve_times(sec.frame, sec.labels, mapping, sec.layout)
    ok = ~np.isnat(times.start) & ~np.isnat(times.end)
    out = pd.DataFrame({
        "worker_id": sec.frame["worker_id"].astype("string").to_numpy()[ok],
        "start": times.start[ok].astype("M8[us]"),
        "end": times.end[ok].astype("M8[us]"),
        "duration_min": times.minutes[ok],
        "activity": sec.frame["activity"].astype("string").to_numpy()[ok],
        "slots": sec.frame["slots"].astype("string").to_numpy()[ok],
        "source_row": raw.source_row[sec.origin[ok]].astype(np.int64),
    })
    out["diary_date"] = diary_date(out["start"], mapping.day_start_hours)
    out["counts_in_total"] = False
    _cover(episodes, out)
    return out.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)


def _cover(episodes: pd.DataFrame, sec: pd.DataFrame) -> None:
    """Name the secondary activity of each main episode one secondary episode covers whole."""
    if episodes.empty or sec.empty or "secondary_activity" not in episodes:
        return
    keys = ["worker_id", "diary_date"]  # a covering episode is of the same diary day
    main = episodes[[*keys, "start", "end"]].reset_index(drop=True).rename_axis("i")
    main = main.reset_index()
    both = main.merge(sec[[*keys, "start", "end", "activity"]], on=keys, suffixes=("", "_s"))
    both = both[(both["start_s"] <= both["start"]) & (both["end_s"] >= both["end"])]
    both = both.drop_duplicates("i")
    if len(both):
        column = episodes["secondary_activity"].astype("string")
        column.iloc[both["i"].to_numpy()] = both["activity"].to_numpy()
        episodes["secondary_activity"] = column
