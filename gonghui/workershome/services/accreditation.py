"""Writes of accreditation (建家): make an application (items copied from the standards), score each item with its
evidence, apply (every item scored, the self total at the level's pass mark), inspect (验收, by the upper union:
HOME_EDIT on an organisation above the applicant) — passed awards the title with level and year."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError

from .. import standards
from ..models import Accreditation, AccreditationItem
from ._common import OUT_OF_SCOPE, require, text


@transaction.atomic
def accreditation_create(*, actor, org, level: str, year: int | None = None) -> Accreditation:
    require(actor, Perm.HOME_EDIT, org)
    if level not in standards.LEVELS:
        raise ServiceError("请选择创建等级。")
    year = year or localdate().year
    label, items, pass_mark = standards.LEVELS[level]
    if Accreditation.objects.filter(org=org, level=level, year=year).exists():
        raise ServiceError(f"本会{year}年度已有{label}申报。")
    acc = Accreditation.objects.create(org=org, level=level, year=year, pass_mark=pass_mark)
    for code, item, points in items:
        AccreditationItem.objects.create(accreditation=acc, code=code, text=item, points=points)
    return acc


@transaction.atomic
def item_score(*, actor, item: AccreditationItem, score: int, evidence: str = "") -> AccreditationItem:
    item = AccreditationItem.objects.select_related("accreditation__org").get(pk=item.pk)
    require(actor, Perm.HOME_EDIT, item.accreditation.org)
    if item.accreditation.status != Accreditation.Status.DRAFT:
        raise ServiceError("已申报，不能再修改自评。")
    if score is None or not 0 <= score <= item.points:
        raise ServiceError(f"“{item.text[:12]}…”自评得分应在0至{item.points}分之间。")
    if score and not text(evidence, 2000):
        raise ServiceError(f"“{item.text[:12]}…”请说明佐证材料（照片、文件等）。")
    item.self_score, item.evidence = score, text(evidence, 2000)
    item.save()
    return item


def self_total(acc: Accreditation) -> int:
    return acc.items.aggregate(total=Sum("self_score"))["total"] or 0


@transaction.atomic
def accreditation_apply(*, actor, accreditation: Accreditation) -> Accreditation:
    acc = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    require(actor, Perm.HOME_EDIT, acc.org)
    if acc.status != Accreditation.Status.DRAFT:
        raise ServiceError(f"{acc}{acc.get_status_display()}，不能重复申报。")
    left = acc.items.filter(self_score__isnull=True).count()
    if left:
        raise ServiceError(f"还有{left}项标准未自评。")
    total = self_total(acc)
    if total < acc.pass_mark:
        raise ServiceError(f"自评总分{total}分，未达到{acc.get_level_display()}申报分数线{acc.pass_mark}分。")
    acc.status, acc.applied_on = Accreditation.Status.APPLIED, localdate()
    acc.save()
    return acc


@transaction.atomic
def accreditation_inspect(*, actor, accreditation: Accreditation, score: int, passed: bool,
                          note: str = "") -> Accreditation:
    """验收 by the upper union: only someone with HOME_EDIT on an organisation above the applicant."""
    acc = Accreditation.objects.select_for_update().select_related("org").get(pk=accreditation.pk)
    parent = acc.org.parent
    if actor is not None:
        if not can_on_org(actor, Perm.HOME_VIEW, acc.org):
            raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
        if parent is None or not can_on_org(actor, Perm.HOME_EDIT, parent):
            raise ServiceError("建家验收由上级工会进行，本会不能验收自己的申报。")
    if acc.status != Accreditation.Status.APPLIED:
        raise ServiceError("申报后才能验收。" if acc.status == Accreditation.Status.DRAFT else "该申报已验收。")
    if score is None or not 0 <= score <= 100:
        raise ServiceError("验收得分应在0至100分之间。")
    if passed and score < acc.pass_mark:
        raise ServiceError(f"验收得分{score}分低于{acc.pass_mark}分，不能通过。")
    acc.inspection_score, acc.inspection_note, acc.inspected_on = score, text(note, 300), localdate()
    acc.inspected_by = actor if getattr(actor, "pk", None) else None
    if passed:
        acc.status = Accreditation.Status.AWARDED
        acc.title = f"{acc.year}年度{acc.get_level_display()}"
    else:
        acc.status = Accreditation.Status.NOT_PASSED
    acc.save()
    return acc
