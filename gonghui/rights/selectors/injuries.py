"""Reads of work injuries: lists without the details (`description` deferred), the details only through
`injury_reveal` (RIGHTS_SENSITIVE, audited), and the care records linked to an injury."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import InjuryCare, WorkInjury

__all__ = ["injuries", "injury_get", "injury_reveal", "care_of", "care_candidates"]


def injuries(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[WorkInjury]:
    qs = WorkInjury.objects.filter(org_q(user, perm)).select_related("org", "person").defer("description")
    return qs if within is None else qs.filter(org__path__startswith=within.path)


def injury_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> WorkInjury:
    return get_object_or_404(injuries(user, perm), pk=pk)


def injury_reveal(user, pk) -> WorkInjury:
    """The injury with its details, for RIGHTS_SENSITIVE holders only (404 otherwise); every reading is audited."""
    injury = get_object_or_404(WorkInjury.objects.filter(org_q(user, Perm.RIGHTS_SENSITIVE))
                               .select_related("org", "person"), pk=pk)
    audit.record(AuditEntry.Action.REVEAL, obj=injury, note="查看工伤详情")
    return injury


def care_of(injury: WorkInjury) -> tuple[list, list]:
    """(condolences, assistance) linked to the injury, oldest first."""
    links = list(InjuryCare.objects.filter(injury=injury).select_related("condolence", "assistance"))
    visits = sorted((link.condolence for link in links if link.condolence_id), key=lambda c: (c.visited_on, c.pk))
    helps = sorted((link.assistance for link in links if link.assistance_id), key=lambda a: (a.applied_on, a.pk))
    return visits, helps


def care_candidates(user, injury: WorkInjury) -> tuple[QuerySet, QuerySet]:
    """The member's care records since the injury, visible to the user and not yet linked to it."""
    from gonghui.care.models import Assistance, Condolence

    linked = InjuryCare.objects.filter(injury=injury)
    condolences = (Condolence.objects.filter(org_q(user, Perm.CARE_VIEW), person=injury.person,
                                             visited_on__gte=injury.occurred_on)
                   .exclude(pk__in=linked.filter(condolence__isnull=False).values("condolence")))
    assistance = (Assistance.objects.filter(org_q(user, Perm.CARE_VIEW), person=injury.person,
                                            applied_on__gte=injury.occurred_on)
                  .exclude(status=Assistance.Status.CANCELLED)
                  .exclude(pk__in=linked.filter(assistance__isnull=False).values("assistance")))
    return condolences, assistance
