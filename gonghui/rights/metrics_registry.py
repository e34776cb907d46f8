"""Registers the rights figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

registry.register(metrics.METRICS, area="rights", area_label="维权服务", order=35)
registry.describe("rights", figures_perm=Perm.RIGHTS_STATS, records_perm=Perm.RIGHTS_VIEW,
                  key=metrics.KEY, charts=metrics.CHARTS)
registry.describe("rights", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                  watch=report_texts.WATCH, phrases=report_texts.PHRASES)
