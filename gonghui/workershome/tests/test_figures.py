"""Figures of the workers' home and their wording: 藏书 by source, 借阅人次, 借书率 = loans ÷ holdings (56 ÷ 243),
readers, equipment by kind, bookings and hours; the 职工之家 part of the summary; overdue loans in 存在的问题."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.core.metrics import Rate, compute_many
from gonghui.reports import registry
from gonghui.workershome.models import Book, BookCopy, Booking, Equipment, EquipmentLoan, Loan, Room, Source

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def sample(tree, make_person):
    """The sample's reading room: 243 books (120 bought, 123 donated), 56 loans in the first half of 2025."""
    org = tree["company"]
    readers = [make_person(tree["branch"], f"读者{i}") for i in range(8)]
    book = Book.objects.create(org=org, title="职工读本")
    copies = [BookCopy(book=book, org=org, barcode=f"B{i:06d}", acquired_on=D(2024, 6, 1),
                       source=Source.PURCHASE if i < 120 else Source.DONATION) for i in range(243)]
    BookCopy.objects.bulk_create(copies)
    BookCopy.objects.bulk_create([BookCopy(book=book, org=org, barcode="B900000", source=Source.PURCHASE,
                                           acquired_on=D(2025, 9, 1))])  # after the half year: not held then
    copies = list(BookCopy.objects.filter(book=book).order_by("barcode")[:56])
    Loan.objects.bulk_create([Loan(org=org, copy=c, person=readers[i % 8], lent_on=D(2025, 1 + i % 6, 3),
                                   due_on=D(2025, 1 + i % 6, 28), returned_on=D(2025, 1 + i % 6, 20) if i else None)
                              for i, c in enumerate(copies)])
    racket = Equipment.objects.create(org=org, kind="badminton", name="羽毛球拍", quantity=20)
    chess = Equipment.objects.create(org=org, kind="chess", name="象棋", quantity=10)
    go = Equipment.objects.create(org=org, kind="go", name="围棋", quantity=4)
    for item, qty in ((racket, 10), (chess, 10), (go, 4)):
        EquipmentLoan.objects.create(org=org, equipment=item, kind=item.kind, person=readers[0], quantity=qty,
                                     lent_on=D(2025, 4, 1), due_on=D(2025, 4, 8), returned_on=D(2025, 4, 8))
    room = Room.objects.create(org=org, name="活动室", kind="activity", opens_at=datetime.time(8),
                               closes_at=datetime.time(21))
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    for day, hours in ((D(2025, 3, 3), 2), (D(2025, 3, 4), 1)):
        start = datetime.datetime.combine(day, datetime.time(18), tzinfo=tz)
        Booking.objects.create(org=org, room=room, starts_at=start, ends_at=start + datetime.timedelta(hours=hours),
                               hours=Decimal(hours), purpose="活动")
    return {"org": org}


def test_sample_figures(sample):
    area = next(a for a in registry.by_area() if a.code == "workershome")
    values = compute_many(area.metrics, sample["org"], D(2025, 1, 1), D(2025, 6, 30))
    assert values["workershome.books.holdings"] == 243
    assert values["workershome.books.purchased"] == 120 and values["workershome.books.donated"] == 123
    assert values["workershome.books.upper"] is None
    assert values["workershome.books.loans"] == 56
    rate = values["workershome.books.rate"]
    assert rate == Rate(56, 243) and rate.percent == Decimal("23.0")
    assert values["workershome.books.readers"] == 8
    assert values["workershome.books.overdue"] == 1
    assert values["workershome.equipment.badminton"] == 10 and values["workershome.equipment.go"] == 4
    assert values["workershome.equipment.loans"] == 3
    assert values["workershome.rooms.bookings"] == 2 and values["workershome.rooms.hours"] == Decimal("3")


def test_summary_part_as_the_samples_write_it(sample):
    from gonghui.reports.documents import Heading, Paragraph
    from gonghui.reports.drafting import build
    from gonghui.reports.periods import Period

    doc = build("summary", sample["org"], Period.half(2025, 1),
                style="exact", today=D(2025, 7, 10))
    body = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "加强职工之家建设" in body, body
    assert "职工书屋现有图书243册，其中购置120册、捐赠123册" in body, body
    assert "借阅图书56人次，借书率23" in body, body
    assert "借出羽毛球拍10副、象棋10副、围棋4副" in body, body
    assert "逾期未还" in body, body


def test_dashboard_charts_and_the_rate_card_lists_its_loans(sample, tree, make_user, client):
    """The home's charts (loans by month, holdings by source and by 中图法 class) and the 借书率 card, whose records
    are the period's loans (the numerator) and, on its other tab, the copies held."""
    import re
    from html import unescape

    from gonghui.accounts.roles import Role

    Book.objects.filter(org=sample["org"]).update(category="I")
    officer = make_user("home_dash", Role.OFFICER, sample["org"])
    client.force_login(officer)
    response = client.get("/reports/", {"period": "2025H1", "org": sample["org"].pk})
    assert response.status_code == 200
    charts = {c["code"]: c for c in response.context["charts"]}
    by_month = charts["workershome.loans_by_month"]
    assert sum(int(float(v or 0)) for v in by_month["series"][0]["data"]) == 56
    by_source = charts["workershome.holdings_by_source"]
    assert {k: int(float(v)) for k, v in zip(by_source["categories"], by_source["series"][0]["data"])} == {
        "购置": 120, "捐赠": 123}
    by_class = charts["workershome.holdings_by_class"]
    assert {k: int(float(v)) for k, v in zip(by_class["categories"], by_class["series"][0]["data"])} == {
        "I 文学": 243}
    page = response.content.decode()
    card = re.search(r'<a [^>]*href="([^"]+)" data-code="workershome.books.rate"', page)
    assert card, "the 借书率 card links to its records"
    records = client.get(unescape(card.group(1)))
    assert records.status_code == 200
    # the card opens the rate's records; its 分子 tab lists the period's 56 loans (分母: the 243 copies held)
    tabs = {part: url for part, _, url in records.context["tabs"]}
    loans = client.get(tabs["numerator"])
    assert loans.context["page"].paginator.count == 56 and loans.context["result"].queryset.model is Loan
    assert client.get(tabs["denominator"]).context["page"].paginator.count == 243
