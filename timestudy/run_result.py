"""The result of a study run: :class:`StudyRun`, everything
:func:`timestudy.pipeline.run_study` produced, stage by stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from timestudy.categorise.coverage_report import CategoriseReport
from timestudy.guide import TimeGuide
from timestudy.ingest.result import IngestResult
from timestudy.results import Result, Section, part

if TYPE_CHECKING:
    from timestudy.models import StudyModels


@dataclass(frozen=True, repr=False)
class StudyRun(Result):
    """Everything a study run produced, stage by stage.

    Made by :func:`run_study`.

    Attributes
    ----------
    ingest : IngestResult
        Episodes, rejects and report of reading the diary.
    episodes : DataFrame
        The accepted episodes, categorised.
    coverage : CategoriseReport
        How much of the diary the taxonomy categorised.
    cases, workers : DataFrame
        The cases and workers tables, as read.
    models : StudyModels
        Every estimate (see :func:`fit_study`).
    guide : TimeGuide
        The time guide built from them.

    Examples
    --------
    >>> from timestudy import run_study, simulate_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    >>> run.ingest.report.n_accepted == len(run.episodes), run.guide.meta["n_workers"]
    (True, 8)
    >>> print(repr(run).splitlines()[0])
    Study run
    """

    ingest: IngestResult
    episodes: pd.DataFrame
    coverage: CategoriseReport
    cases: pd.DataFrame
    workers: pd.DataFrame
    models: StudyModels
    guide: TimeGuide

    title = "Study run"

    def summary(self) -> pd.DataFrame:
        """The guide's headline figures."""
        return self.guide.summary()

    def _lead(self) -> list[str]:
        r = self.ingest.report
        return [f"{r.n_read} rows read, {r.n_accepted} accepted, {r.n_rejected} rejected, "
                f"{r.n_duplicates} duplicates; {self.coverage.share_minutes_categorised:.1%} of "
                "time categorised.", *self.guide._lead()]

    def _sections(self) -> list[Section]:
        """Each stage in full (in HTML and Markdown): ingest, coverage, the guide."""
        return [part(self.ingest), part(self.coverage), part(self.guide)]

    def plot(self, ax=None):
        """The guide's hours per case-month by case type (see :meth:`TimeGuide.plot`)."""
        return self.guide.plot(ax=ax)
