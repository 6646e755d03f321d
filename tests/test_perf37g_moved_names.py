"""Names moved to modules of their own (perf37g: models/__init__.py and pipeline.py under
~400 lines) are still where callers found them, and are the same objects."""

from __future__ import annotations

import pickle

import pandas as pd


def test_study_models_is_still_a_name_of_the_models_package():
    import timestudy.models as models
    from timestudy.models.study_models import StudyModels

    assert models.StudyModels is StudyModels
    assert "StudyModels" in models.__all__


def test_few_left_out_is_still_a_name_of_the_pipeline():
    from timestudy import pipeline
    from timestudy.guide.roles_left_out import few_left_out

    assert pipeline.few_left_out is few_left_out
    e = pd.DataFrame({"worker_id": ["W1", "M1"]})
    w = pd.DataFrame({"worker_id": ["W1", "M1"], "role": ["social_worker", "manager"]})
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kept = pipeline.few_left_out(e, w, {"manager": 0}, 5)
    assert kept["worker_id"].tolist() == ["W1"]
    assert any("left out of the whole guide" in str(x.message) for x in caught)


def test_the_sensitivity_note_says_what_it_said():
    from timestudy.models.sensitivity import SENSITIVITY_NOT_RUN, sensitivity_note

    assert sensitivity_note({"sensitivity": False}) == {"sensitivity": SENSITIVITY_NOT_RUN}
    assert sensitivity_note({"sensitivity": True}) == {}
    assert SENSITIVITY_NOT_RUN.startswith("not run (--no-sensitivity")


def test_an_empty_study_models_class_pickles_by_its_new_module():
    from timestudy.models import StudyModels

    assert pickle.loads(pickle.dumps(StudyModels)) is StudyModels
