"""The commented ``study.yaml`` that ``timestudy init`` writes, generated from the schema."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from timestudy.errors import ConfigError
from timestudy.study.config import study_schema

HEADER = """\
# timestudy study file: every choice behind a time guide, in one place.
#
#   {command}
#
# reproduces the guide exactly (the same inputs and seed give the same guide.json, apart
# from its creation time). Paths are relative to this file. Every key has a command-line
# flag (shown after it) and a flag given on the command line overrides its key. The file
# is checked against data_schema/study.json: a mistake is reported with its key and fix.
"""


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value) if (":" in value or value == "" or value[0] in "[{&*#!|>'\"%@`")\
            else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return str(value)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 88 - len(indent),
                                                         break_on_hyphens=False)]


def _lines(name: str, node: dict, indent: str) -> list[str]:
    lines = _comment(node.get("description", ""), indent)
    flag = node.get("x-flag")
    if node.get("type") == "object" and "properties" in node:
        lines.append(f"{indent}{name}:" + (f"  # {flag}" if flag else ""))
        for key, child in node["properties"].items():
            lines += _lines(key, child, indent + "  ")
        return lines
    if node.get("type") == "object":  # a free mapping (roles)
        if flag:
            lines.append(f"{indent}# command line: {flag} (repeat for several)")
        lines.append(f"{indent}{name}:")
        for key, value in (node.get("default") or {}).items():
            lines.append(f"{indent}  {key}: {_scalar(value)}")
        for key, value in (node.get("examples") or [{}])[0].items():
            if key not in (node.get("default") or {}):
                lines.append(f"{indent}  # {key}: {_scalar(value)}")
        return lines
    tail = f"  # {flag}" if flag and flag != "--quiet" else (
        "  # --quiet sets false" if flag == "--quiet" else "")
    lines.append(f"{indent}{name}: {_scalar(node.get('default'))}{tail}")
    return lines


def study_template(command: str = "timestudy guide --config study.yaml", **values) -> str:
    """The commented study file, with the schema's defaults (or ``values`` by dotted key).

    Parameters
    ----------
    command : str
        The command its header gives to run it.
    **values
        Values to write instead of the defaults, by dotted key (``inputs.diary``).

    Returns
    -------
    str
        The YAML text, every option with its comment and flag.

    Examples
    --------
    >>> from timestudy.study import study_template
    >>> text = study_template()
    >>> "annual_leave_days: 27  # --leave-days" in text, "asye: 0.9" in text
    (True, True)
    >>> from timestudy._lib.yaml import safe_load
    >>> safe_load(study_template(**{"inputs.diary": "my diary.csv"}))["inputs"]["diary"]
    'my diary.csv'
    """
    schema = json.loads(json.dumps(study_schema()))  # a copy to fill in
    for dotted, value in values.items():
        node = schema
        for part in dotted.split("."):
            node = node["properties"][part]
        node["default"] = value
    out = HEADER.format(command=command).splitlines()
    for key, node in schema["properties"].items():
        out.append("")
        out += _lines(key, node, "")
    return "\n".join(out) + "\n"


def write_study_template(path: str | Path, *, force: bool = False, **values) -> Path:
    """Write the commented study file to ``path``; refuse to overwrite unless ``force``.

    Parameters
    ----------
    path : str or Path
        The study file to write.
    force : bool
        Overwrite an existing file.
    **values
        Values to write instead of the defaults, by dotted key.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy.study import write_study_template
    >>> p = write_study_template(pathlib.Path(tempfile.mkdtemp()) / "study.yaml")
    >>> from timestudy.study import read_study
    >>> read_study(p).leave_days
    27
    """
    path = Path(path)
    if path.exists() and not force:
        raise ConfigError("already exists: give another path, or --force to overwrite it",
                          source=str(path))
    from timestudy._lib.atomic import atomic_file

    with atomic_file(path) as tmp:  # whole or not at all, never over an input
        tmp.write_text(study_template(**values), encoding="utf-8")
    return path
