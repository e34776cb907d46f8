"""Reads of open affairs (厂务公开 …), scoped to the user: the officer's items and list of required categories
(DEMOCRACY_VIEW), what is still to be published in a period, the practice's name, and the member's published items.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.members.models import Membership
from gonghui.orgs.models import PATH_STEP, Organization

from ..models import (
    Congress,
    OpenAffairsAttachment,
    OpenAffairsCategory,
    OpenAffairsItem,
    OpenAffairsRead,
    OpenAffairsRequirement,
    OpenAffairsSetting,
    Practice,
)

NOT_FOUND = "未找到该公开事项，或不在您的管辖范围内。"
#: A member's 首页 card shows items published within these days that they have not opened.
NEW_DAYS = 60
#: The officers' to-do lists a requirement not yet met when its period ends within these days (or has ended).
DUE_SOON_DAYS = 30

# Words in a union's or employer's name that tell what kind of workplace it is (no setting on the union).
_NAME_WORDS = (
    (Practice.SCHOOL, ("学校", "中学", "小学", "大学", "学院", "幼儿园", "职校", "教育")),
    (Practice.HOSPITAL, ("医院", "卫生院", "卫生服务中心", "疾控")),
    (Practice.BUREAU, ("局", "委员会", "办事处")),
)


# --- the practice's name ------------------------------------------------------------------------------------------

def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def practice_of(org: Organization) -> str:
    """The value of `Practice` the union's pages and wording use: the setting on the union or its nearest ancestor
    that has one; else a 教代会 congress says 校务公开; else the union's (or employer's) name; else 厂务公开.
    Two queries at most."""
    setting = (OpenAffairsSetting.objects.filter(org__path__in=_prefixes(org.path)).order_by("-org__depth")
               .values_list("practice", flat=True).first())
    if setting:
        return setting
    if Congress.objects.filter(org=org, kind=Congress.Kind.TEACHERS).exists():
        return Practice.SCHOOL
    names = f"{org.name} {org.employer}"
    for practice, words in _NAME_WORDS:
        if any(word in names for word in words):
            return practice
    return Practice.FACTORY


def practice_name(org: Organization | None) -> str:
    """厂务公开 / 校务公开 / 局务公开 / 院务公开 … for the union (厂务公开 when there is none)."""
    return Practice(practice_of(org)).label if org is not None else Practice.FACTORY.label


# --- the officer's reads ------------------------------------------------------------------------------------------

def items(user, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet[OpenAffairsItem]:
    return OpenAffairsItem.objects.filter(org_q(user, perm)).select_related("org", "author")


def item_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> OpenAffairsItem:
    item = items(user, perm).filter(pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    return item


def requirements(user, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet[OpenAffairsRequirement]:
    return OpenAffairsRequirement.objects.filter(org_q(user, perm)).select_related("org")


def requirement_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> OpenAffairsRequirement:
    found = requirements(user, perm).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该清单事项，或不在您的管辖范围内。")
    return found


def attachment_get(user, pk) -> OpenAffairsAttachment:
    """An attachment to the officers of the item's union, or to a member who may read the published item."""
    att = OpenAffairsAttachment.objects.filter(pk=pk).select_related("item").first()
    if att is None or not (items(user).filter(pk=att.item_id).exists()
                           or published_for(user).filter(pk=att.item_id).exists()):
        raise Http404(NOT_FOUND)
    return att


# --- periods and the list of required categories ------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    """One period in which a required category had to be published, and whether it was."""

    requirement: OpenAffairsRequirement
    start: datetime.date
    end: datetime.date
    label: str
    met: bool

    @property
    def category_label(self) -> str:
        return OpenAffairsCategory(self.requirement.category).label


def sub_periods(year: int, frequency: str) -> list[tuple[datetime.date, datetime.date, str]]:
    """The periods of a year a requirement of that frequency asks for one publication in."""
    d = datetime.date
    if frequency == OpenAffairsRequirement.Frequency.QUARTERLY:
        ends = [d(year, 3, 31), d(year, 6, 30), d(year, 9, 30), d(year, 12, 31)]
        return [(d(year, 3 * i + 1, 1), ends[i], f"{year}年第{'一二三四'[i]}季度") for i in range(4)]
    if frequency == OpenAffairsRequirement.Frequency.HALF_YEARLY:
        return [(d(year, 1, 1), d(year, 6, 30), f"{year}年上半年"), (d(year, 7, 1), d(year, 12, 31), f"{year}年下半年")]
    return [(d(year, 1, 1), d(year, 12, 31), f"{year}年")]


def dues(requirement_qs, *, start: datetime.date, end: datetime.date, ending_only: bool = True) -> list[Due]:
    """Each required category's periods that end within [start, end] (ending_only; else that overlap it), and
    whether a published item of the union in that category is dated inside the period. Two queries."""
    reqs = list(requirement_qs.filter(year__gte=start.year, year__lte=end.year).select_related("org"))
    if not reqs:
        return []
    lo = min(datetime.date(r.year, 1, 1) for r in reqs)
    hi = max(datetime.date(r.year, 12, 31) for r in reqs)
    published = set(OpenAffairsItem.objects.filter(
        org_id__in={r.org_id for r in reqs}, status=OpenAffairsItem.Status.PUBLISHED,
        published_on__range=(lo, hi)).values_list("org_id", "category", "published_on"))
    days: dict[tuple, list] = {}
    for org_id, category, day in published:
        days.setdefault((org_id, category), []).append(day)
    out = []
    for r in reqs:
        for s, e, label in sub_periods(r.year, r.frequency):
            inside = start <= e <= end if ending_only else (s <= end and e >= start)
            if inside:
                met = any(s <= day <= e for day in days.get((r.org_id, r.category), ()))
                out.append(Due(r, s, e, label, met))
    out.sort(key=lambda due: (due.end, due.requirement.org_id, due.requirement.category))
    return out


def unpublished(user, *, within: Organization | None = None, on: datetime.date | None = None,
                days: int = DUE_SOON_DAYS) -> list[Due]:
    """What the officers still have to publish: periods of this year that have ended, or end within `days`, with
    nothing published yet (the to-do, the reminder and the list page's banner)."""
    on = on or localdate()
    qs = requirements(user)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    found = dues(qs, start=datetime.date(on.year, 1, 1), end=min(on + datetime.timedelta(days=days),
                                                                   datetime.date(on.year, 12, 31)))
    return [due for due in found if not due.met]


# --- the member's reads -------------------------------------------------------------------------------------------

def published_for(user, *, today: datetime.date | None = None) -> QuerySet[OpenAffairsItem]:
    """Published items of the unions on the member's path (their union and those above it: a member of a branch
    reads the company's items), dated today or before, annotated `is_read`."""
    person_id = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or not person_id:
        return OpenAffairsItem.objects.none()
    today = today or localdate()
    member_of = Membership.objects.filter(person_id=person_id, ended_on__isnull=True,
                                          org__path__startswith=OuterRef("org__path"))
    return (OpenAffairsItem.objects.filter(status=OpenAffairsItem.Status.PUBLISHED, published_on__lte=today)
            .filter(Exists(member_of)).select_related("org")
            .annotate(is_read=Exists(OpenAffairsRead.objects.filter(item=OuterRef("pk"), user=user))))


def unread_recent(user, *, today: datetime.date | None = None, limit: int = 20) -> list[OpenAffairsItem]:
    """`published_for(user).filter(published_on__gte=today - NEW_DAYS, is_read=False)[:limit]` as one hand-written
    query (the 首页 card runs on every visit: core/rawsql.py): unsaved items with id, title, date and their union
    (id, path, name, employer: what `practice_name` reads)."""
    from gonghui.core import rawsql

    person_id = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or not person_id:
        return []
    today = today or localdate()
    org = rawsql.table(Organization)
    found = rawsql.rows(
        f"SELECT i.id, i.title, i.published_on, o.id, o.path, o.name, o.employer FROM {rawsql.table(OpenAffairsItem)} i "
        f"INNER JOIN {org} o ON o.id = i.org_id "
        f"WHERE i.status = %s AND i.published_on <= %s AND i.published_on >= %s "
        f"AND EXISTS (SELECT 1 FROM {rawsql.table(Membership)} m INNER JOIN {org} mo ON mo.id = m.org_id "
        f"WHERE m.person_id = %s AND m.ended_on IS NULL AND {rawsql.starts_with('mo.path', 'o.path')}) "
        f"AND NOT EXISTS (SELECT 1 FROM {rawsql.table(OpenAffairsRead)} r WHERE r.item_id = i.id AND r.user_id = %s) "
        f"ORDER BY i.published_on DESC, i.id DESC LIMIT %s",
        [OpenAffairsItem.Status.PUBLISHED, rawsql.date(today),
         rawsql.date(today - datetime.timedelta(days=NEW_DAYS)), person_id, user.pk, limit])
    out = []
    for pk, title, published_on, org_id, path, name, employer in found:
        item = OpenAffairsItem(id=pk, title=title, published_on=published_on, status=OpenAffairsItem.Status.PUBLISHED,
                               org=Organization(id=org_id, path=path, name=name, employer=employer))
        item.is_read = False
        out.append(item)
    return out


def published_get(user, pk) -> OpenAffairsItem:
    item = published_for(user).filter(pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    return item


def home_card(user, *, limit: int = 3) -> dict | None:
    """The member's 首页 card: items published in the last NEW_DAYS days not yet opened (one query, at most 20
    rows read), two more for the practice's name when there is something new; None (no card) when there is not."""
    rows = unread_recent(user)
    if not rows:
        return None
    return {"unread": len(rows), "more": len(rows) == 20, "latest": rows[:limit],
            "practice": practice_name(rows[0].org)}
