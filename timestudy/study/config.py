"""The study file: one YAML that holds every choice behind a guide, checked against a schema.

``data_schema/study.json`` is the single source of the keys, their defaults, their
command-line flags and what each means: :func:`read_study` checks a file against it
(every problem at once, each naming its key and the fix), :func:`defaults` reads the
defaults from it and :mod:`timestudy.study.template` writes the commented file from it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError
from timestudy.schema import PUBLISHED
from timestudy.study.schema_check import surely_valid

#: Study keys (dotted) by the name of the matching ``timestudy guide`` option.
KEYS = {
    "diary": "inputs.diary",
    "cases": "inputs.cases",
    "workers": "inputs.workers",
    "mapping": "inputs.mapping",
    "layout": "inputs.layout",
    "sheet": "inputs.sheet",
    "timezone": "inputs.timezone",
    "weight": "inputs.weight",
    "caseload": "inputs.caseload",
    "caseload_as_of": "inputs.caseload_as_of",
    "calibrate_to": "inputs.calibrate_to",
    "taxonomy": "taxonomy",
    "work_start": "working_hours.start",
    "work_end": "working_hours.end",
    "contracted_hours": "available_time.contracted_hours_per_week",
    "leave_days": "available_time.annual_leave_days",
    "bank_holidays": "available_time.bank_holidays",
    "bank_holiday_dates": "available_time.bank_holiday_dates",
    "sickness_days": "available_time.sickness_days",
    "training_days": "available_time.training_days",
    "other_days": "available_time.other_days",
    "roles": "roles",
    "adjustments": "uplifts",
    "standards": "should.standards",
    "survey": "should.survey",
    "delphi": "should.delphi",
    "precedence": "should.precedence",
    "min_workers": "min_workers",
    "reference": "reference_case_type",
    "level": "level",
    "n_boot": "n_boot",
    "seed": "seed",
    "sensitivity": "sensitivity",
    "bands": "bands",
    "title": "report.title",
    "organisation": "report.organisation",
    "formats": "report.formats",
    "team_names": "report.team_names",
    "out": "out",
    "internal": "internal",
    "progress": "progress",
}
#: Keys that hold a path, read relative to the study file.
PATHS = ("diary", "cases", "workers", "mapping", "caseload", "adjustments", "survey", "delphi",
         "out", "internal", "calibrate_to")


@cache
def study_schema() -> dict:
    """The JSON Schema of a study file (``data_schema/study.json``)."""
    return json.loads((PUBLISHED / "study.json").read_text("utf-8"))


def _node(dotted: str) -> dict:
    node = study_schema()
    for part in dotted.split("."):
        node = node["properties"][part]
    return node


#: Options with no default: the template shows a placeholder path for them.
REQUIRED = ("diary", "cases", "workers")


def defaults() -> dict:
    """Every option's default, by option name (``leave_days``: 27, ...; the inputs None).

    Returns
    -------
    dict
        Option name to its default.

    Examples
    --------
    >>> from timestudy.study import defaults
    >>> d = defaults()
    >>> d["leave_days"], d["roles"], d["diary"]
    (27, {'asye': 0.9}, None)
    """
    out = {}
    for name, dotted in KEYS.items():
        if name in REQUIRED:
            out[name] = None
            continue
        node = _node(dotted)
        if dotted == "bands":
            out[name] = tuple(node["properties"][b]["default"] for b in ("green", "amber", "red"))
        else:
            out[name] = node.get("default")
    return out


@dataclass(frozen=True)
class Study:
    """Every choice behind a guide, one attribute per option of ``timestudy guide``.

    Build one with :func:`read_study` (from a study file) or :meth:`from_options`.

    Attributes
    ----------
    diary, cases, workers, ... : str, float, bool or tuple
        One attribute per option of ``timestudy guide``, named as its flag
        (``leave_days`` for ``--leave-days``); :func:`defaults` lists them with
        their defaults, and ``data_schema/study.json`` documents each one and its
        dotted key in a study file.

    Examples
    --------
    >>> from timestudy.study import Study
    >>> s = Study.from_options(diary="d.csv", cases="c.csv", workers="w.csv", leave_days=30)
    >>> s.leave_days, s.bank_holidays, s.bands  # bank holidays: the list's usual number
    (30, None, (0.95, 1.0, 1.1))
    >>> s.get("available_time.annual_leave_days")
    30
    """

    diary: str | None = None
    cases: str | None = None
    workers: str | None = None
    mapping: str | None = None
    layout: str | None = None
    sheet: str | None = None
    timezone: str | None = None
    weight: str | None = None
    caseload: str | None = None
    caseload_as_of: str | None = None
    calibrate_to: str | None = None
    taxonomy: str = "uk_children_social_work"
    work_start: str = "08:00"
    work_end: str = "18:00"
    contracted_hours: float | None = None
    leave_days: float = 27
    bank_holidays: float | None = None
    bank_holiday_dates: str | tuple = "england-and-wales"
    sickness_days: float = 8
    training_days: float = 0
    other_days: float = 0
    roles: dict = field(default_factory=dict)
    adjustments: str | None = None
    standards: str | None = None
    survey: str | None = None
    delphi: str | None = None
    precedence: tuple = ("standards", "delphi", "survey")
    min_workers: int = 5
    reference: str | None = None
    level: float = 0.95
    n_boot: int = 999
    seed: int = 0
    sensitivity: bool = True
    bands: tuple = (0.95, 1.0, 1.1)
    title: str = "Time guide"
    organisation: str | None = None
    formats: tuple = ("json", "xlsx", "html", "md", "docx", "pdf")
    team_names: tuple = ()
    out: str = "out"
    internal: str | None = None
    progress: bool = True
    source: str | None = field(default=None, compare=False)

    @classmethod
    def from_options(cls, **options) -> Study:
        """A study from option values; options not given (or None) take their defaults."""
        unknown = sorted(set(options) - set(KEYS) - {"source"})
        if unknown:
            raise ConfigError(f"unknown study option(s) {unknown}: use any of {sorted(KEYS)}")
        values = defaults() | {k: v for k, v in options.items() if v is not None}
        values["bands"] = tuple(float(b) for b in values["bands"])
        values["formats"] = tuple(values["formats"])
        values["team_names"] = tuple(values["team_names"])
        values["precedence"] = tuple(values["precedence"])
        values["roles"] = dict(values["roles"] or {})
        values["bank_holiday_dates"] = _holiday_dates(values["bank_holiday_dates"])
        values["caseload_as_of"] = _dates_as_text(values["caseload_as_of"])
        return cls(**values)

    def override(self, **options) -> Study:
        """This study with the options given (not None) replaced: command-line flags win."""
        given = {k: v for k, v in options.items() if v is not None}
        if "bands" in given:
            given["bands"] = tuple(float(b) for b in given["bands"])
        if "roles" in given:
            given["roles"] = self.roles | dict(given["roles"])
        if "bank_holiday_dates" in given:
            given["bank_holiday_dates"] = _holiday_dates(given["bank_holiday_dates"])
        if "caseload_as_of" in given:
            given["caseload_as_of"] = _dates_as_text(given["caseload_as_of"])
        return replace(self, **given)

    def get(self, dotted: str):
        """The value of a study-file key (``available_time.annual_leave_days``)."""
        name = {v: k for k, v in KEYS.items()}[dotted]
        return getattr(self, name)

    def available_options(self) -> dict:
        """Keyword arguments of :func:`timestudy.models.available_time`."""
        return {"contracted_per_fte": self.contracted_hours, "leave_days": self.leave_days,
                "bank_holidays": self.bank_holidays, "sickness_days": self.sickness_days,
                "training_days": self.training_days, "other_days": self.other_days}

    def diary_options(self) -> dict:
        """Keyword arguments of :func:`timestudy.panels.diary_completeness` that differ from
        its defaults (``holidays`` unless England and Wales)."""
        dates = self.bank_holiday_dates
        if dates == defaults()["bank_holiday_dates"]:
            return {}
        return {"holidays": list(dates) if isinstance(dates, tuple) else dates}

    def diary_arguments(self) -> dict:
        """``diary_options`` as a keyword argument of :func:`timestudy.run_study`, or none
        for a default study (so that its fingerprint is what it was without the key)."""
        options = self.diary_options()
        return {"diary_options": options} if options else {}

    def model_arguments(self) -> dict:
        """The keyword arguments of :func:`timestudy.run_study` that decide the guide's
        models (the diary's reading, the roles, the options of the fit): one list for
        ``timestudy guide`` and ``timestudy should --config``, so both fit the same."""
        sheet = self.sheet
        return {"mapping": self.mapping, "layout": self.layout,
                "sheet": int(sheet) if sheet is not None and str(sheet).isdigit() else sheet,
                "timezone": self.timezone, "taxonomy": self.taxonomy,
                "min_workers": self.min_workers, "n_boot": self.n_boot, "seed": self.seed,
                "roles": self.roles, "reference": self.reference, "level": self.level,
                "weight": self.weight, "available_options": self.available_options(),
                "day_options": {"work_start": self.work_start, "work_end": self.work_end},
                **self.diary_arguments(),
                # only when skipped: a default study's fingerprint is what it was without it
                **({} if self.sensitivity else {"sensitivity": False})}

    def to_dict(self) -> dict:
        """The study as the nested data of a study file (paths as given)."""
        out: dict = {"study_file_version": 1}
        values = asdict(self)
        for name, dotted in KEYS.items():
            v = values[name]
            if name == "bands":
                v = dict(zip(("green", "amber", "red"), v, strict=True))
            elif name in ("formats", "precedence", "team_names") or isinstance(v, tuple):
                v = list(v)
            *parents, last = dotted.split(".")
            node = out
            for p in parents:
                node = node.setdefault(p, {})
            node[last] = v
        return out


def _dates_as_text(value):
    """YAML dates (``2026-04-03`` unquoted) as their text, in a value, list or mapping."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_dates_as_text(v) for v in value)
    return value


def _holiday_dates(value):
    """``bank_holiday_dates`` as the study holds it: a name, or a tuple of ISO dates."""
    value = _dates_as_text(value)
    return tuple(value) if isinstance(value, list | tuple) else value


def _bad_date(path: Path) -> str:
    """The first line of a study file holding a date that is not one, as 'line n `...`: '."""
    import re

    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        for text in re.findall(r"\b\d{4}-\d\d?-\d\d?\b", line):
            try:
                dt.date(*map(int, text.split("-")))
            except ValueError:
                return f"line {n} `{line.strip()}`: {text} "
    return ""


def _any_of(error) -> str:
    """What a value matching none of a key's forms is not (``bank_holiday_dates``)."""
    bad = [e for e in error.context if e.validator == "format"]
    if bad:
        return f"{bad[0].instance!r} is not a date: write dates as YYYY-MM-DD"
    kinds = []
    for sub in error.validator_value:
        if "enum" in sub:
            kinds.append("one of " + ", ".join(map(str, sub["enum"])))
        elif sub.get("type") == "array":
            kinds.append("a list of dates (YYYY-MM-DD)")
    return f"{error.instance!r} is neither " + " nor ".join(kinds)


def _problem(error) -> str:
    """One schema failure as 'key: what is wrong; what to do'."""
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))
        hints = []
        for k in extra:
            close = difflib.get_close_matches(str(k), known, n=1)
            hints.append(f"`{k}`" + (f" (did you mean `{close[0]}`?)" if close else ""))
        where = f"under `{path}`" if path else "at the top level"
        return (f"unknown key(s) {', '.join(hints)} {where}: use one of "
                f"{', '.join(f'`{k}`' for k in known)}, or run `timestudy init` for a "
                "commented file")
    node = error.schema
    flag = _flag(error.absolute_path)
    where = f"`{path or 'top level'}`" + (f" ({flag})" if flag else "")
    fix = node.get("description", "")
    if node.get("examples"):
        fix += f" For example: {json.dumps(node['examples'][0])}."
    what = _any_of(error) if error.validator == "anyOf" else " ".join(error.message.split())
    return f"{where}: {what}. {fix}".strip()


def _flag(path) -> str | None:
    """The command-line flag of a key (``--sickness-days``), if it has one."""
    node = study_schema()
    for part in path:
        props = node.get("properties") or {}
        if part not in props:
            return node.get("x-flag") if node.get("x-flag") not in (None, "DIARY") else None
        node = props[part]
    return node.get("x-flag") if node.get("x-flag") not in (None, "DIARY") else None


def check_study(study: Study, source: str = "the options given") -> None:
    """Check a study (a file with flags on top) against the schema; ConfigError if it fails.

    Parameters
    ----------
    study : Study
        The options to check.
    source : str
        Name of the source in messages (the study file).

    Raises
    ------
    ConfigError
        Listing every problem, each with its option, flag and what is allowed.

    Examples
    --------
    >>> from timestudy.study import Study, check_study
    >>> check_study(Study.from_options(level=2.0))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: the options given: 1 problem(s):
      `level` (--level): 2.0 is greater than or equal to the maximum of 1. Level of the intervals. For example: 0.95.
    """
    _check(study.to_dict(), source)


def _check(raw, source: str) -> None:
    schema = study_schema()
    if surely_valid(raw, schema):  # nothing to report: jsonschema need not be imported
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = "\n  ".join(_problem(e) for e in errors)
        raise ConfigError(f"{len(errors)} problem(s):\n  {lines}",
                          source=source)


def _flatten(raw: dict, base: Path) -> dict:
    """Option values from the nested file data; paths resolved against the file's folder."""
    options = {}
    for name, dotted in KEYS.items():
        node = raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            options[name] = node
    if isinstance(options.get("bands"), dict):
        b = defaults()["bands"]
        options["bands"] = tuple(options["bands"].get(k, d)
                                 for k, d in zip(("green", "amber", "red"), b, strict=True))
    tax = options.get("taxonomy")
    if isinstance(tax, str) and tax.lower().endswith((".yaml", ".yml")):  # a file, not a name
        options["taxonomy"] = str(base / tax) if not Path(tax).is_absolute() else tax
    std = options.get("standards")
    if isinstance(std, str) and std.lower().endswith((".yaml", ".yml")) \
            and not Path(std).is_absolute():  # a file, not the name "england"
        options["standards"] = str(base / std)
    for name in PATHS:
        if options.get(name) is not None:
            options[name] = str((base / options[name]) if not Path(options[name]).is_absolute()
                                else Path(options[name]))
    return options


def read_study(path: str | Path) -> Study:
    """Read and check a study file.

    Parameters
    ----------
    path : str or Path
        A ``study.yaml`` (write a commented one with ``timestudy init``).

    Returns
    -------
    Study
        Paths in the file are read relative to the file's folder.

    Raises
    ------
    ConfigError
        Naming every key that is wrong, what is wrong and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy.study import read_study
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "study.yaml"
    >>> _ = p.write_text("available_time:\\n  annual_leave_days: 30\\nseed: 4\\n")
    >>> s = read_study(p)
    >>> s.leave_days, s.seed, s.n_boot
    (30, 4, 999)
    """
    path = Path(path)
    try:
        raw = safe_load(read_text(path))
    except FileNotFoundError:
        raise ConfigError("study file not found: check the path, or write one with "
                          "`timestudy init`", source=str(path)) from None
    except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
        raise ConfigError(f"cannot be read as a study file ({exc})", source=str(path)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"is not valid YAML ({' '.join(str(exc).split())}); check the "
                          "indentation and quote values with a colon", source=str(path)) from None
    except ValueError as exc:  # YAML reads 2026-02-30 as a date, and fails
        raise ConfigError(f"{_bad_date(path)}is not a date ({exc}): write dates as YYYY-MM-DD",
                          source=str(path)) from None
    raw = {} if raw is None else _dates_as_text(raw)
    _check(raw, str(path))
    options = _flatten(raw, path.resolve().parent)
    return Study.from_options(**options, source=str(path))
