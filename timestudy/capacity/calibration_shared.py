"""What kind of figure a reference guide and a local study both give, before they are
pooled (:func:`timestudy.capacity.calibration.calibrate`).

A local observation study (no cases table) gives time per piece of work by task type and
no hours per case-month; a reference with no task table gives only hours per case-month.
Nothing can be pooled, and what they do not share is the kind of figure, not the taxonomy
or the case types: :func:`refuse_no_kind_shared` says so in one line, before
:func:`~timestudy.capacity.not_calibrated.refuse_unshared` (the same kind, other keys).
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity.not_calibrated import first_keys
from timestudy.errors import ConfigError

__all__ = ["KINDS", "refuse_no_kind_shared"]

#: The figures pooled by key, the keys' name, and the fix for a study lacking them.
KINDS = {"hours per case-month": ("case types", "its cases table (--cases)"),
         "full hours per piece of work": ("task types", "its task table (the diary's task "
                                          "types, by the taxonomy)")}


def _kinds(figures: pd.DataFrame) -> dict[str, str]:
    """The kinds of figure ``figures`` gives (:data:`KINDS`), each with its first keys."""
    figure = figures.index.get_level_values("figure")
    keys = pd.Series(figures.index.get_level_values("key").astype(str))
    return {f: first_keys(keys[(figure == f)].reset_index(drop=True))
            for f in KINDS if (figure == f).any()}


def refuse_no_kind_shared(reference: pd.DataFrame, local: pd.DataFrame) -> None:
    """Refuse, in one line, a reference and a local study that give no kind of figure in
    common (one hours per case-month only, the other time per piece of work only).

    Parameters
    ----------
    reference, local : DataFrame
        :func:`~timestudy.capacity.not_calibrated.guide_figures` of each.

    Raises
    ------
    ConfigError
        Naming what each gives, what the other lacks, and the fix.

    Examples
    --------
    >>> def figures(figure, keys):
    ...     return pd.DataFrame({"estimate": 1.0}, index=pd.MultiIndex.from_product(
    ...         [[figure], keys], names=["figure", "key"]))
    >>> refuse_no_kind_shared(figures("hours per case-month", ["CIN", "CP"]),
    ...                       figures("full hours per piece of work", ["visit"]))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) gives hours per case-month only (case types CIN, CP; no full hours per piece of work) and the local study full hours per piece of work only (task types visit; no hours per case-month): they share no kind of figure, so none can be pooled; give a reference that gives full hours per piece of work, or give the local study its cases table (--cases)
    >>> refuse_no_kind_shared(figures("hours per case-month", ["CIN"]),
    ...                       figures("hours per case-month", ["CP"]))
    """
    theirs, mine = _kinds(reference), _kinds(local)
    if not theirs or not mine or set(theirs) & set(mine):
        return

    def gives(kinds: dict[str, str]) -> str:
        (figure, keys), = kinds.items()  # two kinds, none shared: one each
        other = next(f for f in KINDS if f != figure)
        return f"{figure} only ({KINDS[figure][0]} {keys}; no {other})"

    (lacked,) = theirs
    raise ConfigError(
        "the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) gives "
        f"{gives(theirs)} and the local study {gives(mine)}: they share no kind of figure, "
        f"so none can be pooled; give a reference that gives {next(iter(mine))}, or give "
        f"the local study {KINDS[lacked][1]}")
