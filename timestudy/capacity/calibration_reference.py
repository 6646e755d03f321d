"""A study calibrated to a published reference guide read from its ``guide.json``.

``timestudy guide --calibrate-to REFERENCE_JSON`` (study file key ``inputs.calibrate_to``)
builds the local study's models, calibrates the reference guide to them
(:func:`timestudy.capacity.calibration.calibrate`, with the study's ``min_workers`` as the
threshold below which a local figure gets no weight) and writes the calibrated guide and
its report instead of the local guide. The reference is read before anything runs, so a
file that cannot be read stops the run with one line, and nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from timestudy.capacity.calibration import calibrate
from timestudy.capacity.calibration_disclosure import check_reference
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.models import StudyModels

__all__ = ["calibrated_guide", "read_reference"]


def read_reference(path: str | Path, min_workers: int | None = None) -> TimeGuide:
    """The reference guide to calibrate to, or one line naming the file and the fix.

    Parameters
    ----------
    path : str or Path
        A ``guide.json`` written by ``timestudy guide`` or :meth:`TimeGuide.to_json`.
    min_workers : int, optional
        The threshold the calibrated guide is to be published at: a reference written at
        a lower one is refused now, before the local study is read
        (:func:`~timestudy.capacity.calibration_disclosure.check_reference`).

    Returns
    -------
    TimeGuide
        The reference guide.

    Raises
    ------
    ConfigError
        When the file is missing, not JSON or not shaped like a guide, or written at a
        lower threshold than ``min_workers``: the message names the file, the option and
        what to give instead.

    Examples
    --------
    >>> read_reference("no_such_guide.json")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: no_such_guide.json: the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) is not a readable guide.json ([Errno 2] No such file or directory: 'no_such_guide.json'); give the guide.json a `timestudy guide` run wrote
    """
    try:
        reference = TimeGuide.from_json(path)
    except ConfigError as exc:
        why = str(exc).removeprefix(f"{path}: ").split("; write", 1)[0]
        raise ConfigError(
            "the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) "
            f"{why}; give the guide.json a `timestudy guide` run wrote",
            source=str(path)) from None
    if min_workers is not None:
        check_reference(reference, min_workers, source=str(path))
    return reference


def calibrated_guide(reference: TimeGuide, models: StudyModels, min_workers: int
                     ) -> TimeGuide:
    """The reference guide calibrated to a local study's models, ready to publish.

    Parameters
    ----------
    reference : TimeGuide
        The published reference guide (:func:`read_reference`).
    models : StudyModels
        The local study's models (``run_study(...).models``).
    min_workers : int
        The publication threshold: a local figure resting on fewer local workers gets
        no weight, and a local time available from fewer case-holding workers is not taken.

    Returns
    -------
    TimeGuide
        :meth:`Calibration.to_guide` of the calibration (figures it could not calibrate
        are blank, said in its notes and as an :class:`EstimationWarning`), with
        ``meta["caseload_as_of"]`` the local diary's last day: the day its capacity
        figures count the local caseload's open cases on.

    Examples
    --------
    A study calibrated to its own guide (in use: a larger study's, published):

    >>> from timestudy.examples import example_run
    >>> run = example_run(seed=3)
    >>> g = calibrated_guide(run.guide, run.models, 5)
    >>> g.meta["calibrated"], g.meta["calibration_min_workers"]
    (True, 5)
    """
    guide = calibrate(reference, models, min_workers=min_workers).to_guide()
    # its capacity figures count the local caseload, open on the local diary's last day (the
    # period in its meta is the reference's, which would count another day's cases)
    return replace(guide, meta=guide.meta | {"caseload_as_of": f"{models.period[1]:%Y-%m-%d}"})
