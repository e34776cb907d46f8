"""Congress, terms and delegates (职代会、届、代表)."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.members.models import Gender, Person
from gonghui.members.validators import check_date
from gonghui.orgs.models import Organization

from ..models import YOUNG_MAX_AGE, Congress, Delegate, DelegateCategory, Delegation, Term
from ._common import require

__all__ = ["congress_create", "term_open", "term_close", "delegation_create", "delegate_elect"]


@transaction.atomic
def congress_create(*, actor, org: Organization, kind: str = Congress.Kind.WORKERS, name: str = "") -> Congress:
    require(actor, Perm.DEMOCRACY_EDIT, org)
    if kind not in Congress.Kind.values:
        raise ServiceError("请选择职代会类别。")
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("职代会只能建在工会（基层工会、联合工会等）上，不能建在工会小组或分会上。")
    if Congress.objects.filter(org=org, kind=kind).exists():
        raise ServiceError(f"{org.name}已有{Congress.Kind(kind).label}，请在原职代会下新建一届。")
    name = (name or "").strip() or f"{org.name}{Congress.Kind(kind).label}"
    return Congress.objects.create(org=org, kind=kind, name=name[:100])


@transaction.atomic
def term_open(*, actor, congress: Congress, number: int, started_on: datetime.date,
              ends_on: datetime.date | None = None, seats: int | None = None) -> Term:
    """A new term (届). The open term before it, if any, ends the day before this one starts."""
    require(actor, Perm.DEMOCRACY_EDIT, congress.org)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if not number or number < 1:
        raise ServiceError("届次应为正整数。")
    if started_on is None:
        raise ServiceError("请填写本届开始日期。")
    if ends_on is not None and ends_on <= started_on:
        raise ServiceError("任期届满日期应晚于开始日期。")
    if seats is not None and seats < 1:
        raise ServiceError("代表名额应为正整数。")
    if Term.objects.filter(congress=congress, number=number).exists():
        raise ServiceError(f"第{number}届已存在。")
    later = Term.objects.filter(congress=congress, started_on__gte=started_on).first()
    if later is not None:
        raise ServiceError(f"新的一届应在{later}开始（{later.started_on:%Y年%-m月%-d日}）之后。")
    for previous in Term.objects.filter(congress=congress, ended_on__isnull=True):
        previous.ended_on = started_on - datetime.timedelta(days=1)
        previous.save(update_fields=["ended_on"])
    return Term.objects.create(congress=congress, org=congress.org, number=number, started_on=started_on,
                               ends_on=ends_on, seats=seats)


@transaction.atomic
def term_close(*, actor, term: Term, ended_on: datetime.date) -> Term:
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    if ended_on < term.started_on:
        raise ServiceError("结束日期不能早于本届开始日期。")
    term.ended_on = ended_on
    term.save(update_fields=["ended_on"])
    return term


@transaction.atomic
def delegation_create(*, actor, term: Term, name: str, order: int = 0) -> Delegation:
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写代表团（组）名称。")
    if Delegation.objects.filter(term=term, name=name).exists():
        raise ServiceError(f"本届已有“{name}”。")
    return Delegation.objects.create(term=term, org=term.org, name=name[:60], order=order)


@transaction.atomic
def delegate_elect(*, actor, term: Term, person: Person, category: str, elected_on: datetime.date | None = None,
                   delegation: Delegation | None = None, note: str = "") -> Delegate:
    """A person elected delegate of a term: a member of the union (or a union below it) on the day of the election,
    never twice in the same term. 女职工 and 青年 are taken from the person on that day."""
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    elected_on = elected_on or term.started_on
    check_date(elected_on, "当选日期", person=person)
    if category not in DelegateCategory.values:
        raise ServiceError("请选择代表构成（一线职工、专业技术人员、中层以上管理人员或其他人员）。")
    if not person.org.path.startswith(term.org.path):
        raise ServiceError(f"{person.name}不是{term.org.name}（或其下属组织）的人员，不能当选本届代表。")
    if not person.is_member:
        raise ServiceError(f"{person.name}不是在册会员，不能当选职工代表。")
    if delegation is not None and delegation.term_id != term.pk:
        raise ServiceError("所选代表团（组）不属于本届。")
    if Delegate.objects.filter(term=term, person=person).exists():
        raise ServiceError(f"{person.name}已是本届代表。")
    age = person.age_on(elected_on)
    try:
        with transaction.atomic():
            return Delegate.objects.create(
                term=term, org=term.org, person=person, delegation=delegation, category=category,
                is_woman=person.gender == Gender.FEMALE, is_young=age is not None and age <= YOUNG_MAX_AGE,
                elected_on=elected_on, note=(note or "").strip()[:200])
    except IntegrityError:  # two officers at once: the constraint holds
        raise ServiceError(f"{person.name}已是本届代表。") from None
