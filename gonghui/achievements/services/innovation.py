"""Technical innovation (技术创新): projects, patents and innovation studios — recorded and changed by an officer
with ACHIEVE_EDIT on the record's organisation. Every person named must belong to the union of that organisation;
a patent number is checked (format, kind digit and check character, core.patentno) and recorded once per union."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core import patentno
from gonghui.core.errors import ServiceError
from gonghui.core.money import to_money
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import HonourLevel, InnovationProject, InnovationStudio, Patent
from ._common import past_date, require, text, union_of

__all__ = ["project_save", "patent_save", "studio_save", "MAX_BENEFIT"]

MAX_BENEFIT = Decimal("10000000000")
P = InnovationProject.State


def _people(union: Organization, people, label: str) -> list[Person]:
    people = [p for p in people if p is not None]
    for p in people:
        if not p.org.path.startswith(union.path):
            raise ServiceError(f"{label}{p.name}不是{union.name}的职工（会员）。")
    return people


def _org(actor, org: Organization, instance) -> Organization:
    if org is None:
        raise ServiceError("请选择所属组织。")
    require(actor, Perm.ACHIEVE_EDIT, org)
    if instance is not None and instance.org_id != org.pk:
        require(actor, Perm.ACHIEVE_EDIT, instance.org)
    return union_of(org)


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        amount = to_money(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ServiceError(f"经济效益“{value}”不是金额。") from None
    if amount < 0 or amount > MAX_BENEFIT:
        raise ServiceError("经济效益应为0至100亿元之间的金额。")
    return amount


def _save(instance, fields: dict, m2m: dict):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()
    for name, people in m2m.items():
        current = set(getattr(instance, name).values_list("pk", flat=True))
        wanted = {p.pk for p in people}
        if current != wanted:
            getattr(instance, name).set(wanted)
    return instance


@transaction.atomic
def project_save(*, actor, org: Organization, name: str, leader: Person | None, started_on: datetime.date,
                 members=(), state: str = P.APPROVED, finished_on: datetime.date | None = None, goal: str = "",
                 result: str = "", benefit=None, project: InnovationProject | None = None) -> InnovationProject:
    """Create a project (立项) or, with `project`, change it."""
    if project is not None:
        project = InnovationProject.objects.select_for_update().get(pk=project.pk)
    union = _org(actor, org, project)
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写项目名称。")
    if leader is None:
        raise ServiceError("请选择项目负责人。")
    _people(union, [leader], "项目负责人")
    members = [p for p in _people(union, members, "项目组成员") if p.pk != leader.pk]
    if state not in P.values:
        raise ServiceError("请选择项目状态（立项、在研、结题）。")
    started_on = past_date(started_on, "立项日期")
    if state == P.FINISHED:
        finished_on = past_date(finished_on, "结题日期")
        if finished_on < started_on:
            raise ServiceError(f"结题日期{finished_on:%Y年%-m月%-d日}早于立项日期{started_on:%Y年%-m月%-d日}。")
    elif finished_on is not None:
        raise ServiceError("尚未结题的项目不填结题日期（结题时把状态改为“结题”）。")
    benefit = _amount(benefit)
    result = (result or "").strip()[:4000]
    if state == P.FINISHED and not result:
        raise ServiceError("结题的项目请填写成果。")
    same = InnovationProject.objects.filter(org=org, name=name)
    if project is not None:
        same = same.exclude(pk=project.pk)
    if same.exists():
        raise ServiceError(f"{org.name}已有技术创新项目“{name}”。")
    return _save(project or InnovationProject(), dict(
        org=org, name=name, leader=leader, started_on=started_on, finished_on=finished_on, state=state,
        goal=(goal or "").strip()[:4000], result=result, benefit=benefit), {"members": members})


@transaction.atomic
def patent_save(*, actor, org: Organization, number: str, kind: str, title: str, granted_on: datetime.date,
                holders=(), project: InnovationProject | None = None, patentee: str = "",
                patent: Patent | None = None) -> Patent:
    """Record a granted patent or, with `patent`, change it. The number is checked (format, kind, check
    character); the same number twice in the union is refused, naming the patent already recorded."""
    if patent is not None:
        patent = Patent.objects.select_for_update().get(pk=patent.pk)
    union = _org(actor, org, patent)
    if kind not in Patent.Kind.values:
        raise ServiceError("请选择专利类别（发明、实用新型、外观设计）。")
    code = patentno.normalize(number)
    if (reason := patentno.problem(code, kind)) is not None:
        raise ServiceError(reason + "。")
    title = text(title, 150)
    if not title:
        raise ServiceError("请填写专利名称。")
    granted_on = past_date(granted_on, "授权日期")
    filed_year = int(code[:4]) if len(code) == 13 else 1900 + int(code[:2])
    if granted_on.year < filed_year:
        raise ServiceError(f"授权日期{granted_on:%Y年%-m月%-d日}早于专利号中的申请年份{filed_year}年。")
    holders = _people(union, holders, "发明人")
    if not holders:
        raise ServiceError("请选择发明人（设计人）。")
    if project is not None and not project.org.path.startswith(union.path):
        raise ServiceError(f"项目“{project.name}”不在{union.name}范围内。")
    same = Patent.objects.filter(org__path__startswith=union.path, number=code)
    if patent is not None:
        same = same.exclude(pk=patent.pk)
    if (found := same.first()) is not None:
        raise ServiceError(f"专利号{patentno.display(code)}已登记（{found.title}），不能重复登记。")
    return _save(patent or Patent(), dict(org=org, number=code, kind=kind, title=title, granted_on=granted_on,
                                          project=project, patentee=text(patentee, 100)), {"holders": holders})


@transaction.atomic
def studio_save(*, actor, org: Organization, name: str, kind: str, leader: Person | None,
                founded_on: datetime.date, members=(), level: str = "", named_on: datetime.date | None = None,
                output: str = "", studio: InnovationStudio | None = None) -> InnovationStudio:
    """Create an innovation studio (职工创新工作室、劳模创新工作室) or, with `studio`, change it."""
    if studio is not None:
        studio = InnovationStudio.objects.select_for_update().get(pk=studio.pk)
    union = _org(actor, org, studio)
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写工作室名称。")
    if kind not in InnovationStudio.Kind.values:
        raise ServiceError("请选择工作室类型（职工创新工作室、劳模创新工作室）。")
    if leader is None:
        raise ServiceError("请选择领衔人。")
    _people(union, [leader], "领衔人")
    if kind == InnovationStudio.Kind.MODEL and leader.model_worker in ("", None, Person.ModelWorker.NONE):
        raise ServiceError(f"劳模创新工作室应由劳动模范领衔，{leader.name}未登记为劳模。")
    members = [p for p in _people(union, members, "成员") if p.pk != leader.pk]
    founded_on = past_date(founded_on, "成立日期")
    level = level or ""
    if level and level not in HonourLevel.values:
        raise ServiceError("请选择命名级别。")
    if level:
        named_on = past_date(named_on, "命名日期")
        if named_on < founded_on:
            raise ServiceError("命名日期不能早于成立日期。")
    elif named_on is not None:
        raise ServiceError("填写了命名日期，请同时选择命名级别。")
    same = InnovationStudio.objects.filter(org=org, name=name)
    if studio is not None:
        same = same.exclude(pk=studio.pk)
    if same.exists():
        raise ServiceError(f"{org.name}已有工作室“{name}”。")
    return _save(studio or InnovationStudio(), dict(
        org=org, name=name, kind=kind, leader=leader, founded_on=founded_on, level=level, named_on=named_on,
        output=(output or "").strip()[:4000]), {"members": members})
