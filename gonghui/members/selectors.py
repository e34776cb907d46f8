"""Every read of people and membership, scoped to the acting user."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.scope import Perm, is_member_only, org_q
from gonghui.orgs.models import Organization

from .models import Membership, MembershipEvent, Person, Transfer


def person_list(user, *, within: Organization | None = None, perm: str = Perm.PERSON_VIEW) -> QuerySet[Person]:
    """People the user may see; `within` narrows to an organisation's subtree (the current organisation)."""
    if is_member_only(user):
        return Person.objects.filter(pk=getattr(user, "person_id", None) or 0).select_related("org")
    qs = Person.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def person_get(user, pk, *, perm: str = Perm.PERSON_VIEW) -> Person:
    return get_object_or_404(person_list(user, perm=perm), pk=pk)


def membership_history(person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("org").order_by("started_on", "id")


def membership_events(person: Person) -> QuerySet[MembershipEvent]:
    return person.membership_events.select_related("org", "other_org", "recorded_by").order_by("occurred_on", "id")


def transfer_list(user, *, within: Organization | None = None) -> QuerySet[Transfer]:
    """Transfers out of, or waiting to come into, the user's unions (the receiving side must see them to act)."""
    scope = org_q(user, Perm.PERSON_VIEW, field="from_org") | org_q(user, Perm.PERSON_VIEW, field="to_org")
    qs = Transfer.objects.filter(scope).select_related("person", "from_org", "to_org")
    if within is not None:
        qs = qs.filter(Q(from_org__path__startswith=within.path) | Q(to_org__path__startswith=within.path))
    return qs


def transfer_get(user, pk) -> Transfer:
    return get_object_or_404(transfer_list(user), pk=pk)
