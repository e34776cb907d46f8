"""Every change to the union tree, its terms, elections and positions."""
from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from gonghui.core.errors import ServiceError
from gonghui.core.services import update_fields

from .models import Election, Organization, Position, Term

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


@transaction.atomic
def org_create(*, code: str, name: str, kind: str, parent: Organization | None = None, **fields) -> Organization:
    code = code.strip()
    if Organization.objects.filter(code=code).exists():
        raise ServiceError(f"组织代码“{code}”已被使用。")
    if parent is not None and not parent.is_active:
        raise ServiceError("上级组织已撤销，不能在其下设立组织。")
    _check_kind(kind, parent)
    org = Organization(code=code, name=name.strip(), kind=kind, parent=parent,
                       path=f"~{uuid.uuid4().hex}", depth=(parent.depth + 1) if parent else 0, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = (parent.path if parent else "") + f"{org.pk:07d}/"
    Organization.objects.filter(pk=org.pk).update(path=org.path)
    org._audit_loaded = dict(org._audit_loaded, path=org.path) if hasattr(org, "_audit_loaded") else None
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
    old_path, new_path = org.path, new_parent.path + f"{org.pk:07d}/"
    delta = new_parent.depth + 1 - org.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    org.refresh_from_db()
    org._audit_loaded["parent_id"] = org.parent_id
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
    members = Person.objects.filter(org=org, member_status__in=[Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING]).count()
    if members:
        raise ServiceError(f"该组织还有{members}名会员，请先办理转会后再撤销。")
    org.status = Organization.Status.CLOSED
    org.closed_on = closed_on
    org.closed_reason = reason.strip()
    org.save()
    return org


@transaction.atomic
def term_create(*, org: Organization, number: int, starts_on: datetime.date, ends_on=None, note="") -> Term:
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

    At a general election (换届) every position of the previous term ends that day; a by-election (增补) adds.
    """
    if term.org_id != org.pk:
        raise ServiceError("届次不属于该组织。")
    election = Election(org=org, term=term, kind=kind, held_on=held_on, result=result, **fields)
    election.full_clean()
    election.save()
    if kind == Election.Kind.GENERAL:
        for position in Position.objects.filter(org=org, ends_on__isnull=True).exclude(term=term):
            position_end(position=position, ends_on=held_on, reason="换届")
    for person, title in elected:
        position_assign(org=org, person=person, title=title, starts_on=held_on, term=term, election=election)
    return election


@transaction.atomic
def position_assign(*, org: Organization, person, title: str, starts_on: datetime.date, term: Term | None = None,
                    election: Election | None = None, is_fulltime: bool = False) -> Position:
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
    if position.ends_on is not None:
        raise ServiceError("该职务已经结束。")
    if ends_on < position.starts_on:
        raise ServiceError("离任日期不能早于任职日期。")
    position.ends_on = ends_on
    position.end_reason = reason
    position.save()
    return position
