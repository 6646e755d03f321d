"""Benchmark hostile inputs: how long each takes to be refused (or read, or cut off).

The security tests (``tests/security``, ``tests/taxonomy/test_patterns.py``) assert
what bounds the work on a hostile input (a limit that fires at the first excess, a
zip bomb refused before it is unpacked, a slow pattern cut off once per text), never
a time, so that they pass on a loaded machine. The times live here, each against
the target the tests used to assert:

- YAML configuration: a list of 4x :data:`~timestudy._lib.yaml.MAX_VALUES` values, a
  billion laughs, ten thousand ``[``, 200 nested keys, a file over ``MAX_CHARS``
  (target: refused within 3 s; the shipped taxonomy's load time for scale);
- workbooks: three zip bombs (2 s), an XML entity bomb (3 s), 5,000 columns in each
  format (8 s), an ordinary 20,000-row workbook (read within 20 s);
- taxonomy patterns: a catastrophic pattern refused on loading (3 s), a quadratic
  one cut off by the time limit on long texts (2 s for 15 rows of 10,000 characters),
  stopped after ``MAX_TIMEOUTS`` texts (2 s), 21 descriptions of a megabyte (5 s),
  and what the checks prevent: ``(a|aa)+$`` on 30 characters (over 0.02 s).

Each time is the best of ``--repeat`` runs. Updates the ``## Hostile inputs`` section
of ``benchmarks/RESULTS.md``. Run: ``.venv/bin/python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "security"))
from _results import machine, update_section  # noqa: E402
from hostile import SHEET_CLOSE, SHEET_OPEN, sheet_rows, taxonomy, xlsx_bytes  # noqa: E402

import timestudy  # noqa: E402
from timestudy._lib.yaml import MAX_CHARS, MAX_VALUES, safe_load  # noqa: E402
from timestudy.categorise import taxonomy as taxonomy_module  # noqa: E402
from timestudy.categorise.taxonomy import Taxonomy, load_taxonomy  # noqa: E402
from timestudy.errors import DataQualityWarning, TimestudyError  # noqa: E402

HEADER = "worker_id,start,end,activity"
ROW = "W1,2026-03-09T09:00,2026-03-09T10:00,home visit"
LONG = [f"n{i:03d} " + ("a x" * 3400)[:9995] for i in range(5)]


def laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


YAML_CASES = {
    f"{4 * MAX_VALUES:,} values in one list": "columns: ["
    + ", ".join(["1"] * (4 * MAX_VALUES))
    + "]\n",
    "billion laughs": laughs(),
    "10,000 `[`": "[" * 10_000 + "]" * 10_000,
    "200 nested keys": "".join("  " * i + f"k{i}:\n" for i in range(200)),
    "over MAX_CHARS": "name: " + "a" * (MAX_CHARS + 1) + "\n",
}


def best(step: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs of ``step``; an expected refusal is part of the run."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            step()
        except (yaml.YAMLError, TimestudyError):
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def _met(seconds: float, target: str) -> bool:
    """Whether ``seconds`` meets a target written ``< 3`` or ``> 0.02`` (none: always)."""
    if not target:
        return True
    op, bound = target.split()
    return seconds < float(bound) if op == "<" else seconds > float(bound)


def yaml_rows(repeat: int) -> list[tuple[str, float, str]]:
    rows = []
    shipped = HERE.parent / "timestudy/categorise/taxonomies/uk_children_social_work.yaml"
    text = shipped.read_text(encoding="utf-8")
    rows.append(
        (
            "YAML: the shipped taxonomy (30,000 characters), loaded",
            best(lambda: safe_load(text), repeat),
            "",
        )
    )
    for name, text in YAML_CASES.items():
        rows.append((f"YAML: {name}, refused", best(lambda t=text: safe_load(t), repeat), "< 3"))
    return rows


def _read(path: Path) -> None:
    timestudy.read_diary(path, warn=False)


def workbook_rows(folder: Path, repeat: int) -> list[tuple[str, float, str]]:
    header = sheet_rows([["worker_id", "start", "end"]])[len(SHEET_OPEN) : -len(SHEET_CLOSE)]
    spaces = folder / "spaces.xlsx"
    spaces.write_bytes(xlsx_bytes(SHEET_OPEN + header + b" " * 40_000_000 + SHEET_CLOSE, level=9))
    row = b'<row><c t="inlineStr"><is><t>W1</t></is></c></row>'
    rows_bomb = folder / "rows.xlsx"
    rows_bomb.write_bytes(xlsx_bytes(SHEET_OPEN + header + row * 300_000 + SHEET_CLOSE, level=9))
    entities = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "lol") * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'.encode()
        + SHEET_OPEN[SHEET_OPEN.index(b"<worksheet") :]
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_CLOSE
    )
    entity = folder / "entities.xlsx"
    entity.write_bytes(xlsx_bytes(sheet))
    out = [
        (
            "zip bomb: 40 MB of spaces in a sheet, refused",
            best(lambda: _read(spaces), repeat),
            "< 2",
        ),
        ("zip bomb: 300,000 rows in 90 kB, refused", best(lambda: _read(rows_bomb), repeat), "< 2"),
        ("XML entity bomb in a sheet, refused", best(lambda: _read(entity), repeat), "< 3"),
    ]
    wide = pd.concat(
        [
            pd.DataFrame([ROW.split(",")], columns=HEADER.split(",")),
            pd.DataFrame({f"c{i}": ["x"] for i in range(5_000)}),
        ],
        axis=1,
    )
    for fmt in ("csv", "jsonl", "parquet", "xlsx"):
        path = folder / f"wide.{fmt}"
        if fmt == "csv":
            wide.to_csv(path, index=False)
        elif fmt == "jsonl":
            wide.to_json(path, orient="records", lines=True)
        elif fmt == "parquet":
            wide.to_parquet(path, index=False)
        else:
            wide.to_excel(path, index=False)
        out.append(
            (f"5,000 columns ({fmt}), refused", best(lambda p=path: _read(p), repeat), "< 8")
        )
    base = pd.DataFrame(
        {
            "worker_id": ["W1", "W2", "W1", "W2"],
            "start": [
                "2026-03-09T09:00",
                "2026-03-09T09:00",
                "2026-03-09T10:00",
                "2026-03-09T10:00",
            ],
            "end": ["2026-03-09T10:00", "2026-03-09T09:30", "2026-03-09T11:00", "2026-03-09T10:45"],
            "activity": ["home visit", "court statement", "=1+1", "drive to school"],
            "duration_min": [60, 30, 60, 45],
        }
    )
    normal = folder / "repetitive.xlsx"
    pd.concat([base] * 5_000, ignore_index=True).to_excel(normal, index=False)
    out.append(("ordinary workbook of 20,000 rows, read", best(lambda: _read(normal), 1), "< 20"))
    return out


def pattern_rows(folder: Path, repeat: int) -> list[tuple[str, float, str]]:
    custom = folder / "custom.yaml"
    custom.write_text(yaml.safe_dump(taxonomy(["(a|aa)+$"])))
    quadratic = Taxonomy.from_dict(taxonomy([".+.*x", "home visit"], examples=[]), schema=False)
    frame = pd.DataFrame({"activity": LONG * 3 + ["a x", "home visit Smith", "lunch"]})
    shipped = load_taxonomy()
    mega = pd.DataFrame(
        {
            "activity": [f"home visit {i} " + "a" * 1_000_000 for i in range(20)]
            + ["x" * 1_000_000 + " home visit"],
            "duration_min": 60,
        }
    )
    rx = re.compile(r"\b(?:(a|aa)+$)(?!\w)")

    def too_many() -> None:
        before = taxonomy_module.MAX_TIMEOUTS
        taxonomy_module.MAX_TIMEOUTS = 3
        try:
            timestudy.categorise(pd.DataFrame({"activity": LONG}), quadratic)
        finally:
            taxonomy_module.MAX_TIMEOUTS = before

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return [
            (
                "pattern (a|aa)+$ refused on loading",
                best(lambda: load_taxonomy(custom), repeat),
                "< 3",
            ),
            (
                "pattern .+.*x on 15 rows of 10,000 characters, cut off",
                best(lambda: timestudy.categorise(frame, quadratic), repeat),
                "< 2",
            ),
            ("pattern .+.*x stopped after MAX_TIMEOUTS=3 texts", best(too_many, repeat), "< 2"),
            (
                "21 descriptions of a megabyte, categorised",
                best(lambda: timestudy.categorise(mega, shipped), repeat),
                "< 5",
            ),
            (
                "what the checks prevent: (a|aa)+$ on 30 characters, unchecked",
                best(lambda: rx.search("a" * 30 + "!"), repeat),
                "> 0.02",
            ),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; best is kept")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = yaml_rows(args.repeat) + workbook_rows(folder, args.repeat)
        rows += pattern_rows(folder, args.repeat)
    table = ["| input | seconds | target |", "|---|---|---|"]
    missed = []
    for name, seconds, target in rows:
        ok = _met(seconds, target)
        cell = name.replace("|", "\\|")  # a pattern's | would end the table cell
        table.append(f"| {cell} | {seconds:.3f} | {target or '-'}{'' if ok else ' (missed)'} |")
        missed += [] if ok else [name]
        print(f"{name:66s} {seconds:8.3f} s  {target}", flush=True)
    body = f"""
Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_hostile.py` (also run by `make bench`).

How long hostile inputs take to be refused, read or cut off: best of {args.repeat} runs (one run for
the 20,000-row workbook). The targets are the time budgets the security tests used to assert; the
tests now assert what bounds the work instead (parser events and characters scanned up to a YAML
limit, nothing unpacked from a zip bomb, one cut-off search per slow text), which holds on a
loaded machine. Load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.

{chr(10).join(table)}

{"All targets met." if not missed else "Missed: " + "; ".join(missed) + "."}
"""
    if not args.no_write:
        update_section("Hostile inputs", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
