"""The whole study in one call: ingest, categorise, panels and models, guide."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from timestudy._lib.atomic import note_input
from timestudy._lib.fingerprint import run_fingerprint
from timestudy._lib.progress import progress_bar
from timestudy.capacity.in_post import no_caseload_roles, staff_on, stopped_early
from timestudy.categorise.coverage_report import CategoriseReport
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from timestudy.errors import DataQualityWarning, SchemaError, TimestudyError, TimestudyWarning
from timestudy.guide import Adjustments, TimeGuide
from timestudy.ingest.case_ids import match_case_ids
from timestudy.ingest.diary import IngestResult, read_cases, read_diary, read_workers
from timestudy.ingest.holder_ids import fold_holders, table_name
from timestudy.ingest.requirements import missing_for_guide
from timestudy.ingest.worker_ids import match_worker_ids
from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS, bank_holidays
from timestudy.results import Result, Section, part
from timestudy.stats import background

if TYPE_CHECKING:
    from timestudy.models import StudyModels

# The models, the guide's estimates, capacity and the report's tables import SciPy (0.3-0.4 s):
# they are imported where the run needs them, so that importing this module does not, and
# the diary can be read in a child forked before those imports (timestudy.study.ahead).


@dataclass(frozen=True, repr=False)
class StudyRun(Result):
    """Everything a study run produced, stage by stage.

    Made by :func:`run_study`.

    Attributes
    ----------
    ingest : IngestResult
        Episodes, rejects and report of reading the diary.
    episodes : DataFrame
        The accepted episodes, categorised.
    coverage : CategoriseReport
        How much of the diary the taxonomy categorised.
    cases, workers : DataFrame
        The cases and workers tables, as read.
    models : StudyModels
        Every estimate (see :func:`fit_study`).
    guide : TimeGuide
        The time guide built from them.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    >>> run.ingest.report.n_accepted == len(run.episodes), run.guide.meta["n_workers"]
    (True, 8)
    >>> print(repr(run).splitlines()[0])
    Study run
    """

    ingest: IngestResult
    episodes: pd.DataFrame
    coverage: CategoriseReport
    cases: pd.DataFrame
    workers: pd.DataFrame
    models: StudyModels
    guide: TimeGuide

    title = "Study run"

    def summary(self) -> pd.DataFrame:
        """The guide's headline figures."""
        return self.guide.summary()

    def _lead(self) -> list[str]:
        r = self.ingest.report
        return [f"{r.n_read} rows read, {r.n_accepted} accepted, {r.n_rejected} rejected, "
                f"{r.n_duplicates} duplicates; {self.coverage.share_minutes_categorised:.1%} of "
                "time categorised.", *self.guide._lead()]

    def _sections(self) -> list[Section]:
        """Each stage in full (in HTML and Markdown): ingest, coverage, the guide."""
        return [part(self.ingest), part(self.coverage), part(self.guide)]

    def plot(self, ax=None):
        """The guide's hours per case-month by case type (see :meth:`TimeGuide.plot`)."""
        return self.guide.plot(ax=ax)


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
        (``{"asye": 0.9}``), kept in the guide and used for capacity.
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
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=12, weeks=2, seed=3)
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
    from timestudy.models import fit_study, observation_models
    from timestudy.panels.survey_weights import survey_weights
    from timestudy.report.tables import caseload_day

    reference = _reference(calibrate_to)  # a bad file stops the run before anything is read
    bands = DEFAULT_BANDS if bands is None else bands
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
        pieces = dict(fit_options.pop("piece_options", None) or {})
        pieces.setdefault("link_within_days", tax.link_within_days)  # the taxonomy's
        pieces.setdefault("calls", tax.calls)
        if observation:  # an observation study: no case weights (a diary's case ids still
            cases_t = _no_cases()  # link a piece's sittings and its travel and notes)
            models = observation_models(episodes, workers_t, n_boot=n_boot, seed=seed,
                                        weight=weight, piece_options=pieces, **fit_options)
        else:
            available = {"roles": dict(roles or {}),  # who holds a caseload
                         **(fit_options.pop("available_options", None) or {})}
            models = fit_study(episodes, cases_t, workers_t, n_boot=n_boot, seed=seed,
                               weight=weight, pressure=pressure, piece_options=pieces,
                               available_options=available, **fit_options)
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
        if not observation:  # a leaver still counted in post: named, for the analyst
            note = stopped_early(episodes.groupby("worker_id", observed=True)["start"].max(),
                                 workers_t, caseload_day(guide, as_of)[0])
            if note:
                warnings.warn(note, DataQualityWarning, stacklevel=2)
            from timestudy.models.available import roles_not_listed

            for note in (roles_not_listed(workers_t, roles),  # an ASYE spelt NQSW (audit22k)
                         no_caseload_roles(workers_t, roles)):  # a team manager (audit23w)
                if note:
                    warnings.warn(note, DataQualityWarning, stacklevel=2)
        steps.update()
    steps.close()
    shown = _warnings(caught, _named(ingest, cases_t, workers_t))
    if not isinstance(taxonomy, str | Path):  # a Taxonomy object: by its content
        parts["taxonomy"] = fingerprint(tax.to_frame())
    guide = replace(guide, meta=guide.meta | {"labels": _labels(tax), "warnings": shown,
                                              "data_fingerprint": whole,
                                              "input_fingerprints": parts,
                                              "published_team_names": list(team_names),
                                              "role_allowances": dict(roles or {}),
                                              "survey_weighted": weight is not None})
    if not observation:
        guide = _with_headline(guide, caseload, cases_t, workers_t, as_of, bands)
    _warn_again(caught)
    return StudyRun(ingest, episodes, report, cases_t, workers_t, models, guide)


def _warn_again(caught: list) -> None:
    """A run's warnings raised again for its caller: timestudy's in full (not as published),
    each once, and other libraries' as they were."""
    raw = {str(w.message): w.category for w in caught if issubclass(w.category, TimestudyWarning)}
    for text, category in raw.items():
        warnings.warn(text, category, stacklevel=3)
    for w in caught:
        if not issubclass(w.category, TimestudyWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


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
    steps.update()
    steps.set_postfix_str("categorising")
    kept = ingest.episodes if observation else few_left_out(
        ingest.episodes, workers_t, roles, min_workers)
    if done is not None and kept is ingest.episodes:  # the child categorised these rows
        (episodes, report), later = done
        background.raise_again(later)
    else:  # uncategorised time on a bank holiday is warned
        episodes, report = categorise_and_report(kept, tax, holidays=bank_holidays(key[-1]))
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
    workers_t = read_workers(workers)
    cases_t = None if cases is None else fold_holders(read_cases(cases), workers_t,
                                                      table_name(cases, "the cases table"))
    return cases_t, workers_t, _read(diary, cases_t, workers_t, **dict(read_options)), None, ()


def _read(diary, cases_t, workers_t, **options) -> IngestResult:
    """The diary read against the cases and workers tables, each worker and case id taken
    as the tables spell it, and the file's own warnings warned again (read with
    ``warn=False``, they would be lost to the guide)."""
    ingest = read_diary(diary, cases=cases_t, workers=workers_t, warn=False, **options)
    mapping = options.get("mapping")
    ingest = match_worker_ids(ingest, workers_t, mapping)  # one worker, one spelling
    if cases_t is not None:
        ingest = match_case_ids(ingest, cases_t, mapping)  # one case, one spelling
    for w in ingest.report.details.get("warnings", ()):
        warnings.warn(f"{ingest.report.source}: {w['message']}", DataQualityWarning,
                      stacklevel=3)
    note = _rejected_note(ingest.report)
    if note:  # said in the guide too, not only by the command (audit22o)
        warnings.warn(note, DataQualityWarning, stacklevel=3)
    return ingest


def _rejected_note(report) -> str | None:
    """The rows the diary's read rejected, by reason (the three commonest), and what the
    figures rest on; None when none was.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(source="d.csv", n_read=55, n_rejected=50, n_accepted=5,
    ...                     rejected_by_reason={"missing_required": 50})
    >>> print(_rejected_note(r))
    d.csv: 50 of 55 rows rejected (missing_required 50): every figure rests on the 5 rows accepted; timestudy validate lists them with their lines and reasons
    """
    if not report.n_rejected:
        return None
    top = sorted(report.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
    why = ", ".join(f"{k} {v:,}" for k, v in top)
    return (f"{report.source}: {report.n_rejected:,} of {report.n_read:,} rows rejected "
            f"({why}): every figure rests on the {report.n_accepted:,} "
            f"row{'s' if report.n_accepted != 1 else ''} accepted; "
            "timestudy validate lists them with their lines and reasons")


def _named(ingest: IngestResult, cases_t, workers_t) -> set[str]:
    """The identifiers no published warning may carry: the tables' and the diary's ids, the
    spellings folded to them, and the file's name (a file may be named after a person: not
    its stem alone, or a file diary.csv would take 'diary' out of every warning)."""
    folded = {f["as_read"] for key in ("worker_ids", "case_ids")
              for f in ingest.report.details.get(key, {}).get("folded", ())}
    return _identifiers(ingest.episodes, ingest.rejects, cases_t, workers_t) | {
        str(ingest.report.source)} | folded


def _reference(calibrate_to) -> TimeGuide | None:
    """``run_study``'s reference guide: read from its file (noted as an input, so no output
    may replace it; one line naming the file and the fix if it cannot be read), or as given."""
    if calibrate_to is None or isinstance(calibrate_to, TimeGuide):
        return calibrate_to
    from timestudy.capacity.calibration_reference import read_reference

    note_input(calibrate_to)
    return read_reference(calibrate_to)


def _with_headline(guide: TimeGuide, caseload, cases_t, workers_t, as_of, bands) -> TimeGuide:
    """The guide with its capacity headline: the cases open on the caseload's day (``as_of``,
    else the diary's last day) against the workers in post that day."""
    from timestudy.capacity import headline
    from timestudy.report.tables import caseload_day, counted_caseload

    on, why = caseload_day(guide, as_of)
    if as_of is not None:
        guide = replace(guide, meta=guide.meta | {"caseload_as_of": f"{on:%Y-%m-%d}"})
    else:
        why = "the last day of the diary"
    if caseload is not None:
        caseload = fold_holders(read_cases(caseload), workers_t,
                                table_name(caseload, "the caseload"))
    held, where = counted_caseload(caseload, cases_t, on, why)
    return replace(guide, meta=guide.meta | {  # a worker who left by then is not in post
        "headline": headline(guide, *staff_on(held, workers_t, on), bands=bands, where=where)})


def few_left_out(episodes: pd.DataFrame, workers: pd.DataFrame, roles, min_workers: int
                 ) -> pd.DataFrame:
    """The episodes, without those of the workers whose role holds no caseload when they
    are fewer than ``min_workers``.

    The hours for casework leave such workers out (:func:`timestudy.models.available_time`)
    while the task and category tables count everyone; with fewer than ``min_workers`` left
    out, the difference would give their own hours back, so their diaries are left out of
    the whole guide (a warning says so).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W1", "M1"]})
    >>> w = pd.DataFrame({"worker_id": ["W1", "M1"], "role": ["social_worker", "manager"]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     few_left_out(e, w, {"manager": 0}, 5)["worker_id"].tolist()
    ['W1']
    """
    from timestudy.models.available import caseload_shares

    share = caseload_shares(episodes["worker_id"], workers, roles)
    out = (share <= 0).to_numpy()
    n = episodes.loc[out, "worker_id"].nunique()
    if not 0 < n < min_workers:
        return episodes
    if out.all():
        raise TimestudyError("every worker in the diary has a role that holds no caseload (a "
                             "share of 0 in the roles): no guide can be built; give the "
                             "case-holding roles a share over 0")
    warnings.warn(
        f"the diaries of {n} {'worker' if n == 1 else 'workers'} whose role holds no caseload "
        f"(a share of 0) are left out of the whole guide, not only of the hours for casework: "
        f"with fewer than {min_workers} left out, the task and category tables would give "
        "their own hours back", DataQualityWarning, stacklevel=3)
    return episodes.loc[~out].reset_index(drop=True)


def _no_cases() -> pd.DataFrame:
    """An empty cases table: an observation study."""
    return read_cases(pd.DataFrame({"case_id": pd.Series(dtype="str"),
                                    "case_type": pd.Series(dtype="str"),
                                    "worker_id": pd.Series(dtype="str")}))


def _labels(tax) -> dict:
    """Display names of the taxonomy's task types and categories."""
    return {"task_types": {t.id: t.label for t in tax.task_types},
            "categories": {c.id: c.label for c in tax.categories}}


def _warnings(caught, identifiers: frozenset = frozenset()) -> list[dict]:
    """timestudy's warnings of a run, each once, in order, as JSON-ready records.

    They are published (``guide.json``, the report): a quoted value, and any word that is
    a worker, case or team identifier of the run, is replaced, and a message is cut at
    300 characters.
    """
    out: dict[str, dict] = {}
    for w in caught:
        if issubclass(w.category, TimestudyWarning):
            text = publishable(str(w.message), identifiers)
            out.setdefault(text, {"kind": w.category.__name__, "message": text})
    return list(out.values())


#: A quoted value: its quote marks not inside a word (so the grid's apostrophe is none).
_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"(?!\w)")
_WORD = re.compile(r"[^\s,;:()\[\]{}'\"]+")
#: An amount of time a warning gives (``6.8 h``, ``8.7 of 770.0 hours``, ``45 minutes``,
#: ``1.5 days``; not ``3 hours' time``): it may be one worker's or one case's, which no
#: published figure may be.
_TIME = re.compile(r"\b\d[\d,]*(?:\.\d+)?(?: of \d[\d,]*(?:\.\d+)?)? ?"
                   r"(?:h|hrs?|hours?|mins?|minutes?|days?)\b(?!')", re.IGNORECASE)


def publishable(message: str, identifiers: frozenset = frozenset()) -> str:
    """A warning fit to publish: no quoted value, no identifier, no amount of time (which may
    be one worker's), one line, 300 characters.

    Examples
    --------
    >>> publishable("worker W123 has 'Jo Smith' in team North", frozenset({"W123", "North"}))
    'worker [id] has [value] in team [id]'
    >>> publishable("rows of Jo Smith (W1)", frozenset({"Jo Smith"}))
    'rows of [id] (W1)'
    >>> publishable("the grid's rows ('Amy Khan' '09/03/2026')")
    "the grid's rows ([value] [value])"
    >>> publishable("its 11 rows (6.8 h recorded); 8.7 of 770.0 hours in no case-month")
    'its 11 rows ([time] recorded); [time] in no case-month'
    >>> publishable("6.8 Hours and 1.5 days; in 3 hours' time; every 2 weeks")
    "[time] and [time]; in 3 hours' time; every 2 weeks"
    """
    text = _QUOTED.sub("[value]", " ".join(message.split()))
    text = _TIME.sub("[time]", text)  # whose time it is a warning does not say: not published
    for name in sorted((i for i in identifiers if " " in i.strip()), key=len, reverse=True):
        text = text.replace(" ".join(name.split()), "[id]")  # 'Jo Smith': no word alone
    text = _WORD.sub(lambda m: "[id]" if m.group(0).strip(".") in identifiers else m.group(0),
                     text)
    return text if len(text) <= 300 else text[:299] + "…"


def _identifiers(*tables) -> frozenset:
    """Every worker, case and team identifier of the run's tables."""
    ids: set[str] = set()
    for t in tables:
        for col in ("worker_id", "case_id", "team", "session_id", "observer_id"):
            if t is not None and col in t:
                ids.update(t[col].dropna().astype(str).unique())
    return frozenset(ids)

