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
from timestudy.ingest import IngestReport, IngestResult, read_cases, read_diary, read_workers
from timestudy.simulate import SimulatedStudy, simulate_study
from timestudy.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "__version__",
    "Agreement",
    "CategoriseReport",
    "ConfigError",
    "DataQualityWarning",
    "EstimationWarning",
    "IngestReport",
    "IngestResult",
    "SchemaError",
    "SimulatedStudy",
    "Taxonomy",
    "TaxonomyError",
    "TimestudyError",
    "TimestudyWarning",
    "agreement",
    "categorise",
    "coverage",
    "load_taxonomy",
    "read_cases",
    "read_diary",
    "read_workers",
    "simulate_study",
]
