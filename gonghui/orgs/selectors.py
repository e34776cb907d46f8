from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.scope import Perm, orgs_in_scope

from .models import Organization, Position


def org_list(user, *, within: Organization | None = None, perm: str = Perm.ORG_VIEW) -> QuerySet[Organization]:
    qs = orgs_in_scope(user, perm).select_related("parent")
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    return qs


def org_get(user, pk, *, perm: str = Perm.ORG_VIEW) -> Organization:
    return get_object_or_404(org_list(user, perm=perm), pk=pk)


def current_positions(org: Organization) -> QuerySet[Position]:
    return org.positions.filter(ends_on__isnull=True).select_related("person", "term").order_by("title")
