"""One small example study, computed once per process, for the docstring examples.

Most examples in the package need a study run, its guide or its models before they can
show their own function: simulating eight workers for a week and running the study on
them takes a second or two, and some forty examples used to do it each, several with a
study of their own size and seed. :func:`example_study` and :func:`example_run` give
every example the same small study instead, simulated and run once per seed in a Python
process and kept (:func:`functools.cache`).

What they return is a deep copy of what is kept (a few milliseconds for this study):
an example, or a user trying one out, may change the tables it gets without changing
what the next caller gets.

Examples
--------
>>> from timestudy.examples import example_run
>>> run = example_run()
>>> run.guide.meta["n_workers"], run.ingest.report.n_accepted == len(run.episodes)
(8, True)
"""

from __future__ import annotations

import copy
import functools

from timestudy.pipeline import run_study
from timestudy.run_result import StudyRun
from timestudy.simulate import SimulatedStudy, simulate_study

#: The example study's design: eight workers writing a diary for one week, and its
#: intervals from 19 bootstrap draws (enough for an example, not for a guide).
N_WORKERS = 8
WEEKS = 1
N_BOOT = 19


@functools.cache
def _study(seed: int) -> SimulatedStudy:
    return simulate_study(n_workers=N_WORKERS, weeks=WEEKS, seed=seed)


@functools.cache
def _run(seed: int) -> StudyRun:
    s = _study(seed)
    return run_study(s.diary, s.cases, s.workers, n_boot=N_BOOT)


def example_study(seed: int = 2) -> SimulatedStudy:
    """The example study: eight workers' simulated diary, cases and workers for a week.

    The same as ``simulate_study(n_workers=8, weeks=1, seed=seed)``, simulated once per
    seed in a process; each call returns its own deep copy.

    Parameters
    ----------
    seed : int, default 2
        The simulator's seed. The examples use 2; a second study (for a comparison or a
        calibration between two studies) uses 3.

    Returns
    -------
    SimulatedStudy
        Diary, cases and workers with the true answer (see :func:`simulate_study`).

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> s = example_study()
    >>> s.workers["worker_id"].nunique(), s.design["weeks"]
    (8, 1)
    >>> s.diary.loc[:, "duration_min"] = 0  # changes this copy only
    >>> bool(example_study().diary["duration_min"].gt(0).any())
    True
    """
    return copy.deepcopy(_study(seed))


def example_run(seed: int = 2) -> StudyRun:
    """The example study run: :func:`example_study` through ``run_study``.

    The same as ``run_study(s.diary, s.cases, s.workers, n_boot=19)`` on
    ``s = example_study(seed)``: run once per seed in a process; each call returns its
    own deep copy, so its episodes, models and guide may be changed freely.

    Parameters
    ----------
    seed : int, default 2
        The simulator's seed (see :func:`example_study`).

    Returns
    -------
    StudyRun
        Ingest, categorised episodes, models and the time guide (see :func:`run_study`).

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> run = example_run()
    >>> run.guide.case_types.index.tolist()
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    >>> example_run() is example_run(), example_run(seed=3).guide.meta["n_workers"]
    (False, 8)
    """
    return copy.deepcopy(_run(seed))
