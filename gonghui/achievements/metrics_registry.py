"""Registers the achievements figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

registry.register(metrics.METRICS, area="achievements", area_label="建功立业", order=55)
registry.describe("achievements", figures_perm=Perm.ACHIEVE_STATS, records_perm=Perm.ACHIEVE_VIEW,
                  key=metrics.KEY, charts=metrics.CHARTS)
registry.describe("achievements", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                  watch=report_texts.WATCH, phrases=report_texts.PHRASES)
