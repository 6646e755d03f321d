"""The quality page's count of long worker-days follows the mapping's ``long_day_hours``."""

import re

import pandas as pd

from timestudy.ingest import DiaryMapping, read_diary
from timestudy.ingest.quality import quality_html


def test_long_days_use_the_mappings_threshold(tmp_path):
    """By hand: W1 records 09:00-19:00 (10 h) on 2026-03-09 and 09:00-12:00 (3 h) on
    2026-03-10; with ``long_day_hours: 8`` one worker-day is over the threshold (10 > 8),
    flagged long_day; the old page counted days over a fixed 16 hours: 0."""
    path = tmp_path / "d.csv"
    pd.DataFrame({"worker_id": ["W1", "W1"],
                  "start": ["2026-03-09 09:00", "2026-03-10 09:00"],
                  "end": ["2026-03-09 19:00", "2026-03-10 12:00"]}).to_csv(path, index=False)
    result = read_diary(path, mapping=DiaryMapping(long_day_hours=8), warn=False)
    assert result.report.warnings_by_code.get("long_day") == 1
    page = quality_html(result)
    row = re.search(r"worker-days over long_day_hours[^<]*</th>\s*<td[^>]*>([^<]*)</td>", page)
    assert row is not None and row.group(1).strip() == "1"
