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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.html import render
from timestudy.capacity import DEFAULT_BANDS, STATUS_COLOURS, case_hours, weighted_load
from timestudy.capacity.in_post import staff_on
from timestudy.capacity.need import check_case_types, missing_type, with_uncosted_types
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.report import statement_words as said
from timestudy.report.format import label, number, percent
from timestudy.report.rows import provenance
from timestudy.report.tables import case_state, caseload_day, dated
from timestudy.results import Result, Section

ATTRIBUTES = {
    "travel_miles": "travel (miles)",
    "n_professionals": "professionals",
    "n_children": "children",
    "in_proceedings": "in proceedings",
}
STATUS_WORDS = {
    "red": "red: over capacity",
    "amber": "amber: just over capacity",
    "green": "green: at capacity",
    "blue": "blue: under capacity",
    "none": "no status",
}


@dataclass(frozen=True, repr=False)
class WorkloadStatement(Result):
    """One worker's cases, the hours they need, and the time the worker has.

    It shows itself as the statement a worker reads: ``print`` (text),
    ``to_markdown()`` (the ``statement_<worker>.md`` file) and, in a notebook,
    HTML; :meth:`to_html` is the printable page (``statement_<worker>.html``).

    Attributes
    ----------
    worker_id, team : str
    fte : float
    cases : DataFrame
        ``case_id``, ``case_type``, the complexity attributes present in the
        caseload, ``hours_per_month`` (NaN where the guide suppresses the type);
        heaviest first.
    hours_needed_per_month, hours_available_per_month, load : float
    status : str
        ``red``, ``amber``, ``green``, ``blue`` or ``none``.
    no_status : str
        Why there is no status, or why it is only a floor (``""`` when there is one).
    not_costed : str
        The cases the hours needed and the load leave out, with why, in the headline's
        words ("1 CLA case not costed: no hours per case-month in this diary"); empty
        when every case is costed.
    at_least : bool
        Some cases cannot be costed but the others already reach amber or red: the
        hours needed and the load count those others only, and the status is at
        least that band (as :func:`timestudy.capacity.status` rules).
    figures_at_least : bool
        Some cases cannot be costed and others can: the hours needed and the load
        count those others only and read "at least" (so, as the calculator, a floor
        rather than a dash), with a status or not.
    date : str
        The date printed on the statement.
    as_of : str
        The day the cases counted were open on (ISO date); empty when the caseload
        has no opened or closed dates (every case in it is counted).
    basis : str
        How the case hours were worked out.
    provenance : list of (str, str)
    working_weeks_per_year : float
    notes : list of str

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> st = workload_statements(guide, s.cases, s.workers, worker="W001", date="2026-04-01")[0]
    >>> st.worker_id, st.team, st.fte, len(st.cases)
    ('W001', 'South', 0.8, 15)
    >>> bool(abs(st.load - st.hours_needed_per_month / st.hours_available_per_month) < 1e-9)
    True
    """

    worker_id: str
    team: str
    fte: float
    cases: pd.DataFrame
    hours_needed_per_month: float
    hours_available_per_month: float
    load: float
    status: str
    date: str
    basis: str
    provenance: list
    working_weeks_per_year: float = float("nan")
    bands: tuple[float, float, float] = DEFAULT_BANDS
    n_workers: int = 0
    period: tuple[str, str] = ("", "")
    notes: list = field(default_factory=list)
    no_status: str = ""
    as_of: str = ""
    at_least: bool = False
    not_costed: str = ""
    figures_at_least: bool = False

    # ------------------------------------------------------------------ figures
    def _per_week(self, per_month: float) -> float:
        return per_month * 12 / self.working_weeks_per_year

    @property
    def hours_needed_per_week(self) -> float:
        """Hours a week the cases need, over the weeks a worker is at work."""
        return self._per_week(self.hours_needed_per_month)

    @property
    def hours_available_per_week(self) -> float:
        """Hours a week the worker has for casework."""
        return self._per_week(self.hours_available_per_month)

    @property
    def status_words(self) -> str:
        """The status in words, with the reason when there is none."""
        words = STATUS_WORDS[self.status]
        if self.at_least:  # some cases cannot be costed; the others already reach this band
            return (f"at least {words} (counting only the cases that can be costed: "
                    f"{self.no_status})")
        return f"{words}: {self.no_status}" if self.status == "none" and self.no_status else words

    def to_frame(self) -> pd.DataFrame:
        """The cases with their expected hours a month (a copy)."""
        return self.cases.copy()

    def meaning(self) -> list[str]:
        """What the status means and what to bring to supervision (plain text paragraphs)."""
        need, have = self.hours_needed_per_week, self.hours_available_per_week
        load = ("at least " if self.at_least or self.figures_at_least else "") + percent(
            self.load)
        spare = self.hours_available_per_month - self.hours_needed_per_month
        first = {
            "red": f"Your cases need about {number(need, 0)} hours a week and you have about "
            f"{number(have, 0)} hours a week for casework: {load} of your time. At "
            "this level something gives: visits get shorter, records fall behind, or "
            "the work moves into evenings.",
            "amber": f"Your cases need a little more time than you have: {load} of your "
            f"hours for casework (about {number(need, 0)} hours a week against "
            f"{number(have, 0)}).",
            "green": f"Your caseload fits the time you have, with little room: {load} of "
            f"your hours for casework (about {number(need, 0)} hours a week against "
            f"{number(have, 0)}).",
            "blue": f"Your cases need less than the time you have: {load} of your hours for "
            f"casework, about {number(spare, 0)} hours a month to spare.",
            "none": f"No status can be given: {self.no_status or 'the load cannot be costed'}. "
            + (f"The cases the guide does cost need at least {number(need, 0)} hours a "
               f"week: {load} of your hours for casework, and still show where the time "
               "goes." if self.figures_at_least and np.isfinite(self.load) else
               "The hours of the cases the guide does cost still show where the time goes."),
        }[self.status]
        if self.at_least:
            first = ("Counting only the cases the guide can cost (so at least this much): "
                     + first[0].lower() + first[1:])
        bring = {
            "red": "Bring this statement to supervision. Go through the cases at the top of "
            "the list: for each, what you could not do in the last month (visits, "
            "recording, meetings, direct work) and what would change it: a case "
            "reallocated, a task taken on by support staff, or time agreed. Ask for "
            "what is agreed to be written down.",
            "amber": "Bring this statement to supervision before another case is allocated: "
            "which cases drive the hours, whether any is about to close or to "
            "escalate, and what can move.",
            "green": "Before a new case is allocated, compare its likely hours a month (see "
            "the guide's hours per case-month) with the hours you have left, and "
            "talk through the cases that are about to change.",
            "blue": "If you are in your assessed first year (ASYE) or have an agreed "
            "protected caseload, this is expected. If not, use the room you have to "
            "agree in supervision what you can take on.",
            "none": "Use the list in supervision to talk through the cases that take the "
            "most time.",
        }[self.status]
        caveat = (
            f"These are averages from a time study of {self.n_workers} workers "
            f"({self.period[0]} to {self.period[1]}). A case in crisis can take far more "
            "than its average, and travel and experience matter too: use the statement "
            "to start a conversation, not to end one. It is not a measure of your "
            "performance."
        )
        return [first, bring, caveat]

    # ------------------------------------------------------------------ display
    def _rows(self) -> tuple[list[str], list[list[str]]]:
        attrs = [c for c in ATTRIBUTES if c in self.cases]
        head = ["case", "case type"] + [ATTRIBUTES[a] for a in attrs] + ["hours a month"]
        rows = []
        for r in self.cases.itertuples(index=False):
            d = r._asdict()
            cells = [str(d["case_id"]), "not given" if pd.isna(d["case_type"])
                     or not str(d["case_type"]).strip() else label(d["case_type"])]
            for a in attrs:
                v = d[a]
                if a == "in_proceedings":
                    cells.append("" if pd.isna(v) else ("yes" if bool(v) else "no"))
                else:
                    cells.append(number(v, 1 if a == "travel_miles" else 0, missing=""))
            cells.append(number(d["hours_per_month"], 1, missing="not costed"))
            rows.append(cells)
        return head, rows

    def totals(self) -> list[tuple[str, str]]:
        """The summary lines: cases, hours needed and available, load, status (the hours
        needed and the load say which cases they leave out)."""
        out = f" ({self.not_costed})" if self.not_costed else ""
        floor = "at least " if self.at_least or self.figures_at_least else ""
        return [
            (f"cases open on {self.as_of}" if self.as_of else "cases",
             number(len(self.cases), 0)),
            ("hours needed a month", floor + number(self.hours_needed_per_month, 1) + out),
            (
                "hours available for casework a month",
                f"{number(self.hours_available_per_month, 1)} ({number(self.fte, 2)} FTE)",
            ),
            ("hours needed a week", floor + number(self.hours_needed_per_week, 1) + out),
            ("hours available a week", number(self.hours_available_per_week, 1)),
            ("weighted load", floor + percent(self.load)
             + out),
            ("status", self.status_words),
        ]

    def to_html(self) -> str:
        """The statement as one self-contained, printable HTML page."""
        head, rows = self._rows()
        pct = float(self.load) if np.isfinite(self.load) else 0.0
        return render("statement.html.j2", s=self, head=head, rows=rows, totals=self.totals(),
                      meaning=self.meaning(), colour=STATUS_COLOURS.get(self.status, "#8c959f"),
                      bar=min(pct / 1.5, 1.0) * 100, marks=[b / 1.5 * 100 for b in self.bands])

    def summary(self) -> pd.DataFrame:
        """The statement's figures, indexed by ``measure`` with ``value``.

        Measures: ``cases``, ``fte``, ``load`` (hours needed / available),
        ``hours_needed_per_month``, ``hours_available_per_month``,
        ``hours_needed_per_week`` and ``hours_available_per_week``.
        """
        rows = {"cases": len(self.cases), "fte": self.fte, "load": self.load} | {
            k: getattr(self, k) for k in ("hours_needed_per_month", "hours_available_per_month",
                                          "hours_needed_per_week", "hours_available_per_week")}
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)}).rename_axis("measure")

    def _display(self) -> Section:
        """The statement's layout: cases, totals, what it means, where the figures come from."""
        head, rows = self._rows()
        line = f"{self.date}" + (f" · team {self.team}" if self.team else "")
        return Section(
            title=f"Workload statement: {self.worker_id}",
            paragraphs=(
                f"{line} · {number(self.fte, 2)} FTE",
                f"Status: {self.status_words} "
                f"({'at least ' if self.at_least or self.figures_at_least else ''}"
                f"{percent(self.load)} of the hours available for casework).",
            ),
            parts=(
                Section("Cases", table=pd.DataFrame(rows, columns=head), index=False),
                Section("Totals", table=_pairs(self.totals(), "measure"), index=False),
                Section("What this means", paragraphs=tuple(self.meaning())),
                Section("Where the figures come from", paragraphs=(self.basis,),
                        table=_pairs(self.provenance, "item"), index=False),
            ),
            notes=tuple(self.notes),
        )


def _pairs(pairs, name: str) -> pd.DataFrame:
    return pd.DataFrame(list(pairs), columns=[name, "value"], dtype=object)


def _check_caseload(caseload: pd.DataFrame) -> None:
    missing = [c for c in ("case_id", "case_type", "worker_id") if c not in caseload]
    if missing:
        raise ConfigError(
            f"the caseload lacks column(s) {missing}: give one row per case held "
            "with case_id (pseudonymous), case_type and worker_id"
        )


def open_held(caseload: pd.DataFrame, on: pd.Timestamp, worker: str | None,
              listed: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cases held and open on ``on`` (of ``worker`` only, when given), and how many of
    each worker's cases in the caseload were ``closed`` or ``not_opened`` then, or
    ``transferred``: a row of a case another worker holds on ``on`` (a case passed from
    one holder to another has a row for each: the one not open is not a closing or an
    opening). A row of a case its worker holds again on ``on`` (passed back, or reopened)
    is neither: the case is counted once, open.

    A ``worker`` who holds no case open on ``on`` is an error, unless ``listed`` (in
    the workers table): their statement then shows no case and a load of 0, as the
    statements of every worker show them."""
    held = caseload.loc[caseload["worker_id"].notna()]
    if worker is not None:
        held = held.loc[held["worker_id"].astype(str) == str(worker)]
        if held.empty and not listed:
            raise ConfigError(
                f"worker {worker!r} holds no case in the caseload (it has "
                f"{caseload['worker_id'].nunique()} workers) and is not in the workers "
                "table: check the id"
            )
    state = case_state(held, on).to_numpy()
    is_open = case_state(caseload, on).to_numpy() == "open"
    pairs = caseload.loc[is_open & caseload["worker_id"].notna().to_numpy(),
                         ["case_id", "worker_id"]].astype(str)
    holder = pairs.drop_duplicates("case_id").set_index("case_id")["worker_id"]
    now = held["case_id"].astype(str).map(holder)  # who holds the case on the day, if anyone
    mine = now.eq(held["worker_id"].astype(str)).to_numpy(bool)
    ended = state != "open"
    state = np.where(ended & now.notna().to_numpy(bool) & ~mine, "transferred",
                     np.where(ended & mine, "same_case", state))  # an earlier period of it
    if not (state == "open").any() and not (listed and worker is not None):
        raise ConfigError(f"no case of {'worker ' + repr(worker) if worker else 'the caseload'} "
                          f"is open on {on:%Y-%m-%d} ({len(held)} closed by then or opened "
                          "after it): give as_of (--as-of) for the day the caseload is of")
    gone = pd.crosstab(held["worker_id"].astype(str), state).reindex(
        columns=["closed", "not_opened", "transferred"], fill_value=0)  # (same_case: none)
    return held.loc[state == "open"], gone


def _in_post(caseload: pd.DataFrame, workers: pd.DataFrame | None, worker: str | None,
             on: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The caseload and workers on ``on`` as the guide's capacity figures take them: a worker
    who has left by then has no statement, and their cases are held by no one
    (:func:`~timestudy.capacity.in_post.staff_on`); asking for a leaver's statement is an
    error saying so."""
    held, staff = staff_on(caseload, workers, on)
    if worker is not None and workers is not None and staff is not None:
        left = workers.loc[workers["worker_id"].astype(str) == str(worker)]
        if len(left) and str(worker) not in set(staff["worker_id"].astype(str)):
            day = pd.Timestamp(left["left"].iloc[0])
            raise ConfigError(f"worker {worker!r} left on {day:%Y-%m-%d}, by the caseload day "
                              f"{on:%Y-%m-%d}: no statement (their cases are held by no one "
                              "then; give --as-of an earlier day, or the cases' new holder)")
    return held, staff


def _hours_and_loads(guide: TimeGuide, caseload: pd.DataFrame, held: pd.DataFrame,
                     workers: pd.DataFrame | None, **how) -> tuple[pd.Series, pd.DataFrame]:
    """Each case's hours a month and each worker's row of the load table.

    A case whose hours the guide suppresses is unknown, not zero: its worker gets no
    total or load (the statement says why) rather than one that is too low, and a
    status only when the other cases alone reach amber or red ("at least"). A type the
    guide has no row for (no case-month in the diary) is not costed either, as the
    headline rules it, rather than stopping every statement; unless the guide knows none
    of the caseload's types (its names are not the diary's: case_hours says so), or a
    type is one of the guide's spelt otherwise (an error, for the whole caseload, as for
    the headline). A case with no case type is not costed either (its own reason)."""
    check_case_types(guide, caseload)
    typed = caseload.loc[~missing_type(caseload), "case_type"].astype(str)
    costing = with_uncosted_types(guide, held) if typed.isin(guide.case_types.index).any() \
        else guide
    keep = {k: how[k] for k in ("should", "use_multipliers")}
    hours = case_hours(costing, held, on_suppressed="nan", **keep)
    return hours, weighted_load(costing, held, workers, on_suppressed="nan", **how).table


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
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> st = workload_statements(guide, s.cases, s.workers, worker="W001", date="2026-04-01")
    >>> st[0].worker_id, st[0].status in {"red", "amber", "green", "blue"}, st[0].as_of
    ('W001', True, '2026-03-06')
    >>> st[0].to_markdown().splitlines()[0], bool(st[0].summary().loc["cases", "value"] > 0)
    ('# Workload statement: W001', True)
    """
    _check_caseload(caseload)
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
    cases = held[["worker_id", "case_id", "case_type", *attrs]].assign(
        hours_per_month=hours.to_numpy()
    )
    weeks = float(guide.available.loc["working_weeks_per_year", "estimate"])
    checked = dated(caseload)  # else no day was checked
    basis = said.basis(should, use_multipliers, on if checked else None, why_on)
    prov = provenance(guide)
    out = []
    groups = dict(tuple(cases.groupby("worker_id", sort=True)))
    ids = [w for w in wl.index if worker is None or str(w) == str(worker)]
    if not ids:  # listed, with no case open and no hours for casework: nothing to state
        raise ConfigError(f"worker {worker!r} holds no case open on {on:%Y-%m-%d} and has no "
                          "hours for casework (an FTE of 0 or a role holding no caseload): "
                          "no statement to write")
    for wid in ids:  # a listed worker with hours and no case too (load 0, the load table's)
        row, group = wl.loc[wid], groups.get(wid, cases.iloc[:0])
        need, load, at_least, floor = said.load_shown(row, group)
        shown = str(row["status"])  # the load table's status: one rule for both
        gone_here = gone.reindex([str(wid)], fill_value=0).iloc[0]
        notes = said.notes(group, row, workers is not None, gone_here, on, at_least,
                           said.uncosted(guide, group, should))
        out.append(
            WorkloadStatement(
                worker_id=str(wid),
                team=str(row["team"] or ""),
                fte=float(row["fte"]),
                cases=group.drop(columns="worker_id")
                .sort_values("hours_per_month", ascending=False)
                .reset_index(drop=True),
                hours_needed_per_month=need,
                hours_available_per_month=float(row["hours_available_per_month"]),
                load=load,
                status=shown,
                date=stamp,
                basis=basis,
                provenance=prov,
                working_weeks_per_year=weeks,
                bands=bands,
                n_workers=int(guide.meta.get("n_workers", 0)),
                period=tuple(guide.meta.get("period") or ("", "")),
                notes=notes,
                no_status=(said.no_status(guide, group, row, should)
                           if shown == "none" or at_least else ""),
                as_of=f"{on:%Y-%m-%d}" if checked else "",
                at_least=at_least,
                not_costed=said.left_out(guide, group, should),
                figures_at_least=floor,
            )
        )
    return out


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
    >>> from timestudy import simulate_study, run_study
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
