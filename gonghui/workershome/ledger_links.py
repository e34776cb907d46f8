"""The workers' home's purchases in the funds ledger (the link point gonghui/funds/links.py):
- an asset bought (source 购置) at its quantity × unit value: 资本性支出 when a unit is worth 1,000元 or more (the
  fixed-asset line of the union accounting system), else 职工服务支出 › 职工之家建设;
- the books bought for the reading room on one day, at their listed prices, as one entry (职工服务支出 › 职工书屋).
Donated and delivered items cost nothing and are not proposed."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse

from gonghui.funds import links
from gonghui.funds.models import Category

from .models import Asset, BookCopy, Source

FIXED_ASSET = Decimal("1000.00")


def asset_purchases(org, start, end):
    rows = Asset.objects.filter(org=org, source=Source.PURCHASE, acquired_on__range=(start, end), unit_value__gt=0)
    for asset in rows.order_by("acquired_on", "pk"):
        fixed = asset.unit_value >= FIXED_ASSET
        yield links.Proposal(
            key=f"workershome.asset:{asset.pk}", entry_date=asset.acquired_on, amount=asset.unit_value * asset.quantity,
            category=Category.CAPITAL if fixed else Category.SERVICES, subcategory="" if fixed else "职工之家建设",
            summary=f"购置{asset.name}{asset.quantity}{asset.unit}（资产编号{asset.code}）"[:200],
            url=reverse("workershome:asset_list"))


def book_purchases(org, start, end):
    days = (BookCopy.objects.filter(org=org, source=Source.PURCHASE, acquired_on__range=(start, end), price__gt=0)
            .values("acquired_on").annotate(total=Sum("price"), copies=Count("pk")).order_by("acquired_on"))
    for day in days:
        yield links.Proposal(
            key=f"workershome.books:{day['acquired_on']:%Y%m%d}", entry_date=day["acquired_on"], amount=day["total"],
            category=Category.SERVICES, subcategory="职工书屋", summary=f"职工书屋购置图书{day['copies']}册",
            url=reverse("workershome:book_list"))


links.register(links.LedgerSource("workershome.asset", "职工之家资产购置", asset_purchases))
links.register(links.LedgerSource("workershome.books", "职工书屋购书", book_purchases))
