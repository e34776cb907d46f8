"""An event's cost reaches the funds ledger as a proposed entry, once; until booked it follows the cost."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities.services import events as services
from gonghui.funds.models import Category, LedgerEntry
from gonghui.funds.services import ledger

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _propose(world):
    today = timezone.localdate()
    return ledger.ledger_propose(actor=world["officer"], org=world["company"], start=today - datetime.timedelta(days=30),
                                 end=today + datetime.timedelta(days=30))


def test_event_cost_is_proposed_once_and_follows_the_cost_until_booked(world):
    e = make_event(world, budget=Decimal("1000"))
    assert _propose(world).by_source.get("activities.event") is None  # no cost yet: nothing to propose
    services.event_cost(actor=world["officer"], event=e, cost="950.50")
    first = _propose(world)
    assert first.by_source == {"activities.event": 1}
    entry = LedgerEntry.objects.get(source_key=f"activities.event:{e.pk}")
    assert (entry.status, entry.category, entry.amount, entry.org) == (
        LedgerEntry.Status.PROPOSED, Category.ACTIVITIES, Decimal("950.50"), world["company"])
    assert entry.entry_date == timezone.localtime(e.starts_at).date() and "春季登山活动" in entry.summary
    services.event_cost(actor=world["chair"], event=e, cost="1200")
    again = _propose(world)
    assert (again.created, again.updated) == (0, 1)
    entry.refresh_from_db()
    assert entry.amount == Decimal("1200.00")
    assert LedgerEntry.objects.filter(source_key__startswith="activities.event:").count() == 1
    # once booked the proposal no longer moves: a later change is the treasurer's reversing entry
    LedgerEntry.objects.filter(pk=entry.pk).update(status=LedgerEntry.Status.BOOKED)
    services.event_cost(actor=world["chair"], event=e, cost="1100")
    assert _propose(world).updated == 0
    entry.refresh_from_db()
    assert entry.amount == Decimal("1200.00")
