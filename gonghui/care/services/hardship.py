"""Hardship files (困难职工档案): open, review (摸底核实), change level (dated history), close (脱困).

`Person.hardship_level` (members) is the denormalised current level; only these services change it.
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry, Sequence
from gonghui.members.models import FamilyMember, Person

from ..models import HardshipCause, HardshipCauseKind, HardshipFile, HardshipLevel, HardshipLevelChange
from ._common import acting_user, not_future, optional_money, record_date, require

__all__ = [
    "hardship_file_open", "hardship_file_update", "hardship_file_review", "hardship_file_change_level",
    "hardship_file_close",
]

EDITABLE = {"household_size", "income_per_head", "situation", "causes", "household_members", "verified_by",
            "verified_on", "review_due_on"}


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_level(level: str) -> None:
    if level not in HardshipLevel.values:
        raise ServiceError("请选择困难程度（一般困难或深度困难）。")


def _clean_causes(causes) -> list[str]:
    codes = []
    for cause in causes or []:
        if cause not in HardshipCauseKind.values:
            raise ServiceError(f"致困原因“{cause}”不在可选范围内。")
        if cause not in codes:
            codes.append(cause)
    if not codes:
        raise ServiceError("请至少选择一项致困原因。")
    return codes


def _check_household(person: Person, household_size, household_members) -> None:
    if household_size is not None and not (1 <= int(household_size) <= 30):
        raise ServiceError("家庭人口应在1至30人之间。")
    for member in household_members or []:
        if not isinstance(member, FamilyMember) or member.person_id != person.pk:
            raise ServiceError("共同生活的家庭成员须是该职工登记的家属。")


def _sync_person(person_id: int, level: str) -> None:
    """Keep members.Person.hardship_level in step (versioned, audited)."""
    person = Person.objects.select_for_update().get(pk=person_id)
    if person.hardship_level != level:
        person.hardship_level = level
        person.version += 1
        person.save()


def _set_causes(file: HardshipFile, codes: list[str]) -> None:
    existing = {c.cause: c for c in file.causes.all()}
    for code, row in existing.items():
        if code not in codes:
            row.delete()
    for code in codes:
        if code not in existing:
            HardshipCause(file=file, cause=code).save()


def _set_household(file: HardshipFile, members) -> None:
    before = sorted(m.name for m in file.household_members.all())
    file.household_members.set(members)
    after = sorted(m.name for m in members)
    if before != after:
        audit.record(AuditEntry.Action.UPDATE, obj=file, changes={"household_members": [before, after]})


def _lock(file: HardshipFile) -> HardshipFile:
    return HardshipFile.objects.select_for_update().select_related("org", "person").get(pk=file.pk)


def _check_open(file: HardshipFile) -> None:
    if file.status != HardshipFile.Status.OPEN:
        raise ServiceError("该档案已脱困关闭，不能再修改或使用；如该户再次困难，请重新建档。")


@transaction.atomic
def hardship_file_open(*, actor, person: Person, level: str, causes, opened_on: datetime.date,
                       household_size: int = 1, income_per_head=None, household_members=(), situation: str = "",
                       verified_by: str = "", verified_on: datetime.date | None = None,
                       review_due_on: datetime.date | None = None, file_no: str = "") -> HardshipFile:
    """Open a hardship file for a member's household (建档). One open file per person."""
    require(actor, Perm.CARE_EDIT, person.org)
    _check_level(level)
    codes = _clean_causes(causes)
    record_date(opened_on, "建档日期", person=person)
    _check_household(person, household_size, household_members)
    income = optional_money(income_per_head, label="家庭月人均收入")
    if verified_on is not None:
        not_future(verified_on, "核实日期")
    review_due_on = review_due_on or _one_year_after(verified_on or opened_on)
    if review_due_on <= opened_on:
        raise ServiceError("下次复核日期应晚于建档日期。")
    person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
    if not person.org.is_active:
        raise ServiceError("该职工所在组织已撤销。")
    if person.work_status == Person.WorkStatus.DECEASED:
        raise ServiceError("该职工已故，不能建立困难职工档案；遗属可办理遗属供养。")
    if HardshipFile.objects.filter(person=person, status=HardshipFile.Status.OPEN).exists():
        raise ServiceError(f"{person.name}已有在档的困难职工档案，请在原档案上复核或调整困难程度。")
    org = person.org
    file_no = file_no.strip() or f"{org.code}-KN{Sequence.next(f'care_hardship_no:{org.pk}'):05d}"
    if HardshipFile.objects.filter(org=org, file_no=file_no).exists():
        raise ServiceError(f"档案编号“{file_no}”已被使用。")
    user = acting_user(actor)
    file = HardshipFile(org=org, person=person, file_no=file_no, level=level, household_size=household_size or 1,
                        income_per_head=income, situation=situation.strip(), opened_on=opened_on,
                        verified_by=verified_by.strip(), verified_by_user=user if verified_on else None,
                        verified_on=verified_on, review_due_on=review_due_on, created_by=user)
    file.full_clean(exclude=["household_members"])
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        raise ServiceError(f"{person.name}已有在档的困难职工档案。") from None
    _set_causes(file, codes)
    if household_members:
        _set_household(file, list(household_members))
    HardshipLevelChange(file=file, level=level, effective_from=opened_on, reason="建档", changed_by=user).save()
    _sync_person(person.pk, level)
    return file


@transaction.atomic
def hardship_file_update(*, actor, file: HardshipFile, **fields) -> HardshipFile:
    """Change the household, income, causes or review dates of an open file. Levels change through
    `hardship_file_change_level`, closing through `hardship_file_close`."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ServiceError("困难程度请通过“调整困难程度”办理，脱困请通过“脱困”办理。")
    file = _lock(file)
    require(actor, Perm.CARE_EDIT, file.org)
    _check_open(file)
    if "causes" in fields:
        _set_causes(file, _clean_causes(fields.pop("causes")))
    if "household_members" in fields:
        members = list(fields.pop("household_members") or [])
        _check_household(file.person, None, members)
        _set_household(file, members)
    if "household_size" in fields:
        _check_household(file.person, fields["household_size"], ())
    if "income_per_head" in fields:
        fields["income_per_head"] = optional_money(fields["income_per_head"], label="家庭月人均收入")
    if fields.get("verified_on") is not None:
        not_future(fields["verified_on"], "核实日期")
        if fields["verified_on"] < file.opened_on:
            raise ServiceError("核实日期不能早于建档日期。")
        fields.setdefault("verified_by_user", acting_user(actor))
    if fields.get("review_due_on") is not None and fields["review_due_on"] <= file.opened_on:
        raise ServiceError("下次复核日期应晚于建档日期。")
    for name, value in fields.items():
        setattr(file, name, value.strip() if isinstance(value, str) else value)
    file.full_clean(exclude=["household_members"])
    file.save()
    return file


@transaction.atomic
def hardship_file_review(*, actor, file: HardshipFile, verified_on: datetime.date, verified_by: str = "",
                         review_due_on: datetime.date | None = None, level: str | None = None,
                         reason: str = "", **changes) -> HardshipFile:
    """The yearly review (复核, 摸底核实): record who verified and when, set the next due date (a year later by
    default), and optionally change the level from the review date and other details at once."""
    not_future(verified_on, "核实日期")
    file = hardship_file_update(actor=actor, file=file, verified_on=verified_on, verified_by=verified_by,
                                review_due_on=review_due_on or _one_year_after(verified_on), **changes)
    if level and level != file.level:
        file = hardship_file_change_level(actor=actor, file=file, level=level, effective_from=verified_on,
                                          reason=reason or "年度复核")
    return file


@transaction.atomic
def hardship_file_change_level(*, actor, file: HardshipFile, level: str, effective_from: datetime.date,
                               reason: str) -> HardshipFile:
    """Change the level from a day on; the earlier level stays in the history (a report for a past day gives
    that day's level)."""
    file = _lock(file)
    require(actor, Perm.CARE_EDIT, file.org)
    _check_open(file)
    _check_level(level)
    if level == file.level:
        raise ServiceError(f"该档案目前已是“{HardshipLevel(level).label}”。")
    if not reason.strip():
        raise ServiceError("请填写调整困难程度的原因。")
    not_future(effective_from, "调整日期")
    last = file.level_changes.order_by("-effective_from", "-id").first()
    if effective_from < file.opened_on or (last and effective_from < last.effective_from):
        raise ServiceError("调整日期不能早于建档日期或上一次调整的日期。")
    HardshipLevelChange(file=file, level=level, effective_from=effective_from, reason=reason.strip(),
                        changed_by=acting_user(actor)).save()
    file.level = level
    file.save()
    _sync_person(file.person_id, level)
    return file


@transaction.atomic
def hardship_file_close(*, actor, file: HardshipFile, closed_on: datetime.date, reason: str) -> HardshipFile:
    """脱困: close the file for good. Assistance can no longer name it; a new hardship means a new file."""
    file = _lock(file)
    require(actor, Perm.CARE_EDIT, file.org)
    _check_open(file)
    if not reason.strip():
        raise ServiceError("请填写脱困原因。")
    not_future(closed_on, "脱困日期")
    last = file.level_changes.order_by("-effective_from", "-id").first()
    if closed_on < file.opened_on or (last and closed_on < last.effective_from):
        raise ServiceError("脱困日期不能早于建档日期或最近一次调整困难程度的日期。")
    file.status = HardshipFile.Status.CLOSED
    file.closed_on = closed_on
    file.close_reason = reason.strip()
    file.save()
    _sync_person(file.person_id, "")
    return file
