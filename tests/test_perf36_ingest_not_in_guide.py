"""perf36g's proposal: with a child reading the diary ahead, the guide's own process imports
none of the diary's readers (80 modules, 1.03 MB of source before; 13 after).

Measured at 120 workers x 4 weeks, TIMESTUDY_HELPER=1, five interleaved runs each (load 9-12
on 2 cores): the guide's own process 3.046 -> 2.967 s of processor time (median; paired
differences -0.50, -0.04, -0.17, -0.12, -0.19 s), its children 3.28 -> 3.38 s (the child
reading ahead imports the readers instead).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_guide_process_imports_no_reader_when_a_child_reads(tmp_path):
    from timestudy import simulate_study

    data = simulate_study(n_workers=8, weeks=1, seed=3).write(tmp_path / "data")
    readers = ("timestudy.ingest.diary", "timestudy.ingest.layouts", "timestudy.ingest.files",
               "timestudy.ingest.wombat", "timestudy.ingest.worker_ids",
               "timestudy.ingest.case_ids")
    code = (
        "import sys, json\n"
        "from timestudy.cli import main\n"
        f"code = main(['guide', {str(data['diary'])!r}, '--cases', {str(data['cases'])!r},"
        f" '--workers', {str(data['workers'])!r}, '--out', {str(tmp_path / 'out')!r},"
        " '--n-boot', '19', '--formats', 'json', '--quiet'])\n"
        f"print(json.dumps([code, [m for m in {readers!r} if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "TIMESTUDY_HELPER": "1"})
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got[0] in (0, 1)
    assert got[1] == []
