"""Purchases of the workers' home reach the funds ledger as proposed entries: an asset at quantity × unit value
(资本性支出 from 1,000元 a unit), the books bought on one day as one entry; donations cost nothing."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.roles import Role
from gonghui.funds.models import Category, LedgerEntry
from gonghui.funds.services import ledger
from gonghui.workershome.models import Asset, Book, BookCopy, Source
from gonghui.workershome.services import assets

D = datetime.date


def test_assets_and_books_bought_are_proposed(tree, make_user):
    officer = make_user("home_ledger", Role.OFFICER, tree["company"])
    company = tree["company"]
    day = D(2025, 4, 8)
    assets.asset_create(actor=officer, org=company, name="跑步机", kind=Asset.Kind.values[0], quantity=2,
                        unit="台", unit_value="3200", acquired_on=day)
    assets.asset_create(actor=officer, org=company, name="羽毛球拍", kind=Asset.Kind.values[0], quantity=10,
                        unit="副", unit_value="85.50", acquired_on=day)
    assets.asset_create(actor=officer, org=company, name="象棋", kind=Asset.Kind.values[0], quantity=5, unit="副",
                        unit_value="40", source=Source.DONATION, donor="某公司", acquired_on=day)
    book = Book.objects.create(org=company, title="平凡的世界", isbn="9787530216781", category="I")
    for n, source in enumerate([Source.PURCHASE, Source.PURCHASE, Source.DONATION], start=1):
        BookCopy.objects.create(book=book, org=company, barcode=f"B{n:06d}", source=source, acquired_on=day,
                                price=Decimal("39.80"))
    result = ledger.ledger_propose(actor=officer, org=company, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert result.by_source == {"workershome.asset": 2, "workershome.books": 1}
    entries = {e.summary: e for e in LedgerEntry.objects.filter(org=company)}
    treadmill = next(e for s, e in entries.items() if "跑步机" in s)
    rackets = next(e for s, e in entries.items() if "羽毛球拍" in s)
    books = next(e for s, e in entries.items() if "图书" in s)
    assert (treadmill.amount, treadmill.category) == (Decimal("6400.00"), Category.CAPITAL)
    assert (rackets.amount, rackets.category) == (Decimal("855.00"), Category.SERVICES)
    assert (books.amount, books.summary) == (Decimal("79.60"), "职工书屋购置图书2册")
    assert not any("象棋" in s for s in entries)
    assert ledger.ledger_propose(actor=officer, org=company, start=D(2025, 1, 1), end=D(2025, 12, 31)).created == 0
