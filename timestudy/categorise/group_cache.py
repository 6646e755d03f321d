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
refuses every other object.

A file is used only when all of these hold; else the groups are compiled and nothing is
read or written:

- the folder and the file belong to the current user and no one else can write them (the
  folder is made readable by its owner only), as Python trusts its ``__pycache__``;
- the file holds a SHA-256 of the groups it keeps, and they hash to it (a damaged file);
- every part of the groups that decides a category is what compiling would give, read off
  the text without compiling (:func:`groups_shape`): each group's task, priority and
  patterns as written; each pattern as matched is that pattern, its terms expanded, wrapped
  on word boundaries and lower-cased when the group is ``lower``; the combined pattern is
  them joined with ``|``; the flags are those ``lower`` gives, on every pattern; the
  prefixes are None unless ``lower``. What this cannot see without compiling (the compiled
  code a pattern was rebuilt from, the prefixes' letters, ``\\b`` against ``(?<!\\w)``) only
  the hash and the owner's own writing vouch for.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import regex

from timestudy.categorise.patterns import expand_terms, lower_pattern

#: Changes whenever what is kept in a file changes; a file starts with it, then the SHA-256
#: of the pickled groups that follow.
FORMAT = b"timestudy pattern groups 2\n"
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

    A file is used only if its folder and itself are the current user's and no one else's
    to write, it hashes to the hash it holds, and its groups are those of ``shape`` (see the
    module's note); otherwise the groups are compiled (and written, when the folder is
    the user's own).

    Parameters
    ----------
    text : str
        The taxonomy's file as read.
    build : callable
        Compiles the groups (:func:`~timestudy.categorise.matching.compile_groups`).
    shape : sequence of tuple
        What ``build`` gives, as :func:`groups_shape` reads it off the taxonomy's patterns.

    Returns
    -------
    tuple
        The groups, as ``build`` gives them but with their single patterns compiled: one
        (task position, priority, combined regex, ((regex, pattern as written), ...),
        lower, prefixes) per group.

    Examples
    --------
    >>> import tempfile
    >>> from timestudy.categorise.matching import compile_groups
    >>> from timestudy.categorise.taxonomy import Pattern, TaskType
    >>> tasks = [TaskType("visit", "Visit", "direct", False, 50, patterns=(Pattern("visit", 50),))]
    >>> def build():
    ...     return compile_groups(tasks, {}, "example")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     os.environ["TIMESTUDY_CACHE"] = folder
    ...     first = cached_groups("name: example", build, groups_shape(tasks, {}))  # written
    ...     again = cached_groups("name: example", _no_build, groups_shape(tasks, {}))  # read
    >>> del os.environ["TIMESTUDY_CACHE"]
    >>> again[0][2].pattern == first[0][2].pattern, bool(again[0][2].search("home visit"))
    (True, True)
    """
    folder, key = cache_folder(), cache_key(text)
    if folder is None or key is None or not _own_folder(folder):
        return build()
    path = folder / f"groups-{key}.pickle"
    if path.exists() and not _own(path, folder=False):
        return build()
    got = _read(path)
    if got is not None and _as_planned(got, list(shape)):
        return got
    groups = tuple((*g[:3], tuple((_compiled(p), raw) for p, raw in g[3]), *g[4:]) for g in build())
    _write(folder, path, groups)
    return groups


def groups_shape(tasks: Sequence, terms: Mapping[str, str] | None = None) -> list[tuple]:
    """What compile_groups makes of ``tasks``, as far as string work tells without compiling.

    Parameters
    ----------
    tasks : sequence of TaskType
        The taxonomy's task types, in file order.
    terms : mapping, optional
        The taxonomy's terms (for ``{{name}}``); none by default.

    Returns
    -------
    list of tuple
        One (task position, priority, patterns as written, patterns with their terms
        expanded) per group, in the order of
        :func:`~timestudy.categorise.matching.compile_groups`.

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import Pattern, TaskType
    >>> pats = (Pattern("{{v}}", 50), Pattern("SV", 50), Pattern("visit note", 10))
    >>> groups_shape([TaskType("visit", "Visit", "direct", False, 50, patterns=pats)],
    ...              {"v": "visits?"})
    [(0, 50, ('{{v}}', 'SV'), ('(?:visits?)', 'SV')), (0, 10, ('visit note',), ('visit note',))]
    """
    terms = {} if terms is None else dict(terms)
    shape = []
    for i, t in enumerate(tasks):
        by_prio: dict[int, list[str]] = {}
        for p in t.patterns:
            by_prio.setdefault(p.priority, []).append(p.regex)
        shape += [
            (i, prio, tuple(raws), tuple(expand_terms(r, terms) for r in raws))
            for prio, raws in sorted(by_prio.items(), key=lambda kv: -kv[0])
        ]
    return shape


def _as_planned(groups: tuple, shape: list[tuple]) -> bool:
    """Whether groups read back are those of ``shape`` in every part string work can check."""
    try:
        return len(groups) == len(shape) and all(
            _group_as_planned(g, s) for g, s in zip(groups, shape, strict=True)
        )
    except (TypeError, IndexError, ValueError, AttributeError):
        return False


def _group_as_planned(group: tuple, shape: tuple) -> bool:
    """:func:`_as_planned` of one group (see the module's note)."""
    task, prio, combined, singles, lower, prefixes = group
    i, want_prio, raws, expanded = shape
    # lower_pattern leaves the wrapping as it is (no letters but escapes): lower it alone
    lowered = [None if "(?P" in t else lower_pattern(t) for t in expanded]
    if (task, prio, lower) != (i, want_prio, all(t is not None for t in lowered)):
        return False
    if tuple(r for _p, r in singles) != raws or len(singles) != len(raws):
        return False
    flags = _flags(lower)
    rxs = [combined, *(p for p, _r in singles)]
    if not all(isinstance(p, regex.Pattern) and p.flags == flags for p in rxs):
        return False
    for (single, _raw), text in zip(singles, lowered if lower else expanded, strict=True):
        if single.pattern not in (rf"\b(?:{text})(?!\w)", rf"(?<!\w)(?:{text})(?!\w)"):
            return False
    if combined.pattern != "|".join(p.pattern for p, _r in singles):
        return False
    if not lower or prefixes is None:
        return prefixes is None
    return isinstance(prefixes, frozenset) and all(isinstance(p, str) for p in prefixes)


def _flags(lower: bool) -> int:
    """The flags of a group's compiled patterns (as compile_groups compiles them)."""
    return regex.compile("", regex.V0 | (0 if lower else regex.IGNORECASE)).flags


def _own(path: Path, *, folder: bool) -> bool:
    """Whether ``path`` (a folder, or a file that is no link) is the current user's and no
    one else can write it. True where there are no user ids (Windows)."""
    if not hasattr(os, "getuid"):  # pragma: no cover
        return True
    try:
        st = os.stat(path) if folder else os.lstat(path)
    except OSError:
        return False
    kind = stat.S_ISDIR if folder else stat.S_ISREG
    return kind(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def _own_folder(folder: Path) -> bool:
    """The folder made (readable by its owner only) if it is not there; whether it is
    the current user's own (:func:`_own`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return _own(folder, folder=True)


def _no_build() -> tuple:
    raise AssertionError("compiled although the cache holds the groups")


def _pack(groups: tuple) -> bytes:
    """The bytes of a file keeping ``groups``: the format, the hash, the pickled groups."""
    payload = pickle.dumps(groups, protocol=4)
    return FORMAT + hashlib.sha256(payload).digest() + payload


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
        head, digest = len(FORMAT), slice(len(FORMAT), len(FORMAT) + 32)
        payload = data[head + 32 :]
        if data[:head] != FORMAT or data[digest] != hashlib.sha256(payload).digest():
            return None
        got = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - any failure: compile instead
        return None
    return got if isinstance(got, tuple) else None


def _write(folder: Path, path: Path, groups: tuple) -> None:
    """Keep ``groups`` in ``path`` (written whole, then renamed); any failure is ignored."""
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".groups-", delete=False) as f:
            tmp = f.name
            f.write(_pack(groups))
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
