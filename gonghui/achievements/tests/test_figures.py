"""Figures of suggestions and honours, and the 建功立业 wording drafted from them."""
import datetime
from decimal import Decimal

from gonghui.achievements.metrics.suggestions import PerHead, PerHeadValue
from gonghui.achievements.models import Grade, Honour, HonourLevel, HonourTitle
from gonghui.achievements.services import honours as honour_services
from gonghui.achievements.services import suggestions as services
from gonghui.core.metrics import Rate
from gonghui.reports import phrasing, registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

from .conftest import DAY, full_scores, submit

CODES = ["achievements.suggestions.received", "achievements.suggestions.per_head",
         "achievements.suggestions.adopted", "achievements.suggestions.adoption_rate",
         "achievements.suggestions.benefit", "achievements.suggestions.first", "achievements.suggestions.authors",
         "achievements.honours.total", "achievements.honours.city_plus", "achievements.honours.people"]


def test_per_head_to_two_decimals_and_its_phrase():
    value = PerHead._rate(2854, 1853)
    assert value == Decimal("1.54") and isinstance(value, PerHeadValue)
    assert phrasing.exact(value, "条").text == "1.54条"
    assert phrasing.rounded(value, "条").text == "1.54条"
    assert phrasing.exact(PerHead._rate(3, 5), "条").text == "0.60条"
    assert PerHead._rate(3, 0) is None


def _year_of_work(w):
    adopted = []
    for i in range(4):
        s = submit(w, title=f"建议{i}", on=DAY + datetime.timedelta(days=i))
        services.suggestion_score(actor=None, suggestion=s, reviewer=w["judges"][0], scores=full_scores(w), on=DAY)
        grade = [Grade.FIRST, Grade.SECOND, Grade.THIRD, Grade.NOT_ADOPTED][i]
        s = services.suggestion_grade(actor=None, suggestion=s, grade=grade, on=datetime.date(2025, 4, 1))
        if grade != Grade.NOT_ADOPTED:
            s = services.suggestion_adopt(actor=None, suggestion=s, department="设备部", on=datetime.date(2025, 4, 2))
            adopted.append(s)
    services.suggestion_benefit(actor=None, suggestion=adopted[0], amount="12000",
                                verified_on=datetime.date(2025, 6, 30))
    services.suggestion_benefit(actor=None, suggestion=adopted[1], amount="3500.5",
                                verified_on=datetime.date(2025, 7, 30))
    submit(w, title="去年的建议", on=datetime.date(2024, 5, 1))
    company = w["company"]
    honour_services.honour_record(actor=None, union=company, kind=Honour.Kind.PERSON, person=w["judges"][1],
                                  title=HonourTitle.MAY_DAY_MEDAL, name="2025年市五一劳动奖章", level=HonourLevel.CITY,
                                  year=2025, awarded_by="市总工会", awarded_on=datetime.date(2025, 4, 28))
    honour_services.honour_record(actor=None, union=company, kind=Honour.Kind.UNIT, unit_name="机修车间",
                                  title=HonourTitle.PIONEER, name="省工人先锋号", level=HonourLevel.PROVINCE,
                                  year=2025, awarded_by="省总工会", awarded_on=datetime.date(2025, 4, 28))
    honour_services.honour_record(actor=None, union=company, kind=Honour.Kind.PERSON, person=w["judges"][2],
                                  title=HonourTitle.ADVANCED_PERSON, name="2025年度先进个人",
                                  level=HonourLevel.INTERNAL, year=2025, awarded_by="甲公司工会",
                                  awarded_on=datetime.date(2025, 12, 20))


def test_figures_of_a_year_and_the_records_behind_them(world):
    _year_of_work(world)
    company = world["company"]
    year = Period.year(2025)
    f = registry.compute(CODES, company, year)
    assert f["achievements.suggestions.received"] == 4
    employees = registry.get("members.employees").compute(company, year.start, year.end)
    assert employees == 5  # the author, the co-author and three judges (周老师 is the school's)
    assert f["achievements.suggestions.per_head"] == (Decimal(4) / employees).quantize(Decimal("0.01"))
    assert f["achievements.suggestions.adopted"] == 3
    assert f["achievements.suggestions.adoption_rate"] == Rate(3, 4)
    assert f["achievements.suggestions.benefit"] == Decimal("15500.50")
    assert f["achievements.suggestions.first"] == 1
    assert f["achievements.suggestions.authors"] == 1
    assert f["achievements.honours.total"] == 3 and f["achievements.honours.city_plus"] == 2
    assert f["achievements.honours.people"] == 2
    records = registry.get("achievements.suggestions.adopted").records(company, year.start, year.end)
    assert sorted(records.values_list("title", flat=True)) == ["建议0", "建议1", "建议2"]
    assert registry.get("achievements.suggestions.received").compute(world["school"], year.start, year.end) == 1


def test_summary_has_the_section(world):
    _year_of_work(world)
    document = build("summary", world["company"], Period.year(2025), style="exact", today=datetime.date(2026, 1, 5))
    body = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    assert "开展建功立业活动" in body, body
    assert "共收到建议4条，人均0.80条" in body, body
    assert "采纳3条，采纳率75%" in body, body
    assert "获市级以上荣誉2项" in body, body
    assert "15,500.50元" in body or "1.55万元" in body, body
