"""Reads of 网上入会 scoped to the officer: applications to the unions where they may admit members."""
from __future__ import annotations

from django.shortcuts import get_object_or_404

from gonghui.accounts.scope import Perm, org_q
from gonghui.members.models import Person

from .models_join import JoinApplication


def applications_for(user):
    return JoinApplication.objects.filter(org_q(user, Perm.MEMBERSHIP_MANAGE)).select_related("org", "decided_by")


def application_get(user, pk: int) -> JoinApplication:
    """Another union's application answers 404."""
    return get_object_or_404(applications_for(user), pk=pk)


def members_without_account(user, org):
    """Members of `org`'s subtree (inside the officer's scope) who have a phone and no login yet."""
    return (Person.objects.filter(org_q(user, Perm.MEMBERSHIP_MANAGE), org__path__startswith=org.path,
                                  member_status__in=(Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING),
                                  user__isnull=True).exclude(phone="").select_related("org").order_by("org__path", "pk"))
