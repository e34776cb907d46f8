"""Every read of people and membership, scoped to the acting user."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.scope import Perm, is_member_only, org_q
from gonghui.orgs.models import Organization

from .models import Membership, MembershipEvent, Person, Transfer


# Up to this many organisations, the scope is sent to the database as a literal list of ids; beyond it, as a
# subquery (SQLite refuses more than 32,766 parameters; planning huge lists costs time on PostgreSQL too).
SCOPE_LIST_LIMIT = 5000


def person_list(user, *, within: Organization | None = None, perm: str = Perm.PERSON_VIEW) -> QuerySet[Person]:
    """People the user may see; `within` narrows to an organisation's subtree (the current organisation).

    The scope becomes `org_id IN (1, 2, …)`: one small query on the organisation table first, then a filter the
    person indexes that start with org_id answer without a join. A literal list, not a subquery, because the
    query planners can then tell a whole federation (walk the name index in order and stop after one page) from
    one union (read its people through the org_id indexes) — with `IN (SELECT …)` SQLite always guesses "few"
    and sorts all 200,000 people of a federation to show 50 of them.
    """
    if is_member_only(user):
        return Person.objects.filter(pk=getattr(user, "person_id", None) or 0).select_related("org")
    return Person.objects.filter(org_id__in=org_ids(orgs_subquery(user, perm, within=within))).select_related("org")


def org_ids(orgs: QuerySet[Organization]):
    """The organisations' ids as a list for `org_id__in=` (a subquery if there are very many)."""
    ids = list(orgs.values_list("id", flat=True)[: SCOPE_LIST_LIMIT + 1])
    return orgs.values("id") if len(ids) > SCOPE_LIST_LIMIT else ids


def orgs_subquery(user, perm: str, *, within: Organization | None = None) -> QuerySet[Organization]:
    """The organisations in the user's scope for `perm` (and inside `within`)."""
    orgs = Organization.objects.filter(org_q(user, perm, field=""))
    if within is not None:
        orgs = orgs.filter(path__startswith=within.path)
    return orgs


def person_get(user, pk, *, perm: str = Perm.PERSON_VIEW) -> Person:
    if is_member_only(user):
        return get_object_or_404(person_list(user, perm=perm), pk=pk)
    # One row by primary key: the scope as a subquery costs nothing here and saves a query.
    scoped = Person.objects.filter(org_id__in=orgs_subquery(user, perm).values("id")).select_related("org")
    return get_object_or_404(scoped, pk=pk)


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
