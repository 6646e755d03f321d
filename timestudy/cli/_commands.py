"""The commands of ``timestudy``, each with its one-line help.

``timestudy --help`` lists them from here without importing any command's module
(which would load pandas and the stage it drives); a command's own module, with its
options, is imported only when that command is run or asked for its ``--help``.
Each module's ``register`` takes its help from here, so it is written once.
"""

from __future__ import annotations

#: Command name (the module of this package that implements it) -> one-line help.
SUMMARY: dict[str, str] = {
    "agreement": "Cohen's kappa, accuracy and confusion matrices of automatic vs manual coding",
    "categorise": "categorise episodes into task types and categories with a taxonomy",
    "demo": "run the whole pipeline on a built-in simulated study",
    "guide": "build the time guide from a diary and write guide.json, guide.xlsx and reports",
    "init": "write a commented study.yaml: inputs, assumptions, roles, uplifts, seed",
    "observe": "multitasking, interruptions, time-of-day profiles, time budget, observer "
               "agreement",
    "pseudonymise": "replace worker and case ids with keyed tokens, consistently across files",
    "should": "compute 'should' uplifts from practice standards, a Delphi panel or a "
              "sufficiency survey, with the method, interval and source of each",
    "simulate": "simulate a children's social work time study with known truth",
    "taxonomy": "show or check a taxonomy (shipped name or YAML file)",
    "template": "write an Excel diary template that ingests with no mapping",
    "validate": "check a time diary and write canonical episodes, rejects and a quality report",
    "workload": "write a one-page workload statement per worker from a guide and a caseload",
}
