"""Campaign pages (集中慰问): plan, select by criteria, adjust by hand, amounts, approve, signing sheet, deliver."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.care import services
from gonghui.care.models import Assistance, Campaign, CampaignRecipient
from gonghui.members.models import Person

D = datetime.date


@pytest.fixture
def officer(officer_a, rule_set):
    return officer_a


@pytest.fixture
def people(tree, make_person):
    """Three serving members of the company (two on high-temperature posts, one with a formula-like department) and
    an old retiree; a member of the school."""
    company = tree["company"]
    return {
        "hot1": make_person(company, "高炉工", post="高温炉前工", department="一车间"),
        "hot2": make_person(company, "锻造工", post="高温锻造", department="=HYPERLINK(\"x\")"),
        "clerk": make_person(company, "文员", post="文员", department="办公室"),
        "old": make_person(company, "老寿星", birth=D(1940, 2, 2), work_status=Person.WorkStatus.RETIRED,
                           department="退休人员"),
        "school": make_person(tree["school"], "乙校人", post="高温", department="后勤"),
    }


@pytest.fixture
def campaign(tree, officer):
    return services.campaign_create(actor=officer, org=tree["company"], kind=Campaign.Kind.SUMMER,
                                    title="2025年夏送清凉", planned_on=localdate(), budget="5000",
                                    default_amount="200")


def test_list_and_add_pages_render(client, officer, campaign):
    client.force_login(officer)
    response = client.get(reverse("care:campaign_list"))
    assert response.status_code == 200
    assert "2025年夏送清凉" in response.content.decode()
    response = client.get(reverse("care:campaign_add"))
    assert response.status_code == 200
    assert "元旦春节送温暖" in response.content.decode()


def test_create_campaign(client, officer, tree):
    client.force_login(officer)
    response = client.post(reverse("care:campaign_add"), {
        "org": tree["company"].pk, "kind": "spring", "title": "2025年元旦春节送温暖", "planned_on": str(localdate()),
        "festival_code": "chunjie", "budget": "10000", "default_amount": "500", "form": "cash",
        "funding_source": "own"})
    campaign = Campaign.objects.get(title="2025年元旦春节送温暖")
    assert response.status_code == 302
    assert response["Location"] == reverse("care:campaign_detail", kwargs={"pk": campaign.pk})
    assert campaign.default_amount == Decimal("500.00") and campaign.festival_code == "chunjie"
    page = client.get(response["Location"]).content.decode()
    assert "按条件选取" in page and "春节" in page


def test_create_refuses_bad_amount(client, officer, tree):
    client.force_login(officer)
    response = client.post(reverse("care:campaign_add"), {
        "org": tree["company"].pk, "kind": "spring", "title": "x", "planned_on": str(localdate()),
        "default_amount": "99999999", "form": "cash", "funding_source": "own"})
    assert response.status_code == 200
    assert not Campaign.objects.filter(title="x").exists()


def test_select_by_criteria_add_and_remove(client, officer, campaign, people):
    client.force_login(officer)
    url = reverse("care:campaign_select", kwargs={"pk": campaign.pk})
    response = client.post(url, {"post_contains": "高温"}, follow=True)
    names = set(campaign.recipients.values_list("person__name", flat=True))
    assert names == {"高炉工", "锻造工"}  # not the school's, not the clerk
    assert "新增2人" in response.content.decode()
    client.post(url, {"retirees_min_age": "80"})
    assert campaign.recipients.filter(person=people["old"]).exists()
    # Selecting again adds nobody twice.
    response = client.post(url, {"post_contains": "高温"}, follow=True)
    assert campaign.recipients.count() == 3
    assert "新增0人" in response.content.decode()
    # By hand: search, add, then remove.
    search = client.get(reverse("care:campaign_person_search", kwargs={"pk": campaign.pk}), {"q": "文员"})
    assert "文员" in search.content.decode()
    assert "乙校人" not in client.get(reverse("care:campaign_person_search", kwargs={"pk": campaign.pk}),
                                      {"q": "乙校"}).content.decode()
    edit = reverse("care:campaign_recipients_edit", kwargs={"pk": campaign.pk})
    client.post(edit, {"action": "add", "person": people["clerk"].pk, "amount": "150"})
    row = campaign.recipients.get(person=people["clerk"])
    assert row.amount == Decimal("150.00") and row.source == CampaignRecipient.Source.MANUAL
    # Someone of another union cannot be added by id.
    response = client.post(edit, {"action": "add", "person": people["school"].pk}, follow=True)
    assert not campaign.recipients.filter(person=people["school"]).exists()
    assert "未找到该人员" in response.content.decode()
    old_row = campaign.recipients.get(person=people["old"])
    client.post(edit, {"action": "remove", "pk": [row.pk, old_row.pk]})
    assert set(campaign.recipients.values_list("person__name", flat=True)) == {"高炉工", "锻造工"}


def test_children_entering_university(client, officer, campaign, people, tree):
    from gonghui.members import services as member_services

    child = member_services.family_member_add(person=people["clerk"], relation="child", name="文小",
                                              birth_date=D(2007, 3, 1))
    services.schooling_record(actor=None, family_member=child, school_year=localdate().year, stage="university",
                              school="南京大学", grade="大一", is_new_entrant=True)
    client.force_login(officer)
    client.post(reverse("care:campaign_select", kwargs={"pk": campaign.pk}), {"children_entering_university": "on"})
    row = campaign.recipients.get()
    assert row.person == people["clerk"] and row.family_member == child


def test_amounts_approve_sheet_and_deliver_twice(client, officer, campaign, people):
    client.force_login(officer)
    client.post(reverse("care:campaign_select", kwargs={"pk": campaign.pk}), {"post_contains": "高温"})
    edit = reverse("care:campaign_recipients_edit", kwargs={"pk": campaign.pk})
    client.post(edit, {"action": "amount_all", "amount": "300", "goods_name": "绿豆", "goods_quantity": "2",
                       "goods_unit": "袋", "goods_value": "300"})
    assert set(campaign.recipients.values_list("amount", flat=True)) == {Decimal("300.00")}
    one = campaign.recipients.get(person=people["hot1"])
    client.post(edit, {"action": "amount_selected", "amount": "250", "pk": [one.pk]})
    one.refresh_from_db()
    assert one.amount == Decimal("250.00")
    detail = client.get(reverse("care:campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    assert "550.00" in detail  # total against the budget
    assert "0 / 2" in detail or "0<span" in detail

    response = client.post(reverse("care:campaign_approve", kwargs={"pk": campaign.pk}), follow=True)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED, response.content.decode()

    # The signing sheet: Chinese headers, masked ID numbers, formula-like text neutralised.
    response = client.get(reverse("care:campaign_sheet", kwargs={"pk": campaign.pk}), {"format": "xlsx"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[1])
    assert headers[:5] == ["序号", "单位", "部门", "姓名", "身份证号"]
    assert "金额(元)" in headers and "签收" in headers
    body = rows[2:]
    assert len(body) == 2
    ids = {r[3]: r[4] for r in body}
    assert ids["高炉工"] == people["hot1"].id_number[:6] + "********" + people["hot1"].id_number[-4:]
    assert people["hot1"].id_number not in str(rows)
    departments = {r[3]: r[2] for r in body}
    assert departments["锻造工"] == "'=HYPERLINK(\"x\")"
    assert sheet.cell(row=3, column=1).data_type != "f" and all(c.data_type != "f" for row in sheet.iter_rows()
                                                                for c in row)
    # The print version too.
    page = client.get(reverse("care:campaign_sheet", kwargs={"pk": campaign.pk})).content.decode()
    assert "签收表" in page and people["hot1"].id_number not in page and "伍佰伍拾元整" in page

    deliver = reverse("care:campaign_deliver", kwargs={"pk": campaign.pk})
    today = str(localdate())
    response = client.post(deliver, {"delivered_on": today, "signed": "on", "scope": "all"}, follow=True)
    assert "已登记发放2人" in response.content.decode()
    assert Assistance.objects.filter(campaign_recipient__campaign=campaign).count() == 2
    response = client.post(deliver, {"delivered_on": today, "signed": "on", "scope": "all"}, follow=True)
    assert "不会重复发放" in response.content.decode()
    assert Assistance.objects.filter(campaign_recipient__campaign=campaign).count() == 2
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DELIVERING
    detail = client.get(reverse("care:campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    assert "覆盖 100.0%" in detail
    client.post(reverse("care:campaign_close", kwargs={"pk": campaign.pk}))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_deliver_selected_only(client, officer, campaign, people):
    services.campaign_select(actor=officer, campaign=campaign, criteria=services.Criteria(post_contains="高温"))
    services.campaign_approve(actor=officer, campaign=campaign)
    client.force_login(officer)
    one = campaign.recipients.get(person=people["hot1"])
    deliver = reverse("care:campaign_deliver", kwargs={"pk": campaign.pk})
    client.post(deliver, {"delivered_on": str(localdate()), "scope": "selected", "pk": [one.pk]})
    client.post(deliver, {"delivered_on": str(localdate()), "scope": "selected", "pk": [one.pk]})
    assert list(campaign.recipients.filter(status="delivered").values_list("pk", flat=True)) == [one.pk]
    assert Assistance.objects.filter(campaign_recipient=one).count() == 1


def test_approve_refused_over_budget_shows_message(client, officer, campaign, people):
    services.campaign_select(actor=officer, campaign=campaign, criteria=services.Criteria(post_contains="高温"),
                             amount="900")
    services.campaign_update(actor=officer, campaign=campaign, budget="1000")
    client.force_login(officer)
    response = client.post(reverse("care:campaign_approve", kwargs={"pk": campaign.pk}), follow=True)
    assert "超出预算" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_another_unions_campaign_is_404(client, officer_b, campaign, people, tree):
    client.force_login(officer_b)
    pk = campaign.pk
    for name in ("campaign_detail", "campaign_sheet", "campaign_person_search"):
        assert client.get(reverse(f"care:{name}", kwargs={"pk": pk})).status_code == 404
    assert client.get(reverse("care:campaign_sheet", kwargs={"pk": pk}), {"format": "xlsx"}).status_code == 404
    for name, data in (("campaign_select", {"post_contains": "高温"}), ("campaign_approve", {}),
                       ("campaign_deliver", {"delivered_on": str(localdate()), "scope": "all"}),
                       ("campaign_close", {}), ("campaign_recipients_edit", {"action": "remove", "pk": [1]})):
        assert client.post(reverse(f"care:{name}", kwargs={"pk": pk}), data).status_code == 404
    assert not campaign.recipients.exists()
    assert "2025年夏送清凉" not in client.get(reverse("care:campaign_list")).content.decode()


def test_viewer_without_edit_cannot_change(client, auditor_a, campaign, people):
    client.force_login(auditor_a)
    assert client.get(reverse("care:campaign_detail", kwargs={"pk": campaign.pk})).status_code == 200
    response = client.post(reverse("care:campaign_select", kwargs={"pk": campaign.pk}), {"post_contains": "高温"})
    assert response.status_code == 404
    assert not campaign.recipients.exists()
