"""A study's tables read and its diary categorised in a forked child, ahead of the run.

``timestudy guide`` spends its first second importing: pandas, then SciPy and the
models (about 0.4 s), which reading and categorising the diary do not need. Started
before those imports (:func:`reading_ahead`), a child forked from this process reads the
cases, workers and diary and categorises the diary while this process imports; the run
(:func:`timestudy.run_study`, through :func:`~timestudy.study.run_study_file`) claims
what it read when its arguments are the same (``timestudy.pipeline._front_key``), and
reads for itself otherwise.

The rule of every helper process holds (:mod:`timestudy._lib.forking`, through
:mod:`timestudy.stats.background`): Linux, a processor free (``TIMESTUDY_HELPER=1``/``0``
forces it), the child tied to this process and stopped when not claimed. What the run
gets is what reading here gives: the child's warnings are raised again in their place
(the reading's when the run reads, the categorising's when it categorises), the files it
read are noted as inputs here (no output may replace them), and a child that fails, or
whose categorising fails, leaves that work to the run, which raises any error itself. Only
files are read ahead, of at most :data:`AHEAD_ROWS` rows as their size suggests: the
rows come back pickled (at 31,000 rows 15 MB, 0.05 s), and at a million a second copy
would cost memory and time.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from timestudy.study.config import Study

#: The largest diary, in rows guessed from its file's size (:func:`rows_guess`), read ahead.
AHEAD_ROWS = 100_000


@contextmanager
def reading_ahead(study: Study) -> Iterator[bool]:
    """The study's tables read and its diary categorised in a forked child, for the run
    of ``study`` in this block (see the module); stopped at its end if not claimed.

    Parameters
    ----------
    study : Study
        The study to be run (its diary, cases, workers, reading options, taxonomy and
        bank holidays).

    Yields
    ------
    bool
        Whether a child was forked.

    Examples
    --------
    >>> with reading_ahead(Study.from_options(diary="no-such.csv")) as forked:
    ...     forked
    False
    """
    from timestudy.pipeline import _front_key
    from timestudy.stats import background

    options = study.model_arguments()
    key = _front_key(study.diary, study.cases, study.workers, options["taxonomy"],
                     {k: options[k] for k in ("mapping", "layout", "sheet", "timezone")},
                     options)
    files = (study.diary, study.cases, study.workers, options["mapping"], options["taxonomy"])
    if not all(f is None or isinstance(f, str | Path) for f in files) or not (
            0 < rows_guess(study.diary) <= AHEAD_ROWS):
        yield False
        return
    with background.ahead(key, lambda: read_and_categorise(key),
                          again=lambda: _tables(key)) as forked:
        yield forked


def rows_guess(path) -> float:
    """The rows of a diary file guessed from its size: 100 bytes a row in a text file
    (CSV, TSV, JSON), 20 in any other (Parquet, a workbook); 0 if it cannot be read.

    Examples
    --------
    >>> rows_guess("no such file")
    0
    """
    try:
        size = os.stat(path).st_size
    except (OSError, TypeError, ValueError):
        return 0
    text = str(path).lower().endswith((".csv", ".tsv", ".txt", ".json", ".jsonl"))
    return size / (100 if text else 20)


def _tables(key: tuple) -> tuple:
    from timestudy.pipeline import _tables

    return _tables(key)


def read_and_categorise(key: tuple) -> tuple:
    """In the child: the tables read as the run reads them, then every row of the diary
    categorised, its warnings kept apart (the run categorises fewer rows itself when it
    leaves a role's workers out, and raises the categorising's warnings after its own).

    Parameters
    ----------
    key : tuple
        The run's reading and categorising (``timestudy.pipeline._front_key``).

    Returns
    -------
    tuple
        ``(cases, workers, ingest, categorised, files)``: the tables, the
        :class:`~timestudy.ingest.IngestResult`, ``((episodes, report), warnings)`` (None
        if categorising failed: the run does it again, raising its error in its place)
        and the files read (inputs of the run).
    """
    from timestudy._lib import atomic
    from timestudy.categorise.rules import categorise_and_report
    from timestudy.categorise.taxonomy import load_taxonomy
    from timestudy.panels.workdays import bank_holidays
    from timestudy.stats.background import recorded

    cases, workers, ingest, _, _ = _tables(key)
    try:
        with warnings.catch_warnings():  # the run loads it too, and warns there
            warnings.simplefilter("ignore")
            tax = load_taxonomy(key[4])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            done = categorise_and_report(ingest.episodes, tax, holidays=bank_holidays(key[-1]))
        categorised = (done, recorded(caught))
    except Exception:  # noqa: BLE001 - categorised again by the run, which raises it
        categorised = None
    return cases, workers, ingest, categorised, list(atomic._INPUTS.values())
