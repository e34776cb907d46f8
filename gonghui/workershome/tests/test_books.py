"""The reading room: catalogue, copies with their barcodes, loans (lend, renew, take back), reservations, limits."""
from __future__ import annotations

import datetime

import pytest
from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError
from gonghui.workershome.models import Book, BookCopy, Loan, Reservation, Source
from gonghui.workershome.services import books as services

pytestmark = pytest.mark.django_db


def test_catalogue_checks_isbn_and_one_title_per_isbn(home):
    with pytest.raises(ServiceError, match="校验位有误（应为0）"):
        services.book_create(actor=home["officer"], org=home["org"], title="三体", isbn="9787536692931")
    with pytest.raises(ServiceError, match="已有ISBN为9787536692930的图书《平凡的世界》"):
        services.book_create(actor=home["officer"], org=home["org"], title="又一本", isbn="7536692935")
    book = services.book_create(actor=home["officer"], org=home["org"], title="红楼梦", isbn="7-02-000220-X",
                                category="文学")
    assert book.isbn == "9787020002207" and book.category == "I"
    with pytest.raises(ServiceError, match="不是中图法基本大类"):
        services.book_create(actor=home["officer"], org=home["org"], title="怪书", category="魔法")


def test_copies_get_their_own_barcodes(home):
    more = services.copies_add(actor=home["officer"], book=home["book"], count=3, source=Source.DONATION,
                               donor="工会女工委")
    codes = [c.barcode for c in home["copies"] + more]
    assert codes == ["B000001", "B000002", "B000003", "B000004", "B000005"]
    assert BookCopy.objects.filter(book=home["book"], source=Source.DONATION).count() == 3


def test_lend_by_isbn_then_copy_out_and_return_twice(home):
    officer, org, (wang, li, zhao) = home["officer"], home["org"], home["members"]
    loan = services.lend(actor=officer, org=org, code="978-7-5366-9293-0", person=wang)
    assert loan.copy.barcode == "B000001" and loan.due_on == localdate() + datetime.timedelta(days=30)
    loan2 = services.lend(actor=officer, org=org, code="9787536692930", person=li)
    assert loan2.copy.barcode == "B000002"
    with pytest.raises(ServiceError, match="共2册，均已借出"):
        services.lend(actor=officer, org=org, code="9787536692930", person=zhao)
    with pytest.raises(ServiceError, match=r"《平凡的世界》（条码B000001）已借出（借阅人王芳"):
        services.lend(actor=officer, org=org, code="B000001", person=zhao)
    back = services.take_back(actor=officer, org=org, code="b000001")
    assert back.returned_on == localdate()
    with pytest.raises(ServiceError, match="当前未借出，最近一次已于.*归还，不能重复归还"):
        services.take_back(actor=officer, org=org, code="B000001")
    with pytest.raises(ServiceError, match="不能重复归还"):
        services.take_back(actor=officer, org=org, loan=back)
    assert BookCopy.objects.get(barcode="B000001").state == BookCopy.State.SHELF


def test_database_holds_one_open_loan_per_copy(home):
    from django.db import IntegrityError, transaction

    copy, wang, li = home["copies"][0], *home["members"][:2]
    Loan.objects.create(org=home["org"], copy=copy, person=wang, lent_on=localdate(), due_on=localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(org=home["org"], copy=copy, person=li, lent_on=localdate(), due_on=localdate())


def test_per_member_limit_and_outsiders(home, monkeypatch):
    officer, org, wang = home["officer"], home["org"], home["members"][0]
    monkeypatch.setattr(services, "LOAN_LIMIT", 1)
    services.lend(actor=officer, org=org, code="B000001", person=wang)
    with pytest.raises(ServiceError, match="已借1册未还，达到每人最多借阅1册的上限"):
        services.lend(actor=officer, org=org, code="B000002", person=wang)
    with pytest.raises(ServiceError, match="不在本会范围内"):
        services.lend(actor=officer, org=org, code="B000002", person=home["outsider"])
    with pytest.raises(ServiceError, match="既不是本书屋的册条码号，也不是有效的ISBN"):
        services.lend(actor=officer, org=org, code="X1", person=wang)


def test_renew_once_not_overdue_not_when_reserved(home):
    officer, org, (wang, li, _) = home["officer"], home["org"], home["members"]
    loan = services.lend(actor=officer, org=org, code="B000001", person=wang)
    due = loan.due_on
    loan = services.renew(actor=home["member_users"][0], loan=loan)
    assert loan.due_on == due + datetime.timedelta(days=30) and loan.renewals == 1
    with pytest.raises(ServiceError, match="最多续借1次"):
        services.renew(actor=officer, loan=loan)
    with pytest.raises(ServiceError, match="未找到该册"):
        services.renew(actor=home["member_users"][1], loan=loan)   # another member's loan
    old = services.lend(actor=officer, org=org, code="B000002", person=li,
                        lent_on=localdate() - datetime.timedelta(days=40))
    with pytest.raises(ServiceError, match="逾期图书不能续借"):
        services.renew(actor=officer, loan=old)


def test_reserve_from_phone_is_idempotent_and_fulfilled_by_lending(home):
    from gonghui.portal.models import Message

    officer, org, (wang, li, zhao) = home["officer"], home["org"], home["members"]
    zhao_user = home["member_users"][2]
    services.lend(actor=officer, org=org, code="B000001", person=wang)
    services.lend(actor=officer, org=org, code="B000002", person=li)
    r, created = services.reserve(actor=zhao_user, book=home["book"])
    again, created2 = services.reserve(actor=zhao_user, book=home["book"])
    assert created and not created2 and again.pk == r.pk
    with pytest.raises(ServiceError, match="有其他读者在预约，不能续借"):
        services.renew(actor=officer, loan=Loan.objects.get(copy__barcode="B000001"))
    services.take_back(actor=officer, org=org, code="B000001")
    assert Message.objects.filter(recipient=zhao_user, title__contains="已可借阅").count() == 1
    services.lend(actor=officer, org=org, code="B000001", person=zhao)
    r.refresh_from_db()
    assert r.status == Reservation.Status.LENT


def test_member_cannot_reserve_another_unions_book(home, tree, make_user):
    from gonghui.accounts.roles import Role

    school_book = Book.objects.create(org=tree["school"], title="校本书")
    with pytest.raises(ServiceError) as exc:
        services.reserve(actor=home["member_users"][0], book=school_book)
    assert exc.value.code == "out_of_scope"
