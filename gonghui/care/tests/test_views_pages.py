"""Care pages for officers: each renders, the happy paths work, bad input gets the service's Chinese message,
another union's ids answer 404."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import (
    Assistance,
    Condolence,
    HardshipCauseKind,
    HardshipFile,
    HardshipLevel,
    HealthCheck,
    LifeEventKind,
    Occasion,
)

D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def officer_client(client, officer_a):
    client.force_login(officer_a)
    return client


@pytest.fixture
def file_a(tree, member):
    return services.hardship_file_open(actor=None, person=member, level=HardshipLevel.ORDINARY,
                                       causes=[HardshipCauseKind.ILLNESS], opened_on=D(2024, 1, 10), household_size=3)


@pytest.fixture
def b_objects(tree, make_person):
    """Another union's (乙学校) records."""
    b = make_person(tree["school"], "乙校老师", birth=D(1979, TODAY.month, 1))
    file = services.hardship_file_open(actor=None, person=b, level=HardshipLevel.DEEP,
                                       causes=[HardshipCauseKind.DISABILITY], opened_on=D(2024, 1, 1))
    a = services.assistance_create(actor=None, person=b, kind=Assistance.Kind.DAILY, amount="300", reason="乙",
                                   submit=True)
    c = services.condolence_record(actor=None, person=b, occasion=Occasion.HOSPITAL, visited_on=D(2024, 2, 1),
                                   amount="500")
    h = services.health_check_create(actor=None, org=tree["school"], kind=HealthCheck.Kind.SERVING,
                                     checked_on=D(2024, 5, 1))
    return {"file": file, "assistance": a, "condolence": c, "health": h, "person": b}


def test_every_list_page_renders(officer_client, rule_set, file_a, member):
    for name in ("care:calendar", "care:hardship_list", "care:hardship_overdue", "care:hardship_add",
                 "care:assistance_list", "care:assistance_awaiting", "care:assistance_add", "care:condolence_list",
                 "care:condolence_add", "care:flagged_list", "care:not_visited", "care:birthdays", "care:health_list",
                 "care:health_add"):
        response = officer_client.get(reverse(name))
        assert response.status_code == 200, name
    assert "李困难" in officer_client.get(reverse("care:hardship_list")).content.decode()
    cal = officer_client.get(reverse("care:calendar") + "?month=2025-01").content.decode()
    assert "元旦" in cal and "春节" in cal  # 春节 2025 is on 29 January (lunar, computed)


def test_lists_export_xlsx(officer_client, file_a, member):
    services.assistance_create(actor=None, person=member, kind=Assistance.Kind.DAILY, amount="300",
                               reason="=HYPERLINK(\"x\")")
    for name in ("care:hardship_list", "care:assistance_list", "care:condolence_list", "care:health_list"):
        response = officer_client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        body = b"".join(response.streaming_content)
        assert body[:2] == b"PK"
    for url in (reverse("care:not_visited") + "?export=xlsx", reverse("care:birthdays") + "?export=xlsx"):
        assert officer_client.get(url).status_code == 200


def test_hardship_pages_need_sensitive_permission(client, tree, women_a, auditor_a, file_a):
    for user in (women_a, auditor_a):  # care roles without CARE_SENSITIVE
        client.force_login(user)
        assert client.get(reverse("care:hardship_list")).status_code == 404
        assert client.get(reverse("care:hardship_detail", args=[file_a.pk])).status_code == 404
        assert client.get(reverse("care:condolence_list")).status_code == 200


def test_open_review_change_level_close(officer_client, tree, member, other_member):
    response = officer_client.post(reverse("care:hardship_add"), {
        "person": other_member.pk, "level": "ordinary", "causes": ["illness", "schooling"],
        "opened_on": "2024-03-01", "household_size": "4", "income_per_head": "800.50"})
    file = HardshipFile.objects.get(person=other_member)
    assert response.status_code == 302 and response["Location"] == reverse("care:hardship_detail", args=[file.pk])
    detail = officer_client.get(response["Location"]).content.decode()
    assert "因病" in detail and "子女就学" in detail
    for tab in ("levels", "received", "history"):
        assert officer_client.get(response["Location"] + f"?tab={tab}").status_code == 200

    response = officer_client.post(reverse("care:hardship_review", args=[file.pk]), {
        "verified_on": "2024-06-01", "verified_by": "张干事", "level": "deep", "reason": "病情加重",
        "causes": ["illness"], "household_size": "4", "income_per_head": "600"})
    assert response.status_code == 302, response.content.decode()[:2000]
    file.refresh_from_db()
    assert file.level == "deep" and file.verified_by == "张干事" and file.review_due_on == D(2025, 6, 1)

    response = officer_client.post(reverse("care:hardship_level", args=[file.pk]),
                                   {"level": "ordinary", "effective_from": "2024-09-01", "reason": "已就业"})
    assert response.status_code == 302
    response = officer_client.post(reverse("care:hardship_close", args=[file.pk]),
                                   {"closed_on": "2024-12-01", "reason": "收入改善"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == HardshipFile.Status.CLOSED and file.level_changes.count() == 3
    # A closed file cannot be reviewed again: the page says so, a POST gets the service's message.
    assert "已脱困关闭" in officer_client.get(reverse("care:hardship_review", args=[file.pk])).content.decode()


def test_second_open_file_for_the_same_person_shows_the_service_error(officer_client, member, file_a):
    response = officer_client.post(reverse("care:hardship_add"), {
        "person": member.pk, "level": "ordinary", "causes": ["illness"], "opened_on": "2024-03-01",
        "household_size": "1"})
    assert response.status_code == 200 and "已有在档的困难职工档案" in response.content.decode()


def test_person_search_only_offers_people_in_scope(officer_client, member, b_objects):
    body = officer_client.get(reverse("care:person_search"), {"q": "李困难"}).content.decode()
    assert "李困难" in body
    assert 'type="radio"' not in officer_client.get(reverse("care:person_search"), {"q": "乙校老师"}).content.decode()
    assert officer_client.get(reverse("care:family_options"), {"person": b_objects["person"].pk}).content.decode().count(
        "<option") == 1


def test_officer_enters_assistance_it_is_approved_and_disbursed_once(client, tree, officer_a, chair_a, member):
    client.force_login(officer_a)
    response = client.post(reverse("care:assistance_add"), {
        "person": member.pk, "kind": "serious_illness", "form": "cash", "amount": "1200", "funding_source": "own",
        "applied_on": TODAY.isoformat(), "reason": "住院手术", "submit": "on"})
    a = Assistance.objects.get(person=member)
    assert response.status_code == 302 and a.status == Assistance.Status.SUBMITTED
    page = client.get(reverse("care:assistance_detail", args=[a.pk])).content.decode()
    assert "工会审批" in page and "decide-form" in page  # officer_a holds CARE_APPROVE and did not apply
    client.force_login(chair_a)
    assert a in list(__import__("gonghui.care.selectors", fromlist=["x"]).assistance_awaiting(chair_a))
    assert "李困难" in client.get(reverse("care:assistance_awaiting")).content.decode()
    response = client.post(reverse("care:assistance_decide", args=[a.pk]), {"decision": "approve", "comment": "同意"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Assistance.Status.APPROVED
    client.force_login(officer_a)
    url = reverse("care:assistance_disburse", args=[a.pk])
    data = {"disbursed_on": TODAY.isoformat(), "method": "cash", "funding_source": "own", "receipt_no": ""}
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    receipt = a.receipt_no
    assert a.status == Assistance.Status.DISBURSED and receipt
    # A second POST of the same form is harmless: same receipt, one payment.
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.receipt_no == receipt and Assistance.objects.filter(person=member).count() == 1
    voucher = client.get(reverse("care:assistance_voucher", args=[a.pk])).content.decode()
    assert "壹仟贰佰元整" in voucher and receipt in voucher


def test_assistance_form_shows_kind_dependent_errors(officer_client, member):
    response = officer_client.post(reverse("care:assistance_add"), {
        "person": member.pk, "kind": "education", "form": "cash", "amount": "1000", "funding_source": "own",
        "applied_on": TODAY.isoformat()})
    assert response.status_code == 200 and "助学请选择受助的子女" in response.content.decode()
    response = officer_client.post(reverse("care:assistance_add"), {
        "person": member.pk, "kind": "daily", "form": "goods", "goods": "大米,2,袋,100\n食用油,1,桶,80",
        "funding_source": "own", "applied_on": TODAY.isoformat()})
    assert response.status_code == 302
    a = Assistance.objects.get(person=member)
    assert str(a.amount) == "180.00" and a.goods[0]["name"] == "大米"


def test_approving_ones_own_application_is_refused(client, tree, chair_a):
    a = services.assistance_apply(actor=chair_a, kind=Assistance.Kind.DAILY, amount="500", reason="本人困难")
    client.force_login(chair_a)
    page = client.get(reverse("care:assistance_detail", args=[a.pk])).content.decode()
    assert "decide-form" not in page
    response = client.post(reverse("care:assistance_decide", args=[a.pk]), {"decision": "approve"}, follow=True)
    assert "不能审批本人的申请" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Assistance.Status.SUBMITTED and not a.decisions.exists()


def test_attachment_download_is_scoped(client, tree, settings, tmp_path, officer_a, officer_b, member_user):
    settings.MEDIA_ROOT = tmp_path
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="500", reason="困难")
    att = services.assistance_attach(actor=member_user, assistance=a, file=SimpleUploadedFile("证明.pdf", b"%PDF-1 x"))
    url = reverse("care:attachment_download", args=[att.pk])
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1 x"
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_condolence_form_proposes_standard_and_requires_reason_above_cap(officer_client, rule_set, member):
    response = officer_client.get(reverse("care:condolence_propose"),
                                  {"person": member.pk, "occasion": "hospital", "visited_on": TODAY.isoformat()})
    body = response.content.decode()
    assert 'data-standard="800.00"' in body and 'data-cap="1000.00"' in body and "区总工会2024年慰问标准" in body
    data = {"person": member.pk, "occasion": "hospital", "visited_on": TODAY.isoformat(), "form": "cash",
            "amount": "1500", "funding_source": "own"}
    response = officer_client.post(reverse("care:condolence_add"), data)
    assert response.status_code == 200
    assert "超过“区总工会2024年慰问标准”规定的上限1000.00元，请填写超标准的原因" in response.content.decode()
    assert not Condolence.objects.exists()
    response = officer_client.post(reverse("care:condolence_add"), {**data, "over_cap_reason": "病情严重，经集体研究"})
    assert response.status_code == 302
    c = Condolence.objects.get()
    assert c.over_cap
    assert officer_client.get(reverse("care:condolence_detail", args=[c.pk])).status_code == 200
    flagged = officer_client.get(reverse("care:flagged_list")).content.decode()
    assert "病情严重，经集体研究" in flagged
    listed = officer_client.get(reverse("care:condolence_list") + "?flagged=true").content.decode()
    assert "超单次上限" in listed


def test_not_visited_links_to_a_prefilled_visit(officer_client, tree, chair_a, member):
    services.must_visit_rule_save(actor=None, org=tree["fed"], event_kind=LifeEventKind.HOSPITALISED, window_days=7)
    event = services.life_event_report(actor=None, person=member, kind=LifeEventKind.HOSPITALISED,
                                       occurred_on=TODAY - datetime.timedelta(days=10))
    page = officer_client.get(reverse("care:not_visited")).content.decode()
    assert "李困难" in page and "已逾期" in page
    form = officer_client.get(reverse("care:condolence_add") + f"?life_event={event.pk}").content.decode()
    assert 'value="hospital" selected' in form and "李困难" in form
    response = officer_client.post(reverse("care:condolence_add"), {
        "person": member.pk, "occasion": "hospital", "visited_on": TODAY.isoformat(), "form": "visit_only",
        "funding_source": "own", "life_event": event.pk})
    assert response.status_code == 302
    assert Condolence.objects.get().life_event == event
    page = officer_client.get(reverse("care:not_visited")).content.decode()  # (the success message names her)
    assert "李困难" not in page[page.find('id="not-visited"'):]


def test_birthday_gifts_for_the_month_in_one_action(officer_client, tree, rule_set, make_person):
    month = TODAY.month
    make_person(tree["company"], "生日甲", birth=D(1980, month, 1))
    make_person(tree["branch"], "生日乙", birth=D(1985, month, 2), female=True)
    page = officer_client.get(reverse("care:birthdays")).content.decode()
    assert "生日甲" in page and "生日乙" in page
    data = {"month": month, "visited_on": TODAY.isoformat(), "form": "goods", "gift": "蛋糕券", "funding_source": "own"}
    response = officer_client.post(reverse("care:birthdays"), data, follow=True)
    assert "已登记" in response.content.decode()
    count = Condolence.objects.filter(occasion=Occasion.BIRTHDAY).count()
    assert count >= 2
    officer_client.post(reverse("care:birthdays"), data)
    assert Condolence.objects.filter(occasion=Occasion.BIRTHDAY).count() == count  # twice is harmless


def test_health_check_batch_and_participants(officer_client, tree, make_person):
    make_person(tree["company"], "女职工甲", female=True)
    make_person(tree["company"], "男职工乙")
    response = officer_client.post(reverse("care:health_add"), {
        "kind": "women", "title": "2024女职工专项体检", "checked_on": "2024-03-08", "funding_source": "own",
        "cost": "3000"})
    batch = HealthCheck.objects.get()
    assert response.status_code == 302 and batch.org == tree["fed"] or batch.org is not None
    response = officer_client.post(reverse("care:health_detail", args=[batch.pk]), {"source": "women"})
    assert response.status_code == 302
    names = set(batch.participant_rows.values_list("person__name", flat=True))
    assert "女职工甲" in names and "男职工乙" not in names
    person = batch.participant_rows.first().person_id
    officer_client.post(reverse("care:health_remove", args=[batch.pk]), {"person": [person]})
    assert not batch.participant_rows.filter(person_id=person).exists()
    assert officer_client.get(reverse("care:health_detail", args=[batch.pk])).status_code == 200


def test_another_unions_ids_answer_404_on_every_care_url(officer_client, b_objects, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    att = services.assistance_attach(actor=None, assistance=b_objects["assistance"],
                                     file=SimpleUploadedFile("乙.pdf", b"%PDF-1 x"))
    ids = {"hardship": b_objects["file"].pk, "assistance": b_objects["assistance"].pk,
           "condolence": b_objects["condolence"].pk, "health": b_objects["health"].pk}
    urls = [reverse(f"care:hardship_{n}", args=[ids["hardship"]]) for n in ("detail", "review", "level", "close")]
    urls += [reverse(f"care:assistance_{n}", args=[ids["assistance"]])
             for n in ("detail", "decide", "submit", "cancel", "disburse", "attach", "voucher")]
    urls += [reverse("care:condolence_detail", args=[ids["condolence"]]),
             reverse("care:health_detail", args=[ids["health"]]), reverse("care:health_remove", args=[ids["health"]]),
             reverse("care:attachment_download", args=[att.pk]), reverse("care:my_detail", args=[ids["assistance"]])]
    for url in urls:
        for method in (officer_client.get, officer_client.post):
            response = method(url)
            assert response.status_code in (404, 405), (url, method, response.status_code)
            assert "乙校老师" not in response.content.decode()
