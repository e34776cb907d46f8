"""Care's payments in the funds ledger (the link point gonghui/funds/links.py): each disbursed assistance (救助、
送温暖 deliveries of a campaign, which are disbursed assistance too) and each condolence that cost money becomes a
proposed entry of the union that paid it, once.

Categories by the union accounting system: aid to members in hardship (困难职工帮扶、送温暖) is 维权支出; festival gifts
to all members and condolences (会员生病、生育、退休、去世慰问，生日) are 职工活动支出 › 会员活动. The summary names the
kind and the person, never the hardship's details."""
from __future__ import annotations

from django.urls import reverse

from gonghui.funds import links
from gonghui.funds.models import Category

from .models import Assistance, Condolence


def paid_assistance(org, start, end):
    rows = (Assistance.objects.filter(org=org, status=Assistance.Status.DISBURSED, disbursed_on__range=(start, end),
                                      amount__gt=0)
            .select_related("person").order_by("disbursed_on", "pk"))
    for a in rows:
        welfare = a.kind in Assistance.WELFARE_KINDS
        yield links.Proposal(
            key=f"care.assistance:{a.pk}", entry_date=a.disbursed_on, amount=a.amount,
            category=Category.ACTIVITIES if welfare else Category.RIGHTS,
            subcategory="会员活动（节日慰问）" if welfare else "困难职工帮扶",
            summary=f"{a.get_kind_display()}：{a.person.name}", counterparty=a.person.name,
            url=reverse("care:assistance_detail", args=[a.pk]))


def paid_condolences(org, start, end):
    rows = (Condolence.objects.filter(org=org, visited_on__range=(start, end), amount__gt=0)
            .exclude(form=Condolence.Form.VISIT_ONLY).select_related("person").order_by("visited_on", "pk"))
    for c in rows:
        yield links.Proposal(
            key=f"care.condolence:{c.pk}", entry_date=c.visited_on, amount=c.amount, category=Category.ACTIVITIES,
            subcategory="会员活动（慰问）", summary=f"{c.get_occasion_display()}慰问：{c.person.name}",
            counterparty=c.person.name, url=reverse("care:condolence_detail", args=[c.pk]))


links.register(links.LedgerSource("care.assistance", "帮扶救助、送温暖发放", paid_assistance))
links.register(links.LedgerSource("care.condolence", "会员慰问", paid_condolences))
