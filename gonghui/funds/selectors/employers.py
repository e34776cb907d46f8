"""Reads of the employer register and the founding work."""
from __future__ import annotations

import datetime

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Employer, FoundingThreshold, FoundingVisit


def employers(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[Employer]:
    qs = Employer.objects.filter(org_q(user, perm)).select_related("org", "union")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.annotate(last_visit_on=Max("visits__visited_on"))


def employer_get(user, pk, perm: str = Perm.FUNDS_VIEW) -> Employer:
    return get_object_or_404(Employer.objects.filter(org_q(user, perm)).select_related("org", "union"), pk=pk)


def visits(user, perm: str = Perm.FUNDS_VIEW) -> QuerySet[FoundingVisit]:
    return FoundingVisit.objects.filter(org_q(user, perm)).select_related("employer", "org")


def thresholds(user, perm: str = Perm.FUNDS_VIEW) -> QuerySet[FoundingThreshold]:
    return FoundingThreshold.objects.filter(org_q(user, perm)).select_related("org")


def threshold_on(org, day: datetime.date) -> FoundingThreshold | None:
    """The setting of `org` (the keeping union) in force on the day."""
    return FoundingThreshold.objects.filter(org=org, effective_from__lte=day).order_by("-effective_from").first()


def min_size_on(day: datetime.date, org_ref: str = "org") -> Subquery:
    """For a queryset of employers: the threshold of each one's keeping union in force on the day (NULL: none)."""
    return Subquery(FoundingThreshold.objects.filter(org=OuterRef(org_ref), effective_from__lte=day)
                    .order_by("-effective_from").values("min_employees")[:1])


def in_register_on(qs: QuerySet[Employer], day: datetime.date) -> QuerySet[Employer]:
    """Employers in the register on the day (entered by then, not closed before it)."""
    return qs.filter(registered_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def counted_on(qs: QuerySet[Employer], day: datetime.date) -> QuerySet[Employer]:
    """Employers in the register on the day that count for 建会率: at or above their union's threshold (an employer
    whose size is unknown counts when a threshold is set: the register must say how big it is)."""
    qs = in_register_on(qs, day).annotate(min_size=min_size_on(day))
    return qs.filter(Q(min_size__isnull=True) | Q(employees__isnull=True) | Q(employees__gte=F("min_size")))


def register_summary(user, *, within, day: datetime.date) -> dict:
    """Counts for the register page's header: in the register, counted, founded (one query)."""
    qs = counted_on(Employer.objects.filter(org_q(user, Perm.FUNDS_VIEW), org__path__startswith=within.path), day)
    return qs.aggregate(counted=Count("pk"), founded=Count("pk", filter=Q(founded_on__lte=day)))
