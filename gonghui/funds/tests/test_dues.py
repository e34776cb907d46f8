"""Dues (会费): amounts and rounding, settings by date and inheritance, the bulk computation, collection with
receipts (double submission, a year at once, payroll deduction), the payroll import, figures, pages, API, and the
property that dues collected equal the receipts to the fen."""
from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from gonghui.accounts.roles import Role
from gonghui.core import importing
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.funds.importing import month as parse_month
from gonghui.funds.importing import wage as parse_wage
from gonghui.funds.models import DuesCharge, DuesExemption, DuesPayment, DuesPolicy, DuesReceipt, Rounding, Wage
from gonghui.funds.services import dues as services
from gonghui.members.models import Person
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.periods import Period

D = datetime.date
M = Decimal


def test_amount_rounding_to_fen_jiao_yuan():
    assert services.dues_amount(M("4523.40"), M("0.005")) == M("22.62")  # 22.617
    assert services.dues_amount(M("4523.40"), M("0.005"), Rounding.JIAO) == M("22.60")
    assert services.dues_amount(M("4523.40"), M("0.005"), Rounding.YUAN) == M("23.00")
    assert services.dues_amount(M("4501.00"), M("0.005")) == M("22.51")  # 22.505 half up
    with pytest.raises(TypeError):
        services.dues_amount(4500.0, M("0.005"))


def test_rate_parsing():
    assert services.parse_rate("0.5%") == M("0.0050")
    assert services.parse_rate("0.005") == M("0.0050")
    with pytest.raises(ServiceError, match="0至5%"):
        services.parse_rate("6%")
    with pytest.raises(ServiceError, match="数字"):
        services.parse_rate("千分之五")


def test_wage_and_month_parsers():
    assert parse_wage("4,500.00元") == M("4500.00")
    assert parse_wage("4500") == M("4500.00")
    assert parse_wage(4500) == M("4500.00")
    assert parse_wage("￥4500.5") == M("4500.50")
    with pytest.raises(ValueError, match="中文大写.*请改填阿拉伯数字"):
        parse_wage("肆仟伍佰")
    with pytest.raises(ValueError, match="中文大写"):
        parse_wage("四千五百元")
    for raw in ("2025-03", "2025年3月", "2025/3", "202503", "2025-03-15", D(2025, 3, 9), "2025.03"):
        assert parse_month(raw) == D(2025, 3, 1), raw
    with pytest.raises(ValueError, match="无法识别"):
        parse_month("三月")


# --- a union with members and wages ---------------------------------------------------------------------------------

@pytest.fixture
def union(tree, make_person, make_user):
    company = tree["company"]
    people = {
        "wang": make_person(company, "王工", joined=D(2020, 1, 1)),
        "li": make_person(tree["branch"], "李工", female=True, joined=D(2020, 1, 1)),
        "zhao": make_person(company, "赵退休", birth=D(1960, 1, 1), joined=D(2000, 1, 1)),
        "chen": make_person(company, "陈困难", joined=D(2020, 1, 1)),
        "new": make_person(company, "新职工", joined=D(2025, 3, 10)),
        "nowage": make_person(company, "无工资", joined=D(2020, 1, 1)),
    }
    Person.objects.filter(pk=people["zhao"].pk).update(work_status=Person.WorkStatus.RETIRED,
                                                        retired_on=D(2024, 12, 31))
    for key, amount in (("wang", "4523.40"), ("li", "6000"), ("zhao", "3000"), ("chen", "2800"), ("new", "5000")):
        services.wage_set(actor=None, person=people[key], month=D(2025, 1, 1), amount=amount)
    services.exemption_add(actor=None, person=people["chen"], kind=DuesExemption.Kind.REDUCED,
                           reason=DuesExemption.Reason.HARDSHIP, starts_on=D(2025, 1, 1), rate="0.25%")
    officer = make_user("dues_officer", Role.OFFICER, company)
    return {"org": company, "officer": officer, **people}


def test_compute_in_bulk_with_policy_retired_exemption_and_missing_wage(union):
    org = union["org"]
    result = services.dues_compute(actor=union["officer"], org=org, month=D(2025, 3, 1))
    charges = {c.person.name: c for c in DuesCharge.objects.filter(month=D(2025, 3, 1)).select_related("person")}
    assert charges["王工"].amount == M("22.62") and charges["王工"].basis == DuesCharge.Basis.WAGE
    assert charges["李工"].amount == M("30.00") and charges["李工"].org == union["li"].org  # the branch
    assert charges["赵退休"].amount == M("0.00") and charges["赵退休"].basis == DuesCharge.Basis.RETIRED
    assert charges["陈困难"].amount == M("7.00") and charges["陈困难"].basis == DuesCharge.Basis.REDUCED
    assert charges["新职工"].amount == M("25.00")  # joined on 10 March: a member in March
    assert "无工资" not in charges and [p.name for p in result.no_wage] == ["无工资"]
    assert result.created == 5 and "1人未登记工资" in result.text
    assert AuditEntry.objects.filter(content_type__model="duescharge", action=AuditEntry.Action.CREATE).count() == 5
    # February: the new member was not yet a member
    services.dues_compute(actor=None, org=org, month=D(2025, 2, 1))
    assert not DuesCharge.objects.filter(month=D(2025, 2, 1), person=union["new"]).exists()
    # A new policy from April (to the yuan): March keeps its charges, April follows it; a recomputation of March
    # changes nothing.
    services.policy_set(actor=union["officer"], org=org, effective_from=D(2025, 4, 1), rate="0.5%",
                        rounding=Rounding.YUAN)
    again = services.dues_compute(actor=None, org=org, month=D(2025, 3, 1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    services.dues_compute(actor=None, org=org, month=D(2025, 4, 1))
    assert DuesCharge.objects.get(month=D(2025, 4, 1), person=union["wang"]).amount == M("23.00")


def test_policy_inherited_from_the_federation(tree, union):
    DuesPolicy.objects.create(org=tree["fed"], effective_from=D(2024, 1, 1), rate=M("0.0050"),
                              rounding=Rounding.JIAO, retired=DuesPolicy.Retired.PAY)
    policy = services.policy_for(union["org"], D(2025, 3, 1))
    assert policy.org == tree["fed"] and policy.rounding == Rounding.JIAO
    services.dues_compute(actor=None, org=union["org"], month=D(2025, 3, 1))
    assert DuesCharge.objects.get(person=union["zhao"], month=D(2025, 3, 1)).amount == M("15.00")  # retirees pay
    assert DuesCharge.objects.get(person=union["wang"], month=D(2025, 3, 1)).amount == M("22.60")


def test_collect_once_per_token_and_month(union):
    org, officer, wang = union["org"], union["officer"], union["wang"]
    services.dues_compute(actor=None, org=org, month=D(2025, 3, 1))
    kwargs = dict(actor=officer, org=org, person=wang, months=[D(2025, 3, 1)], paid_on=D(2025, 3, 20),
                  receipt_no="HF2025-001", method=DuesReceipt.Method.CASH, token="tok-1")
    first = services.dues_collect(**kwargs)
    second = services.dues_collect(**kwargs)  # a double click
    assert first.pk == second.pk and DuesPayment.objects.filter(person=wang).count() == 1
    assert first.total == M("22.62")
    with pytest.raises(ServiceError, match="已缴（收据HF2025-001）"):
        services.dues_collect(**{**kwargs, "token": "tok-2", "receipt_no": "HF2025-002"})
    with pytest.raises(ServiceError, match="收据编号HF2025-001已使用"):
        services.dues_collect(**{**kwargs, "token": "tok-3", "months": [D(2025, 4, 1)]})
    with pytest.raises(ServiceError, match="退休免缴，无需缴纳"):
        services.dues_collect(**{**kwargs, "person": union["zhao"], "token": "t4", "receipt_no": "HF2025-004"})
    with pytest.raises(ServiceError, match="无法核定"):
        services.dues_collect(**{**kwargs, "person": union["nowage"], "token": "t5", "receipt_no": "HF2025-005"})


def test_collect_a_year_at_once(union):
    org, li = union["org"], union["li"]
    months = [D(2025, m, 1) for m in range(1, 13)]
    receipt = services.dues_collect(actor=union["officer"], org=org, person=li, months=months,
                                    paid_on=D(2025, 1, 15), receipt_no="HF2025-Y01", token="year")
    assert receipt.payments.count() == 12 and receipt.total == M("360.00")
    assert DuesCharge.objects.filter(person=li).count() == 12


def test_payroll_deduction_for_the_month(union):
    org = union["org"]
    services.dues_compute(actor=None, org=org, month=D(2025, 3, 1))
    services.dues_collect(actor=None, org=org, person=union["wang"], months=[D(2025, 3, 1)], paid_on=D(2025, 3, 5),
                          receipt_no="CASH-1")
    receipt = services.dues_collect_payroll(actor=union["officer"], org=org, month=D(2025, 3, 1),
                                            paid_on=D(2025, 3, 31), receipt_no="DK-202503", token="p1")
    again = services.dues_collect_payroll(actor=union["officer"], org=org, month=D(2025, 3, 1),
                                          paid_on=D(2025, 3, 31), receipt_no="DK-202503", token="p1")
    assert receipt.pk == again.pk
    # 李工 30.00 + 陈困难 7.00 + 新职工 25.00 (王工 paid in cash, 赵退休 owes nothing)
    assert receipt.total == M("62.00") and receipt.payments.count() == 3
    with pytest.raises(ServiceError, match="没有待收缴"):
        services.dues_collect_payroll(actor=None, org=org, month=D(2025, 3, 1), paid_on=D(2025, 3, 31),
                                      receipt_no="DK-2", token="p2")
    figures = registry.compute(["funds.dues.due", "funds.dues.collected", "funds.dues.rate", "funds.dues.arrears",
                                "funds.dues.payers"], org, Period.year(2025))
    assert figures["funds.dues.due"] == M("84.62") and figures["funds.dues.collected"] == M("84.62")
    assert figures["funds.dues.rate"].percent == M("100.0")
    assert figures["funds.dues.arrears"] is None and figures["funds.dues.payers"] == 4


def test_figures_rate_and_arrears(union):
    org = union["org"]
    services.dues_compute(actor=None, org=org, month=D(2025, 3, 1))
    services.dues_collect(actor=None, org=org, person=union["li"], months=[D(2025, 3, 1)], paid_on=D(2025, 3, 5),
                          receipt_no="C1")
    figures = registry.compute(["funds.dues.due", "funds.dues.collected", "funds.dues.rate", "funds.dues.arrears"],
                               org, Period.year(2025))
    assert figures["funds.dues.due"] == M("84.62") and figures["funds.dues.collected"] == M("30.00")
    assert str(figures["funds.dues.rate"]) == "35.5%（30.00/84.62）"
    assert figures["funds.dues.arrears"] == M("54.62")
    # the branch's figures are its own members' only
    assert registry.compute(["funds.dues.due"], union["li"].org, Period.year(2025))["funds.dues.due"] == M("30.00")
    assert registry.compute(["funds.dues.due"], org, Period.year(2024))["funds.dues.due"] is None


# --- the payroll import ---------------------------------------------------------------------------------------------

def _payroll(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "月份", "基本工资"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "payroll.xlsx"
    book.save(path)
    return path


def test_payroll_import(tmp_path, union):
    importer = importing.get("payroll")
    wang, li = union["wang"], union["li"]
    bad = _payroll(tmp_path, [["王工", wang.id_number, "2025-04", "肆仟伍佰"],
                              ["李工", li.id_number, "2025年4月", "4,500.00元"],
                              ["张冒名", li.id_number, "2025-05", "4500"]])
    _, analysis = importing.validate_file(importer, bad, "payroll.xlsx", org=union["org"], user=union["officer"])
    reasons = [e.reason for e in analysis.errors]
    assert any("中文大写" in r and "4500或4,500.00" in r for r in reasons), reasons
    assert any("与登记的姓名“李工”不符" in r for r in reasons), reasons
    good = _payroll(tmp_path, [["王工", wang.id_number, "2025-04", "4,600.00元"],
                               ["李工", li.id_number, "2025年4月", 6100],
                               ["王工", wang.id_number, "2025-01", "4523.40"]])
    batch = importing.stage_upload(importer, org=union["org"], user=union["officer"], path=good,
                                   filename="payroll.xlsx")
    assert (batch.new_count, batch.updated_count, batch.rejected_count) == (2, 1, 0)
    assert importing.commit_batch(importer, batch, user=union["officer"]).committed
    assert Wage.objects.get(person=wang, month=D(2025, 4, 1)).amount == M("4600.00")
    assert Wage.objects.get(person=li, month=D(2025, 4, 1)).source == Wage.Source.IMPORT
    assert AuditEntry.objects.filter(content_type__model="wage", note__contains=f"导入批次{batch.pk}").count() == 2


# --- pages ----------------------------------------------------------------------------------------------------------

@pytest.fixture
def officer_client(client, union):
    client.force_login(union["officer"])
    session = client.session
    session["current_org"] = union["org"].pk
    session.save()
    return client


def test_pages_compute_collect_and_receipt(officer_client, union, django_assert_max_num_queries):
    c = officer_client
    response = c.post(reverse("funds:dues_compute"), {"month": "2025-03"})
    assert response.status_code == 302
    page = c.get(reverse("funds:dues") + "?year=2025").content.decode()
    assert "84.62" in page and "0.0%" in page
    form = {"first": "2025-03", "last": "2025-03", "method": "cash", "paid_on": "2025-03-20",
            "receipt_no": "P-001", "token": "form-token"}
    url = reverse("funds:dues_collect", args=[union["wang"].pk])
    first = c.post(url, form)
    second = c.post(url, form)  # double click
    assert first.status_code == second.status_code == 302
    assert DuesReceipt.objects.filter(receipt_no="P-001").count() == 1
    refused = c.post(url, {**form, "token": "other", "receipt_no": "P-002"})
    assert "已缴" in refused.content.decode()
    receipt = DuesReceipt.objects.get(receipt_no="P-001")
    detail = c.get(receipt.get_absolute_url()).content.decode()
    assert "贰拾贰元陆角贰分" in detail
    with django_assert_max_num_queries(15):
        arrears = c.get(reverse("funds:dues_arrears"))
    text = arrears.content.decode()
    assert "李工" in text and "王工" not in text
    person = c.get(reverse("funds:dues_person", args=[union["wang"].pk])).content.decode()
    assert "P-001" in person
    assert c.post(reverse("funds:dues_payroll"), {"month": "2025-03", "paid_on": "2025-03-31",
                                                 "receipt_no": "DK-1", "token": "t"}).status_code == 302
    assert "100.0%" in c.get(reverse("funds:dues") + "?year=2025").content.decode()


def test_member_sees_own_dues(client, union, make_user):
    services.dues_compute(actor=None, org=union["org"], month=D(2025, 3, 1))
    services.dues_collect(actor=None, org=union["org"], person=union["wang"], months=[D(2025, 3, 1)],
                          paid_on=D(2025, 3, 5), receipt_no="M-1")
    member = make_user("wang_member", Role.MEMBER, union["org"], person=union["wang"])
    client.force_login(member)
    page = client.get(reverse("funds:my_dues"))
    text = page.content.decode()
    assert page.status_code == 200 and "收据M-1" in text and "22.62" in text
    assert "李工" not in text
    me = client.get(reverse("portal:member_me")).content.decode()
    assert reverse("funds:my_dues") in me
    assert client.get(reverse("funds:dues")).status_code == 404


def test_other_union_404(client, union, officer_b):
    services.dues_compute(actor=None, org=union["org"], month=D(2025, 3, 1))
    receipt = services.dues_collect(actor=None, org=union["org"], person=union["wang"], months=[D(2025, 3, 1)],
                                    paid_on=D(2025, 3, 5), receipt_no="X-1")
    client.force_login(officer_b)
    assert client.get(reverse("funds:receipt_detail", args=[receipt.pk])).status_code == 404
    for name in ("funds:dues_person", "funds:dues_collect", "funds:dues_wage", "funds:dues_exemption"):
        assert client.get(reverse(name, args=[union["wang"].pk])).status_code == 404
    assert "王工" not in client.get(reverse("funds:dues_arrears")).content.decode()
    with pytest.raises(ServiceError) as caught:
        services.dues_collect(actor=officer_b, org=union["org"], person=union["wang"], months=[D(2025, 4, 1)],
                              paid_on=D(2025, 4, 5), receipt_no="X-2")
    assert caught.value.code == "out_of_scope"


def test_api_collect_and_scope(union, officer_b):
    from rest_framework.test import APIClient

    services.dues_compute(actor=None, org=union["org"], month=D(2025, 3, 1))
    api = APIClient()
    api.force_authenticate(union["officer"])
    body = {"org": union["org"].pk, "person": union["li"].pk, "months": ["2025-03-01"], "paid_on": "2025-03-05",
            "receipt_no": "API-1", "method": "cash", "token": "api-token"}
    first = api.post("/api/funds/dues-receipts/", body, format="json")
    second = api.post("/api/funds/dues-receipts/", body, format="json")
    assert first.status_code == second.status_code == 201 and first.json()["id"] == second.json()["id"]
    again = api.post("/api/funds/dues-receipts/", {**body, "token": "x", "receipt_no": "API-2"}, format="json")
    assert again.status_code == 400 and "已缴" in again.json()["detail"]
    charges = api.get("/api/funds/dues-charges/?month=2025-03-01").json()
    assert charges["count"] == 5 and sum(1 for c in charges["results"] if c["paid"]) == 1
    other = APIClient()
    other.force_authenticate(officer_b)
    assert other.get(f"/api/funds/dues-receipts/{first.json()['id']}/").status_code == 404
    assert other.get("/api/funds/dues-charges/").json()["count"] == 0
    assert other.post("/api/funds/dues-receipts/", {**body, "token": "b", "receipt_no": "B-1"},
                      format="json").status_code == 404


# --- money reconciles -----------------------------------------------------------------------------------------------

EXAMPLES = itertools.count(1)
WAGES = st.decimals(min_value=M("0"), max_value=M("99999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wages=st.lists(WAGES, min_size=1, max_size=4), rounding=st.sampled_from(Rounding.values),
       plan=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6), st.integers(0, 2)), max_size=6))
def test_dues_collected_equal_receipts_to_the_fen(tree, make_person, wages, rounding, plan):
    """Whatever the wages, the rounding and the collections (cash for some months, payroll for the rest, repeated
    tokens), the payments equal the receipts' totals to the fen, each payment equals its charge, and the figure
    实收 equals both."""
    org = org_services.org_create(code=f"P{next(EXAMPLES)}", name="性质测试工会", kind=Organization.Kind.GRASSROOTS,
                                  parent=tree["fed"])
    people = [make_person(org, f"会员{i}", joined=D(2020, 1, 1)) for i in range(len(wages))]
    services.policy_set(actor=None, org=org, effective_from=D(2025, 1, 1), rate="0.5%", rounding=rounding)
    for person, amount in zip(people, wages):
        services.wage_set(actor=None, person=person, month=D(2025, 1, 1), amount=amount)
    for month in range(1, 7):
        services.dues_compute(actor=None, org=org, month=D(2025, month, 1))
    for n, (who, first, span) in enumerate(plan):
        person = people[who % len(people)]
        months = [D(2025, m, 1) for m in range(first, min(6, first + span) + 1)]
        try:
            for _ in range(2):  # the same form twice
                services.dues_collect(actor=None, org=org, person=person, months=months, paid_on=D(2025, 6, 30),
                                      receipt_no=f"R{n}", token=f"T{n}")
        except ServiceError:
            pass  # a month already paid, or nothing due (a zero wage)
    for month in range(1, 7):
        try:
            services.dues_collect_payroll(actor=None, org=org, month=D(2025, month, 1), paid_on=D(2025, 6, 30),
                                          receipt_no=f"DK{month}", token=f"DK{month}")
        except ServiceError:
            pass
    receipts = DuesReceipt.objects.filter(org=org)
    payments = DuesPayment.objects.filter(org__path__startswith=org.path)
    total_receipts = sum((r.total for r in receipts), M("0"))
    total_payments = sum((p.amount for p in payments), M("0"))
    assert total_receipts == total_payments
    for r in receipts.prefetch_related("payments"):
        assert r.total == sum((p.amount for p in r.payments.all()), M("0"))
    assert all(p.amount == p.charge.amount for p in payments.select_related("charge"))
    due = sum((c.amount for c in DuesCharge.objects.filter(org__path__startswith=org.path)), M("0"))
    figures = registry.compute(["funds.dues.collected", "funds.dues.due"], org, Period.year(2025))
    assert (figures["funds.dues.collected"] or M("0")) == total_payments
    assert (figures["funds.dues.due"] or M("0")) == due == total_payments  # everything due was collected
