"""Counts of workers and of pieces in the task, case type and share tables (audit23).

The task tables published counts resting on 1 to 4 workers: "PLO / pre-proceedings meeting
| not shown ... | 3 | 1" (3 pieces by one worker), and guide.json ``category_shares``
gave the uncategorised ``n_workers: 4``. The README's count rule: a count of workers is a
number only when those counted and the rest both number ``min_workers`` or more (or none,
or all); else "fewer than 5 of N" / "at least 5 of N". A count of pieces (or cases) is a
figure resting on its workers: withheld when they are fewer than ``min_workers``.
"""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl

from timestudy.report.excel import write_workbook
from timestudy.report.rows import case_rows, task_rows


def _few(six_run):
    """The g6 guide read as of 8 workers (with 6, "at least 5 of 8" would say 5: no count
    from 1 to 5 is shown, :func:`count_band`) with one task done by 1 worker (3 pieces),
    one by 5 (40 pieces), and a case type held by 3 workers (7 cases)."""
    g = six_run[1].guide
    tasks, cases = g.tasks.copy(), g.case_types.copy()
    one, five = tasks.index[:2]
    tasks.loc[one, ["n_pieces", "n_workers"]] = [3, 1]
    tasks.loc[five, ["n_pieces", "n_workers"]] = [40, 5]
    ct = cases.index[0]
    cases.loc[ct, ["n_cases", "n_workers"]] = [7, 3]
    shares = g.category_shares.copy()
    shares.iloc[0, shares.columns.get_loc("n_workers")] = 4
    guide = replace(g, tasks=tasks, case_types=cases, category_shares=shares,
                    meta=g.meta | {"n_workers": 8})
    return guide, one, five, ct


def test_counts_follow_the_count_rule_in_guide_json(six_run):
    """By hand, 8 workers: 1 is fewer than 5 ("fewer than 5 of 8"), its 3 pieces rest on 1
    worker (null); 5 leaves 3 ("at least 5 of 8"), its 40 pieces rest on 5 (40 shown); 8 of
    8 is all (8); 6 is "at least 5 of 8". A case type of 3 workers: "fewer than 5 of 8", its 7 cases null. A share's
    4 workers: "fewer than 5 of 8"."""
    guide, one, five, ct = _few(six_run)
    raw = json.loads(guide.to_json())
    t = {r["task_type"]: r for r in raw["tasks"]}
    assert (t[one]["n_pieces"], t[one]["n_workers"], t[one]["n_workers_words"]) == (
        None, None, "fewer than 5 of 8")
    assert (t[five]["n_pieces"], t[five]["n_workers"], t[five]["n_workers_words"]) == (
        40, None, "at least 5 of 8")
    c = {r["case_type"]: r for r in raw["case_types"]}
    assert (c[ct]["n_cases"], c[ct]["n_workers"], c[ct]["n_workers_words"]) == (
        None, None, "fewer than 5 of 8")
    assert raw["category_shares"][0]["n_workers"] is None
    assert raw["category_shares"][0]["n_workers_words"] == "fewer than 5 of 8"
    for r in raw["tasks"] + raw["case_types"] + raw["category_shares"]:
        assert r["n_workers"] in (None, 0, 8)  # with 8 workers only none and all are numbers


def test_counts_follow_the_count_rule_in_the_report_and_workbook(six_run, tmp_path):
    """The same counts in the report's rows and the workbook: "not shown" for 3 pieces by
    one worker and 7 cases by 3, the counts of workers in words."""
    guide, one, five, ct = _few(six_run)
    rows = {r["task"]: r for r in task_rows(guide)}
    from timestudy.report.labels import case_type_label, task_label

    r1, r5 = rows[task_label(one, guide.meta)], rows[task_label(five, guide.meta)]
    assert (r1["pieces of work"], r1["workers"]) == ("not shown", "fewer than 5 of 8")
    assert (r5["pieces of work"], r5["workers"]) == ("40", "at least 5 of 8")
    crow = next(r for r in case_rows(guide) if r["case type"] == case_type_label(ct))
    assert (crow["cases"], crow["workers"]) == ("not shown", "fewer than 5 of 8")
    write_workbook(guide, tmp_path / "guide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx")["Tasks"]
    head = [c.value for c in ws[1]]
    got = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    g1 = got[task_label(one, guide.meta)]
    assert (g1["pieces of work"], g1["workers"]) == ("not shown", "fewer than 5 of 8")


def test_a_guide_json_with_counts_in_words_reads_back(six_run):
    """Read back, a count in words stays unknown (NaN) beside its words (fix28g: the
    tables are the published guide; before, its band's lowest, 1 for "fewer than 5 of 8"
    and 5 for "at least 5 of 8"), so written again it gives the same words."""
    from timestudy import TimeGuide
    from timestudy.guide.deserialise import guide_fields

    guide, one, five, _ = _few(six_run)
    raw = json.loads(guide.to_json())
    again = TimeGuide(**guide_fields(raw))
    assert again.tasks.loc[[one, five], "n_workers"].isna().all()
    keys = ("n_workers", "n_workers_words", "n_pieces", "n_workers_primary",
            "n_workers_primary_words")
    assert [[r.get(k) for k in keys] for r in json.loads(again.to_json())["tasks"]] == [
        [r.get(k) for k in keys] for r in raw["tasks"]]


def test_withheld_cases_do_not_come_back_from_the_total(six_run):
    """Audit23 g5: meta.n_cases 124 less CIN 41, CLA 34 and CP 43 gave PROCEEDINGS' 6 cases
    (of 4 workers). Now the smallest published count goes with it: what the total gives
    back is them together, resting on that type's workers too (5 or more). Here the types
    of fewer than 5 workers (the one set to 3, and g6's PROCEEDINGS of 3) go, and the
    smallest count of the rest with them."""
    guide, _, _, ct = _few(six_run)
    raw = json.loads(guide.to_json())
    gone = [c for c in raw["case_types"] if c["n_cases"] is None]
    g = six_run[1].guide  # its counts as measured (its tables are the published ones), with
    counts = (g._unsuppressed_counts("case_types") if g._unsuppressed_counts("case_types")
              is not None else g.case_types)[["n_cases", "n_workers"]].copy()
    counts.loc[ct, ["n_cases", "n_workers"]] = [7, 3]  # _few's change
    few = set(counts.index[counts["n_workers"] < 5])  # ct, PROCEEDINGS
    assert ct in few and few < {c["case_type"] for c in gone}
    # the smallest count of the rest goes with them (here CP's 29 of 6 workers; CLA's goes
    # too: _few's guide is read as of 8 workers, its 6 "at least 5 of 8", a count in words)
    others = [c["case_type"] for c in gone if c["case_type"] not in few]
    n = counts["n_cases"].drop(list(few))
    assert n[n > 0].idxmin() in others
    assert (counts.loc[others, "n_workers"] >= 5).all()
    rows = {r["case type"]: r["cases"] for r in case_rows(guide)}
    from timestudy.report.labels import case_type_label

    assert [k for k, v in rows.items() if v == "not shown"] == [
        case_type_label(c["case_type"]) for c in gone]
