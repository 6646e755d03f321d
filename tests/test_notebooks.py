"""Every notebook in ``notebooks/`` runs top to bottom, and is committed without outputs.

The notebooks run the way JupyterLab runs them from ``make lab``: one kernel per
notebook, working directory ``notebooks/``. The kernel is the Python running the
tests (a kernelspec written into a temporary ``JUPYTER_PATH``), so a fresh
``.venv`` needs no registered kernel and a user's own ``python3`` kernel cannot
shadow the project's environment. Notebooks write their files under
``TIMESTUDY_NOTEBOOK_OUT`` (a temporary folder here, ``out/notebooks`` otherwise).
The kernels import timestudy from this checkout (``PYTHONPATH``), not from whichever
checkout the environment has installed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
NOTEBOOK_TIMEOUT_S = 240  # the whole notebook, kernel start included; each takes under 30 s
# ``python -m ipykernel_launcher``, with jsonschema leaving out the rfc3987 grammars no
# timestudy schema uses, as in the test processes (conftest.py) and the ``timestudy`` program:
# building them costs each kernel that reads a guide.json, a taxonomy or a study file about
# 1.5 s of processor time, and no notebook checks a string format. Nothing else differs from
# the kernel JupyterLab starts: the launcher runs as ``__main__``, and ``sys.path``,
# ``sys.argv[0]`` and the notebook's namespace come out the same (checked side by side).
KERNEL_LAUNCHER = (
    "__import__('sys').modules.setdefault('rfc3987_syntax', None); "
    "__import__('runpy').run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)"
)


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A ``python3`` kernelspec for the running interpreter, first on ``JUPYTER_PATH``."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", KERNEL_LAUNCHER, "-f", "{connection_file}"],
                "display_name": "Python 3 (timestudy tests)",
                "language": "python",
            }
        )
    )
    return root


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, kernel_env, tmp_path, monkeypatch):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env))
    monkeypatch.setenv("TIMESTUDY_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()

    def time_left(cell):  # each cell may use what the notebook has not used yet
        return max(1.0, NOTEBOOK_TIMEOUT_S - (time.perf_counter() - start))

    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout_func=time_left,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except CellTimeoutError:
        pytest.fail(f"{path.name} did not finish within {NOTEBOOK_TIMEOUT_S} s", pytrace=False)
    except CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)
    print(f"{path.name}: {time.perf_counter() - start:.1f} s")


def test_there_are_notebooks():
    names = {p.stem[:2] for p in PATHS}
    assert {"01", "02", "03", "04", "05"} <= names, sorted(p.name for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; clear them with "
        f"`jupyter nbconvert --clear-output --inplace notebooks/{path.name}`"
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: the kernel must be `python3` (the project's environment), not "
        f"{nb.metadata.get('kernelspec')}"
    )
