"""The demo's rights work: hazards in every state, cases, screenings and lectures; last year's summary of the
company has a 维权 section written as the samples write it, every number computed from the records."""
import io

import pytest
from django.core.management import call_command

from gonghui.demo import builder
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period
from gonghui.rights.models import DisputeCase, Hazard, HazardState


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_rights_and_the_summary(db):
    call_command("demo", stdout=io.StringIO())
    company = Organization.objects.get(code="BJ01")
    last_year = Period.year(builder.today().year - 1)
    reported = Hazard.objects.filter(reported_on__year=last_year.start.year, org__path__startswith=company.path)
    assert 250 <= reported.count() <= 350
    assert {s for s in Hazard.objects.values_list("state", flat=True).distinct()} == set(HazardState.values)
    codes = ["rights.hazards.received", "rights.hazards.fixed", "rights.hazards.in_progress",
             "rights.disputes.cases", "rights.disputes.success", "rights.screening.risks",
             "rights.screening.resolved", "rights.legal.lectures", "rights.legal.attendance"]
    f = registry.compute(codes, company, last_year)
    assert f["rights.disputes.cases"] == 12 and f["rights.disputes.success"] == 10
    assert f["rights.screening.risks"] == 8 and f["rights.screening.resolved"] == 7
    assert f["rights.legal.lectures"] == 4
    assert f["rights.hazards.fixed"] + f["rights.hazards.in_progress"] <= f["rights.hazards.received"]
    document = build("summary", company, last_year, style="exact", today=builder.today())
    body = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    assert "维权" in body, body
    assert (f"收到隐患信息{f['rights.hazards.received']}条，已整改{f['rights.hazards.fixed']}条，"
            f"正在落实{f['rights.hazards.in_progress']}条") in body, body
    assert "调解劳动争议12起，调解成功10起" in body
    assert "排查矛盾隐患8起，已化解7起" in body
    assert "开展普法讲座4场" in body
    assert DisputeCase.objects.filter(applicant_user__username="member").exists()
    # work injuries (visits through care) and the safety campaigns (安康杯 teams = 建功立业's entries)
    g = registry.compute(["rights.injuries.count", "rights.injuries.visited", "rights.safety.teams",
                          "rights.safety.supervisors_trained", "rights.safety.campaigns"], company, last_year)
    assert g["rights.injuries.count"] >= 3 and g["rights.injuries.visited"] == g["rights.injuries.count"]
    assert f"职工发生工伤{g['rights.injuries.count']}起，其中工会已看望慰问{g['rights.injuries.visited']}起" in body, body
    assert g["rights.safety.teams"] == 10 and "10个班组参加安康杯竞赛" in body, body
    assert f"培训群众安全生产监督员{g['rights.safety.supervisors_trained']}人" in body, body
    on_register = registry.compute(["rights.women.register"], company, last_year)["rights.women.register"]
    assert on_register and f"期末在册“三期”女职工{on_register}人" in body, body
    women = registry.compute(["rights.women.mutual_aid", "rights.women.mutual_aid_claims",
                              "rights.women.contract_checks", "rights.women.health_checks"], company, last_year)
    assert women["rights.women.contract_checks"] == 2 and women["rights.women.mutual_aid"] > 50
    assert women["rights.women.health_checks"], women
    assert f"为{women['rights.women.mutual_aid']}名女职工办理安康互助保障" in body, body
    assert "开展专项集体合同履约检查2次" in body, body
    assert "进行“两癌”筛查等专项体检" in body, body
