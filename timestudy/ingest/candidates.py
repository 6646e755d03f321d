"""Candidate episodes: one episode before validation, its values as written, with the input row it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Candidates:
    """Candidate episodes in canonical names, values as written.

    Attributes
    ----------
    frame : DataFrame
        Episode fields, helper columns (``date``, ``start_time``, ``end_time``,
        ``end_date``, and internal ``_start_min``/``_end_min``) and extra columns.
    origin : ndarray of int
        Position in the raw table of the row each candidate came from.
    labels : dict
        The user's header for each canonical or helper column, for messages.
    extras : list of str
        Extra columns, kept in the output as they were.
    layout : str
        The layout read.
    details : dict
        Layout facts for the report (e.g. slot length).
    secondary : Candidates, optional
        Secondary activities (slot diaries): episodes that overlap the main ones and add
        no minutes.
    """

    frame: pd.DataFrame
    origin: np.ndarray
    labels: dict[str, str]
    extras: list[str]
    layout: str
    details: dict = field(default_factory=dict)
    secondary: Candidates | None = None


def normalise(header: str) -> str:
    """Header as a comparable key: lower case, spaces and hyphens as underscores.

    Examples
    --------
    >>> normalise(" Worker ID "), normalise("Start-Time")
    ('worker_id', 'start_time')
    """
    return re.sub(r"[\s\-]+", "_", str(header).strip().lower())
