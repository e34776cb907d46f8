"""Reads of union funds: the union's months (base, due, arrived, remitted) and an upper union's view of what each
union in its subtree owes and has paid (经费拨缴率 = arrived ÷ due)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.care.aggregates import MoneySum
from gonghui.core.formatting import share_text
from gonghui.orgs.models import Organization

from ..models import AllocationArrival, AllocationBase, Remittance

ZERO = Decimal("0.00")


def _scoped(model, user, perm, within):
    qs = model.objects.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.select_related("org")


def bases(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[AllocationBase]:
    return _scoped(AllocationBase, user, perm, within)


def arrivals(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[AllocationArrival]:
    return _scoped(AllocationArrival, user, perm, within)


def remittances(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[Remittance]:
    return _scoped(Remittance, user, perm, within)


def arrival_get(user, pk) -> AllocationArrival:
    return get_object_or_404(arrivals(user), pk=pk)


def remittance_get(user, pk) -> Remittance:
    return get_object_or_404(remittances(user), pk=pk)


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def months(user, *, org: Organization, year: int) -> list[dict]:
    """The union's own twelve months: base, due, arrived, upward due, remitted (three queries)."""
    start, end = _year(year)
    rows = {b.month.month: {"base": b} for b in bases(user).filter(org=org, month__range=(start, end))}
    for name, qs in (("arrived", arrivals(user)), ("remitted", remittances(user))):
        for r in (qs.filter(org=org, month__range=(start, end)).values("month").annotate(t=MoneySum("amount"))
                  .order_by()):
            rows.setdefault(r["month"].month, {})[name] = r["t"]
    out = []
    for m in range(1, 13):
        row = rows.get(m)
        if not row:
            continue
        base = row.get("base")
        out.append({"month": datetime.date(year, m, 1), "base": base, "due": base.due if base else None,
                    "upward_due": base.upward_due if base else None, "arrived": row.get("arrived") or ZERO,
                    "remitted": row.get("remitted") or ZERO})
    return out


def subtree(user, *, org: Organization, year: int) -> list[dict]:
    """What each union in `org`'s subtree (org included) owes and has paid in the year: 应拨缴, 实拨缴, 经费拨缴率,
    应上解, 已上解 (three grouped queries and one for the unions)."""
    start, end = _year(year)
    perm = Perm.FUNDS_VIEW
    unions = list(Organization.objects.filter(org_q(user, perm, field=""), path__startswith=org.path,
                                              kind__in=Organization.UNION_KINDS).order_by("path"))
    totals: dict[int, dict] = {u.pk: {} for u in unions}
    queries = (
        ("due", bases(user, within=org), "due"), ("upward_due", bases(user, within=org), "upward_due"),
        ("arrived", arrivals(user, within=org), "amount"), ("remitted", remittances(user, within=org), "amount"),
    )
    for name, qs, field in queries:
        for r in qs.filter(month__range=(start, end)).values("org_id").annotate(t=MoneySum(field)).order_by():
            if r["org_id"] in totals:
                totals[r["org_id"]][name] = r["t"] or ZERO
    out = []
    for u in unions:
        t = totals[u.pk]
        if not t and u.pk != org.pk:
            out.append({"org": u, "recorded": False})
            continue
        due, arrived = t.get("due"), t.get("arrived") or ZERO
        out.append({"org": u, "recorded": True, "due": due, "arrived": arrived,
                    "owing": (due - arrived) if due is not None and due > arrived else ZERO,
                    "rate": share_text(arrived, due) if due else "—",
                    "upward_due": t.get("upward_due"), "remitted": t.get("remitted") or ZERO})
    return out
