"""Atomic, locked, fingerprinted runs (issue 19, deliverable 6 and the kill-and-rerun test).

Outputs are the old complete set or the new complete set, whatever happens to the run: a
second run into the same folder, a full disk, a SIGKILL at any moment, an output that
would replace an input.
"""

from __future__ import annotations

import errno
import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hostile import HANG_GUARD_S, assert_clean_error, cli, hang_guard

from timestudy import pipeline, simulate_study
from timestudy._lib.atomic import output_lock, recover
from timestudy._lib.fingerprint import run_fingerprint
from timestudy.cli import main
from timestudy.pipeline import run_study

FORMATS = "json,md,xlsx"


@pytest.fixture(scope="module")
def two_studies(tmp_path_factory):
    """Two small simulated studies written as files: A and B."""
    root = tmp_path_factory.mktemp("studies")
    return {k: simulate_study(n_workers=8, weeks=1, seed=seed).write(root / k)
            for k, seed in (("A", 1), ("B", 2))}


@pytest.fixture(scope="module")
def a_run(two_studies, tmp_path_factory):
    """Study A's guide outputs, written once by the program in a new process (the tests
    only copy them), and how long that process took: the kills time themselves by it (B is
    a study of the same size)."""
    out = tmp_path_factory.mktemp("a_set") / "out"
    started = time.monotonic()
    proc = _start(guide_args(two_studies["A"], out))
    assert proc.wait(timeout=HANG_GUARD_S) in (0, 1), proc.stderr.read()
    return out, time.monotonic() - started


@pytest.fixture(scope="module")
def a_set(a_run):
    """Study A's guide outputs (``a_run``'s folder)."""
    return a_run[0]


def old_set(a_set: Path, out: Path) -> dict[str, bytes]:
    """A complete set of study A's outputs in ``out``, as a run of A leaves it: its bytes."""
    shutil.copytree(a_set, out)
    assert snapshot(out) == snapshot(a_set) and leftovers(out.parent) == []
    return snapshot(out)


def guide_args(data: dict, out: Path) -> list[str]:
    """A guide run of ``data`` into ``out``; without the pieces' sensitivity, which no test
    here reads (what is written, and when, is the same with it)."""
    return ["guide", str(data["diary"]), "--cases", str(data["cases"]), "--workers",
            str(data["workers"]), "--n-boot", "9", "--formats", FORMATS, "--quiet",
            "--no-sensitivity", "--out", str(out)]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    """Lock files, journals and temporary folders left beside the outputs."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def fingerprint_of(out: Path) -> str:
    return json.loads((out / "guide.json").read_text())["meta"]["data_fingerprint"]


def assert_one_set(out: Path, old: dict[str, bytes], new_fp: str) -> str:
    """The folder holds the old set byte for byte, or a complete set of the new run."""
    now = snapshot(out)
    if now == old:
        return "old"
    assert sorted(now) == sorted(old), "a file is missing or extra"
    assert not any(now[k] == old[k] for k in old), "old and new files mixed"
    fp = fingerprint_of(out)
    assert fp == new_fp, json.loads((out / "guide.json").read_text())["meta"]
    assert fp in (out / "report.md").read_text(encoding="utf-8")
    return "new"


def test_fingerprint_covers_every_input_and_the_configuration(two_studies, monkeypatch):
    a, b = two_studies["A"], two_studies["B"]
    same = {"diary": a["diary"], "cases": a["cases"], "workers": a["workers"], "n_boot": 9,
            "sensitivity": False}  # the same in every call
    guide = run_study(**same).guide  # one whole run: the fingerprint its guide carries
    base, parts = guide.meta["data_fingerprint"], guide.meta["input_fingerprints"]
    assert sorted(parts) == ["cases", "configuration", "diary", "taxonomy", "workers"]

    class Fingerprinted(Exception):
        """Raised with what run_study fingerprinted, before anything is estimated."""

    def stop_after_fingerprinting(*args, **kwargs):
        raise Fingerprinted(run_fingerprint(*args, **kwargs))

    monkeypatch.setattr(pipeline, "run_fingerprint", stop_after_fingerprinting)

    def fp(**kw):  # the fingerprint run_study computes from these arguments
        with pytest.raises(Fingerprinted) as stopped:
            run_study(**(same | kw))
        return stopped.value.args[0]

    assert fp() == (base, parts)  # the same inputs and options: the guide's fingerprint
    assert fp(cases=b["cases"])[0] != base  # the cases table alone differs
    assert fp(workers=b["workers"])[0] != base
    assert fp(min_workers=3)[0] != base
    assert fp(seed=1)[0] != base
    from timestudy.schema import EXAMPLES

    adj = EXAMPLES / "adjustments.yaml"
    with_adj, parts = fp(adjustments=adj)
    assert with_adj != base and "adjustments" in parts


class Fingerprinted(BaseException):  # not an Exception: main() does not catch it
    """Raised with what run_study fingerprinted, before anything is estimated."""


def _stop_after_fingerprinting(*args, **kwargs):
    raise Fingerprinted(run_fingerprint(*args, **kwargs))


def test_a_second_run_into_the_same_out_is_refused(two_studies, tmp_path, capsys, monkeypatch):
    """A run into an ``--out`` another process holds is refused, one line naming it; once
    the holder has gone, a run takes the lock and starts: stopped where run_study has
    fingerprinted its inputs (a whole run of these arguments is ``a_set``'s)."""
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from timestudy._lib.atomic import output_lock
            with output_lock({str(out)!r}):
                print("held", flush=True)
                sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        run = cli(guide_args(two_studies["A"], out), capsys)
        assert_clean_error(run, name=str(out))
        assert "being written by another timestudy run" in run.err
        assert f"process {holder.pid}" in run.err
        assert not out.exists()
    finally:
        holder.communicate("", timeout=HANG_GUARD_S)
    monkeypatch.setattr(pipeline, "run_fingerprint", _stop_after_fingerprinting)
    capsys.readouterr()
    with pytest.raises(Fingerprinted), hang_guard():  # free again: past the lock, running
        main([str(a) for a in guide_args(two_studies["A"], out)])
    assert capsys.readouterr().err == ""
    assert leftovers(tmp_path) == []


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom timestudy._lib.atomic import output_lock\n"
         f"with output_lock({str(out)!r}):\n    print('held', flush=True)\n    sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=HANG_GUARD_S)
    with output_lock(out):  # the system let go of a killed process's lock
        pass


def test_an_input_is_never_overwritten(tmp_path, capsys):
    from timestudy.schema import EXAMPLES

    raw = tmp_path / "raw.csv"
    raw.write_bytes((EXAMPLES / "episodes.csv").read_bytes())
    before = raw.read_bytes()
    run = cli(["categorise", raw, "--out", raw], capsys)
    assert_clean_error(run, name="raw.csv")
    assert "input of this run" in run.err
    assert raw.read_bytes() == before
    # an output folder holding an input of the same name: nothing is written
    out = tmp_path / "out"
    out.mkdir()
    rejects = out / "rejects.csv"
    rejects.write_bytes(before)
    run = cli(["validate", rejects, "--out", out], capsys)
    assert_clean_error(run, name="rejects.csv")
    assert sorted(p.name for p in out.iterdir()) == ["rejects.csv"]
    assert rejects.read_bytes() == before
    assert leftovers(tmp_path) == [] and leftovers(out) == []


def test_a_full_disk_exits_2_and_keeps_the_previous_outputs(two_studies, a_set, tmp_path,
                                                            capsys, monkeypatch):
    out = tmp_path / "out"
    old = old_set(a_set, out)
    from timestudy.report import outputs

    def full(report, path, *args):  # report.md is written after guide.json and guide.xlsx
        Path(path).write_text("# half a rep", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setitem(outputs.WRITERS, "md", full)
    run = cli(guide_args(two_studies["B"], out), capsys)
    assert_clean_error(run, name=str(out))
    assert "the disk is full" in run.err and "unchanged" in run.err
    assert snapshot(out) == old
    assert leftovers(tmp_path) == []


def _start(args: list[str], preamble: str = "") -> subprocess.Popen:
    """Run ``timestudy ARGS`` in a new process, as the program runs (``main()`` reads argv)."""
    code = preamble + "\nimport sys\nfrom timestudy.cli import main\nsys.exit(main())"
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def test_a_killed_run_leaves_the_old_set_or_the_new_set(two_studies, a_run, tmp_path, capsys,
                                                        monkeypatch):
    """Killed half way and nine tenths of the way through a run of B (timed by a whole run
    of A, ``a_run``), the folder holds A's set or B's; the rerun writes B's. B's fingerprint
    is what run_study computes of its inputs, stopped there (not a whole run of B more):
    the rerun's guide.json and report.md must carry it."""
    a_set, duration = a_run
    out = tmp_path / "out"
    monkeypatch.setattr(pipeline, "run_fingerprint", _stop_after_fingerprinting)
    with pytest.raises(Fingerprinted) as stopped, hang_guard():
        main([str(a) for a in guide_args(two_studies["B"], out)])
    monkeypatch.undo()
    new_fp = stopped.value.args[0][0]
    assert not out.exists() and leftovers(tmp_path) == []
    capsys.readouterr()
    old = old_set(a_set, out)
    seen = []
    for share in (0.5, 0.9):
        proc = _start(guide_args(two_studies["B"], out))
        time.sleep(duration * share)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=HANG_GUARD_S)
        journal = tmp_path / ".out.commit"
        if journal.exists():  # killed while moving: the next run finishes the moves first
            recover(out)
        seen.append(assert_one_set(out, old, new_fp))
        if seen[-1] == "new":  # start again from the old set
            for name, data in old.items():
                (out / name).write_bytes(data)
    # the rerun after the kills gives the new set, with nothing left over
    assert cli(guide_args(two_studies["B"], out), capsys).code in (0, 1)
    assert assert_one_set(out, old, new_fp) == "new"
    assert leftovers(tmp_path) == []


def test_a_run_killed_while_moving_is_finished_by_the_next(two_studies, a_set, tmp_path,
                                                          capsys):
    out = tmp_path / "out"
    old = old_set(a_set, out)
    dying = textwrap.dedent("""
        import os, signal
        import timestudy._lib.atomic as atomic
        move = atomic._move
        def die_half_way(tmp, dest, files):
            move(tmp, dest, files[:2])
            os.kill(os.getpid(), signal.SIGKILL)
        atomic._move = die_half_way
    """)
    proc = _start(guide_args(two_studies["B"], out), dying)
    assert proc.wait(timeout=HANG_GUARD_S) == -signal.SIGKILL
    now = snapshot(out)
    assert 0 < sum(now[k] != old[k] for k in old) < len(old)  # mixed, for now
    assert (tmp_path / ".out.commit").exists()
    assert cli(["validate", two_studies["B"]["diary"], "--out", out], capsys).code in (0, 1)
    new = snapshot(out)  # validate's files added to the finished guide set
    assert all(new[k] != old[k] for k in old)
    assert "rejects.csv" in new
    assert fingerprint_of(out) in new["report.md"].decode()
    assert leftovers(tmp_path) == [] and leftovers(out) == []
