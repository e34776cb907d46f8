"""Every change to events (文体活动): plan, approval, sign-up with a waiting list, check-in, results, cost.

Capacity holds under concurrency: every sign-up, cancellation and capacity change first locks the event row
(`select_for_update`: a row lock on PostgreSQL; on SQLite the settings' IMMEDIATE transactions take the database's
write lock at BEGIN, so sign-ups are serialised there too) and only then counts the confirmed places. Two members
signing up at the same moment for the last place: one is confirmed, the other waits in line. The (event, person)
unique constraint makes a double tap harmless: the second call returns the first sign-up.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import Award, Event, EventTeam, Signup
from ._common import require, required, sqlite_retry, text, users_of

CHECKIN_SALT = "gonghui.activities.checkin"
EDITABLE = ("title", "kind", "host", "host_name", "starts_at", "ends_at", "place", "plan", "rules", "budget",
            "capacity", "deadline", "family_allowed", "family_max", "remind_days")
S = Event.Status
REMIND_MAX = 30  # days: the reminder of confirmed sign-ups goes out at most this long before the event


def _money(value, label: str) -> Decimal:
    try:
        amount = Decimal(value if value not in (None, "") else 0).quantize(Decimal("0.01"))
    except Exception:
        raise ServiceError(f"{label}格式不正确，请填写数字（元）。") from None
    if amount < 0:
        raise ServiceError(f"{label}不能为负数。")
    return amount


def _check(event: Event) -> None:
    """The rules an event's fields must keep whatever the path (form, API, import)."""
    event.title = required(event.title, "活动名称", 100)
    if event.kind not in dict(Event._meta.get_field("kind").choices):
        raise ServiceError("请选择活动类型。")
    if event.starts_at is None:
        raise ServiceError("请填写活动时间。")
    if event.ends_at and event.ends_at < event.starts_at:
        raise ServiceError("结束时间早于活动时间，请核对。")
    if event.deadline and event.deadline > event.starts_at:
        raise ServiceError("报名截止时间晚于活动开始时间，请核对。")
    if event.capacity is not None and event.capacity < 1:
        raise ServiceError("名额至少为1人；不限名额请留空。")
    if event.host == Event.Host.UPPER and not event.host_name.strip():
        raise ServiceError("参加上级工会活动时，请填写主办单位（如：区总工会）。")
    if not event.family_allowed:
        event.family_max = 0
    elif event.family_max < 1:
        raise ServiceError("可带家属时，请填写每人最多可带的家属人数。")
    event.budget = _money(event.budget, "预算")
    if event.remind_days is None or not 0 <= int(event.remind_days) <= REMIND_MAX:
        raise ServiceError(f"提前提醒天数须在0至{REMIND_MAX}天之间（0为不提醒）。")
    if not event.scope.path.startswith(event.org.path):
        raise ServiceError("报名范围须为本会或其下属组织。")


@transaction.atomic
def event_create(*, actor, org: Organization, scope: Organization | None = None, **fields) -> Event:
    require(actor, Perm.ACTIVITIES_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("活动由工会组织：请在页面顶部切换到本会（基层工会）后再新建。")
    event = Event(org=org, scope=scope or org, created_by=actor if getattr(actor, "pk", None) else None,
                  **{k: v for k, v in fields.items() if k in EDITABLE + ("copied_from",)})
    for name in ("host_name", "place", "plan", "rules"):
        setattr(event, name, text(getattr(event, name), 5000 if name in ("plan", "rules") else 100))
    _check(event)
    event.save()
    return event


@transaction.atomic
def event_update(*, actor, event: Event, scope: Organization | None = None, **fields) -> Event:
    event = Event.objects.select_for_update().select_related("org", "scope").get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status in (S.HELD, S.CANCELLED):
        raise ServiceError(f"活动{event.get_status_display()}，不能再修改方案。")
    budget_before = event.budget
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(event, name, value)
    if scope is not None:
        event.scope = scope
    _check(event)
    if event.status != S.DRAFT and event.budget > budget_before and event.approved_at and actor is not None \
            and not can_on_org(actor, Perm.ACTIVITIES_APPROVE, event.org):
        raise ServiceError(f"已批准的预算为{budget_before}元，调增预算须经工会主席重新审批。")
    if event.capacity is not None:
        confirmed = event.signups.filter(status=Signup.Status.CONFIRMED).count()
        if confirmed > event.capacity:
            raise ServiceError(f"已有{confirmed}人报名成功，名额不能少于{confirmed}人。")
    event.save()
    _promote(event)
    return event


@transaction.atomic
def event_copy(*, actor, event: Event, starts_at: datetime.datetime) -> Event:
    """A recurring event (every year's 春游): a new plan from this one, its dates moved by the same interval."""
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    shift = starts_at - event.starts_at
    fields = {name: getattr(event, name) for name in EDITABLE}
    fields["starts_at"] = starts_at
    fields["ends_at"] = event.ends_at + shift if event.ends_at else None
    fields["deadline"] = event.deadline + shift if event.deadline else None
    return event_create(actor=actor, org=event.org, scope=event.scope, copied_from=event, **fields)


@transaction.atomic
def event_approve(*, actor, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_APPROVE, event.org)
    if event.status != S.DRAFT:
        raise ServiceError(f"活动{event.get_status_display()}，无需再审批。")
    event.status, event.approved_at = S.APPROVED, timezone.now()
    event.approved_by = actor if getattr(actor, "pk", None) else None
    event.save()
    return event


@transaction.atomic
def event_open(*, actor, event: Event) -> Event:
    """Publish the sign-up. A plan with a budget must be approved first; one without may open from the draft."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status == S.OPEN:
        return event
    if event.status == S.DRAFT and event.budget > 0:
        raise ServiceError(f"活动预算{event.budget}元，须经工会主席审批后才能发布报名。")
    if event.status not in (S.DRAFT, S.APPROVED, S.CLOSED):
        raise ServiceError(f"活动{event.get_status_display()}，不能发布报名。")
    if event.deadline and event.deadline <= timezone.now():
        raise ServiceError("报名截止时间已过，请先修改截止时间。")
    if event.status == S.DRAFT:
        event.approved_at = timezone.now()
        event.approved_by = actor if getattr(actor, "pk", None) else None
    first = event.opened_at is None
    event.status, event.opened_at = S.OPEN, event.opened_at or timezone.now()
    if first:
        event.notice = _publish_notice(actor, event)
    event.save()
    return event


def _publish_notice(actor, event: Event):
    """The sign-up's notice (通知公告) to the members in the event's scope: published with the opening, in the
    union's name, until the sign-up deadline (or the event's day). Reopening after a close does not publish again;
    cancelling the event withdraws it."""
    from gonghui.portal.models_notices import Notice

    user = actor if getattr(actor, "pk", None) else None
    starts = timezone.localtime(event.starts_at)
    lines = [f"时间：{starts:%Y年%-m月%-d日 %H:%M}"]
    if event.place:
        lines.append(f"地点：{event.place}")
    if event.capacity:
        lines.append(f"名额：{event.capacity}人，额满后进入候补，有人取消时按顺序递补")
    if event.deadline:
        lines.append(f"报名截止：{timezone.localtime(event.deadline):%Y年%-m月%-d日 %H:%M}")
    if event.family_allowed:
        lines.append(f"可携带家属，每名会员最多{event.family_max}人")
    if event.rules:
        lines.append(f"活动须知：{event.rules}")
    lines.append("报名方式：登录会员服务，在“活动报名”中找到本活动报名；也可在活动页面查看报名状态。")
    notice = Notice(org=event.org, title=f"活动报名：{event.title}"[:120], body="\n".join(lines),
                    status=Notice.Status.PUBLISHED, publish_on=timezone.localdate(), published_at=timezone.now(),
                    expires_on=max(timezone.localdate(), timezone.localtime(event.deadline or event.starts_at).date()),
                    author=user)
    notice.save()
    if event.scope_id != event.org_id:
        notice.targets.set([event.scope_id])
    return notice


@transaction.atomic
def event_close_signup(*, actor, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status != S.OPEN:
        raise ServiceError("活动不在报名中。")
    event.status = S.CLOSED
    event.save()
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status in (S.HELD, S.CANCELLED):
        raise ServiceError(f"活动{event.get_status_display()}，不能取消。")
    event.status, event.cancel_reason = S.CANCELLED, required(reason, "取消原因", 200)
    event.save()
    if event.notice_id:
        from gonghui.portal.models_notices import Notice

        notice = Notice.objects.select_for_update().get(pk=event.notice_id)
        if notice.status == Notice.Status.PUBLISHED:
            notice.status, notice.withdrawn_at = Notice.Status.WITHDRAWN, timezone.now()
            notice.save()
    from ..portal.events import CANCELLED

    for s in event.signups.exclude(status=Signup.Status.CANCELLED).only("person_id"):
        _tell(s.person_id, CANCELLED.key, f"活动取消：{event.title}", f"原定{_when(event)}的“{event.title}”已取消。"
              f"原因：{event.cancel_reason}", reverse("activities:my_events"), f"activities.cancelled:{event.pk}")
    return event


@transaction.atomic
def event_hold(*, actor, event: Event, held_on: datetime.date | None = None, participants: int | None = None,
               report: str = "") -> Event:
    """Record that the event took place (its date, a head count when there was no sign-up here, a short report)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status == S.CANCELLED:
        raise ServiceError("活动已取消。")
    if event.status == S.DRAFT and event.budget > 0 and not event.is_upper:
        raise ServiceError("活动方案尚未审批。")
    held_on = held_on or timezone.localtime(event.starts_at).date()
    if held_on > timezone.localdate():
        raise ServiceError(f"举办日期{held_on:%Y-%m-%d}在今天之后，活动举办后再登记。")
    if participants is not None and participants < 0:
        raise ServiceError("参加人数不能为负数。")
    if participants is None:  # signed up here: the head count is who checked in
        participants = event.signups.filter(status=Signup.Status.CONFIRMED, checked_in_at__isnull=False).count()
    event.status, event.held_on, event.participants = S.HELD, held_on, participants
    event.report = text(report, 5000) or event.report
    event.save()
    return event


@transaction.atomic
def event_cost(*, actor, event: Event, cost) -> Event:
    """The actual cost. Above the budget it needs ACTIVITIES_APPROVE (the chair), who is recorded as approving it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    amount = _money(cost, "实际支出")
    event.cost_approved_by = None
    if amount > event.budget:
        if actor is not None and not can_on_org(actor, Perm.ACTIVITIES_APPROVE, event.org):
            raise ServiceError(f"实际支出{amount}元超出预算{event.budget}元，须由工会主席审批后登记。")
        event.cost_approved_by = actor if getattr(actor, "pk", None) else None
    event.cost = amount
    event.save()
    return event


# ---------------------------------------------------------------------------------------------------- sign-up

def _when(event: Event) -> str:
    return f"{timezone.localtime(event.starts_at):%-m月%-d日 %H:%M}"


def _tell(person_id, kind: str, title: str, body: str, url: str, dedupe: str) -> None:
    from gonghui.portal import messaging

    for user in users_of(person_id):
        messaging.send(user, kind, title, body, url, dedupe_key=dedupe)


def in_scope(event: Event, person: Person) -> bool:
    return person.is_member and person.org.path.startswith(event.scope.path)


def _confirmed(event: Event) -> int:
    return Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED).count()


def _promote(event: Event) -> list[Signup]:
    """Give free places to the first in line (the event row is locked by the caller); each is told."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _confirmed(event)
        if free <= 0:
            return []
    waiting = Signup.objects.filter(event=event, status=Signup.Status.WAITING).order_by("queued_at", "id")
    promoted = list(waiting if free is None else waiting[:free])
    from ..portal.events import PROMOTED

    now = timezone.now()
    for s in promoted:
        s.status, s.promoted_at = Signup.Status.CONFIRMED, now
        s.save(update_fields=["status", "promoted_at"])
        _tell(s.person_id, PROMOTED.key, f"候补成功：{event.title}",
              f"有人取消报名，您已由候补转为正式报名。活动时间：{_when(event)}" + (f"，地点：{event.place}" if event.place else "")
              + "。请按时参加，如不能参加请及时取消。", reverse("activities:my_event", args=[event.pk]),
              f"activities.promoted:{s.pk}:{now:%Y%m%d%H%M%S%f}")
    return promoted


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("scope", "org").get(pk=event.pk)


def signup(*, actor, event: Event, person: Person | None = None, family: int = 0, team: EventTeam | None = None
           ) -> tuple[Signup, bool]:
    """A member signs up (person=None: the actor's own person) or an officer signs a member up. Returns
    (sign-up, created). Confirmed while places are left, else 候补 (waiting) in order. A second sign-up of the same
    member returns the first (a double tap is harmless)."""
    try:
        return sqlite_retry(_signup, actor=actor, event=event, person=person, family=family, team=team)
    except IntegrityError:
        # Two requests of the same member raced past the check: the loser reads the winner's row.
        row = Signup.objects.get(event_id=event.pk, person_id=person.pk if person else actor.person_id)
        return row, False


@transaction.atomic
def _signup(*, actor, event, person, family, team) -> tuple[Signup, bool]:
    event = _lock(event)
    by_officer = person is not None and (actor is None or person.pk != getattr(actor, "person_id", None))
    if by_officer:
        require(actor, Perm.ACTIVITIES_EDIT, event.org)
    else:
        if actor is None or not getattr(actor, "person_id", None):
            raise ServiceError("您的账号未关联会员信息，不能报名。")
        person = Person.objects.select_related("org").get(pk=actor.person_id)
    if not in_scope(event, person):
        if by_officer:
            raise ServiceError(f"{person.name}不在本活动的报名范围（{event.scope.name}会员）内。")
        raise ServiceError(f"该活动仅限{event.scope.name}会员报名，您不在报名范围内。", code="out_of_scope")
    existing = Signup.objects.filter(event=event, person=person).first()
    if existing and existing.status != Signup.Status.CANCELLED:
        return existing, False
    if event.status != S.OPEN:
        raise ServiceError(f"活动{event.get_status_display()}，不能报名。" if event.status != S.CLOSED
                           else "报名已截止。")
    now = timezone.now()
    if event.deadline and now > event.deadline and not by_officer:
        raise ServiceError(f"报名已于{timezone.localtime(event.deadline):%-m月%-d日 %H:%M}截止。")
    family = int(family or 0)
    if family < 0 or family > event.family_max:
        raise ServiceError("本活动不能带家属。" if not event.family_allowed
                           else f"每位会员最多可带家属{event.family_max}人。")
    if team is not None and team.event_id != event.pk:
        raise ServiceError("所选队伍不属于本活动。")
    full = event.capacity is not None and _confirmed(event) >= event.capacity
    status = Signup.Status.WAITING if full else Signup.Status.CONFIRMED
    if existing:  # signing up again after cancelling: to the end of the line
        existing.status, existing.family, existing.team, existing.queued_at = status, family, team, now
        existing.cancelled_at, existing.late, existing.promoted_at = None, False, None
        existing.by_officer = by_officer
        existing.save()
        return existing, True
    row = Signup.objects.create(event=event, person=person, status=status, family=family, team=team, queued_at=now,
                                by_officer=by_officer)
    return row, True


def signup_cancel(*, actor, signup: Signup) -> Signup:
    """Cancel a sign-up (the member's own, or by an officer). After the deadline it is recorded as late. A place
    freed goes to the first in line."""
    return sqlite_retry(_cancel, actor=actor, signup=signup)


@transaction.atomic
def _cancel(*, actor, signup: Signup) -> Signup:
    event = _lock(signup.event)
    s = Signup.objects.select_for_update().get(pk=signup.pk)
    if not (actor is None or getattr(actor, "person_id", None) == s.person_id):
        require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if s.status == Signup.Status.CANCELLED:
        return s
    if event.status in (S.HELD, S.CANCELLED):
        raise ServiceError(f"活动{event.get_status_display()}，不能取消报名。")
    if s.checked_in_at:
        raise ServiceError("已签到，不能取消报名。")
    now = timezone.now()
    was_confirmed = s.status == Signup.Status.CONFIRMED
    s.status, s.cancelled_at = Signup.Status.CANCELLED, now
    s.late = bool(event.deadline and now > event.deadline and was_confirmed)
    s.save()
    if was_confirmed:
        _promote(event)
    return s


# ---------------------------------------------------------------------------------------------------- check-in

def checkin_token(s: Signup) -> str:
    """The member's QR code: a signed [sign-up, event, person]; single use (the first scan checks in)."""
    return signing.dumps([s.pk, s.event_id, s.person_id], salt=CHECKIN_SALT, compress=True)


@transaction.atomic
def checkin_scan(*, actor, event: Event, token: str) -> Signup:
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    try:
        signup_id, event_id, person_id = signing.loads((token or "").strip(), salt=CHECKIN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ServiceError("签到码无效：不是本系统生成的签到码，或已被改动。") from None
    if event_id != event.pk:
        raise ServiceError("这是另一个活动的签到码，请核对活动。")
    s = Signup.objects.select_for_update().select_related("person").filter(pk=signup_id, event=event,
                                                                           person_id=person_id).first()
    if s is None or s.status == Signup.Status.CANCELLED:
        raise ServiceError("该报名已取消，签到码无效。")
    if s.status == Signup.Status.WAITING:
        raise ServiceError(f"{s.person.name}仍在候补名单中，未获得名额。")
    if s.checked_in_at:
        raise ServiceError(f"该签到码已使用：{s.person.name}已于{timezone.localtime(s.checked_in_at):%H:%M}签到"
                           "（签到码只能使用一次）。")
    _check_in(s, actor, Signup.Method.QR)
    return s


def _check_in(s: Signup, actor, method: str) -> None:
    s.checked_in_at, s.checkin_method = timezone.now(), method
    s.checked_in_by = actor if getattr(actor, "pk", None) else None
    s.save(update_fields=["checked_in_at", "checkin_method", "checked_in_by"])


@transaction.atomic
def checkin_tick(*, actor, event: Event, signup_ids, checked: bool = True) -> int:
    """Tick (or untick) names on the list; returns how many changed."""
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    rows = Signup.objects.select_for_update().filter(event=event, pk__in=list(signup_ids),
                                                     status=Signup.Status.CONFIRMED)
    changed = 0
    for s in rows:
        if checked and not s.checked_in_at:
            _check_in(s, actor, Signup.Method.LIST)
            changed += 1
        elif not checked and s.checked_in_at:
            s.checked_in_at, s.checkin_method, s.checked_in_by = None, "", None
            s.save(update_fields=["checked_in_at", "checkin_method", "checked_in_by"])
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------------- results

@transaction.atomic
def team_save(*, actor, event: Event, name: str, leader: Person | None = None) -> EventTeam:
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    name = required(name, "队名", 50)
    if leader is not None and not leader.org.path.startswith(event.org.path):
        raise ServiceError("领队须为本会会员。")
    team, _ = EventTeam.objects.get_or_create(event=event, name=name)
    if leader is not None and team.leader_id != leader.pk:
        team.leader = leader
        team.save()
    return team


@transaction.atomic
def award_record(*, actor, event: Event, title: str, level: str, person: Person | None = None,
                 team: EventTeam | None = None, winner: str = "", note: str = "") -> Award:
    """A place won: by a member, by one of the event's teams, or (at an upper union's event) by the union's team."""
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status == S.CANCELLED:
        raise ServiceError("活动已取消，不能登记获奖。")
    if level not in Award.Level.values:
        raise ServiceError("请选择获奖等次。")
    if person is not None and team is not None:
        raise ServiceError("获奖者请选择个人或队伍之一。")
    if team is not None and team.event_id != event.pk:
        raise ServiceError("所选队伍不属于本活动。")
    if person is not None and not person.org.path.startswith(event.org.path):
        raise ServiceError("获奖会员须为本会会员。")
    winner = text(winner, 100) or (person.name if person else team.name if team else "")
    if not winner:
        raise ServiceError("请填写获奖者（个人姓名或队名）。")
    return Award.objects.create(event=event, title=required(title, "奖项名称", 50), level=level, person=person,
                                team=team, winner=winner, note=text(note, 200))


@transaction.atomic
def award_delete(*, actor, award: Award) -> None:
    require(actor, Perm.ACTIVITIES_EDIT, award.event.org)
    award.delete()
