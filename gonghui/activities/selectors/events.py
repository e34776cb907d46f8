"""Reads of events: the officer's (scoped by ACTIVITIES_VIEW on the event's union) and the member's (the events
whose sign-up scope holds the member's organisation; their own sign-ups)."""
from __future__ import annotations

import datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.orgs.models import PATH_STEP

from ..models import Award, Event, EventPhoto, EventTeam, Signup

C, W = Signup.Status.CONFIRMED, Signup.Status.WAITING


def with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed=Count("signups", filter=Q(signups__status=C)),
        waiting=Count("signups", filter=Q(signups__status=W)),
        checked_in=Count("signups", filter=Q(signups__status=C, signups__checked_in_at__isnull=False)),
    )


def events(user, perm: str = Perm.ACTIVITIES_VIEW, *, within=None) -> QuerySet[Event]:
    qs = Event.objects.filter(org_q(user, perm)).select_related("org", "scope")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def event_get(user, pk, perm: str = Perm.ACTIVITIES_VIEW) -> Event:
    return get_object_or_404(events(user, perm), pk=pk)


def signups(user, perm: str = Perm.ACTIVITIES_VIEW) -> QuerySet[Signup]:
    return Signup.objects.filter(org_q(user, perm, "event__org")).select_related("event", "person", "person__org",
                                                                                   "team")


def signup_list(event: Event) -> QuerySet[Signup]:
    """The event's sign-ups (already scoped through the event): confirmed in order, then the waiting list."""
    rank = Case(When(status=C, then=Value(0)), When(status=W, then=Value(1)), default=Value(2))
    return (event.signups.select_related("person", "person__org", "team")
            .order_by(rank, "queued_at", "id"))


def signup_summary(event: Event) -> dict:
    """Counts for the event's header (one query)."""
    return event.signups.aggregate(
        confirmed=Count("pk", filter=Q(status=C)), waiting=Count("pk", filter=Q(status=W)),
        family=Sum("family", filter=Q(status=C), default=0),
        checked_in=Count("pk", filter=Q(status=C, checked_in_at__isnull=False)),
        late=Count("pk", filter=Q(status=Signup.Status.CANCELLED, late=True)))


def teams(event: Event) -> QuerySet[EventTeam]:
    return event.teams.select_related("leader").annotate(size=Count("members", filter=Q(members__status=C)))


def awards(user, perm: str = Perm.ACTIVITIES_VIEW) -> QuerySet[Award]:
    return Award.objects.filter(org_q(user, perm, "event__org")).select_related("event", "person", "team")


def photos(user, perm: str = Perm.ACTIVITIES_VIEW) -> QuerySet[EventPhoto]:
    return EventPhoto.objects.filter(org_q(user, perm, "event__org")).select_related("event")


def award_get(user, pk, perm: str = Perm.ACTIVITIES_EDIT) -> Award:
    return get_object_or_404(awards(user, perm), pk=pk)


def signup_get(user, pk, perm: str = Perm.ACTIVITIES_EDIT) -> Signup:
    return get_object_or_404(signups(user, perm), pk=pk)


# ---------------------------------------------------------------------------------------------------- members

def _scope_paths(person) -> list[str]:
    """Every prefix of the member's organisation path: an event whose scope is one of them is open to them."""
    path = person.org.path
    return [path[:i] for i in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def open_for(user) -> QuerySet[Event]:
    """Events open for sign-up (or closed but not yet held) to the member: scope over their organisation."""
    person = getattr(user, "person", None)
    if person is None or not person.is_member:
        return Event.objects.none()
    now = timezone.now()
    return with_counts(Event.objects.filter(scope__path__in=_scope_paths(person),
                                            status__in=(Event.Status.OPEN, Event.Status.CLOSED),
                                            starts_at__gte=now - datetime.timedelta(hours=12))
                       .select_related("scope")).order_by("starts_at", "id")


def visible_to_member(user, pk) -> Event:
    """An event the member may see: open to them (scope over their organisation) or one they signed up for."""
    person = getattr(user, "person", None)
    if person is None:
        from django.http import Http404
        raise Http404("未找到该活动")
    mine = Q(signups__person=person)
    published = Q(scope__path__in=_scope_paths(person)) & ~Q(status__in=(Event.Status.DRAFT, Event.Status.APPROVED))
    return get_object_or_404(with_counts(Event.objects.filter(published | mine).distinct()
                                         .select_related("scope", "org")), pk=pk)


def my_signups(user) -> QuerySet[Signup]:
    if not getattr(user, "person_id", None):
        return Signup.objects.none()
    return Signup.objects.filter(person_id=user.person_id).select_related("event").order_by("-event__starts_at")


def my_signup(user, event: Event) -> Signup | None:
    if not getattr(user, "person_id", None):
        return None
    return Signup.objects.filter(person_id=user.person_id, event=event).first()


def waiting_position(s: Signup) -> int | None:
    if s.status != W:
        return None
    return Signup.objects.filter(event_id=s.event_id, status=W).filter(
        Q(queued_at__lt=s.queued_at) | Q(queued_at=s.queued_at, id__lt=s.id)).count() + 1


def home_card(user) -> dict | None:
    """The member's 首页 card: the next open events open to the member, marking their own — one query (the scope
    test is an EXISTS on the member's organisation path, so the person is not read first)."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    from gonghui.members.models import Person

    in_scope = Exists(Person.objects.filter(pk=person_id, org__path__startswith=OuterRef("scope__path"),
                                            member_status__in=(Person.MemberStatus.ACTIVE,
                                                               Person.MemberStatus.TRANSFERRING)))
    rows = list(Event.objects.filter(in_scope, status=Event.Status.OPEN, starts_at__gte=timezone.now())
                .annotate(mine=Count("signups", filter=Q(signups__person_id=person_id)
                                     & ~Q(signups__status=Signup.Status.CANCELLED)))
                .order_by("starts_at", "id").values("pk", "title", "starts_at", "mine")[:3])
    return {"events": rows} if rows else None


# ---------------------------------------------------------------------------------------------------- desk

def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def to_record(user, *, within=None, day: datetime.date | None = None) -> QuerySet[Event]:
    """Events whose day has passed that are neither recorded as held nor cancelled (approved, open or closed for
    sign-up): the desk's to-do 已举办活动待录入结果 (one COUNT)."""
    day = day or timezone.localdate()
    return events(user, Perm.ACTIVITIES_EDIT, within=within).filter(
        status__in=(Event.Status.APPROVED, Event.Status.OPEN, Event.Status.CLOSED), starts_at__lt=_day_start(day))


def reminders_due(day: datetime.date) -> list[Event]:
    """The system's read for the reminder before an event (no user scope: `gonghui remind`): events open or closed
    for sign-up with a reminder, starting from `day` on and at most `remind_days` days later (one query)."""
    from ..services.events import REMIND_MAX

    rows = Event.objects.filter(status__in=(Event.Status.OPEN, Event.Status.CLOSED), remind_days__gt=0,
                                starts_at__gte=_day_start(day),
                                starts_at__lt=_day_start(day + datetime.timedelta(days=REMIND_MAX + 1)))
    return [e for e in rows.order_by("starts_at", "id")
            if (timezone.localdate(e.starts_at) - day).days <= e.remind_days]
