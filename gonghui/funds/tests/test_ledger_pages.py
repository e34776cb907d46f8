"""Ledger pages: the list (filters, lazy pages, voucher export as CSV with a BOM and .xlsx), an entry by hand (a
double click records once), its page with attachments (another union's: 404), reversing, the proposals inbox (book
one, refuse one, book many with voucher numbers), closing a month, the 收支表, the desk's to-do, publishing."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.care.models import Assistance
from gonghui.funds.models import Category, ClosedMonth, LedgerEntry
from gonghui.funds.services import ledger as services

D = datetime.date
M = Decimal


@pytest.fixture
def books(tree, officer_a):
    add = services.entry_add
    a = tree["company"]
    e1 = add(actor=officer_a, org=a, entry_date=D(2025, 3, 5), category=Category.ACTIVITIES, amount="1200",
             summary="春游车费", counterparty="某客运公司", voucher_no="记-2025-03-001")
    e2 = add(actor=officer_a, org=a, entry_date=D(2025, 3, 9), category=Category.ALLOCATION, amount="50,000.00",
             summary="行政拨缴2%经费", counterparty="甲公司", voucher_no="记-2025-03-002")
    e3 = add(actor=officer_a, org=a, entry_date=D(2025, 4, 1), category=Category.BUSINESS, amount="360",
             subcategory="业务招待费", summary="接待上级工会检查", voucher_no="记-2025-04-001")
    return [e1, e2, e3]


def _client(client, user, org):
    client.force_login(user)
    session = client.session
    session["current_org"] = org.pk
    session.save()
    return client


def test_list_filters_and_pages(client, tree, officer_a, books):
    c = _client(client, officer_a, tree["company"])
    page = c.get(reverse("funds:ledger"))
    body = page.content.decode()
    assert page.status_code == 200 and "春游车费" in body and "行政拨缴2%经费" in body
    assert "共 " not in body  # no COUNT of the whole ledger
    body = c.get(reverse("funds:ledger"), {"category": "activities"}).content.decode()
    assert "春游车费" in body and "行政拨缴" not in body
    body = c.get(reverse("funds:ledger"), {"start": "2025-04-01", "end": "2025-04-30"}).content.decode()
    assert "接待上级工会检查" in body and "春游车费" not in body
    body = c.get(reverse("funds:ledger"), {"voucher": "记-2025-03", "q": "客运"}).content.decode()
    assert "春游车费" in body and "行政拨缴" not in body
    assert c.get(reverse("funds:ledger"), {"start": "不是日期"}).status_code == 400


def test_voucher_export_csv_and_xlsx(client, tree, officer_a, books):
    c = _client(client, officer_a, tree["company"])
    response = c.get(reverse("funds:ledger"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff凭证日期,凭证字号,摘要,科目编码,科目名称,借方金额,贷方金额,对方单位")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 2 * 3  # two lines per entry
    assert "2025-03-05,记-2025-03-001,春游车费,501,职工活动支出,1200.00,,某客运公司" in lines
    assert "2025-03-05,记-2025-03-001,春游车费,1002,银行存款,,1200.00,某客运公司" in lines
    assert "2025-03-09,记-2025-03-002,行政拨缴2%经费,1002,银行存款,50000.00,,甲公司" in lines
    response = c.get(reverse("funds:ledger"), {"export": "xlsx", "category": "business"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    flat = [v for row in rows for v in row if v is not None]
    assert "科目编码" in flat and "504" in [str(v) for v in flat] and "接待上级工会检查" in flat


def test_entry_form_double_click_records_once(client, tree, officer_a):
    c = _client(client, officer_a, tree["company"])
    data = {"entry_date": "2025-05-06", "category": "services", "amount": "2,000.00元", "summary": "职工书屋购书",
            "counterparty": "新华书店", "voucher_no": "记-0506", "token": "t-1"}
    first = c.post(reverse("funds:ledger_add"), data)
    second = c.post(reverse("funds:ledger_add"), data)
    assert first.status_code == second.status_code == 302
    assert LedgerEntry.objects.filter(org=tree["company"], summary="职工书屋购书").count() == 1
    entry = LedgerEntry.objects.get(summary="职工书屋购书")
    assert entry.amount == M("2000.00") and first.url == second.url == reverse("funds:ledger_detail", args=[entry.pk])
    bad = c.post(reverse("funds:ledger_add"), dict(data, amount="贰仟元", token="t-2"))
    assert bad.status_code == 200 and "阿拉伯数字" in bad.content.decode()
    clash = c.post(reverse("funds:ledger_add"), dict(data, token="t-3"))
    assert "凭证号记-0506已使用" in clash.content.decode()


def test_detail_attachments_and_scope(client, tree, officer_a, officer_b, books):
    c = _client(client, officer_a, tree["company"])
    entry = books[0]
    url = reverse("funds:ledger_detail", args=[entry.pk])
    page = c.get(url).content.decode()
    assert "春游车费" in page
    assert reverse("funds:entry_tag", args=[entry.pk]) in page  # an expenditure says what it was for (fund rules)
    upload = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    c.post(reverse("funds:ledger_attach", args=[entry.pk]), {"file": upload})
    att = entry.attachments.get()
    assert att.name == "发票.pdf"
    download = c.get(reverse("funds:ledger_attachment", args=[att.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 invoice"
    bad = SimpleUploadedFile("病毒.exe", b"MZ....", content_type="application/octet-stream")
    c.post(reverse("funds:ledger_attach", args=[entry.pk]), {"file": bad})
    assert entry.attachments.count() == 1
    other = _client(client.__class__(), officer_b, tree["school"])
    assert other.get(url).status_code == 404
    assert other.get(reverse("funds:ledger_attachment", args=[att.pk])).status_code == 404
    assert other.post(reverse("funds:ledger_reverse", args=[entry.pk]), {}).status_code == 404
    assert "春游车费" not in other.get(reverse("funds:ledger")).content.decode()


def test_reverse_and_close_month_pages(client, tree, officer_a, books):
    c = _client(client, officer_a, tree["company"])
    entry = books[0]
    response = c.post(reverse("funds:ledger_close"), {"month": "2025-03"})
    assert response.status_code == 302 and ClosedMonth.objects.filter(org=tree["company"]).count() == 1
    months = c.get(reverse("funds:ledger_months"), {"year": 2025}).content.decode()
    assert "已结账" in months
    refused = c.post(reverse("funds:ledger_reverse", args=[entry.pk]), {"entry_date": "2025-03-31", "reason": "重复"})
    assert "2025年3月已结账" in refused.content.decode()
    done = c.post(reverse("funds:ledger_reverse", args=[entry.pk]),
                  {"entry_date": "2025-04-02", "reason": "重复报销", "voucher_no": "记-2025-04-002"})
    assert done.status_code == 302
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert reversal.amount == M("-1200.00")
    assert "冲销分录" in c.get(reverse("funds:ledger_detail", args=[entry.pk])).content.decode()
    table = c.get(reverse("funds:ledger_balances"), {"year": 2025}).content.decode()
    assert 'id="total-income">50000.00' in table and 'id="total-expense">360.00' in table
    assert 'id="total-balance">49640.00' in table


@pytest.fixture
def aid(tree, make_person):
    person = make_person(tree["company"], "李四")
    out = []
    for day, amount in ((D(2025, 5, 10), "2000.00"), (D(2025, 5, 12), "800.00"), (D(2025, 5, 20), "500.00")):
        out.append(Assistance.objects.create(org=tree["company"], person=person, kind=Assistance.Kind.DAILY,
                                             amount=M(amount), applied_on=D(2025, 5, 3),
                                             status=Assistance.Status.DISBURSED, disbursed_on=day))
    return out


def test_inbox_propose_book_refuse_and_bulk(client, tree, officer_a, officer_b, aid, django_assert_max_num_queries):
    from gonghui.portal import desk

    c = _client(client, officer_a, tree["company"])
    c.post(reverse("funds:ledger_propose"), {"start": "2025-05-01", "end": "2025-05-31"})
    waiting = LedgerEntry.objects.filter(org=tree["company"], status="proposed").order_by("entry_date")
    assert waiting.count() == 3
    source = next(s for s in desk.sources() if s.key == "funds.ledger_proposed")
    assert source.count(officer_a, tree["company"]).count() == 3  # the user's grants are read once, then cached
    with django_assert_max_num_queries(1):
        assert source.count(officer_a, tree["company"]).count() == 3
    assert source.count(officer_b, tree["school"]).count() == 0
    body = c.get(reverse("funds:ledger_inbox")).content.decode()
    assert "李四" in body and "帮扶救助" in body
    first, second, third = waiting
    c.post(reverse("funds:ledger_book", args=[first.pk]),
           {"voucher_no": "记-0510", "entry_date": "2025-05-10", "category": "rights"})
    c.post(reverse("funds:ledger_book", args=[first.pk]),
           {"voucher_no": "记-0511", "entry_date": "2025-05-10", "category": "rights"})  # double click
    first.refresh_from_db()
    assert first.status == "booked" and first.voucher_no == "记-0510"
    c.post(reverse("funds:ledger_reject", args=[second.pk]), {"reason": "已由行政福利费列支"})
    second.refresh_from_db()
    assert second.status == "rejected"
    c.post(reverse("funds:ledger_inbox"), {"action": "book", "pk": [third.pk], "voucher_prefix": "记-2025-05"})
    third.refresh_from_db()
    assert third.status == "booked" and third.voucher_no == "记-2025-05-001"
    c.post(reverse("funds:ledger_propose"), {"start": "2025-05-01", "end": "2025-05-31"})
    assert LedgerEntry.objects.filter(org=tree["company"]).count() == 3  # nothing proposed twice


def test_publish_statements_to_members(client, tree, officer_a, books, make_person, make_user):
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import OpenAffairsItem

    c = _client(client, officer_a, tree["company"])
    response = c.post(reverse("funds:ledger_publish"), {"year": 2025, "kind": "finance", "approved_by": "工会委员会",
                                                        "published_on": "2025-12-28"})
    assert response.status_code == 302
    item = OpenAffairsItem.objects.get(source="funds.ledger", source_ref="finance:2025")
    assert item.category == "finance" and item.status == "published"
    assert "收入合计50000.00元" in item.content and "支出合计1560.00元" in item.content
    assert "收支结余48440.00元" in item.content
    c.post(reverse("funds:ledger_publish"), {"year": 2025, "kind": "finance", "approved_by": "工会委员会",
                                             "published_on": "2025-12-28"})
    assert OpenAffairsItem.objects.filter(source="funds.ledger").count() == 1
    c.post(reverse("funds:ledger_publish"), {"year": 2025, "kind": "hospitality", "approved_by": "经审委员会",
                                             "published_on": "2025-12-28"})
    hosp = OpenAffairsItem.objects.get(source_ref="hospitality:2025")
    assert hosp.category == "hospitality" and "共1笔，合计360.00元" in hosp.content
    empty = c.post(reverse("funds:ledger_publish"), {"year": 2024, "kind": "finance", "approved_by": "工会委员会",
                                                     "published_on": "2025-12-28"})
    assert "没有已入账的收支" in empty.content.decode()
    person = make_person(tree["company"], "王五")
    member = make_user("wangwu", Role.MEMBER, tree["company"], person=person)
    client.force_login(member)
    page = client.get(reverse("funds:my_statements"))
    assert page.status_code == 200 and "2025年度工会经费收支情况" in page.content.decode()


def test_api_entries_scope_token_and_book(client, tree, officer_a, officer_b, aid):
    client.force_login(officer_a)
    data = {"org": tree["company"].pk, "entry_date": "2025-05-06", "category": "services", "amount": "99.50",
            "summary": "饮水机滤芯", "token": "api-1"}
    first = client.post("/api/funds/ledger-entries/", data, content_type="application/json")
    second = client.post("/api/funds/ledger-entries/", data, content_type="application/json")
    assert first.status_code == second.status_code == 201 and first.json()["id"] == second.json()["id"]
    bad = client.post("/api/funds/ledger-entries/", dict(data, amount="玖拾玖", token="api-2"),
                      content_type="application/json")
    assert bad.status_code == 400 and "阿拉伯数字" in bad.content.decode()
    services.ledger_propose(actor=officer_a, org=tree["company"], start=D(2025, 5, 1), end=D(2025, 5, 31))
    proposal = LedgerEntry.objects.filter(status="proposed").first()
    booked = client.post(f"/api/funds/ledger-entries/{proposal.pk}/book/", {"voucher_no": "API-1"},
                         content_type="application/json")
    assert booked.status_code == 200 and booked.json()["status"] == "booked"
    client.force_login(officer_b)
    assert client.get(f"/api/funds/ledger-entries/{proposal.pk}/").status_code == 404
    assert client.post(f"/api/funds/ledger-entries/{proposal.pk}/book/", {}, content_type="application/json"
                       ).status_code == 404
    assert client.post("/api/funds/ledger-entries/", dict(data, token="b"), content_type="application/json"
                       ).status_code == 404
    assert client.get("/api/funds/ledger-entries/").json()["count"] == 0


# --- money reconciles to the fen (a property test) ------------------------------------------------------------------

import itertools  # noqa: E402

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from gonghui.core.errors import ServiceError  # noqa: E402
from gonghui.funds.models import INCOME  # noqa: E402
from gonghui.funds.selectors import ledger as ledger_selectors  # noqa: E402
from gonghui.orgs import services as org_services  # noqa: E402
from gonghui.orgs.models import Organization  # noqa: E402
from gonghui.reports import registry  # noqa: E402
from gonghui.reports.periods import Period  # noqa: E402

UNIONS = itertools.count(1)
AMOUNTS = st.decimals(min_value=M("0.01"), max_value=M("999999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(st.sampled_from(Category.values), AMOUNTS, st.integers(1, 12), st.booleans()),
                        min_size=1, max_size=12),
       closed=st.integers(0, 12))
def test_balances_and_vouchers_equal_the_entries_to_the_fen(tree, entries, closed):
    """Whatever the entries, reversals and closed months: each category's yearly balance equals the sum of its
    booked entries (reversals negative), income − spending equals the balance, the figures equal the table, and
    the voucher export's debits equal its credits and the entries' total."""
    org = org_services.org_create(code=f"L{next(UNIONS)}", name="性质测试工会", kind=Organization.Kind.GRASSROOTS,
                                  parent=tree["fed"])
    added = []
    for n, (category, amount, month, reverse) in enumerate(entries):
        entry = services.entry_add(actor=None, org=org, entry_date=D(2025, month, 10), category=category,
                                   amount=amount, summary=f"分录{n}", voucher_no=f"V{n}", token=f"T{n}")
        services.entry_add(actor=None, org=org, entry_date=D(2025, month, 10), category=category, amount=amount,
                           summary=f"分录{n}", voucher_no=f"V{n}", token=f"T{n}")  # the same form again
        added.append((entry, reverse))
    if closed:
        services.month_close(actor=None, org=org, month=D(2025, closed, 1))
    for n, (entry, reverse) in enumerate(added):
        if reverse:
            try:
                services.entry_reverse(actor=None, entry=entry, entry_date=D(2025, 12, 20), reason="冲销",
                                       voucher_no=f"R{n}")
            except ServiceError as exc:
                assert closed == 12 and "已结账" in str(exc)
    booked = list(LedgerEntry.objects.filter(org=org, status="booked"))
    assert len([e for e in booked if not e.reverses_id]) == len(entries)
    class System:  # reads the whole tree
        is_authenticated = True
        is_superuser = True
        person_id = None

    table = ledger_selectors.balances(System(), org=org, year=2025)
    for category in Category.values:
        assert table["totals"][category] == sum((e.amount for e in booked if e.category == category), M("0.00"))
    income = sum((e.amount for e in booked if e.category in INCOME), M("0.00"))
    expense = sum((e.amount for e in booked if e.category not in INCOME), M("0.00"))
    assert (table["income"], table["expense"], table["balance"]) == (income, expense, income - expense)
    figures = registry.compute(["funds.ledger.income", "funds.ledger.expense"], org, Period.year(2025))
    assert (figures["funds.ledger.income"] or M("0")) == income
    assert (figures["funds.ledger.expense"] or M("0")) == expense
    rows = list(ledger_selectors.voucher_rows(LedgerEntry.objects.filter(org=org)))
    debit = sum((r[5] for r in rows if r[5] is not None), M("0.00"))
    credit = sum((r[6] for r in rows if r[6] is not None), M("0.00"))
    assert debit == credit == sum((e.amount for e in booked), M("0.00"))
