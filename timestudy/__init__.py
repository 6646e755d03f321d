"""timestudy: time-and-motion studies of caseworkers.

From real time diaries to an evidence-based time guide (hours per task type,
hours per case by type and complexity, hours a worker really has) and the
caseload weighting that follows from it.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from timestudy.errors import (
    ConfigError,
    DataQualityWarning,
    EstimationWarning,
    SchemaError,
    TaxonomyError,
    TimestudyError,
    TimestudyWarning,
)

#: Where each public name lives. They are imported on first use, so that
#: ``import timestudy`` (and the ``timestudy`` command) does not load statsmodels,
#: matplotlib and the rest until a function that needs them is called.
_LAZY = {
    # importlib.metadata, 36 ms of the 40 of `import timestudy`: read when first asked for
    "__version__": "timestudy._lib.version",
    "Agreement": "timestudy.categorise.coding_agreement",
    "agreement": "timestudy.categorise.coding_agreement",
    "Calibration": "timestudy.capacity.calibration",
    "calibrate": "timestudy.capacity.calibration",
    "max_caseload": "timestudy.capacity.loads",
    "staffing": "timestudy.capacity.staff",
    "weighted_load": "timestudy.capacity.loads",
    "coverage": "timestudy.categorise.rules",
    "CategoriseReport": "timestudy.categorise.coverage_report",
    "Adjustments": "timestudy.guide",
    "TimeGuide": "timestudy.guide",
    "build_guide": "timestudy.guide",
    "IngestReport": "timestudy.ingest.diary",
    "IngestResult": "timestudy.ingest.diary",
    "read_cases": "timestudy.ingest.diary",
    "read_diary": "timestudy.ingest.diary",
    "read_workers": "timestudy.ingest.diary",
    "StudyModels": "timestudy.models",
    "fit_study": "timestudy.models",
    "Interruptions": "timestudy.observe",
    "Multitasking": "timestudy.observe",
    "ObservationStudy": "timestudy.observe",
    "MultiObserverAgreement": "timestudy.observe",
    "ObserverAgreement": "timestudy.observe",
    "Tempogram": "timestudy.observe",
    "TimeBudget": "timestudy.observe",
    "Transitions": "timestudy.observe",
    "interruptions": "timestudy.observe",
    "multitasking": "timestudy.observe",
    "observation_study": "timestudy.observe",
    "multi_observer_agreement": "timestudy.observe",
    "observer_agreement": "timestudy.observe",
    "tempogram": "timestudy.observe",
    "time_budget": "timestudy.observe",
    "transitions": "timestudy.observe",
    "StudyRun": "timestudy.pipeline",
    "run_study": "timestudy.pipeline",
    "WorkloadStatement": "timestudy.report",
    "workload_statements": "timestudy.report",
    "write_outputs": "timestudy.report",
    "write_statements": "timestudy.report",
    "SimulatedStudy": "timestudy.simulate.study",
    "simulate_study": "timestudy.simulate.study",
    "Taxonomy": "timestudy.categorise.taxonomy",
    "load_taxonomy": "timestudy.categorise.taxonomy",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from timestudy.capacity import max_caseload, weighted_load
    from timestudy.capacity.calibration import Calibration, calibrate
    from timestudy.capacity.staff import staffing
    from timestudy.categorise.coding_agreement import Agreement, agreement
    from timestudy.categorise.coverage_report import CategoriseReport
    from timestudy.categorise.rules import categorise, coverage
    from timestudy.categorise.taxonomy import Taxonomy, load_taxonomy
    from timestudy.guide import Adjustments, TimeGuide, build_guide
    from timestudy.ingest.diary import (
        IngestReport,
        IngestResult,
        read_cases,
        read_diary,
        read_workers,
    )
    from timestudy.models import StudyModels, fit_study
    from timestudy.observe import (
        Interruptions,
        MultiObserverAgreement,
        Multitasking,
        ObservationStudy,
        ObserverAgreement,
        Tempogram,
        TimeBudget,
        Transitions,
        interruptions,
        multi_observer_agreement,
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
    "MultiObserverAgreement",
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
    "multi_observer_agreement",
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


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        if not name.startswith("__") and find_spec(f"{__name__}.{name}") is not None:
            # a submodule: timestudy.privacy, or timestudy.categorise (the stage, callable)
            return import_module(f"{__name__}.{name}")
        raise AttributeError(f"module 'timestudy' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
