"""Registers the workers' home figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

if metrics.METRICS:
    registry.register(metrics.METRICS, area="workershome", area_label="职工之家", order=70)
    registry.describe("workershome", figures_perm=Perm.HOME_STATS, records_perm=Perm.HOME_VIEW,
                      key=metrics.KEY, charts=metrics.CHARTS)
    registry.describe("workershome", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                      watch=report_texts.WATCH, phrases=report_texts.PHRASES)
