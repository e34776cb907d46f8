"""The demo's funds work: 区总工会's register with the demo unions linked, founding work in progress, and the
建会 clause in last year's summary of 区总工会."""
import io

import pytest
from django.core.management import call_command

from gonghui.demo import builder
from gonghui.funds.models import Employer, FoundingVisit
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_register_and_summary(db):
    call_command("demo", stdout=io.StringIO())
    fed = Organization.objects.get(code=builder.FED_CODE)
    register = Employer.objects.filter(org=fed)
    assert 38 <= register.count() <= 45
    linked = register.filter(union__isnull=False)
    assert set(linked.values_list("union__code", flat=True)) == {"BJ01", "BJ02", "BJ03"}
    assert register.filter(founded_on__isnull=True).count() >= 8
    assert FoundingVisit.objects.filter(org=fed, outcome=FoundingVisit.Outcome.PREPARING,
                                        employer__founded_on__isnull=True).exists()
    last_year = Period.year(builder.today().year - 1)
    rate = registry.get("funds.employers.rate").compute(fed, last_year.start, last_year.end)
    assert 70 < rate.percent < 100, rate
    document = build("summary", fed, last_year, style="exact", today=builder.today())
    body = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    assert "扎实推进建会工作" in body and f"建会率{rate.percent}%" in body, body
    # Dues: each union computed monthly; the company deducts from payroll (100%), the school collects in cash with
    # a few teachers late; the summary says so.
    from gonghui.funds.models import DuesCharge, DuesPayment, DuesReceipt

    company, school = Organization.objects.get(code="BJ01"), Organization.objects.get(code="BJ02")
    figures = registry.compute(["funds.dues.rate", "funds.dues.due", "funds.dues.collected"], company, last_year)
    assert figures["funds.dues.rate"].percent == 100
    school_rate = registry.compute(["funds.dues.rate"], school, last_year)["funds.dues.rate"]
    assert 80 < school_rate.percent < 100, school_rate
    assert DuesCharge.objects.filter(org__path__startswith=school.path, amount__gt=0,
                                     payment__isnull=True).exists()
    assert sum(r.total for r in DuesReceipt.objects.all()) == sum(p.amount for p in DuesPayment.objects.all())
    company_doc = build("summary", company, last_year, style="exact", today=builder.today())
    text = "\n".join(b.text for b in company_doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "会费收缴率100.0%" in text or "会费收缴率100%" in text, text
    # The ledger and union funds: care and dues booked, manual entries, a reversal, closed months, the statements
    # published; the company's summary has its 经费 clause drawn from the books.
    from gonghui.democracy.models import OpenAffairsItem
    from gonghui.funds.models import AllocationArrival, ClosedMonth, LedgerEntry, Remittance

    books = LedgerEntry.objects.filter(org=company)
    assert books.filter(source_key__startswith="care.", status="booked").exists()
    assert books.filter(source_key__startswith="funds.dues:", status="booked").exists()
    assert books.filter(reverses__isnull=False).count() == 1 and ClosedMonth.objects.filter(org=company).exists()
    assert AllocationArrival.objects.filter(org=company).exists() and Remittance.objects.filter(org=company).exists()
    assert OpenAffairsItem.objects.filter(org=company, source="funds.ledger").count() == 2
    fed_books = LedgerEntry.objects.filter(org=fed, source_key__startswith="funds.remitted_in:")
    assert fed_books.count() == Remittance.objects.filter(to_org=fed).count()
    funds = registry.compute(["funds.allocation.rate", "funds.ledger.income", "funds.ledger.expense"], company,
                             last_year)
    assert funds["funds.allocation.rate"].percent == 100
    assert "加强工会经费管理" in text and "经费拨缴率100" in text and "工会经费收入" in text, text
    assert "其中职工活动支出" in text, text
