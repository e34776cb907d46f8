"""Registers the democracy figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

if metrics.METRICS:  # an area without figures has nothing to show or draft
    registry.register(metrics.METRICS, area="democracy", area_label="民主管理", order=30)
    registry.describe("democracy", figures_perm=Perm.DEMOCRACY_STATS, records_perm=Perm.DEMOCRACY_VIEW,
                      key=metrics.KEY, charts=metrics.CHARTS)
    registry.describe("democracy", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                      watch=report_texts.WATCH, phrases=report_texts.PHRASES)
