"""The public API: every name resolves, and ``import timestudy`` stays light.

Names are imported on first use (``timestudy.__getattr__``), so that the
``timestudy`` command starts without loading statsmodels and matplotlib.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from types import ModuleType

import pytest

import timestudy

HEAVY = ("statsmodels", "matplotlib", "seaborn", "scipy")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.parametrize("name", timestudy.__all__)
def test_every_public_name_resolves(name):
    value = getattr(timestudy, name)
    if name == "categorise":  # the stage package, callable as the function
        assert callable(value) and "episodes" in inspect.signature(value).parameters
    else:
        assert not isinstance(value, ModuleType), f"timestudy.{name} is a module, not the API"
    assert name in dir(timestudy)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        timestudy.nonsense  # noqa: B018


def test_a_submodule_import_does_not_take_a_function_name():
    import timestudy.categorise.coding_agreement  # noqa: F401  (the module of the same name)

    assert callable(timestudy.agreement) and not isinstance(timestudy.agreement, ModuleType)
    from timestudy import agreement

    assert agreement is timestudy.agreement


def test_submodules_are_reachable_as_attributes():
    # as SECURITY.md documents: timestudy.privacy.pseudonymise after a bare import timestudy
    code = "import timestudy\nprint(timestudy.privacy.redact.__name__, timestudy.schema.EXAMPLES.name)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["redact", "examples"]


def test_import_timestudy_loads_no_modelling_or_plotting_library():
    loaded = _imported_after("import timestudy")
    assert loaded == [], f"import timestudy loaded {loaded}"


def test_the_command_line_parser_loads_no_modelling_or_plotting_library():
    loaded = _imported_after("import timestudy.cli\ntimestudy.cli.build_parser()")
    assert loaded == [], f"building the parser loaded {loaded}"


STAGES = ["schema", "ingest", "categorise", "panels", "stats", "models", "guide", "capacity",
          "observe", "report", "simulate"]


@pytest.mark.parametrize("stage", STAGES)
def test_no_public_name_is_also_a_module_of_its_stage(stage):
    # `from timestudy.<stage> import name` must give the function whatever was imported
    # before: a submodule of the same name would take its place once imported.
    import importlib
    import pkgutil

    package = importlib.import_module(f"timestudy.{stage}")
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    assert not modules & set(getattr(package, "__all__", [])), stage
