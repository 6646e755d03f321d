"""Write pytest's assertion-rewritten bytecode of every test module and conftest, once.

pytest rewrites the ``assert`` statements of each test module and conftest when it imports
them, and caches the result in ``__pycache__`` (``*.cpython-311-pytest-X.Y.Z.pyc``), but
only where bytecode may be written: where ``PYTHONDONTWRITEBYTECODE`` is set, or in a clean
clone where the test processes all start at once, each of the 8 test processes rewrites all
of them again. Measured (2026-12-05, one process, ``pytest --collect-only``): 7.7-8.6 s of
processor time to collect the suite without the cached files, 4.1-4.4 s with them; this
script writes them in about 4 s. Run before the test processes start
(``python tests/_rewritten.py``); pytest reads the files whatever
``PYTHONDONTWRITEBYTECODE`` says, and checks each against its source's hash, so a file out of
date is rewritten as before, never used.

The rewriting is pytest's own (``_pytest.assertion.rewrite``, a private module): if a later
pytest moves it, the script says so and exits 0, and the tests run as they would without it.
The rewritten code depends on one option only, ``enable_assertion_pass_hook``, which this
project does not set (pytest's default is used here too).
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _targets(root: Path) -> list[Path]:
    """The files pytest rewrites here: test modules (``test_*.py``) and conftests."""
    return sorted(
        p for p in root.rglob("*.py") if p.name.startswith("test_") or p.name == "conftest.py"
    )


def _write(fn: Path) -> None:
    from _pytest.assertion.rewrite import PYC_TAIL, _rewrite_test, _write_pyc_fp, get_cache_dir

    cache = get_cache_dir(fn)
    cache.mkdir(exist_ok=True)
    pyc = cache / (fn.name[:-3] + PYC_TAIL)
    source_hash, code = _rewrite_test(fn, None)
    partial = Path(f"{pyc}.{os.getpid()}")  # written whole, then renamed: as pytest does
    with open(partial, "wb") as fp:
        _write_pyc_fp(fp, source_hash, code)
    os.replace(partial, pyc)


def main(root: Path = ROOT) -> int:
    try:
        from _pytest.assertion import rewrite

        for name in ("PYC_TAIL", "_rewrite_test", "_write_pyc_fp", "get_cache_dir"):
            getattr(rewrite, name)
    except (ImportError, AttributeError) as exc:
        print(f"tests/_rewritten.py: not written ({exc}); pytest rewrites as it imports")
        return 0
    files = _targets(root)
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(_write, files, chunksize=16))
    return 0


if __name__ == "__main__":
    sys.exit(main())
