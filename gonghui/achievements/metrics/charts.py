"""The 建功立业 charts of the dashboard: suggestions by grade, honours by level, patents by kind. Each is one metric's
breakdown (reports.registry.ChartSpec), one grouped query each."""
from __future__ import annotations

from gonghui.reports.registry import ChartSpec

CHARTS = [
    ChartSpec("achievements.suggestions_by_grade", "合理化建议（按评定等级，条）", "bar",
              ("achievements.suggestions.graded",), by="grade"),
    ChartSpec("achievements.honours_by_level", "获得荣誉（按级别，项）", "bar", ("achievements.honours.total",),
              by="level"),
    ChartSpec("achievements.patents_by_kind", "获得专利（按类别，项）", "pie", ("achievements.innovation.patents",),
              by="kind"),
]
