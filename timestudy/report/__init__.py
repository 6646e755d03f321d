"""What people are handed: the guide as JSON, a workbook, a report, and workload statements.

- :func:`write_outputs` writes ``guide.json``, ``guide.xlsx`` (with a capacity
  calculator of live formulas, each written with its value, over an Assumptions
  sheet), ``report.html`` (self-contained), ``report.md``, ``report.docx``
  (:func:`timestudy.report.docx.write_docx`) and ``report.pdf``
  (:func:`timestudy.report.pdf.write_pdf`) from a guide or a study run;
- :func:`build_report` is the report's content, shared by the HTML and
  Markdown writers (:func:`render_html`, :func:`render_markdown`);
- :func:`write_workbook` writes the workbook alone;
- :func:`workload_statements` and :func:`write_statements` give each worker a
  one-page statement of their cases against the time they have;
- :func:`write_internal` writes the diary completeness by worker
  (:func:`completeness_by_worker`), an internal page, never published.

Nothing written here holds diary text or worker or case identifiers, except a
workload statement, which names its worker and the pseudonymous case ids of
the caseload it was given, and the internal completeness by worker.
"""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

# Each name imported from its module on first use: a process that needs one writer (the
# guide's helper, which draws and writes Word and PDF; ``timestudy workload``) imports
# neither the others nor the report's content, and with it the models and SciPy.
_NAMES = {
    "CalculatorLayout": "excel",
    "Report": "model",
    "WorkloadStatement": "statement",
    "build_report": "content",
    "completeness_by_worker": "internal",
    "render_html": "html",
    "render_markdown": "markdown",
    "workload_statements": "statement",
    "write_internal": "internal",
    "write_outputs": "outputs",
    "write_statements": "statement",
    "write_workbook": "excel",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
