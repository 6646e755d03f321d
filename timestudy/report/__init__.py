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

from timestudy.report.content import build_report
from timestudy.report.excel import CalculatorLayout, write_workbook
from timestudy.report.html import render_html
from timestudy.report.internal import completeness_by_worker, write_internal
from timestudy.report.markdown import render_markdown
from timestudy.report.model import Report
from timestudy.report.outputs import write_outputs
from timestudy.report.statement import WorkloadStatement, workload_statements, write_statements

__all__ = [
    "CalculatorLayout",
    "Report",
    "WorkloadStatement",
    "build_report",
    "completeness_by_worker",
    "render_html",
    "render_markdown",
    "workload_statements",
    "write_internal",
    "write_outputs",
    "write_statements",
    "write_workbook",
]
