"""Registers the activities figures, dashboard and wording with the reports registry (found at start-up by
gonghui.reports.registry.autodiscover()). The figures are declared in metrics/<part>.py."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.reports import registry

from . import metrics, report_texts

registry.register(metrics.METRICS, area="activities", area_label="文体宣传", order=55)
registry.describe("activities", figures_perm=Perm.ACTIVITIES_STATS, records_perm=Perm.ACTIVITIES_VIEW,
                  key=metrics.KEY, charts=metrics.CHARTS)
registry.describe("activities", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST,
                  watch=report_texts.WATCH, phrases=report_texts.PHRASES)
