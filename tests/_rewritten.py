"""The test modules' assertion-rewritten bytecode, written once before the test processes start.

pytest rewrites the ``assert`` statements of every test module and conftest when it imports
them, and keeps the result in ``__pycache__`` (``*.cpython-311-pytest-<version>.pyc``, checked
by a hash of the source). Where ``PYTHONDONTWRITEBYTECODE`` is set (as on the CI machine) it
never writes that cache: each of the suite's 8 test processes parsed, rewrote and compiled all
~300 test modules again, about 4 cpu s each in a clean clone (collection 8.8-10.8 cpu s against
5.0 with the cache). :func:`write_rewritten` writes the cache once, in the process that starts
the test processes, with pytest's own rewriting, so each of them reads it.

Only a cache: a module whose cache is missing or stale is rewritten as before, and any failure
here (another pytest version's internals, a read-only checkout) leaves the suite as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def write_rewritten(config: pytest.Config, root: Path) -> int:
    """Write the rewritten bytecode of the test modules and conftests under ``root``.

    Returns the number of modules written (those whose cache was missing or stale); 0 when
    assertions are not rewritten (``--assert=plain``) or pytest's internals differ.

    Examples
    --------
    >>> write_rewritten(None, Path("."))  # no pytest configuration: nothing to do
    0
    """
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
            try_makedirs,
        )

        state = config.stash.get(assertstate_key, None)
    except Exception:  # an older or newer pytest, or no configuration
        return 0
    if state is None or getattr(state, "mode", "rewrite") != "rewrite":
        return 0
    written = 0
    for source in sorted(root.rglob("*.py")):
        if not (source.name.startswith("test_") or source.name == "conftest.py"):
            continue
        cache_dir = get_cache_dir(source)
        pyc = cache_dir / (source.name[:-3] + PYC_TAIL)
        try:
            if _read_pyc(source, pyc, state.trace) is not None or not try_makedirs(cache_dir):
                continue
            source_hash, code = _rewrite_test(source, config)
            written += bool(_write_pyc(state, code, source_hash, pyc))
        except Exception:  # a module that does not parse fails at its collection, as before
            continue
    return written
