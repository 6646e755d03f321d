"""categorise(): accuracy on the simulator's labelled diary, precedence, reporting, invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy import CategoriseReport, DataQualityWarning, TimestudyError, categorise, coverage
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import Taxonomy, load_taxonomy
from timestudy.simulate import params


def accuracy(out: pd.DataFrame, level: str) -> tuple[float, float]:
    """(time-weighted, per-episode) share of episodes whose label equals the truth."""
    hit = (out[level] == out[f"true_{level}"]).to_numpy()
    w = out["duration_min"].to_numpy()
    return float((w * hit).sum() / w.sum()), float(hit.mean())


@pytest.mark.parametrize("codes", [True, False], ids=["with_codes", "text_only"])
def test_simulated_diary_categorises_accurately(study, codes):
    diary = study.diary if codes else study.diary.assign(activity_code=pd.NA)
    out = categorise(diary)
    cat_time, _ = accuracy(out, "category")
    task_time, task_episodes = accuracy(out, "task_type")
    # The simulator writes typos into ~2% of texts and vague words into ~0.4%.
    assert cat_time >= 0.98
    assert task_time >= 0.975 and task_episodes >= 0.975
    if codes:
        assert out["rule"].str.startswith("code:").mean() > 0.3


def render(template: str, i: int) -> str:
    pick = lambda seq: seq[i % len(seq)]  # noqa: E731
    return (
        template.format(
            n=pick(params.SURNAMES),
            p=pick(params.PLACES),
            s=pick(params.SCHOOLS),
            pro=pick(params.PROFESSIONALS),
            sys=pick(params.SYSTEMS),
        )
        .replace("  ", " ")
        .strip(" -")
    )


def test_every_simulator_phrase_template_with_every_word():
    rows = [
        (task, style(render(tpl, i)))
        for task, templates in params.PHRASES.items()
        for tpl in templates
        for i in range(len(params.SURNAMES))
        for style in (str, str.lower, str.upper)
    ]
    frame = pd.DataFrame(rows, columns=["expected", "activity"]).drop_duplicates()
    out = categorise(frame)
    wrong = out[out["task_type"] != out["expected"]]
    assert wrong.empty, wrong.head(20).to_string()
    assert not coverage(frame).ambiguous.shape[0]


# Real-world diary texts (abbreviations, systems, precedence traps) -> expected task type.
REAL_WORLD = {
    "SV - Smith": "statutory_visit",
    "SV Jones (CP)": "statutory_visit",
    "ICPC": "initial_cp_conference",
    "ICPC - Begum children": "initial_cp_conference",
    "RCPC": "review_cp_conference",
    "writing up C&F": "assessment_writeup",
    "C&F assessment visit": "assessment_visit",
    "travel to Leeds": "travel",
    "travel to CLA visit": "travel",
    "drive to court": "travel",
    "train back from London": "travel",
    "LAC review": "cla_review",
    "CLA review - YP": "cla_review",
    "YP": "direct_work_session",
    "visit to YP": "statutory_visit",
    "s.47": "s47_enquiry",
    "S47 joint visit with police": "s47_enquiry",
    "section 47 enquiry": "s47_enquiry",
    "strat": "strategy_meeting",
    "s47 strat discussion": "strategy_meeting",
    "supervision w/ TM": "supervision",
    "lunch": "break",
    "A/L": "leave",
    "AL": "leave",
    "TOIL": "toil",
    "off sick": "sickness",
    "LCS": "case_notes",
    "Mosaic": "case_notes",
    "Liquidlogic": "case_notes",
    "Eclipse": "case_notes",
    "CareFirst": "case_notes",
    "case notes on LCS": "case_notes",
    "Mosaic down": "it_problems",
    "LCS training": "training",
    "write up SV Smith": "case_notes",
    "writing up home visit": "case_notes",
    "report for conference": "conference_report",
    "RCPC report": "conference_report",
    "court statement": "court_statement",
    "SWET final hearing": "court_statement",
    "court hearing": "court_hearing",
    "IRH": "court_hearing",
    "PLO": "plo_meeting",
    "core group": "core_group",
    "CIN review": "cin_review",
    "liaison with IRO": "professional_liaison",
    "looked after review with IRO": "cla_review",
    "call to GP re Smith": "professional_liaison",
    "emails to school re attendance": "professional_liaison",
    "referral to CAMHS": "referral",
    "phone call with mum": "family_contact",
    "emails": "email_admin",
    "mileage claim": "email_admin",
    "s17 payment": "payments",
    "team mtg": "team_meeting",
    "e-learning": "training",
    "updating chronology": "chronology",
    "pathway plan": "care_plan",
    "1:1 supervision": "supervision",
    "1:1 session with YP": "direct_work_session",
    "supervised contact": "supervised_contact",
    "unannounced HV": "unannounced_visit",
    "child seen alone": "statutory_visit",
    "no answer at door": "no_access_visit",
    "phone mum": "family_contact",
    "rang school": "professional_liaison",
    "chasing CAMHS": "professional_liaison",
    "meeting at school": "professional_liaison",
    "family group conference": "family_meeting",
    "prep for court": "court_statement",
    "preparing for conference": "conference_report",
    "closure summary": "case_notes",
    "EDT": "duty",
    "arranging core group": "email_admin",
    "supervising student": "training",
    "car": "travel",
    "dentist": "leave",
}


def test_real_world_texts():
    frame = pd.DataFrame({"activity": list(REAL_WORLD)})
    got = dict(zip(frame["activity"], categorise(frame)["task_type"], strict=True))
    wrong = {k: (got[k], v) for k, v in REAL_WORLD.items() if got[k] != v}
    assert not wrong, wrong


def test_precedence_column_then_code_then_text():
    eps = pd.DataFrame(
        {
            "task_type": ["court_hearing", None, None, "Statutory visit", "stat_visit", None],
            "activity_code": ["SV", "SV", None, None, "TRV", "??"],
            "activity": ["lunch", "lunch", "lunch", "", "lunch", "lunch"],
            "duration_min": [10.0, 20, 30, 40, 50, 60],
        }
    )
    with pytest.warns(DataQualityWarning) as caught:
        out = categorise(eps)
    assert out["task_type"].tolist() == [
        "court_hearing",
        "statutory_visit",
        "break",
        "statutory_visit",
        "travel",
        "break",
    ]
    assert out["rule"].tolist() == [
        "column:task_type",
        "code:SV",
        "pattern:break:lunch(?:\\s*(?:break|hour))?",
        "column:task_type",
        "code:TRV",
        "pattern:break:lunch(?:\\s*(?:break|hour))?",
    ]
    messages = " ".join(str(w.message) for w in caught)
    assert (
        "task_type values are not in taxonomy" in messages and "'stat_visit' (1 rows)" in messages
    )
    assert "activity codes are not in taxonomy" in messages and "'??'" in messages
    report = coverage(eps)
    assert report.unknown_task_types["value"].tolist() == ["stat_visit"]
    assert report.unknown_codes["value"].tolist() == ["??"]


def test_uncategorised_are_reported_by_minutes_using_counted_min():
    eps = pd.DataFrame(
        {
            "activity": ["SV - Smith", "xyzzy", "xyzzy", "plugh", None],
            "duration_min": [60.0, 10, 10, 45, 5],
            "counted_min": [60.0, 10, 10, 30, 5],
        }
    )
    out, report = categorise_and_report(eps)
    assert out["task_type"].tolist()[1:] == ["uncategorised"] * 4
    assert (out["category"].iloc[1:] == "uncategorised").all()
    assert (out["rule"].iloc[1:] == "uncategorised").all()
    assert report.uncategorised["activity"].tolist() == ["plugh", "xyzzy", "(blank)"]
    assert report.uncategorised["minutes"].tolist() == [30.0, 20.0, 5.0]
    assert report.share_minutes_categorised == pytest.approx(60 / 115)
    assert report.share_episodes_categorised == pytest.approx(0.2)
    assert report.by_category.loc["uncategorised", "minutes"] == 55


def test_ties_of_equal_priority_are_reported():
    data = {
        "name": "tie",
        "categories": [{"id": "a", "label": "A", "counts_as_work": True}],
        "task_types": [
            {"id": "first", "label": "F", "category": "a", "priority": 5, "patterns": ["visit"]},
            {"id": "second", "label": "S", "category": "a", "priority": 5, "patterns": ["home"]},
        ],
    }
    tax = Taxonomy.from_dict(data)
    eps = pd.DataFrame({"activity": ["home visit", "visit", "home"], "duration_min": [5, 5, 5]})
    out, report = categorise_and_report(eps, tax)
    assert out["task_type"].tolist() == ["first", "first", "second"]
    assert report.ambiguous[["activity", "task_type", "tied_with"]].values.tolist() == [
        ["home visit", "first", "second"]
    ]
    assert coverage(out, tax).ambiguous["activity"].tolist() == ["home visit"]


def test_input_untouched_and_columns_placed():
    eps = pd.DataFrame(
        {
            "worker_id": ["W1"],
            "activity": ["SV"],
            "activity_code": ["SV"],
            "case_id": ["C1"],
            "category": ["old"],
        }
    )
    before = eps.copy()
    out = categorise(eps)
    pd.testing.assert_frame_equal(eps, before)
    assert list(out.columns) == [
        "worker_id",
        "activity",
        "activity_code",
        "task_type",
        "category",
        "rule",
        "case_id",
    ]


def test_code_only_task_type_only_numeric_codes_and_errors():
    assert categorise(pd.DataFrame({"activity_code": [" sv ", "trv"]}))["task_type"].tolist() == [
        "statutory_visit",
        "travel",
    ]
    assert categorise(pd.DataFrame({"task_type": ["travel"]}))["rule"].tolist() == [
        "column:task_type"
    ]
    data = {
        "name": "num",
        "categories": [{"id": "a", "label": "A", "counts_as_work": True}],
        "task_types": [{"id": "t", "label": "T", "category": "a", "codes": [101]}],
    }
    eps = pd.DataFrame({"activity_code": [101.0, np.nan]})
    assert categorise(eps, Taxonomy.from_dict(data))["rule"].tolist() == [
        "code:101",
        "uncategorised",
    ]
    with pytest.raises(TimestudyError, match=r"at least one of the columns `task_type`"):
        categorise(pd.DataFrame({"text": ["SV"]}))
    with pytest.raises(TimestudyError, match=r"must be a pandas DataFrame, not list"):
        categorise(["SV"])


def test_empty_frame():
    out, report = categorise_and_report(pd.DataFrame({"activity": pd.Series([], dtype="str")}))
    assert len(out) == 0 and list(out.columns) == ["activity", "task_type", "category", "rule"]
    assert report.n_episodes == 0


def test_report_displays(small_study, tmp_path):
    report = coverage(small_study.diary)
    assert isinstance(report, CategoriseReport)
    assert report.summary().loc["share of time categorised", "value"] > 0.97
    assert {"rule", "task_type", "episodes", "minutes"} <= set(report.to_frame().columns)
    assert report.to_frame()["episodes"].sum() == len(small_study.diary)
    assert "Coverage of uk_children_social_work" in report._repr_html_()
    assert "share of time categorised" in repr(report)
    ax = report.plot()
    assert ax.get_xlabel() == "share of time"
    assert report.write(tmp_path / "r.json").read_text().startswith("{")
    assert "<table" in report.write(tmp_path / "r.html").read_text()


def test_healthcare_taxonomy_on_observation_notes():
    notes = pd.DataFrame(
        {
            "activity": [
                "meds round",
                "handover",
                "documenting on EPR",
                "walking to pharmacy",
                "lunch",
                "obs bed 3",
            ]
        }
    )
    out = categorise(notes, "healthcare_observation")
    assert out["category"].tolist() == [
        "direct_work",
        "admin",
        "recording",
        "travel",
        "non_work",
        "direct_work",
    ]


# --- properties ------------------------------------------------------------------------
texts = st.one_of(
    st.none(),
    st.text(max_size=80),
    st.sampled_from(list(REAL_WORLD) + ["", "  ", "SV" * 300, "a" * 5000]),
)


@given(
    st.lists(
        st.tuples(
            texts, st.one_of(st.none(), st.text(max_size=6)), st.floats(0, 600, allow_nan=False)
        ),
        max_size=25,
    )
)
def test_never_crashes_keeps_rows_and_always_sets_a_rule(rows):
    eps = pd.DataFrame(rows, columns=["activity", "activity_code", "duration_min"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out, report = categorise_and_report(eps)
    assert len(out) == len(eps)
    assert out["rule"].notna().all() and (out["rule"] != "").all()
    tax = load_taxonomy()
    assert set(out["task_type"]) <= set(tax.task_ids) | {"uncategorised"}
    assert set(out["category"]) <= set(tax.category_ids) | {"uncategorised"}
    assert report.by_source["episodes"].sum() == len(eps)
    assert ((out["task_type"] == "uncategorised") == (out["rule"] == "uncategorised")).all()


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["travel", "Travel", "x"])),
            st.one_of(st.none(), st.text(max_size=4), st.sampled_from(["SV", "sv ", "ZZ"])),
            texts,
        ),
        max_size=15,
    )
)
def test_any_task_type_code_and_text_give_one_known_answer(rows):
    eps = pd.DataFrame(rows, columns=["task_type", "activity_code", "activity"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out = categorise(eps)
    assert len(out) == len(eps) and list(out.index) == list(eps.index)
    by_column = (out["rule"] == "column:task_type").to_numpy()
    tax = load_taxonomy()  # a task type id or label, ignoring case and surrounding space
    names = {t.id for t in tax.task_types} | {t.label.lower() for t in tax.task_types}
    known = [isinstance(v, str) and v.strip().lower() in names for v in eps["task_type"]]
    assert (by_column == np.array(known, dtype=bool)).all()
    assert out["rule"].str.match(r"^(column:task_type|code:.+|pattern:\w+:.+|uncategorised)$").all()


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", object])
def test_coverage_codes_texts_as_pandas_factorize_does(dtype):
    import pyarrow as pa

    from timestudy.categorise.coverage_report import _factorize_text

    chunks = [["SV Smith", None, "lunch", " SV Smith"], [], ["lunch", "", None, "ICPC"]]
    if dtype == "str":  # Arrow text in several chunks, as read from a file
        values = pd.Series(pd.array(pa.chunked_array(chunks, pa.large_string()), dtype="str"))
    else:
        values = pd.Series([v for c in chunks for v in c], dtype=dtype)
    codes, texts = _factorize_text(values)
    want_codes, want = pd.factorize(values, use_na_sentinel=True)
    assert codes.tolist() == want_codes.tolist() == [0, -1, 1, 2, 1, 3, -1, 4]
    assert texts == [str(u) for u in want] == ["SV Smith", "lunch", " SV Smith", "", "ICPC"]
