"""Registers the care figures with the metrics registry (issue 4).

Imported by gonghui.reports.registry.autodiscover() (which prefers an app's `metrics_registry` module to its
`metrics` module); nothing else imports it, so the care app works with or without the reports app. The figures are
declared once, in care/metrics.py, as gonghui.core.metrics.Metric.
"""
from __future__ import annotations

from gonghui.reports import registry

from .metrics import METRICS

registry.register(METRICS, area="care", area_label="帮扶关怀", order=40)

# Dashboard
from gonghui.accounts.roles import Perm  # noqa: E402
from gonghui.reports.registry import ChartSpec  # noqa: E402

registry.describe(
    "care",
    figures_perm=Perm.CARE_STATS,
    records_perm=Perm.CARE_VIEW,
    key=["care.condolence.visits", "care.condolence.amount", "care.assistance.payments", "care.assistance.amount",
         "care.hardship.files", "care.assistance.households", "care.welfare.payments", "care.welfare.amount",
         "care.campaign.count", "care.health.participants"],
    charts=[
        ChartSpec("care.by_month", "慰问与救助（按月，人次）", "bar",
                  ("care.condolence.visits", "care.assistance.payments", "care.welfare.payments"), by="month"),
        ChartSpec("care.assistance_by_kind", "救助补助（按类别，人次）", "bar", ("care.assistance.payments",), by="kind"),
        ChartSpec("care.condolence_by_occasion", "慰问看望（按事由，人次）", "pie", ("care.condolence.visits",),
                  by="occasion"),
        ChartSpec("care.money_by_source", "慰问与救助资金（按经费来源，元）", "bar",
                  ("care.condolence.amount", "care.assistance.amount", "care.welfare.amount"), by="funding_source"),
    ],
)

# Documents
from . import report_texts  # noqa: E402

registry.describe("care", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST, watch=report_texts.WATCH,
                  phrases=report_texts.PHRASES)
