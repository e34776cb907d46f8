"""The ledger's core (收支账): entries by hand, voucher numbers, closed months, reversing entries, and proposals from
other areas through the link point — a care payment proposed once, booked once, a refused one never again."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.care.models import Assistance, Condolence, Occasion, RecipientKind
from gonghui.core.errors import ServiceError
from gonghui.funds import links
from gonghui.funds.models import Category, ClosedMonth, LedgerEntry
from gonghui.funds.selectors import ledger as selectors
from gonghui.funds.services import ledger as services

D = datetime.date
M = Decimal


def _add(actor, org, **kw):
    values = dict(entry_date=D(2025, 3, 5), category=Category.ACTIVITIES, amount="1,200.00元", summary="春游车费",
                  counterparty="某客运公司", voucher_no="")
    values.update(kw)
    return services.entry_add(actor=actor, org=org, **values)


def test_amounts_as_treasurers_type_them():
    assert services.parse_amount("4,500.00元") == M("4500.00")
    assert services.parse_amount("４５００") == M("4500.00")
    assert services.parse_amount("￥12.5") == M("12.50")
    with pytest.raises(ServiceError, match="不是数字.*阿拉伯数字"):
        services.parse_amount("肆仟伍佰")
    with pytest.raises(ServiceError, match="大于0"):
        services.parse_amount("0")
    with pytest.raises(ServiceError, match="精确到分"):
        services.parse_amount("1.005")
    with pytest.raises(TypeError):
        services.parse_amount(1.5)


def test_entry_voucher_once_direction_and_scope(tree, officer_a, officer_b):
    entry = _add(officer_a, tree["company"], voucher_no="记-2025-003")
    assert entry.amount == M("1200.00") and entry.direction == "out" and entry.status == LedgerEntry.Status.BOOKED
    income = _add(officer_a, tree["company"], category=Category.ALLOCATION, amount="50000", summary="行政拨缴2%经费")
    assert income.direction == "in"
    with pytest.raises(ServiceError, match="凭证号记-2025-003已使用"):
        _add(officer_a, tree["company"], voucher_no="记-2025-003")
    _add(officer_b, tree["school"], voucher_no="记-2025-003")  # another union's books have their own numbers
    with pytest.raises(ServiceError) as err:
        _add(officer_b, tree["company"])
    assert err.value.code == "out_of_scope"
    with pytest.raises(ServiceError, match="摘要"):
        _add(officer_a, tree["company"], summary=" ")
    with pytest.raises(ServiceError, match="切换到一个工会"):
        _add(officer_a, tree["branch"])
    assert set(selectors.entries(officer_b).values_list("org__code", flat=True)) == {"B"}


def test_closed_month_refuses_and_reversal_corrects(tree, officer_a):
    entry = _add(officer_a, tree["company"], voucher_no="1")
    services.month_close(actor=officer_a, org=tree["company"], month=D(2025, 3, 20))
    assert services.month_close(actor=officer_a, org=tree["company"], month=D(2025, 3, 1)).month == D(2025, 3, 1)
    assert ClosedMonth.objects.filter(org=tree["company"]).count() == 1
    with pytest.raises(ServiceError, match="2025年3月已结账"):
        _add(officer_a, tree["company"], entry_date=D(2025, 3, 28))
    with pytest.raises(ServiceError, match="已结账"):
        services.entry_reverse(actor=officer_a, entry=entry, entry_date=D(2025, 3, 30), reason="重复报销")
    reversal = services.entry_reverse(actor=officer_a, entry=entry, entry_date=D(2025, 4, 2), reason="重复报销",
                                      voucher_no="2")
    assert reversal.amount == M("-1200.00") and reversal.reverses == entry and reversal.category == entry.category
    with pytest.raises(ServiceError, match="已冲销过"):
        services.entry_reverse(actor=officer_a, entry=entry, entry_date=D(2025, 4, 2), reason="再来一次")
    with pytest.raises(ServiceError, match="冲销分录不能再冲销"):
        services.entry_reverse(actor=officer_a, entry=reversal, entry_date=D(2025, 4, 2), reason="x")
    totals = selectors.balances(officer_a, org=tree["company"], year=2025)
    assert totals["totals"][Category.ACTIVITIES] == M("0.00")
    assert totals["months"][Category.ACTIVITIES] == {3: M("1200.00"), 4: M("-1200.00")}


@pytest.fixture
def paid(tree, make_person):
    person = make_person(tree["company"], "李四")
    aid = Assistance.objects.create(org=tree["company"], person=person, kind=Assistance.Kind.DAILY,
                                    amount=M("2000.00"), applied_on=D(2025, 5, 3), status=Assistance.Status.DISBURSED,
                                    disbursed_on=D(2025, 5, 10), reason="家庭困难（不应出现在账上）")
    gift = Assistance.objects.create(org=tree["company"], person=person, kind=Assistance.Kind.FESTIVAL,
                                     amount=M("300.00"), applied_on=D(2025, 1, 3), status=Assistance.Status.DISBURSED,
                                     disbursed_on=D(2025, 1, 20))
    Assistance.objects.create(org=tree["company"], person=person, kind=Assistance.Kind.DAILY, amount=M("500.00"),
                              applied_on=D(2025, 5, 3), status=Assistance.Status.APPROVED)  # not paid yet
    visit = Condolence.objects.create(org=tree["company"], person=person, recipient_kind=RecipientKind.SERVING,
                                      occasion=Occasion.HOSPITAL, visited_on=D(2025, 6, 1), amount=M("500.00"))
    Condolence.objects.create(org=tree["company"], person=person, recipient_kind=RecipientKind.SERVING,
                              occasion=Occasion.HOSPITAL, visited_on=D(2025, 6, 2), amount=M("0.00"),
                              form=Condolence.Form.VISIT_ONLY)
    return {"aid": aid, "gift": gift, "visit": visit}


def test_care_payments_are_proposed_once_and_booked_once(tree, officer_a, officer_b, paid):
    assert {"care.assistance", "care.condolence", "funds.dues"} <= {s.key for s in links.sources()}
    result = services.ledger_propose(actor=officer_a, org=tree["company"], start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert result.created == 3 and result.by_source == {"care.assistance": 2, "care.condolence": 1}
    again = services.ledger_propose(actor=officer_a, org=tree["company"], start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert again.created == 0 and again.known == 3
    aid = LedgerEntry.objects.get(source_key=f"care.assistance:{paid['aid'].pk}")
    assert (aid.status, aid.category, aid.amount) == (LedgerEntry.Status.PROPOSED, Category.RIGHTS, M("2000.00"))
    assert "家庭困难" not in aid.summary and "李四" in aid.summary
    gift = LedgerEntry.objects.get(source_key=f"care.assistance:{paid['gift'].pk}")
    assert gift.category == Category.ACTIVITIES
    # proposals are not in the books until booked
    assert selectors.balances(officer_a, org=tree["company"], year=2025)["expense"] == M("0.00")
    with pytest.raises(ServiceError) as err:
        services.entry_book(actor=officer_b, entry=aid, voucher_no="9")
    assert err.value.code == "out_of_scope"
    services.entry_book(actor=officer_a, entry=aid, voucher_no="记-0510")
    services.entry_book(actor=officer_a, entry=aid, voucher_no="记-0511")  # a double click: booked once
    aid.refresh_from_db()
    assert aid.status == LedgerEntry.Status.BOOKED and aid.voucher_no == "记-0510"
    services.entry_reject(actor=officer_a, entry=gift, reason="已由行政福利费列支")
    with pytest.raises(ServiceError, match="不能再记账"):
        services.entry_book(actor=officer_a, entry=gift)
    with pytest.raises(ServiceError, match="冲销"):
        services.entry_reject(actor=officer_a, entry=aid, reason="x")
    services.ledger_propose(actor=officer_a, org=tree["company"], start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert LedgerEntry.objects.filter(org=tree["company"]).count() == 3  # nothing proposed twice, refused stays
    assert selectors.balances(officer_a, org=tree["company"], year=2025)["expense"] == M("2000.00")
    # the month with a proposal still waiting cannot be closed
    with pytest.raises(ServiceError, match="1条待入账"):
        services.month_close(actor=officer_a, org=tree["company"], month=D(2025, 6, 1))
    # the school proposes nothing of the company's
    assert services.ledger_propose(actor=officer_b, org=tree["school"], start=D(2025, 1, 1),
                                   end=D(2025, 12, 31)).created == 0
