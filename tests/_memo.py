"""Memoised study entry points for the docstring examples (tests/test_docstrings.py).

Many examples simulate the same small study and run the same study on it
(``run_study(s.diary, s.cases, s.workers, n_boot=19)`` on ``simulate_study(8, 1, 2)``
alone appears some twenty times), the examples of ``timestudy.models.compare``,
``.mixed`` and ``.complexity`` fit the same models to one case-month panel three times
each, and both examples of ``timestudy.observe.study`` run the same observation study.
The runs are deterministic, so while examples run, :func:`memoised_entry_points` swaps
``simulate_study``, ``run_study``, ``fit_study``, ``compare_models``, ``fit_mixed``,
``fit_complexity`` and ``observation_study`` for versions that compute once per
distinct set of arguments and hand every caller its own deep copy: an example that
changes what it got cannot change what the next one gets, and a result is never shared
with the cache.

A call is computed afresh (never memoised) when one of its arguments is something
whose content cannot be keyed here (an object of another type, a path or the name
of an existing file, whose content may change between examples), when it asks for
fresh randomness (``seed=None``) or when it prints progress (the printed lines are
part of what a doctest compares).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath

import numpy as np
import pandas as pd

#: (module, name) of every entry point swapped while examples run.
TARGETS = (
    ("timestudy", "simulate_study"),
    ("timestudy.simulate", "simulate_study"),
    ("timestudy", "run_study"),
    ("timestudy.pipeline", "run_study"),
    ("timestudy", "fit_study"),
    ("timestudy.models", "fit_study"),
    ("timestudy.models", "compare_models"),
    ("timestudy.models.compare", "compare_models"),
    ("timestudy.models", "fit_mixed"),
    ("timestudy.models.mixed", "fit_mixed"),
    ("timestudy.models", "fit_complexity"),
    ("timestudy.models.complexity", "fit_complexity"),
    ("timestudy", "observation_study"),
    ("timestudy.observe", "observation_study"),
    ("timestudy.observe.study", "observation_study"),
)
CACHE: dict[tuple, object] = {}
STATS = {"hits": 0, "misses": 0, "uncached": 0}


class Unkeyable(Exception):
    """An argument whose content cannot be keyed: the call is not memoised."""


def _digest(values: pd.DataFrame | pd.Series) -> str:
    try:
        hashed = pd.util.hash_pandas_object(values, index=True).to_numpy()
    except TypeError as exc:  # unhashable cells (lists, dicts)
        raise Unkeyable from exc
    return hashlib.blake2b(hashed.tobytes(), digest_size=16).hexdigest()


def key_of(value) -> tuple:
    """A hashable key that is equal for two arguments exactly when their content is."""
    if value is None or isinstance(value, bool | int | float | complex | np.generic):
        return (type(value).__name__, value)
    if isinstance(value, str):
        if value and os.path.exists(value):
            raise Unkeyable(value)  # a file's content can change between examples
        return ("str", value)
    if isinstance(value, PurePath):
        raise Unkeyable(value)
    if isinstance(value, pd.Timestamp | pd.Timedelta | dt.date | dt.datetime | dt.timedelta):
        return (type(value).__name__, repr(value))
    if isinstance(value, pd.DataFrame):
        return ("frame", tuple(map(repr, value.columns)), tuple(map(str, value.dtypes)),
                repr(value.index.dtype), value.shape, _digest(value))
    if isinstance(value, pd.Series):
        return ("series", repr(value.name), str(value.dtype), repr(value.index.dtype),
                len(value), _digest(value))
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(key_of(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((key_of(k), key_of(v)) for k, v in value.items()))
    raise Unkeyable(type(value))


def memoise(func: Callable) -> Callable:
    """``func`` computed once per distinct arguments; each caller gets a deep copy."""

    @functools.wraps(func)
    def memoised(*args, **kwargs):
        if kwargs.get("progress") or ("seed" in kwargs and kwargs["seed"] is None):
            STATS["uncached"] += 1
            return func(*args, **kwargs)
        try:
            key = (func.__module__, func.__qualname__, key_of(args), key_of(kwargs))
        except Unkeyable:
            STATS["uncached"] += 1
            return func(*args, **kwargs)
        if key in CACHE:
            STATS["hits"] += 1
            return copy.deepcopy(CACHE[key])
        STATS["misses"] += 1
        result = func(*args, **kwargs)
        CACHE[key] = copy.deepcopy(result)
        return result

    memoised.memoised = True
    return memoised


@functools.cache
def _memoised(func: Callable) -> Callable:
    """One memoised version per function, so the cache is shared by every example."""
    return memoise(func)


@contextmanager
def memoised_entry_points(*namespaces: dict) -> Iterator[None]:
    """Swap the entry points of :data:`TARGETS` (and their names in ``namespaces``, the
    globals examples run in) for memoised versions; put the originals back after."""
    saved = []
    originals = {}
    for module_name, name in TARGETS:
        module = importlib.import_module(module_name)
        func = getattr(module, name)
        if getattr(func, "memoised", False):
            continue
        originals[id(func)] = func
        saved.append((module, name, func))
        setattr(module, name, _memoised(func))
    swapped = []
    for globs in namespaces:
        for name, value in globs.items():
            if id(value) in originals:
                swapped.append((globs, name, value))
                globs[name] = _memoised(value)
    try:
        yield
    finally:
        for module, name, func in saved:
            setattr(module, name, func)
        for globs, name, value in swapped:
            globs[name] = value
