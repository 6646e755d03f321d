"""The whole study in one call: ingest, categorise, panels and models, guide."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from timestudy._lib.atomic import note_input
from timestudy._lib.fingerprint import run_fingerprint
from timestudy._lib.progress import progress_bar
from timestudy.capacity.in_post import no_caseload_roles, staff_on, stopped_early
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from timestudy.errors import DataQualityWarning, SchemaError, TimestudyWarning
from timestudy.guide import Adjustments, TimeGuide
from timestudy.guide.adjustments import refuse_uplifts_with_evidence
from timestudy.guide.roles_left_out import few_left_out
from timestudy.ingest.co_worked import lead_with_diary
from timestudy.ingest.holder_ids import fold_holders, table_name
from timestudy.ingest.requirements import missing_for_guide
from timestudy.ingest.result import IngestResult
from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS, bank_holidays
from timestudy.run_result import StudyRun as StudyRun  # its old home: imported from here
from timestudy.run_warnings import (
    _named,
    _rejected_note,
    _warn_again,
    _warnings,
    type_names,
    withheld_names,
)
from timestudy.run_warnings import publishable as publishable  # its old home: imported from here
from timestudy.schema.roles import default_roles
from timestudy.stats import background

_LAZY = {"categorise_and_report": "timestudy.categorise.rules",
         "match_case_ids": "timestudy.ingest.case_ids",
         "match_worker_ids": "timestudy.ingest.worker_ids",
         "read_cases": "timestudy.ingest.diary", "read_diary": "timestudy.ingest.diary",
         "read_workers": "timestudy.ingest.diary"}


def __getattr__(name: str):
    """The readers and ``categorise_and_report``, names of this module imported on first
    use: with a child reading ahead (:mod:`timestudy.study.ahead`) this process reads and
    categorises nothing, and imports none of them."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _reader(name: str):
    """A reader of this module by name: as patched here, else imported on first use."""
    return globals().get(name) or __getattr__(name)


# The models, the guide's estimates, capacity and the report's tables import SciPy (0.3-0.4 s):
# they are imported where the run needs them, so that importing this module does not, and
# the diary can be read in a child forked before those imports (timestudy.study.ahead).


def run_study(
    diary,
    cases,
    workers,
    *,
    mapping=None,
    layout: str | None = None,
    sheet: str | int | None = None,
    timezone: str | None = None,
    taxonomy=DEFAULT_TAXONOMY,
    adjustments: Adjustments | str | Path | None = None,
    min_workers: int = 5,
    n_boot: int = 999,
    seed: int | None = 0,
    weight: str | None = None,
    pressure: bool = False,
    roles: Mapping[str, float] | None = None,
    caseload=None,
    as_of=None,
    bands: tuple[float, float, float] | None = None,
    progress: bool = False,
    team_names: Sequence[str] = (),
    should: Mapping | None = None,
    calibrate_to: str | Path | TimeGuide | None = None,
    **fit_options,
) -> StudyRun:
    """Run a study from diary, cases and workers to a time guide.

    Parameters
    ----------
    diary : path or DataFrame
        The time diary in any layout :func:`timestudy.read_diary` reads.
    cases, workers : path or DataFrame
        Cases and workers tables. ``cases=None`` is an observation study: the guide has
        task times, time budgets and available time, and no case weights.
    mapping, layout, sheet, timezone
        Passed to :func:`timestudy.read_diary`.
    taxonomy : str, path or Taxonomy
        How to categorise episodes (the shipped UK children's social work one by default).
    adjustments : path or Adjustments, optional
        "Is versus should" uplifts.
    min_workers : int
        Disclosure threshold of the guide.
    n_boot, seed, weight, pressure, **fit_options
        Passed to :func:`timestudy.models.fit_study` (``reference``, ``level``,
        ``available_options``, ``day_options``...).
    roles : mapping, optional
        Role allowances: the share of a full caseload each role holds
        (``{"asye": 0.9}``), kept in the guide and used for capacity. Not given: the study
        file's default (:func:`timestudy.schema.roles.default_roles`, ``{"asye": 0.9}``),
        as ``timestudy guide`` has it; ``{}`` counts every role at a full caseload.
    caseload : path or DataFrame, optional
        Cases held (with ``worker_id``) for the guide's headline; by default the study's
        cases. Either way only the cases open on ``as_of`` count (opened by then and not
        closed by then); the headline says how many were left out.
    as_of : date or ISO string, optional
        The day the caseload is of (default: the last day of the diary); recorded as the
        guide's ``meta["caseload_as_of"]`` when given.
    bands : (float, float, float), optional
        Status bands of the headline's share over capacity
        (:data:`timestudy.capacity.DEFAULT_BANDS` by default).
    progress : bool
        Show a progress bar over the stages.
    team_names : sequence of str
        Team names the report may show as they are; every other team is ``Team A``,
        ``Team B``... (a team name can hold a person's name).
    should : mapping, optional
        "Should" from evidence instead of ``adjustments``: ``standards``, ``survey``,
        ``delphi`` and ``precedence`` as :func:`timestudy.guide.should.should_evidence`
        takes them; the guide's uplifts then carry their evidence.
    calibrate_to : path or TimeGuide, optional
        A published reference guide (its ``guide.json``): the run's guide is then that
        guide calibrated to this study's models
        (:func:`timestudy.capacity.calibration_reference.calibrated_guide`, with
        ``min_workers`` as the local threshold), with this run's own warnings, fingerprints,
        role allowances, survey weights and headline. A file is read first, and noted as an
        input (no output may replace it).

    Returns
    -------
    StudyRun
        Its guide's ``meta`` also holds the display labels of the taxonomy
        (``labels``), the warnings of the run (``warnings``), the role allowances
        and the headline figures (``headline``, see :func:`timestudy.capacity.headline`).

    Raises
    ------
    SchemaError
        Before anything is estimated, when the diary lacks what the guide needs: what the
        time was spent on (``activity``, ``activity_code`` or ``task_type``) and, with cases,
        ``case_id``; one message names every missing column and its mapping key.

    Examples
    --------
    >>> from timestudy import run_study
    >>> from timestudy.examples import example_study
    >>> s = example_study()  # simulate_study(n_workers=8, weeks=1, seed=2)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    >>> run.ingest.report.n_rejected
    0
    >>> sorted(run.guide.case_types.index)
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    >>> run.guide.meta["labels"]["task_types"]["s47_enquiry"]
    'Section 47 enquiry'
    """
    from timestudy.capacity import DEFAULT_BANDS
    from timestudy.guide import build_guide, fingerprint
    from timestudy.models.sensitivity import sensitivity_note
    from timestudy.panels.survey_weights import survey_weights

    # a bad file, or one written at a lower min_workers, stops the run before anything is read
    reference = _reference(calibrate_to, min_workers)
    refuse_uplifts_with_evidence(adjustments, *(dict(should or {}).get(k) for k in
                                                ("standards", "survey", "delphi")))
    bands = DEFAULT_BANDS if bands is None else bands
    roles = default_roles() if roles is None else roles  # the study file's (audit28)
    whole, parts = run_fingerprint(
        {"diary": diary, "cases": cases, "workers": workers, "mapping": mapping,
         "taxonomy": taxonomy if isinstance(taxonomy, str | Path) else None,
         "adjustments": adjustments, "caseload": caseload,
         "calibrate_to": calibrate_to if isinstance(calibrate_to, str | Path) else None},
        {"layout": layout, "sheet": sheet, "timezone": timezone, "min_workers": min_workers,
         "n_boot": n_boot, "seed": seed, "weight": weight, "pressure": pressure,
         "roles": dict(roles or {}), "bands": list(bands), "team_names": list(team_names),
         "as_of": None if as_of is None else str(as_of),
         **fit_options})
    steps = progress_bar(total=5, desc="study", disable=not progress, unit="stage")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimestudyWarning)
        tax = load_taxonomy(taxonomy)
        # what is not work, absence and TOIL: the taxonomy's (counts_as_work, time_off)
        fit_options["day_options"] = tax.day_options | dict(fit_options.get("day_options") or {})
        steps.set_postfix_str("reading")
        key = _front_key(diary, cases, workers, taxonomy, {"mapping": mapping, "layout": layout,
                         "sheet": sheet, "timezone": timezone}, fit_options)
        cases_t, workers_t, ingest, episodes, report = _front(key, tax, roles, min_workers,
                                                              steps)
        if weight is not None:  # bad survey weights: one line naming the diary's file
            survey_weights(ingest.episodes, weight, source=ingest.report.source)
        observation = cases_t is None or cases_t.empty
        steps.update()
        steps.set_postfix_str("fitting models")
        if observation:  # an observation study: no case weights (a diary's case ids still
            cases_t = _no_cases()  # link a piece's sittings and its travel and notes)
        models = _models(episodes, cases_t, workers_t, tax, roles, observation, n_boot=n_boot,
                         seed=seed, weight=weight, pressure=pressure, **fit_options)
        steps.update(2)
        steps.set_postfix_str("building the guide")
        guide = build_guide(models, adjustments=adjustments, min_workers=min_workers,
                            taxonomy=tax.name, n_episodes=len(episodes),
                            data_fingerprint=whole)
        if should and any(should.get(k) for k in ("standards", "survey", "delphi")):
            from timestudy.guide.should import apply_evidence

            guide = apply_evidence(guide, models, adjustments, **should)  # issue 17
        if reference is not None:  # the reference calibrated to this study, published
            from timestudy.capacity.calibration_reference import calibrated_guide

            guide = calibrated_guide(reference, models, min_workers)
        if not observation:
            _staff_notes(episodes, workers_t, roles, guide, as_of)
        steps.update()
    steps.close()
    named = _named(ingest, cases_t, workers_t)
    withheld = withheld_names(guide, _labels(tax)), type_names(guide, _labels(tax))
    shown = _warnings(caught, named, *withheld)  # no withheld task's figure
    if not isinstance(taxonomy, str | Path):  # a Taxonomy object: by its content
        parts["taxonomy"] = fingerprint(tax.to_frame())
    guide = replace(guide, meta=guide.meta | {"labels": _labels(tax), "warnings": shown,
                                              "data_fingerprint": whole,
                                              "input_fingerprints": parts,
                                              "published_team_names": list(team_names),
                                              "role_allowances": dict(roles or {}),
                                              "survey_weighted": weight is not None,
                                              **sensitivity_note(fit_options)})
    if not observation:  # the headline's own warnings published with the others
        with warnings.catch_warnings(record=True) as late:
            warnings.simplefilter("always", TimestudyWarning)
            guide = _with_headline(guide, caseload, cases_t, workers_t, as_of, bands,
                                   ingest.episodes["worker_id"].astype(str).unique())
        more = [w for w in _warnings(late, named, *withheld) if w not in shown]
        guide = replace(guide, meta=guide.meta | {"warnings": shown + more})
        caught += late
    _warn_again(caught)
    return StudyRun(ingest, episodes, report, cases_t, workers_t, models, guide)


def _models(episodes: pd.DataFrame, cases_t, workers_t, tax, roles, observation: bool, *,
            n_boot: int, seed, weight, pressure: bool, **fit_options):
    """The run's models: :func:`timestudy.models.observation_models` for an observation study
    (no case weights), else :func:`timestudy.models.fit_study` with the roles that hold a
    caseload; pieces of work linked by the taxonomy's days and calls unless
    ``piece_options`` says otherwise."""
    from timestudy import models

    pieces = dict(fit_options.pop("piece_options", None) or {})
    pieces.setdefault("link_within_days", tax.link_within_days)  # the taxonomy's
    pieces.setdefault("calls", tax.calls)
    if observation:
        return models.observation_models(episodes, workers_t, n_boot=n_boot, seed=seed,
                                         weight=weight, piece_options=pieces, **fit_options)
    available = {"roles": dict(roles or {}),  # who holds a caseload
                 **(fit_options.pop("available_options", None) or {})}
    return models.fit_study(episodes, cases_t, workers_t, n_boot=n_boot, seed=seed,
                            weight=weight, pressure=pressure, piece_options=pieces,
                            available_options=available, **fit_options)


def _staff_notes(episodes: pd.DataFrame, workers_t, roles, guide: TimeGuide, as_of) -> None:
    """Warn, for the analyst, of a leaver still counted in post, of roles the workers table
    has but the roles do not list (an ASYE spelt NQSW, audit22k) and of workers whose role
    holds no caseload (a team manager, audit23w)."""
    from timestudy.models.available import roles_not_listed
    from timestudy.report.tables import caseload_day

    note = stopped_early(episodes.groupby("worker_id", observed=True)["start"].max(),
                         workers_t, caseload_day(guide, as_of)[0])
    if note:
        warnings.warn(note, DataQualityWarning, stacklevel=3)
    for note in (roles_not_listed(workers_t, roles),  # an ASYE spelt NQSW (audit22k)
                 no_caseload_roles(workers_t, roles)):  # a team manager (audit23w)
        if note:
            warnings.warn(note, DataQualityWarning, stacklevel=3)


def _front(key: tuple, tax, roles, min_workers: int, steps) -> tuple:
    """The tables read and the diary categorised, for :func:`run_study`: by the child
    reading ahead when there is one for ``key`` (:mod:`timestudy.study.ahead`), else here.
    Returns the cases, workers, :class:`IngestResult`, categorised episodes and report."""
    ahead = background.claim(key)
    cases_t, workers_t, ingest, done, read = ahead.result() if ahead else _tables(key)
    for path in read:  # what the child read: inputs of this run, no output may replace
        note_input(path)
    observation = cases_t is None or cases_t.empty
    missing = missing_for_guide(ingest.episodes, cases=not observation)
    if missing:
        raise SchemaError("cannot build a guide from this diary: it has "
                          + "; and ".join(missing) + "; nothing was written",
                          source=ingest.report.source)
    if not observation:  # a co-worked case's months on a co-holder who kept a diary
        cases_t = lead_with_diary(cases_t, ingest.episodes["worker_id"].astype(str).unique(),
                                  table_name(key[2], "the cases table"))
    steps.update()
    steps.set_postfix_str("categorising")
    kept = ingest.episodes if observation else few_left_out(
        ingest.episodes, workers_t, roles, min_workers)
    if done is not None and kept is ingest.episodes:  # the child categorised these rows
        (episodes, report), later = done
        background.raise_again(later)
    else:  # uncategorised time on a bank holiday is warned
        from timestudy.categorise import rules

        episodes, report = rules.categorise_and_report(kept, tax,
                                                       holidays=bank_holidays(key[-1]))
    return cases_t, workers_t, ingest, episodes, report


def _front_key(diary, cases, workers, taxonomy, read_options: dict, fit_options) -> tuple:
    """What reading a study and categorising its diary depend on: the tables, the diary's
    reading options, the taxonomy and the bank holidays (last). Work done ahead for these
    (:mod:`timestudy.study.ahead`) is claimed by :func:`run_study` with an equal key."""
    holidays = (fit_options.get("diary_options") or {}).get("holidays", DEFAULT_BANK_HOLIDAYS)
    return ("read", diary, cases, workers, taxonomy, tuple(read_options.items()), holidays)


def _tables(key: tuple) -> tuple:
    """The cases, workers and diary read as :func:`run_study` reads them, with no
    categorising done (None) and no files to note as inputs (this process noted them)."""
    _, diary, cases, workers, _taxonomy, read_options, _holidays = key
    workers_t = _reader('read_workers')(workers)
    cases_t = None if cases is None else fold_holders(_reader('read_cases')(cases), workers_t,
                                                      table_name(cases, "the cases table"))
    return cases_t, workers_t, _read(diary, cases_t, workers_t, **dict(read_options)), None, ()


def _read(diary, cases_t, workers_t, **options) -> IngestResult:
    """The diary read against the cases and workers tables, each worker and case id taken
    as the tables spell it, and the file's own warnings warned again (read with
    ``warn=False``, they would be lost to the guide)."""
    ingest = _reader('read_diary')(diary, cases=cases_t, workers=workers_t, warn=False, **options)
    mapping = options.get("mapping")
    ingest = _reader('match_worker_ids')(ingest, workers_t, mapping)  # one worker, one spelling
    if cases_t is not None:
        ingest = _reader('match_case_ids')(ingest, cases_t, mapping)  # one case, one spelling
    for w in ingest.report.details.get("warnings", ()):
        warnings.warn(f"{ingest.report.source}: {w['message']}", DataQualityWarning,
                      stacklevel=3)
    note = _rejected_note(ingest.report)
    if note:  # said in the guide too, not only by the command (audit22o)
        warnings.warn(note, DataQualityWarning, stacklevel=3)
    return ingest


def _reference(calibrate_to, min_workers: int) -> TimeGuide | None:
    """``run_study``'s reference guide: read from its file (noted as an input, so no output
    may replace it; one line naming the file and the fix if it cannot be read, or if it was
    written at a lower threshold than ``min_workers``), or as given (checked alike)."""
    if calibrate_to is None:
        return None
    from timestudy.capacity.calibration_disclosure import check_reference
    from timestudy.capacity.calibration_reference import read_reference

    if isinstance(calibrate_to, TimeGuide):
        check_reference(calibrate_to, min_workers)
        return calibrate_to
    note_input(calibrate_to)
    return read_reference(calibrate_to, min_workers)


def _with_headline(guide: TimeGuide, caseload, cases_t, workers_t, as_of, bands,
                   diarists=()) -> TimeGuide:
    """The guide with its capacity headline: the cases open on the caseload's day (``as_of``,
    else the diary's last day) against the workers in post that day (a caseload's co-worked
    case led by a co-holder who kept a diary, as the cases table's: ``lead_with_diary``)."""
    from timestudy.capacity import headline
    from timestudy.report.tables import caseload_day, counted_caseload

    on, why = caseload_day(guide, as_of)
    if as_of is not None:
        guide = replace(guide, meta=guide.meta | {"caseload_as_of": f"{on:%Y-%m-%d}"})
    else:
        why = "the last day of the diary"
    if caseload is not None:
        name = table_name(caseload, "the caseload")
        caseload = lead_with_diary(fold_holders(_reader('read_cases')(caseload), workers_t, name),
                                   diarists, name)  # its co-worked cases as the cases table's
    held, where = counted_caseload(caseload, cases_t, on, why)
    return replace(guide, meta=guide.meta | {  # a worker who left by then is not in post
        "headline": headline(guide, *staff_on(held, workers_t, on), bands=bands, where=where)})


def _no_cases() -> pd.DataFrame:
    """An empty cases table: an observation study."""
    return _reader('read_cases')(pd.DataFrame({"case_id": pd.Series(dtype="str"),
                                    "case_type": pd.Series(dtype="str"),
                                    "worker_id": pd.Series(dtype="str")}))


def _labels(tax) -> dict:
    """Display names of the taxonomy's task types and categories."""
    return {"task_types": {t.id: t.label for t in tax.task_types},
            "categories": {c.id: c.label for c in tax.categories}}


