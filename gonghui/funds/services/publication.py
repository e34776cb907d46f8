"""The year's statements drawn from the ledger and published to members as open-affairs items (厂务公开 / 财务收支
and 业务招待费) through gonghui.democracy.services.openaffairs.publish_from_source: one item per union, kind and
year (source "funds.ledger", source_ref "finance:2025" / "hospitality:2025"); publishing again returns it."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.care.aggregates import MoneySum
from gonghui.core.errors import ServiceError
from gonghui.core.money import capital_amount
from gonghui.orgs.models import Organization

from ..models import INCOME, Category, LedgerEntry
from ._common import require, text
from .ledger import HOSPITALITY

SOURCE = "funds.ledger"
KINDS = {"finance": "finance", "hospitality": "hospitality"}  # our kind -> OpenAffairsCategory value


def _booked(org, year):
    return LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.BOOKED, entry_date__year=year)


def finance_text(org: Organization, year: int) -> tuple[str, Decimal, Decimal] | None:
    """The 收支情况 in words, category by category (one query); None when nothing was booked in the year."""
    rows = {r["category"]: r["t"] for r in _booked(org, year).values("category").annotate(t=MoneySum("amount"))
            .order_by()}
    if not rows:
        return None
    labels = dict(Category.choices)
    income = [(c, rows[c]) for c in INCOME if rows.get(c)]
    expense = [(c, rows[c]) for c in Category.values if c not in INCOME and rows.get(c)]
    total_in = sum((v for _, v in income), Decimal("0.00"))
    total_out = sum((v for _, v in expense), Decimal("0.00"))
    lines = [f"{org.name}{year}年度工会经费收支情况如下（单位：元）：",
             f"一、收入合计{total_in}元。" + "；".join(f"{labels[c]}{v}元" for c, v in income) + ("。" if income else ""),
             f"二、支出合计{total_out}元。" + "；".join(f"{labels[c]}{v}元" for c, v in expense)
             + ("。" if expense else ""),
             f"三、收支结余{total_in - total_out}元。",
             "以上数据取自工会收支账已入账分录（冲销分录已抵减）。如有疑问，请向工会经费审查委员会反映。"]
    return "\n".join(lines), total_in, total_out


def hospitality_text(org: Organization, year: int) -> tuple[str, Decimal, int]:
    rows = list(_booked(org, year).filter(subcategory=HOSPITALITY).order_by("entry_date", "id")
                .values_list("entry_date", "summary", "amount")[:200])
    total = sum((r[2] for r in rows), Decimal("0.00"))
    if not rows:
        return f"{org.name}{year}年度未发生业务招待费。", total, 0
    lines = [f"{org.name}{year}年度业务招待费共{len(rows)}笔，合计{total}元（{capital_amount(total)}）。明细如下："]
    lines += [f"{d:%Y-%m-%d} {s} {a}元" for d, s, a in rows]
    return "\n".join(lines), total, len(rows)


@transaction.atomic
def statement_publish(*, actor, org: Organization, year: int, kind: str, approved_by: str,
                      published_on: datetime.date | None = None):
    """Publishes the year's 收支情况 (kind "finance") or 业务招待费 (kind "hospitality") of the union's books."""
    from gonghui.democracy.services.openaffairs import publish_from_source

    require(actor, Perm.FUNDS_EDIT, org)
    if kind not in KINDS:
        raise ServiceError("请选择公开内容。")
    if kind == "finance":
        drawn = finance_text(org, year)
        if drawn is None:
            raise ServiceError(f"{year}年度没有已入账的收支，无法公开收支情况。")
        content, title = drawn[0], f"{org.name}{year}年度工会经费收支情况"
    else:
        content, title = hospitality_text(org, year)[0], f"{org.name}{year}年度业务招待费情况"
    return publish_from_source(actor=actor, org=org, source=SOURCE, source_ref=f"{kind}:{year}", category=KINDS[kind],
                               title=title, content=content, approved_by=text(approved_by, 50),
                               published_on=published_on or localdate())
