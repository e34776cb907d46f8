"""Collective contract pages, 签订率, the member's reading pages, the desk's to-dos and `gonghui remind`."""
from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localdate
from openpyxl import load_workbook

from gonghui.accounts.roles import Role
from gonghui.democracy.models import CollectiveContract, ContractKind
from gonghui.democracy.selectors import contracts as selectors
from gonghui.democracy.services import contracts as services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization
from gonghui.portal import desk
from gonghui.portal.models import Message

D = datetime.date
TODAY = localdate()


def in_force(org, kind=ContractKind.COMPREHENSIVE, *, ends_in=400, signed_ago=600, title=""):
    """A contract in force today (submitted long enough ago), ending `ends_in` days from today."""
    signed = TODAY - datetime.timedelta(days=signed_ago)
    c = services.contract_create(actor=None, org=org, kind=kind, employer_name=f"{org.name}单位", title=title,
                                 signed_on=signed, starts_on=signed, ends_on=TODAY + datetime.timedelta(days=ends_in),
                                 content="第一条 工资\n\n第二条 工时")
    return services.contract_submit(actor=None, contract=c, submitted_on=signed + datetime.timedelta(days=3),
                                    bureau="区人社局")


@pytest.fixture
def officer(tree, make_user):
    return make_user("contracts_officer", Role.OFFICER, tree["company"])


def test_list_detail_and_export(client, tree, officer):
    c = in_force(tree["company"], ends_in=60)
    services.check_record(actor=None, contract=c, checked_on=TODAY - datetime.timedelta(days=30), findings="按时发放")
    for i in range(3):
        in_force(tree["company"], ContractKind.WAGE if i == 0 else ContractKind.OTHER, title=f"专项{i}",
                 signed_ago=2000 if i == 2 else 600, ends_in=-1000 if i == 2 else 400)
    client.force_login(officer)
    client.get(reverse("democracy:contracts_list"))  # the session's first write (accounts/sessions.py) is not the page's
    with CaptureQueriesContext(connection) as few:
        r = client.get(reverse("democracy:contracts_list"))
    assert r.status_code == 200 and c.title in r.content.decode()
    assert "日后到期" in r.content.decode()
    in_force(tree["school"], ContractKind.WOMEN)  # another union: not on the company officer's list
    services.contract_create(actor=None, org=tree["company"], kind=ContractKind.SAFETY, employer_name="甲公司")
    with CaptureQueriesContext(connection) as more:
        r = client.get(reverse("democracy:contracts_list"))
    assert len(few) == len(more)  # no query per row
    assert "乙学校工会单位" not in r.content.decode()
    r = client.get(reverse("democracy:contracts_list") + "?state=expiring")
    assert r.content.decode().count("/democracy/contracts/") >= 1 and "专项0" not in r.content.decode()
    r = client.get(reverse("democracy:contracts_detail", args=[c.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and 'id="expiry-alert"' in body and "按时发放" in body and "审查期限" in body
    r = client.get(reverse("democracy:contracts_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "合同名称" in titles and c.title in titles
    assert len(titles[titles.index("合同名称") + 1:]) == 5


def test_officer_records_signs_submits_and_renews_through_the_pages(client, tree, officer):
    client.force_login(officer)
    r = client.post(reverse("democracy:contracts_add"), {"org": tree["company"].pk, "kind": "comprehensive",
                                                         "employer_name": "甲公司", "signed_on": "2024-03-20",
                                                         "starts_on": "2024-04-01", "ends_on": "2028-03-31"})
    assert r.status_code == 200 and "1至3年" in r.content.decode()  # the form again, nothing saved
    assert not CollectiveContract.objects.exists()
    r = client.post(reverse("democracy:contracts_add"), {"org": tree["company"].pk, "kind": "comprehensive",
                                                         "employer_name": "甲公司", "signed_on": "2024-03-20",
                                                         "starts_on": "2024-04-01", "ends_on": "2025-03-31"})
    c = CollectiveContract.objects.get()
    assert r.status_code == 302 and r.url == c.get_absolute_url()
    r = client.post(reverse("democracy:contracts_submit", args=[c.pk]), {"submitted_on": "2024-03-25",
                                                                         "bureau": "测试区人社局"})
    assert r.status_code == 302
    r = client.post(reverse("democracy:contracts_renew", args=[c.pk]), {"signed_on": "2025-03-10",
                                                                        "starts_on": "2025-04-01",
                                                                        "ends_on": "2028-03-31"})
    new = CollectiveContract.objects.get(version=2)
    assert r.status_code == 302 and r.url == new.get_absolute_url()
    r = client.post(reverse("democracy:contracts_renew", args=[c.pk]), {"signed_on": "2025-03-11",
                                                                        "starts_on": "2025-04-01",
                                                                        "ends_on": "2028-03-31"})
    assert "已续签为第2版" in r.content.decode() and CollectiveContract.objects.count() == 2
    body = client.get(new.get_absolute_url()).content.decode()
    assert "第1版" in body and "第2版" in body


def test_another_unions_contract_answers_404(client, tree, officer):
    other = in_force(tree["school"])
    client.force_login(officer)
    for name in ("contracts_detail", "contracts_edit", "contracts_sign", "contracts_submit", "contracts_renew",
                 "contracts_check_add", "contracts_attach", "contracts_terminate"):
        assert client.get(reverse(f"democracy:{name}", args=[other.pk])).status_code == 404, name
    assert client.post(reverse("democracy:contracts_renew", args=[other.pk]), {}).status_code == 404
    assert CollectiveContract.objects.count() == 1


def test_coverage_counts_grassroots_unions_with_employees(client, tree, make_person, make_user):
    fed, company, school = tree["fed"], tree["company"], tree["school"]
    make_person(company, "甲职工")
    make_person(school, "乙老师")
    empty = org_services.org_create(code="C", name="丙公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
    in_force(company)
    in_force(school, ContractKind.WAGE)
    expired = in_force(school, ends_in=-10, signed_ago=900)
    assert selectors.coverage(fed, TODAY) == (1, 2)  # 丙 has no employees: not counted
    assert selectors.coverage(fed, TODAY, ContractKind.WAGE) == (1, 2)
    assert selectors.coverage(fed, expired.ends_on) == (2, 2)
    staff = make_user("fed_staff", Role.OFFICER, fed)
    client.force_login(staff)
    session = client.session
    session["current_org"] = fed.pk
    session.save()
    r = client.get(reverse("democracy:contracts_coverage"))
    body = r.content.decode()
    main = body.split('id="coverage-cards"')[1]
    assert r.status_code == 200 and "50.0%" in main and "乙学校工会" in main and empty.name not in main
    assert "甲公司工会</td>" not in main.split('id="without-table"')[1]
    company_officer = make_user("co", Role.OFFICER, company)
    client.force_login(company_officer)
    main = client.get(reverse("democracy:contracts_coverage")).content.decode().split('id="coverage-cards"')[1]
    assert "乙学校工会" not in main and "%" not in main.split("签订率 =")[0]  # no unions below: no rate


def test_member_reads_the_contract_in_force(client, tree, make_person, make_user):
    person = make_person(tree["branch"], "会员小王")
    user = make_user("member_w", Role.MEMBER, tree["branch"], person=person)
    mine = in_force(tree["company"])
    other = in_force(tree["school"])
    client.force_login(user)
    body = client.get(reverse("democracy:contracts_mine")).content.decode()
    assert mine.title in body and other.title not in body
    body = client.get(reverse("democracy:contracts_mine_detail", args=[mine.pk])).content.decode()
    assert "第二条 工时" in body
    assert client.get(reverse("democracy:contracts_mine_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("democracy:contracts_detail", args=[mine.pk])).status_code == 404
    body = client.get(reverse("portal:member_services")).content.decode()
    assert reverse("democracy:contracts_mine") in body


def test_desk_todos_fixed_queries_and_scope(tree, officer, officer_b):
    def counts(user, org):
        return {t.key: t.count for t in desk.todos(user, org) if t.key.startswith("democracy.contracts")}

    made = []

    def add(n):
        """n contracts signed more than 10 days ago and not submitted (terms one after another)."""
        for _ in range(n):
            start = TODAY - datetime.timedelta(days=20 + 1100 * len(made))
            c = services.contract_create(actor=None, org=tree["company"], kind=ContractKind.OTHER,
                                         employer_name="甲公司", title=f"未报送{len(made)}")
            made.append(services.contract_sign(actor=None, contract=c, signed_on=start, starts_on=start,
                                               ends_on=start + datetime.timedelta(days=400)))

    add(1)
    in_force(tree["company"], ends_in=30)
    in_force(tree["school"], ends_in=30)
    counts(officer, tree["company"])  # warm: the user's grants
    with CaptureQueriesContext(connection) as one:
        assert counts(officer, tree["company"]) == {"democracy.contracts.filing_overdue": 1,
                                                    "democracy.contracts.expiring": 1,
                                                    "democracy.contracts.check_due": 1}
    add(3)
    with CaptureQueriesContext(connection) as four:
        assert counts(officer, tree["company"])["democracy.contracts.filing_overdue"] == 4
    assert len(one) == len(four)
    assert counts(officer_b, tree["school"]) == {"democracy.contracts.expiring": 1,
                                                 "democracy.contracts.check_due": 1}


def test_remind_sends_once_a_day(tree, officer):
    c = in_force(tree["company"], ends_in=89)
    services.check_record(actor=None, contract=c, checked_on=TODAY, findings="良好")
    out = io.StringIO()
    call_command("remind", stdout=out)
    call_command("remind", stdout=out)
    sent = Message.objects.filter(recipient=officer, kind="democracy.contracts.expiring")
    assert sent.count() == 1 and "还有89日" in sent.get().body
    call_command("remind", "--today", (TODAY + datetime.timedelta(days=1)).isoformat(), stdout=out)
    assert sent.count() == 2  # the next day again, until renewed
    services.contract_renew(actor=None, contract=c, signed_on=TODAY, starts_on=c.ends_on + datetime.timedelta(days=1),
                            ends_on=c.ends_on + datetime.timedelta(days=365 * 3))
    call_command("remind", "--today", (TODAY + datetime.timedelta(days=2)).isoformat(), stdout=out)
    assert sent.count() == 2
    assert not Message.objects.filter(kind="democracy.contracts.check").exists()
