"""Figures of women's special protection: women on the 三期 register on the period's last day (人, distinct people),
and the 女职工维权行动月 events (declared in metrics/legal.py with the lectures)."""
from __future__ import annotations

from django.db.models import Count

from gonghui.core.metrics import Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import MaternityRecord


def on_register(org, start, end):
    return _subtree(MaternityRecord.objects.filter(starts_on__lte=end, ends_on__gte=end), org)



METRICS = [
    Metric("rights.women.register", "“三期”女职工", "人", "people", on_register, value=Count("person", distinct=True),
           date_field="starts_on", stock=True),
]
KEY: list = []
CHARTS: list = []
