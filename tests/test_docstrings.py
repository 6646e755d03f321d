"""Every public name has a numpydoc docstring with an example that runs.

A public name is one listed in ``timestudy.__all__`` or in the ``__all__`` of a
stage package (``timestudy.ingest``, ``timestudy.models``, ...). Each function
and class needs an ``Examples`` section with ``>>>`` lines, a ``Parameters``
section when it takes arguments and a ``Returns`` section when a function
returns something; the examples are run as doctests here, so they cannot rot.

Run ``python tests/test_docstrings.py`` from the repository root for a table of what
is missing (with ``PYTHONPATH=.`` if another checkout of timestudy is installed).
"""

from __future__ import annotations

import doctest
import functools
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

import pytest
from _memo import memoised_entry_points

import timestudy

SECTION = re.compile(r"^\s*(?P<name>[A-Z][A-Za-z ]+)\n\s*-{3,}\s*$", re.MULTILINE)
EXAMPLES = re.compile(r"^\s*Examples\n\s*-{3,}\s*$", re.MULTILINE)


def _stages() -> list[str]:
    """Every subpackage of timestudy with an ``__all__`` (the stages)."""
    names = []
    for info in pkgutil.iter_modules(timestudy.__path__):
        if info.ispkg and not info.name.startswith("_"):
            module = importlib.import_module(f"timestudy.{info.name}")
            if hasattr(module, "__all__"):
                names.append(f"timestudy.{info.name}")
    return sorted(names)


def public_objects() -> dict[str, object]:
    """Qualified public name -> function or class, one entry per distinct object."""
    found: dict[str, object] = {}
    seen: set[int] = set()
    for package in ["timestudy", *_stages()]:
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            if not (inspect.isfunction(value) or inspect.isclass(value)):
                continue  # constants (__version__, EXAMPLES, KEYS) and callable packages
            if id(value) in seen:
                continue
            seen.add(id(value))
            found[f"{package}.{name}"] = value
    return found


def _sections(doc: str) -> set[str]:
    return {m.group("name").strip() for m in SECTION.finditer(doc)}


def _takes_parameters(obj) -> bool:
    """A function with arguments, or a class whose own ``__init__`` takes some."""
    if inspect.isclass(obj) and "__init__" not in vars(obj):
        return False  # documented where the constructor is (an error's base class)
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    return any(n not in ("self", "cls") for n in sig.parameters)


def _returns_something(obj) -> bool:
    if inspect.isclass(obj):
        return False
    ann = inspect.signature(obj).return_annotation
    return ann not in (None, "None", inspect.Signature.empty, "NoReturn")


@dataclass(frozen=True)
class Audit:
    name: str
    has_doc: bool
    examples: bool
    parameters: bool
    returns: bool

    @property
    def ok(self) -> bool:
        return self.has_doc and self.examples and self.parameters and self.returns


def audit(name: str, obj) -> Audit:
    """What the docstring of one public object has and lacks."""
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and obj.__doc__ is None:
        doc = ""
    sections = _sections(doc)
    header = EXAMPLES.search(doc)
    examples = header is not None and ">>>" in doc[header.end() :]
    parameters = not _takes_parameters(obj) or bool(
        sections & {"Parameters", "Attributes", "Other Parameters"})
    returns = not _returns_something(obj) or bool(sections & {"Returns", "Yields"})
    return Audit(name, bool(doc.strip()), examples, parameters, returns)


PUBLIC = public_objects()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_name_has_numpydoc_docstring(name):
    a = audit(name, PUBLIC[name])
    missing = [s for s, ok in (("docstring", a.has_doc), ("Examples with >>>", a.examples),
                               ("Parameters", a.parameters), ("Returns", a.returns)) if not ok]
    assert not missing, f"{name} lacks: {', '.join(missing)}"


def _modules() -> list[str]:
    """Every module of the package, so private helpers' examples run too.

    ``timestudy.__main__`` is left out: importing it runs the command line.
    """
    names = ["timestudy"]
    for info in pkgutil.walk_packages(timestudy.__path__, "timestudy."):
        if info.name != "timestudy.__main__":
            names.append(info.name)
    return sorted(names)


FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = _modules()


def _examples_found(module_name: str) -> dict[str, doctest.DocTest]:
    """The docstrings with examples that :func:`test_examples_run` runs in one module."""
    module = importlib.import_module(module_name)
    tests = doctest.DocTestFinder().find(module, module_name, globs=vars(module).copy())
    return {t.name: t for t in tests if t.examples}


@functools.cache
def _example_names(module_name: str) -> frozenset[str]:
    return frozenset(_examples_found(module_name))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_example_is_among_those_run(name):
    # a re-exported or wrapped object could hide its docstring from the module walk below
    obj = PUBLIC[name]
    assert obj.__module__ in MODULES, f"{name}: module {obj.__module__} is not walked"
    assert f"{obj.__module__}.{obj.__qualname__}" in _example_names(obj.__module__), name


@pytest.mark.parametrize("module_name", MODULES)
def test_examples_run(module_name, tmp_path, monkeypatch):
    """Every ``>>>`` example in the module's docstrings gives the output it shows.

    Identical calls of the study entry points and of the case models
    (``simulate_study``, ``run_study``, ``fit_study``, ``compare_models``, ``fit_mixed``,
    ``fit_complexity``) and of ``observation_study`` are computed once for the whole session, each example getting
    its own deep copy (tests/_memo.py).
    """
    monkeypatch.chdir(tmp_path)  # an example that writes files writes them here
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out: list[str] = []
    tests = sorted(_examples_found(module_name).items())
    with memoised_entry_points(*(test.globs for _, test in tests)):
        for _, test in tests:
            runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


if __name__ == "__main__":
    rows = [audit(n, o) for n, o in sorted(PUBLIC.items())]
    for a in rows:
        if not a.ok:
            flags = " ".join(s for s, ok in (("doc", a.has_doc), ("examples", a.examples),
                                              ("params", a.parameters), ("returns", a.returns))
                             if not ok)
            print(f"{a.name:60s} missing: {flags}")
    print(f"{sum(not a.ok for a in rows)} of {len(rows)} public names lack something; "
          f"{sum(not a.examples for a in rows)} lack a >>> example")
