"""The rejects table of a diary's read: every failure of the text check and of the times
(:func:`all_failures`), counted by reason (:func:`rejects_by_reason`), and the table a
user reads (:func:`rejects_table`: each rejected row as the file wrote it, its line, column,
reason and code; :func:`no_rejects` when none is)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.files import RawTable, problem_code
from timestudy.schema import parse
from timestudy.schema.tables import CheckResult

#: The columns a rejects table adds to the file's own (named ``... (input)`` when the file
#: has one of them).
REJECT_COLUMNS = ("source_row", "column", "reason", "code")


def all_failures(checked: CheckResult, times, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Every failure of the text check and of the times, and which rows failed."""
    failures = pd.concat(
        [checked.failures.drop(columns="source_row").assign(row=checked.rows), *times.failures],
        ignore_index=True,
    )
    bad = np.zeros(n, bool)
    bad[failures["row"].to_numpy(np.int64)] = True
    unresolved = ~bad & (np.isnat(times.start) | np.isnat(times.end) | np.isnan(times.minutes))
    if unresolved.any():  # a safety net: no row without usable times is ever accepted
        failures = pd.concat([failures, _unresolved(unresolved)], ignore_index=True)
        bad |= unresolved
    return failures, bad


def rejects_by_reason(failures: pd.DataFrame, raw: RawTable) -> dict[str, int]:
    """Failures by code, rows the reader could not split included."""
    by_reason = failures["code"].value_counts().to_dict()
    for problem in raw.problems:
        code = problem_code(problem)
        by_reason[code] = by_reason.get(code, 0) + 1
    return {k: int(v) for k, v in sorted(by_reason.items())}


def _which_run(runs: pd.DataFrame) -> np.ndarray:
    """`` (slots Main1-Main18: 'sleep')``: which run of a slot diary's line a reject is, as
    a line of a grid holds many (its slots, and its activity where there is one)."""
    span = runs["slots"].astype("string").fillna("").to_numpy(object)
    what = (runs["activity"].astype("string").fillna("").to_numpy(object)
            if "activity" in runs else np.full(len(runs), "", object))
    return np.array(["" if not s else f" (slots {s}: {a!r})" if a else f" (slots {s})"
                     for s, a in zip(span, what, strict=True)], dtype=object)


def rejects_table(
    failures: pd.DataFrame, raw: RawTable, origin: np.ndarray, work: pd.DataFrame | None,
    labels: dict[str, str],
) -> pd.DataFrame:
    headers = [str(c) for c in raw.frame.columns]
    out_names = {h: (f"{h} (input)" if h in REJECT_COLUMNS else h) for h in headers}
    pos = failures["row"].to_numpy(np.int64)
    if not len(pos) and not raw.problems:  # nothing rejected (most diaries): the empty table
        return no_rejects([*out_names.values()])
    rows = origin[pos] if len(pos) else np.array([], dtype=np.int64)
    echoed = raw.echo(raw.source_row[rows]) if raw.echo is not None and len(rows) else {}
    original = {  # (taking no rows from a long column is not free: skip it)
        out_names[h]: echoed[h]
        if h in echoed
        else parse.as_text(raw.frame[h].iloc[rows]).to_numpy(object)
        if len(rows)
        else np.array([], object)
        for h in headers
    }
    table = pd.DataFrame(original)
    table["source_row"] = raw.source_row[rows].astype(np.int64)
    table["column"] = [labels.get(c, c) for c in failures["column"]]
    table["reason"] = _reasons_as_written(failures, table["column"], echoed, raw, rows)
    if work is not None and "slots" in work and len(pos):  # one line of a slot grid: many runs
        table["reason"] = table["reason"] + _which_run(work.iloc[pos])
    table["code"] = failures["code"].to_numpy(object)
    extra = []
    for problem in raw.problems:
        number, fields, reason = problem[:3]
        row = {out_names[h]: (fields[i] if i < len(fields) else "") for i, h in enumerate(headers)}
        extra.append(
            {
                **row,
                "source_row": number,
                "column": "",
                "reason": reason,
                "code": problem_code(problem),
            }
        )
    if extra:
        table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True)
    table = table.sort_values(["source_row"], kind="stable").reset_index(drop=True)
    for col in table.columns:
        if col != "source_row":
            table[col] = table[col].astype("string")
    table["source_row"] = table["source_row"].astype(np.int64)
    return table


def no_rejects(columns: list[str]) -> pd.DataFrame:
    """The rejects table of a diary with no row rejected: ``columns`` (the file's, as the
    rejects name them) and :data:`REJECT_COLUMNS`, text but ``source_row``, without rows (as
    :func:`rejects_table` makes it of no failures, made directly: a tenth of the time).

    Examples
    --------
    >>> t = no_rejects(["worker_id", "code (input)"])
    >>> t.columns.tolist(), t["source_row"].dtype.name, t["code"].dtype.name, len(t)
    (['worker_id', 'code (input)', 'source_row', 'column', 'reason', 'code'], 'int64', 'string', 0)
    """
    empty = {c: pd.array([], dtype="string") for c in columns}
    for col in REJECT_COLUMNS:  # (made at once: a column set on a frame costs ~0.25 ms)
        empty[col] = pd.array([], dtype="int64" if col == "source_row" else "string")
    return pd.DataFrame(empty)


def _reasons_as_written(
    failures: pd.DataFrame, columns: pd.Series, echoed: dict, raw: RawTable, rows: np.ndarray
) -> np.ndarray:
    """Reasons quoting each value as the file wrote it: where the reader typed a column, the
    value a reason quotes (``start '2026-03-03 16:52:00' ...``) is put back as written."""
    reasons = failures["reason"].to_numpy(object).copy()
    if not echoed or "value" not in failures:
        return reasons
    shown = failures["value"].fillna("").to_numpy(object)
    for header, texts in echoed.items():
        pick = np.flatnonzero((columns.to_numpy(object) == header) & (shown != ""))
        if not len(pick):
            continue
        typed = parse.as_text(raw.frame[header].iloc[rows[pick]]).str.slice(0, 60).to_numpy(object)
        for k, was, text in zip(pick.tolist(), typed.tolist(), texts[pick].tolist(), strict=True):
            if shown[k] == was:  # the reason quotes the reader's typed value: quote the file's
                reasons[k] = reasons[k].replace(f"'{was}'", f"'{text[:60]}'", 1)
    return reasons


def _unresolved(mask: np.ndarray) -> pd.DataFrame:
    pos = np.flatnonzero(mask)
    return pd.DataFrame(
        {
            "row": pos.astype(np.int64),
            "column": "start",
            "code": "bad_datetime",
            "value": "",
            "reason": "the start or end of this episode could not be worked out from the values "
            "given: check its date and time columns",
        }
    )
