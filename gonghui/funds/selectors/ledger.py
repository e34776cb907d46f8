"""Reads of the ledger: entries in scope, proposals waiting, balances by category and month."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.care.aggregates import MoneySum

from ..models import INCOME, Category, LedgerEntry


def entries(user, perm: str = Perm.FUNDS_VIEW, *, within=None) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.select_related("org")


def entry_get(user, pk, perm: str = Perm.FUNDS_VIEW) -> LedgerEntry:
    return get_object_or_404(entries(user, perm), pk=pk)


def proposed(user, *, within=None) -> QuerySet[LedgerEntry]:
    """Entries drawn from other areas and waiting for the treasurer (待入账)."""
    return entries(user, Perm.FUNDS_EDIT, within=within).filter(status=LedgerEntry.Status.PROPOSED)


def booked(user, *, org, start: datetime.date, end: datetime.date) -> QuerySet[LedgerEntry]:
    """The union's own books (not its subtree: each union keeps its own) in [start, end]."""
    return entries(user).filter(org=org, status=LedgerEntry.Status.BOOKED, entry_date__range=(start, end))


def balances(user, *, org, year: int) -> dict:
    """{category: {month 1–12: amount}} of booked entries in the year, one query; reversals net out.
    With totals by category, total income, total expenditure and the balance (收支结余)."""
    rows = (booked(user, org=org, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
            .annotate(m=ExtractMonth("entry_date")).values("category", "m").annotate(total=MoneySum("amount"))
            .order_by())
    table: dict[str, dict[int, Decimal]] = {c: {} for c in Category.values}
    for row in rows:
        table[row["category"]][row["m"]] = row["total"] or Decimal("0.00")
    totals = {c: sum(months.values(), Decimal("0.00")) for c, months in table.items()}
    income = sum((totals[c] for c in INCOME), Decimal("0.00"))
    expense = sum((v for c, v in totals.items() if c not in INCOME), Decimal("0.00"))
    return {"months": table, "totals": totals, "income": income, "expense": expense, "balance": income - expense}
