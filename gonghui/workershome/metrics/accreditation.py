"""Figures of 建家 (code "workershome.titles"): the titles (模范/先进职工之家, 模范职工小家) awarded by inspection in the
period, by level."""
from __future__ import annotations

from django.db.models import Count

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import Accreditation


def titles_in(org, start, end):
    return _subtree(Accreditation.objects.filter(status=Accreditation.Status.AWARDED,
                                                 inspected_on__range=(start, end)), org)


BY_LEVEL = Breakdown("按称号", "level", dict(Accreditation.Level.choices))

METRICS = [
    Metric("workershome.titles", "职工之家称号", "项", "events", titles_in, value=Count("pk"),
           by={"level": BY_LEVEL}, date_field="inspected_on"),
]
KEY: list = []
CHARTS: list = []
