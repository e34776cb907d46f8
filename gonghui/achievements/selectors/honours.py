"""Reads of honours, scoped to the user (ACHIEVE_VIEW), and a person's own."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Honour


def honours(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[Honour]:
    qs = Honour.objects.filter(org_q(user, perm)).select_related("org", "person")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def honour_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> Honour:
    return get_object_or_404(honours(user, perm), pk=pk)


def of_person(person) -> QuerySet[Honour]:
    """A person's approved honours (the caller has already read the person within its scope)."""
    return Honour.objects.filter(person=person, state=Honour.State.APPROVED).order_by("-year", "level", "id")


def in_publicity(user, *, within=None) -> QuerySet[Honour]:
    return honours(user, Perm.ACHIEVE_EDIT, within=within).filter(state__in=(Honour.State.NOMINATED,
                                                                              Honour.State.PUBLICISED))
