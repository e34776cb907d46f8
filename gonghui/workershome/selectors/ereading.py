"""Reads of 电子书屋: the links in an officer's scope; a member's: their own union's (and branches' on their path)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import EReadingLink
from .common import member_paths


def links(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[EReadingLink]:
    qs = EReadingLink.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def link_get(user, pk, perm: str = Perm.HOME_VIEW) -> EReadingLink:
    return get_object_or_404(EReadingLink.objects.filter(org_q(user, perm)).select_related("org"), pk=pk)


def member_links(user) -> QuerySet[EReadingLink]:
    paths = member_paths(getattr(user, "person", None))
    return EReadingLink.objects.filter(org__path__in=paths).order_by("title", "id")
