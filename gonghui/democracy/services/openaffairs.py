"""Open affairs (厂务公开 / 校务公开 …): items, their attachments, publication and withdrawal, the union's list of
required categories, the practice's name, members' read receipts — and the plug point other areas publish through.

Plug point for other areas (the funds ledger's 财务收支 and 业务招待费): `publish_from_source(actor=…, org=…,
source="funds.ledger", source_ref=str(entry.pk), category=…, title=…, content=…, published_on=…, approved_by=…)`
publishes one item per source record (a unique constraint on org + source + source_ref): calling it again for the
same record returns that item (its text brought up to date while it is a draft), never a second one.
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.core.uploads import check_attachment
from gonghui.members.validators import date_problem
from gonghui.orgs.models import Organization

from ..models import (
    OpenAffairsAttachment,
    OpenAffairsCategory,
    OpenAffairsChannel,
    OpenAffairsItem,
    OpenAffairsRead,
    OpenAffairsRequirement,
    OpenAffairsSetting,
    Practice,
)
from ._common import require

__all__ = ["setting_save", "item_save", "item_attach", "item_publish", "item_withdraw", "publish_from_source",
           "item_mark_read", "requirement_save", "requirement_delete", "requirements_copy"]

#: An item may be dated ahead (to be shown from that day), but not by more than this.
FUTURE_DAYS = 60
EARLIEST = datetime.date(1990, 1, 1)


def _check_union(org: Organization) -> None:
    if org is None:
        raise ServiceError("请选择工会。")
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("公开事项和应公开清单登记在工会（基层工会、联合工会等）上，不能登记在分会或小组上。")


def _check_day(day, label: str, *, future_days: int | None = 0) -> None:
    problem = date_problem(day, label, future_days=future_days)
    if not problem and day < EARLIEST:
        problem = f"{label}（{day:%Y-%m-%d}）不合理：早于{EARLIEST.year}年"
    if problem:
        raise ServiceError(problem + "。")


@transaction.atomic
def setting_save(*, actor, org: Organization, practice: str) -> OpenAffairsSetting:
    """How the union calls the practice (校务公开 at a school, 局务公开 at a bureau …)."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    _check_union(org)
    if practice not in Practice.values:
        raise ServiceError("请选择公开工作的名称（厂务公开、校务公开、局务公开、院务公开等）。")
    setting, _ = OpenAffairsSetting.objects.select_for_update().get_or_create(org=org,
                                                                             defaults={"practice": practice})
    if setting.practice != practice:
        setting.practice = practice
        setting.save()
    return setting


def _clean_item(*, org, title, category, channel, published_on, content, approved_by, approved_on):
    title, content, approved_by = (title or "").strip(), (content or "").strip(), (approved_by or "").strip()
    if not title:
        raise ServiceError("请填写公开事项的标题。")
    if category not in OpenAffairsCategory.values:
        raise ServiceError("请选择公开类别。")
    if channel not in OpenAffairsChannel.values:
        raise ServiceError("请选择公开形式（公开栏、职代会、内网或会议）。")
    if not content:
        raise ServiceError("请填写公开内容。")
    _check_day(published_on, "公开日期", future_days=FUTURE_DAYS)
    if approved_on is not None:
        _check_day(approved_on, "批准日期")
        if approved_on > published_on:
            raise ServiceError("批准日期不能晚于公开日期：先批准，后公开。")
    return dict(org=org, title=title[:120], category=category, channel=channel, published_on=published_on,
                content=content, approved_by=approved_by[:100], approved_on=approved_on)


@transaction.atomic
def item_save(*, actor, org: Organization, title: str, category: str, content: str,
              published_on: datetime.date | None = None, channel: str = OpenAffairsChannel.BOARD,
              approved_by: str = "", approved_on: datetime.date | None = None, item: OpenAffairsItem | None = None,
              attachments=(), publish: bool = False) -> OpenAffairsItem:
    """Create a draft (item=None) or change a draft; `publish=True` publishes it at once (needs 审核批准)."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    _check_union(org)
    values = _clean_item(org=org, title=title, category=category, channel=channel,
                         published_on=published_on or localdate(), content=content, approved_by=approved_by,
                         approved_on=approved_on)
    if item is None:
        item = OpenAffairsItem(author=acting_user(actor))
    else:
        item = OpenAffairsItem.objects.select_for_update().get(pk=item.pk)
        require(actor, Perm.DEMOCRACY_EDIT, item.org)
        if item.status != OpenAffairsItem.Status.DRAFT:
            raise ServiceError("只有草稿可以修改；已公开的事项如有错误，请撤回后重新登记。")
    for field, value in values.items():
        setattr(item, field, value)
    item.save()
    for upload in attachments or ():
        item_attach(actor=actor, item=item, file=upload)
    if publish:
        item = item_publish(actor=actor, item=item)
    return item


@transaction.atomic
def item_attach(*, actor, item: OpenAffairsItem, file, name: str = "") -> OpenAffairsAttachment:
    """A document (公开的明细表、批复 …) checked by core.uploads.check_attachment, stored under a random name and served
    only to the union's officers and the members who may read the item."""
    require(actor, Perm.DEMOCRACY_EDIT, item.org)
    if item.status == OpenAffairsItem.Status.WITHDRAWN:
        raise ServiceError("已撤回的公开事项不能再添加附件。")
    original = check_attachment(file, name)
    att = OpenAffairsAttachment(item=item, name=original[:200], size=file.size, uploaded_by=acting_user(actor))
    att.file.save(original, file, save=False)
    att.save()
    return att


@transaction.atomic
def item_publish(*, actor, item: OpenAffairsItem) -> OpenAffairsItem:
    item = OpenAffairsItem.objects.select_for_update().select_related("org").get(pk=item.pk)
    require(actor, Perm.DEMOCRACY_EDIT, item.org)
    if item.status == OpenAffairsItem.Status.PUBLISHED:
        return item  # a double click publishes once
    if item.status == OpenAffairsItem.Status.WITHDRAWN:
        raise ServiceError("已撤回的公开事项不能再公开；请重新登记。")
    if not item.approved_by:
        raise ServiceError("公开前须经审核批准：请填写批准公开的领导或机构。")
    item.status, item.published_at = OpenAffairsItem.Status.PUBLISHED, timezone.now()
    item.save()
    return item


@transaction.atomic
def item_withdraw(*, actor, item: OpenAffairsItem, reason: str) -> OpenAffairsItem:
    item = OpenAffairsItem.objects.select_for_update().select_related("org").get(pk=item.pk)
    require(actor, Perm.DEMOCRACY_EDIT, item.org)
    if item.status == OpenAffairsItem.Status.WITHDRAWN:
        return item
    if item.status != OpenAffairsItem.Status.PUBLISHED:
        raise ServiceError("只有已公开的事项可以撤回；草稿可直接修改。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写撤回原因。")
    item.status, item.withdrawn_at, item.withdraw_reason = OpenAffairsItem.Status.WITHDRAWN, timezone.now(), reason[:200]
    item.save()
    return item


@transaction.atomic
def publish_from_source(*, actor, org: Organization, source: str, source_ref: str, category: str, title: str,
                        content: str, published_on: datetime.date, approved_by: str,
                        channel: str = OpenAffairsChannel.INTRANET, approved_on: datetime.date | None = None,
                        attachments=()) -> OpenAffairsItem:
    """Another area publishes a record of its own (the funds ledger's 财务收支 / 业务招待费 statement): one item per
    (org, source, source_ref), published at once. Calling it again returns the same item."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    _check_union(org)
    source, source_ref = (source or "").strip(), str(source_ref or "").strip()
    if not source or not source_ref:
        raise ServiceError("由其他业务发布公开事项时须注明来源和来源记录。")
    existing = OpenAffairsItem.objects.select_for_update().filter(org=org, source=source, source_ref=source_ref).first()
    if existing is not None:
        if existing.status == OpenAffairsItem.Status.DRAFT:
            return item_save(actor=actor, org=org, item=existing, title=title, category=category, content=content,
                             published_on=published_on, channel=channel, approved_by=approved_by,
                             approved_on=approved_on, publish=True)
        return existing
    values = _clean_item(org=org, title=title, category=category, channel=channel, published_on=published_on,
                         content=content, approved_by=approved_by, approved_on=approved_on)
    try:
        with transaction.atomic():
            item = OpenAffairsItem.objects.create(author=acting_user(actor), source=source[:32],
                                                  source_ref=source_ref[:64], **values)
    except IntegrityError:  # the same record published twice at once: the first one stands
        return OpenAffairsItem.objects.get(org=org, source=source, source_ref=source_ref)
    for upload in attachments or ():
        item_attach(actor=actor, item=item, file=upload)
    return item_publish(actor=actor, item=item)


def item_mark_read(*, actor, item: OpenAffairsItem) -> OpenAffairsRead | None:
    """A member opened a published item: one row however often (get_or_create reads a concurrent winner's row)."""
    from ..selectors.openaffairs import published_for

    if not getattr(actor, "is_authenticated", False) or not published_for(actor).filter(pk=item.pk).exists():
        return None
    return OpenAffairsRead.objects.get_or_create(item=item, user=actor)[0]


# --- the list of required categories ------------------------------------------------------------------------------

def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError("请填写年度（如2025）。") from None
    if year < EARLIEST.year or year > localdate().year + 1:
        raise ServiceError(f"年度应在{EARLIEST.year}年至{localdate().year + 1}年之间。")
    return year


@transaction.atomic
def requirement_save(*, actor, org: Organization, year: int, category: str,
                     frequency: str = OpenAffairsRequirement.Frequency.YEARLY, note: str = "",
                     requirement: OpenAffairsRequirement | None = None) -> OpenAffairsRequirement:
    """A category the union must make public in a year, and how often."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    _check_union(org)
    year = _check_year(year)
    if category not in OpenAffairsCategory.values:
        raise ServiceError("请选择公开类别。")
    if frequency not in OpenAffairsRequirement.Frequency.values:
        raise ServiceError("请选择公开频次（每年、每半年或每季度）。")
    if requirement is not None:
        requirement = OpenAffairsRequirement.objects.select_for_update().get(pk=requirement.pk)
        require(actor, Perm.DEMOCRACY_EDIT, requirement.org)
    same = OpenAffairsRequirement.objects.filter(org=org, year=year, category=category)
    if requirement is not None:
        same = same.exclude(pk=requirement.pk)
    if same.exists():
        raise ServiceError(f"{year}年的应公开清单已有“{OpenAffairsCategory(category).label}”。")
    requirement = requirement or OpenAffairsRequirement()
    requirement.org, requirement.year, requirement.category = org, year, category
    requirement.frequency, requirement.note = frequency, (note or "").strip()[:200]
    try:
        with transaction.atomic():
            requirement.save()
    except IntegrityError:  # two officers at once
        raise ServiceError(f"{year}年的应公开清单已有“{OpenAffairsCategory(category).label}”。") from None
    return requirement


@transaction.atomic
def requirement_delete(*, actor, requirement: OpenAffairsRequirement) -> None:
    require(actor, Perm.DEMOCRACY_EDIT, requirement.org)
    requirement.delete()


@transaction.atomic
def requirements_copy(*, actor, org: Organization, from_year: int, to_year: int) -> list[OpenAffairsRequirement]:
    """Carry last year's list over (沿用上年清单): the categories `to_year` does not have yet; nothing twice."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    _check_union(org)
    from_year, to_year = _check_year(from_year), _check_year(to_year)
    if from_year == to_year:
        raise ServiceError("请选择不同的年度。")
    have = set(OpenAffairsRequirement.objects.filter(org=org, year=to_year).values_list("category", flat=True))
    made = []
    for old in OpenAffairsRequirement.objects.filter(org=org, year=from_year).order_by("category"):
        if old.category not in have:
            made.append(requirement_save(actor=actor, org=org, year=to_year, category=old.category,
                                         frequency=old.frequency, note=old.note))
    if not made and not have:
        raise ServiceError(f"{from_year}年没有应公开清单可以沿用。")
    return made
