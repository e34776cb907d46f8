"""Figures of risk screening, petitions and legal services (codes "rights.screening.*", "rights.legal.*"):
排查矛盾隐患N起 (risks found in the period) and 已化解M起 (of them, resolved by its end); 信访 (件); 法律咨询
(次, consultations and representation); 律师坐班 (次); 普法讲座 (场) and 受教育职工 (人次)."""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import Consultation, LawyerDuty, Lecture, Petition, Risk


def risks(org, start, end):
    return _subtree(Risk.objects.filter(screened_on__range=(start, end)), org)


def petitions(org, start, end):
    return _subtree(Petition.objects.filter(received_on__range=(start, end)), org)


def consultations(org, start, end):
    return _subtree(Consultation.objects.filter(asked_on__range=(start, end)), org)


def duties(org, start, end):
    return _subtree(LawyerDuty.objects.filter(on_day__range=(start, end)), org)


def lectures(org, start, end):
    return _subtree(Lecture.objects.filter(held_on__range=(start, end)), org)


def _resolved(org, start, end) -> Q:
    return Q(resolved_on__isnull=False, resolved_on__lte=end)


METRICS = [
    Metric("rights.screening.risks", "排查矛盾隐患", "起", "events", risks, value=Count("pk"), date_field="screened_on"),
    Metric("rights.screening.resolved", "化解矛盾隐患", "起", "events", risks, value=Count("pk"), where=_resolved,
           date_field="screened_on"),
    Metric("rights.petitions.count", "受理职工信访", "件", "events", petitions, value=Count("pk"),
           date_field="received_on"),
    Metric("rights.legal.consultations", "提供法律咨询", "次", "events", consultations, value=Count("pk"),
           where=Q(kind=Consultation.Kind.CONSULT), date_field="asked_on"),
    Metric("rights.legal.agency", "代理职工维权案件", "件", "events", consultations, value=Count("pk"),
           where=Q(kind=Consultation.Kind.AGENT), date_field="asked_on"),
    Metric("rights.legal.duties", "律师坐班", "次", "events", duties, value=Count("pk"), date_field="on_day"),
    Metric("rights.legal.lectures", "开展普法讲座", "场", "events", lectures, value=Count("pk"),
           where=Q(kind=Lecture.Kind.LECTURE), date_field="held_on"),
    Metric("rights.legal.attendance", "普法受教育职工", "人次", "sum", lectures, value=Sum("attendance"),
           date_field="held_on"),
    Metric("rights.women.campaign", "女职工维权行动月活动", "场", "events", lectures, value=Count("pk"),
           where=Q(kind=Lecture.Kind.WOMEN), date_field="held_on"),
]
KEY = ["rights.screening.risks", "rights.legal.lectures"]
CHARTS: list = []
