"""Atomic, locked outputs: a command's files are written to a temporary folder beside the
target and moved into place only when all of them are complete.

* **All or nothing.** A command that fails part-way (a bug, a full disk, Ctrl-C) leaves
  nothing behind: the temporary folder is removed and the outputs of an earlier run are
  untouched. Files are moved with ``os.replace`` (atomic within one file system, which a
  folder beside the target shares), so a reader sees each file as it was or as it is now.
* **Killed runs.** Before the first file is moved, a commit journal (``.OUT.commit``) names
  the complete temporary folder. A run killed while moving (a few milliseconds) leaves the
  journal, and the next run into the same place first finishes those moves: the folder
  holds the old complete set or the new complete set, never a mix. Temporary folders of
  runs killed earlier, while still writing, are removed.
* **One run at a time.** :func:`output_lock` holds an exclusive lock (``.OUT.lock`` beside
  the output, an ``flock`` the system releases when a process ends, even when killed, and
  removed when the run ends); a second run into the same place is refused at once with
  :class:`OutputRefused` (exit code 2).
* **Inputs are never replaced.** Every file a command reads is noted (:func:`note_input`);
  an output that would replace one is refused before anything is moved.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from timestudy.errors import TimestudyError

__all__ = ["OutputRefused", "atomic_file", "atomic_folder", "forget_inputs", "note_input",
           "output_lock", "recover", "refuse_replacing"]

_INPUTS: dict[tuple[int, int], str] = {}  # (device, inode) -> path of every input read
_HELD: dict[str, list] = {}  # lock file -> [file descriptor, depth] held by this process


class OutputRefused(TimestudyError):
    """An output cannot be written: locked by another run, an input, or the disk is full."""


def note_input(path: str | os.PathLike) -> None:
    """Remember ``path`` as an input of this process: no output may replace it.

    Examples
    --------
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()) / "diary.csv"
    >>> _ = src.write_text("a")
    >>> note_input(src)
    >>> try:
    ...     with atomic_file(src) as tmp:
    ...         _ = tmp.write_text("b")
    ... except OutputRefused as exc:
    ...     print(str(exc)[:40])
    diary.csv is an input of this run: an ou
    >>> src.read_text()
    'a'
    """
    try:
        st = os.stat(path)
    except OSError:
        return
    _INPUTS[(st.st_dev, st.st_ino)] = str(path)


def forget_inputs() -> None:
    """Start a new run: the inputs of earlier runs in this process may be written again.

    Examples
    --------
    >>> forget_inputs()
    """
    _INPUTS.clear()


def refuse_replacing(dest: str | os.PathLike, names: Iterable[str],
                     inputs: Iterable[str | os.PathLike | None]) -> None:
    """Refuse, before any work, a run whose outputs in folder ``dest`` would replace an input.

    The same refusal :func:`atomic_folder` makes as it moves the outputs in, made at once:
    a run into the folder of its own study file, or calibrated to the ``guide.json`` it is
    about to write, is refused before it reads the diary, not after. Each of ``inputs``
    that names a file is noted (:func:`note_input`); the rest (None, a name such as
    ``england``) are passed over.

    Raises
    ------
    OutputRefused
        Naming the input, and the fix.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "guide.json").write_text("{}")
    >>> try:
    ...     refuse_replacing(out, ["guide.json", "report.pdf"], [out / "guide.json", None])
    ... except OutputRefused as exc:
    ...     print(exc)
    guide.json is an input of this run: an output would overwrite it; give --out another folder
    """
    for path in inputs:
        if path is not None and Path(path).is_file():
            note_input(path)
    _refuse_inputs(Path(dest), names, "folder")


def _refuse_inputs(dest: Path, names: Iterable[str], what: str) -> None:
    for rel in names:
        if _is_input(dest / rel):
            raise OutputRefused(f"{Path(rel).name} is an input of this run: an output would "
                                f"overwrite it; give --out another {what}")


def _is_input(path: Path) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _INPUTS


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def output_lock(target: str | os.PathLike) -> Iterator[None]:
    """Hold the lock of output ``target`` (a folder or a file) for the block.

    Re-entrant within one process; another process holding it makes this raise
    :class:`OutputRefused` at once (no waiting).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "out"
    >>> with output_lock(out):
    ...     with output_lock(out):  # the same run may take it again
    ...         pass
    """
    target = Path(os.path.abspath(target))
    key = str(_lock_path(target))
    if key in _HELD or not target.parent.is_dir():  # held already; or nothing there yet
        if key in _HELD:
            _HELD[key][1] += 1
        try:
            yield
        finally:
            if key in _HELD:
                _HELD[key][1] -= 1
        return
    fd = _acquire(key, target)
    _HELD[key] = [fd, 1]
    try:
        yield
    finally:
        del _HELD[key]
        try:
            os.unlink(key)  # still holding it: a run that opens the file after this makes
        except OSError:  # a new one (see _acquire), so no two runs ever hold the lock
            pass
        os.close(fd)


def _acquire(key: str, target: Path) -> int:
    """Lock the file ``key`` (created if needed); refuse when another process holds it."""
    for _ in range(10):
        fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            other = _read_pid(fd)
            os.close(fd)
            raise OutputRefused(
                f"{target} is being written by another timestudy run{other}: wait for it to "
                "finish, or give another --out")
        try:
            same = os.fstat(fd).st_ino == os.stat(key).st_ino
        except FileNotFoundError:  # its holder removed it as we opened it: take a new one
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd
        os.close(fd)
    raise OutputRefused(f"{target}: could not take the lock of this output; run again")


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError, AttributeError):
        return ""
    return f" (process {text})" if text.isdigit() else ""


@contextmanager
def atomic_folder(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary folder to write into; its files move into ``target`` when the block ends.

    On an exception nothing is moved and the temporary folder is removed; an
    ``OSError`` (a full disk, no permission) becomes :class:`OutputRefused` naming
    ``target``.

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
    target = Path(os.path.abspath(target))
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"cannot write the results to {target}: it is a file, not a "
                            "folder; give --out a folder")
    with _staged(target, target) as tmp:
        yield tmp


@contextmanager
def atomic_file(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary path to write one file to; it replaces ``target`` when the block ends.

    Other files written beside the temporary path land beside ``target``, all at once.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "x.csv"
    >>> with atomic_file(out) as tmp:
    ...     _ = tmp.write_text("a,b")
    >>> out.read_text()
    'a,b'
    """
    target = Path(os.path.abspath(target))
    if target.is_dir():
        raise OutputRefused(f"{target} is a folder: give a file name to write to")
    with _staged(target, target.parent) as tmp:
        yield tmp / target.name


@contextmanager
def _staged(key: Path, dest: Path) -> Iterator[Path]:
    """Lock ``key``, finish an interrupted commit, stage into a temporary folder, commit."""
    key.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(key):
        recover(key)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key.name}.partial-", dir=key.parent))
        try:
            try:
                yield tmp
            except OSError as exc:
                if exc.errno not in _WHY:
                    raise
                raise _refused(exc, key) from None
            _commit(tmp, dest, key)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied"}


def _refused(exc: OSError, target: Path) -> OutputRefused:
    text = _WHY.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return OutputRefused(f"cannot write {target} ({text}): nothing was written and any "
                         "earlier outputs there are unchanged; free space or choose another "
                         "--out and run again")


def _journal(key: Path) -> Path:
    return key.parent / f".{key.name}.commit"


def _commit(tmp: Path, dest: Path, key: Path) -> None:
    """Check every destination, write the journal, move every file, drop the journal."""
    files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if not p.is_dir())
    _refuse_inputs(dest, files, "file" if dest != key else "folder")
    try:
        for rel in files:
            _fsync(tmp / rel)
        journal = _journal(key)
        with open(journal, "w", encoding="utf-8") as f:
            json.dump({"tmp": tmp.name, "dest": str(dest), "files": files}, f)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        _journal(key).unlink(missing_ok=True)
        raise _refused(exc, key) from None
    _move(tmp, dest, files)
    journal.unlink()


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _move(tmp: Path, dest: Path, files: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for rel in files:
        src = tmp / rel
        if src.exists():  # a resumed commit skips the files already moved
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest / rel)


def recover(target: str | os.PathLike) -> bool:
    """Finish a commit into ``target`` that a killed run left, and drop its stale folders.

    Call it holding :func:`output_lock` (the atomic writers do). Returns True when an
    interrupted commit was finished.

    Examples
    --------
    >>> import tempfile
    >>> recover(Path(tempfile.mkdtemp()) / "out")
    False
    """
    key = Path(os.path.abspath(target))
    journal = _journal(key)
    done = False
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            _move(key.parent / plan["tmp"], Path(plan["dest"]), list(plan["files"]))
            done = True
        except (ValueError, KeyError, TypeError):
            pass  # a journal cut off while written: its commit never started
        journal.unlink(missing_ok=True)
    for stale in key.parent.glob(f".{key.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return done
