"""Union-B achievements objects for tests/test_scope_leaks.py: criteria, a panel member, a suggestion scored,
graded, adopted and with its benefit and an attachment; an honour and a nomination; a competition and a pair;
an innovation project with a patent, and a studio."""
from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.achievements.models import Grade, Honour, HonourLevel, HonourTitle
from gonghui.achievements.services import honours as honour_services
from gonghui.achievements.services import suggestions as services


def create(b: dict) -> None:
    school, people = b["union"], b["people"]
    day = datetime.date(2024, 3, 1)
    criterion = services.criterion_set(actor=None, org=school, name="乙校创新性", max_score=50)
    services.panel_add(actor=None, org=school, person=people[1], role="组长", since=day)
    s = services.suggestion_submit(actor=None, author=people[0], title="乙校食堂节能建议", problem="乙校食堂用电浪费",
                                   proposal="乙校加装定时开关", submitted_on=day,
                                   attachments=[SimpleUploadedFile("乙校方案.pdf", b"%PDF-1.4 b")])
    services.suggestion_score(actor=None, suggestion=s, reviewer=people[1], scores={criterion.pk: 40}, on=day)
    services.suggestion_grade(actor=None, suggestion=s, grade=Grade.FIRST, on=day)
    services.suggestion_adopt(actor=None, suggestion=s, department="乙校后勤处", on=day)
    services.suggestion_benefit(actor=None, suggestion=s, amount="8800", verified_on=day)
    services.suggestion_submit(actor=None, author=people[0], title="乙校待评审建议", problem="乙校待评审问题",
                               proposal="乙校待评审措施", submitted_on=day)
    honour_services.honour_record(actor=None, union=school, kind=Honour.Kind.PERSON, person=people[0],
                                  title=HonourTitle.MAY_DAY_MEDAL, name="乙校市五一劳动奖章", level=HonourLevel.CITY,
                                  year=2024, awarded_by="市总工会", awarded_on=day)
    honour_services.honour_nominate(actor=None, union=school, kind=Honour.Kind.UNIT, unit_name="乙校教研组",
                                    title=HonourTitle.ADVANCED_UNIT, name="乙校先进集体", year=2024, nominated_on=day)
    from gonghui.achievements.models import Competition
    from gonghui.achievements.services import competitions

    c = competitions.competition_create(actor=None, org=school, name="乙校教师技能比武", kind=Competition.Kind.SKILL,
                                        starts_on=day, ends_on=day, team_based=False)
    entry = competitions.entry_add(actor=None, competition=c, person=people[0])
    competitions.score_record(actor=None, entry=entry, round=1, score=88)
    competitions.pair_create(actor=None, org=school, master=people[0], apprentice=people[1], started_on=day,
                             goals="乙校青年教师培养")
    t = competitions.competition_create(actor=None, org=school, name="乙校班组安康杯", kind=Competition.Kind.ANKANG,
                                        starts_on=day, ends_on=day, rounds=2)
    team = competitions.entry_add(actor=None, competition=t, team="乙校教研一组", members=5)
    competitions.scores_record(actor=None, competition=t, round=1, scores={team.pk: 90})
    competitions.competition_finish(actor=None, competition=t, on=day, title="乙校优胜班组")
    competitions.competition_create(actor=None, org=school, name="乙校未评定竞赛", kind=Competition.Kind.DRILL,
                                    starts_on=day, ends_on=day, rounds=3)
    from gonghui.achievements.services import innovation

    project = innovation.project_save(actor=None, org=school, name="乙校教学创新项目", leader=people[0],
                                      members=[people[1]], started_on=day, state="finished", finished_on=day,
                                      result="乙校成果", benefit="1000")
    innovation.patent_save(actor=None, org=school, project=project, number="201710601862.3", kind="invention",
                           title="乙校发明专利", granted_on=day, holders=[people[0]])
    innovation.studio_save(actor=None, org=school, name="乙校名师创新工作室", kind="worker", leader=people[0],
                           members=[people[1]], founded_on=day)
