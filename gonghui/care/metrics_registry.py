"""Registers the care figures with the metrics registry (issue 4).

Imported by gonghui.reports.registry.autodiscover() (which prefers an app's `metrics_registry` module to its
`metrics` module); nothing else imports it, so the care app works with or without the reports app. The figures are
declared once, in care/metrics.py, as gonghui.core.metrics.Metric.
"""
from __future__ import annotations

from gonghui.reports import registry

from .metrics import METRICS

registry.register(METRICS, area="care", area_label="帮扶关怀", order=40)
