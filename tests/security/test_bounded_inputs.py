"""Bounded resources (issue 19, deliverable 7): what is refused before it is read.

FIFOs, devices and other non-regular files are refused at once; a file over the size
limit or the memory free is refused with the limit and how to raise it; a refused input
costs at most about 3x its size in memory; a decoding error names its byte and line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from hostile import HANG_GUARD_S, assert_clean_error, cli

from timestudy.schema import EXAMPLES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")


@pytest.mark.parametrize("option", ["diary", "--mapping", "--cases"])
def test_a_fifo_is_refused_up_front(tmp_path, capsys, option):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # nothing ever writes to it: reading it would block for ever
    diary = fifo if option == "diary" else EXAMPLES / "episodes.csv"
    extra = [] if option == "diary" else [option, fifo]
    if option == "--cases":
        extra += ["--workers", EXAMPLES / "workers.csv"]
    command = "validate" if option != "--cases" else "guide"
    run = cli([command, diary, *extra, "--out", tmp_path / "out"], capsys)
    assert_clean_error(run, name="pipe.csv")
    assert "named pipe (FIFO), not a file" in run.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_up_front(capsys, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    run = cli(["validate", device], capsys)
    assert_clean_error(run, name=device.rsplit("/", 1)[1])
    assert "is a device, not a file" in run.err


def test_the_size_limit_says_how_to_raise_it(tmp_path, capsys, monkeypatch):
    big = tmp_path / "diary.csv"
    big.write_bytes((EXAMPLES / "episodes.csv").read_bytes() * 20)
    monkeypatch.setenv("TIMESTUDY_MAX_INPUT_MB", "0.001")
    run = cli(["validate", big], capsys)
    assert_clean_error(run, name="diary.csv")
    assert "at most 0.0 MB" in run.err or "at most" in run.err
    assert "TIMESTUDY_MAX_INPUT_MB" in run.err
    monkeypatch.setenv("TIMESTUDY_MAX_INPUT_MB", "lots")
    run = cli(["validate", big], capsys)
    assert_clean_error(run)
    assert "TIMESTUDY_MAX_INPUT_MB" in run.err
    monkeypatch.setenv("TIMESTUDY_MAX_INPUT_MB", "100")
    assert cli(["validate", big], capsys).code in (0, 1)  # raised: read


def test_the_memory_needed_is_checked_before_reading(tmp_path, capsys, monkeypatch):
    from timestudy._lib import limits

    monkeypatch.setattr(limits, "available_memory", lambda: 1000)
    run = cli(["validate", EXAMPLES / "episodes.csv"], capsys)
    assert_clean_error(run, name="episodes.csv")
    assert "needs about" in run.err and "free" in run.err


_PEAK = textwrap.dedent("""
    import json, resource, sys
    from timestudy.cli import main
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code = main(["validate", sys.argv[1]])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"code": code, "grew_kb": after - before}))
""")


@pytest.mark.parametrize("kind", ["junk", "late_bad_byte"])
def test_a_refused_input_costs_at_most_3x_its_size(tmp_path, kind):
    path = tmp_path / "big.csv"
    size = 40 << 20
    if kind == "junk":
        path.write_bytes(os.urandom(size))
    else:  # valid UTF-8 text for 40 MB, then one byte that is not
        row = b"W1,2026-03-09T09:00,2026-03-09T10:00,home visit Zo\xc3\xab\n"
        path.write_bytes(b"worker_id,start,end,activity\n" + row * (size // len(row))
                         + b"W1,2026-03-09T11:00,2026-03-09T12:00,caf\xe9\n")
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True,
                          text=True, timeout=HANG_GUARD_S)
    line = [x for x in proc.stdout.splitlines() if x.startswith("{")][-1]
    got = json.loads(line)
    assert got["code"] == 2, proc.stderr
    assert got["grew_kb"] * 1024 <= 3 * path.stat().st_size, got
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_late_decoding_error_names_byte_and_line(tmp_path, capsys):
    path = tmp_path / "diary.csv"
    row = "W1,2026-03-09T09:00,2026-03-09T10:00,visit Zoë\n".encode()
    body = b"worker_id,start,end,activity\n" + row * 3000
    path.write_bytes(body + b"W1,2026-03-09T11:00,2026-03-09T12:00,caf\xe9\n")
    run = cli(["validate", path], capsys)
    assert_clean_error(run, name="diary.csv")
    assert f"byte {len(body) + 40} (line 3002) is not UTF-8 (0xe9)" in run.err
    assert "encoding" in run.err  # what to do
