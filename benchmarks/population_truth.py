"""Write the population values the recovery tests compare against: ``tests/data/population_truth.json``.

A study of 120 workers recovers a *population* figure only up to sampling error,
so the coverage benchmark and notebook 3 need the figure itself. It is the truth of
one very large simulated study (4,000 workers x 4 weeks, seed 0), computed from the
generator's own labels, together with a fingerprint of the simulator's source; the
tests refuse a stale file. Re-run this script
after changing ``timestudy/simulate/``: ``.venv/bin/python benchmarks/population_truth.py``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from pathlib import Path

from timestudy import simulate_study

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "population_truth.json"


def _code_only(source: str) -> str:
    """The module's syntax tree without docstrings: what the simulated world depends on."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def simulator_fingerprint(root: Path = ROOT) -> str:
    """SHA-256 of the simulator's code: changes when the simulated world does.

    Docstrings and comments are left out, so documenting the simulator does not
    make the stored truth stale.
    """
    h = hashlib.sha256()
    paths = sorted((root / "timestudy" / "simulate").glob("*.py"))  # truth: the generator's labels
    for path in paths:
        h.update(_code_only(path.read_text(encoding="utf-8")).encode())
    return h.hexdigest()[:16]


def main(n_workers: int = 4000) -> int:
    truth = simulate_study(n_workers=n_workers, weeks=4, seed=0).truth
    truth.pop("worker_speed", None)
    OUT.write_text(json.dumps({"simulator": simulator_fingerprint(), "n_workers": n_workers,
                               "weeks": 4, "seed": 0, **truth}, indent=1))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
