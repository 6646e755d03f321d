"""Day-first or month-first: read from the file's own dates when the mapping does not say.

A date such as ``03/25/2026`` can only be month-first and ``25/03/2026`` only
day-first; ``03/04/2026`` could be either. When the mapping gives no ``dayfirst``:

* some dates can only be month-first and none only day-first: the file is month-first;
* some can only be day-first, or every date is ambiguous: day-first (the UK default),
  except in a Toggl report, where the date format is each user's own preference: a
  report of only ambiguous dates is refused until the mapping says which;
* dates of both kinds: refused (a file mixes two date orders).

What was decided, and why, goes into the ingest report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError

_DMY = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"
DATE_COLUMNS = ("date", "end_date", "start", "end")


def infer_dayfirst(frame: pd.DataFrame, layout: str, name: str) -> tuple[bool, str]:
    """``dayfirst`` for the file, and the reason, from its date columns.

    Examples
    --------
    >>> infer_dayfirst(pd.DataFrame({"date": ["03/04/2026", "03/25/2026"]}), "split", "x")
    (False, "month-first: '03/25/2026' can only be read that way")
    >>> infer_dayfirst(pd.DataFrame({"date": ["2026-03-04"]}), "split", "x")
    (True, 'day-first (the default; no date in the file is ambiguous)')
    """
    values = [frame[c] for c in DATE_COLUMNS if c in frame and frame[c].dtype.kind not in "Mf"]
    if not values:
        return True, "day-first (the default; the file has no written dates)"
    text = pd.Series(pd.unique(pd.concat(values, ignore_index=True).dropna().astype("str")))
    parts = text.str.extract(_DMY)
    first = pd.to_numeric(parts[0], errors="coerce").to_numpy(float)
    second = pd.to_numeric(parts[1], errors="coerce").to_numpy(float)
    month_first = (second > 12) & (first <= 12)
    day_first = (first > 12) & (second <= 12)
    shaped = ~np.isnan(first)
    if month_first.any() and day_first.any():
        a, b = text[month_first].iloc[0], text[day_first].iloc[0]
        raise SchemaError(
            f"mixes month-first and day-first dates ({a!r} can only be month-first, {b!r} only "
            "day-first): export the file again with one date format, or say which with "
            "dayfirst: true or false in the mapping",
            source=name,
        )
    if month_first.any():
        return False, f"month-first: {text[month_first].iloc[0]!r} can only be read that way"
    if day_first.any():
        return True, f"day-first: {text[day_first].iloc[0]!r} can only be read that way"
    if shaped.any() and layout == "toggl":
        raise SchemaError(
            f"has dates such as {text[shaped].iloc[0]!r} that read as day-first or month-first, "
            "and a Toggl report follows its user's own date format: say which with dayfirst: "
            "true (31/03/2026) or dayfirst: false (03/31/2026) in a mapping (--mapping)",
            source=name,
        )
    if shaped.any():
        return True, "day-first (the default; every written date reads either way)"
    return True, "day-first (the default; no date in the file is ambiguous)"
