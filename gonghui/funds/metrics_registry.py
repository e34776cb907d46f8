"""Registers the funds figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

if metrics.METRICS:
    registry.register(metrics.METRICS, area="funds", area_label="经费管理", order=60)
    registry.describe("funds", figures_perm=Perm.FUNDS_STATS, records_perm=Perm.FUNDS_VIEW,
                      key=metrics.KEY, charts=metrics.CHARTS)
    registry.describe("funds", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                      watch=report_texts.WATCH, phrases=report_texts.PHRASES)
