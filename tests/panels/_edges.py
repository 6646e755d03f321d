"""Helpers of the exposure-edge tests: one worker-day of the audit's pattern (audit23p)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from timestudy.panels import case_month, diary_completeness

FIRST, LAST = dt.date(2026, 10, 12), dt.date(2026, 10, 30)  # Monday to Friday, 3 weeks


def weekdays(first: dt.date = FIRST, last: dt.date = LAST) -> list[dt.date]:
    return [d.date() for d in pd.bdate_range(first, last)]


def row(w: str, d: dt.date, start: str, end: str, task: str, case: str | None = None,
        category: str | None = None) -> tuple:
    """One entry; its category the task's own unless given (``non_work`` for a break,
    leave or sickness)."""
    cat = category or ("non_work" if task in ("break", "leave", "sickness") else task)
    return (w, d, start, end, task, cat, case)


def std(w: str, d: dt.date, a: str, b: str) -> list[tuple]:
    """The audit's standard day: 1 h admin, 2 h visit on ``a``, a 30-minute break, 4.4 h
    notes on ``b`` (09:00-16:54, 7.4 h at work)."""
    return [row(w, d, "09:00", "10:00", "email_admin"),
            row(w, d, "10:00", "12:00", "statutory_visit", a),
            row(w, d, "12:00", "12:30", "break"),
            row(w, d, "12:30", "16:54", "case_notes", b)]


def frame(rows: list[tuple]) -> pd.DataFrame:
    w, d, s, e, task, cat, case = zip(*rows, strict=True)
    start = pd.to_datetime([f"{x} {y}" for x, y in zip(d, s, strict=True)])
    end = pd.to_datetime([f"{x} {y}" for x, y in zip(d, e, strict=True)])
    return pd.DataFrame({"worker_id": list(w), "start": start, "end": end,
                         "duration_min": (end - start).total_seconds() / 60,
                         "task_type": list(task), "category": list(cat), "case_id": list(case)})


def workers(*rows: tuple) -> pd.DataFrame:
    """(worker_id, fte, workdays[, joined[, left]]) rows; 37 x fte contracted hours."""
    out = pd.DataFrame([r + (None,) * (5 - len(r)) for r in rows],
                       columns=["worker_id", "fte", "workdays", "joined", "left"])
    return out.assign(contracted_hours=37.0 * out["fte"],
                      joined=pd.to_datetime(out["joined"]), left=pd.to_datetime(out["left"]))


def cases(*rows: tuple) -> pd.DataFrame:
    """(case_id, case_type, worker_id) rows, open throughout."""
    return pd.DataFrame(rows, columns=["case_id", "case_type", "worker_id"]).assign(
        opened=pd.NaT, closed=pd.NaT)


def per_case(rows: list[tuple], c: pd.DataFrame, w: pd.DataFrame) -> pd.DataFrame:
    """``case_month`` of the diary ``rows``, indexed by ``case_id``."""
    e = frame(rows)
    return case_month(e, c, workers=w, days=diary_completeness(e, w)).set_index("case_id")


def by_type(rows: list[tuple], c: pd.DataFrame, w: pd.DataFrame) -> pd.Series:
    """Hours per case-month by case type (the guide's ratio of sums)."""
    s = per_case(rows, c, w).groupby("case_type")[["hours", "case_months"]].sum()
    return s["hours"] / s["case_months"]
