"""Safety campaigns: 安康杯 teams are the 建功立业 competition's entries (linked or created there, counted once),
安全生产月 and 监督员培训; checks, pages, 404s, export, figures and wording."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from gonghui.core.errors import ServiceError
from gonghui.reports import registry
from gonghui.rights.models import SafetyCampaign
from gonghui.rights.services import safety as services

D = datetime.date


def test_ankang_teams_live_in_achievements_and_are_counted_once(officer_a, officer_b, tree):
    from gonghui.achievements.models import Competition, CompetitionEntry
    from gonghui.achievements.services import competitions as cs
    from gonghui.core.metrics import compute_many

    company = tree["company"]
    existing = cs.competition_create(actor=officer_a, org=company, name="2025年安康杯竞赛",
                                     kind=Competition.Kind.ANKANG, starts_on=D(2025, 4, 1), ends_on=D(2025, 10, 31))
    cs.entry_add(actor=officer_a, competition=existing, team="一车间机加工班", members=12)
    skill = cs.competition_create(actor=officer_a, org=company, name="2025年焊工技能比武",
                                  kind=Competition.Kind.SKILL, starts_on=D(2025, 9, 1), ends_on=D(2025, 9, 1))
    with pytest.raises(ServiceError, match="不是“安康杯”"):
        services.campaign_create(actor=officer_a, org=company, kind="ankang", title="安康杯",
                                 starts_on=D(2025, 4, 1), competition=skill)
    with pytest.raises(ServiceError) as err:
        services.campaign_create(actor=officer_b, org=company, kind="ankang", title="安康杯",
                                 starts_on=D(2025, 4, 1), competition=existing)
    assert err.value.code == "out_of_scope"
    c = services.campaign_create(actor=officer_a, org=company, kind="ankang", title="2025年“安康杯”竞赛",
                                 starts_on=D(2025, 4, 1), competition=existing, result="获评区优胜企业")
    with pytest.raises(ServiceError, match="已登记过"):
        services.campaign_create(actor=officer_a, org=company, kind="ankang", title="再登记一次",
                                 starts_on=D(2025, 4, 1), competition=existing)
    services.team_add(actor=officer_a, campaign=c, team="二车间冲压班", members=9)
    services.team_add(actor=officer_a, campaign=c, team="二车间冲压班", members=9)  # the same team once
    assert CompetitionEntry.objects.filter(competition=existing).count() == 2
    # a 安康杯 without a competition creates it in 建功立业
    c2 = services.campaign_create(actor=officer_a, org=company, kind="ankang", title="2025年第二届安康杯",
                                  starts_on=D(2025, 5, 1))
    assert c2.competition.kind == Competition.Kind.ANKANG and c2.competition.org == company
    services.team_add(actor=officer_a, campaign=c2, team="装配班", members=7)
    services.campaign_create(actor=officer_a, org=company, kind="month", title="2025年“安全生产月”活动",
                             starts_on=D(2025, 6, 1), ends_on=D(2025, 6, 30), activities=6, participants=820)
    with pytest.raises(ServiceError, match="培训人数"):
        services.campaign_create(actor=officer_a, org=company, kind="training", title="监督员培训",
                                 starts_on=D(2025, 7, 1))
    with pytest.raises(ServiceError, match="只用于"):
        services.campaign_create(actor=officer_a, org=company, kind="month", title="安全月",
                                 starts_on=D(2025, 7, 1), trained=5)
    with pytest.raises(ServiceError, match="不能早于"):
        services.campaign_create(actor=officer_a, org=company, kind="training", title="监督员培训",
                                 starts_on=D(2025, 7, 1), ends_on=D(2025, 6, 1), trained=5)
    services.campaign_create(actor=officer_a, org=company, kind="training", title="群众安全生产监督员培训班",
                             starts_on=D(2025, 7, 10), trained=45)
    codes = ["rights.safety.campaigns", "rights.safety.teams", "rights.safety.supervisors_trained",
             "achievements.competitions.teams"]
    values = compute_many([registry.get(code) for code in codes], tree["fed"], D(2025, 1, 1), D(2025, 12, 31))
    # 3 teams in the two 安康杯; achievements counts the same three (the skills contest has none), not six
    assert values == {"rights.safety.campaigns": 4, "rights.safety.teams": 3,
                      "rights.safety.supervisors_trained": 45, "achievements.competitions.teams": 3}
    assert registry.get("rights.safety.teams").compute(tree["school"], D(2025, 1, 1), D(2025, 12, 31)) in (0, None)


def test_pages_export_and_404s(client, officer_a, officer_b, tree):
    company = tree["company"]
    client.force_login(officer_a)
    r = client.post(reverse("rights:safety_add"), {"kind": "ankang", "title": "2025年“安康杯”竞赛",
                                                   "starts_on": "2025-04-01", "ends_on": "2025-10-31"})
    assert r.status_code == 302, r.content.decode()[:3000]
    c = SafetyCampaign.objects.get()
    assert c.competition is not None and c.org == company
    r = client.post(reverse("rights:safety_team_add", args=[c.pk]), {"team": "二车间焊接班", "members": "11"})
    assert r.status_code == 302
    page = client.get(reverse("rights:safety_detail", args=[c.pk])).content.decode()
    assert "二车间焊接班" in page and "参赛班组（1个，11人）" in page
    r = client.post(reverse("rights:safety_update", args=[c.pk]),
                    {"title": c.title, "starts_on": "2025-04-01", "result": "获评区“安康杯”竞赛优胜企业"})
    assert r.status_code == 302
    r = client.post(reverse("rights:safety_add"), {"kind": "training", "title": "监督员培训", "starts_on": "2025-07-01"})
    assert "培训人数" in r.content.decode()
    export = client.get(reverse("rights:safety_list") + "?export=xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = [row for row in book.active.iter_rows(values_only=True)]
    assert any("获评区“安康杯”竞赛优胜企业" in (v or "") for row in rows for v in row if isinstance(v, str))
    assert any(1 in row and 11 in row for row in rows)
    client.force_login(officer_b)
    for name in ("safety_detail", "safety_update", "safety_team_add"):
        assert client.get(reverse(f"rights:{name}", args=[c.pk])).status_code == 404, name
    assert client.post(reverse("rights:safety_team_add", args=[c.pk]),
                       {"team": "乙校班组", "members": "3"}).status_code == 404
    assert "2025年“安康杯”竞赛" not in client.get(reverse("rights:safety_list")).content.decode()


def test_wording():
    from gonghui.rights import report_texts

    body = next(s.body for s in report_texts.SECTIONS if s.kind == "summary")
    assert "{rights.safety.teams}班组参加安康杯竞赛" in body
    assert "{rights.safety.supervisors_trained}" in body
