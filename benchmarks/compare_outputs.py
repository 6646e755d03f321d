"""Check that the published outputs are unchanged between two versions of the code.

Runs the demo and every example diary through ``timestudy validate --out`` and
``timestudy guide --out`` twice, once with the code of a git revision (``--base``,
checked out in a temporary worktree) and once with the working tree, and compares:

- ``guide.json`` (apart from ``meta.created``),
- ``episodes.parquet`` (every column and value, as a table),
- ``rejects.csv`` (byte for byte),
- ``ingest_report.json`` (apart from timestamps),
- ``data_quality.json``,
- the cell values and formulas of every sheet of ``guide.xlsx``.

Both runs use this environment's Python; the older code is put first on
``PYTHONPATH``. Exit status 0 when everything is identical, 1 when anything
differs (each difference is printed), 2 when a run failed.

``--rtol R`` allows numbers of ``guide.json`` and of the workbook's cells to differ by at
most ``R`` relative (``|a - b| <= R max(|a|, |b|)``), provided every figure as published is
identical: each workbook cell as its number format displays it (``0.00``: two decimals,
``0%``: a whole percent, ``General``: ten significant digits) and ``report.md`` (the
report's rounded figures, creation times masked) line for line. The largest relative
change found is printed either way.

Usage::

    .venv/bin/python benchmarks/compare_outputs.py --base 136ed89 [--study /tmp/s120] [--rtol 1e-12]

``--study`` adds the guide of a simulated study (``timestudy simulate --out``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data_schema" / "examples"
CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
VOLATILE = {"created", "generated", "timestamp", "elapsed_s", "seconds", "version"}


def runs(examples: Path, study: Path | None = None) -> dict[str, list[str]]:
    """Every command to run, by the name of its output folder (``study``: a folder with
    ``diary.csv``, ``cases.csv`` and ``workers.csv``, e.g. written by ``timestudy simulate``,
    whose guide is compared too)."""
    guide = ["--cases", str(examples / "cases.csv"), "--workers", str(examples / "workers.csv")]
    cmds: dict[str, list[str]] = {
        "demo": ["demo", "--workers", "30", "--n-boot", "99", "--quiet"],
        "guide_example": ["guide", str(examples / "episodes.csv"), *guide, "--n-boot", "99",
                          "--min-workers", "1", "--quiet"],
    }
    diaries = {
        "episodes": [], "episodes_duration": [], "episodes_split": [],
        "episodes_with_errors": [], "slots": [], "toggl": [], "wombat": [],
        "episodes_local": ["--mapping", str(examples / "mapping.yaml")],
    }
    for stem, extra in diaries.items():
        cmds[f"validate_{stem}"] = ["validate", str(examples / f"{stem}.csv"), *extra]
    if study is not None:
        cmds["guide_study"] = ["guide", str(study / "diary.csv"), "--cases",
                               str(study / "cases.csv"), "--workers", str(study / "workers.csv"),
                               "--quiet"]
    return cmds


def run_all(code: Path, out: Path, python: str, study: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(code), "MPLBACKEND": "Agg"}
    for name, cmd in runs(code / "data_schema" / "examples", study).items():
        target = out / name
        proc = subprocess.run([python, "-m", "timestudy", *cmd, "--out", str(target)],
                              env=env, capture_output=True, text=True, cwd=out)
        if proc.returncode not in (0, 1):
            sys.exit(f"{code}: `timestudy {' '.join(cmd)}` exited {proc.returncode}:\n"
                     f"{proc.stderr[-2000:]}")


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _workbook(path: Path, shown: bool = False) -> dict:
    """Every cell's value by sheet (``shown``: as its number format displays it)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    cell = (lambda c: _displayed(c.value, c.number_format)) if shown else (lambda c: c.value)
    return {ws.title: [[_mask(cell(c)) for c in row] for row in ws.iter_rows()] for ws in wb}


def _displayed(value, number_format: str):
    """A number as a number format shows it: ``#,##0.0`` one decimal, ``0%`` a whole
    percent, ``General`` ten significant digits (what a default-width column shows)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if number_format == "General":
        return f"{value:.10g}"
    decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
    if number_format.endswith("%"):
        return f"{100 * value:.{decimals}f}%"
    return f"{value:.{decimals}f}"


class Relative:
    """Numbers equal within a relative tolerance, noting the largest relative change."""

    def __init__(self, rtol: float) -> None:
        self.rtol = rtol
        self.largest = (0.0, "")

    def same(self, a, b, where: str = "") -> bool:
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all([self.same(a[k], b[k], f"{where}/{k}")
                                                 for k in a])
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all([self.same(x, y, f"{where}[{i}]")
                                             for i, (x, y) in enumerate(zip(a, b, strict=True))])
        if _number(a) and _number(b) and a != b:
            if math.isnan(a) and math.isnan(b):
                return True
            rel = abs(a - b) / max(abs(a), abs(b))
            if rel > self.largest[0]:
                self.largest = (rel, f"{where}: {a!r} -> {b!r}")
            return rel <= self.rtol
        return a == b


def _number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _report_md(path: Path) -> list[str]:
    return [CREATED.sub("<created>", line) for line in path.read_text().splitlines()]


def _mask(value):
    """A creation time (``2026-12-02T14:41:34Z``) compares equal to any other."""
    if isinstance(value, str) and CREATED.fullmatch(value):
        return "<created>"
    return value


def compare(a: Path, b: Path, rel: Relative | None = None) -> list[str]:
    """The differences between two output folders, one line each (``rel``: numbers of
    guide.json and the workbook within its tolerance, figures as published identical)."""
    import pandas as pd

    rel = rel or Relative(0.0)

    diffs = []
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    for missing in sorted(names_a ^ names_b):
        diffs.append(f"{missing}: only in {'base' if missing in names_a else 'working tree'}")
    for name in sorted(names_a & names_b):
        pa, pb = a / name, b / name
        if name.suffix == ".json":
            same = rel.same(_strip(json.loads(pa.read_text())),
                            _strip(json.loads(pb.read_text())), str(name))
        elif name.suffix == ".parquet":
            same = pd.read_parquet(pa).equals(pd.read_parquet(pb))
        elif name.suffix == ".xlsx":
            same = rel.same(_workbook(pa), _workbook(pb), str(name))
            if rel.rtol and _workbook(pa, shown=True) != _workbook(pb, shown=True):
                diffs.append(f"{name}: a cell as displayed differs")
        elif name.name == "rejects.csv" or name.parts[-2:-1] == ("data",):
            same = pa.read_bytes() == pb.read_bytes()
        elif name.name == "report.md" and rel.rtol:
            same = _report_md(pa) == _report_md(pb)
        else:
            continue  # HTML, Markdown and pictures carry timestamps and renderer details
        if not same:
            diffs.append(f"{name}: differs")
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--keep", help="keep both output folders under this path")
    ap.add_argument("--rtol", type=float, default=0.0, help="numbers of guide.json and the "
                    "workbook may differ by this much relative, figures as published not at all")
    ap.add_argument("--study", type=Path, help="also compare the guide of this study folder "
                    "(diary.csv, cases.csv, workers.csv: `timestudy simulate --out`)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(args.keep) if args.keep else Path(tmp)
        base_code = Path(tmp) / "code"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_code),
                        args.base], check=True, capture_output=True)
        try:
            for label, code in (("base", base_code), ("new", ROOT)):
                (tmp_path / label).mkdir(parents=True, exist_ok=True)
                run_all(code, tmp_path / label, sys.executable, args.study)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(base_code)], capture_output=True)
        rel = Relative(args.rtol)
        diffs = compare(tmp_path / "base", tmp_path / "new", rel)
    for line in diffs:
        print(line)
    print(f"largest relative change of a number: {rel.largest[0]:.3g} {rel.largest[1]}")
    n = len(runs(EXAMPLES, args.study))
    print(f"{n} runs compared: " + ("identical" if not diffs else f"{len(diffs)} difference(s)"))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
