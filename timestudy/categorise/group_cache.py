"""The shipped taxonomies' compiled pattern groups, kept on disk between runs.

Compiling a taxonomy's pattern groups (:func:`~timestudy.categorise.matching.compile_groups`:
about 60 combined patterns and 230 single ones for the default taxonomy) parses every
pattern in Python, with :mod:`re` and with :mod:`regex`: about 0.2 s of each run that
categorises. The groups depend only on the taxonomy's text, on the code that builds them
and on the versions of Python and :mod:`regex`, so :func:`cached_groups` keeps them in a
file named by a hash of all of these and reads them back with :mod:`regex`'s own pickling,
which rebuilds a compiled pattern from its compiled form without parsing it (a few
milliseconds for all of them).

The folder is ``$TIMESTUDY_CACHE``, else ``$XDG_CACHE_HOME/timestudy``, else
``~/.cache/timestudy``; ``TIMESTUDY_CACHE=0`` (or empty) turns the cache off. Whatever
goes wrong (no folder, one that cannot be written, a file that does not read back or does
not hold the groups of these patterns), the groups are compiled as without the cache: the
cache changes how long loading takes, never what the patterns match. Reading a file
back builds nothing but :mod:`regex` patterns, tuples, strings and numbers: the unpickler
refuses every other object. The folder is made readable by its owner only; a file there is
trusted as the owner's own, as Python trusts its ``__pycache__``.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import regex

#: Changes whenever what is kept in a file changes.
FORMAT = b"timestudy pattern groups 1"
#: A file of groups not written for this many days is removed when another is written
#: (an older version's, say: one still in use is written again, once).
KEEP_DAYS = 30
#: The modules whose code decides the groups: a change to any of them is a new file.
_BUILDERS = ("matching.py", "patterns.py", "prefilter.py", "group_cache.py")


def cache_folder(env: Mapping[str, str] | None = None) -> Path | None:
    """The folder of the cache, or None when it is turned off (``TIMESTUDY_CACHE=0``).

    Parameters
    ----------
    env : mapping, optional
        The environment variables (by default ``os.environ``).

    Returns
    -------
    Path or None

    Examples
    --------
    >>> cache_folder({"TIMESTUDY_CACHE": "0"}) is None
    True
    >>> cache_folder({"XDG_CACHE_HOME": "/var/cache/me"}).as_posix()
    '/var/cache/me/timestudy'
    """
    env = os.environ if env is None else env
    given = env.get("TIMESTUDY_CACHE")
    if given is not None:
        return None if given.strip() in ("", "0") else Path(given)
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "timestudy"


def cache_key(text: str) -> str | None:
    """A hash of a taxonomy's text, of the code that compiles it and of the versions in use.

    None when the code cannot be read (the package is not on a file system).

    Examples
    --------
    >>> a, b = cache_key("name: a"), cache_key("name: b")
    >>> len(a), a == b, a == cache_key("name: a")
    (64, False, True)
    """
    h = hashlib.sha256(FORMAT)
    for part in (sys.version, regex.__version__, text):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    here = Path(__file__).parent
    try:
        for name in _BUILDERS:
            h.update(b"\0" + (here / name).read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def cached_groups(text: str, build: Callable[[], tuple], shape: Sequence[tuple]) -> tuple:
    """The groups ``build()`` compiles for a taxonomy of text ``text``, from the cache if there.

    Parameters
    ----------
    text : str
        The taxonomy's file as read.
    build : callable
        Compiles the groups (:func:`~timestudy.categorise.matching.compile_groups`).
    shape : sequence of tuple
        (task position, priority, patterns as written) of each group, as ``build`` gives
        them: a file whose groups differ is not used.

    Returns
    -------
    tuple
        The groups, their single patterns compiled.
    """
    folder, key = cache_folder(), cache_key(text)
    if folder is None or key is None:
        return build()
    path = folder / f"groups-{key}.pickle"
    got = _read(path)
    if got is not None and _shape(got) == list(shape):
        return got
    groups = tuple((*g[:3], tuple((_compiled(p), raw) for p, raw in g[3]), *g[4:]) for g in build())
    _write(folder, path, groups)
    return groups


def groups_shape(tasks: Sequence) -> list[tuple]:
    """(task position, priority, patterns) of each group compile_groups makes of ``tasks``."""
    shape = []
    for i, t in enumerate(tasks):
        by_prio: dict[int, list[str]] = {}
        for p in t.patterns:
            by_prio.setdefault(p.priority, []).append(p.regex)
        shape += [
            (i, prio, tuple(raws)) for prio, raws in sorted(by_prio.items(), key=lambda kv: -kv[0])
        ]
    return shape


def _shape(groups: tuple) -> list[tuple] | None:
    """The shape of groups read back, or None when they are not groups of compiled patterns."""
    try:
        ok = all(
            isinstance(g[2], regex.Pattern)
            and all(isinstance(p, regex.Pattern) and isinstance(r, str) for p, r in g[3])
            for g in groups
        )
        return [(g[0], g[1], tuple(r for _p, r in g[3])) for g in groups] if ok else None
    except (TypeError, IndexError, ValueError):
        return None


def _compiled(pattern) -> regex.Pattern:
    """A compiled pattern (a lazy one compiled now)."""
    return pattern if isinstance(pattern, regex.Pattern) else pattern.compiled()


class _Unpickler(pickle.Unpickler):
    """Builds regex patterns and plain values, nothing else."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _read(path: Path) -> tuple | None:
    """The groups kept in ``path``, or None (no such file, or one that does not read back)."""
    try:
        data = path.read_bytes()
        got = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - any failure: compile instead
        return None
    return got if isinstance(got, tuple) else None


def _write(folder: Path, path: Path, groups: tuple) -> None:
    """Keep ``groups`` in ``path`` (written whole, then renamed); any failure is ignored."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".groups-", delete=False) as f:
            tmp = f.name
            pickle.dump(groups, f, protocol=4)
        os.replace(tmp, path)
        _prune(folder, keep=path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, keep: Path) -> None:
    """Remove the files of groups written more than :data:`KEEP_DAYS` days ago."""
    limit = time.time() - KEEP_DAYS * 86400
    for old in folder.glob("groups-*.pickle"):
        try:
            if old != keep and old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass
