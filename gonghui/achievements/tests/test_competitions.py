"""Labour competitions run to a ranking with awards; scores within range; mentoring pairs; their figures, wording
and pages (another union's competition: 404)."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.achievements.models import Competition, CompetitionEntry, MentorPair
from gonghui.achievements.services import competitions as services
from gonghui.core.errors import ServiceError
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period


def _contest(w):
    c = services.competition_create(actor=w["officer"], org=w["company"], name="2025年安康杯竞赛",
                                    kind=Competition.Kind.ANKANG, starts_on=datetime.date(2025, 4, 1),
                                    ends_on=datetime.date(2025, 9, 30), rounds=2, max_score=100)
    teams = [services.entry_add(actor=w["officer"], competition=c, team=t, members=m)
             for t, m in (("机修班", 8), ("冲压班", 12), ("装配班", 10), ("仓储班", 6))]
    for team, (a, b) in zip(teams, ((90, 92), (95, 96), (80, 85), (90, 92))):
        services.score_record(actor=w["officer"], entry=team, round=1, score=a)
        services.score_record(actor=w["officer"], entry=team, round=2, score=b)
    return c, teams


def test_competition_runs_to_a_ranking(world):
    c, teams = _contest(world)
    with pytest.raises(ServiceError, match="应在0至100分之间"):
        services.score_record(actor=world["officer"], entry=teams[0], round=1, score=101)
    with pytest.raises(ServiceError, match="轮次应在1至2之间"):
        services.score_record(actor=world["officer"], entry=teams[0], round=3, score=50)
    assert services.entry_add(actor=world["officer"], competition=c, team="机修班").pk == teams[0].pk
    ranked = services.ranking(c)
    assert [(e.team, e.rank) for e in ranked] == [("冲压班", 1), ("仓储班", 2), ("机修班", 2), ("装配班", 4)]
    services.competition_finish(actor=world["officer"], competition=c, on=datetime.date(2025, 10, 8),
                                title="安康杯优胜班组")
    awards = dict(CompetitionEntry.objects.filter(competition=c).values_list("team", "award"))
    assert awards == {"冲压班": "一等奖", "仓储班": "二等奖", "机修班": "二等奖", "装配班": "三等奖"}
    with pytest.raises(ServiceError, match="已评定"):
        services.score_record(actor=world["officer"], entry=teams[0], round=1, score=10)
    with pytest.raises(ServiceError) as exc:
        services.competition_create(actor=world["officer_b"], org=world["company"], name="x",
                                    kind=Competition.Kind.SKILL, starts_on=datetime.date(2025, 1, 1),
                                    ends_on=datetime.date(2025, 1, 2))
    assert exc.value.code == "out_of_scope"


def test_mentoring_and_figures_and_wording(world):
    _contest(world)
    j = world["judges"]
    pair = services.pair_create(actor=world["officer"], org=world["company"], master=j[0], apprentice=world["author"],
                                started_on=datetime.date(2025, 3, 1), goals="一年内独立操作数控车床",
                                due_on=datetime.date(2026, 3, 1))
    services.pair_create(actor=world["officer"], org=world["company"], master=j[1], apprentice=j[2],
                         started_on=datetime.date(2025, 3, 1))
    with pytest.raises(ServiceError, match="同一人"):
        services.pair_create(actor=world["officer"], org=world["company"], master=j[1], apprentice=j[1],
                             started_on=datetime.date(2025, 3, 1))
    with pytest.raises(ServiceError, match="不是甲公司工会的职工"):
        services.pair_create(actor=world["officer"], org=world["company"], master=j[1], apprentice=world["b_person"],
                             started_on=datetime.date(2025, 3, 1))
    services.pair_assess(actor=world["officer"], pair=pair, outcome=MentorPair.Outcome.PASSED,
                         on=datetime.date(2025, 12, 20))
    f = registry.compute(["achievements.competitions.count", "achievements.competitions.teams",
                          "achievements.competitions.entrants", "achievements.mentoring.pairs",
                          "achievements.mentoring.passed"], world["company"], Period.year(2025))
    assert f == {"achievements.competitions.count": 1, "achievements.competitions.teams": 4,
                 "achievements.competitions.entrants": 36, "achievements.mentoring.pairs": 2,
                 "achievements.mentoring.passed": 1}
    doc = build("summary", world["company"], Period.year(2025), style="exact", today=datetime.date(2026, 1, 5))
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "开展劳动竞赛和技能比武1项，参赛班组4个，参赛职工36人次" in text, text
    assert "结成师徒对子2对，1对经考核出师" in text, text


def test_pages(client, world):
    c, _ = _contest(world)
    client.force_login(world["officer"])
    assert "2025年安康杯竞赛" in client.get(reverse("achievements:competition_list")).content.decode()
    html = client.get(reverse("achievements:competition_detail", args=[c.pk])).content.decode()
    assert "冲压班" in html and "191.0" in html
    client.force_login(world["officer_b"])
    assert client.get(reverse("achievements:competition_detail", args=[c.pk])).status_code == 404
    assert "2025年安康杯竞赛" not in client.get(reverse("achievements:competition_list")).content.decode()
    assert Decimal("191.0") == CompetitionEntry.objects.get(team="冲压班").total
