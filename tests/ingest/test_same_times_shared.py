"""Entries with the same times: no figure depends on the order of the rows (issue 20).

The old rule let the row order decide: of two entries of a worker with the same start
and end the one listed first kept all the time and the other counted none (and was no
sitting of any piece); of entries starting together, the first listed kept what it
covered. Now the one that ends first counts its time, and entries of the same start and
end share the minutes they own equally (:func:`timestudy.ingest.overlaps.overlap_minutes`).
The audit's diaries (diary2.csv, diary3.csv: the same rows, siblings' visits swapped).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.errors import DataQualityWarning
from timestudy.ingest.overlaps import NS_PER_MIN, content_tie, counted_pieces, overlap_minutes

AUDIT = [  # W02 and W03 of the audit's diary2.csv
    ("W02", "2026-03-10T09:00", "2026-03-10T10:00", "emails and admin", None),
    ("W02", "2026-03-10T10:00", "2026-03-10T11:00", "core group meeting Black", "G1"),
    ("W02", "2026-03-10T10:00", "2026-03-10T11:00", "home visit Black", "G1"),
    ("W02", "2026-03-10T11:00", "2026-03-10T11:30", "case notes Black", "G1"),
    ("W02", "2026-03-10T11:30", "2026-03-10T16:00", "emails and admin", None),
    ("W03", "2026-03-11T09:00", "2026-03-11T09:40", "travel to visit siblings", "E1"),
    ("W03", "2026-03-11T09:40", "2026-03-11T10:40", "SV Evans older child", "E1"),
    ("W03", "2026-03-11T09:40", "2026-03-11T10:40", "SV Evans younger child", "E2"),
    ("W03", "2026-03-11T10:40", "2026-03-11T11:20", "travel back to office", None),
    ("W03", "2026-03-11T11:20", "2026-03-11T11:50", "case notes Evans younger", "E2"),
    ("W03", "2026-03-11T11:50", "2026-03-11T16:00", "emails and admin", None),
]


def _read(rows, warn=False):
    frame = pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"])
    return read_diary(frame, warn=warn)


def _counted(e: pd.DataFrame) -> dict:
    return {(w, a): m for w, a, m in zip(e["worker_id"], e["activity"], e["counted_min"],
                                         strict=True)}


@pytest.mark.parametrize("swap", [False, True])
def test_the_audits_siblings_and_core_group_share_their_hour(swap):
    """In either order of the tied rows (diary2.csv, and diary3.csv's swapped rows):
    W03's visits to the siblings 09:40-10:40 (E1, E2) count 30 + 30 (the old rule: 60 for
    the one listed first, 0 for the other); W02's core group and home visit 10:00-11:00
    on G1 count 30 + 30 (old: 60 and 0). Every other entry counts its own minutes."""
    rows = list(AUDIT)
    if swap:
        rows[1], rows[2] = rows[2], rows[1]
        rows[6], rows[7] = rows[7], rows[6]
    got = _counted(_read(rows).episodes)
    assert got[("W03", "SV Evans older child")] == 30.0
    assert got[("W03", "SV Evans younger child")] == 30.0
    assert got[("W02", "core group meeting Black")] == 30.0
    assert got[("W02", "home visit Black")] == 30.0
    assert got[("W03", "travel to visit siblings")] == 40.0
    assert got[("W03", "travel back to office")] == 40.0


def test_the_minutes_account_says_the_minutes_under_other_entries():
    """By hand: W02 480 minutes written (60 + 60 + 60 + 30 + 270), W03 480 (40 + 60 + 60 +
    40 + 30 + 250): 960 accepted. Each pair of tied hours counts 60 once: 30 of each
    entry's 60 lie under the other, 60 a pair, 120 in all; 840 counted (the pieces'
    total). The old account said 960 accepted and nothing of the 120."""
    r = _read(AUDIT).report
    m = r.details["minutes"]
    assert m["minutes_accepted"] == 960.0
    assert m["minutes_under_other_entries"] == 120.0
    assert m["minutes_counted"] == 840.0
    assert r.to_dict()["details"]["minutes"]["minutes_under_other_entries"] == 120.0


def test_one_warning_line_names_the_shared_entries():
    """Four entries share their time (two pairs); the warning names the first: W02's
    hour 10:00-11:00 and its two activities, and says what to do."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = _read(AUDIT, warn=True).report
    said = [w for w in r.details["warnings"] if w["code"] == "same_times_shared"]
    assert len(said) == 1 and said[0]["episodes"] == 4
    assert "\n" not in said[0]["message"]
    assert "W02 2026-03-10 10:00-11:00" in said[0]["message"]
    assert "'core group meeting Black' (G1)" in said[0]["message"]
    assert "give each entry its own times or its share" in said[0]["message"]
    assert any(issubclass(w.category, DataQualityWarning) and "same_times_shared"
               in str(w.message) for w in caught)


def test_entries_starting_together_the_one_ending_first_counts():
    """A visit 0-60 and notes 0-20 starting together, either listed first: the notes end
    first and count their 20; the visit counts 40 (old: the first listed counted all its
    time, the other only what that one did not cover: 60 and 0, or 20 and 40)."""
    w, s = np.zeros(2, np.int64), np.zeros(2, np.int64)
    for e in (np.array([60, 20]), np.array([20, 60])):
        covered, _ = overlap_minutes(w, s, e * NS_PER_MIN)
        assert (e - covered).tolist() == ([40.0, 20.0] if e[0] == 60 else [20.0, 40.0])


def test_three_siblings_with_a_call_in_the_visit():
    """Three visits 0-90 (three children) and a call 30-45 inside them: the call is an
    interruption and counts 15; the visits own 0-30 and 45-90 (75) and share it: 25 each,
    laid one after another: 0-25, 25-30 and 45-65, 65-90."""
    w = np.zeros(4, np.int64)
    s = np.array([0, 0, 0, 30]) * NS_PER_MIN
    e = np.array([90, 90, 90, 45]) * NS_PER_MIN
    covered, _ = overlap_minutes(w, s, e)
    assert ((e - s) / NS_PER_MIN - covered).tolist() == [25.0, 25.0, 25.0, 15.0]
    p = counted_pieces(w, s, e)
    got = [(r, a // NS_PER_MIN, b // NS_PER_MIN) for r, a, b in
           zip(p["row"], p["start"], p["end"], strict=True)]
    assert sorted(got) == [(0, 0, 25), (1, 25, 30), (1, 45, 65), (2, 65, 90), (3, 30, 45)]


ROWS = st.lists(  # few starts and ends: many rows of the same start, many of the same times
    st.tuples(st.integers(0, 1), st.sampled_from([0, 30, 60]), st.sampled_from([0, 15, 30, 60]),
              st.booleans()),
    min_size=1, max_size=10,
)


@settings(deadline=None, max_examples=60)
@given(rows=ROWS, seed=st.integers(0, 2**16))
def test_counted_minutes_do_not_depend_on_the_row_order(rows, seed):
    """Read as a diary in a random order of its rows: each entry's counted minutes, keyed
    by its content (worker, times, activity), are the same as in the first order, and so
    are its flags."""
    t0 = pd.Timestamp("2026-03-09 09:00")
    frame = pd.DataFrame({
        "worker_id": [f"W{w}" for w, *_ in rows],
        "start": [t0 + pd.Timedelta(minutes=s) for _, s, _, _ in rows],
        "end": [t0 + pd.Timedelta(minutes=s + d) for _, s, d, _ in rows],
        "activity": [f"entry {i}" for i in range(len(rows))],
        "case_id": [f"C{i % 3}" if c else None for i, (*_, c) in enumerate(rows)],
    })
    shuffled = frame.sample(frac=1.0, random_state=seed)

    def keyed(f):
        e = read_diary(f, warn=False).episodes
        return {(w, a): (m, fl) for w, a, m, fl in zip(
            e["worker_id"], e["activity"], e["counted_min"].round(9), e["flags"].fillna(""),
            strict=True)}

    assert keyed(shuffled) == keyed(frame)


@settings(deadline=None, max_examples=200)
@given(rows=st.lists(st.tuples(st.integers(0, 1), st.sampled_from([0, 10, 20]),
                               st.sampled_from([0, 10, 40]), st.booleans()), max_size=10),
       seed=st.integers(0, 2**16))
def test_overlap_minutes_under_permutations_of_rows_starting_together(rows, seed):
    """With rows that may not interrupt among them: any order of the rows within a worker
    and start gives each row the same minutes (and the same total: the union)."""
    rows = sorted(rows, key=lambda r: r[:2])
    rng = np.random.default_rng(seed)
    key = np.array([r[0] * 1000 + r[1] for r in rows], float) + rng.random(len(rows)) * 0.5
    perm = np.argsort(key, kind="stable")  # shuffled within each (worker, start)
    w = np.array([r[0] for r in rows], np.int64)
    s = np.array([r[1] for r in rows], np.int64) * NS_PER_MIN
    e = s + np.array([r[2] for r in rows], np.int64) * NS_PER_MIN
    may = np.array([r[3] for r in rows], bool)
    a, _ = overlap_minutes(w, s, e, may)
    b, _ = overlap_minutes(w[perm], s[perm], e[perm], may[perm])
    back = np.empty_like(perm)
    back[perm] = np.arange(len(perm))
    assert b[back].tolist() == pytest.approx(a.tolist(), abs=1e-9)


def test_validate_prints_and_writes_the_minutes_under_other_entries(tmp_path, capsys):
    """``timestudy validate`` on the audit's W02 and W03 (960 accepted, by hand above):
    the minutes line says the 120 minutes under other entries and the 840 counted, and
    ingest_report.json holds them (before: "960.00 in = 960.00 accepted" and nothing of
    the 120, though the pieces hold 840)."""
    import json

    from timestudy.cli import main

    path = tmp_path / "diary2.csv"
    pd.DataFrame(AUDIT, columns=["worker_id", "start", "end", "activity", "case_id"]).to_csv(
        path, index=False)
    assert main(["validate", str(path), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr()
    assert ("960.00 accepted + 0.00 rejected; of the accepted, 120.00 lie under other "
            "entries of the worker (counted once, for those): 840.00 counted") in said.out
    written = json.loads((tmp_path / "out" / "ingest_report.json").read_text())
    minutes = written["details"]["minutes"]
    assert (minutes["minutes_under_other_entries"], minutes["minutes_counted"]) == (120.0, 840.0)


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_with_content_tie_each_share_lies_where_its_content_says(order):
    """Three siblings' visits 17:00-18:30 (E1, E2, E3 by activity): 30 minutes each, laid
    in the order of their activity whatever the rows' order: 'SV a' (E1) 17:00-17:30,
    'SV b' (E2) 17:30-18:00, 'SV c' (E3) 18:00-18:30 (so E3's are the minutes after
    18:00, the out-of-hours ones, in every order of the file)."""
    t = pd.to_datetime(["2026-03-11 17:00", "2026-03-11 18:30"])
    e = pd.DataFrame({"worker_id": "W03", "start": t[0], "end": t[1],
                      "activity": ["SV a", "SV b", "SV c"], "case_id": ["E1", "E2", "E3"]})
    e = e.iloc[order].reset_index(drop=True)
    ns = [e[c].to_numpy().astype("datetime64[ns]").view("i8") for c in ("start", "end")]
    p = counted_pieces(np.zeros(3, np.int64), *ns, tie=content_tie(e))
    got = {e["case_id"][r]: (pd.Timestamp(a).strftime("%H:%M"), pd.Timestamp(b).strftime("%H:%M"))
           for r, a, b in zip(p["row"], p["start"], p["end"], strict=True)}
    assert got == {"E1": ("17:00", "17:30"), "E2": ("17:30", "18:00"), "E3": ("18:00", "18:30")}
