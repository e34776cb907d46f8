"""Registers the care figures with the metrics registry (issue 4).

Imported by gonghui.reports.registry.autodiscover() (which prefers an app's `metrics_registry` module to its
`metrics` module); nothing else imports it, so the care app works with or without the reports app. The figures are
declared once, in care/metrics.py; here they are handed over as gonghui.core.metrics.Metric, the same shape.
"""
from __future__ import annotations

from gonghui.core import metrics as core
from gonghui.reports import registry

from . import metrics as care


def as_core(metric: care.Metric) -> core.Metric:
    return core.Metric(
        code=metric.code, label=metric.label, unit=metric.unit, counts=metric.counts, source=metric.source,
        value=metric.value, where=metric.where, numerator=metric.numerator,
        by={name: core.Breakdown(b.label, b.expression, b.labels, b.value) for name, b in metric.by.items()},
        date_field=metric.date_field, stock=metric.stock, note=metric.note, org_field=metric.org_field)


METRICS = [as_core(m) for m in care.METRICS]
registry.register(METRICS, area="care", area_label="帮扶关怀", order=40)
