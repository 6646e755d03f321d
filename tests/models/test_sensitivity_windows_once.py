"""The sensitivity's rules read each set of linking windows once (issue 18: the guide in
seconds): a coded diary keeps each sitting's window under every set it was linked under,
read-only, instead of mapping the task types to their windows again for every rule."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy import simulate_study
from timestudy.models import pieces_sensitivity
from timestudy.panels.coded_diary import CodedDiary
from timestudy.panels.pieces import build_pieces, code_diary


@pytest.fixture(scope="module")
def episodes():
    s = simulate_study(n_workers=8, weeks=1, seed=5)
    return s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})


def test_each_set_of_windows_is_read_once(episodes, monkeypatch):
    asked = []
    windows = CodedDiary.windows

    def counted(self, link_within_days):
        asked.append(frozenset(dict(link_within_days).items()))
        return windows(self, link_within_days)

    monkeypatch.setattr(CodedDiary, "windows", counted)
    pieces_sensitivity(episodes, scales=(0.0, 0.5, 1.0, 2.0), gaps=(0.0, 15.0, 60.0))
    # the taxonomy's windows and those of scales 0, 0.5 and 2: four sets, each read once
    assert len(asked) == len(set(asked)) == 4


def test_the_windows_kept_are_those_of_the_rule_and_cannot_be_changed(episodes):
    coded = code_diary(episodes)
    long = build_pieces(coded, {"court_statement": 20}, equivalents=False)
    short = build_pieces(coded, {"court_statement": 0}, equivalents=False)
    again = build_pieces(coded, {"court_statement": 20}, equivalents=False)
    assert len(short) > len(long) == len(again)
    kept = coded.memo["windows"]
    assert len(kept) == 2 and not any(w.flags.writeable for w in kept.values())
    fresh = coded.windows({"court_statement": 20})
    np.testing.assert_array_equal(kept[frozenset({("court_statement", 20)})], fresh)
