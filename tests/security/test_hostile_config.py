"""Hostile configuration: YAML mappings, taxonomies and adjustments, and guide.json.

Each loader must refuse a bad file with its own error (``ConfigError`` or
``TaxonomyError``, one line naming the file) without running anything: deeply
nested YAML, alias bombs, Python tags, huge files, bytes that are not text, and
JSON of the wrong shape. The command line turns each into exit code 2 and one line
on standard error.

The YAML limits bound the work, which is what the tests assert rather than a time
(``benchmarks/bench_hostile.py`` measures that): a file over the size limit is
refused before it is scanned, and the depth and value limits stop the parser at the
first node past them, so the events it produced stay close to the limit and the rest
of the document is never scanned, however long it is.
"""

from __future__ import annotations

import json
import string
import warnings

import pytest
import yaml
from hostile import (
    FUZZ,
    assert_clean_error,
    assert_one_line,
    cli,
    hang_guard,
    run_clis,
    taxonomy,
)
from hypothesis import given
from hypothesis import strategies as st

from timestudy import simulate_study
from timestudy._lib import yaml as yaml_lib
from timestudy._lib.yaml import MAX_CHARS, MAX_DEPTH, MAX_VALUES
from timestudy.categorise.taxonomy import Taxonomy, load_taxonomy
from timestudy.errors import ConfigError, TaxonomyError, TimestudyWarning
from timestudy.guide import Adjustments, TimeGuide
from timestudy.ingest.mapping import DiaryMapping, load_mapping

LOADERS = {
    "mapping": (load_mapping, ConfigError),
    "taxonomy": (load_taxonomy, TaxonomyError),
    "adjustments": (Adjustments.from_yaml, ConfigError),
}

MINIMAL_TAXONOMY = taxonomy(["visit"], examples=["home visit"])
MINIMAL_ADJUSTMENTS = {
    "source": "panel",
    "method": "expert_panel",
    "uplifts": {"task_types": {"visit": 1.2}},
}
MINIMAL_MAPPING = {"columns": {"worker_id": "Staff ID"}, "timezone": "Europe/London"}
MINIMAL = {"mapping": MINIMAL_MAPPING, "taxonomy": MINIMAL_TAXONOMY, "adjustments": MINIMAL_ADJUSTMENTS}


def laughs(indent: str) -> str:
    """Nine anchors of nine aliases each: 9**9 (387 million) strings in ~600 bytes."""
    lines = [f"{indent}a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{indent}{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# Each bomb sits under a key the loader reads, so only the YAML guard stands between
# it and the loader expanding it (str() of the list, a schema check of every item).
BOMBS = {
    "mapping": "defaults:\n" + laughs("  "),
    "taxonomy": yaml.safe_dump(MINIMAL_TAXONOMY) + "terms:\n" + laughs("  "),
    "adjustments": "source: x\nmethod: y\nuplifts:\n  task_types:\n" + laughs("    "),
}

HOSTILE_YAML = {
    "deep_flow_list": "[" * 10_000 + "]" * 10_000,
    "deep_flow_map": "{a: " * 10_000 + "1" + "}" * 10_000,
    "deep_block": "".join("  " * i + f"k{i}:\n" for i in range(200)),
    "recursive_alias": "columns: &a [1, *a]\n",
    "many_values": "columns: [" + ", ".join(["1"] * (4 * MAX_VALUES)) + "]\n",
    "huge_file": "columns:\n" + "".join(f"  k{i}: v{i}\n" for i in range(120_000)),
    "huge_scalar": "name: " + "a" * (MAX_CHARS + 1) + "\n",
    "python_apply": "!!python/object/apply:os.system ['echo pwned > {pwned}']\n",
    "python_new": "columns: !!python/object/new:os.system ['echo pwned > {pwned}']\n",
    "python_name": "timezone: !!python/name:os.system\n",
    "python_module": "timezone: !!python/module:os\n",
    "nul_character": 'columns: {worker_id: "a\x00b"}\n',
    "tabs_and_junk": "columns:\n\t- : : [\n",
    "not_a_mapping": "- just\n- a list\n",
    "a_scalar": "42\n",
}
HOSTILE_BYTES = {
    "binary": bytes(range(256)) * 8,
    "utf16": "columns: {}\n".encode("utf-16"),
    "latin1": "columns: {worker_id: Café}\n".encode("latin-1"),
}


def _write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _refused(loader: str, path) -> str:
    load, error = LOADERS[loader]
    with hang_guard():
        with pytest.raises(error) as info:
            load(path)
    message = str(info.value)
    assert_one_line(message, path.name)
    return message


@pytest.fixture
def parsers(monkeypatch) -> list:
    """The YAML loaders :func:`timestudy._lib.yaml.safe_load` makes in this test.

    Each keeps count of the work done: ``events`` taken from the parser by the
    composer, ``index`` (PyYAML's) the characters the scanner read, and ``refusal``
    the ``YAMLLimitError`` it raised, if any.
    """
    made = []

    class Counting(yaml_lib._BoundedLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self.events, self.refusal = 0, None
            made.append(self)

        def get_event(self):
            self.events += 1
            return super().get_event()

        def get_single_data(self):
            try:
                return super().get_single_data()
            except yaml_lib.YAMLLimitError as exc:
                self.refusal = exc
                raise

    monkeypatch.setattr(yaml_lib, "_BoundedLoader", Counting)
    return made


#: Events a limit lets the parser produce before it refuses: about one a value, two a
#: level of a nested mapping (its start and a key); the documents hold far more.
EVENTS_ALLOWED = {
    "deep_flow_list": MAX_DEPTH + 5,
    "deep_flow_map": 2 * MAX_DEPTH + 5,
    "deep_block": 2 * MAX_DEPTH + 5,
    "many_values": MAX_VALUES + 5,
}
#: Characters PyYAML's scanner may read past the node being composed: to the end of
#: the line, at most 1,024 characters, to tell whether a key follows.
LOOKAHEAD = 1_100


#: (case, loader) pairs: every case through every loader, but for ``many_values`` (50,000
#: values parsed before the limit, 2.3 s of processor time a loader) through one. Every
#: loader reads its text with the same :func:`timestudy._lib.yaml.safe_load`, which counts
#: the values, so the two other loaders would count the same 50,000 again; each loader's
#: own refusal of the value limit (its error, one line naming the file) is proven by
#: test_billion_laughs_is_refused_before_it_expands, with each loader.
YAML_CASES = [
    (case, loader)
    for case in HOSTILE_YAML
    for loader in LOADERS
    if case != "many_values" or loader == "mapping"
]


# -- YAML: one case at a time -------------------------------------------------------
@pytest.mark.parametrize(("case", "loader"), YAML_CASES)
def test_hostile_yaml_is_refused(tmp_path, parsers, loader, case):
    pwned = tmp_path / "pwned"
    text = HOSTILE_YAML[case].replace("{pwned}", str(pwned))
    path = _write(tmp_path, case, text)
    message = _refused(loader, path)
    assert not pwned.exists(), "a Python tag ran"
    if case.startswith("deep"):
        assert f"deeper than {MAX_DEPTH} levels" in message
    if case in ("many_values", "recursive_alias"):
        assert "values" in message or "recursive" in message
    if case.startswith("huge"):
        assert f"at most {MAX_CHARS:,} characters" in message
        assert parsers == [], "an oversized file was scanned"
    if case.startswith("python"):
        assert "python" in message
    if case in EVENTS_ALLOWED:
        (parser,) = parsers
        mark = parser.refusal.problem_mark
        assert parser.events <= EVENTS_ALLOWED[case], parser.events
        assert parser.index <= mark.index + LOOKAHEAD < len(text), (parser.index, len(text))


@pytest.mark.parametrize("case", ["deep_flow_list", "deep_flow_map"])
def test_nested_brackets_are_refused_as_they_are_scanned(parsers, case):
    # The bracket one too many is refused by the scanner itself, before the composer
    # has taken a single node and before the lookahead for a key runs over the rest.
    text = HOSTILE_YAML[case]
    with pytest.raises(yaml_lib.YAMLLimitError, match=f"deeper than {MAX_DEPTH} levels"):
        yaml_lib.safe_load(text)
    one_too_many = [i for i, c in enumerate(text) if c in "[{"][MAX_DEPTH]
    (parser,) = parsers
    assert parser.refusal.problem_mark.index == parser.index == one_too_many
    assert parser.events <= 2  # the stream's start, at most the document's


def test_a_recursive_alias_is_refused_at_the_alias(parsers):
    text = HOSTILE_YAML["recursive_alias"]
    with pytest.raises(yaml_lib.YAMLLimitError, match=r"alias \*a inside the node"):
        yaml_lib.safe_load(text)
    assert parsers[0].refusal.problem_mark.index == text.index("*a")


@pytest.mark.parametrize("loader", LOADERS)
def test_billion_laughs_is_refused_before_it_expands(tmp_path, parsers, loader):
    text = BOMBS[loader]
    message = _refused(loader, _write(tmp_path, "laughs", text))
    assert f"more than {MAX_VALUES:,} values once its aliases are expanded" in message
    # Refused at an alias of line e (9**5 strings so far), from under 200 events,
    # without composing, let alone constructing, what the aliases stand for; lines g to
    # i (387 million strings) are never scanned.
    (parser,) = parsers
    mark = parser.refusal.problem_mark
    assert text.splitlines()[mark.line].lstrip().startswith("e: &e [")
    assert "the alias *d here stands for 7,381" in message
    assert parser.events < 200, parser.events
    assert parser.index < text.index("g: &g")


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("case", HOSTILE_BYTES)
def test_bytes_that_are_not_utf8_text_are_refused(tmp_path, loader, case):
    message = _refused(loader, _write(tmp_path, case, HOSTILE_BYTES[case]))
    assert "codec can't decode" in message or "YAML" in message


@pytest.mark.parametrize("loader", LOADERS)
def test_a_few_aliases_and_merge_keys_still_load(tmp_path, loader):
    text = {
        "mapping": "defaults: &d {location: office}\ncolumns: {worker_id: Staff ID}\n"
        "timezone: Europe/London\n",
        "taxonomy": yaml.safe_dump(MINIMAL_TAXONOMY).replace(
            "counts_as_work: true", "counts_as_work: &yes true"
        )
        + "version: '1'\n",
        "adjustments": "source: &s panel\nmethod: expert_panel\nnotes: *s\n"
        "uplifts:\n  task_types: &t {visit: 1.2}\n  case_types:\n    <<: *t\n",
    }[loader]
    with hang_guard():
        LOADERS[loader][0](_write(tmp_path, "fine", text))


# -- YAML: random documents -------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(string.printable + "é£\u00a0", max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*prefix, i))


def _mutate(doc, path, value, delete: bool):
    if not path:
        return value
    doc = json.loads(json.dumps(doc))
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[path[-1]]
    elif delete and isinstance(node, list):
        node.pop(path[-1])
    else:
        node[path[-1]] = value
    return doc


@st.composite
def mutated(draw, base):
    """``base`` with one entry replaced by a random value, deleted, or a key added."""
    paths = list(_paths(base))
    path = draw(st.sampled_from(paths))
    how = draw(st.sampled_from(["replace", "delete", "add"]))
    value = draw(values)
    if how == "add":
        key = draw(st.sampled_from(["columns", "defaults", "uplifts", "patterns", "x", "id"]))
        parent = path if path and isinstance(_get(base, path), dict) else ()
        return _mutate(base, (*parent, key), value, delete=False)
    return _mutate(base, path, value, delete=how == "delete" and bool(path))


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("loader", LOADERS)
def test_random_yaml_documents_load_or_give_the_loaders_error(tmp_path, loader, data):
    doc = data.draw(mutated(MINIMAL[loader]))
    text = yaml.safe_dump(doc, allow_unicode=True)
    path = _write(tmp_path, "random", text)
    load, error = LOADERS[loader]
    with hang_guard():
        try:
            loaded = load(path)
        except error as exc:
            assert_one_line(str(exc), path.name)
        else:
            assert isinstance(loaded, DiaryMapping | Taxonomy | Adjustments)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)))
@pytest.mark.parametrize("loader", LOADERS)
def test_random_bytes_as_yaml_give_the_loaders_error(tmp_path, loader, raw):
    path = _write(tmp_path, "random", raw)
    load, error = LOADERS[loader]
    with hang_guard():
        try:
            load(path)
        except error as exc:
            assert_one_line(str(exc), path.name)


def test_taxonomy_from_dict_refuses_random_shapes_with_taxonomy_error():
    @FUZZ
    @given(doc=mutated(MINIMAL_TAXONOMY))
    def check(doc):
        with hang_guard():
            try:
                Taxonomy.from_dict(doc) if isinstance(doc, dict) else None
            except TaxonomyError as exc:
                assert_one_line(str(exc))

    check()


# -- guide.json --------------------------------------------------------------------
@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A 6-worker study on disk and its guide.json (about two seconds)."""
    from timestudy import run_study

    root = tmp_path_factory.mktemp("guide")
    sim = simulate_study(n_workers=6, weeks=1, seed=3)
    files = sim.write(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        run = run_study(sim.diary, sim.cases, sim.workers, n_boot=19)
    guide = root / "guide.json"
    run.guide.to_json(guide)
    return files, guide


BAD_GUIDES = {
    "not_json": b"this is not JSON",
    "empty": b"",
    "binary": bytes(range(256)),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "number": b"42",
    "null": b"null",
    "list": b"[]",
    "string": b'"meta tasks case_types available_hours"',
    "keys_of_wrong_type": json.dumps(
        {"meta": 1, "tasks": 1, "case_types": 1, "available_hours": 1}
    ).encode(),
    "empty_tables": json.dumps(
        {"meta": {}, "tasks": [], "case_types": [], "available_hours": {}}
    ).encode(),
    "tasks_not_objects": json.dumps(
        {"meta": {}, "tasks": [1, "x"], "case_types": [], "available_hours": {}}
    ).encode(),
}


@pytest.mark.parametrize("case", BAD_GUIDES)
def test_guide_json_that_is_not_a_guide_is_a_config_error(tmp_path, study, case, capsys):
    files, _ = study
    path = tmp_path / "guide.json"
    path.write_bytes(BAD_GUIDES[case])
    with hang_guard():
        with pytest.raises(ConfigError) as info:
            TimeGuide.from_json(path)
    assert_one_line(str(info.value), "guide.json")
    run = cli(
        ["workload", "--guide", path, "--caseload", files["cases"], "--out", tmp_path / "o"],
        capsys,
    )
    assert_clean_error(run, name="guide.json")


def test_mutated_guides_load_or_are_refused_and_workload_never_crashes(
    tmp_path, study, capsys, monkeypatch
):
    """Each mutated guide.json loads or is refused with one line naming it, and ``timestudy
    workload`` on it ends cleanly. The guide is read once an example, by the command
    (``TimeGuide.from_json`` before anything else), and the error it gave is checked here:
    reading it a second time here cost a third of each example."""
    files, good = study
    base = json.loads(good.read_text())
    assert isinstance(TimeGuide.from_json(good), TimeGuide)
    read = TimeGuide.from_json.__func__
    outcomes = []  # what each read of guide.json gave: a TimeGuide or the ConfigError

    def recorded(cls, path):
        try:
            guide = read(cls, path)
        except ConfigError as exc:
            outcomes.append(exc)
            raise
        outcomes.append(guide)
        return guide

    monkeypatch.setattr(TimeGuide, "from_json", classmethod(recorded))

    @FUZZ
    @given(doc=mutated(base))
    def check(doc):
        path = tmp_path / "guide.json"
        path.write_text(json.dumps(doc))
        outcomes.clear()
        run = cli(  # under the hang guard
            ["workload", "--guide", path, "--caseload", files["cases"], "--out", tmp_path / "o"],
            capsys,
        )
        (outcome,) = outcomes  # the command read the guide, once
        if isinstance(outcome, ConfigError):
            assert_one_line(str(outcome), "guide.json")
            assert run.code == 2
        else:
            assert isinstance(outcome, TimeGuide)
        assert_clean_error(run, codes=(0, 2))  # 2 may be about the caseload's case types

    check()


# -- the command line, in a new process -------------------------------------------------
def test_cli_refuses_hostile_yaml_with_one_line_and_exit_2(tmp_path):
    diary = tmp_path / "diary.csv"
    diary.write_text("worker_id,start,end\nW1,2026-03-09T09:00,2026-03-09T10:00\n")
    bomb = _write(tmp_path, "bomb", BOMBS["taxonomy"])
    deep = _write(tmp_path, "deep", HOSTILE_YAML["deep_flow_list"])
    tag = _write(tmp_path, "tag", HOSTILE_YAML["python_apply"].replace("{pwned}", "pwned"))
    runs = run_clis(
        [
            ["taxonomy", bomb, "--check"],
            ["validate", diary, "--mapping", deep],
            ["categorise", diary, "--taxonomy", tag],
        ]
    )
    for name, run in zip(["bomb.yaml", "deep.yaml", "tag.yaml"], runs, strict=True):
        assert_clean_error(run, name=name)
    assert not (tmp_path / "pwned").exists()


def test_a_guide_without_the_measures_its_readers_need_is_refused(tmp_path, study, capsys):
    files, good = study
    raw = json.loads(good.read_text())
    del raw["available_hours"]["measures"]["working_weeks_per_year"]  # still valid by the schema
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(ConfigError, match="lacks working_weeks_per_year"):
        TimeGuide.from_json(path)
    run = cli(
        ["workload", "--guide", path, "--caseload", files["cases"], "--out", tmp_path / "o"],
        capsys,
    )
    assert_clean_error(run, name="guide.json")
