"""Run a :class:`~timestudy.study.Study`: the pipeline, then every output it asks for."""

from __future__ import annotations

from pathlib import Path

from timestudy.study.config import Study


def run_study_file(study: Study, *, files_read: bool = False):
    """Run the study and write its outputs to ``study.out``.

    Parameters
    ----------
    study : Study
        From :func:`timestudy.study.read_study` (with any command-line overrides).
    files_read : bool, default False
        True when the caller has already read the study's files other than its diary
        (:func:`read_files`, as ``timestudy guide`` does before it reads the diary ahead):
        they are not read a second time.

    Returns
    -------
    (StudyRun, dict of str to Path)
        The run and the paths written, by file name (the study file used is
        written too, as ``study.yaml`` in the output folder, paths made absolute).
        With ``study.internal``, the diary completeness by worker written there
        too (:func:`timestudy.report.write_internal`), keyed ``internal/<name>``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy import simulate_study
    >>> from timestudy.study import Study, run_study_file
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> data = simulate_study(n_workers=8, weeks=1, seed=2).write(folder / "data")
    >>> study = Study.from_options(diary=data["diary"], cases=data["cases"],
    ...                            workers=data["workers"], n_boot=19, out=str(folder / "out"),
    ...                            formats=["json"], progress=False)
    >>> run, paths = run_study_file(study)
    >>> sorted(paths)
    ['data_quality.json', 'guide.json', 'study.yaml']
    """
    from timestudy._lib.atomic import output_lock

    with output_lock(study.out):  # one run at a time into one folder, from the start
        refuse_early(study, files=not files_read)
        return _run(study)


def refuse_early(study: Study, *, files: bool = True) -> None:
    """Refuse, before the diary is read, a study the run would refuse on its options or on
    a file other than its diary, cases and workers: an output that would replace one of its
    files, no diary or workers, ``internal`` inside ``out``, a caseload, reference guide,
    taxonomy, mapping (or reading option), adjustments file, standards, survey or Delphi
    panel that cannot be read, uplifts given with evidence, an unknown precedence. Each is
    the check the run makes later (one rule, the same message); the files read here are
    read again by the run, which warns.

    Raises
    ------
    ConfigError, SchemaError, OutputRefused
        The error the run would raise, before any work.

    Examples
    --------
    >>> from timestudy.study import Study
    >>> refuse_early(Study.from_options(diary="d.csv", workers="w.csv",
    ...                                 adjustments="a.yaml", standards="england"))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: a.yaml: adjustments file not found: check the path
    """
    from timestudy.errors import ConfigError

    _refuse_replacing_inputs(study)
    missing = [k for k in ("diary", "workers") if getattr(study, k) is None]
    if missing:
        raise ConfigError(f"no {', '.join(missing)} given: set inputs.{missing[0]} in the study "
                          f"file or give it on the command line")
    if study.internal is not None:
        from timestudy.report.internal import inside_published

        if inside_published(study.internal, study.out):
            raise ConfigError(f"internal {study.internal} is inside out {study.out}: the "
                              "completeness by worker names workers; give a folder outside "
                              "the published outputs")
    if files:  # False: the caller has read them (:func:`read_files`, ``timestudy guide``)
        read_files(study)


def read_files(study: Study) -> None:
    """The files of ``study`` that need nothing from its diary, read in the order the run
    reads them (:func:`timestudy.run_study`): a file that cannot be read is refused now.

    Light (no SciPy unless a reference guide or evidence is given), so ``timestudy guide``
    calls it before it starts reading the diary ahead (:mod:`timestudy.study.ahead`).
    """
    import warnings

    with warnings.catch_warnings():  # the run reads them again, and warns in its place
        warnings.simplefilter("ignore")
        _read_files(study)


def _read_files(study: Study) -> None:
    # each module imported only when its file is given: the default run reads none here
    # (importing pandas before the read-ahead starts cost the guide 0.65 s of its wall time)
    if study.caseload:
        from timestudy.ingest.diary import read_cases

        read_cases(study.caseload)
    if study.calibrate_to is not None:
        from timestudy.capacity.calibration_reference import read_reference

        read_reference(study.calibrate_to, study.min_workers)  # at min_workers or above
    if study.taxonomy != Study.taxonomy:  # the shipped default always loads
        from timestudy.categorise.taxonomy import load_taxonomy

        load_taxonomy(study.taxonomy)
    options = study.model_arguments()  # the diary's reading options, as read_diary takes them
    if study.mapping is not None or any(options[k] is not None
                                        for k in ("layout", "sheet", "timezone")):
        from timestudy.ingest.mapping import load_mapping

        load_mapping(study.mapping).replace(layout=options["layout"], sheet=options["sheet"],
                                            timezone=options["timezone"])
    evidence = (study.standards, study.survey, study.delphi)
    if study.adjustments is not None:
        from timestudy.guide.adjustments import Adjustments, refuse_uplifts_with_evidence

        Adjustments.from_yaml(study.adjustments)
        refuse_uplifts_with_evidence(study.adjustments, *evidence)
    if any(evidence):
        from timestudy.guide.should import read_evidence
        from timestudy.ingest.evidence import read_survey

        read_evidence(study.standards, study.delphi, study.precedence)
        if study.survey:
            read_survey(study.survey)


def _refuse_replacing_inputs(study: Study) -> None:
    """Refuse at once a study whose outputs would replace one of its files: its own study
    file (``--config OUT/study.yaml`` run into ``OUT``) or the guide it calibrates to."""
    from timestudy._lib.atomic import refuse_replacing
    from timestudy.report.outputs import output_names
    from timestudy.study.config import PATHS

    names = [*output_names(study.formats, quality=study.calibrate_to is None), "study.yaml"]
    files = [getattr(study, k) for k in PATHS if k not in ("out", "internal")]
    refuse_replacing(study.out, names, [*files, study.taxonomy, study.standards, study.source])


def _run(study: Study):
    from timestudy._lib.atomic import atomic_folder
    from timestudy.pipeline import run_study
    from timestudy.report import write_outputs

    caseload = None
    if study.caseload:  # the readers: imported to read (the diary may be read by a child)
        from timestudy.ingest.diary import read_cases

        caseload = read_cases(study.caseload)
    run = run_study(
        study.diary, study.cases, study.workers, adjustments=study.adjustments,
        caseload=caseload, as_of=study.caseload_as_of, bands=study.bands,
        progress=study.progress, team_names=study.team_names,
        should={"standards": study.standards, "survey": study.survey, "delphi": study.delphi,
                "precedence": study.precedence},
        calibrate_to=study.calibrate_to,  # the reference calibrated to the study, written instead
        **study.model_arguments(),  # the diary's reading, roles, the fit's options
    )
    if caseload is not None:  # its holders as run_study counted them (warned there)
        from timestudy.ingest.holder_ids import fold_holders

        caseload = fold_holders(caseload, run.workers, warn=False)
    out = Path(study.out)
    with atomic_folder(out) as tmp:  # all outputs, or none (and the old ones kept)
        written = write_outputs(
            # calibrated: the guide alone (its report holds no section of the local run's
            # own data, which the calibrated figures are not; no data_quality.json)
            run if study.calibrate_to is None else run.guide, tmp, caseload=caseload,
            workers=run.workers if caseload is not None else None, bands=study.bands,
            formats=study.formats, title=study.title, organisation=study.organisation,
            progress=study.progress,
        )
        written["study.yaml"] = _write_used(study, tmp / "study.yaml", out)
    paths = {k: out / Path(v).relative_to(tmp) for k, v in written.items()}
    if study.internal is not None:  # names workers: its own folder, never in ``out``
        from timestudy.report import write_internal

        internal = write_internal(run, study.internal, published=out)
        paths |= {f"internal/{k}": v for k, v in internal.items()}
    return run, paths


def _write_used(study: Study, path: Path, out: Path) -> Path:
    """The study as run, so ``--config OUT/study.yaml`` repeats it: every file it names
    written relative to ``out`` (the published folder, where the file is read from), never
    as an absolute path (a home folder can name a person; the folder can be moved with its
    inputs). A file on another drive keeps its absolute path."""
    from timestudy.study.config import KEYS, PATHS
    from timestudy.study.template import study_template

    values = {}
    data = study.to_dict()

    def walk(node, prefix=""):
        for k, v in node.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict) and k != "roles":
                walk(v, key + ".")
            elif k != "study_file_version":
                values[key] = v

    walk(data)
    files = [KEYS[name] for name in PATHS]
    files += [k for k in ("taxonomy", "should.standards") if isinstance(values.get(k), str)
              and values[k].lower().endswith((".yaml", ".yml"))]
    for k in files:
        if values.get(k) is not None:
            values[k] = _relative(Path(values[k]), out)
    # written into its own outputs' folder: a rerun from it writes elsewhere
    text = study_template("timestudy guide --config study.yaml --out another_folder", **values)
    path.write_text(text, encoding="utf-8")
    return path


def _relative(file: Path, out: Path) -> str:
    """``file`` relative to the folder ``out`` (POSIX separators), or absolute across drives."""
    import os

    try:
        return Path(os.path.relpath(file.resolve(), out.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return str(file.resolve())

