"""The HTML report of a run's tables (``ita-extract report OUT``): an overview, a review
queue and one page per document, static and offline (see ``ita_extract.report.build``)."""

from ita_extract.report.build import REPORT, ReportError, build_report

__all__ = ["REPORT", "ReportError", "build_report"]
