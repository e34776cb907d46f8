"""Membership figures for an organisation's subtree on a day or over a period.

Counted from the dated membership history, so a figure for a past day gives that day's answer even after
transfers, withdrawals and deaths (DESIGN.md rules 3 and 5).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.timezone import localdate

from gonghui.orgs.models import Organization

from .models import Gender, Membership, MembershipEvent, Person


def members_on(org: Organization, day: datetime.date) -> QuerySet[Membership]:
    """Membership periods open on `day` in the subtree: one per member."""
    return Membership.objects.filter(
        org__path__startswith=org.path, started_on__lte=day
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def serving_on(day: datetime.date, prefix: str = "") -> Q:
    """People in service on `day`: hired by then (or no hiring date), not yet retired, left or dead."""
    def field(name):
        return prefix + name

    return (
        (Q(**{field("hired_on__isnull"): True}) | Q(**{field("hired_on__lte"): day}))
        & (Q(**{field("retired_on__isnull"): True}) | Q(**{field("retired_on__gt"): day}))
        & (Q(**{field("left_on__isnull"): True}) | Q(**{field("left_on__gt"): day}))
        & (Q(**{field("died_on__isnull"): True}) | Q(**{field("died_on__gt"): day}))
        & ~Q(**{field("work_status"): Person.WorkStatus.LEFT_OFFICE})
    )


def employees_on(org: Organization, day: datetime.date) -> QuerySet[Person]:
    """Serving employees on `day` (not retired, left or dead by then), members or not."""
    return Person.objects.filter(org__path__startswith=org.path).filter(serving_on(day))


def new_members(org: Organization, start: datetime.date, end: datetime.date) -> QuerySet[MembershipEvent]:
    """Admissions (入会, re-admissions) in the subtree between two days, inclusive. Transfers in are not new."""
    return MembershipEvent.objects.filter(
        org__path__startswith=org.path,
        kind__in=[MembershipEvent.Kind.JOIN, MembershipEvent.Kind.REJOIN],
        occurred_on__gte=start, occurred_on__lte=end,
    )


@dataclass
class Overview:
    day: datetime.date
    members: int
    serving_members: int
    employees: int
    women_members: int
    retired_members: int
    new_members_this_year: int

    @property
    def join_rate(self) -> float | None:
        """入会率: serving members ÷ serving employees; absent (None) when there are no employees."""
        if not self.employees:
            return None
        return round(self.serving_members * 100 / self.employees, 1)


def overview(org: Organization, day: datetime.date | None = None) -> Overview:
    day = day or localdate()
    members = members_on(org, day)
    retired = Q(person__retired_on__isnull=False, person__retired_on__lte=day)
    # One membership period is open per person on any day, so counting periods counts people: no DISTINCT.
    counts = members.aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(person__gender=Gender.FEMALE)),
        retired=Count("id", filter=retired),
        serving=Count("id", filter=serving_on(day, "person__")),
    )
    return Overview(
        day=day,
        members=counts["total"],
        serving_members=counts["serving"],
        employees=employees_on(org, day).count(),
        women_members=counts["women"],
        retired_members=counts["retired"],
        new_members_this_year=new_members(org, day.replace(month=1, day=1), day).count(),
    )


def month_ends(day: datetime.date, months: int = 12) -> list[datetime.date]:
    ends = []
    year, month = day.year, day.month
    for _ in range(months):
        first_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(first_next - datetime.timedelta(days=1), day))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(ends))


def members_by_month(org: Organization, day: datetime.date | None = None, months: int = 12) -> list[tuple[str, int]]:
    """Members at each month end over the last `months` months, in one query."""
    ends = month_ends(day or localdate(), months)
    return [(f"{end:%Y-%m}", count or 0) for end, count in zip(ends, members_on_days(org, ends))]


def members_on_days(org: Organization, days: list[datetime.date]) -> list[int | None]:
    """Members of the subtree on each of `days` (as members_on(org, day).count(), None for none), in one query:
    one conditional count per day over the periods that overlap the days (members over time on the dashboard)."""
    if not days:
        return []
    aggregates = {
        f"d{i}": Count("id", filter=Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)))
        for i, day in enumerate(days)
    }
    row = (Membership.objects.filter(org__path__startswith=org.path, started_on__lte=max(days))
           .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=min(days))).aggregate(**aggregates))
    return [row[f"d{i}"] or None for i in range(len(days))]
