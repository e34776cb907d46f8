"""Reads of dues: settings, wages, charges (应收), receipts and payments (实收), arrears, a member's own dues."""
from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import YearMonth

from ..models import DuesCharge, DuesExemption, DuesPayment, DuesPolicy, DuesReceipt, Wage


def _within(qs, within, field: str = "org"):
    return qs if within is None else qs.filter(**{f"{field}__path__startswith": within.path})


def charges(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[DuesCharge]:
    return _within(DuesCharge.objects.filter(org_q(user, perm)), within).select_related("person", "org")


def arrears(user, *, within=None, until: datetime.date | None = None) -> QuerySet[DuesCharge]:
    """Charges with an amount and no payment (欠缴), month by month."""
    qs = charges(user, within=within).filter(amount__gt=0).filter(~Exists(DuesPayment.objects.filter(
        charge=OuterRef("pk"))))
    return qs.filter(month__lte=until) if until else qs


def receipts(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[DuesReceipt]:
    return _within(DuesReceipt.objects.filter(org_q(user, perm)), within).select_related("org", "payer",
                                                                                            "collected_by")


def receipt_get(user, pk) -> DuesReceipt:
    return get_object_or_404(receipts(user), pk=pk)


def payments(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[DuesPayment]:
    return _within(DuesPayment.objects.filter(org_q(user, perm)), within).select_related("person", "receipt")


def policies(user, *, within=None) -> QuerySet[DuesPolicy]:
    return _within(DuesPolicy.objects.filter(org_q(user, Perm.FUNDS_VIEW)), within).select_related("org")


def exemptions(user, *, within=None) -> QuerySet[DuesExemption]:
    return _within(DuesExemption.objects.filter(org_q(user, Perm.FUNDS_VIEW)), within).select_related("person",
                                                                                                       "org")


def wages(user, *, within=None) -> QuerySet[Wage]:
    return _within(Wage.objects.filter(org_q(user, Perm.FUNDS_VIEW)), within).select_related("person")


def by_month(user, *, within, year: int) -> list[dict]:
    """Each month of the year: 应收, 实收 (for that month's dues), members charged, 收缴率 — two grouped queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    due = {r["m"]: r for r in charges(user, within=within).filter(month__range=(start, end)).order_by()
           .annotate(m=YearMonth("month")).values("m")
           .annotate(due=MoneySum("amount"), people=Count("pk", filter=Q(amount__gt=0)))}
    paid = {r["m"]: r["paid"] for r in payments(user, within=within).filter(month__range=(start, end)).order_by()
            .annotate(m=YearMonth("month")).values("m").annotate(paid=MoneySum("amount"))}
    rows = []
    for month in sorted(set(due) | set(paid)):
        d, p = due.get(month, {}).get("due"), paid.get(month)
        rows.append({"month": month, "due": d, "paid": p, "people": due.get(month, {}).get("people", 0),
                     "arrears": (d or 0) - (p or 0)})
    return rows


def my_dues(user) -> QuerySet[DuesCharge]:
    """The member's own months: what was due and, when paid, the payment and its receipt (newest first)."""
    person_id = getattr(user, "person_id", None) or 0
    return (DuesCharge.objects.filter(person_id=person_id).select_related("payment__receipt")
            .order_by("-month"))
