"""Workload statements: one page per worker, their cases against the time they have.

A statement lists a worker's cases (by the pseudonymous case id of the caseload
file, the case type and the complexity attributes, nothing else) with the
hours a month each is expected to need according to a time guide, the total
against the hours the worker has for casework, the status, the date and where
the figures come from, and a short note on what it means and what to bring to
supervision. Something a worker can put on the table, case by case.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from datetime import date as _date
from pathlib import Path

import pandas as pd

from timestudy.capacity import DEFAULT_BANDS
from timestudy.errors import ConfigError, DataQualityWarning
from timestudy.guide import TimeGuide
from timestudy.guide.uplifted import has_uplifts
from timestudy.report import statement_words as said
from timestudy.report.rows import provenance
from timestudy.report.statement_cases import (
    _check_caseload,
    _hours_and_loads,
    _in_post,
    open_held,
    shared_cases,
)
from timestudy.report.statement_page import ATTRIBUTES, WorkloadStatement
from timestudy.report.tables import caseload_day, dated

__all__ = ["WorkloadStatement", "open_held", "statement_roles",
           "workload_statements", "write_statements"]


def statement_roles(guide: TimeGuide, roles: Mapping[str, float] | None) -> dict:
    """The role shares the statements use: the guide's allowances, then ``roles`` over them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"role_allowances": {"asye": 0.9, "manager": 0.5}})
    >>> statement_roles(g, {"Manager": 0})
    {'asye': 0.9, 'manager': 0.5, 'Manager': 0}
    """
    return {**(guide.meta.get("role_allowances") or {}), **(roles or {})}


def workload_statements(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    worker: str | None = None,
    should: bool = True,
    use_multipliers: bool = False,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    date: str | None = None,
    as_of: str | _date | None = None,
    roles: Mapping[str, float] | None = None,
) -> list[WorkloadStatement]:
    """Workload statements of every worker in a caseload (or of one).

    A case counts when it is open on the day ``as_of``: opened by then and not
    closed by then (the rule of the guide's capacity figures). By default that day
    is the last day of the guide's diary, as the capacity figures and the
    calculator count the study's cases: give ``as_of`` for a caseload taken later.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case held: ``case_id`` (pseudonymous: it is printed),
        ``case_type``, ``worker_id``, optionally ``opened`` and ``closed`` and
        the complexity attributes ``travel_miles``, ``n_professionals``,
        ``n_children``, ``in_proceedings``. Other columns are ignored and never
        shown. A case of a type the guide has no hours for (suppressed, or no
        case-month of it in the diary) is not costed, by the headline's rule: its
        statement names it with why, and its hours needed and load leave it out (no
        load unless the other cases alone reach amber: "at least"); so is a case with
        no case type ("no case type given"). A caseload none of whose types is in the
        guide is an error (its names are not the diary's), and so is a type that is
        one of the guide's spelt otherwise (``'cin'`` for ``'CIN'``: capitals and
        spaces count), wherever it is in the caseload.
    workers : DataFrame, optional
        ``worker_id``, ``fte`` (1.0 when missing) and ``team``.
    worker : str, optional
        Only this worker's statement.
    should : bool
        Use the guide's "should" hours (default) or what was measured.
    use_multipliers : bool
        Adjust each case's hours by the complexity multipliers.
    bands : (float, float, float)
        Lower edges of green, amber and red.
    date : str, optional
        Date printed on the statements (today by default).
    as_of : str or date, optional
        Count the cases open on this day (default: the last day of the diary).
    roles : mapping, optional
        Share of a full caseload by role (``{"team_manager": 0, "asye": 0.9}``), added
        to the guide's own role allowances (``meta["role_allowances"]``) and taking
        their place where a role is in both (names match ignoring case, spaces and
        underscores). The guide's hours for casework per FTE stay the guide's.

    Returns
    -------
    list of WorkloadStatement

    Examples
    --------
    >>> from timestudy import run_study, simulate_study, workload_statements
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> st = workload_statements(guide, s.cases, s.workers, worker="W001", date="2026-04-01")
    >>> st[0].worker_id, st[0].status in {"red", "amber", "green", "blue"}, st[0].as_of
    ('W001', True, '2026-03-06')
    >>> st[0].to_markdown().splitlines()[0], bool(st[0].summary().loc["cases", "value"] > 0)
    ('# Workload statement: W001', True)
    """
    _check_caseload(caseload)
    if workers is None:  # a 0.6 FTE worker's load would read 0.6 of what it is (audit23w, 28)
        warnings.warn("no --workers table: every worker is taken as 1.0 FTE, so a part-time "
                      "worker's load and status are understated; give --workers with the "
                      "workers table (worker_id, fte) for their FTE (in Python: "
                      "workload_statements(guide, caseload, workers))", DataQualityWarning,
                      stacklevel=2)
    stamp = date or _date.today().isoformat()
    on, why_on = caseload_day(guide, as_of, stamp)
    caseload, workers = _in_post(caseload, workers, worker, on)
    listed = (worker is not None and workers is not None
              and str(worker) in set(workers["worker_id"].astype(str)))
    held, gone = open_held(caseload, on, worker, listed)
    hours, wl = _hours_and_loads(guide, caseload, held, workers, bands=bands, should=should,
                                 use_multipliers=use_multipliers,
                                 roles=statement_roles(guide, roles))
    attrs = [c for c in ATTRIBUTES if c in held and held[c].notna().any()]
    co = ["co_workers"] if "co_workers" in held else []
    cases = shared_cases(held[["worker_id", "case_id", "case_type", *attrs, *co]].assign(
        hours_per_month=hours.to_numpy()
    ))  # a co-worked case on each holder's list with their share of its hours
    checked = dated(caseload)  # else no day was checked
    shared = dict(
        date=stamp,
        basis=said.basis(should, use_multipliers, on if checked else None, why_on,
                         has_uplifts(guide)),
        provenance=provenance(guide),
        working_weeks_per_year=float(guide.available.loc["working_weeks_per_year", "estimate"]),
        bands=bands,
        n_workers=int(guide.meta.get("n_workers", 0)),
        period=tuple(guide.meta.get("period") or ("", "")),
        as_of=f"{on:%Y-%m-%d}" if checked else "",
    )
    groups = dict(tuple(cases.groupby("worker_id", sort=True)))
    ids = [w for w in wl.index if worker is None or str(w) == str(worker)]
    if not ids:  # listed, with no case open and no hours for casework: nothing to state
        raise ConfigError(f"worker {worker!r} holds no case open on {on:%Y-%m-%d} and has no "
                          "hours for casework (an FTE of 0 or a role holding no caseload): "
                          "no statement to write")
    # a listed worker with hours and no case too (load 0, the load table's)
    return [_statement(guide, wid, wl.loc[wid], groups.get(wid, cases.iloc[:0]),
                       gone.reindex([str(wid)], fill_value=0).iloc[0], on, should,
                       workers is not None, shared) for wid in ids]


def _statement(guide: TimeGuide, wid, row: pd.Series, group: pd.DataFrame, gone_here: pd.Series,
               on: pd.Timestamp, should: bool, has_workers: bool, shared: dict
               ) -> WorkloadStatement:
    """One worker's statement: their row of the load table, their open cases ``group`` and
    their cases closed, not opened or transferred (``gone_here``), with the figures every
    statement shares (``shared``: the date, basis, provenance, bands and study)."""
    need, load, at_least, floor = said.load_shown(row, group)
    shown = str(row["status"])  # the load table's status: one rule for both
    notes = said.notes(group, row, has_workers, gone_here, on, at_least,
                       said.uncosted(guide, group, should))
    return WorkloadStatement(
        worker_id=str(wid),
        team=str(row["team"] or ""),
        fte=float(row["fte"]),
        cases=group.drop(columns="worker_id")
        .sort_values(["hours_per_month", "case_id"], ascending=[False, True])
        .reset_index(drop=True),
        hours_needed_per_month=need,
        hours_available_per_month=float(row["hours_available_per_month"]),
        load=load,
        status=shown,
        notes=notes,
        no_status=(said.no_status(guide, group, row, should)
                   if shown == "none" or at_least else ""),
        at_least=at_least,
        not_costed=said.left_out(guide, group, should),
        figures_at_least=floor,
        **shared,
    )


def _file_stem(worker_id: str, taken: set[str]) -> str:
    stem = "statement_" + (re.sub(r"[^A-Za-z0-9_.-]", "_", worker_id).strip("._") or "worker")
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}_{n}", n + 1
    taken.add(candidate.lower())
    return candidate


def write_statements(
    statements: list[WorkloadStatement], out: str | Path
) -> dict[str, dict[str, Path]]:
    """Write each statement as ``statement_<worker>.html`` and ``.md`` in ``out``.

    Parameters
    ----------
    statements : list of WorkloadStatement
        From :func:`workload_statements`.
    out : str or Path
        Folder to write in (made if missing).

    Returns
    -------
    dict
        For each worker id, the paths written (``html``, ``md``).

    Examples
    --------
    >>> import tempfile
    >>> from timestudy import run_study, simulate_study, workload_statements, write_statements
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> paths = write_statements(workload_statements(guide, s.cases, s.workers), tempfile.mkdtemp())
    >>> sorted(paths["W001"])
    ['html', 'md']
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    paths = {}
    for st in statements:
        stem = _file_stem(st.worker_id, taken)
        html, md = out / f"{stem}.html", out / f"{stem}.md"
        html.write_text(st.to_html(), encoding="utf-8")
        md.write_text(st.to_markdown(), encoding="utf-8")
        paths[st.worker_id] = {"html": html, "md": md}
    return paths
