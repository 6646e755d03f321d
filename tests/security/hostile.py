"""Helpers of the hostile-input tests: a hang guard, the command line in and out of process.

The tests assert what bounds the work (a limit that fires at the first excess,
a file refused before it is unpacked), never how long it took: speed is measured
in ``benchmarks/bench_hostile.py``. Each case still runs under a generous hang
guard. :func:`hang_guard` interrupts the test with SIGALRM after
:data:`HANG_GUARD_S` (the regex engine and most of Python check for signals, so a
catastrophic backtrack or a runaway loop ends as a failure rather than a hang);
what cannot be interrupted that way (C code such as pyarrow's JSON reader, or a
crash) runs in a new process with a timeout through :func:`run_clis`.

Example counts of the property tests follow the suite's hypothesis profile
(``tests/conftest.py``), at most 25 so the whole security suite stays well under a
minute; ``TIMESTUDY_FUZZ_EXAMPLES`` sets another number, for a longer local fuzz:
``TIMESTUDY_FUZZ_EXAMPLES=2000 pytest tests/security``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from timestudy.cli import main

#: Seconds after which a block is taken to hang: not a speed target (every case takes
#: a small fraction of it, even on a loaded machine), only a guard against a hang.
HANG_GUARD_S = 120.0

FUZZ = settings(
    max_examples=int(
        os.environ.get("TIMESTUDY_FUZZ_EXAMPLES", min(settings().max_examples, 25))
    ),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Hung(BaseException):
    """The code under test was still running after :data:`HANG_GUARD_S`.

    Not an ``Exception``, so that no ``except Exception`` in the code under test
    can turn it into an ordinary error message.
    """


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_GUARD_S):
    """Fail with :class:`Hung` if the block is still running after ``seconds`` (POSIX only)."""

    def expire(signum, frame):
        raise Hung(f"still running after {seconds:.0f} s: a hang")

    if not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Run:
    """Exit code and output of one command."""

    code: int
    out: str
    err: str


def cli(args: list[str], capsys) -> Run:
    """Run ``timestudy ARGS`` in this process under the hang guard.

    An exception escaping :func:`timestudy.cli.main` (what a user would see as a
    traceback) fails the test.
    """
    capsys.readouterr()
    with hang_guard():
        code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_clean_error(run: Run, *, codes=(2,), name: str | None = None) -> None:
    """The command failed the way a user error should: the exit code, one line, no traceback."""
    assert run.code in codes, (run.code, run.err[-2000:])
    assert "Traceback" not in run.err and "Fatal Python error" not in run.err, run.err[-2000:]
    if run.code == 2:
        lines = run.err.strip().splitlines()
        assert len(lines) == 1, run.err[-2000:]
        assert lines[0].startswith("timestudy "), lines[0]
        if name is not None:
            assert name in lines[0], lines[0]


def assert_one_line(message: str, name: str | None = None) -> None:
    """An error message fit for the command line: one line, naming the file."""
    assert message and "\n" not in message.strip(), message
    if name is not None:
        assert name in message, message


#: Run in a new process by :func:`run_clis`: each command of ``sys.argv[1]`` (JSON) run
#: as the program runs it (``main()`` reading ``sys.argv``), its exit code and output
#: printed as one JSON line.
_PROGRAM = """
import contextlib, io, json, sys
from timestudy.cli import main
for args in json.loads(sys.argv[1]):
    sys.argv = ["timestudy", *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main()
        except SystemExit as exc:  # argparse's refusals, as the program exits with them
            code = exc.code
    print("RUN " + json.dumps([code, out.getvalue(), err.getvalue()]), flush=True)
"""


def run_clis(commands: list[list[str]], timeout: float = HANG_GUARD_S) -> list[Run]:
    """Run several ``timestudy`` commands, one after another, in one new process.

    Each runs as the program runs it (``main()`` reading ``sys.argv``, so tuned and
    with warnings on one line, as ``python -m timestudy``); its exit code, standard
    output and standard error are caught in that process. A crash (C code such as
    pyarrow's, which a hang guard cannot interrupt) or an exception escaping ``main``
    ends the process and fails the test with its standard error; the imports are paid
    once (about 2.5 s of processor time a process), not once a command.
    """
    import json

    proc = subprocess.Popen(
        [sys.executable, "-c", _PROGRAM, json.dumps([list(map(str, a)) for a in commands])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"timestudy commands still running after {timeout} s: {commands}")
    runs = [Run(*json.loads(line[4:])) for line in out.splitlines() if line.startswith("RUN ")]
    assert proc.returncode == 0 and len(runs) == len(commands), (proc.returncode, err[-2000:])
    return runs


# -- a minimal .xlsx written by hand, so that every byte of the sheet is ours -------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Diary" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org'
    b'/spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = b"</sheetData></worksheet>"


def xlsx_bytes(sheet_xml: bytes, *, level: int = 6) -> bytes:
    """A one-sheet workbook whose ``xl/worksheets/sheet1.xml`` is exactly ``sheet_xml``."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


def cell(ref: str, value=None, formula: str | None = None) -> str:
    """One cell: inline text, a number, or a formula with (or without) a cached value."""
    from xml.sax.saxutils import escape

    if formula is not None:
        cached = "" if value is None else f"<v>{escape(str(value))}</v>"
        kind = ' t="str"' if isinstance(value, str) else ""
        return f'<c r="{ref}"{kind}><f>{escape(formula)}</f>{cached}</c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_rows(rows: list[list]) -> bytes:
    """Sheet XML of rows; an item is a value or a ``(cached value, formula)`` pair."""
    out = []
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, item in enumerate(row):
            ref = f"{chr(65 + j)}{i}"
            if isinstance(item, tuple):
                cells.append(cell(ref, item[0], formula=item[1]))
            elif item is not None:
                cells.append(cell(ref, item))
        out.append(f'<row r="{i}">{"".join(cells)}</row>')
    return SHEET_OPEN + "".join(out).encode() + SHEET_CLOSE


def taxonomy(patterns: list[str], examples=("a visit",)) -> dict:
    """A taxonomy of one category and one task type, ``visit``, with these patterns."""
    return {
        "name": "custom",
        "categories": [{"id": "direct_work", "label": "Direct work", "counts_as_work": True}],
        "task_types": [
            {
                "id": "visit",
                "label": "Visit",
                "category": "direct_work",
                "patterns": list(patterns),
                "examples": list(examples),
            }
        ],
    }
