"""Public names of a package imported on first use (PEP 562).

A stage package lists where each of its public names lives; importing the
package then costs nothing until a name is used, so ``timestudy --help`` and
``import timestudy`` stay fast while ``timestudy.ingest.read_diary`` still works.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, names: dict[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose names live in submodules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : dict
        Public name -> submodule (relative to ``package``) that defines it.
    namespace : dict
        The package's ``globals()``: a name, once imported, is stored there so
        later look-ups are plain attribute reads.

    Examples
    --------
    >>> g, d = lazy_exports("timestudy.schema", {"load_schema": "tables"}, {})
    >>> g("load_schema").__name__
    'load_schema'
    """

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
