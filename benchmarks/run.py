"""Run every benchmark in this folder (``make bench``): each ``bench_*.py`` as its own process.

Each benchmark prints its measured figures and appends or updates its section in
``benchmarks/RESULTS.md``. Run one alone with ``.venv/bin/python benchmarks/bench_<name>.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
