"""The study file: every choice behind a guide in one ``study.yaml`` (schema ``data_schema/study.json``).

- :func:`read_study` reads and checks a study file into a :class:`Study`;
- :func:`study_template` / :func:`write_study_template` give the commented file
  ``timestudy init`` writes;
- :func:`run_study_file` runs a :class:`Study` and writes its outputs.
"""

from timestudy.study.config import (
    KEYS,
    Study,
    check_study,
    defaults,
    read_study,
    study_schema,
)
from timestudy.study.run import run_study_file
from timestudy.study.template import study_template, write_study_template

__all__ = ["KEYS", "Study", "check_study", "defaults", "read_study", "run_study_file", "study_schema",
           "study_template", "write_study_template"]
