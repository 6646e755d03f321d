"""Write the population values the recovery tests compare against: ``tests/data/population_truth.json``.

A study of 120 workers recovers a *population* figure only up to sampling error,
so the coverage benchmark and notebook 3 need the figure itself. It is the truth of
one very large simulated study (4,000 workers x 4 weeks, seed 0), computed from the
generator's own labels, together with a fingerprint of the simulator's source; the
tests refuse a stale file. Re-run this script
after changing ``timestudy/simulate/``: ``.venv/bin/python benchmarks/population_truth.py``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from timestudy import simulate_study

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "population_truth.json"


def simulator_fingerprint() -> str:
    """SHA-256 of the simulator's source files: changes when the simulated world does."""
    h = hashlib.sha256()
    paths = sorted((ROOT / "timestudy" / "simulate").glob("*.py"))  # truth: the generator's labels
    for path in paths:
        h.update(path.read_bytes())
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
