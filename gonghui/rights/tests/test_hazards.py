"""Hazards (劳动保护监督): report from the phone (photo checked, double click once), forward, fix or plan by the
department it was forwarded to only, the reporter's messages and pages, figures, scope."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError
from gonghui.portal.models import Message
from gonghui.reports import registry
from gonghui.rights.models import Hazard, HazardKind, HazardState
from gonghui.rights.services import hazards as services

from .conftest import png_bytes

D = datetime.date


def report(member, photo=None, **kw):
    kw.setdefault("kind", HazardKind.EQUIPMENT)
    kw.setdefault("location", "二车间3号冲压机")
    kw.setdefault("description", "防护罩松动")
    return services.hazard_report(actor=member, photo=photo, **kw)


def test_member_reports_with_photo_and_a_double_click_posts_once(member, photo, tree):
    h = report(member, photo, token="tok-1")
    again = report(member, SimpleUploadedFile("隐患.png", png_bytes()), token="tok-1")
    assert again.pk == h.pk and Hazard.objects.count() == 1
    assert h.org == tree["branch"] and h.reporter_name == "李工" and h.state == HazardState.REPORTED
    assert h.photos.count() == 1 and h.photos.get().name == "隐患.png"


def test_photo_must_be_a_real_image_within_10mb(member):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8 not really a jpeg at all", content_type="image/jpeg")
    with pytest.raises(ServiceError, match="不是有效的图片"):
        report(member, fake)
    exe = SimpleUploadedFile("photo.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ServiceError, match="JPG、PNG"):
        report(member, exe)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (40 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ServiceError, match="照片太大"):
        report(member, big)
    assert Hazard.objects.count() == 0  # nothing half-written


def test_forward_then_only_that_department_fixes(member, department, officer_a, tree, make_user):
    from gonghui.democracy.services.proposals import department_save
    from gonghui.accounts.roles import Role

    h = report(member)
    services.hazard_forward(actor=officer_a, hazard=h, department=department, note="请尽快处理")
    h.refresh_from_db()
    assert h.state == HazardState.FORWARDED and h.forwarded_on == localdate()
    other_contact = make_user("dept_hr", Role.DEPARTMENT, tree["company"])
    department_save(actor=None, org=tree["company"], name="人力资源部", contacts=[other_contact])
    with pytest.raises(ServiceError) as err:
        services.hazard_fix(actor=other_contact, hazard=h, note="已修好")
    assert err.value.code == "out_of_scope"
    with pytest.raises(ServiceError):  # the union's officer is not the department
        services.hazard_fix(actor=officer_a, hazard=h, note="已修好")
    services.hazard_fix(actor=department.contact, hazard=h, note="更换防护罩")
    h.refresh_from_db()
    assert h.state == HazardState.FIXED and h.fix_note == "更换防护罩"
    titles = list(Message.objects.filter(recipient=member).values_list("title", flat=True))
    assert "您报告的隐患已转安全环保部办理" in titles and "您报告的隐患已整改" in titles
    assert Message.objects.filter(recipient=department.contact, kind="rights.hazard_forwarded").count() == 1


def test_plan_with_deadline_then_overdue_todo(member, department, officer_a):
    from gonghui.rights.selectors import hazards as selectors

    h = report(member, reported_on=localdate() - datetime.timedelta(days=20))
    services.hazard_forward(actor=officer_a, hazard=h, department=department,
                            forwarded_on=localdate() - datetime.timedelta(days=19))
    with pytest.raises(ServiceError, match="计划完成日期"):
        services.hazard_plan(actor=department.contact, hazard=h, plan="采购新设备", due_on=D(2001, 1, 1),
                             planned_on=localdate() - datetime.timedelta(days=18))
    services.hazard_plan(actor=department.contact, hazard=h, plan="采购新设备", due_on=localdate() -
                         datetime.timedelta(days=1), planned_on=localdate() - datetime.timedelta(days=18))
    h.refresh_from_db()
    assert h.state == HazardState.PLANNED
    assert list(selectors.overdue(officer_a)) == [h]


def test_unfounded_and_no_fix_after(member, officer_a, department):
    h = report(member)
    services.hazard_unfounded(actor=officer_a, hazard=h, note="现场核实，防护罩完好")
    with pytest.raises(ServiceError, match="不属实"):
        services.hazard_forward(actor=officer_a, hazard=h, department=department)


def test_another_union_cannot_forward(member, officer_b, department):
    h = report(member)
    with pytest.raises(ServiceError) as err:
        services.hazard_forward(actor=officer_b, hazard=h, department=department)
    assert err.value.code == "out_of_scope"


def test_figures_read_the_state_on_the_periods_last_day(member, department, officer_a, tree):
    today = localdate()
    start = today.replace(month=1, day=1)
    days_in = (today - start).days
    if days_in < 6:
        pytest.skip("too early in the year for dated steps")
    base = start + datetime.timedelta(days=1)
    hs = [report(member, reported_on=base, location=f"点{i}") for i in range(5)]
    for h in hs[:4]:
        services.hazard_forward(actor=officer_a, hazard=h, department=department, forwarded_on=base)
    services.hazard_fix(actor=department.contact, hazard=hs[0], note="修好", fixed_on=base)
    services.hazard_fix(actor=department.contact, hazard=hs[1], note="修好", fixed_on=today)
    services.hazard_plan(actor=department.contact, hazard=hs[2], plan="计划", due_on=today, planned_on=base)
    services.hazard_unfounded(actor=officer_a, hazard=hs[4], note="不属实", on=base)
    codes = ["rights.hazards.received", "rights.hazards.fixed", "rights.hazards.in_progress",
             "rights.hazards.unfounded", "rights.hazards.rate"]
    from gonghui.core.metrics import compute_many

    values = compute_many([registry.get(c) for c in codes], tree["company"], start, today)
    assert values["rights.hazards.received"] == 5 and values["rights.hazards.fixed"] == 2
    assert values["rights.hazards.in_progress"] == 2 and values["rights.hazards.unfounded"] == 1
    assert str(values["rights.hazards.rate"].percent) == "50.0"
    # on a day before the second fix: one fixed
    day_before = today - datetime.timedelta(days=1)
    early = compute_many([registry.get("rights.hazards.fixed")], tree["company"], start, day_before)
    assert early["rights.hazards.fixed"] == 1
    by_kind = registry.get("rights.hazards.received").breakdown(tree["company"], start, today, "kind")
    assert [(label, value) for _, label, value in by_kind] == [("设备设施", 5)]


# --- pages ------------------------------------------------------------------------------------------------------------

def test_member_reports_on_the_phone_page_and_follows_it(client, member, photo):
    client.force_login(member)
    page = client.get(reverse("rights:my_hazard_report"))
    assert page.status_code == 200 and 'capture="environment"' in page.content.decode()
    token = page.context["form"].initial["token"]
    data = {"kind": "fire", "location": "仓库东门", "description": "灭火器过期", "token": token, "photo": photo}
    response = client.post(reverse("rights:my_hazard_report"), data)
    assert response.status_code == 302
    photo.seek(0)
    client.post(reverse("rights:my_hazard_report"), {**data, "photo": photo})  # the double click
    assert Hazard.objects.count() == 1
    h = Hazard.objects.get()
    detail = client.get(reverse("rights:my_hazard", args=[h.pk]))
    assert "已上报" in detail.content.decode() and "仓库东门" in detail.content.decode()
    assert client.get(reverse("rights:hazard_photo", args=[h.photos.get().pk])).status_code == 200
    home = client.get(reverse("portal:member_home")).content.decode()
    assert "我报告的隐患" in home and "共1条" in home
    assert "报告隐患" in client.get(reverse("portal:member_services")).content.decode()


def test_a_bad_photo_gets_a_chinese_message_on_the_page(client, member):
    client.force_login(member)
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("rights:my_hazard_report"),
                           {"kind": "fire", "location": "仓库", "description": "x", "token": "t", "photo": bad})
    assert response.status_code == 200 and "不是有效的图片" in response.content.decode()


def test_officer_forwards_and_department_fixes_through_pages(client, member, department, officer_a):
    h = report(member)
    client.force_login(officer_a)
    listing = client.get(reverse("rights:hazard_list")).content.decode()
    assert "二车间3号冲压机" in listing
    assert client.get(reverse("rights:hazard_detail", args=[h.pk])).status_code == 200
    r = client.post(reverse("rights:hazard_forward", args=[h.pk]), {"department": department.pk, "note": ""})
    assert r.status_code == 302
    export = client.get(reverse("rights:hazard_list") + "?export=xlsx")
    assert export.status_code == 200
    client.force_login(department.contact)
    inbox = client.get(reverse("rights:department_hazards")).content.decode()
    assert "二车间3号冲压机" in inbox
    r = client.post(reverse("rights:hazard_fix", args=[h.pk]), {"fixed_on": localdate().isoformat(),
                                                               "note": "已加固"})
    assert r.status_code == 302
    h.refresh_from_db()
    assert h.state == HazardState.FIXED
    client.force_login(member)
    assert "已整改" in client.get(reverse("rights:my_hazard", args=[h.pk])).content.decode()


def test_other_people_get_404(client, member, officer_b, department, make_person, make_user, tree):
    from gonghui.accounts.roles import Role

    h = report(member)
    client.force_login(officer_b)
    assert client.get(reverse("rights:hazard_detail", args=[h.pk])).status_code == 404
    assert client.get(reverse("rights:hazard_forward", args=[h.pk])).status_code == 404
    other = make_user("member_wang", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "王五"))
    client.force_login(other)
    assert client.get(reverse("rights:my_hazard", args=[h.pk])).status_code == 404
    client.force_login(department.contact)  # not forwarded to them yet
    assert client.get(reverse("rights:department_hazard", args=[h.pk])).status_code == 404
    assert client.get(reverse("rights:hazard_fix", args=[h.pk])).status_code == 404


def test_desk_todo_counts_reports_to_forward(client, member, officer_a):
    report(member)
    client.force_login(officer_a)
    assert "隐患待转办" in client.get("/").content.decode()
