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


def books_of(user, org) -> QuerySet[LedgerEntry]:
    """The ledger list: a union's own books (index funds_ledger_page), or, from a federation's staff office or a
    department, the books of the unions below it."""
    from gonghui.orgs.models import Organization

    if org is None:
        return entries(user).none()
    if org.kind in Organization.UNION_KINDS:
        return entries(user).filter(org=org)
    return entries(user, within=org)


def attachment_get(user, pk):
    from ..models import LedgerAttachment

    return get_object_or_404(LedgerAttachment.objects.filter(org_q(user, Perm.FUNDS_VIEW, "entry__org"))
                             .select_related("entry"), pk=pk)


# The union accounting system's account codes (《工会会计制度》 2021, 收入类 4xx, 支出类 5xx) and the cash account the
# other side of each entry goes to; accounting software maps them on import.
ACCOUNT_CODES = {
    Category.DUES: "401", Category.ALLOCATION: "402", Category.UPPER_GRANT: "403", Category.GOVERNMENT_GRANT: "404",
    Category.ADMIN_GRANT: "405", Category.INVESTMENT: "407", Category.OTHER_INCOME: "408",
    Category.ACTIVITIES: "501", Category.SERVICES: "502", Category.RIGHTS: "503", Category.BUSINESS: "504",
    Category.CAPITAL: "505", Category.GRANTS_DOWN: "506", Category.REMITTANCE: "509",
    Category.OTHER_EXPENSE: "508",
}
BANK = ("1002", "银行存款")
VOUCHER_COLUMNS = ["凭证日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额", "对方单位"]


def voucher_rows(queryset):
    """Two lines per booked entry (借 / 贷), the way accounting software imports vouchers: income debits the bank
    and credits its income account; spending debits its expense account and credits the bank. A reversal keeps
    its sides with negative amounts (红字冲销). Streams with iterator()."""
    labels = dict(Category.choices)
    qs = queryset.filter(status=LedgerEntry.Status.BOOKED).order_by("entry_date", "id")
    for e in qs.values_list("entry_date", "voucher_no", "summary", "category", "subcategory", "amount",
                            "counterparty").iterator(chunk_size=2000):
        day, voucher, summary, category, sub, amount, party = e
        account = (ACCOUNT_CODES[category], labels[category] + (f"-{sub}" if sub else ""))
        debit, credit = (BANK, account) if category in INCOME else (account, BANK)
        day = day.strftime("%Y-%m-%d")
        yield [day, voucher, summary, debit[0], debit[1], amount, None, party]
        yield [day, voucher, summary, credit[0], credit[1], None, amount, party]
