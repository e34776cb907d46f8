"""Every change to the union tree, its terms, elections and positions."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.core.services import update_fields

from .models import PATH_STEP, Election, Organization, Position, Term

# Which kinds may sit under which (the parent's kind → allowed children).
CHILD_KINDS = {
    None: {Organization.Kind.FEDERATION, Organization.Kind.INDUSTRY, Organization.Kind.GRASSROOTS, Organization.Kind.JOINT},
    Organization.Kind.FEDERATION: {Organization.Kind.FEDERATION, Organization.Kind.INDUSTRY,
                                   Organization.Kind.GRASSROOTS, Organization.Kind.JOINT},
    Organization.Kind.INDUSTRY: {Organization.Kind.INDUSTRY, Organization.Kind.GRASSROOTS, Organization.Kind.JOINT},
    Organization.Kind.GRASSROOTS: {Organization.Kind.BRANCH, Organization.Kind.GROUP},
    Organization.Kind.JOINT: {Organization.Kind.GRASSROOTS, Organization.Kind.BRANCH, Organization.Kind.GROUP},
    Organization.Kind.BRANCH: {Organization.Kind.SUB_BRANCH, Organization.Kind.GROUP},
    Organization.Kind.SUB_BRANCH: {Organization.Kind.SUB_SUB_BRANCH, Organization.Kind.GROUP},
    Organization.Kind.SUB_SUB_BRANCH: {Organization.Kind.GROUP},
    Organization.Kind.GROUP: set(),
}


def _check_kind(kind: str, parent: Organization | None) -> None:
    allowed = CHILD_KINDS[parent.kind if parent else None]
    if kind not in allowed:
        where = f"“{parent.get_kind_display()}”之下" if parent else "最上层"
        raise ServiceError(f"{where}不能设立“{Organization.Kind(kind).label}”。")


# Positions filled by the committee election; the others are appointed and survive a 换届.
ELECTED_TITLES = {
    Position.Title.CHAIR, Position.Title.VICE_CHAIR, Position.Title.FULLTIME_VICE_CHAIR, Position.Title.COMMITTEE,
    Position.Title.WOMEN_DIRECTOR, Position.Title.WOMEN_MEMBER, Position.Title.AUDIT_DIRECTOR,
    Position.Title.AUDIT_MEMBER,
}


@transaction.atomic
def org_create(*, code: str, name: str, kind: str, parent: Organization | None = None, **fields) -> Organization:
    code = code.strip()
    if Organization.objects.filter(code=code).exists():
        raise ServiceError(f"组织代码“{code}”已被使用。")
    if parent is not None and not parent.is_active:
        raise ServiceError("上级组织已撤销，不能在其下设立组织。")
    _check_kind(kind, parent)
    # The path segment comes from a counter rather than the primary key, so the row is saved once, complete,
    # and its creation is audited under its real place in the tree.
    segment = Sequence.next("org_path")
    org = Organization(code=code, name=name.strip(), kind=kind, parent=parent,
                       path=(parent.path if parent else "") + f"{segment:07d}/",
                       depth=(parent.depth + 1) if parent else 0, **fields)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def org_update(*, org: Organization, version: int | None = None, **fields) -> Organization:
    forbidden = {"parent", "path", "depth", "status"} & fields.keys()
    if forbidden:
        raise ServiceError("上级组织和状态请通过“迁移”或“撤销”办理。")
    if "code" in fields and Organization.objects.filter(code=fields["code"]).exclude(pk=org.pk).exists():
        raise ServiceError(f"组织代码“{fields['code']}”已被使用。")
    if "kind" in fields:
        _check_kind(fields["kind"], org.parent)
    return update_fields(org, version=version, **fields)


@transaction.atomic
def org_move(*, org: Organization, new_parent: Organization) -> Organization:
    """Move a branch with everything below it to another parent, in one UPDATE of the paths."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if new_parent.path.startswith(org.path):
        raise ServiceError("不能把组织迁移到它自己或它的下级组织之下。")
    if not new_parent.is_active:
        raise ServiceError("目标上级组织已撤销。")
    _check_kind(org.kind, new_parent)
    old_path = org.path
    new_path = new_parent.path + old_path[-PATH_STEP:]
    delta = new_parent.depth + 1 - org.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    org.refresh_from_db()  # the audit entry of the save below shows the old and new parent, path and depth
    org.parent = new_parent
    org.save(update_fields=["parent"])
    return org


@transaction.atomic
def org_close(*, org: Organization, closed_on: datetime.date, reason: str) -> Organization:
    from gonghui.members.models import Person

    if not reason.strip():
        raise ServiceError("请填写撤销原因。")
    if org.children.filter(status=Organization.Status.ACTIVE).exists():
        raise ServiceError("该组织还有未撤销的下级组织，请先迁移或撤销下级组织。")
    from gonghui.members.models import Transfer

    members = Person.objects.filter(org=org, member_status__in=[Person.MemberStatus.ACTIVE,
                                                                Person.MemberStatus.TRANSFERRING]).count()
    if members:
        raise ServiceError(f"该组织还有{members}名会员，请先办理转会后再撤销。")
    waiting = Transfer.objects.filter(to_org=org, status=Transfer.Status.PENDING).count()
    if waiting:
        raise ServiceError(f"还有{waiting}笔转入本组织的转会待接收，请先接收或拒收。")
    org.status = Organization.Status.CLOSED
    org.closed_on = closed_on
    org.closed_reason = reason.strip()
    org.save()
    return org


def _lock_org(org: Organization) -> None:
    """Serialise committee changes of one organisation, so that a double submission cannot pass the checks twice."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()


@transaction.atomic
def term_create(*, org: Organization, number: int, starts_on: datetime.date, ends_on=None, note="") -> Term:
    _lock_org(org)
    if not number or number < 1:
        raise ServiceError("届次应为正整数。")
    if ends_on is not None and ends_on <= starts_on:
        raise ServiceError("任期届满日期应晚于任期开始日期。")
    if Term.objects.filter(org=org, number=number).exists():
        raise ServiceError(f"第{number}届已存在。")
    term = Term(org=org, number=number, starts_on=starts_on, ends_on=ends_on, note=note)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def election_record(*, org: Organization, term: Term, kind: str, held_on: datetime.date, result: str = "",
                    elected: list[tuple] = (), **fields) -> Election:
    """Record an election. `elected` is [(person, title)]: their positions start on the election date.

    At a general election (换届) every committee position of the previous term ends that day (group leaders,
    activists and inspectors are appointed otherwise and stay); a by-election (增补) adds.
    """
    _lock_org(org)
    if term.org_id != org.pk:
        raise ServiceError("届次不属于该组织。")
    if held_on > localdate():
        raise ServiceError("选举日期不能晚于今天。")
    electorate, attendance = fields.get("electorate"), fields.get("attendance")
    if electorate is not None and attendance is not None and attendance > electorate:
        raise ServiceError("实到人数不能多于应到人数。")
    if Election.objects.filter(org=org, kind=kind, held_on=held_on).exists():
        # A second click on the same form, or the same election typed twice.
        raise ServiceError("该选举已登记，请勿重复提交。")
    election = Election(org=org, term=term, kind=kind, held_on=held_on, result=result, **fields)
    election.full_clean()
    election.save()
    if kind == Election.Kind.GENERAL:
        for position in Position.objects.filter(org=org, ends_on__isnull=True,
                                                title__in=ELECTED_TITLES).exclude(term=term):
            position_end(position=position, ends_on=held_on, reason="换届")
    for person, title in elected:
        position_assign(org=org, person=person, title=title, starts_on=held_on, term=term, election=election)
    return election


@transaction.atomic
def position_assign(*, org: Organization, person, title: str, starts_on: datetime.date, term: Term | None = None,
                    election: Election | None = None, is_fulltime: bool = False) -> Position:
    _lock_org(org)
    if not person.org.path.startswith(org.path):
        raise ServiceError(f"{person.name}不在{org.name}及其下级组织中，不能担任该组织的职务。")
    if person.work_status == person.WorkStatus.DECEASED:
        raise ServiceError(f"{person.name}已故，不能任职。")
    if term is not None and term.org_id != org.pk:
        raise ServiceError("届次不属于该组织。")
    single = {Position.Title.CHAIR, Position.Title.WOMEN_DIRECTOR, Position.Title.AUDIT_DIRECTOR,
              Position.Title.GROUP_LEADER}
    if title in single:
        for current in Position.objects.filter(org=org, title=title, ends_on__isnull=True):
            if current.person_id == person.pk:
                raise ServiceError(f"{person.name}已担任{current.get_title_display()}。")
            position_end(position=current, ends_on=starts_on, reason="职务调整")
    if Position.objects.filter(org=org, person=person, title=title, ends_on__isnull=True).exists():
        raise ServiceError(f"{person.name}已担任该职务。")
    position = Position(org=org, person=person, title=title, starts_on=starts_on, term=term, election=election,
                        is_fulltime=is_fulltime)
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def position_end(*, position: Position, ends_on: datetime.date, reason: str = "") -> Position:
    locked = Position.objects.select_for_update().get(pk=position.pk)
    if locked.ends_on is not None:
        raise ServiceError("该职务已经结束。")
    if ends_on < locked.starts_on:
        raise ServiceError("离任日期不能早于任职日期。")
    locked.ends_on = ends_on
    locked.end_reason = reason
    locked.save()
    position.ends_on, position.end_reason = ends_on, reason
    return locked
