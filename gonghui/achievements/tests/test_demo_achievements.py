"""The demo's 建功立业 work: ~500 suggestions in every state, honours at every level, and the company's summary of
last year with its 建功立业 section whose figures (人均 to two decimals, 采纳率) list their records."""
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from gonghui.achievements.models import Honour, HonourLevel, Suggestion
from gonghui.demo import builder
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_suggestions_honours_and_summary(db):
    call_command("demo", stdout=io.StringIO())
    assert 450 <= Suggestion.objects.count() <= 550
    states = set(Suggestion.objects.values_list("state", flat=True))
    assert states >= {"submitted", "reviewing", "graded", "not_adopted", "adopted", "implemented", "verified"}, states
    levels = set(Honour.objects.filter(state=Honour.State.APPROVED).values_list("level", flat=True))
    assert levels == set(HonourLevel.values)
    company = Organization.objects.get(code="BJ01")
    last = Period.year(builder.today().year - 1)
    codes = ["achievements.suggestions.received", "achievements.suggestions.per_head", "members.employees",
             "achievements.suggestions.adopted", "achievements.suggestions.adoption_rate",
             "achievements.honours.city_plus"]
    f = registry.compute(codes, company, last)
    received, employees = f["achievements.suggestions.received"], f["members.employees"]
    assert f["achievements.suggestions.per_head"] == (Decimal(received) / employees).quantize(Decimal("0.01"))
    rate = f["achievements.suggestions.adoption_rate"]
    assert rate.numerator == f["achievements.suggestions.adopted"] and rate.denominator == received
    records = registry.get("achievements.suggestions.received").records(company, last.start, last.end)
    assert records.count() == received
    assert registry.get("achievements.suggestions.adopted").records(company, last.start, last.end).count() \
        == rate.numerator
    document = build("summary", company, last, style="exact", today=builder.today())
    text = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    assert "开展建功立业活动" in text, text
    assert (f"共收到建议{received}条，人均{f['achievements.suggestions.per_head']}条" in text), text
    assert f"采纳{rate.numerator}条，采纳率{rate.percent.normalize():f}%" in text or \
        f"采纳{rate.numerator}条，采纳率{rate.percent}%" in text, text
    assert f"获市级以上荣誉{f['achievements.honours.city_plus']}项" in text, text
    assert "开展劳动竞赛和技能比武2项，参赛班组10个" in text and "结成师徒对子" in text, text
    # 技术创新: last year's projects, patents (granted last spring for the year before's projects) and two studios
    from gonghui.achievements.models import InnovationStudio

    inno = registry.compute(["achievements.innovation.projects", "achievements.innovation.patents",
                             "achievements.innovation.invention", "achievements.innovation.studios"], company, last)
    assert inno["achievements.innovation.projects"] == 2 and inno["achievements.innovation.studios"] == 2, inno
    assert inno["achievements.innovation.patents"] >= 1, inno
    assert InnovationStudio.objects.filter(kind="model", level="city").exists()
    assert f"开展技术创新项目{inno['achievements.innovation.projects']}项" in text, text
    assert "建成职工（劳模）创新工作室2个" in text, text

