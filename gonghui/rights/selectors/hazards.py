"""Reads of hazards: the union's list, the department's inbox, the reporter's own."""
from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Hazard, HazardState


def _within(qs, within):
    return qs if within is None else qs.filter(org__path__startswith=within.path)


def hazards(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[Hazard]:
    return _within(Hazard.objects.filter(org_q(user, perm)), within).select_related("org", "department")


def hazard_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> Hazard:
    return get_object_or_404(hazards(user, perm), pk=pk)


def to_forward(user, *, within=None) -> QuerySet[Hazard]:
    """Reports waiting for the union to forward them (隐患待转办)."""
    return _within(Hazard.objects.filter(org_q(user, Perm.RIGHTS_EDIT), state=HazardState.REPORTED), within)


def overdue(user, *, within=None, on: datetime.date | None = None, perm: str = Perm.RIGHTS_VIEW) -> QuerySet[Hazard]:
    """Plans past their deadline and not fixed (整改逾期)."""
    on = on or localdate()
    return _within(Hazard.objects.filter(org_q(user, perm), state=HazardState.PLANNED, due_on__lt=on), within)


def department_q(user) -> Q:
    from gonghui.democracy.models import Department

    ids = Department.contacts.through.objects.filter(user_id=user.pk).values("department_id")
    return org_q(user, Perm.HAZARD_FIX) & Q(department_id__in=ids)


def for_department(user, *, open_only: bool = False) -> QuerySet[Hazard]:
    """The hazards forwarded to a department the user is a contact of."""
    qs = Hazard.objects.filter(department_q(user)).select_related("org", "department")
    if open_only:
        qs = qs.filter(state__in=[HazardState.FORWARDED, HazardState.PLANNED])
    return qs


def department_get(user, pk) -> Hazard:
    return get_object_or_404(for_department(user), pk=pk)


def mine(user) -> QuerySet[Hazard]:
    if not getattr(user, "is_authenticated", False):
        return Hazard.objects.none()
    return Hazard.objects.filter(reporter=user).select_related("department")


def my_get(user, pk) -> Hazard:
    return get_object_or_404(mine(user), pk=pk)


def photo_get(user, pk):
    """A photo for the reporter, the union (RIGHTS_VIEW) or the department it was forwarded to."""
    from ..models import HazardPhoto

    visible = Q(hazard__reporter=user) | Q(hazard__in=Hazard.objects.filter(org_q(user, Perm.RIGHTS_VIEW))) \
        | Q(hazard__in=Hazard.objects.filter(department_q(user)))
    return get_object_or_404(HazardPhoto.objects.filter(visible), pk=pk)


def my_card(user) -> dict | None:
    """The member's 首页 card: own reports by state (one query)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "person_id", None):
        return None
    row = Hazard.objects.filter(reporter=user).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(state__in=[HazardState.REPORTED, HazardState.FORWARDED,
                                                                 HazardState.PLANNED])),
        fixed=Count("pk", filter=Q(state=HazardState.FIXED)))
    return row if row["total"] else None


def summary(user, *, within) -> dict:
    """The list page's header: counts by state in the subtree (one query)."""
    qs = hazards(user, within=within).order_by()
    return {row["state"]: row["n"] for row in qs.values("state").annotate(n=Count("pk"))}
