"""What a ``timestudy guide`` process spends outside its work (issue 18): a quiet run imports
no progress-bar library, and the process moves its objects out of the garbage collector's
sight as it exits, so that Python's shutdown does not traverse them again.

Checked by what the process holds as it ends, in a fresh interpreter, not by timing it.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from timestudy import simulate_study
from timestudy._lib.progress import Hidden, progress_bar
from timestudy.cli import guide


def _ending(tmp_path, *extra: str) -> dict[str, str]:
    data = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "data")
    argv = ["timestudy", "guide", str(data["diary"]), "--cases", str(data["cases"]),
            "--workers", str(data["workers"]), "--out", str(tmp_path / "out"),
            "--formats", "json", "--n-boot", "19", *extra]
    probe = ("import atexit, gc, sys\n"  # registered first, so it runs last of all
             "atexit.register(lambda: print('END', gc.get_freeze_count() > 0,"
             " 'tqdm' in sys.modules, 'multiprocessing' in sys.modules))\n"
             "from timestudy.cli import main\n"
             f"sys.argv = {argv!r}\n"
             "sys.exit(main())")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "TIMESTUDY_HELPER": "0"})
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("END "))
    return dict(zip(("frozen", "tqdm", "multiprocessing"), line.split()[1:], strict=True))


def test_a_quiet_guide_imports_no_progress_bars_and_freezes_its_objects_at_exit(tmp_path):
    assert _ending(tmp_path, "--quiet") == {"frozen": "True", "tqdm": "False",
                                            "multiprocessing": "False"}


def test_a_bar_switched_off_is_hidden_and_does_what_tqdm_does():
    bar = progress_bar(total=3, disable=True, desc="reading")
    assert isinstance(bar, Hidden)
    bar.update()
    bar.update(2)
    bar.set_description("x")
    bar.set_postfix_str("y")
    bar.close()
    assert bar.n == 3
    assert list(progress_bar(range(3), disable=True)) == [0, 1, 2]
    with progress_bar(total=1, disable=True) as b:
        b.update()


def test_the_freeze_is_registered_once_and_only_for_the_exit():
    frozen = gc.get_freeze_count()
    guide._shut_down_quickly()
    guide._shut_down_quickly()
    assert len(guide._FREEZE_AT_EXIT) == 1
    assert gc.get_freeze_count() == frozen  # nothing frozen before the process ends
