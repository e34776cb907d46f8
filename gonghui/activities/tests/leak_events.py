"""Union-B events for tests/test_scope_leaks.py (called by leak_objects.create): an open event with a confirmed
sign-up, a waiting one, a team and an award; a held upper-union event."""
import datetime

from django.utils import timezone

from gonghui.activities.services import events as services


def create(b: dict) -> None:
    school = b["union"]
    start = timezone.now() + datetime.timedelta(days=10)
    e = services.event_create(actor=None, org=school, title="乙校教工羽毛球赛", kind="sports", starts_at=start,
                              capacity=1, budget=500)
    services.event_approve(actor=None, event=e)
    services.event_open(actor=None, event=e)
    chair, teacher = b["people"][0], b["people"][1]
    services.signup(actor=None, event=e, person=chair)
    services.signup(actor=None, event=e, person=teacher)
    team = services.team_save(actor=None, event=e, name="乙校教工队", leader=chair)
    services.award_record(actor=None, event=e, title="团体第一名", level="first", team=team)
    upper = services.event_create(actor=None, org=school, title="区教工拔河赛", kind="sports", host="upper",
                                  host_name="测试区总工会", starts_at=timezone.now() - datetime.timedelta(days=3))
    services.event_hold(actor=None, event=upper, participants=10)
    services.award_record(actor=None, event=upper, title="拔河比赛二等奖", level="second", winner="乙校代表队")
