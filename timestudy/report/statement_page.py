"""A workload statement as a worker reads it: one worker's cases, their figures, what they
mean and the page's layout (the statement is built by
:func:`timestudy.report.statement.workload_statements`; its notes and reasons are in
:mod:`timestudy.report.statement_words`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy._lib.html import render
from timestudy.capacity import DEFAULT_BANDS, STATUS_COLOURS
from timestudy.report.format import label, number, percent
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

#: What to bring to supervision, by status (the second paragraph of "What this means").
TO_SUPERVISION = {
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
    >>> from timestudy import run_study, simulate_study, workload_statements
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
        bring = TO_SUPERVISION[self.status]
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
            k = d.get("shared_by")
            co = "" if k is None or pd.isna(k) else f" (co-worked: 1/{int(k)} of its hours)"
            cells = [str(d["case_id"]) + co, "not given" if pd.isna(d["case_type"])
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
