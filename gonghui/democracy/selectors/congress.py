"""Reads of congresses, terms and delegates."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Congress, Delegate, Delegation, Term


def congresses(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Congress.objects.filter(org_q(user, perm)).select_related("org")


def terms(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Term.objects.filter(org_q(user, perm)).select_related("congress", "org")


def delegations(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Delegation.objects.filter(org_q(user, perm)).select_related("term__congress", "leader__person")


def delegates(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Delegate.objects.filter(org_q(user, perm)).select_related("person", "term__congress", "delegation", "org")


def current_term(congress: Congress, on: datetime.date | None = None) -> Term | None:
    """The term in office on the day (today by default)."""
    on = on or localdate()
    return (Term.objects.filter(congress=congress, started_on__lte=on).exclude(ended_on__lt=on)
            .order_by("-started_on").first())


def serving_delegacies(person, on: datetime.date | None = None):
    """The person's delegate rows in terms in office on the day: what lets a member raise and co-sign proposals."""
    on = on or localdate()
    return (Delegate.objects.filter(person=person, status=Delegate.Status.SERVING, term__started_on__lte=on)
            .exclude(term__ended_on__lt=on).select_related("term__congress", "org"))
