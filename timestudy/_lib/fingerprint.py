"""Fingerprints of a run's inputs: every file (its bytes) and the configuration (its values).

Two runs share a fingerprint only when every input and every option was the same, so the
outputs of one data set can never pass for those of another.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["digest", "run_fingerprint"]


def digest(value: Any) -> str | None:
    """A short SHA-256 of one input: a file's bytes, a table's content, or a value.

    None stays None (no such input). A path that is not a file (a shipped taxonomy's
    name) is fingerprinted as its text.

    Examples
    --------
    >>> digest(None) is None
    True
    >>> digest(pd.DataFrame({"a": [1]})) == digest(pd.DataFrame({"a": [1]}))
    True
    >>> digest({"x": 1}) != digest({"x": 2})
    True
    """
    if value is None:
        return None
    h = hashlib.sha256()
    if isinstance(value, str | os.PathLike) and Path(value).is_file():
        with open(value, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    elif isinstance(value, pd.DataFrame):
        h.update(json.dumps([str(c) for c in value.columns]).encode())
        h.update(pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes())
    else:
        h.update(_canonical(value).encode())
    return h.hexdigest()[:16]


def _canonical(value: Any) -> str:
    """Stable text of a configuration value (dataclasses and objects by their fields)."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        value = {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return json.dumps(value, sort_keys=True, default=repr)


def run_fingerprint(inputs: Mapping[str, Any], config: Mapping[str, Any]
                    ) -> tuple[str, dict[str, str]]:
    """The run's fingerprint and each part's: every input given, and the configuration.

    Examples
    --------
    >>> whole, parts = run_fingerprint({"diary": pd.DataFrame({"a": [1]}), "cases": None},
    ...                                {"min_workers": 5})
    >>> sorted(parts), len(whole)
    (['configuration', 'diary'], 16)
    """
    parts = {k: d for k, v in inputs.items() if (d := digest(v)) is not None}
    parts["configuration"] = digest(dict(config)) or ""
    whole = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    return whole, parts
