"""``timestudy --help`` starts without the libraries the commands need (issue 18).

Checked by what a fresh interpreter has imported, not by timing it.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import pytest

import timestudy.cli
from timestudy.cli._commands import SUMMARY


def _loaded_by(code: str, names: tuple[str, ...], **env: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {names!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, **env})
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_import_of_the_command_line_loads_no_modelling_or_plotting_library():
    assert _loaded_by("import timestudy.cli", ("statsmodels", "matplotlib", "seaborn",
                                               "scipy", "pandas", "numpy")) == []


def test_top_level_help_imports_no_command_and_no_data_library():
    code = ("import contextlib, io, timestudy.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    timestudy.cli.main(['--help'])")
    commands = tuple(f"timestudy.cli.{name}" for name in SUMMARY)
    assert _loaded_by(code, ("pandas", "numpy", "pyarrow", "statsmodels", "matplotlib")
                      + commands) == []


def test_a_commands_help_imports_only_that_command():
    code = ("import contextlib, io, timestudy.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    timestudy.cli.main(['template', '--help'])")
    commands = tuple(f"timestudy.cli.{name}" for name in SUMMARY)
    assert _loaded_by(code, commands + ("statsmodels", "matplotlib")) == [
        "timestudy.cli.template"]


@pytest.mark.parametrize("command", ["guide", "validate"])
def test_the_help_of_a_command_that_reads_a_diary_imports_no_pandas(command):
    """Its options name the diary layouts (``timestudy.ingest.layout_names``), not the reader:
    ``timestudy guide --help`` took 0.55 s importing pandas, now 0.07 s."""
    code = ("import contextlib, io, timestudy.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            f"    timestudy.cli.main([{command!r}, '--help'])")
    assert _loaded_by(code, ("pandas", "pyarrow", f"timestudy.cli.{command}")) == [
        f"timestudy.cli.{command}"]


def test_the_version_is_read_only_when_asked_for():
    """``importlib.metadata`` was 36 ms of the 40 of ``import timestudy``, at every start."""
    assert _loaded_by("import timestudy.cli", ("importlib.metadata",)) == []
    code = ("import contextlib, io, timestudy.cli\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
            "    timestudy.cli.main(['--version'])\n"
            "import timestudy\n"
            "assert out.getvalue() == f'timestudy {timestudy.__version__}\\n', out.getvalue()")
    assert _loaded_by(code, ("importlib.metadata",)) == ["importlib.metadata"]


def test_every_command_module_is_listed_with_its_help():
    modules = {m.name for m in pkgutil.iter_modules(timestudy.cli.__path__)
               if not m.name.startswith("_")}
    assert set(SUMMARY) == modules
    parser = timestudy.cli.build_parser()
    choices = parser._subparsers._group_actions[0]
    helps = {a.dest: a.help for a in choices._choices_actions}
    assert helps == SUMMARY


def test_the_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        timestudy.cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SUMMARY)


def test_a_guide_imports_neither_seaborn_nor_scipy_stats(tmp_path):
    # seaborn's import brings scipy.stats (0.7 s of a guide's 2.5 s of imports); the report's
    # figures are drawn with matplotlib alone, and the models use scipy.special
    timestudy.cli.main(["simulate", "--workers", "8", "--weeks", "1", "--seed", "3",
                        "--out", str(tmp_path / "s")])
    s = tmp_path / "s"
    args = [f"{s}/diary.csv", "--cases", f"{s}/cases.csv", "--workers", f"{s}/workers.csv",
            "--out", str(tmp_path / "g"), "--quiet",
            "--formats", "html", "--n-boot", "19"]  # the page draws every figure
    code = ("import contextlib, io, timestudy.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert timestudy.cli.main(['guide', *{args!r}]) == 0\n")
    # no helper process: every figure is drawn in the process whose imports are looked at
    assert _loaded_by(code, ("seaborn", "scipy.stats", "statsmodels", "matplotlib.pyplot"),
                      TIMESTUDY_HELPER="0") == ["matplotlib.pyplot"]
    assert (tmp_path / "g" / "report.html").exists()
