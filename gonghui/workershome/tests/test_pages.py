"""Pages of the workers' home: the officer's catalogue, circulation by ISBN, loans, labels, exports, rooms and
equipment; the member's phone pages; another union's ids answer 404."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.workershome.models import Book, Booking, EquipmentLoan, Loan, Reservation

from .test_rooms import next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, home):
    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    return client


def test_catalogue_add_book_with_copies_and_labels(officer_client, home):
    c = officer_client
    page = c.get(reverse("workershome:book_list")).content.decode()
    assert "平凡的世界" in page and 'id="holdings">2<' in page
    bad = c.post(reverse("workershome:book_add"), {"isbn": "9787020002208", "title": "红楼梦", "count": 1,
                                                   "source": "donation", "acquired_on": "2025-03-01"})
    assert "校验位有误（应为7）" in bad.content.decode()
    ok = c.post(reverse("workershome:book_add"), {"isbn": "978-7-02-000220-7", "title": "红楼梦", "author": "曹雪芹",
                                                  "category": "I", "count": 3, "source": "donation",
                                                  "donor": "退休职工老张", "acquired_on": "2025-03-01"})
    assert ok.status_code == 302
    book = Book.objects.get(isbn="9787020002207")
    assert book.copies.count() == 3
    labels = c.get(reverse("workershome:labels") + f"?book={book.pk}").content.decode()
    assert labels.count("<svg") == 3 and "B000003" in labels and "B000005" in labels
    export = c.get(reverse("workershome:book_list") + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_circulation_lend_by_isbn_return_and_twice(officer_client, home):
    c = officer_client
    url = reverse("workershome:circulation")
    assert c.get(url).status_code == 200
    r = c.post(url, {"action": "lend", "code": "9787536692930", "person": "王芳"}, follow=True)
    assert "已借出：《平凡的世界》（条码B000001）给王芳" in r.content.decode()
    busy = c.post(url, {"action": "lend", "code": "B000001", "person": "李强"})
    assert "已借出（借阅人王芳" in busy.content.decode()
    nobody = c.post(url, {"action": "lend", "code": "B000002", "person": "不存在"})
    assert "本会没有会员编号或姓名为“不存在”的人员" in nobody.content.decode()
    back = c.post(url, {"action": "return", "code": "9787536692930"}, follow=True)
    assert "已归还：《平凡的世界》（条码B000001）" in back.content.decode()
    twice = c.post(url, {"action": "return", "code": "B000001"})
    assert "不能重复归还" in twice.content.decode()
    assert Loan.objects.filter(returned_on__isnull=False).count() == 1


def test_loans_list_overdue_renew_return_and_export(officer_client, home):
    from gonghui.workershome.services import books as services

    old = services.lend(actor=None, org=home["org"], code="B000001", person=home["members"][0],
                        lent_on=localdate() - datetime.timedelta(days=45))
    services.lend(actor=None, org=home["org"], code="B000002", person=home["members"][1])
    c = officer_client
    page = c.get(reverse("workershome:loan_list") + "?state=overdue").content.decode()
    assert "王芳" in page and "李强" not in page and "逾期15天" in page
    refused = c.post(reverse("workershome:loan_renew", args=[old.pk]))
    assert "逾期图书不能续借" in refused.content.decode()
    assert c.post(reverse("workershome:loan_return", args=[old.pk])).status_code == 302
    export = c.get(reverse("workershome:loan_list") + "?export=xlsx")
    assert export.status_code == 200


def test_rooms_booking_pages_and_equipment(officer_client, home):
    c = officer_client
    day = next_weekday(2)
    assert "职工活动室" in c.get(reverse("workershome:room_list")).content.decode()
    url = reverse("workershome:room_detail", args=[home["room"].pk])
    r = c.post(url, {"day": day.isoformat(), "starts": "14:00", "ends": "16:00", "purpose": "工会委员会会议"})
    assert r.status_code == 302
    clash = c.post(url, {"day": day.isoformat(), "starts": "15:00", "ends": "17:00", "purpose": "又一个会"})
    assert "冲突" in clash.content.decode()
    late = c.post(url, {"day": day.isoformat(), "starts": "20:00", "ends": "22:00", "purpose": "夜场"})
    assert "超出开放时间" in late.content.decode()
    b = Booking.objects.get()
    assert "工会委员会会议" in c.get(reverse("workershome:booking_list")).content.decode()
    assert c.get(reverse("workershome:booking_list") + "?export=xlsx").status_code == 200
    assert c.post(reverse("workershome:booking_cancel", args=[b.pk])).status_code == 302
    r = c.post(reverse("workershome:equipment_add"), {"kind": "badminton", "name": "羽毛球拍", "quantity": 10})
    assert r.status_code == 302
    from gonghui.workershome.models import Equipment

    racket = Equipment.objects.get()
    assert c.post(reverse("workershome:equipment_lend", args=[racket.pk]),
                  {"person": "李强", "quantity": 2}).status_code == 302
    too_many = c.post(reverse("workershome:equipment_lend", args=[racket.pk]), {"person": "王芳", "quantity": 9})
    assert "现只有8副可借" in too_many.content.decode()
    loan = EquipmentLoan.objects.get()
    assert c.post(reverse("workershome:equipment_return", args=[loan.pk])).status_code == 302
    again = c.post(reverse("workershome:equipment_return", args=[loan.pk]))
    assert "不能重复归还" in again.content.decode()
    assert c.get(reverse("workershome:equipment_loans") + "?export=xlsx").status_code == 200


def test_member_searches_reserves_renews_and_books_a_room(client, home):
    from gonghui.workershome.services import books as services

    client.force_login(home["member_users"][2])
    page = client.get(reverse("workershome:my_books") + "?q=路遥").content.decode()
    assert "平凡的世界" in page and "在架2册" in page
    assert client.get(reverse("workershome:my_books") + "?q=9787536692930").content.decode().count("平凡的世界") >= 1
    r = client.post(reverse("workershome:my_reserve", args=[home["book"].pk]), follow=True)
    assert "已预约《平凡的世界》" in r.content.decode()
    client.post(reverse("workershome:my_reserve", args=[home["book"].pk]))   # a double tap
    assert Reservation.objects.filter(status="waiting").count() == 1
    services.lend(actor=None, org=home["org"], code="B000001", person=home["members"][2])
    mine = client.get(reverse("workershome:my_loans")).content.decode()
    assert "平凡的世界" in mine and "应还" in mine
    loan = Loan.objects.get()
    r = client.post(reverse("workershome:my_renew", args=[loan.pk]), follow=True)
    assert "已续借" in r.content.decode()
    rooms = client.get(reverse("workershome:my_rooms")).content.decode()
    assert "职工活动室" in rooms
    day = next_weekday(3)
    url = reverse("workershome:my_room", args=[home["room"].pk])
    r = client.post(url, {"day": day.isoformat(), "starts": "19:00", "ends": "20:00", "purpose": "读书会"})
    assert r.status_code == 302
    b = Booking.objects.get()
    assert b.person == home["members"][2]
    assert client.post(reverse("workershome:my_booking_cancel", args=[b.pk])).status_code == 302
    services_page = client.get(reverse("portal:member_services")).content.decode()
    assert reverse("workershome:my_books") in services_page and reverse("workershome:my_rooms") in services_page
    assert reverse("workershome:my_loans") in client.get(reverse("portal:member_me")).content.decode()
    assert client.get(reverse("workershome:book_list")).status_code == 404   # officers' pages


def test_another_member_and_union_get_404(client, home, tree, make_user, officer_b):
    from gonghui.workershome.services import books as services

    loan = services.lend(actor=None, org=home["org"], code="B000001", person=home["members"][0])
    client.force_login(home["member_users"][1])
    assert client.post(reverse("workershome:my_renew", args=[loan.pk])).status_code == 404
    client.force_login(officer_b)
    for name, pk in (("workershome:book_detail", home["book"].pk), ("workershome:copies_add", home["book"].pk),
                     ("workershome:loan_renew", loan.pk), ("workershome:loan_return", loan.pk),
                     ("workershome:room_detail", home["room"].pk)):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert "平凡的世界" not in client.get(reverse("workershome:book_list")).content.decode()


def test_api_lend_return_book_and_scope(home, officer_b):
    from rest_framework.test import APIClient

    from .test_rooms import at

    api = APIClient()
    api.force_authenticate(home["officer"])
    books = api.get("/api/workershome/books/").json()
    assert [b["title"] for b in books["results"]] == ["平凡的世界"] and books["results"][0]["shelf_count"] == 2
    lent = api.post("/api/workershome/loans/", {"org": home["org"].pk, "code": "9787536692930", "person": "王芳"},
                    format="json")
    assert lent.status_code == 201 and lent.json()["barcode"] == "B000001"
    loan_id = lent.json()["id"]
    assert api.post(f"/api/workershome/loans/{loan_id}/return/").status_code == 200
    twice = api.post(f"/api/workershome/loans/{loan_id}/return/")
    assert twice.status_code == 400 and "不能重复归还" in twice.json()["detail"]
    day = next_weekday(2)
    body = {"room": home["room"].pk, "starts_at": at(day, 10).isoformat(), "ends_at": at(day, 11).isoformat(),
            "purpose": "会议"}
    assert api.post("/api/workershome/bookings/", body, format="json").status_code == 201
    clash = api.post("/api/workershome/bookings/", body, format="json")
    assert clash.status_code == 400 and "冲突" in clash.json()["detail"]
    other = APIClient()
    other.force_authenticate(officer_b)
    assert other.get(f"/api/workershome/loans/{loan_id}/").status_code == 404
    assert other.get(f"/api/workershome/books/{home['book'].pk}/").status_code == 404
    assert other.post(f"/api/workershome/loans/{loan_id}/return/").status_code == 404
    assert other.get("/api/workershome/books/").json()["count"] == 0
