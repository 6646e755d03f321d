"""What reading a diary gives: its episodes and rejects (:class:`IngestResult`) and what
happened to every row (:class:`IngestReport`), apart from the readers that make them
(:mod:`timestudy.ingest.diary`): a process handed a diary already read (the guide's, from
the child reading ahead) imports these, not every reader."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from timestudy.results import Result, Section

__all__ = ["IngestReport", "IngestResult"]


@dataclass(frozen=True, repr=False)
class IngestReport(Result):
    """What happened to every row of one diary.

    Attributes
    ----------
    source, format, layout : str
        File name, file format and the layout read.
    n_read, n_accepted, n_rejected, n_duplicates : int
        Rows read (episodes, for a slot grid) and what became of them; always
        ``n_read == n_accepted + n_rejected + n_duplicates``.
    rejected_by_reason : dict
        Failures by code (a row can fail for more than one reason).
    warnings_by_code : dict
        Accepted episodes carrying each flag.
    details : dict
        Encoding, delimiter, sheet, time zone and other facts of the read; ``warnings``:
        warnings about the file as a whole (``code`` and a one-line ``message``, shown as the
        report's notes), such as ``duration_looks_like_hours``.

    Examples
    --------
    >>> from timestudy import read_diary
    >>> from timestudy.schema import EXAMPLES
    >>> r = read_diary(EXAMPLES / "episodes_with_errors.csv", warn=False).report
    >>> r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates, r.layout
    (True, 'canonical')
    >>> r.n_rejected > 0, sorted(r.rejected_by_reason)[:1]
    (True, [...])
    >>> r.summary().columns.tolist()
    ['value']
    """

    source: str
    format: str
    layout: str
    n_read: int
    n_accepted: int
    n_rejected: int
    n_duplicates: int
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    warnings_by_code: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.n_read != self.n_accepted + self.n_rejected + self.n_duplicates:
            raise RuntimeError(  # pragma: no cover - a bug in timestudy, never bad input
                f"{self.source}: rows lost in ingest ({self.n_read} read, {self.n_accepted} "
                f"accepted, {self.n_rejected} rejected, {self.n_duplicates} duplicates); "
                "please report this"
            )

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return self.n_rejected == 0

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values (what ``ingest_report.json`` holds)."""
        return {
            "source": self.source,
            "format": self.format,
            "layout": self.layout,
            "n_read": self.n_read,
            "n_accepted": self.n_accepted,
            "n_rejected": self.n_rejected,
            "n_duplicates": self.n_duplicates,
            "rejected_by_reason": dict(self.rejected_by_reason),
            "warnings_by_code": dict(self.warnings_by_code),
            "details": {k: v for k, v in self.details.items() if v is not None},
        }

    def summary(self) -> pd.DataFrame:
        """Counts as a two-column table (``measure``, ``value``), reasons and flags included."""
        rows = [
            ("rows read", self.n_read),
            ("accepted", self.n_accepted),
            ("rejected", self.n_rejected),
            ("exact duplicates", self.n_duplicates),
        ]
        rows += [(f"reject: {k}", v) for k, v in self.rejected_by_reason.items()]
        rows += [(f"flag: {k}", v) for k, v in self.warnings_by_code.items()]
        return pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure")

    def _title(self) -> str:
        return f"Ingest of {self.source}"

    def _notes(self) -> tuple[str, ...]:
        return tuple(w["message"] for w in self.details.get("warnings", ()))

    def _lead(self) -> list[str]:
        return [f"{self.format} file, layout {self.layout}."]


@dataclass(frozen=True, repr=False)
class IngestResult(Result):
    """Accepted episodes, rejects and the report of one :func:`read_diary` call.

    Attributes
    ----------
    episodes : DataFrame
        One row per accepted episode, sorted by worker and start: ``worker_id``,
        ``start``, ``end``, ``duration_min``, ``activity``, ``activity_code``,
        ``task_type``, ``case_id``, ``secondary_activity``, ``location``, then any
        extra input columns, then ``source_row``, ``diary_date``, ``counted_min``
        (``duration_min`` less the clock time counted for another episode of the same
        worker: each minute several episodes cover is counted once, for the one that
        ends first, so an entry written inside a longer one counts its own minutes and
        the longer one loses them; where they lie on the clock:
        :func:`~timestudy.ingest.overlaps.counted_pieces`) and ``flags``
        (semicolon-separated warning codes, ``""`` if none).
    rejects : DataFrame
        One row per failure: the original row values as text, ``source_row``,
        ``column``, ``reason`` and ``code``.
    report : IngestReport
    workers : DataFrame, optional
        The workers table given, as read.
    secondary : DataFrame, optional
        Secondary activities of a slot diary (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``activity``, ``slots``, ``source_row``, ``diary_date``): they
        overlap the main episodes and add no minutes.
    written : DataFrame, optional
        The rows whose worker id the workers table given does not list, every column as the
        file wrote it, indexed by source row (:func:`~timestudy.ingest.echo.rows_written`):
        what their ``unknown_worker`` rejects echo.

    Examples
    --------
    >>> from timestudy import read_diary
    >>> from timestudy.schema import EXAMPLES
    >>> result = read_diary(EXAMPLES / "episodes_with_errors.csv", warn=False)
    >>> len(result.episodes) == result.report.n_accepted
    True
    >>> result.rejects.columns[-4:].tolist()
    ['source_row', 'column', 'reason', 'code']
    """

    episodes: pd.DataFrame
    rejects: pd.DataFrame
    report: IngestReport
    workers: pd.DataFrame | None = field(default=None, repr=False)
    secondary: pd.DataFrame | None = field(default=None, repr=False)
    written: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """The accepted episodes."""
        return self.episodes

    def summary(self) -> pd.DataFrame:
        """The report's counts (see :meth:`IngestReport.summary`)."""
        return self.report.summary()

    def _title(self) -> str:
        return self.report._title()

    def _lead(self) -> list[str]:
        return [*self.report._lead(), f"{len(self.episodes):,} episodes accepted, "
                f"{len(self.rejects):,} reject rows (one per failure)."]

    def _sections(self) -> list[Section]:
        """The first rejects with their reasons (in HTML and Markdown)."""
        if not len(self.rejects):
            return []
        return [Section("First rejects", table=self.rejects.head(10), index=False, detail=True)]

    def write(self, out: str | os.PathLike) -> dict[str, Path]:
        """Write ``episodes.parquet``, ``rejects.csv``, ``ingest_report.json`` and ``quality.html``.

        Returns the paths written, by name. Text in ``rejects.csv`` that a spreadsheet
        would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return) gets a leading apostrophe.

        Examples
        --------
        >>> import tempfile
        >>> from timestudy.ingest.diary import read_diary
        >>> from timestudy.schema import EXAMPLES
        >>> result = read_diary(EXAMPLES / "episodes_with_errors.csv", warn=False)
        >>> sorted(p.name for p in result.write(tempfile.mkdtemp()).values())
        ['episodes.parquet', 'ingest_report.json', 'quality.html', 'rejects.csv']
        """
        from timestudy.ingest.quality import quality_html

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            name: out / name
            for name in ("episodes.parquet", "rejects.csv", "ingest_report.json", "quality.html")
        }
        # Arrow's buffers from the C library's allocator (timestudy.ingest.arrowpool); Parquet
        # encoding releases the GIL; its thread ends with the block, the warnings state as it
        # was (timestudy._lib.threads)
        from timestudy._lib.threads import thread_pool
        from timestudy.exports import write_csv
        from timestudy.ingest.arrowpool import system_pool_while
        from timestudy.ingest.parquetfile import write_parquet

        with system_pool_while(), thread_pool(1) as pool:
            parquet = pool.submit(write_parquet, self.episodes, paths["episodes.parquet"])
            write_csv(self.rejects, paths["rejects.csv"])
            paths["ingest_report.json"].write_text(json.dumps(self.report.to_dict(), indent=2))
            paths["quality.html"].write_text(quality_html(self), encoding="utf-8")
            parquet.result()
        return paths
