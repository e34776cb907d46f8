"""Mediation (劳动争议调解): time limits as data, bad dates and amounts refused, the member's application, the
agreement in Word, PIPL (masked lists and exports, details for RIGHTS_SENSITIVE only, reveal audited), figures."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.portal.models import Message
from gonghui.reports import registry
from gonghui.rights.models import DisputeCase, DisputeKind, DisputeOutcome, DisputeState
from gonghui.rights.services import disputes as services

TODAY = localdate()
DAY = datetime.timedelta(days=1)


def register(officer, org, days_ago=30, **kw):
    kw.setdefault("claim_amount", "12000")
    return services.case_register(actor=officer, org=org, applicant_name="赵六", other_party="甲公司",
                                  kind=DisputeKind.PAY, details="拖欠2个月工资", received_on=TODAY - days_ago * DAY,
                                  applicant_phone="13912345678", **kw)


def test_numbers_and_time_limits_from_the_rule(officer_a, tree):
    a = register(officer_a, tree["company"])
    b = register(officer_a, tree["company"])
    assert a.number.endswith("-001") and b.number.endswith("-002")
    services.case_accept(actor=officer_a, case=a, accepted_on=TODAY - 29 * DAY, mediators="王调解")
    a.refresh_from_db()
    assert a.due_on == TODAY - 29 * DAY + 15 * DAY  # the default: 15 days
    services.rule_set(actor=officer_a, org=tree["company"], effective_from=TODAY - 365 * DAY, accept_days=5,
                      close_days=30, extend_days=15)
    services.case_accept(actor=officer_a, case=b, accepted_on=TODAY - 29 * DAY, mediators="王调解")
    b.refresh_from_db()
    assert b.due_on == TODAY + DAY  # 30 days from the rule
    from gonghui.rights.selectors import disputes as selectors

    assert list(selectors.overdue(officer_a)) == [a]
    services.case_extend(actor=officer_a, case=a)
    with pytest.raises(ServiceError, match="只能延长一次"):
        services.case_extend(actor=officer_a, case=a)


def test_bad_input(officer_a, tree):
    c = register(officer_a, tree["company"])
    with pytest.raises(ServiceError, match="尚未受理"):
        services.case_close(actor=officer_a, case=c, outcome=DisputeOutcome.SUCCESS, closed_on=TODAY,
                            agreement_text="x")
    with pytest.raises(ServiceError, match="受理日期不能早于"):
        services.case_accept(actor=officer_a, case=c, accepted_on=TODAY - 40 * DAY, mediators="王")
    services.case_accept(actor=officer_a, case=c, accepted_on=TODAY - 28 * DAY, mediators="王")
    with pytest.raises(ServiceError, match="结案日期不能早于受理日期"):
        services.case_close(actor=officer_a, case=c, outcome=DisputeOutcome.FAILED, closed_on=TODAY - 29 * DAY)
    with pytest.raises(ServiceError, match="超过请求金额"):
        services.case_close(actor=officer_a, case=c, outcome=DisputeOutcome.SUCCESS, closed_on=TODAY,
                            agreement_amount="15000", agreement_text="支付工资")
    with pytest.raises(ServiceError, match="协议的内容"):
        services.case_close(actor=officer_a, case=c, outcome=DisputeOutcome.SUCCESS, closed_on=TODAY)
    with pytest.raises(ServiceError, match="金额"):
        register(officer_a, tree["company"], claim_amount="一万")
    services.case_close(actor=officer_a, case=c, outcome=DisputeOutcome.SUCCESS, closed_on=TODAY,
                        agreement_amount="15000", agreement_text="支付工资及经济补偿",
                        over_claim_reason="含经济补偿金")
    c.refresh_from_db()
    assert c.state == DisputeState.CLOSED and c.agreement_amount == Decimal("15000.00")


def test_another_union_cannot_touch(officer_a, officer_b, tree):
    c = register(officer_a, tree["company"])
    with pytest.raises(ServiceError) as err:
        services.case_accept(actor=officer_b, case=c, accepted_on=TODAY, mediators="x")
    assert err.value.code == "out_of_scope"


def test_member_applies_from_the_phone_and_follows(client, member, officer_a, tree):
    client.force_login(member)
    page = client.get(reverse("rights:my_case_apply"))
    token = page.context["form"].initial["token"]
    data = {"other_party": "甲公司", "kind": "overtime", "claim_amount": "3000", "details": "加班费未支付",
            "token": token}
    assert client.post(reverse("rights:my_case_apply"), data).status_code == 302
    client.post(reverse("rights:my_case_apply"), data)  # double click
    assert DisputeCase.objects.count() == 1
    case = DisputeCase.objects.get()
    assert case.org == tree["branch"] and case.applicant_name == "李工"
    assert Message.objects.filter(recipient=officer_a, kind="rights.case_new").count() == 1
    services.case_accept(actor=officer_a, case=case, accepted_on=TODAY, mediators="王调解")
    assert "已受理" in client.get(reverse("rights:my_cases")).content.decode()
    assert Message.objects.filter(recipient=member, kind="rights.case").count() == 1
    # legal advice
    page = client.get(reverse("rights:my_advice"))
    client.post(reverse("rights:my_advice"), {"question": "试用期可以随意辞退吗？",
                                              "token": page.context["form"].initial["token"]})
    from gonghui.rights.models import Consultation
    from gonghui.rights.services import legal

    q = Consultation.objects.get()
    legal.consult_answer(actor=officer_a, consultation=q, answer="不可以，须有法定理由。", lawyer="陈律师")
    assert "须有法定理由" in client.get(reverse("rights:my_cases")).content.decode()


def test_details_only_for_handling_roles_and_reveal_is_audited(client, officer_a, tree, make_user):
    c = register(officer_a, tree["company"])
    women = make_user("women_a", Role.WOMEN, tree["company"])
    client.force_login(women)
    page = client.get(reverse("rights:case_detail", args=[c.pk])).content.decode()
    assert "拖欠2个月工资" not in page and "赵六" not in page and "赵*" in page
    assert "拖欠2个月工资" not in client.get(reverse("rights:case_detail", args=[c.pk]) + "?reveal=1").content.decode()
    client.force_login(officer_a)
    page = client.get(reverse("rights:case_detail", args=[c.pk])).content.decode()
    assert "拖欠2个月工资" not in page and "reveal-link" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    page = client.get(reverse("rights:case_detail", args=[c.pk]) + "?reveal=1").content.decode()
    assert "拖欠2个月工资" in page and "13912345678" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == 1
    listing = client.get(reverse("rights:case_list")).content.decode()
    assert "赵六" not in listing and "赵*" in listing
    export = client.get(reverse("rights:case_list") + "?export=xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None]
    assert "赵*" in cells and "赵六" not in cells and "13912345678" not in cells
    api = client.get("/api/rights/cases/").json()
    assert api["results"][0]["applicant"] == "赵*" and "details" not in api["results"][0]


def test_case_from_application_to_printed_agreement(client, officer_a, tree):
    c = register(officer_a, tree["company"])
    client.force_login(officer_a)
    r = client.post(reverse("rights:case_accept", args=[c.pk]),
                    {"accepted_on": (TODAY - 29 * DAY).isoformat(), "mediators": "王调解、李委员"})
    assert r.status_code == 302
    r = client.post(reverse("rights:case_close", args=[c.pk]),
                    {"outcome": "success", "closed_on": TODAY.isoformat(), "mediated_on": TODAY.isoformat(),
                     "agreement_amount": "10000", "agreement_text": "甲公司于7日内支付拖欠工资10000元。"})
    assert r.status_code == 302, r.content.decode()[:2000]
    doc = client.get(reverse("rights:case_agreement", args=[c.pk]))
    assert doc.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(doc.content)).paragraphs)
    assert "劳动争议调解协议书" in text and "支付拖欠工资10000元" in text
    tables = Document(io.BytesIO(doc.content)).tables
    assert any("赵六" in cell.text for t in tables for row in t.rows for cell in row.cells)


def test_figures(officer_a, tree):
    from gonghui.core.metrics import compute_many

    start = TODAY - 60 * DAY
    cases = [register(officer_a, tree["company"], days_ago=50) for _ in range(3)]
    for c in cases:
        services.case_accept(actor=officer_a, case=c, accepted_on=TODAY - 49 * DAY, mediators="王")
    services.case_close(actor=officer_a, case=cases[0], outcome=DisputeOutcome.SUCCESS, closed_on=TODAY - 40 * DAY,
                        agreement_amount="8000.50", agreement_text="支付")
    services.case_close(actor=officer_a, case=cases[1], outcome=DisputeOutcome.ARBITRATION,
                        closed_on=TODAY - 40 * DAY)
    codes = ["rights.disputes.cases", "rights.disputes.success", "rights.disputes.rate", "rights.disputes.recovered"]
    values = compute_many([registry.get(c) for c in codes], tree["fed"], start, TODAY)
    assert values["rights.disputes.cases"] == 3 and values["rights.disputes.success"] == 1
    assert str(values["rights.disputes.rate"].percent) == "50.0"
    assert values["rights.disputes.recovered"] == Decimal("8000.50")


def test_the_application_prints_for_the_handling_roles_only(client, officer_a, tree, make_user):
    from docx import Document

    c = register(officer_a, tree["company"])
    url = reverse("rights:case_application", args=[c.pk])
    client.force_login(make_user("women_app", Role.WOMEN, tree["company"]))
    assert client.get(url).status_code == 404  # the 女职工委员会 reads figures, not a dispute's details
    client.force_login(make_user("officer_app_b", Role.OFFICER, tree["school"]))
    assert client.get(url).status_code == 404  # another union's case
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    client.force_login(officer_a)
    services.case_accept(actor=officer_a, case=c, accepted_on=TODAY - 29 * DAY, mediators="王调解")
    doc = client.get(url)
    from urllib.parse import quote

    assert doc.status_code == 200 and doc["Content-Disposition"].endswith(quote(f"调解申请书{c.number}.docx"))
    word = Document(io.BytesIO(doc.content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = [cell.text for t in word.tables for row in t.rows for cell in row.cells]
    assert "劳动争议调解申请书" in text and "拖欠2个月工资" in text and "调解员：王调解" in text
    assert "赵六（会员）" in cells and "13912345678" in cells and "12000.00元" in cells
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == 1
