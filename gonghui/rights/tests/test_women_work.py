"""女职工工作: the desk, special-contract checks, 安康互助保障 enrolments (women members only, once a year), the
维权行动月 activities; WOMEN_WORK only, 404 for another union's records, exports, the figures."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.reports import registry
from gonghui.rights.models import ContractCheck, Lecture, MutualAidEnrolment
from gonghui.rights.services import women as services

D = datetime.date


def women_contract(org, signed=D(2024, 3, 6)):
    from gonghui.democracy.models import ContractKind
    from gonghui.democracy.services.contracts import contract_create

    return contract_create(actor=None, org=org, kind=ContractKind.WOMEN, employer_name=f"{org.name}企业",
                           signed_on=signed, starts_on=signed, ends_on=signed.replace(year=signed.year + 3))


@pytest.fixture
def committee(tree, make_user):
    return make_user("women_a", Role.WOMEN, tree["company"])


def test_contract_checks_rules_pages_and_export(client, tree, committee, officer_a):
    contract = women_contract(tree["company"])
    with pytest.raises(ServiceError) as err:  # an officer is not the 女职工委员会
        services.contract_check_record(actor=officer_a, contract=contract, checked_on=D(2025, 5, 1), checkers="王",
                                       items="三期保护")
    assert err.value.code == "out_of_scope"
    with pytest.raises(ServiceError, match="发现问题时请写明"):
        services.contract_check_record(actor=committee, contract=contract, checked_on=D(2025, 5, 1), checkers="王",
                                       items="三期保护", state=ContractCheck.State.ISSUES)
    with pytest.raises(ServiceError, match="不能早于合同签订日期"):
        services.contract_check_record(actor=committee, contract=contract, checked_on=D(2024, 1, 1), checkers="王",
                                       items="三期保护")
    with pytest.raises(ServiceError, match="请填写检查内容"):
        services.contract_check_record(actor=committee, contract=contract, checked_on=D(2025, 5, 1), checkers="王",
                                       items="  ")
    from gonghui.democracy.models import ContractKind
    from gonghui.democracy.services.contracts import contract_create

    wage = contract_create(actor=None, org=tree["company"], kind=ContractKind.WAGE, employer_name="甲公司",
                           signed_on=D(2024, 1, 5), starts_on=D(2024, 1, 5), ends_on=D(2027, 1, 4))
    with pytest.raises(ServiceError, match="只能检查女职工"):
        services.contract_check_record(actor=committee, contract=wage, checked_on=D(2025, 5, 1), checkers="王",
                                       items="三期保护")
    client.force_login(committee)
    r = client.post(reverse("rights:women_check_add"), {
        "contract": contract.pk, "checked_on": "2025-05-10", "checkers": "女职工委员会王芳",
        "items": "三期保护、卫生费发放", "findings": "哺乳室未配冰箱", "state": "issues"})
    assert r.status_code == 302, r.content.decode()
    check = ContractCheck.objects.get()
    assert r["Location"] == check.get_absolute_url() and check.org == tree["company"]
    from gonghui.portal import desk as _desk

    todo = {t.key: t for t in _desk.todos(committee, tree["company"])}["rights.women_checks_open"]
    assert todo.count == 1 and todo.url.endswith("?state=issues")
    assert "rights.women_checks_open" not in {t.key for t in _desk.todos(officer_a, tree["company"])}
    page = client.get(check.get_absolute_url()).content.decode()
    assert "哺乳室未配冰箱" in page and "登记整改完成" in page
    # the form refuses a fix dated before the check, in Chinese
    r = client.post(reverse("rights:women_check_fixed", args=[check.pk]), {"fixed_on": "2025-05-01"})
    assert "整改完成日期不能早于检查日期" in r.content.decode()
    client.post(reverse("rights:women_check_fixed", args=[check.pk]), {"fixed_on": "2025-06-01", "note": "已配置"})
    check.refresh_from_db()
    assert check.state == ContractCheck.State.FIXED and check.fixed_on == D(2025, 6, 1)
    from gonghui.portal import desk

    assert "rights.women_checks_open" not in {t.key for t in desk.todos(committee, tree["company"])}
    assert "卫生费发放" in client.get(reverse("rights:women_check_list")).content.decode()
    r = client.get(reverse("rights:women_check_list") + "?export=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert "哺乳室未配冰箱" in [c.value for row in sheet.iter_rows() for c in row]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, note__startswith="导出女职工专项").exists()
    value = registry.get("rights.women.contract_checks").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31))
    assert value == 1
    # another union's 女职工委员会 and an officer get 404
    client.force_login(officer_a)
    assert client.get(check.get_absolute_url()).status_code == 404
    assert client.get(reverse("rights:women_desk")).status_code == 404
    other = pytest.importorskip("gonghui.accounts.models").User.objects.create_user(username="women_b")
    from gonghui.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=other, org=tree["school"], role=Role.WOMEN)
    client.force_login(other)
    assert client.get(check.get_absolute_url()).status_code == 404
    assert client.get(reverse("rights:women_check_fixed", args=[check.pk])).status_code == 404
    assert "卫生费发放" not in client.get(reverse("rights:women_check_list")).content.decode()


def test_mutual_aid_a_woman_member_once_a_year(client, tree, make_person, committee):
    her = make_person(tree["branch"], "孙女工", female=True)
    him = make_person(tree["branch"], "周男工")
    not_member = make_person(tree["branch"], "钱女士", female=True, member=False)
    with pytest.raises(ServiceError, match="只适用于女职工"):
        services.mutual_aid_enrol(actor=committee, person=him, year=2025, plan="安康互助", premium="30")
    with pytest.raises(ServiceError, match="在册会员"):
        services.mutual_aid_enrol(actor=committee, person=not_member, year=2025, plan="安康互助", premium="30")
    with pytest.raises(ServiceError, match="互助金"):
        services.mutual_aid_enrol(actor=committee, person=her, year=2025, plan="安康互助", premium="0")
    with pytest.raises(ServiceError, match="保障年度应在"):
        services.mutual_aid_enrol(actor=committee, person=her, year=1999, plan="安康互助", premium="30")
    e = services.mutual_aid_enrol(actor=committee, person=her, year=2025, plan="安康互助", premium="30")
    with pytest.raises(ServiceError, match="2025年已参加"):
        services.mutual_aid_enrol(actor=committee, person=her, year=2025, plan="另一计划", premium="30")
    services.mutual_aid_claim(actor=committee, enrolment=e, amount="5000")
    services.mutual_aid_enrol(actor=committee, person=her, year=2024, plan="安康互助", premium="30", claims="800")
    company, year = tree["company"], (D(2025, 1, 1), D(2025, 12, 31))
    assert registry.get("rights.women.mutual_aid").compute(company, *year) == 1
    assert registry.get("rights.women.mutual_aid_claims").compute(company, *year) == Decimal("5000.00")
    # the page: a man is refused with the service's message; the list and its export
    client.force_login(committee)
    r = client.post(reverse("rights:women_aid_add"), {"who": him.id_number, "year": 2026, "plan": "安康互助",
                                                      "premium": "30"})
    assert r.status_code == 200 and "只适用于女职工" in r.content.decode()
    assert not MutualAidEnrolment.objects.filter(person=him).exists()
    r = client.post(reverse("rights:women_aid_add"), {"who": her.id_number, "year": 2026, "plan": "安康互助",
                                                      "premium": "30"})
    assert r.status_code == 302 and MutualAidEnrolment.objects.filter(person=her).count() == 3
    assert "孙女工" in client.get(reverse("rights:women_aid_list") + "?year=2025").content.decode()
    r = client.get(reverse("rights:women_aid_list") + "?export=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.django_db(transaction=True)
def test_one_enrolment_a_year_is_a_database_rule(tree, make_person):
    from django.db import IntegrityError, transaction

    her = make_person(tree["branch"], "孙女工", female=True)
    MutualAidEnrolment.objects.create(org=her.org, person=her, year=2025, plan="安康互助", premium=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        MutualAidEnrolment.objects.create(org=her.org, person=her, year=2025, plan="另一计划", premium=30)


def test_desk_campaign_and_health_figures(client, tree, make_person, committee, officer_a):
    from gonghui.care.models import HealthCheck
    from gonghui.care.services.health import health_check_add_participants, health_check_create

    today = datetime.date.today()
    her = make_person(tree["branch"], "孙女工", female=True)
    make_person(tree["branch"], "李女工", female=True)
    make_person(tree["branch"], "周男工")
    check = health_check_create(actor=None, org=tree["company"], kind=HealthCheck.Kind.WOMEN,
                                checked_on=today.replace(month=1, day=1), title="女职工“两癌”筛查")
    health_check_add_participants(actor=None, check=check, people=[her])
    serving = health_check_create(actor=None, org=tree["company"], kind=HealthCheck.Kind.SERVING,
                                  checked_on=today.replace(month=1, day=1))
    health_check_add_participants(actor=None, check=serving, people=[her])
    services.mutual_aid_enrol(actor=committee, person=her, year=today.year, plan="安康互助", premium="30")
    with pytest.raises(ServiceError) as err:
        services.campaign_record(actor=officer_a, org=tree["company"], held_on=today, title="宣讲", attendance=20)
    assert err.value.code == "out_of_scope"
    client.force_login(committee)
    r = client.post(reverse("rights:women_campaign_add"), {"held_on": today.replace(month=1, day=1).isoformat(),
                                                           "title": "《女职工劳动保护特别规定》宣讲",
                                                           "attendance": "60"})
    assert r.status_code == 302
    assert Lecture.objects.get().kind == Lecture.Kind.WOMEN
    r = client.post(reverse("rights:women_campaign_add"), {"held_on": today.isoformat(), "title": "宣讲",
                                                           "attendance": "0"})
    assert r.status_code == 200 and Lecture.objects.count() == 1
    page = client.get(reverse("rights:women_desk")).content.decode()
    assert 'id="desk-women">2<' in page
    assert 'id="desk-health">1<' in page  # the women's check only, not the serving one
    assert 'id="desk-aid">1<' in page and 'id="desk-campaign">1<' in page
    assert "?kind=women" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()  # counts only, no reveal
    assert "女职工劳动保护特别规定" in client.get(reverse("rights:women_campaign_list")).content.decode()
    r = client.get(reverse("rights:women_campaign_list") + "?export=xlsx")
    assert r.status_code == 200
    value = registry.get("rights.women.health_checks").compute(tree["company"], D(today.year, 1, 1),
                                                               D(today.year, 12, 31))
    assert value == 1
    client.force_login(officer_a)
    for name in ("women_desk", "women_campaign_list", "women_aid_list", "women_check_list", "women_aid_add"):
        assert client.get(reverse(f"rights:{name}")).status_code == 404, name


def test_import_mutual_aid_list(tmp_path, tree, make_person, committee):
    from django.core.management import call_command
    from openpyxl import Workbook

    from gonghui.core import importing

    her = make_person(tree["branch"], "孙女工", female=True)
    other = make_person(tree["branch"], "李女工", female=True)
    him = make_person(tree["branch"], "周男工")
    services.mutual_aid_enrol(actor=committee, person=other, year=2025, plan="安康互助", premium="30")
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "会员编号", "身份证号", "保障年度", "保障计划", "互助金（元）", "已获给付（元）"])
    sheet.append(["孙女工", None, her.id_number, 2025, "女职工特殊疾病互助", 30, 5000])
    path = tmp_path / "安康互助.xlsx"
    book.save(path)
    assert importing.get("women_mutual_aid").title == "女职工安康互助保障名单导入"
    call_command("import", "women_mutual_aid", str(path), "--org", tree["company"].code, "--user",
                 committee.username, stdout=io.StringIO())
    e = MutualAidEnrolment.objects.get(person=her)
    assert e.year == 2025 and e.claims == Decimal("5000.00") and e.org == tree["branch"]
    assert AuditEntry.objects.filter(note__startswith="导入批次", action=AuditEntry.Action.CREATE).exists()
    # a man, a second entry of a year, a repeated row: each named, nothing written
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "保障年度", "保障计划", "互助金"])
    sheet.append(["周男工", him.id_number, 2025, "安康互助", 30])
    sheet.append(["李女工", other.id_number, 2025, "安康互助", 30])
    sheet.append(["孙女工", her.id_number, "2024年", "安康互助", 30])
    sheet.append(["孙女工", her.id_number, 2024, "安康互助", 30])
    book.save(path)
    out = io.StringIO()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import", "women_mutual_aid", str(path), "--org", tree["company"].code, "--user",
                     committee.username, stdout=out, stderr=out)
    text = out.getvalue()
    assert "只适用于女职工" in text and "2025年已参加" in text and "与第4行重复" in text, text
    assert MutualAidEnrolment.objects.count() == 2
