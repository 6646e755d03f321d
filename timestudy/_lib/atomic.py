"""Atomic outputs: every file of a command written to a temporary folder beside the target and
moved into place only when all of them are complete.

A command that fails part-way leaves nothing behind: no half-written ``guide.json`` next to
the outputs of an earlier run, no folder it created. Files are moved with ``os.replace``
(atomic within one file system, which a folder beside the target shares), so a reader sees
each file either as it was or as it is now, never half of it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_folder", "atomic_file"]


@contextmanager
def atomic_folder(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary folder to write into; its files move into ``target`` when the block ends.

    On an exception nothing is moved and the temporary folder is removed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_folder(out) as tmp:
    ...     _ = (tmp / "a.txt").write_text("done")
    >>> sorted(p.name for p in out.iterdir())
    ['a.txt']
    >>> try:
    ...     with atomic_folder(out / "never") as tmp:
    ...         _ = (tmp / "b.txt").write_text("half")
    ...         raise ValueError("failed")
    ... except ValueError:
    ...     pass
    >>> (out / "never").exists(), sorted(p.name for p in out.parent.iterdir())
    (False, ['out'])
    """
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    try:
        yield tmp
        _move_all(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_all(tmp: Path, target: Path) -> None:
    """Move every file of ``tmp`` (sub-folders too) to the same place under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(tmp.rglob("*")):
        if path.is_dir():
            continue
        dest = target / path.relative_to(tmp)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, dest)


@contextmanager
def atomic_file(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary path to write one file to; it replaces ``target`` when the block ends.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "x.csv"
    >>> with atomic_file(out) as tmp:
    ...     _ = tmp.write_text("a,b")
    >>> out.read_text()
    'a,b'
    """
    target = Path(target)
    with atomic_folder(target.parent) as tmp:
        yield tmp / target.name
