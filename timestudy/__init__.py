"""timestudy: time-and-motion studies of caseworkers.

From real time diaries to an evidence-based time guide (hours per task type,
hours per case by type and complexity, hours a worker really has) and the
caseload weighting that follows from it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("timestudy")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from timestudy.agreement import Agreement, agreement
from timestudy.calibration import Calibration, calibrate
from timestudy.capacity import max_caseload, staffing, weighted_load
from timestudy.categorisation import categorise, coverage
from timestudy.categorise_report import CategoriseReport
from timestudy.errors import (
    ConfigError,
    DataQualityWarning,
    EstimationWarning,
    SchemaError,
    TaxonomyError,
    TimestudyError,
    TimestudyWarning,
)
from timestudy.guide import Adjustments, TimeGuide, build_guide
from timestudy.ingest import IngestReport, IngestResult, read_cases, read_diary, read_workers
from timestudy.models import StudyModels, fit_study
from timestudy.observe import (
    Interruptions,
    Multitasking,
    ObservationStudy,
    ObserverAgreement,
    Tempogram,
    TimeBudget,
    Transitions,
    interruptions,
    multitasking,
    observation_study,
    observer_agreement,
    tempogram,
    time_budget,
    transitions,
)
from timestudy.pipeline import StudyRun, run_study
from timestudy.report import (
    WorkloadStatement,
    workload_statements,
    write_outputs,
    write_statements,
)
from timestudy.simulate import SimulatedStudy, simulate_study
from timestudy.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "__version__",
    "Adjustments",
    "Agreement",
    "Calibration",
    "CategoriseReport",
    "ConfigError",
    "DataQualityWarning",
    "EstimationWarning",
    "IngestReport",
    "IngestResult",
    "Interruptions",
    "Multitasking",
    "ObservationStudy",
    "ObserverAgreement",
    "SchemaError",
    "SimulatedStudy",
    "StudyModels",
    "StudyRun",
    "Taxonomy",
    "TaxonomyError",
    "Tempogram",
    "TimeBudget",
    "TimeGuide",
    "TimestudyError",
    "TimestudyWarning",
    "Transitions",
    "WorkloadStatement",
    "agreement",
    "build_guide",
    "calibrate",
    "categorise",
    "coverage",
    "fit_study",
    "interruptions",
    "load_taxonomy",
    "max_caseload",
    "multitasking",
    "observation_study",
    "observer_agreement",
    "read_cases",
    "read_diary",
    "read_workers",
    "run_study",
    "simulate_study",
    "staffing",
    "tempogram",
    "time_budget",
    "transitions",
    "weighted_load",
    "workload_statements",
    "write_outputs",
    "write_statements",
]
