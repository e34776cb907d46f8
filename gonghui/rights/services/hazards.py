"""Hazards (隐患): report (a member from the phone, or an officer for someone), forward to a department, the
department records the fix or a plan with a deadline, or the union finds the report untrue. The reporter gets a
message at every change of state."""
from __future__ import annotations

import datetime
import os

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Hazard, HazardKind, HazardPhoto, HazardState
from ._common import past_date, person_of, require, text

__all__ = ["hazard_report", "hazard_forward", "hazard_plan", "hazard_fix", "hazard_unfounded", "check_photo",
           "PHOTO_MAX_BYTES", "PHOTO_TYPES"]

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}


def check_photo(file, name: str = "") -> str:
    """The original file name of an acceptable photo, else ServiceError: a JPEG/PNG/GIF/WebP that Pillow reads as
    that kind of image, not empty, at most 10 MB (and GONGHUI_MAX_UPLOAD_BYTES)."""
    from PIL import Image, UnidentifiedImageError

    name = os.path.basename(name or getattr(file, "name", "") or "照片")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in PHOTO_TYPES:
        raise ServiceError("照片应为JPG、PNG、GIF或WebP格式的图片。")
    size = getattr(file, "size", None)
    limit = min(PHOTO_MAX_BYTES, getattr(settings, "GONGHUI_MAX_UPLOAD_BYTES", PHOTO_MAX_BYTES))
    if not size:
        raise ServiceError("照片是空文件。")
    if size > limit:
        raise ServiceError(f"照片太大（{size / 1024 / 1024:.1f}MB），请不超过{limit // 1024 // 1024}MB。")
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ServiceError("上传的文件不是有效的图片，请重新拍照或选择照片。") from None
    finally:
        file.seek(0)
    if kind not in set(PHOTO_TYPES.values()):
        raise ServiceError("照片应为JPG、PNG、GIF或WebP格式的图片。")
    return name


def _tell(hazard: Hazard, title: str, body: str = "") -> None:
    from ..portal import hazards as portal

    if hazard.reporter_id:
        portal.tell_reporter(hazard, title, body)


@transaction.atomic
def hazard_report(*, actor, kind: str, location: str, description: str, photo=None, token: str = "",
                  org=None, reporter_name: str = "", safety_rep: bool = False,
                  reported_on: datetime.date | None = None) -> Hazard:
    """A hazard report. A member reports for themself (org = their union, reporter = their account); an officer
    with RIGHTS_EDIT may enter one for someone (org and reporter_name given). The same form token twice (a double
    click) returns the first report."""
    if org is None:
        person = person_of(actor)
        org, reporter_name, reporter = person.org, person.name, actor
    else:
        require(actor, Perm.RIGHTS_EDIT, org)
        reporter = None
        reporter_name = text(reporter_name, 50)
        if not reporter_name:
            raise ServiceError("请填写报告人。")
    token = text(token, 40)
    if token and reporter is not None:
        same = Hazard.objects.filter(reporter=reporter, token=token).first()
        if same is not None:
            return same
    if kind not in HazardKind.values:
        raise ServiceError("请选择隐患类别。")
    location, description = text(location, 100), text(description, 500)
    if not location:
        raise ServiceError("请填写隐患所在地点。")
    if not description:
        raise ServiceError("请简要说明隐患情况。")
    reported_on = past_date(reported_on or localdate(), "上报日期")
    name = check_photo(photo) if photo is not None else ""
    try:
        with transaction.atomic():
            hazard = Hazard.objects.create(org=org, reporter=reporter, reporter_name=reporter_name,
                                           safety_rep=safety_rep, kind=kind, location=location,
                                           description=description, reported_on=reported_on, token=token)
    except IntegrityError:  # two requests with the same token at once: the first one wins
        same = Hazard.objects.filter(reporter=reporter, token=token).first()
        if same is None:
            raise
        return same
    if photo is not None:
        HazardPhoto.objects.create(hazard=hazard, name=name, file=photo, uploaded_by=reporter)
    return hazard


def _locked(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_for_update().get(pk=hazard.pk)  # no outer join: PostgreSQL refuses FOR UPDATE there


@transaction.atomic
def hazard_forward(*, actor, hazard: Hazard, department, note: str = "",
                   forwarded_on: datetime.date | None = None) -> Hazard:
    """The union forwards a report to the responsible department (again, to another, while not yet fixed)."""
    require(actor, Perm.RIGHTS_EDIT, hazard.org)
    hazard = _locked(hazard)
    if hazard.state not in (HazardState.REPORTED, HazardState.FORWARDED):
        raise ServiceError(f"该隐患{hazard.get_state_display()}，不能再转办。")
    if department is None or department.org_id is None or not hazard.org.path.startswith(
            _org_path(department.org_id)) or not department.is_active:
        raise ServiceError("请选择本单位在用的承办部门。")
    forwarded_on = past_date(forwarded_on or localdate(), "转办日期")
    if forwarded_on < hazard.reported_on:
        raise ServiceError("转办日期不能早于上报日期。")
    if hazard.state == HazardState.FORWARDED and hazard.department_id == department.pk:
        return hazard  # the same act twice
    hazard.state, hazard.department, hazard.forwarded_on = HazardState.FORWARDED, department, forwarded_on
    hazard.forward_note = text(note, 300)
    hazard.save(update_fields=["state", "department", "forwarded_on", "forward_note"])
    _tell(hazard, f"您报告的隐患已转{department.name}办理", hazard.description)
    _tell_department(hazard)
    return hazard


def _org_path(org_id) -> str:
    from gonghui.orgs.models import Organization

    return Organization.objects.only("path").get(pk=org_id).path


def _tell_department(hazard: Hazard) -> None:
    from ..portal import hazards as portal

    portal.tell_department(hazard)


def _department_only(actor, hazard: Hazard) -> None:
    """Only a contact of the department the hazard was forwarded to (the system: anyone)."""
    if actor is None:
        return
    require(actor, Perm.HAZARD_FIX, hazard.org)
    if hazard.department_id is None or not hazard.department.contacts.filter(pk=actor.pk).exists():
        raise ServiceError("该隐患未转办给您所在的部门，只有承办部门可以登记整改情况。", code="out_of_scope")


@transaction.atomic
def hazard_plan(*, actor, hazard: Hazard, plan: str, due_on: datetime.date,
                planned_on: datetime.date | None = None) -> Hazard:
    """The department cannot fix it at once: a plan with a deadline (正在落实)."""
    hazard = _locked(hazard)
    _department_only(actor, hazard)
    if hazard.state not in (HazardState.FORWARDED, HazardState.PLANNED):
        raise ServiceError(f"该隐患{hazard.get_state_display()}，不能登记整改计划。")
    plan = text(plan, 500)
    if not plan:
        raise ServiceError("请填写整改计划（措施、责任人）。")
    planned_on = past_date(planned_on or localdate(), "计划登记日期")
    if planned_on < hazard.forwarded_on:
        raise ServiceError("计划登记日期不能早于转办日期。")
    if due_on is None or due_on < planned_on:
        raise ServiceError("请填写不早于今天的计划完成日期。")
    hazard.state, hazard.plan_note, hazard.planned_on, hazard.due_on = HazardState.PLANNED, plan, planned_on, due_on
    hazard.save(update_fields=["state", "plan_note", "planned_on", "due_on"])
    _tell(hazard, f"您报告的隐患正在落实整改，计划{due_on:%Y年%-m月%-d日}前完成", plan)
    return hazard


@transaction.atomic
def hazard_fix(*, actor, hazard: Hazard, note: str, fixed_on: datetime.date | None = None) -> Hazard:
    """The department records the fix (已整改)."""
    hazard = _locked(hazard)
    _department_only(actor, hazard)
    if hazard.state == HazardState.FIXED:
        return hazard
    if hazard.state not in (HazardState.FORWARDED, HazardState.PLANNED):
        raise ServiceError(f"该隐患{hazard.get_state_display()}，不能登记整改。")
    note = text(note, 500)
    if not note:
        raise ServiceError("请填写整改情况。")
    fixed_on = past_date(fixed_on or localdate(), "整改日期")
    if fixed_on < hazard.forwarded_on:
        raise ServiceError("整改日期不能早于转办日期。")
    hazard.state, hazard.fixed_on, hazard.fix_note = HazardState.FIXED, fixed_on, note
    hazard.save(update_fields=["state", "fixed_on", "fix_note"])
    _tell(hazard, "您报告的隐患已整改", note)
    return hazard


@transaction.atomic
def hazard_unfounded(*, actor, hazard: Hazard, note: str, on: datetime.date | None = None) -> Hazard:
    """The union checked the report and found it untrue (不属实), with what it found."""
    require(actor, Perm.RIGHTS_EDIT, hazard.org)
    hazard = _locked(hazard)
    if hazard.state not in (HazardState.REPORTED, HazardState.FORWARDED):
        raise ServiceError(f"该隐患{hazard.get_state_display()}，不能再核实为不属实。")
    note = text(note, 300)
    if not note:
        raise ServiceError("请填写核实情况。")
    on = past_date(on or localdate(), "核实日期")
    if on < hazard.reported_on:
        raise ServiceError("核实日期不能早于上报日期。")
    hazard.state, hazard.unfounded_on, hazard.unfounded_note = HazardState.UNFOUNDED, on, note
    hazard.save(update_fields=["state", "unfounded_on", "unfounded_note"])
    _tell(hazard, "您报告的隐患经核实不属实", note)
    return hazard


def my_url(hazard: Hazard) -> str:
    return reverse("rights:my_hazard", kwargs={"pk": hazard.pk})
