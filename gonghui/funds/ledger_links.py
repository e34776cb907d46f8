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
