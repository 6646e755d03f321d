"""Row order of the input changes nothing: episodes, rejects and the report are the same
whether a diary comes sorted, as teams' exports appended, or shuffled.

Ingest puts rows in worker and start order once, on integer codes
(:mod:`timestudy.ingest.order`); these tests check that order against NumPy's own
``lexsort`` and the whole read against permutations of a faulty diary. Ties (two
different episodes of one worker starting at the same instant) keep their file order,
so the diaries here have none: with ties, which of the two counts the shared minutes
depends on the file, as it should.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest.order import (
    _divides,
    in_order,
    keyed_order,
    packed_key,
    radix_order,
    sort_order,
)

keys = st.lists(
    st.tuples(st.integers(-3, 3), st.integers(0, 50), st.integers(0, 3)), min_size=0, max_size=60
)
scales = st.sampled_from([1, 1_000, 60_000_000_000, 2**61])


@settings(max_examples=300, deadline=None)
@given(keys, scales, st.booleans())
def test_sort_order_is_a_stable_lexsort(rows, scale, tiebreak):
    primary = np.array([r[0] for r in rows], np.int64)
    secondary = np.array([r[1] for r in rows], np.int64) * scale  # huge: no packed key
    line = np.array([r[2] for r in rows], np.int64) if tiebreak else None
    want = np.lexsort(
        (np.arange(len(rows)), *(() if line is None else (line,)), secondary, primary)
    )
    got = sort_order(primary, secondary, line)
    got = np.arange(len(rows)) if got is None else got
    assert got.tolist() == want.tolist()
    position = np.arange(len(rows)) if line is None else line
    assert in_order(primary[got], secondary[got], position[got])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**62), max_size=80))
def test_radix_order_is_a_stable_argsort(values):
    key = np.array(values, np.int64)
    assert radix_order(key).tolist() == np.argsort(key, kind="stable").tolist()
    order, ordered = radix_order(key, keys=True)  # (packed or 16 bits at a time)
    assert order.tolist() == radix_order(key).tolist()
    assert ordered.tolist() == key[order].tolist()


@settings(max_examples=200, deadline=None)
@given(keys, scales)
def test_keyed_order_is_sort_order_and_equal_keys_are_equal_pairs(rows, scale):
    primary = np.array([r[0] for r in rows], np.int64)
    secondary = np.array([r[1] for r in rows], np.int64) * scale
    order, key, ordered = keyed_order(primary, secondary)
    want = sort_order(primary, secondary)
    assert (order is None and want is None) or order.tolist() == want.tolist()
    assert (key is None) == (ordered is None)
    if key is not None:  # the key handed on in order: key[order], however it was sorted
        assert ordered.tolist() == (key if order is None else key[order]).tolist()
    if key is not None:
        pairs = list(zip(primary.tolist(), secondary.tolist(), strict=True))
        same_key = key[:, None] == key[None, :]
        same_pair = np.array([[a == b for b in pairs] for a in pairs], bool).reshape(same_key.shape)
        assert (same_key == same_pair).all()


@pytest.mark.parametrize("at", [None, 0, 65_535, 65_536, 199_999])
def test_divides_looks_at_every_block(at):
    values = np.arange(200_000, dtype=np.int64) * 60
    if at is not None:
        values[at] += 1
    assert _divides(60, values) == (not (values % 60).any())


def test_packed_key_refuses_what_does_not_fit():
    big = np.array([0, 2**40 + 7], np.int64)  # not whole minutes, seconds, ...: unit 1
    assert packed_key(np.array([0, 1]), big) is not None
    assert packed_key(np.array([0, 2**30]), big) is None


def _untied(diary: pd.DataFrame) -> pd.DataFrame:
    """The diary without a second, different episode of a worker at the same start."""
    when = pd.to_datetime(diary["start"], format="mixed", dayfirst=True, errors="coerce")
    key = diary["worker_id"].astype(str) + "|" + when.astype(str)
    whole = pd.util.hash_pandas_object(diary, index=False)
    first = pd.DataFrame({"key": key, "whole": whole}).drop_duplicates()
    tied = first["key"].duplicated(keep=False) & when.loc[first.index].notna()
    drop = first.index[tied & first["key"].duplicated()]
    return diary.drop(index=drop).reset_index(drop=True)


def _shape(diary: pd.DataFrame, layout: str) -> pd.DataFrame:
    diary = diary.drop(columns=["true_task_type", "true_category"])
    if layout == "no_duration":
        return diary.drop(columns="duration_min")
    if layout == "split":  # a date and clock times, as a paper diary is typed up
        when = pd.to_datetime(diary["start"], format="ISO8601", errors="coerce")
        ends = pd.to_datetime(diary["end"], format="ISO8601", errors="coerce")
        out = diary.drop(columns=["start", "end"])
        out.insert(1, "date", when.dt.strftime("%d/%m/%Y").fillna(diary["start"]))
        out.insert(2, "start_time", when.dt.strftime("%H:%M").fillna(diary["start"]))
        out.insert(3, "end_time", ends.dt.strftime("%H:%M").fillna(diary["end"]))
        return out
    return diary


# A rejected row echoes its values as the file wrote them ("2026-03-03T16:52:00", "60.0"),
# whatever the reader typed (which can depend on the rows it samples, so on the row
# order): rejects must be identical, echoes included, in every layout.
ECHO_COMPARED = {"canonical", "no_duration", "split"}


@pytest.fixture(scope="module", params=["canonical", "no_duration", "split"])
def diary(request, faulty_study):
    """A faulty diary (bad times, exact duplicates, typos) of three layouts, no ties."""
    base = _untied(faulty_study.diary)
    extra = base.sample(12, random_state=3)  # exact duplicates, far from their first copy
    return _shape(pd.concat([base, extra], ignore_index=True), request.param)


def _read(frame: pd.DataFrame, folder) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    folder.mkdir()
    path = folder / "diary.csv"
    frame.to_csv(path, index=False)
    result = read_diary(path, warn=False)
    episodes = result.episodes.drop(columns="source_row")
    rejects = result.rejects.drop(columns="source_row")
    rejects = rejects.sort_values(list(rejects.columns), kind="stable").reset_index(drop=True)
    return episodes, rejects, result.report.to_dict()


# The reads of the "teams" and "sorted" orders of a layout's diary: the same rows in the
# same order each time, so read once per layout (the read is deterministic) and compared
# with every drawn order. Equality is transitive, so a drawn order that reads as both does
# as every other drawn order: two shuffled orders compared with each other (a second read
# in a third of the examples, 18 reads a layout for 12 examples, now 14) prove nothing the
# two comparisons with the fixed orders do not.
FIXED_READS: dict[tuple[str, str], tuple[pd.DataFrame, pd.DataFrame, dict]] = {}


def _fixed_orders(diary: pd.DataFrame) -> dict[str, pd.DataFrame]:
    team = diary["worker_id"].astype(str).str[-1].isin(list("13579"))
    # each team's export in worker order, the exports appended; and the diary as built
    return {"teams": pd.concat([diary[team], diary[~team]]), "sorted": diary}


@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_row_order_changes_nothing(diary, tmp_path_factory, data, request):
    first = data.draw(st.permutations(range(len(diary))), label="drawn order")
    a = _read(diary.iloc[list(first)], tmp_path_factory.mktemp("a") / "in")
    layout = request.node.callspec.params["diary"]
    for how, second in _fixed_orders(diary).items():
        if (layout, how) not in FIXED_READS:
            FIXED_READS[layout, how] = _read(second, tmp_path_factory.mktemp("b") / "in")
        b = FIXED_READS[layout, how]
        pd.testing.assert_frame_equal(a[0], b[0])
        assert json.dumps(a[2], sort_keys=True) == json.dumps(b[2], sort_keys=True)
        why = ["column", "reason", "code"]
        pd.testing.assert_frame_equal(
            a[1][why].sort_values(why).reset_index(drop=True),
            b[1][why].sort_values(why).reset_index(drop=True),
        )
        if layout in ECHO_COMPARED:
            pd.testing.assert_frame_equal(a[1], b[1])
    assert a[2]["n_duplicates"] >= 12 and a[2]["n_rejected"] > 0


@pytest.mark.parametrize("layout", ["canonical", "no_duration", "split"])
def test_a_clean_diary_in_any_order_takes_its_text_early(layout, clean_study, tmp_path,
                                                          monkeypatch):
    """With no row rejected and none a duplicate, the text columns are put in order on the
    check's thread from the duplicates' order (timestudy.ingest.early): the episodes are
    those of the same diary read sorted, where nothing is taken at all."""
    import timestudy.ingest.early as early

    used = []
    usable = early.EarlyText.usable
    monkeypatch.setattr(early.EarlyText, "usable",
                        lambda self, take: used.append(usable(self, take)) or used[-1])
    diary = _shape(_untied(clean_study.diary), layout)
    shuffled = diary.sample(frac=1, random_state=5)
    a = _read(shuffled, tmp_path / "a")
    assert used == [True]
    b = _read(diary.sort_values(["worker_id", *diary.columns[1:3]], kind="stable"),
              tmp_path / "b")
    pd.testing.assert_frame_equal(a[0], b[0])
    assert a[2]["n_rejected"] == 0 and a[2]["n_duplicates"] == 0


def test_rejects_and_duplicates_are_filtered_out_of_the_early_text(clean_study, tmp_path,
                                                                   monkeypatch):
    """Rows rejected leave the early text by a filter in order (duplicates: not taken)."""
    import timestudy.ingest.early as early

    filtered = []
    usable = early.EarlyText.usable

    def spy(self, take):
        ok = usable(self, take)
        filtered.append(ok and self._kept is not None)
        return ok

    monkeypatch.setattr(early.EarlyText, "usable", spy)
    diary = _shape(_untied(clean_study.diary), "canonical").astype({"start": str})
    diary.loc[diary.index[::97], "start"] = "not a time"
    diary = pd.concat([diary, diary.sample(9, random_state=1)], ignore_index=True)
    a = _read(diary.sample(frac=1, random_state=4), tmp_path / "a")
    assert filtered == [True]
    b = _read(diary, tmp_path / "b")
    pd.testing.assert_frame_equal(a[0], b[0])
    assert a[2]["n_rejected"] > 0 and a[2]["n_duplicates"] == 9
