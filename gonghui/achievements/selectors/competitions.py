"""Reads of competitions and mentoring pairs, scoped to the user (ACHIEVE_VIEW)."""
from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Competition, MentorPair


def competitions(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[Competition]:
    qs = Competition.objects.filter(org_q(user, perm)).select_related("org").annotate(entry_count=Count("entries"))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def competition_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> Competition:
    return get_object_or_404(Competition.objects.filter(org_q(user, perm)).select_related("org"), pk=pk)


def pairs(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[MentorPair]:
    qs = MentorPair.objects.filter(org_q(user, perm)).select_related("org", "master", "apprentice")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def pair_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> MentorPair:
    return get_object_or_404(MentorPair.objects.filter(org_q(user, perm)).select_related("org", "master",
                                                                                         "apprentice"), pk=pk)
