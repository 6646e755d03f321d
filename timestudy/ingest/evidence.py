"""Evidence for "should": a sufficiency-of-time survey and the rounds of a Delphi panel.

Both are small tables where every row matters, read like the cases table: CSV,
XLSX, Parquet or a DataFrame, headers matched to the schema
(``data_schema/survey.json``, ``data_schema/delphi.json``) after an optional
``columns`` mapping of canonical name to the form tool's header; any failure is
one error naming the file, the row, the column and the fix.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.yaml import read_text, safe_load
from timestudy.errors import ConfigError, SchemaError
from timestudy.ingest.files import Source, read_table
from timestudy.ingest.tables import _canonical_headers, _empty, _raise_failures
from timestudy.schema.tables import check_table, load_schema


def _columns(columns: dict | str | os.PathLike | None) -> dict[str, str]:
    if columns is None:
        return {}
    if isinstance(columns, str | os.PathLike):
        raw = safe_load(read_text(Path(columns)))
        columns = (raw or {}).get("columns") if isinstance(raw, dict) else None
        if not isinstance(columns, dict):
            raise ConfigError("a mapping for the survey or panel needs 'columns:' mapping "
                              "canonical names to the file's headers", source=str(columns))
    return {str(k): str(v) for k, v in columns.items()}


def _read(source: Source, name: str, columns, sheet) -> pd.DataFrame:
    schema = load_schema(name)  # type: ignore[arg-type]
    raw = read_table(source, sheet=sheet)
    mapping = _columns(columns)
    unknown = sorted(set(mapping) - set(schema.names))
    if unknown:
        raise ConfigError(f"columns: {', '.join(unknown)} not field(s) of the {name} table; "
                          f"fields are {', '.join(schema.names)}", source=raw.name)
    frame = raw.frame.rename(columns={v: k for k, v in mapping.items()})
    frame = _canonical_headers(frame, schema)
    missing = [f for f in schema.required if f not in frame.columns]
    if missing:
        raise SchemaError(f"the {name} table needs the column(s) {', '.join(missing)}; it has "
                          f"{', '.join(map(repr, raw.frame.columns))}. Rename the header(s) or "
                          f"map them with columns: (see data_schema/{name}.json)", source=raw.name)
    checked = check_table(frame, schema, source_row=raw.source_row)
    _raise_failures(checked.failures, raw, schema)
    out = {f.name: checked.values[f.name] if f.name in checked.values
           else _empty(f.type, len(frame)) for f in schema.fields}
    table = pd.DataFrame(out, index=frame.index).reset_index(drop=True)
    table.attrs["source"] = raw.name
    table.attrs["source_row"] = list(map(int, raw.source_row))
    return table


def read_survey(source: Source, *, columns: dict | str | None = None,
                sheet: str | int | None = None) -> pd.DataFrame:
    """Read and check a sufficiency-of-time survey (``data_schema/survey.json``).

    Parameters
    ----------
    source : path, file or DataFrame
        CSV, XLSX, Parquet or JSONL export of the survey.
    columns : dict or path, optional
        Canonical name to the form tool's header (or a mapping YAML with ``columns:``).
    sheet : str or int, optional
        Sheet of a workbook.

    Returns
    -------
    DataFrame
        ``respondent_id``, ``task_type``, ``sufficient`` (bool), ``extra_minutes``
        (0 where sufficient or blank) and ``worker_id``.

    Raises
    ------
    SchemaError
        A row answering "not sufficient" with no extra minutes, a respondent answering
        one task twice, or any value the schema refuses: named by row and column.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> s = read_survey(EXAMPLES / "survey.csv")
    >>> sorted(s.columns)[:3], s["sufficient"].dtype.name
    (['extra_minutes', 'respondent_id', 'sufficient'], 'bool')
    """
    t = _read(source, "survey", columns, sheet)
    rows = t.attrs["source_row"]
    problems = []
    blank = (~t["sufficient"].astype(bool)) & t["extra_minutes"].isna()
    problems += [(rows[i], "extra_minutes", "give the minutes more one piece needs")
                 for i in blank[blank].index]
    dup = t.duplicated(["respondent_id", "task_type"], keep="first")
    problems += [(rows[i], "task_type", "this respondent answered this task already; keep one")
                 for i in dup[dup].index]
    if problems:
        shown = "; ".join(f"row {r} column {c}: {w}" for r, c, w in problems[:8])
        raise SchemaError(f"{len(problems)} problem(s) in the survey: {shown}", source=t.attrs[
            "source"])
    t["sufficient"] = t["sufficient"].astype(bool)
    t["extra_minutes"] = t["extra_minutes"].astype(float).where(~t["sufficient"], 0.0).fillna(0.0)
    return t


def read_delphi(source: Source, *, columns: dict | str | None = None,
                sheet: str | int | None = None) -> pd.DataFrame:
    """Read and check the rounds of a Delphi panel (``data_schema/delphi.json``).

    Returns
    -------
    DataFrame
        Long: ``expert_id``, ``round``, ``item`` (``task:<task_type>``,
        ``case:<case_type>`` or ``task:<task_type>@<case_type>``), ``measure``
        (``minutes_per_piece``, ``hours_per_case_month``, ``pieces_per_case_month``)
        and ``value``.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> d = read_delphi(EXAMPLES / "delphi.csv")
    >>> sorted(d["measure"].unique())
    ['hours_per_case_month', 'minutes_per_piece']
    """
    t = _read(source, "delphi", columns, sheet)
    rows = t.attrs["source_row"]
    measures = ["minutes_per_piece", "pieces_per_case_month", "hours_per_case_month"]
    long = t.reset_index().melt(id_vars=["index", "expert_id", "round", "task_type",
                                         "case_type"], value_vars=measures,
                                var_name="measure").dropna(subset=["value"])
    need = {"minutes_per_piece": ["task_type"], "hours_per_case_month": ["case_type"],
            "pieces_per_case_month": ["task_type", "case_type"]}
    problems = [(rows[r.index], r.measure, f"needs {' and '.join(need[r.measure])}")
                for r in long.itertuples()
                if any(pd.isna(getattr(r, c)) for c in need[r.measure])]
    empty = set(range(len(t))) - set(long["index"])
    problems += [(rows[i], "", "gives no estimate") for i in sorted(empty)]
    if problems:
        shown = "; ".join(f"row {r} {c}: {w}" for r, c, w in problems[:8])
        raise SchemaError(f"{len(problems)} problem(s) in the Delphi panel: {shown} "
                          "(see data_schema/delphi.json)", source=t.attrs["source"])
    item = np.where(long["measure"] == "hours_per_case_month", "case:" + long["case_type"]
                    .astype(str), "task:" + long["task_type"].astype(str))
    item = np.where(long["measure"] == "pieces_per_case_month",
                    item + "@" + long["case_type"].astype(str), item)
    out = pd.DataFrame({"expert_id": long["expert_id"].astype(str).to_numpy(),
                        "round": long["round"].astype(int).to_numpy(), "item": item,
                        "measure": long["measure"].to_numpy(),
                        "value": long["value"].astype(float).to_numpy()})
    dup = out.duplicated(["expert_id", "round", "item", "measure"])
    if dup.any():
        r = out.loc[dup].iloc[0]
        # by key: a Series' .item and .round are its methods, not these columns
        raise SchemaError(f"expert {r['expert_id']} gives {r['item']} {r['measure']} twice "
                          f"in round {r['round']}; keep one row", source=t.attrs["source"])
    return out.sort_values(["item", "measure", "round", "expert_id"]).reset_index(drop=True)

