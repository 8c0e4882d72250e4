"""Progress reports for one child: HTML or PDF, one self-contained file a therapist can hand on.

gather (pure: records -> ReportData) -> charts (matplotlib, imported only when drawing) -> html / pdf writers.
"""
from game.reports.make import make_report

__all__ = ["make_report"]
