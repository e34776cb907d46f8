"""Events: plan, approval, sign-up with a waiting list and promotion, late cancellation, QR check-in, results, cost."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone

from gonghui.activities.models import Award, Event, Signup
from gonghui.activities.services import events as services
from gonghui.core.errors import ServiceError
from gonghui.portal.models import Message

from .conftest import make_event, soon

pytestmark = pytest.mark.django_db


def test_a_budget_needs_the_chairs_approval_before_the_signup_opens(world):
    e = make_event(world, budget=Decimal("3000"), open_=False)
    assert e.status == Event.Status.APPROVED
    e2 = services.event_create(actor=world["officer"], org=world["company"], title="中秋联欢", kind="gala",
                               starts_at=soon(), budget=Decimal("5000"))
    with pytest.raises(ServiceError, match="须经工会主席审批"):
        services.event_open(actor=world["officer"], event=e2)
    with pytest.raises(ServiceError) as exc:
        services.event_approve(actor=world["officer"], event=e2)  # an officer cannot approve
    assert exc.value.code == "out_of_scope"
    services.event_approve(actor=world["chair"], event=e2)
    assert services.event_open(actor=world["officer"], event=e2).status == Event.Status.OPEN


def test_bad_plans_get_chinese_messages(world):
    base = dict(actor=world["officer"], org=world["company"], title="拔河比赛", kind="sports")
    with pytest.raises(ServiceError, match="报名截止时间晚于活动开始时间"):
        services.event_create(**base, starts_at=soon(3), deadline=soon(4))
    with pytest.raises(ServiceError, match="主办单位"):
        services.event_create(**base, starts_at=soon(3), host="upper")
    with pytest.raises(ServiceError, match="报名范围"):
        services.event_create(**base, starts_at=soon(3), scope=world["school"])
    with pytest.raises(ServiceError) as exc:
        services.event_create(**{**base, "actor": world["officer_b"]}, starts_at=soon(3))
    assert exc.value.code == "out_of_scope"


def test_capacity_waiting_list_and_promotion_with_a_message(world):
    e = make_event(world, capacity=2)
    u = world["users"]
    results = [services.signup(actor=user, event=e) for user in u[:4]]
    assert [s.status for s, _ in results] == ["confirmed", "confirmed", "waiting", "waiting"]
    again, created = services.signup(actor=u[0], event=e)  # a double tap: the same row back
    assert not created and again.pk == results[0][0].pk
    assert Signup.objects.filter(event=e).count() == 4
    services.signup_cancel(actor=u[1], signup=results[1][0])
    first_waiting = Signup.objects.get(pk=results[2][0].pk)
    assert first_waiting.status == "confirmed" and first_waiting.promoted_at
    assert Signup.objects.get(pk=results[3][0].pk).status == "waiting"
    msg = Message.objects.get(recipient=u[2])
    assert msg.kind == "activities.promoted" and "候补" in msg.title
    assert Signup.objects.filter(event=e, status="confirmed").count() == 2
    # more places promote the next in line
    services.event_update(actor=world["officer"], event=e, capacity=3)
    assert Signup.objects.get(pk=results[3][0].pk).status == "confirmed"


def test_signup_rules(world):
    e = make_event(world, capacity=5, family_max=2)
    with pytest.raises(ServiceError) as exc:  # another union's member
        services.signup(actor=world["outsider_user"], event=e)
    assert exc.value.code == "out_of_scope"
    with pytest.raises(ServiceError, match="最多可带家属2人"):
        services.signup(actor=world["users"][0], event=e, family=3)
    s, _ = services.signup(actor=world["users"][0], event=e, family=2)
    assert s.family == 2
    with pytest.raises(ServiceError, match="不在本活动的报名范围"):
        services.signup(actor=world["officer"], event=e, person=world["outsider"])
    draft = make_event(world, open_=False, title="未发布的活动")
    with pytest.raises(ServiceError, match="不能报名"):
        services.signup(actor=world["users"][1], event=draft)


def test_signup_after_the_deadline_is_refused_and_a_late_cancellation_recorded(world):
    e = make_event(world, capacity=3)
    s, _ = services.signup(actor=world["users"][0], event=e)
    Event.objects.filter(pk=e.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="报名已于"):
        services.signup(actor=world["users"][1], event=e)
    s = services.signup_cancel(actor=world["users"][0], signup=s)
    assert s.status == "cancelled" and s.late


def test_qr_checkin_is_signed_and_single_use(world):
    e = make_event(world, capacity=1)
    other = make_event(world, title="另一个活动")
    s, _ = services.signup(actor=world["users"][0], event=e)
    w, _ = services.signup(actor=world["users"][1], event=e)
    token = services.checkin_token(s)
    with pytest.raises(ServiceError, match="另一个活动"):
        services.checkin_scan(actor=world["officer"], event=other, token=token)
    with pytest.raises(ServiceError, match="签到码无效"):
        services.checkin_scan(actor=world["officer"], event=e, token=token[:-2] + "xx")
    forged = signing.dumps([s.pk, e.pk, s.person_id], salt="another.salt", compress=True)
    with pytest.raises(ServiceError, match="签到码无效"):
        services.checkin_scan(actor=world["officer"], event=e, token=forged)
    with pytest.raises(ServiceError, match="候补"):
        services.checkin_scan(actor=world["officer"], event=e, token=services.checkin_token(w))
    assert services.checkin_scan(actor=world["officer"], event=e, token=token).checked_in_at
    with pytest.raises(ServiceError, match="已使用"):  # the copy (a screenshot) of the spent code
        services.checkin_scan(actor=world["officer"], event=e, token=token)
    with pytest.raises(ServiceError) as exc:
        services.checkin_scan(actor=world["officer_b"], event=e, token=token)
    assert exc.value.code == "out_of_scope"


def test_ticking_names_and_results(world):
    e = make_event(world, capacity=5)
    rows = [services.signup(actor=u, event=e)[0] for u in world["users"][:3]]
    assert services.checkin_tick(actor=world["officer"], event=e, signup_ids=[r.pk for r in rows[:2]]) == 2
    assert services.checkin_tick(actor=world["officer"], event=e, signup_ids=[r.pk for r in rows[:2]]) == 0
    team = services.team_save(actor=world["officer"], event=e, name="一分会队", leader=world["members"][1])
    services.award_record(actor=world["officer"], event=e, title="团体第一名", level="first", team=team)
    services.award_record(actor=world["officer"], event=e, title="个人二等奖", level="second",
                          person=world["members"][0])
    with pytest.raises(ServiceError, match="获奖者"):
        services.award_record(actor=world["officer"], event=e, title="三等奖", level="third")
    assert [a.winner for a in Award.objects.filter(event=e)] == ["一分会队", "赵一"]


def test_an_upper_unions_event_with_the_unions_team_award(world):
    e = services.event_create(actor=world["officer"], org=world["company"], title="区职工篮球赛", kind="sports",
                              host="upper", host_name="测试区总工会", starts_at=soon(-10))
    e = services.event_hold(actor=world["officer"], event=e, participants=12)
    a = services.award_record(actor=world["officer"], event=e, title="团体第一名", level="first", winner="甲公司代表队")
    assert e.status == Event.Status.HELD and a.is_team


def test_a_cost_over_budget_needs_the_chair(world):
    e = make_event(world, budget=Decimal("1000"))
    with pytest.raises(ServiceError, match="超出预算"):
        services.event_cost(actor=world["officer"], event=e, cost="1200")
    assert services.event_cost(actor=world["officer"], event=e, cost="950.50").cost == Decimal("950.50")
    e = services.event_cost(actor=world["chair"], event=e, cost="1200")
    assert e.cost == Decimal("1200.00") and e.cost_approved_by == world["chair"]


def test_cancelling_the_event_tells_those_signed_up(world):
    e = make_event(world, capacity=1)
    services.signup(actor=world["users"][0], event=e)
    services.signup(actor=world["users"][1], event=e)
    services.event_cancel(actor=world["officer"], event=e, reason="天气原因")
    assert Message.objects.filter(kind="activities.cancelled").count() == 2


def test_copy_last_years_plan(world):
    e = make_event(world, budget=Decimal("800"))
    new = services.event_copy(actor=world["officer"], event=e, starts_at=e.starts_at + datetime.timedelta(days=365))
    assert new.status == Event.Status.DRAFT and new.copied_from == e and new.budget == e.budget
    assert new.deadline - new.starts_at == e.deadline - e.starts_at


def test_opening_the_signup_publishes_a_notice_to_the_members_in_scope(world):
    from gonghui.portal import notices

    branch = world["tree"]["branch"]
    e = make_event(world, capacity=30, family_max=0, place="西湖景区", scope=branch, open_=False)
    assert e.notice is None
    e = services.event_open(actor=world["officer"], event=e)
    notice = e.notice
    assert notice.status == "published" and notice.title == "活动报名：春季登山活动"
    assert "地点：西湖景区" in notice.body and "名额：30人" in notice.body and "报名截止" in notice.body
    assert notice.expires_on == timezone.localtime(e.deadline).date()
    in_branch = [u for u, p in zip(world["users"], world["members"]) if p.org_id == branch.pk]
    elsewhere = [u for u, p in zip(world["users"], world["members"]) if p.org_id != branch.pk]
    assert in_branch and elsewhere
    assert all(notices.received(u).filter(pk=notice.pk).exists() for u in in_branch)
    assert not any(notices.received(u).filter(pk=notice.pk).exists() for u in elsewhere)
    assert not notices.received(world["outsider_user"]).filter(pk=notice.pk).exists()
    # closing and reopening does not publish it again; cancelling the event withdraws it
    services.event_close_signup(actor=world["officer"], event=e)
    e = services.event_open(actor=world["officer"], event=e)
    assert e.notice_id == notice.pk
    from gonghui.portal.models_notices import Notice

    assert Notice.objects.filter(title="活动报名：春季登山活动").count() == 1
    services.event_cancel(actor=world["officer"], event=e, reason="天气原因")
    notice.refresh_from_db()
    assert notice.status == "withdrawn"
    assert not notices.received(in_branch[0]).filter(pk=notice.pk).exists()
