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
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class SchemaError(TimestudyError):
    """A table does not match its schema in a way that makes it unusable."""


class TaxonomyError(TimestudyError):
    """A taxonomy file is invalid (unknown category, bad regex, duplicate id...)."""


class ConfigError(TimestudyError):
    """A mapping, adjustments or other configuration file is invalid."""


class TimestudyWarning(UserWarning):
    """Base class of timestudy's warnings: statistical or data-quality trouble."""


class DataQualityWarning(TimestudyWarning):
    """Input was usable but some rows were flagged (overlaps, long days, unknown ids)."""


class EstimationWarning(TimestudyWarning):
    """A model fit is unreliable (few workers, non-convergence, singular design)."""
