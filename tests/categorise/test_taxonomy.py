"""Taxonomy files: the shipped ones, the schema, and the errors a wrong custom file gives."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from timestudy import TaxonomyError, load_taxonomy
from timestudy.categorise.taxonomy import Taxonomy, shipped_taxonomies
from timestudy.simulate import params

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "timestudy" / "categorise" / "taxonomies"
UK = "uk_children_social_work"


def minimal(**task_overrides) -> dict:
    task = {
        "id": "visit",
        "label": "Visit",
        "category": "direct_work",
        "patterns": ["visit"],
        "codes": ["V"],
        "examples": ["home visit"],
    }
    task.update(task_overrides)
    return {
        "name": "mini",
        "categories": [
            {"id": "direct_work", "label": "Direct", "counts_as_work": True},
            {"id": "admin", "label": "Admin", "counts_as_work": True},
        ],
        "task_types": [
            task,
            {
                "id": "emails",
                "label": "Email",
                "category": "admin",
                "patterns": ["e-?mails?"],
                "codes": ["E"],
            },
        ],
    }


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize("name", ["uk_children_social_work", "healthcare_observation"])
def test_shipped_taxonomies_match_the_schema(name):
    schema = json.loads((ROOT / "data_schema" / "taxonomy.json").read_text())
    data = yaml.safe_load((SHIPPED / f"{name}.yaml").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    full = Taxonomy.from_yaml(SHIPPED / f"{name}.yaml")  # every check, schema included
    # the shipped file loads without its checks (they pass here): the same taxonomy
    shipped = load_taxonomy(name)
    assert dataclasses.replace(full, source=shipped.source) == shipped


@pytest.mark.parametrize("name", ["uk_children_social_work", "healthcare_observation"])
def test_every_example_categorises_to_its_task_type_without_ties(name):
    checked = load_taxonomy(name).check_examples()
    assert checked.groupby("expected").size().min() >= 2 or name != UK
    wrong = checked[~checked["ok"]]
    assert wrong.empty, wrong.to_string()
    assert (checked["tied"] == "").all(), checked[checked["tied"] != ""].to_string()


def test_default_taxonomy_uses_the_simulator_ids_codes_and_categories():
    tax = load_taxonomy(UK)
    assert len(tax.task_types) >= 25
    assert set(tax.category_ids) == {"direct_work", "recording", "travel", "admin", "non_work"}
    for task, category in params.TASK_CATEGORY.items():
        assert tax.category_of[task] == category, task
    for task, code in params.CODES.items():
        assert tax.code_map[code] == task, code
    cats = {c.id: c.counts_as_work for c in tax.categories}
    assert cats["non_work"] is False and all(v for k, v in cats.items() if k != "non_work")


def test_healthcare_taxonomy_maps_wombat_categories_onto_the_same_categories():
    tax = load_taxonomy("healthcare_observation")
    assert tax.category_ids == load_taxonomy(UK).category_ids
    labels = {t.label for t in tax.task_types}
    for wombat in (
        "Direct care",
        "Indirect care",
        "Documentation",
        "Medication tasks",
        "In transit",
        "Professional communication",
        "Administrative",
        "Social / personal",
        "Supervision and education",
        "Other",
    ):
        assert wombat in labels


def test_load_by_name_path_or_object(tmp_path):
    tax = load_taxonomy(UK)
    assert load_taxonomy(tax) is tax
    assert load_taxonomy() is tax  # shipped taxonomies are cached
    assert sorted(shipped_taxonomies()) == ["healthcare_observation", UK]
    custom = load_taxonomy(write(tmp_path, minimal()))
    assert custom.name == "mini" and custom.code_map == {"V": "visit", "E": "emails"}
    assert "custom.yaml" in custom.source and "2 task types" in repr(custom)
    assert "Direct" in tax._repr_html_() or "Direct work" in tax._repr_html_()
    assert list(tax.to_frame().columns[:3]) == ["label", "category", "case_linked"]


def test_unknown_name_and_missing_file():
    with pytest.raises(TaxonomyError, match=r"unknown taxonomy 'uk_social'.*use one of"):
        load_taxonomy("uk_social")
    with pytest.raises(TaxonomyError, match=r"no such file"):
        load_taxonomy("missing/taxonomy.yaml")


# --- errors name the file, the entry and the fix --------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"category": "direct"},
            r"custom\.yaml: .*task_types\[0\] \('visit'\)\.category: unknown category 'direct'; "
            r"did you mean 'direct_work'\? use one of direct_work, admin, or add it under "
            r"`categories`",
        ),
        (
            {"patterns": ["visit (home"]},
            r"custom\.yaml: .*patterns\[0\] 'visit \(home': not a valid regular expression "
            r"\(missing \), unterminated subpattern.*escape characters",
        ),
        (
            {"patterns": [r"(\w+\s*)+ visit"]},
            r"repeat inside a repeat, which can take exponential time on some texts; rewrite "
            r"without nesting",
        ),
        ({"patterns": ["x*"]}, r"matches an empty text"),
        (
            {"codes": ["e"]},
            r"task_types\[0\] \('visit'\)\.codes 'e': code 'e' is also given to task type "
            r"'emails'|task_types\[1\] \('emails'\)\.codes 'E': code 'E' is also given to task "
            r"type 'visit'.*give each code to one task type only",
        ),
        (
            {"id": "emails"},
            r"task type 'emails': is defined 2 times; give each task type a "
            r"different id",
        ),
        (
            {"priority": "high"},
            r"task_types\[0\] \('visit'\)\.priority: 'high' is not of type 'integer'; give a value of type integer",
        ),
        (
            {"colour": "red"},
            r"Additional properties are not allowed \('colour' was unexpected\); "
            r"remove it or correct the spelling",
        ),
        ({"patterns": ["{{sytem}} down"]}, r"undefined term \{\{sytem\}\}; define it under"),
        ({"id": "uncategorised"}, r"uses the reserved id 'uncategorised'"),
        ({"patterns": [r"(a)\1"]}, r"numbered back-reference; use a named group"),
        (
            {"call": True, "link_within_days": 7},
            r"custom\.yaml: .*task_types\[0\] \('visit'\)\.link_within_days: is 7 but the "
            r"task type is marked `call: true`.*window would be ignored; remove "
            r"`link_within_days` \(or set it to 0\), or remove `call: true`",
        ),
    ],
)
def test_invalid_taxonomy_errors_name_file_entry_and_fix(tmp_path, change, message):
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(write(tmp_path, minimal(**change)))


@pytest.mark.parametrize(("call", "days"), [(True, 0), (False, 7)])
def test_a_call_or_a_linking_window_alone_is_accepted(tmp_path, call, days):
    tax = load_taxonomy(write(tmp_path, minimal(call=call, link_within_days=days)))
    assert tax.link_within_days["visit"] == days
    assert tax.calls == (("visit",) if call else ())


def test_all_problems_are_reported_at_once(tmp_path):
    data = minimal(category="nope", patterns=["(unclosed"])
    data["categories"].append({"id": "admin", "label": "Again", "counts_as_work": True})
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(write(tmp_path, data))
    assert "3 problems" in str(info.value)
    assert {p["entry"].split(".")[0].split(" ")[0] for p in info.value.problems} >= {"category"}
    assert len(info.value.problems) == 3


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "name: x\ncategories:\n  - id: a\n   label: bad indent\n")
    with pytest.raises(TaxonomyError, match=r"custom\.yaml: not valid YAML at line \d+"):
        load_taxonomy(path)
    with pytest.raises(TaxonomyError, match=r"must be a mapping"):
        load_taxonomy(write(tmp_path, "- just\n- a list\n"))


def test_slow_pattern_is_caught_by_the_timing_guard(tmp_path, monkeypatch):
    # A pattern the static check misses but that backtracks badly on a long example.
    from timestudy.categorise import patterns as _taxonomy_patterns

    monkeypatch.setattr(_taxonomy_patterns, "_nested_repeat", lambda regex: False)
    data = minimal(patterns=[r"(?:a|aa)+b"], examples=["a" * 32])
    with pytest.raises(TaxonomyError, match=r"took over 50 ms.*simplify it"):
        load_taxonomy(write(tmp_path, data))


def test_word_boundaries_and_case():
    tax = load_taxonomy(UK)
    got = dict(
        zip(
            ["training", "train to Leeds", "SVQ course", "sv - smith", "SV-SMITH"],
            tax.match(["training", "train to Leeds", "SVQ course", "sv - smith", "SV-SMITH"]).task,
            strict=True,
        )
    )
    ids = tax.task_ids
    assert ids[got["training"]] == "training"
    assert ids[got["train to Leeds"]] == "travel"
    assert ids[got["SVQ course"]] == "training"  # 'SV' never matches inside 'SVQ'
    assert ids[got["sv - smith"]] == ids[got["SV-SMITH"]] == "statutory_visit"


def test_per_pattern_priority_and_rule_text():
    tax = load_taxonomy(UK)
    m = tax.match(["visit", "mileage claim", "Mosaic"])
    assert [tax.task_ids[k] for k in m.task] == ["statutory_visit", "email_admin", "case_notes"]
    assert m.priority.tolist() == [30, 85, 30]
    assert m.rule[2] == "pattern:case_notes:{{system}}"
    assert re.fullmatch(r"pattern:email_admin:.*mileage.*", m.rule[1])


def test_a_loaded_taxonomy_pickles_and_categorises_the_same():
    # its single patterns are compiled when first used (LazyPattern): pickling must not
    # recurse into them, and the copy must match as the original does
    import pickle

    import pandas as pd

    from timestudy.categorise import categorise

    tax = load_taxonomy()
    copy = pickle.loads(pickle.dumps(tax))
    texts = [e for t in tax.task_types for e in t.examples][:60] + ["lunch", "home visit"]
    ep = pd.DataFrame({"worker_id": "W1", "activity": texts,
                       "start": pd.Timestamp("2026-03-02 09:00"), "duration_min": 10.0})
    a, b = categorise(ep, tax), categorise(ep, copy)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["task_type"]) - {"uncategorised"}


@pytest.mark.parametrize("name", ["uk_children_social_work", "healthcare_observation"])
def test_shipped_files_skip_the_speed_check_their_full_load_makes(name, monkeypatch):
    """Loading a shipped file by name skips every check, the timing of its patterns on the
    examples too (:func:`check_speed`, 0.025 of the 0.105 s of a guide's first load): the
    file is checked in full by ``Taxonomy.from_yaml`` (the test above), which still times
    them."""
    from timestudy.categorise import taxonomy as taxonomy_module

    timed = []
    monkeypatch.setattr(taxonomy_module, "check_speed", lambda *a, **k: timed.append(a))
    taxonomy_module._load_shipped.cache_clear()
    try:
        taxonomy_module._load_shipped(name)
        assert timed == []
        Taxonomy.from_yaml(SHIPPED / f"{name}.yaml")
        assert len(timed) == 1
    finally:
        taxonomy_module._load_shipped.cache_clear()  # the next test's, with the real check
