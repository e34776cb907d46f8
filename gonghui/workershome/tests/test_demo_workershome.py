"""The demo's workers' home: reading rooms of a few hundred books, a year and more of loans, equipment loans and
bookings; last year's summary of the company union has its 职工之家 part with figures from these records."""
import io

import pytest
from django.core.management import call_command

from gonghui.demo import builder
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period
from gonghui.workershome.models import BookCopy, Booking, EquipmentLoan, Loan


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_home_and_summary(db):
    call_command("demo", stdout=io.StringIO())
    company = Organization.objects.get(code="BJ01")
    assert 200 <= BookCopy.objects.filter(org=company).count() <= 400
    last_year = Period.year(builder.today().year - 1)
    figures = registry.compute(["workershome.books.holdings", "workershome.books.loans", "workershome.books.rate",
                                "workershome.equipment.loans", "workershome.rooms.bookings"], company, last_year)
    assert figures["workershome.books.loans"] > 100 and figures["workershome.equipment.loans"] > 50, figures
    assert 20 < figures["workershome.books.rate"].percent < 120, figures
    assert Loan.objects.filter(org=company, returned_on__isnull=True).exists()
    assert Booking.objects.filter(org=company).count() > 200 and EquipmentLoan.objects.exists()
    document = build("summary", company, last_year, style="exact", today=builder.today())
    body = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    holdings = figures["workershome.books.holdings"]
    assert f"职工书屋现有图书{holdings}册，其中购置" in body, body
    assert f"借书率{figures['workershome.books.rate'].percent}%" in body, body
    assert "借出羽毛球拍" in body, body
    from gonghui.workershome.models import Accreditation, StockTake

    assert Accreditation.objects.get(org=company).title == f"{last_year.start.year}年度模范职工之家"
    take = StockTake.objects.get(org=company)
    assert take.status == "approved" and take.lines.filter(written_off__gt=0).count() == 2
    # the title through the flow: evidence files, 验收 by the federation in December, one honour, said in the summary
    from gonghui.achievements.models import Honour
    from gonghui.workershome.models import AccreditationEvidence, EReadingLink

    title = f"{last_year.start.year}年度模范职工之家"
    acc = Accreditation.objects.get(org=company)
    assert acc.awarded_by == "滨江区总工会" and acc.inspected_on.year == last_year.start.year
    files = AccreditationEvidence.objects.filter(item__accreditation=acc)
    assert files.count() == 4 and files.exclude(thumb="").count() == 3
    assert Honour.objects.filter(org=company, name=title, kind="unit", level="county").count() == 1
    assert f"被滨江区总工会评为“{title}”" in body, body
    assert EReadingLink.objects.filter(org=company).count() == 3
