"""Measure what the current readers do with each conformance file, against its expected results.

Not a test (the readers do not conform yet): it reports, it never asserts. For every
``*.expected.yaml`` it

1. checks the expected file's own arithmetic (row minutes add up to the totals, minutes
   in = minutes accepted + minutes rejected, end - start = minutes where no flag says
   otherwise);
2. reads the data file with ``timestudy.read_diary`` as ``read_with`` says, and compares
   each expected row or episode with what the current code accepted or rejected;
3. runs ``timestudy validate`` (and, where the expected file has an ``observe`` block,
   ``timestudy observe``; for the worker-only mapping, ``timestudy guide``) and records
   exit codes and measures.

Run from the repository root::

    python tests/ingest/conformance/measure_current.py > /tmp/measured.md

CURRENT_BEHAVIOUR.md was written from its output.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
TOL = 0.01  # minutes
CLI = [sys.executable, "-m", "timestudy"]


def main() -> int:
    import timestudy

    print(f"# Measured with timestudy {timestudy.__version__}\n")
    for spec_path in sorted(HERE.glob("*/*.expected.yaml")):
        spec = yaml.safe_load(spec_path.read_text())
        data = spec_path.parent / spec["file"]
        print(f"## {data.relative_to(HERE)}\n")
        for problem in check_spec(spec_path, spec):
            print(f"- SPEC PROBLEM: {problem}")
        result, error = read_current(data, spec)
        if error:
            print(f"- read_diary: **refused**: `{error}`")
        else:
            report = result.report
            print(
                f"- read_diary: layout {report.layout}, {report.n_read} read, "
                f"{report.n_accepted} accepted, {report.n_rejected} rejected "
                f"{dict(report.rejected_by_reason)}"
            )
            print(
                compare(
                    spec,
                    result,
                    offset=1 if spec.get("read_with", {}).get("iso_dates_in_memory") else 0,
                )
            )
        print(run_validate(data, spec))
        if "observe" in spec:
            print(run_observe(data, spec))
        if "guide" in spec:
            print(run_guide(data, spec))
        print()
    return 0


# ---------------------------------------------------------------- expected files


def _ts(value):
    return pd.Timestamp(value) if value else None


def check_spec(path: Path, spec: dict) -> list[str]:
    """Arithmetic problems in an expected file (none, one hopes)."""
    problems = []
    totals = spec.get("totals", {})
    if "same_episodes_as" in spec:
        return problems
    if "rows" in spec:
        rows = spec["rows"]
        source = [r.get("source_minutes", r.get("minutes")) for r in rows]
        minutes_in = sum(m for m in source if m is not None)
        accepted = sum(r["minutes"] for r in rows if r["expect"] == "accepted")
        rejected = sum(r.get("source_minutes") or 0 for r in rows if r["expect"] == "rejected")
        for name, got in (
            ("minutes_in", minutes_in),
            ("minutes_accepted", accepted),
            ("minutes_rejected", rejected),
        ):
            if abs(totals.get(name, got) - got) > TOL:
                problems.append(f"{name} is {totals.get(name)}, rows add up to {got:.4f}")
        allowed = max(TOL, (spec.get("settings") or {}).get("mismatch_tolerance_seconds", 0) / 60)
        for r in rows:
            if r["expect"] != "accepted":
                continue
            span = (_ts(r["end"]) - _ts(r["start"])).total_seconds() / 60
            exempt = {"duration_mismatch", "interrupted"} & set(r.get("flags", []))
            if not exempt and abs(span - r["minutes"]) > allowed:
                problems.append(
                    f"row {r['source_row']}: end - start is {span:.4f}, minutes {r['minutes']}"
                )
    else:
        episodes = spec["episodes"]
        got = sum(e["minutes"] for e in episodes)
        if abs(totals["minutes_in"] - got) > TOL:
            problems.append(f"minutes_in is {totals['minutes_in']}, episodes add up to {got}")
        for e in episodes + spec.get("secondary_episodes", []):
            span = (_ts(e["end"]) - _ts(e["start"])).total_seconds() / 60
            if abs(span - e["minutes"]) > TOL:
                problems.append(
                    f"episode {e.get('slots')}: end - start is {span}, minutes {e['minutes']}"
                )
    return problems


# ---------------------------------------------------------------- the current code


def read_current(data: Path, spec: dict):
    import timestudy

    how = dict(spec.get("read_with") or {})
    source: object = data
    if how.pop("iso_dates_in_memory", False):
        frame = pd.read_csv(data, dtype=str, keep_default_na=False)
        frame["TUDIARYDATE"] = pd.to_datetime(frame["TUDIARYDATE"], format="%Y%m%d").dt.strftime(
            "%Y-%m-%d"
        )
        source = frame
    if "mapping" in how:
        how["mapping"] = data.parent / how["mapping"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return timestudy.read_diary(source, **how), None
    except Exception as exc:  # the finding is the refusal itself
        return None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _flags(value) -> str:
    return value if isinstance(value, str) and value else "-"


def compare(spec: dict, result, offset: int = 0) -> str:
    eps = result.episodes.copy()
    eps["source_row"] = eps["source_row"] + offset
    rej = result.rejects.copy()
    if len(rej):
        rej["source_row"] = rej["source_row"] + offset
    lines = []
    if "same_episodes_as" in spec:
        return (
            "- (control file: compared by eye with the listed episodes; see CURRENT_BEHAVIOUR.md)"
        )
    if "rows" in spec:
        lines.append(
            "\n| row | expected | expected min | current | current start | current end | duration_min | counted_min | current flags | verdict |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        totals = {"expected": 0.0, "duration": 0.0, "counted": 0.0}
        for r in spec["rows"]:
            row = r["source_row"]
            got = eps[eps["source_row"] == row]
            bad = rej[rej["source_row"] == row] if len(rej) else rej
            exp_min = r["minutes"] if r["expect"] == "accepted" else 0.0
            totals["expected"] += exp_min
            if len(got):
                g = got.iloc[0]
                totals["duration"] += float(g["duration_min"])
                totals["counted"] += float(g["counted_min"])
                verdict = _verdict(r, g)
                lines.append(
                    f"| {row} | {r['expect']} {r.get('reason_code', '')} | {exp_min:g} | accepted | "
                    f"{g['start']} | {g['end']} | {g['duration_min']:.4g} | {g['counted_min']:.4g} | "
                    f"{_flags(g['flags'])} | {verdict} |"
                )
            elif len(bad):
                codes = ";".join(sorted(set(bad["code"])))
                verdict = (
                    "ok (rejected)"
                    if r["expect"] == "rejected"
                    else f"WRONG: rejected ({codes}), {exp_min:g} min lost (visible)"
                )
                lines.append(
                    f"| {row} | {r['expect']} {r.get('reason_code', '')} | {exp_min:g} | rejected {codes} | | | | | | {verdict} |"
                )
            else:
                lines.append(
                    f"| {row} | {r['expect']} | {exp_min:g} | missing | | | | | | WRONG: row not found |"
                )
        lines.append(
            f"\nTotals: expected accepted minutes {totals['expected']:.4f}; current duration_min "
            f"{totals['duration']:.4f} ({totals['duration'] - totals['expected']:+.4f}); current counted_min "
            f"{totals['counted']:.4f} ({totals['counted'] - totals['expected']:+.4f})"
        )
        return "\n".join(lines)
    # episodes of a grid
    lines.append("\n| expected episode | expected start | expected end | min | current | verdict |")
    lines.append("|---|---|---|---|---|---|")
    for e in spec["episodes"]:
        start = pd.Timestamp(e["start"])
        got = eps[(eps["worker_id"].astype(str) == str(e["worker_id"])) & (eps["start"] == start)]
        if len(got):
            g = got.iloc[0]
            ok = pd.Timestamp(g["end"]) == pd.Timestamp(e["end"])
            lines.append(
                f"| {e['worker_id']} {e['activity']} | {e['start']} | {e['end']} | {e['minutes']} | "
                f"{g['start']} - {g['end']} {g['duration_min']:g} | {'ok' if ok else 'WRONG end'} |"
            )
        else:
            lines.append(
                f"| {e['worker_id']} {e['activity']} | {e['start']} | {e['end']} | {e['minutes']} | not found | WRONG |"
            )
    lines.append(
        f"\nTotals: expected {spec['totals']['minutes_accepted']}; current duration_min {eps['duration_min'].sum():g}"
    )
    return "\n".join(lines)


def _verdict(r: dict, g) -> str:
    if r["expect"] == "rejected":
        silent = "silently " if _flags(g["flags"]) == "-" else "with a generic warning, "
        return f"WRONG: accepted {silent}{g['duration_min']:.4g} min; should be rejected ({r.get('reason_code')})"
    problems = []
    d_min = float(g["duration_min"]) - r["minutes"]
    c_min = float(g["counted_min"]) - r["minutes"]
    if abs(d_min) > TOL:
        problems.append(f"duration {d_min:+.4g} min")
    if abs(c_min) > TOL:
        problems.append(f"counted {c_min:+.4g} min")
    shift = pd.Timestamp(g["start"]) - pd.Timestamp(r["start"])
    if shift != pd.Timedelta(0):
        problems.append(f"start off by {shift}")
    if (
        "diary_date" in r
        and "diary_date" in g
        and pd.Timestamp(g["diary_date"]) != pd.Timestamp(r["diary_date"])
    ):
        problems.append(f"diary_date {pd.Timestamp(g['diary_date']).date()} not {r['diary_date']}")
    if not problems:
        return "ok"
    how = "SILENT" if _flags(g["flags"]) == "-" else "flagged"
    return f"WRONG ({how}): " + ", ".join(problems)


def run_validate(data: Path, spec: dict) -> str:
    how = spec.get("read_with") or {}
    args = [*CLI, "validate", str(data)]
    if "layout" in how:
        args += ["--layout", how["layout"]]
    if "mapping" in how:
        args += ["--mapping", str(data.parent / how["mapping"])]
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([*args, "--out", out], capture_output=True, text=True)
    first = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines()[-1:] or [""])[0]
    return f"- `timestudy validate`: exit {done.returncode}: {first[:240]}"


def run_observe(data: Path, spec: dict) -> str:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [*CLI, "observe", str(data), "--layout", "wombat", "--out", out],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            return f"- `timestudy observe`: exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
        summary = pd.read_csv(Path(out) / "summary.csv").set_index("measure")["value"]
    expected = {k: v for k, v in spec["observe"].items() if isinstance(v, int | float)}
    parts = []
    for key, want in expected.items():
        if key in summary:
            got = float(summary[key])
            mark = "ok" if (np.isnan(got) and want is None) or abs(got - want) < 1e-3 else "WRONG"
            parts.append(f"{key} {got:.4g} (expected {want:g}, {mark})")
    rest = {k: round(float(v), 4) for k, v in summary.items() if k not in expected}
    return "- `timestudy observe`: " + "; ".join(parts) + f"; other measures {rest}"


def run_guide(data: Path, spec: dict) -> str:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [
                *CLI,
                "guide",
                str(data),
                "--mapping",
                str(data.parent / spec["read_with"]["mapping"]),
                "--cases",
                str(data.parent / "cases.csv"),
                "--workers",
                str(data.parent / "workers.csv"),
                "--min-workers",
                "1",
                "--n-boot",
                "20",
                "--quiet",
                "--out",
                out,
            ],
            capture_output=True,
            text=True,
        )
        written = sorted(p.name for p in Path(out).iterdir())
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return (
        f"- `timestudy guide`: exit {done.returncode} (expected {spec['guide']['exit_code']}); "
        f"files written: {written or 'none'}; last stderr line: `{last[:200]}`"
    )


if __name__ == "__main__":
    sys.exit(main())
