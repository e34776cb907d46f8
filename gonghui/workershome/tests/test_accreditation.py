"""建家: standards as data with points, a self-assessment with evidence, applied → 验收 by the upper union → title."""
from __future__ import annotations

import pytest

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.workershome.models import Accreditation
from gonghui.workershome.services import accreditation as services

pytestmark = pytest.mark.django_db


def test_self_assessment_apply_inspect_award(home, tree, make_user):
    officer, org = home["officer"], home["org"]
    upper = make_user("fed_home", Role.OFFICER, tree["fed"])
    acc = services.accreditation_create(actor=officer, org=org, level="model", year=2025)
    items = list(acc.items.all())
    assert len(items) == 8 and sum(i.points for i in items) == 100
    with pytest.raises(ServiceError, match="已有模范职工之家申报"):
        services.accreditation_create(actor=officer, org=org, level="model", year=2025)
    with pytest.raises(ServiceError, match="自评得分应在0至15分之间"):
        services.item_score(actor=officer, item=items[0], score=16, evidence="换届选举文件")
    with pytest.raises(ServiceError, match="请说明佐证材料"):
        services.item_score(actor=officer, item=items[0], score=15)
    with pytest.raises(ServiceError, match="还有8项标准未自评"):
        services.accreditation_apply(actor=officer, accreditation=acc)
    for item in items:
        services.item_score(actor=officer, item=item, score=item.points - (5 if item.code == "funds" else 0),
                            evidence="照片与文件见建家档案盒")
    acc = services.accreditation_apply(actor=officer, accreditation=acc)
    assert acc.status == Accreditation.Status.APPLIED and services.self_total(acc) == 95
    with pytest.raises(ServiceError, match="本会不能验收自己的申报"):
        services.accreditation_inspect(actor=officer, accreditation=acc, score=95, passed=True)
    with pytest.raises(ServiceError, match="低于90分，不能通过"):
        services.accreditation_inspect(actor=upper, accreditation=acc, score=85, passed=True)
    acc = services.accreditation_inspect(actor=upper, accreditation=acc, score=93, passed=True, note="阵地建设突出")
    assert acc.status == Accreditation.Status.AWARDED and acc.title == "2025年度模范职工之家"


def test_below_the_pass_mark_cannot_apply_and_others_cannot_see(home, officer_b):
    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="advanced", year=2025)
    for item in acc.items.all():
        services.item_score(actor=home["officer"], item=item, score=item.points // 2, evidence="材料")
    with pytest.raises(ServiceError, match="未达到先进职工之家申报分数线80分"):
        services.accreditation_apply(actor=home["officer"], accreditation=acc)
    with pytest.raises(ServiceError) as exc:
        services.item_score(actor=officer_b, item=acc.items.first(), score=1, evidence="x")
    assert exc.value.code == "out_of_scope"


def test_pages_self_assess_apply_and_inspect(client, home, tree, make_user, officer_b):
    from django.urls import reverse

    upper = make_user("fed_home2", Role.OFFICER, tree["fed"])
    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    assert client.post(reverse("workershome:accreditation_list"), {"level": "small"}).status_code == 302
    acc = Accreditation.objects.get()
    url = reverse("workershome:accreditation_detail", args=[acc.pk])
    data = {"action": "save"}
    for item in acc.items.all():
        data[f"score_{item.pk}"], data[f"evidence_{item.pk}"] = item.points, "小组活动照片"
    client.post(url, data)
    client.post(url, {"action": "apply"})
    page = client.get(url).content.decode()
    assert "已申报" in page and 'id="self-total">100<' in page and 'id="inspection"' not in page
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(upper)
    client.post(url, {"action": "pass", "inspection_score": "95", "inspection_note": "好"})
    acc.refresh_from_db()
    assert acc.title == f"{acc.year}年度模范职工小家"
