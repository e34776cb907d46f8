"""Reads of legal services: consultations (the asker's name only through `consultation_reveal`, audited), lawyers on
duty, 普法 lectures — each in the user's scope (404 for another union's ids)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import Consultation, LawyerDuty
from .disputes import _within, consultations, lectures


def consultation_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> Consultation:
    return get_object_or_404(consultations(user, perm), pk=pk)


def consultation_reveal(user, pk) -> Consultation:
    """A consultation with its asker's name, for RIGHTS_SENSITIVE holders only (404 otherwise); audited."""
    c = get_object_or_404(Consultation.objects.filter(org_q(user, Perm.RIGHTS_SENSITIVE)).select_related("org"),
                          pk=pk)
    audit.record(AuditEntry.Action.REVEAL, obj=c, note="查看法律咨询人信息")
    return c


def duties(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[LawyerDuty]:
    return _within(LawyerDuty.objects.filter(org_q(user, perm)), within).select_related("org")


def duty_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> LawyerDuty:
    return get_object_or_404(duties(user, perm), pk=pk)


def lecture_get(user, pk, perm: str = Perm.RIGHTS_VIEW):
    return get_object_or_404(lectures(user, perm), pk=pk)


__all__ = ["consultations", "consultation_get", "consultation_reveal", "duties", "duty_get", "lectures",
           "lecture_get"]
