"""Dues collected (会费收据) as proposed ledger income (会费收入), one entry per receipt."""
from __future__ import annotations

from django.urls import reverse

from . import links
from .models import Category, DuesReceipt


def dues_receipts(org, start, end):
    rows = DuesReceipt.objects.filter(org=org, paid_on__range=(start, end), total__gt=0).select_related("payer")
    for r in rows.order_by("paid_on", "pk"):
        who = r.payer.name if r.payer_id else "工资代扣"
        yield links.Proposal(
            key=f"funds.dues:{r.pk}", entry_date=r.paid_on, amount=r.total, category=Category.DUES,
            summary=f"收会费（收据{r.receipt_no}，{r.get_method_display()}）", counterparty=who,
            url=reverse("funds:receipt_detail", args=[r.pk]))


links.register(links.LedgerSource("funds.dues", "会费收缴", dues_receipts))


def remitted_in(org, start, end):
    """上解 received: what the unions below sent up to `org` (their booked 上缴上级支出) is `org`'s 拨缴经费收入,
    proposed to its treasurer once per remittance."""
    from .models import Remittance

    rows = Remittance.objects.filter(to_org=org, remitted_on__range=(start, end)).select_related("org")
    for r in rows.order_by("remitted_on", "pk"):
        yield links.Proposal(
            key=f"funds.remitted_in:{r.pk}", entry_date=r.remitted_on, amount=r.amount, category=Category.ALLOCATION,
            subcategory="下级工会上解经费", summary=f"收{r.org.name}上解{r.month:%Y年%-m月}工会经费",
            counterparty=r.org.name, url=reverse("funds:allocation"))


links.register(links.LedgerSource("funds.remitted_in", "下级工会上解经费", remitted_in))
