"""An event's actual cost in the funds ledger (the link point gonghui/funds/links.py): once the officer records
what an event cost (`services.events.event_cost`), the union's treasurer finds it among the proposed entries
(职工活动支出 › 文体活动), dated the day of the event. Until it is booked, a cost entered again updates the proposal;
after that a change is corrected in the ledger by a reversing entry."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gonghui.funds import links
from gonghui.funds.models import Category

from .models import Event


def event_costs(org, start, end):
    rows = Event.objects.filter(org=org, cost__gt=0, starts_at__date__range=(start, end)).order_by("starts_at", "pk")
    for event in rows:
        yield links.Proposal(
            key=f"activities.event:{event.pk}", entry_date=timezone.localtime(event.starts_at).date(),
            amount=event.cost, category=Category.ACTIVITIES, subcategory="文体活动",
            summary=f"{event.title}费用（预算{event.budget}元）"[:200], url=reverse("activities:event_detail", args=[event.pk]))


links.register(links.LedgerSource("activities.event", "文体活动费用", event_costs))
