"""Local taxonomy files loaded once per process, for as long as their text is unchanged.

A shipped taxonomy is loaded once per process (:func:`~timestudy.categorise.taxonomy.load_taxonomy`
keeps it) and its compiled pattern groups are kept on disk
(:mod:`timestudy.categorise.group_cache`). A local file was checked and compiled again on
every load: about 0.3 s for a copy of the default taxonomy (its schema, each pattern compiled
and searched, the groups compiled and timed), and one run of the study loads it more than
once. :func:`load_local` keeps the taxonomy of each local file in the process, keyed by the
path as given, the path it resolves to and a SHA-256 of the text read, so that a file edited
between two loads (by a user, or by a test) is read and checked again: never by path alone.
A load the cache answers warns as the first did (:func:`~timestudy.categorise.time_off.warn_time_off`,
naming the same line); a file that fails its checks is never kept, so it fails again.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from contextlib import suppress
from pathlib import Path

from timestudy.categorise.checks import read_taxonomy_text, read_yaml
from timestudy.categorise.time_off import warn_time_off

#: The local taxonomies kept (the least recently loaded is dropped first).
KEEP = 8
_KEPT: OrderedDict = OrderedDict()


def local_key(path: Path, text: str) -> tuple[str, str, str]:
    """The key a local taxonomy is kept by: the path as given, as resolved, and its text's hash.

    Parameters
    ----------
    path : Path
        The file, as the caller named it (its taxonomy's ``source``).
    text : str
        The file's text as read.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> a = local_key(Path("my.yaml"), "name: a")
    >>> a == local_key(Path("my.yaml"), "name: a"), a == local_key(Path("my.yaml"), "name: b")
    (True, False)
    >>> a[0], len(a[2])
    ('my.yaml', 64)
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return str(path), os.path.realpath(path), digest


def load_local(path: Path, cls):
    """The taxonomy of the file ``path``: kept from an earlier load of the same text, or read
    and checked now (as ``cls.from_yaml``) and kept.

    Parameters
    ----------
    path : Path
        The taxonomy's YAML file.
    cls : type
        :class:`~timestudy.categorise.taxonomy.Taxonomy`.

    Returns
    -------
    Taxonomy

    Examples
    --------
    >>> import tempfile
    >>> from importlib.resources import files
    >>> from timestudy.categorise.taxonomy import Taxonomy
    >>> shipped = files("timestudy") / "categorise" / "taxonomies" / "healthcare_observation.yaml"
    >>> text = shipped.read_text("utf-8")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "mine.yaml"
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     first, again = load_local(path, Taxonomy), load_local(path, Taxonomy)
    ...     _ = path.write_text(text.replace("name: healthcare", "name: my"), encoding="utf-8")
    ...     edited = load_local(path, Taxonomy)
    >>> first is again, edited is first, edited.name
    (True, False, 'my_observation')
    """
    text = read_taxonomy_text(path)
    key = local_key(path, text)
    kept = _KEPT.get(key)
    if kept is not None:
        with suppress(KeyError):  # dropped meanwhile by another thread's load: kept anyway
            _KEPT.move_to_end(key)
        warn_time_off(kept, stacklevel=3)  # as loading it did: at load_taxonomy's line
        return kept
    tax = cls.from_dict(read_yaml(path, text), source=str(path))
    _KEPT[key] = tax
    while len(_KEPT) > KEEP:
        _KEPT.popitem(last=False)
    return tax
