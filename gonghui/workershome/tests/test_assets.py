"""The asset register and the yearly stock-take: found, missing and damaged recorded; approved by another officer,
the differences are written off (with their value); nothing is deleted."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.workershome.models import Asset, Source, StockTake
from gonghui.workershome.services import assets as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(home):
    officer = home["officer"]
    tv = services.asset_create(actor=officer, org=home["org"], name="液晶电视", kind=Asset.Kind.APPLIANCE, quantity=2,
                               unit="台", unit_value="3200.00", source=Source.PURCHASE, place="职工活动室",
                               acquired_on=datetime.date(2024, 3, 1))
    table = services.asset_create(actor=officer, org=home["org"], name="乒乓球桌", kind=Asset.Kind.SPORTS, quantity=3,
                                  unit="张", unit_value="1500", source=Source.DONATION, donor="公司行政",
                                  acquired_on=datetime.date(2024, 5, 1))
    return {"tv": tv, "table": table}


def test_register_checks(home, register):
    assert register["tv"].code == "Z000001" and register["table"].code == "Z000002"
    with pytest.raises(ServiceError, match="请填写捐赠人"):
        services.asset_create(actor=home["officer"], org=home["org"], name="书柜", kind=Asset.Kind.FURNITURE,
                              quantity=1, source=Source.DONATION)


def test_stocktake_writes_off_on_approval_by_another(home, register, make_user):
    officer = home["officer"]
    chair = make_user("home_chair", Role.CHAIR, home["org"])
    take = services.stocktake_open(actor=officer, org=home["org"], year=2025)
    with pytest.raises(ServiceError, match="已建立"):
        services.stocktake_open(actor=officer, org=home["org"], year=2025)
    lines = {l.asset.name: l for l in take.lines.select_related("asset")}
    with pytest.raises(ServiceError, match="还有2项资产未填写实有数量"):
        services.stocktake_submit(actor=officer, stocktake=take)
    with pytest.raises(ServiceError, match="多于账面"):
        services.line_record(actor=officer, line=lines["液晶电视"], found=3)
    services.line_record(actor=officer, line=lines["液晶电视"], found=2, damaged=1, note="屏幕损坏")
    services.line_record(actor=officer, line=lines["乒乓球桌"], found=2)
    services.stocktake_submit(actor=officer, stocktake=take)
    with pytest.raises(ServiceError, match="不能再修改"):
        services.line_record(actor=officer, line=lines["乒乓球桌"], found=3)
    with pytest.raises(ServiceError, match="不能审批自己的盘点"):
        services.stocktake_approve(actor=officer, stocktake=take)
    services.stocktake_approve(actor=chair, stocktake=take)
    tv, table = (Asset.objects.get(pk=register[k].pk) for k in ("tv", "table"))
    assert (tv.quantity, table.quantity) == (1, 2)
    line = take.lines.get(asset=tv)
    assert line.written_off == 1 and line.written_off_value == Decimal("3200.00")
    assert StockTake.objects.get().status == StockTake.Status.APPROVED
    with pytest.raises(ServiceError, match="已审批"):
        services.stocktake_approve(actor=chair, stocktake=take)


def test_asset_pages_and_labels(client, home, register, officer_b):
    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    page = client.get(reverse("workershome:asset_list")).content.decode()
    assert "液晶电视" in page and "Z000001" in page
    assert client.get(reverse("workershome:asset_list") + "?export=xlsx").status_code == 200
    labels = client.get(reverse("workershome:asset_labels")).content.decode()
    assert labels.count("<svg") == 2
    r = client.post(reverse("workershome:asset_add"), {"name": "书柜", "kind": "furniture", "quantity": 4,
                                                       "unit": "个", "unit_value": "800", "source": "purchase",
                                                       "acquired_on": "2025-01-05"})
    assert r.status_code == 302 and Asset.objects.filter(name="书柜").exists()
    r = client.post(reverse("workershome:stocktake", args=[2025]), {"action": "open"})
    assert r.status_code == 302
    take = StockTake.objects.get()
    data = {"action": "save"}
    for line in take.lines.all():
        data[f"found_{line.pk}"] = line.expected
        data[f"damaged_{line.pk}"] = 0
    assert client.post(reverse("workershome:stocktake", args=[2025]), data).status_code == 302
    assert not take.lines.filter(found__isnull=True).exists()
    client.force_login(officer_b)
    assert "液晶电视" not in client.get(reverse("workershome:asset_list")).content.decode()
