"""Display rows from a guide: each figure with its interval, or the reason it is missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import (
    count_words,
    shown_count,
)
from timestudy.guide import TimeGuide
from timestudy.report.format import (
    NOT_ESTIMATED,
    interval,
    number,
    percent,
)
from timestudy.report.labels import (
    case_type_label,
    category_label,
    humanise,
    plain_reason,
    task_label,
    term_label,
)
from timestudy.report.task_parts import missing_parts, part_reasons, task_counts


def published_counts(r: pd.Series, pieces: str) -> tuple:
    """A row's count of ``pieces`` (pieces of work, cases) and of workers as published. The
    guide's tables carry their counts as guide.json publishes them (the count rule applied
    once, :func:`timestudy.guide.counts.published_counts`): the pieces where they rest
    on ``min_workers`` workers or more (else NaN: None here), the workers as a number or in
    words ("fewer than 5 of 8", "at least 5 of 8"): the row is read as it is, the rule
    having been applied by the guide's ``meta`` already.

    Examples
    --------
    >>> published_counts(pd.Series({"n_pieces": np.nan, "n_workers": np.nan,
    ...                             "n_workers_words": "fewer than 5 of 8"}), "n_pieces")
    (None, 'fewer than 5 of 8')
    >>> published_counts(pd.Series({"n_pieces": 40, "n_workers": 8}), "n_pieces")
    (40, '8')
    """
    p = r.get(pieces)
    return (None if p is None or pd.isna(p) else int(p)), shown_count(r, "n_workers")


def published_cases(guide: TimeGuide) -> pd.Series:
    """The case types' counts of cases as published (guide.json's ``n_cases``): by
    :func:`~timestudy._lib.disclose.pieces_counts`, the total ``meta.n_cases`` being
    published."""
    c = guide.case_types
    if "n_cases" not in c:
        return pd.Series(np.nan, index=c.index)
    return pd.to_numeric(c["n_cases"], errors="coerce").astype(float)


def suppressed_keys(guide: TimeGuide, *tables: str) -> set[str]:
    return set(guide.reasons(*tables))


#: The guide's record of a case type whose uplift and should figure are withheld while its
#: measured figure is shown (with the uplift they would give a withheld cell back).
SHOULD_TABLE = "case_types.uplift"


def missing_text(keys: set[str], key) -> str:
    return "not shown" if (str(key) in keys or "*" in keys) else NOT_ESTIMATED


def estimate_cell(row: pd.Series, name: str, digits: int, missing: str, share: bool = False) -> tuple:
    """An estimate and its interval as text; the interval bounded at zero (none of the
    guide's figures can be negative)."""
    v = row.get(name)
    shown = percent(v, digits, missing=missing) if share else number(v, digits, missing=missing)
    low = row.get(f"{name}_ci_low")
    low = max(float(low), 0.0) if low is not None and np.isfinite(float(low)) else low
    return shown, interval(low, row.get(f"{name}_ci_high"), digits if not share else 0,
                           share=share)


def not_shown_note(guide: TimeGuide, table: str, keys, name=str) -> str:
    """A table note: which rows are not shown, and why, in plain words."""
    why = guide.reasons(table)
    name = _cut(name)  # a label in a sentence: a long value (free text typed as a key) cut
    items = [f"{name(k)} ({plain_reason(why[str(k)], table)})" for k in keys if str(k) in why]
    if "*" in why:
        return f"Not shown: every figure ({plain_reason(why['*'], 'all')})."
    if table == "case_types":  # a should figure withheld beside its measured one, shown
        should = guide.reasons(SHOULD_TABLE)
        items += [f"{name(k)}: the uplift and the hours per case-month (should) "
                  f"({plain_reason(should[str(k)], SHOULD_TABLE)})"
                  for k in keys if str(k) in should and str(k) not in why]
    if table == "tasks":  # a time per piece or full hours withheld, the row shown
        items += [f"{name(k)}: {why}" for k, why in part_reasons(guide, keys).items()]
    return ("Not shown: " + "; ".join(items) + ".") if items else ""


#: Characters of a row's label kept in a note's sentence.
NOTE_LABEL_CHARS = 60


def _cut(name):
    """``name`` with its labels cut to :data:`NOTE_LABEL_CHARS` characters.

    Examples
    --------
    >>> _cut(str)("L" * 100)[-3:], len(_cut(str)("L" * 100)), _cut(str)("CIN")
    ('LL…', 60, 'CIN')
    """
    def cut(key) -> str:
        text = str(name(key))
        return text if len(text) <= NOTE_LABEL_CHARS else text[: NOTE_LABEL_CHARS - 1] + "…"
    return cut


#: The columns of a guide's task table that the report and the workbook read without
#: asking whether they are there (those they ask for, such as ``sittings_per_piece``, are
#: not added: a guide that lacks them is shown as before).
TASK_COLUMNS = ("category", "direct_minutes", "direct_minutes_ci_low", "direct_minutes_ci_high",
                "full_hours", "full_hours_ci_low", "full_hours_ci_high", "full_hours_regression",
                "full_hours_regression_ci_low", "full_hours_regression_ci_high",
                "n_pieces", "n_workers", "hours_per_fte_week", "uplift", "full_hours_should")


def with_task_columns(guide: TimeGuide) -> TimeGuide:
    """The guide with every column of :data:`TASK_COLUMNS` in its task table, blank where
    it lacks one (the guide itself when it lacks none).

    A guide calibrated to a reference that publishes no per-task table has no task rows,
    and a guide.json with ``"tasks": []`` reads back with the estimates' columns only:
    the report says so ("(none)") instead of stopping at the first column it lacks.

    Examples
    --------
    >>> from timestudy.guide import TimeGuide
    >>> g = TimeGuide({}, pd.DataFrame(), *[pd.DataFrame()] * 6)
    >>> with_task_columns(g).tasks.columns.tolist()[:2], len(with_task_columns(g).tasks)
    (['category', 'direct_minutes'], 0)
    """
    missing = [c for c in TASK_COLUMNS if c not in guide.tasks.columns]
    if not missing:
        return guide
    return guide.derive(tasks=guide.tasks.reindex(columns=[*guide.tasks.columns, *missing]))


def frame_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(object) if rows else pd.DataFrame()


def provenance(guide: TimeGuide) -> list[tuple[str, str]]:
    """Where the guide's figures come from: one ``(item, value)`` pair per line."""
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    rows = [
        ("timestudy version", str(m.get("version", ""))),
        ("created", str(m.get("created", ""))),
        ("data fingerprint", str(m.get("data_fingerprint", ""))),
        ("diary period", f"{period[0]} to {period[1]}"),
        ("workers", str(m.get("n_workers", ""))),
        ("diary entries", number(m.get("n_episodes"), 0)),
        ("cases", number(m.get("n_cases"), 0)),
        ("taxonomy", humanise(m.get("taxonomy", ""))),
        (
            "intervals",
            f"{percent(m.get('level', 0.95))}, worker bootstrap of "
            f"{m.get('n_boot', '?')} replicates",
        ),
        (
            "disclosure threshold",
            f"figures from fewer than {m.get('min_workers', 5)} workers suppressed",
        ),
    ]
    if guide.adjustments is not None:
        a = guide.adjustments
        rows.append(
            (
                "uplifts (should)",
                f"{a.source} ({humanise(a.method).lower()}"
                + (f", {a.date}" if a.date else "") + ")",
            )
        )
    return rows


# ------------------------------------------------------------------ sections from a guide
def available_rows(guide: TimeGuide) -> list[dict]:
    av = guide.available_table()  # the should rows (uplifts on non-case work), as capacity
    uplifted = av is not guide.available
    if uplifted:  # the measured figure beside the one the capacity figures use
        av.loc["_measured_week"] = guide.available.loc["available_case_hours_per_fte_week"]
        if "non_case_hours_per_fte_week" in guide.available.index:
            av.loc["_measured_non_case"] = guide.available.loc["non_case_hours_per_fte_week"]
    # withheld: the whole table ("available") or the out-of-hours hours with their share
    # ("available_hours"), "not shown" as in every table (missing_text)
    withheld = set(guide.reasons("available", "available_hours"))
    out = []
    # every row the uplifts changed (the should figures) says so, not only the first
    should = set(guide.available_hours(True).index) if uplifted else set()
    with_uplifts = " (with the uplifts on non-case work)"
    for key, name, scale in (
        ("available_case_hours_per_fte_week", "hours for casework per FTE-week", 1),
        ("_measured_week", "hours for casework per FTE-week (measured)", 1),
        ("available_case_hours_per_fte_year", "hours for casework per FTE-month", 1 / 12),
        ("available_case_hours_per_fte_year", "hours for casework per FTE-year", 1),
        ("hours_worked_per_fte_week", "hours worked per FTE-week (measured)", 1),
        (
            "out_of_hours_per_fte_week",
            "of which out of hours (outside working hours, a weekend day not contracted, or a "
            "bank holiday not worked as a day at work)",
            1,
        ),
        ("non_case_hours_per_fte_week", "hours of work not linked to a case per FTE-week", 1),
        ("_measured_non_case", "hours of work not linked to a case per FTE-week (measured)",
         1),
    ):
        if key not in av.index:
            continue
        r = av.loc[key] * scale
        gone = missing_text(withheld, {"_measured_week": "available_case_hours_per_fte_week",
                                       "_measured_non_case": "non_case_hours_per_fte_week"
                                       }.get(key, key))  # a measured one: as its should
        if key == "out_of_hours_per_fte_week" and gone == NOT_ESTIMATED:
            gone = "not known (no time of day in the diary)"  # not withheld: not measurable
        out.append(
            {
                "figure": name + (with_uplifts if key in should else ""),
                "estimate": number(r["estimate"], 1, missing=gone),
                "interval": interval(r["ci_low"], r["ci_high"]),
            }
        )
    return out


def holders_words(guide: TimeGuide, where: str = "here") -> str:
    """A sentence saying whose hours the time available is measured over when workers whose
    role holds no caseload were left out of it (an out-of-hours duty worker), with the count
    of them as the count rule publishes it (:func:`~timestudy._lib.disclose.count_words`);
    "" when none was. ``where``: ``here`` (the time available's note) or ``above`` (the
    tables of every worker's time).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"n_workers": 12, "min_workers": 5, "available_assumptions":
    ...     {"case_holding_workers": 11, "workers_left_out": 1}})
    >>> print(holders_words(g))
     Measured over the case-holding workers: fewer than 5 of 12 workers, whose role holds no caseload, are left out here (their hours count in the tables of where the time goes, out of hours included).
    """
    meta = getattr(guide, "meta", {}) or {}
    a = meta.get("available_assumptions") or {}
    out, total = int(a.get("workers_left_out") or 0), int(meta.get("n_workers") or 0)
    if not out or not total:
        return ""
    words = count_words(out, total, int(meta.get("min_workers") or 5)) or "some"
    if where == "above":
        return (f" These shares are of every worker's time: {words} workers, whose role holds "
                "no caseload, are in them, and left out of the time available for casework "
                "above.")
    return (f" Measured over the case-holding workers: {words} workers, whose role holds no "
            "caseload, are left out here (their hours count in the tables of where the time "
            "goes, out of hours included).")


def available_note(guide: TimeGuide) -> str:
    """The note of the table of time available: what its figures are, then what it does
    not show and why, as every table's note says it (:func:`not_shown_note`): every
    figure, or the out-of-hours hours, which with the hours worked give the out-of-hours
    share and are withheld with it."""
    note = ("Contracted hours less the work not linked to cases, over the weeks of a year "
            "not taken by leave, bank holidays, sickness, training and other days."
            + holders_words(guide))
    why = guide.reasons("available", "available_hours")
    if "*" in why:
        return f"{note} Not shown: every figure ({plain_reason(why['*'], 'available')})."
    if "out_of_hours_per_fte_week" not in why:
        return note
    share = guide.reasons("category_shares").get("out_of_hours")
    return (f"{note} Not shown: out of hours (with the hours worked it would give the share "
            "of the time worked that was out of hours, which is not shown"
            + (f": {plain_reason(share, 'category_shares')})." if share else ")."))


def case_rows(guide: TimeGuide, short: bool = False) -> list[dict]:
    """Hours per case-month by case type (``short``: the headline columns only)."""
    keys = suppressed_keys(guide, "case_types")
    should_keys = suppressed_keys(guide, "case_types", SHOULD_TABLE)  # the should too
    rows, n_cases = [], published_cases(guide)
    for k, r in guide.case_types.iterrows():
        miss, miss_should = missing_text(keys, k), missing_text(should_keys, k)
        is_, is_ci = estimate_cell(r, "hours_per_case_month", 1, miss)
        row = {"case type": case_type_label(k)}
        if not short:
            workers = published_counts(r, "n_cases")[1]
            row |= {"cases": number(n_cases[k], 0, missing="not shown"), "workers": workers,
                    "case-months": number(r.get("case_months"), 1, missing=miss)}
        row |= {
            "hours per case-month (is)": is_,
            "interval": is_ci,
            "uplift": number(r.get("uplift"), 2, missing=miss_should),
            "hours per case-month (should)": number(
                r.get("hours_per_case_month_should"), 1, missing=miss_should),
        }
        rows.append(row)
    return rows


def weight_rows(guide: TimeGuide) -> list[dict]:
    """Relative weights and the event-based check, by case type."""
    keys = suppressed_keys(guide, "case_types")
    ref = guide.meta.get("reference_case_type")
    rows = []
    for k, r in guide.case_types.iterrows():
        miss = missing_text(keys, k)
        rw, rw_ci = estimate_cell(r, "relative_weight", 2, miss)
        ev, ev_ci = estimate_cell(r, "event_hours_per_case_month", 1, miss)
        rows.append({"case type": case_type_label(k),
                     f"relative weight (to {case_type_label(ref)})": rw, "interval": rw_ci,
                     "event-based hours per case-month": ev, "event-based interval": ev_ci})
    return rows


#: What a travel or notes row with time but no piece of its own says of its pieces: every
#: entry was claimed by a piece (a journey to a visit, the notes after it) and is in that
#: piece's full hours (the row's pieces and time per piece count only what no piece claims).
ALL_CLAIMED = "0 of its own: all in other pieces' full hours"


def all_claimed(row: pd.Series) -> bool:
    """True for a task with time but no piece of its own (travel or notes all claimed).

    Examples
    --------
    >>> all_claimed(pd.Series({"n_pieces": 0, "hours_per_fte_week": 5.83}))
    True
    >>> all_claimed(pd.Series({"n_pieces": 0, "hours_per_fte_week": np.nan}))  # withheld
    False
    """
    hours = pd.to_numeric(pd.Series([row.get("hours_per_fte_week")]), errors="coerce").iloc[0]
    return row.get("n_pieces") == 0 and bool(np.isfinite(hours) and hours > 0)


def task_rows(guide: TimeGuide) -> list[dict]:
    """Time per piece of work: sittings, direct minutes and full hours with intervals, should,
    whether the regression disagrees, pieces and workers. A travel or notes row counts only
    its pieces of their own; with none (all claimed) its pieces say so (:data:`ALL_CLAIMED`)."""
    m = guide.meta
    rows = []
    for k, r in guide.tasks.sort_values(["category"]).iterrows():
        miss, miss_full = missing_parts(guide, k)  # "not shown" withheld, whole or in part
        d, d_ci = estimate_cell(r, "direct_minutes", 0, miss)
        f, f_ci = estimate_cell(r, "full_hours", 2, miss_full)
        pieces, workers = task_counts(guide, k, r)
        rows.append({
            "task": task_label(k, m),
            "category": category_label(r["category"], m),
            "sittings per piece": number(r.get("sittings_per_piece"), 1, missing=miss),
            "direct minutes": d + (f" ({d_ci})" if d_ci else ""),
            "full hours": f,
            "interval": f_ci,
            "should": number(r.get("full_hours_should"), 2, missing=miss_full),
            "two estimates": _disagree(r),
            "pieces of work": ALL_CLAIMED if all_claimed(r) else number(
                pieces, 0, missing="not shown"),
            "workers": workers,
        })
    return rows


def _disagree(r: pd.Series) -> str:
    """"differ" where the full hours by attribution and by regression have intervals apart."""
    flag = r.get("estimates_disagree")
    return "differ" if (flag is not None and pd.notna(flag) and bool(flag)) else ""


def regression_rows(guide: TimeGuide) -> list[dict]:
    """The regression check of full hours per piece of work, where it could be estimated."""
    keys = suppressed_keys(guide, "tasks")
    m = guide.meta
    rows = []
    for k, r in guide.tasks.iterrows():
        if not np.isfinite(float(r.get("full_hours_regression", np.nan))):
            continue
        g, g_ci = estimate_cell(r, "full_hours_regression", 2, missing_text(keys, k))
        f, f_ci = estimate_cell(r, "full_hours", 2, missing_parts(guide, k)[1])
        rows.append({"task": task_label(k, m), "full hours (pieces of work)": f,
                     "interval": f_ci, "full hours (regression)": g,
                     "interval (bounded at zero)": g_ci, "two estimates": _disagree(r)})
    return rows


def share_rows(guide: TimeGuide) -> list[dict]:
    keys = suppressed_keys(guide, "category_shares")
    # out of hours not withheld yet missing: a diary without times (not measurable)
    unknown = "not known (no time of day in the diary)"
    return [
        {
            "category": category_label(k, guide.meta),
            "share of time worked": percent(r["share"], 0, missing=unknown if (
                k == "out_of_hours" and missing_text(keys, k) == NOT_ESTIMATED)
                else missing_text(keys, k)),
            "interval": interval(r["share_ci_low"], r["share_ci_high"], share=True),
        }
        for k, r in guide.category_shares.iterrows()
    ]


def multiplier_rows(guide: TimeGuide) -> list[dict]:
    keys = suppressed_keys(guide, "multipliers")
    rows = []
    for k, r in guide.multipliers.iterrows():
        digits = 2 if k == "baseline_hours_per_month" else 3
        rows.append(
            {
                "term": term_label(k),
                # each term withheld by its own key ("case_type=CLA"), or all ("*")
                "multiplier": number(r["multiplier"], digits, missing=missing_text(keys, k)),
                "interval": interval(r["ci_low"], r["ci_high"], digits),
            }
        )
    return rows


def study_mix(guide: TimeGuide) -> pd.Series:
    return guide.case_types["case_months"].astype(float)


#: The row of the diary period's mix, said so that no reader takes it for the headline's
#: figure (the caseload open on one day).
DIARY_MIX = "the diary period's mix (case-months)"


def guide_max_caseload(guide: TimeGuide) -> pd.DataFrame:
    """The most cases per FTE for each case type alone and for the diary period's mix
    ("should"): guide.json's ``max_cases_per_fte`` (:meth:`TimeGuide.max_cases_per_fte`)."""
    m = guide.max_cases_per_fte()
    if not m:
        return pd.DataFrame(columns=["case_mix", "max_cases_per_fte"])
    rows = [(f"{case_type_label(k)} cases only", v) for k, v in m["by_case_type"].items()]
    rows.append((DIARY_MIX, m["case_months_mix"]))
    return pd.DataFrame(rows, columns=["case_mix", "max_cases_per_fte"])
