"""Errors and warnings raised by timestudy.

Every error a user can cause is a :class:`TimestudyError` (also a ``ValueError``)
whose message says what is wrong, where (file, row, column) and what would fix it.
The command line turns these into a one-line message and exit code 2.
"""

from __future__ import annotations


class TimestudyError(ValueError):
    """Base class of the errors a user can cause: bad input, bad configuration.

    Parameters
    ----------
    message : str
        What is wrong, where, and what would fix it.
    source : str, optional
        The file or object the problem is in, named in the message.

    Examples
    --------
    >>> from timestudy import TimestudyError
    >>> err = TimestudyError("column `start` is missing", source="diary.csv")
    >>> str(err), err.source
    ('diary.csv: column `start` is missing', 'diary.csv')
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class SchemaError(TimestudyError):
    """A table does not match its schema in a way that makes it unusable.

    Takes the arguments of :class:`TimestudyError`.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import SchemaError, read_diary
    >>> try:
    ...     read_diary(pd.DataFrame({"worker": ["w1"]}))
    ... except SchemaError as err:
    ...     print(type(err).__name__)
    SchemaError
    """


class TaxonomyError(TimestudyError):
    """A taxonomy file is invalid (unknown category, bad regex, duplicate id...).

    Takes the arguments of :class:`TimestudyError`.

    Examples
    --------
    >>> from timestudy import TaxonomyError, load_taxonomy
    >>> try:
    ...     load_taxonomy("no-such-taxonomy")
    ... except TaxonomyError as err:
    ...     print(type(err).__name__)
    TaxonomyError
    """


class ConfigError(TimestudyError):
    """A mapping, adjustments or other configuration file is invalid.

    Takes the arguments of :class:`TimestudyError`.

    Examples
    --------
    >>> from timestudy import ConfigError, TimestudyError
    >>> err = ConfigError("unknown key `colums`: did you mean `columns`?", source="map.yaml")
    >>> print(err)
    map.yaml: unknown key `colums`: did you mean `columns`?
    >>> isinstance(err, TimestudyError)
    True
    """


class TimestudyWarning(UserWarning):
    """Base class of timestudy's warnings: statistical or data-quality trouble.

    Examples
    --------
    >>> import warnings
    >>> from timestudy import DataQualityWarning, EstimationWarning, TimestudyWarning
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", TimestudyWarning)  # silences every subclass
    ...     warnings.warn("few workers", EstimationWarning)
    >>> issubclass(DataQualityWarning, TimestudyWarning)
    True
    """


class DataQualityWarning(TimestudyWarning):
    """Input was usable but some rows were flagged (overlaps, long days, unknown ids).

    Examples
    --------
    >>> import warnings
    >>> from timestudy import DataQualityWarning
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("3 episodes overlap", DataQualityWarning)
    >>> caught[0].category.__name__
    'DataQualityWarning'
    """


class EstimationWarning(TimestudyWarning):
    """A model fit is unreliable (few workers, non-convergence, singular design).

    Examples
    --------
    >>> import warnings
    >>> from timestudy import EstimationWarning
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", EstimationWarning)  # make it an error in a test
    ...     try:
    ...         warnings.warn("did not converge", EstimationWarning)
    ...     except EstimationWarning as w:
    ...         print(w)
    did not converge
    """
