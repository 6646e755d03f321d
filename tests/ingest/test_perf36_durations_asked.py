"""Which episodes counted a duration of their own is worked out only for the note on
clock changes left unchecked: a diary with no such episode no longer looks for it (the
1M-row "sorted" shape of ``benchmarks/bench_ingest.py``: 14 ms of ``_add_warnings``,
most of it finding the distinct flags of a million episodes).
"""

from __future__ import annotations

from timestudy import read_diary
from timestudy.ingest import diary


def _file(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "d.csv"
    path.write_text("\n".join(["worker_id,start,end,duration_min,activity", *rows]) + "\n")
    return str(path)


def _refused(*args, **kwargs):
    raise AssertionError("asked with no clock change left unchecked")


def test_not_asked_without_unchecked(tmp_path, monkeypatch):
    monkeypatch.setattr(diary, "_durations_given", _refused)
    r = read_diary(_file(tmp_path, ["W1,2026-03-09 09:00,2026-03-09 10:00,60,calls"]),
                   warn=False)
    assert r.report.n_accepted == 1 and "warnings" not in r.report.details


def test_asked_for_the_note(tmp_path, monkeypatch):
    # 00:30 to 02:30 on the night the clocks go forward (Europe/London): the note is made
    asked: list[int] = []
    given = diary._durations_given

    def counted(raw, cand, m, episodes):
        asked.append(len(episodes))
        return given(raw, cand, m, episodes)

    monkeypatch.setattr(diary, "_durations_given", counted)
    r = read_diary(_file(tmp_path, ["W1,2026-03-29 00:30,2026-03-29 02:30,120,calls"]),
                   warn=False)
    assert asked == [1]
    assert [w["code"] for w in r.report.details["warnings"]] == ["clock_change_unchecked"]
