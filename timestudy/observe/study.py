"""Every observation measure in one call, written as CSV tables and a self-contained HTML report.

The report shows only numbers, category labels and identifiers: no free text
from the observers' comments or the activity descriptions reaches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy._lib.html import frame_view, render
from timestudy.errors import TimestudyError
from timestudy.observe._cells import ALL, cell_people, in_effect, withhold_cells
from timestudy.observe._methods import _SECTIONS, _why, methods_table
from timestudy.observe._once import without_second_sessions
from timestudy.observe._publish import (
    INTERNAL,
    band_people,
    for_figure,
    inside,
    person_ids,
    relabel,
    same_people,
    small_labels,
    sources_published,
    withhold,
)
from timestudy.observe._result import _frames, published, whole_hours, write_csv
from timestudy.observe._runaway import cut_at_runaways
from timestudy.observe._timeline import as_list, check_frame
from timestudy.observe.budgets import TimeBudget, join_workers, time_budget
from timestudy.observe.concurrency import Multitasking, multitasking
from timestudy.observe.interruption import Interruptions, interruptions
from timestudy.observe.multi_observer import MultiObserverAgreement, multi_observer_agreement
from timestudy.observe.profiles import Tempogram, Transitions, tempogram, transitions
from timestudy.observe.reliability import ObserverAgreement, observer_agreement, paired_sessions
from timestudy.results import Result

__all__ = ["ObservationStudy", "observation_study"]

@dataclass(frozen=True, repr=False)
class ObservationStudy(Result):
    """The observation measures of one study.

    Attributes
    ----------
    multitasking, interruptions, tempogram, transitions, budget
        The results of each measure, with the time two observers' sessions share
        counted from one of them only (the one that started first: see
        :func:`~timestudy.observe.pairing.counted_once`), so the same work is not
        counted twice.
    agreement : ObserverAgreement or None
        Inter-observer agreement, when there are paired sessions.
    multi_agreement : MultiObserverAgreement or None
        Fleiss' kappa and pairwise kappas, when three or more observers recorded
        the same worker at the same time.
    pairs : DataFrame
        The paired sessions (see :func:`~timestudy.observe.paired_sessions`).
    source : str
        Name shown in the report.

    Examples
    --------
    >>> from timestudy import observation_study, read_diary
    >>> from timestudy.simulate import observation_example
    >>> raw = observation_example(n_workers=2, sessions=1, paired=1)
    >>> eps = read_diary(raw, layout="wombat", warn=False).episodes
    >>> study = observation_study(eps, by="activity_code", source="example")
    >>> study.source, type(study.budget).__name__, study.multi_agreement is None
    ('example', 'TimeBudget', True)
    """

    multitasking: Multitasking
    interruptions: Interruptions
    tempogram: Tempogram
    transitions: Transitions
    budget: TimeBudget
    agreement: ObserverAgreement | None
    pairs: pd.DataFrame
    multi_agreement: MultiObserverAgreement | None = None
    source: str = "observation study"
    settings: dict = field(default_factory=dict)

    _digits = 3

    def _title(self) -> str:
        return f"Observation study: {self.source}"

    def results(self) -> dict:
        """The results by name (``agreement`` only when there are pairs, ``multi_agreement``
        only when three or more observers recorded a worker at the same time)."""
        out = {
            "multitasking": self.multitasking,
            "interruptions": self.interruptions,
            "tempogram": self.tempogram,
            "transitions": self.transitions,
            "budget": self.budget,
        }
        if self.agreement is not None:
            out["agreement"] = self.agreement
        if self.multi_agreement is not None:
            out["multi_agreement"] = self.multi_agreement
        return out

    def summary(self) -> pd.DataFrame:
        """Headline figures, one row each (``value``)."""
        it = self.interruptions.table.iloc[-1]
        rows = {
            "observed_hours": self.multitasking.totals["observed_min"].iloc[0] / 60,
            "share_multitasking": self.multitasking.share,
            "interruptions_per_hour": it["interruptions_per_hour"],
            "share_tasks_interrupted": it["share_interrupted"],
            "share_interrupted_never_resumed": it["share_never_resumed"],
            "mean_time_on_task_min": it["mean_task_min"],
            "switches_per_hour": self.transitions.rates["switches_per_hour"].iloc[0],
            "paired_sessions": float(len(self.pairs)),
        }
        if self.agreement is not None:
            for name, value in self.agreement.stats["estimate"].items():
                rows[name if name.startswith("duration") else f"kappa_{name}"] = value
        if self.multi_agreement is not None:
            rows["observers_per_joint_session"] = self.multi_agreement.raters
            for name, value in self.multi_agreement.stats["estimate"].items():
                rows[f"fleiss_kappa_{name}"] = value
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)}).rename_axis("measure")

    def methods(self) -> pd.DataFrame:
        """How interruptions and multitasking were measured, and why (``method``, ``rule``)."""
        return methods_table(self.interruptions.method, self.multitasking.method,
                             self.settings.get("method_rule", {}))

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every published table, by file name stem: workers, observers, sessions and tasks by
        label (``Worker 1`` is the same worker in every table), figures from fewer than
        ``min_workers`` workers blank (:meth:`withheld` says which and why), a count of 1
        to ``min_workers - 1`` people (or their days) as "fewer than 5", a label of so few
        read from another column than ``category`` as ``Label 1``...; the tables of one
        stream or pair a row are in :meth:`internal_tables` only."""
        return self._published()[0]

    def internal_tables(self) -> dict[str, pd.DataFrame]:
        """The tables of one stream or one pair of sessions a row (``*_by_stream``,
        ``paired_sessions``, ``agreement_pairs``, ``agreement_matches``...): a worker's own
        figures, with dates and times of day, by the same labels; never published; and
        ``labels_text``, each ``Label N``'s text."""
        names = self._label_names()
        text = {"labels_text": pd.DataFrame({"label": list(names.values()),
                                             "text": list(names.keys())})} if names else {}
        return {**{k: t for k, t in self._labelled().items() if k in INTERNAL}, **text}

    def _label_names(self) -> dict:
        cells = self.settings.get("cells")
        return {} if cells is None else small_labels(cells, self.settings["by"],
                                                     self._min_workers())

    def withheld(self) -> dict[str, str]:
        """What :meth:`tables` withholds, and why (empty when nothing is)."""
        return self._published()[1]

    def _labelled(self) -> dict[str, pd.DataFrame]:
        return published(self._raw_tables(), self._group(), self._min_workers())

    def _published(self) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
        raw, k = self._raw_tables(), self._min_workers()
        shown = {n: t for n, t in _frames(raw).items() if n not in INTERNAL}
        cells = self.settings.get("cells")
        notes = {}
        if cells is not None:
            shown, notes = withhold_cells(shown, cells, self.settings["by"], self._group(), k,
                                          self.transitions.people, self.tempogram.people)
        shown = published(shown, self._group(), k, context=raw)
        eff = None if cells is None else in_effect(cells.assign(_all=ALL), ["_all"])
        out, why = withhold(shown, int(self.settings.get("n_workers", 0)),
                            int(self.settings.get("n_paired", 0)), k,
                            None if eff is None else float(eff.iloc[0]))
        out = relabel(band_people(out, k), self._label_names(), self.settings["by"])
        return out, why if "study" in why else {**why, **notes}

    def _group(self) -> list[str]:
        group = self.budget.group or ()
        return [group] if isinstance(group, str) else list(group)

    def _min_workers(self) -> int:
        return int(self.settings.get("min_workers", DEFAULT_MIN_WORKERS))

    def _raw_tables(self) -> dict[str, pd.DataFrame]:
        out = {"summary": self.summary(), "methods": self.methods()}
        for result in self.results().values():
            out.update(result.tables())
        if len(self.pairs):
            out["paired_sessions"] = self.pairs
        ids = self.settings.get("person_ids", {})
        out = {name: same_people(t, ids) for name, t in out.items()}
        if self.interruptions.method == "field":
            prefix = "Task" if self.settings.get("sources_are_tasks") else "Source"
            out["interruptions_sources"], out["interruptions_sources_text"] = (
                sources_published(self.interruptions, prefix))
        return out

    def plot(self, ax=None, measure: str = "tempogram"):
        """The default plot of one of the results (``measure`` as in :meth:`results`)."""
        return self.results()[measure].plot(ax=ax)

    def write(self, folder: str | Path, internal: str | Path | None = None) -> dict[str, Path]:
        """Write every published table as CSV and ``report.html`` into ``folder``, and with
        ``internal`` the :meth:`internal_tables` into that folder (not inside ``folder``);
        return the paths (internal ones keyed ``internal/NAME``).

        Text cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe.
        """
        folder = Path(folder)
        if internal is not None and inside(internal, folder):
            raise TimestudyError(f"internal folder {internal} is inside {folder}: the tables "
                                 "by stream and pair are a worker's own, never published")
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, table in self.tables().items():
            paths[name] = write_csv(table, folder / f"{name}.csv")
        paths["report"] = folder / "report.html"
        paths["report"].write_text(self.to_html(), encoding="utf-8")
        if internal is not None:
            paths.update(self.write_internal(internal))
        return paths

    def write_internal(self, folder: str | Path) -> dict[str, Path]:
        """Write :meth:`internal_tables` as CSV into ``folder``: keep it with the data, never
        with the published outputs. Paths keyed ``internal/NAME``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        return {f"internal/{name}": write_csv(table, folder / f"{name}.csv")
                for name, table in self.internal_tables().items()}

    def to_html(self) -> str:
        """A self-contained HTML report: the published tables, figures as base64 PNG (none
        of figures withheld), the caveats."""
        from timestudy.plots import png_base64

        shown, why = self._published()
        raw, k = self._raw_tables(), self._min_workers()

        def public(table):
            table = same_people(table, self.settings.get("person_ids", {}))
            return published({"t": table}, self._group(), k, context=raw)["t"]

        sections = []
        for name, result in self.results().items():
            title, text = _SECTIONS[name]
            if isinstance(result, MultiObserverAgreement):  # its figure names the observers
                who = public(pd.DataFrame({"observer": result.observers}))["observer"]
                result = replace(result, observers=who.tolist(), pairwise=public(result.pairwise))
            result = for_figure(result, shown, self.settings["by"],  # what is published
                                self._label_names())
            table = shown[_TABLE.get(name, name)]
            if name == "tempogram":
                table = whole_hours(table)
            hidden = "study" in why or (name in ("agreement", "multi_agreement")
                                        and "agreement" in why)
            sections.append({"title": title, "text": text, "table": _view(table),
                             "figure": None if hidden else png_base64(result.plot()),
                             "note": result.notes})
        return render(
            "observation.html.j2",
            source=self.source,
            summary=_view(shown["summary"]),
            methods=_view(self.methods()),
            sections=sections,
            withheld=list(why.values()),
            pairs=None,  # a pair's dates and times: internal_tables() only
            pairwise=(None if self.multi_agreement is None
                      else _view(shown["multi_agreement_pairwise"])),
        )


#: The published table shown in each section of the report, where not the section's name.
_TABLE = {"budget": "time_budget"}


def _view(table: pd.DataFrame):
    return frame_view(table, digits=3, missing="")


def observation_study(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    interruption_method: str = "auto",
    multitasking_method: str = "auto",
    slot: int = 15,
    day_start: str | float = "04:00",
    pair_by: str = "session",
    window: float = 60.0,
    resume_within: float | None = 30.0,
    weight: str | None = None,
    group: str | Sequence[str] | None = None,
    workers: pd.DataFrame | None = None,
    worker: str = "worker_id",
    session: str = "session_id",
    observer: str = "observer",
    source: str = "observation study",
    min_workers: int = DEFAULT_MIN_WORKERS,
    rejects: pd.DataFrame | None = None,
) -> ObservationStudy:
    """Multitasking, interruptions, tempogram, transitions, time budget and agreement at once.

    Parameters are those of the single measures; ``interruption_method`` and
    ``multitasking_method`` are their ``method``, one for the whole study (the choice and
    its reason are in :meth:`ObservationStudy.methods`). Sessions are paired with
    ``pair_by`` when the episodes have a ``session`` column; the common window of each
    pair is then counted in every measure but agreement from one of its sessions only:
    the one that started first (then the one that ended later, then the lower session
    id; a session's time is its span from ``session_start`` to ``session_end`` where
    known, with its tasks), the other keeping its time outside the window; the hours
    observed are the union of the sessions' time, each minute once (a session whose
    tasks all fall in the window still adds the quiet time only it observed:
    :func:`~timestudy.observe.pairing.counted_once`). Two sessions are of
    the same person when their ``participant_key`` (WOMBAT: the participant id at its
    site) is the same, else their ``worker``. When three or
    more observers recorded a worker at the same time, their agreement is also
    measured together (:func:`~timestudy.observe.multi_observer_agreement`).

    Parameters
    ----------
    episodes : DataFrame
        Observed episodes (``worker_id``, ``start``, ``end`` and the label columns).
    by : str or list of str
        Label column(s) every measure uses.
    interruption_method, multitasking_method : str
        ``method`` of :func:`interruptions` and :func:`multitasking` (``"auto"``
        chooses from the columns present).
    slot, day_start
        Slot length in minutes and start of the diary day, for the tempogram.
    pair_by, window, observer
        How sessions are paired, the agreement slice length in seconds and the
        observer column (see :func:`observer_agreement`).
    resume_within : float or None
        Minutes within which an interrupted task counts as resumed where the resumption is
        inferred (no task id); fragments of one recorded task are one task whatever the pause.
    weight : str, optional
        Column of sampling weights.
    group : str or list of str, optional
        Groups of the time budget.
    workers : DataFrame, optional
        Workers table, for group columns such as ``team``.
    worker, session : str
        Worker and session columns.
    source : str
        Name shown in the report.
    min_workers : int
        Published figures from fewer workers are withheld (:meth:`ObservationStudy.tables`);
        workers are people, ``participant_key`` where the episodes have one (a WOMBAT
        participant at its site), else ``worker``. 1 shows every figure (a pilot of your own).
    rejects : DataFrame, optional
        Ingest's rejected rows (``read_diary(...).rejects``): where a task of a session was
        rejected as a timer left running, the session's observed span ends at the later of
        its start and the end of the session's last task kept, with a warning giving the
        hours taken out (:func:`~timestudy.observe._runaway.cut_at_runaways`).

    Returns
    -------
    ObservationStudy

    Examples
    --------
    >>> from timestudy import observation_study, read_diary
    >>> from timestudy.simulate import observation_example
    >>> raw = observation_example(n_workers=2, sessions=1, paired=1)
    >>> eps = read_diary(raw, layout="wombat", warn=False).episodes
    >>> study = observation_study(eps, by="activity_code", source="example")
    >>> len(study.pairs), sorted(study.results())[:2]
    (1, ['agreement', 'budget'])
    """
    check_frame(episodes)
    episodes = cut_at_runaways(episodes, rejects, session)
    person = "participant_key" if "participant_key" in episodes.columns else worker
    pairs = (
        paired_sessions(
            episodes, pair_by=pair_by, observer=observer, session=session, worker=person
        )
        if session in episodes.columns
        else pd.DataFrame()
    )
    linked = dict(pair_by=pair_by, window=window, observer=observer, session=session, worker=person)
    agreement = observer_agreement(episodes, by, **linked) if len(pairs) else None
    multi = None
    observers = set(pairs["observer_a"]) | set(pairs["observer_b"]) if len(pairs) else set()
    if observer in episodes.columns and len(observers) > 2:
        multi = multi_observer_agreement(episodes, by, **linked)
        multi = multi if multi.raters > 2 else None
    main = without_second_sessions(episodes, pairs, person, session, worker)
    main = join_workers(main, workers, worker, as_list(group) + as_list(weight))
    sess = session if session in episodes.columns else None
    cells = cell_people(main, as_list(by), person, [g for g in as_list(group) if g in main],
                        weight if weight in main.columns else None)
    return ObservationStudy(
        multitasking=multitasking(main, by, method=multitasking_method, worker=worker,
                                  session=sess),
        interruptions=interruptions(
            main, by, method=interruption_method, resume_within=resume_within, worker=worker,
            session=sess, day_start=day_start,
        ),
        tempogram=tempogram(main, by, slot=slot, day_start=day_start, weight=weight, worker=worker),
        transitions=transitions(main, by, weight=weight, worker=worker, session=sess),
        budget=time_budget(
            main, by, group=group, weight=weight, day_start=day_start, worker=worker,
            session=sess,
        ),
        agreement=agreement,
        pairs=pairs,
        multi_agreement=multi,
        source=source,
        settings={"by": as_list(by), "slot": slot, "day_start": day_start, "window": window,
                  "sources_are_tasks": "task_id" in episodes.columns,
                  "person_ids": person_ids(episodes, worker), "min_workers": min_workers, "cells": cells,
                  "n_workers": int(episodes[person].nunique()),
                  "n_paired": int(pairs["worker"].nunique()) if len(pairs) else 0,
                  "method_rule": {
                      "interruptions": _why(interruption_method, "interrupted_by", episodes),
                      "multitasking": _why(multitasking_method, "multitask_with", episodes)}},
    )
