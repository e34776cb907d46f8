"""Union funds (工会经费): the payroll base and the 2% due, the upward share by the federation's dated rule,
arrivals and remittances booking their ledger entries once (a double click records once), the upper union's
proposal of what was remitted to it, grants, the subtree page and 经费拨缴率."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.errors import ServiceError
from gonghui.funds.models import AllocationArrival, Category, LedgerEntry, Remittance
from gonghui.funds.selectors import allocation as selectors
from gonghui.funds.services import allocation as services
from gonghui.funds.services import ledger

D = datetime.date
M = Decimal


def test_base_due_and_upward_share_by_dated_rule(tree, officer_a, make_user):
    from gonghui.accounts.roles import Role

    fed_officer = make_user("fed", Role.OFFICER, tree["fed"])
    a = tree["company"]
    base = services.base_set(actor=officer_a, org=a, month=D(2025, 1, 15), payroll="1,234,567.89元", employees=300)
    assert (base.month, base.payroll, base.due) == (D(2025, 1, 1), M("1234567.89"), M("24691.36"))
    assert base.upward_due == M("9876.54")  # 40% by default, half-up to the fen
    services.policy_set(actor=fed_officer, org=tree["fed"], effective_from=D(2025, 3, 1), upward_share="30%")
    march = services.base_set(actor=officer_a, org=a, month=D(2025, 3, 1), payroll="1000000")
    assert (march.due, march.upward_share, march.upward_due) == (M("20000.00"), M("0.3000"), M("6000.00"))
    assert services.base_set(actor=officer_a, org=a, month=D(2025, 1, 1), payroll="1000000").upward_due == M("8000.00")
    with pytest.raises(ServiceError, match="阿拉伯数字"):
        services.base_set(actor=officer_a, org=a, month=D(2025, 4, 1), payroll="壹佰万")
    with pytest.raises(ServiceError, match="上解比例应在0至100%之间"):
        services.policy_set(actor=officer_a, org=a, effective_from=D(2025, 3, 1), upward_share="140%")
    with pytest.raises(ServiceError) as err:
        services.base_set(actor=officer_a, org=tree["school"], month=D(2025, 1, 1), payroll="100")
    assert err.value.code == "out_of_scope"


def test_arrival_and_remittance_book_once_and_reach_the_upper_union(tree, officer_a, make_user):
    from gonghui.accounts.roles import Role

    a, fed = tree["company"], tree["fed"]
    arrival = services.arrival_add(actor=officer_a, org=a, month=D(2025, 3, 1), arrived_on=D(2025, 4, 10),
                                   amount="20000", payer="甲公司", voucher_no="记-0410", token="x1")
    again = services.arrival_add(actor=officer_a, org=a, month=D(2025, 3, 1), arrived_on=D(2025, 4, 10),
                                 amount="20000", payer="甲公司", voucher_no="记-0410", token="x1")
    assert again.pk == arrival.pk and AllocationArrival.objects.count() == 1
    entry = arrival.entry
    assert (entry.category, entry.amount, entry.status, entry.voucher_no) == (
        Category.ALLOCATION, M("20000.00"), LedgerEntry.Status.BOOKED, "记-0410")
    assert entry.source_key == f"funds.allocation:{arrival.pk}"
    remit = services.remittance_add(actor=officer_a, org=a, month=D(2025, 3, 1), remitted_on=D(2025, 4, 15),
                                    amount="8000", voucher_no="记-0415")
    assert remit.to_org == fed and remit.entry.category == Category.REMITTANCE and remit.entry.direction == "out"
    # a closed month refuses an arrival dated in it, and nothing of it is kept
    ledger.month_close(actor=officer_a, org=a, month=D(2025, 5, 1))
    with pytest.raises(ServiceError, match="已结账"):
        services.arrival_add(actor=officer_a, org=a, month=D(2025, 4, 1), arrived_on=D(2025, 5, 10), amount="100")
    assert AllocationArrival.objects.count() == 1
    # the federation's treasurer gets the remittance as a proposal, once
    fed_officer = make_user("fed", Role.OFFICER, fed)
    result = ledger.ledger_propose(actor=fed_officer, org=fed, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert result.by_source == {"funds.remitted_in": 1}
    proposal = LedgerEntry.objects.get(org=fed)
    assert (proposal.category, proposal.amount, proposal.status) == (Category.ALLOCATION, M("8000.00"), "proposed")
    assert ledger.ledger_propose(actor=fed_officer, org=fed, start=D(2025, 1, 1), end=D(2025, 12, 31)).created == 0
    with pytest.raises(ServiceError, match="没有上级工会"):
        services.remittance_add(actor=fed_officer, org=fed, month=D(2025, 3, 1), remitted_on=D(2025, 4, 1),
                                amount="1")
    grant = services.grant_add(actor=officer_a, org=a, category=Category.ADMIN_GRANT, entry_date=D(2025, 6, 1),
                               amount="30000", counterparty="甲公司")
    assert grant.summary == "收甲公司行政补助" and grant.direction == "in"
    with pytest.raises(ServiceError, match="补助类别"):
        services.grant_add(actor=officer_a, org=a, category=Category.DUES, entry_date=D(2025, 6, 1), amount="1",
                           counterparty="x")


def test_subtree_page_and_rate(client, tree, officer_a, officer_b, make_user):
    from gonghui.accounts.roles import Role

    a, b = tree["company"], tree["school"]
    for month in (D(2025, 1, 1), D(2025, 2, 1)):
        services.base_set(actor=officer_a, org=a, month=month, payroll="500000")  # due 10,000 a month
        services.base_set(actor=officer_b, org=b, month=month, payroll="250000")  # due 5,000
    services.arrival_add(actor=officer_a, org=a, month=D(2025, 1, 1), arrived_on=D(2025, 2, 5), amount="10000")
    services.arrival_add(actor=officer_a, org=a, month=D(2025, 2, 1), arrived_on=D(2025, 3, 5), amount="10000")
    services.arrival_add(actor=officer_b, org=b, month=D(2025, 1, 1), arrived_on=D(2025, 2, 5), amount="5000")
    fed_officer = make_user("fed", Role.OFFICER, tree["fed"])
    rows = {r["org"].code: r for r in selectors.subtree(fed_officer, org=tree["fed"], year=2025)}
    assert rows["A"]["rate"] == "100.0%" and rows["B"]["rate"] == "50.0%" and rows["B"]["owing"] == M("5000.00")
    assert not rows["FED"]["recorded"] or rows["FED"]["due"] is None
    client.force_login(fed_officer)
    session = client.session
    session["current_org"] = tree["fed"].pk
    session.save()
    body = client.get(reverse("funds:allocation_subtree"), {"year": 2025}).content.decode()
    assert "乙学校工会" in body and 'id="subtree-rate">83.3%' in body
    # the school sees only its own
    assert {r["org"].code for r in selectors.subtree(officer_b, org=b, year=2025)} == {"B"}
    client.force_login(officer_a)
    session = client.session
    session["current_org"] = a.pk
    session.save()
    body = client.get(reverse("funds:allocation"), {"year": 2025}).content.decode()
    assert 'id="total-due">20000.00' in body and 'id="allocation-rate">100.0%' in body
    response = client.post(reverse("funds:allocation_arrival"), {
        "month": "2025-03", "arrived_on": "2025-04-08", "amount": "10,000", "payer": "甲公司", "token": "tok"})
    client.post(reverse("funds:allocation_arrival"), {
        "month": "2025-03", "arrived_on": "2025-04-08", "amount": "10,000", "payer": "甲公司", "token": "tok"})
    assert response.status_code == 302 and AllocationArrival.objects.filter(org=a, month=D(2025, 3, 1)).count() == 1
    client.post(reverse("funds:allocation_remittance"), {"month": "2025-03", "remitted_on": "2025-04-09",
                                                         "amount": "4000", "token": "r"})
    assert Remittance.objects.get(org=a).amount == M("4000.00")


def test_bad_input_is_refused_with_a_reason(tree, officer_a):
    a = tree["company"]
    future = datetime.date.today().replace(day=1) + datetime.timedelta(days=40)
    with pytest.raises(ServiceError, match="尚未到来"):
        services.base_set(actor=officer_a, org=a, month=future, payroll="100")
    with pytest.raises(ServiceError, match="请填写日期"):
        services.arrival_add(actor=officer_a, org=a, month=D(2025, 1, 1), arrived_on=None, amount="100")
    with pytest.raises(ServiceError, match="在今天之后"):
        services.remittance_add(actor=officer_a, org=a, month=D(2025, 1, 1), remitted_on=future, amount="100")
    with pytest.raises(ServiceError, match="大于0"):
        services.arrival_add(actor=officer_a, org=a, month=D(2025, 1, 1), arrived_on=D(2025, 2, 1), amount="-5")
    assert not AllocationArrival.objects.exists() and not Remittance.objects.exists()
