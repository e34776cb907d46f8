"""Reads of mediation cases (details only through `case_reveal`, audited), legal services and screening."""
from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import Consultation, DisputeCase, DisputeState, Lecture, Petition, Risk


def _within(qs, within):
    return qs if within is None else qs.filter(org__path__startswith=within.path)


def cases(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[DisputeCase]:
    """Cases without their details (`details` deferred; lists mask the applicant)."""
    return _within(DisputeCase.objects.filter(org_q(user, perm)), within).select_related("org").defer(
        "details", "agreement_text")


def case_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> DisputeCase:
    return get_object_or_404(cases(user, perm), pk=pk)


def case_reveal(user, pk) -> DisputeCase:
    """A case with its details, for RIGHTS_SENSITIVE holders only (404 otherwise); the reading is audited."""
    case = get_object_or_404(DisputeCase.objects.filter(org_q(user, Perm.RIGHTS_SENSITIVE)).select_related("org"),
                             pk=pk)
    audit.record(AuditEntry.Action.REVEAL, obj=case, note="查看劳动争议案件详情")
    return case


def overdue(user, *, within=None, on: datetime.date | None = None) -> QuerySet[DisputeCase]:
    """Accepted cases past their time limit and not closed."""
    return cases(user, within=within).filter(state=DisputeState.ACCEPTED, due_on__lt=on or localdate())


def to_accept(user, *, within=None) -> QuerySet[DisputeCase]:
    return _within(DisputeCase.objects.filter(org_q(user, Perm.RIGHTS_EDIT), state=DisputeState.APPLIED), within)


def my_cases(user) -> QuerySet[DisputeCase]:
    if not getattr(user, "is_authenticated", False):
        return DisputeCase.objects.none()
    return DisputeCase.objects.filter(applicant_user=user)


def my_consultations(user) -> QuerySet[Consultation]:
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return Consultation.objects.filter(asker_user=user)


def consultations(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[Consultation]:
    return _within(Consultation.objects.filter(org_q(user, perm)), within).select_related("org")


def lectures(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[Lecture]:
    return _within(Lecture.objects.filter(org_q(user, perm)), within).select_related("org")


def petitions(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[Petition]:
    return _within(Petition.objects.filter(org_q(user, perm)), within).select_related("org")


def risks(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[Risk]:
    return _within(Risk.objects.filter(org_q(user, perm)), within).select_related("org")


def unanswered(user, *, within=None) -> QuerySet[Consultation]:
    return _within(Consultation.objects.filter(org_q(user, Perm.RIGHTS_EDIT), answered_on__isnull=True), within)


__all__ = ["cases", "case_get", "case_reveal", "overdue", "to_accept", "my_cases", "my_consultations",
           "consultations", "lectures", "petitions", "risks", "unanswered", "Q"]
