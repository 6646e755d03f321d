"""Property tests: for random and corrupted rows, ingest never crashes and loses no row.

Invariants checked on every example: ``n_read == n_accepted + n_rejected +
n_duplicates``; every rejected row appears in the rejects with a reason; every
accepted episode ends no earlier than it starts (an end equal to its start is an
instantaneous event with 0 minutes, never 24 hours) and counts no more than its
duration; minutes in = minutes accepted + minutes rejected.
"""

from __future__ import annotations

import os
import re
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timestudy import read_diary

# Each example reads a diary end to end (~40 ms), so the example counts are kept modest.
SETTINGS = settings(
    deadline=None,
    max_examples=int(os.environ.get("TIMESTUDY_INGEST_EXAMPLES", "30")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

stamps = st.datetimes(
    min_value=pd.Timestamp("2025-10-20").to_pydatetime(),
    max_value=pd.Timestamp("2026-04-05").to_pydatetime(),
)
iso = stamps.map(lambda t: t.strftime("%Y-%m-%dT%H:%M"))
local = stamps.map(lambda t: t.strftime("%d/%m/%Y %H:%M"))
clock = st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 30), st.integers(0, 75))
junk = st.text(alphabet=string.printable + "£é–\u00a0", max_size=12)
cell = st.one_of(iso, local, clock, junk, st.none(), st.sampled_from(["", "NA", "-", " "]))
worker = st.one_of(st.sampled_from(["W1", "W2", "W3", "", "NA", " W1 "]), st.none(), junk)
duration = st.one_of(
    st.none(),
    st.integers(-10, 2000).map(str),
    st.sampled_from(["1:30", "x"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
rows = st.lists(st.tuples(worker, cell, cell, duration), min_size=0, max_size=25)


def check(result, n_expected: int | None = None, one_row_per_record: bool = True) -> None:
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    if n_expected is not None:
        assert r.n_read == n_expected
    assert len(result.episodes) == r.n_accepted
    if one_row_per_record:  # a slot grid row gives several records, each may be rejected
        assert result.rejects["source_row"].nunique() == r.n_rejected
    assert result.rejects["reason"].str.len().gt(0).all()
    eps = result.episodes
    assert (eps["end"] >= eps["start"]).all()
    same = (eps["end"] == eps["start"]).to_numpy()
    flags = eps["flags"].fillna("")
    instant = flags.str.contains("instantaneous").to_numpy()
    mismatch = flags.str.contains("duration_mismatch").to_numpy()
    assert (same[instant]).all()
    assert (eps.loc[instant, "duration_min"] == 0).all()  # zero length never gives minutes
    # an end equal to its start and minutes counted: its own duration said so, flagged if
    # more than the tolerance
    assert (mismatch | (eps["duration_min"].to_numpy() <= 1))[same & ~instant].all()
    assert (eps["duration_min"] <= 1440).all()  # never a phantom day
    account = r.details["minutes"]
    if r.details["rules"]["minutes_from"] == "duration":
        assert account["difference"] == 0  # minutes in = accepted + rejected
    assert (eps["counted_min"] <= eps["duration_min"] + 1e-9).all()
    assert (eps["counted_min"] >= 0).all()
    assert eps["worker_id"].notna().all()


@SETTINGS
@given(rows=rows, tz=st.sampled_from([None, "Europe/London"]))
def test_random_rows_from_a_dataframe(rows, tz):
    frame = pd.DataFrame(rows, columns=["worker_id", "start", "end", "duration_min"], dtype=object)
    check(read_diary(frame, timezone=tz, warn=False), len(rows))


@SETTINGS
@given(
    rows=rows,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_rows_through_a_csv_file(tmp_path_factory, rows, delimiter, encoding):
    frame = pd.DataFrame(rows, columns=["worker_id", "start", "end", "duration_min"])
    frame = frame.map(
        lambda v: v.encode(encoding, "replace").decode(encoding) if isinstance(v, str) else v
    )
    path = tmp_path_factory.mktemp("prop") / "diary.csv"
    text = frame.to_csv(index=False, sep=delimiter, lineterminator="\n")
    path.write_bytes(text.encode(encoding, errors="replace"))
    result = read_diary(path, warn=False)
    check(result)
    r = result.report
    # only blank lines, and lines of delimiters and spaces only (said: empty_lines), are not
    # rows (as the reader judges them, ingest/files._blank: every field blank, spaces being
    # nothing written, so a first field of a space is blank too; a bare carriage return
    # ends a line, as in the CSV reader: pandas writes "0\r" unquoted)
    empty = sum(1 for line in re.split("\r\n|\r|\n", text)[1:]
                if line and not line.replace(delimiter, "").strip())
    assert r.n_read >= len(frame) - text.count("\n\n") - empty
    said = [w for w in r.details.get("warnings", ()) if w["code"] == "empty_lines"]
    assert (said[0]["rows"] if said else 0) <= empty


@SETTINGS
@given(data=st.data())
def test_random_split_and_slot_layouts(data):
    n = data.draw(st.integers(0, 12))
    split = pd.DataFrame(
        {
            "worker_id": data.draw(st.lists(worker, min_size=n, max_size=n)),
            "date": data.draw(
                st.lists(
                    st.one_of(local.map(lambda s: s[:10]), junk, st.none()), min_size=n, max_size=n
                )
            ),
            "start_time": data.draw(st.lists(st.one_of(clock, junk), min_size=n, max_size=n)),
            "end_time": data.draw(
                st.lists(st.one_of(clock, junk, st.none()), min_size=n, max_size=n)
            ),
        },
        dtype=object,
    )
    check(read_diary(split, warn=False), n)
    codes = st.sampled_from(["REC", "TRV", "SV", None, ""])
    grid = pd.DataFrame({"worker_id": split["worker_id"], "date": split["date"]}, dtype=object)
    for h in range(8, 12):
        grid[f"{h:02d}:00"] = data.draw(st.lists(codes, min_size=n, max_size=n))
        grid[f"{h:02d}:30"] = data.draw(st.lists(codes, min_size=n, max_size=n))
    check(read_diary(grid, warn=False), one_row_per_record=False)


@SETTINGS
@given(data=st.data())
def test_corrupted_simulated_rows(clean_study, data):
    diary = clean_study.diary.head(60).copy()
    for col in ("start", "end"):
        diary[col] = diary[col].dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object)
    diary["duration_min"] = diary["duration_min"].astype(object)
    columns = ["worker_id", "start", "end", "duration_min", "case_id", "activity"]
    touched = set()
    for _ in range(data.draw(st.integers(0, 15))):
        row = data.draw(st.integers(0, len(diary) - 1))
        col = data.draw(st.sampled_from(columns))
        diary.iloc[row, diary.columns.get_loc(col)] = data.draw(st.one_of(junk, clock, st.none()))
        touched.add(row)
    copies = data.draw(st.lists(st.integers(0, len(diary) - 1), max_size=5))
    diary = pd.concat([diary, diary.iloc[copies]], ignore_index=True)
    result = read_diary(diary, warn=False)
    check(result, len(diary))
    assert result.report.n_duplicates >= len(set(copies)) - 0  # every copy is a duplicate
    untouched = sorted(set(range(60)) - touched)
    accepted = set(result.episodes["source_row"] - 1)
    rejected = set(result.rejects["source_row"] - 1)
    # an untouched row may only be rejected... never: its values are those of a clean diary
    assert not (set(untouched) & rejected)
    assert set(untouched) <= accepted | set(np.arange(60, len(diary)))


@settings(deadline=None, max_examples=100)
@given(
    episodes=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 600), st.integers(1, 300)), max_size=40
    )
)
def test_overlap_minutes_match_a_brute_force_union(episodes):
    """counted time per worker equals the length of the union of the worker's episodes."""
    from timestudy.ingest.overlaps import NS_PER_MIN, overlap_minutes

    episodes = sorted(episodes)
    worker = np.array([w for w, _, _ in episodes], dtype=np.int64)
    start = np.array([s for _, s, _ in episodes], dtype=np.int64) * NS_PER_MIN
    end = start + np.array([d for _, _, d in episodes], dtype=np.int64) * NS_PER_MIN
    covered, _ = overlap_minutes(worker, start, end)
    counted = (end - start) / NS_PER_MIN - covered
    for w in set(worker.tolist()):
        minutes = set()
        for s, e in zip(start[worker == w], end[worker == w], strict=True):
            minutes.update(range(s // NS_PER_MIN, e // NS_PER_MIN))
        # (entries of the same times share: thirds of a minute add up to within rounding)
        assert counted[worker == w].sum() == pytest.approx(len(minutes), abs=1e-9)


bare = st.builds(lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 23),
                 st.integers(0, 59), st.integers(0, 59))


@SETTINGS
@given(
    times=st.lists(st.tuples(bare, bare, st.one_of(st.none(), st.integers(0, 1500))),
                   min_size=1, max_size=20),
    wrap=st.sampled_from([8, 16, 23.9]),
    rule=st.sampled_from(["duration", "clock"]),
)
def test_the_one_rule_for_bare_clock_times(times, wrap, rule):
    """Zero length never gives minutes; no bare end rolls into an episode of max_wrap_hours or
    more; minutes in = accepted + rejected, the difference (counting the clock) all flagged."""
    frame = pd.DataFrame(
        {"worker_id": "W1", "date": "2026-03-09",
         "start_time": [a for a, _, _ in times], "end_time": [b for _, b, _ in times],
         "duration_min": [None if d is None else str(d) for _, _, d in times]},
        dtype=object,
    )
    result = read_diary(frame, mapping={"max_wrap_hours": wrap, "minutes_from": rule},
                        warn=False)
    check(result, len(frame))
    eps = result.episodes
    zero = eps["start"] == eps["end"]
    assert (eps.loc[eps["flags"].str.contains("instantaneous"), "duration_min"] == 0).all()
    span = (eps["end"] - eps["start"]).dt.total_seconds() / 60
    rolled = eps["flags"].str.contains("crossed_midnight")
    assert (span[rolled] < wrap * 60).all()
    assert (eps.loc[rolled, "end"].dt.date > eps.loc[rolled, "start"].dt.date).all()
    assert not (zero & rolled).any()
    account = result.report.details["minutes"]
    if rule == "duration":
        assert account["difference"] == 0
    else:  # the clock counted: the difference is the rows' own durations less the clock
        own = pd.to_numeric(frame["duration_min"], errors="coerce").to_numpy()[
            eps["source_row"].to_numpy() - 1]  # a DataFrame: rows from 1
        given = ~np.isnan(own)
        expected = float(np.sum(own[given] - eps["duration_min"].to_numpy()[given]))
        assert account["difference"] == pytest.approx(expected, abs=1e-3)
        far = given & (np.abs(own - eps["duration_min"].to_numpy()) > 1 + 1e-9)
        assert eps["flags"].to_numpy()[far].tolist() == [
            f for f in eps["flags"].to_numpy()[far] if "duration_mismatch" in f]
