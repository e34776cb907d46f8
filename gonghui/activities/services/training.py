"""Every change to training (培训): courses, attendees with sign-in and certificates."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import Attendance, Course, CourseMaterial, TrainingKind
from ._common import require, required, text

EDITABLE = ("title", "kind", "host", "host_name", "trainer", "starts_on", "hours", "place", "materials",
            "certificate")


def _check(c: Course) -> None:
    c.title = required(c.title, "培训主题", 100)
    if c.kind not in TrainingKind.values:
        raise ServiceError("请选择培训类别。")
    if c.starts_on is None:
        raise ServiceError("请填写培训日期。")
    try:
        c.hours = Decimal(c.hours or 0).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ServiceError("学时请填写数字。") from None
    if c.hours < 0 or c.hours > 500:
        raise ServiceError("学时应在0到500之间。")
    if c.host == Course.Host.UPPER and not c.host_name.strip():
        raise ServiceError("参加上级工会培训时，请填写举办单位。")
    for name in ("trainer", "place", "host_name"):
        setattr(c, name, text(getattr(c, name), 100))


@transaction.atomic
def course_save(*, actor, org: Organization | None = None, course: Course | None = None, **fields) -> Course:
    if course is None:
        require(actor, Perm.ACTIVITIES_EDIT, org)
        if org.kind not in Organization.UNION_KINDS:
            raise ServiceError("培训由工会组织：请切换到本会后再登记。")
        course = Course(org=org)
    else:
        course = Course.objects.select_for_update().get(pk=course.pk)
        require(actor, Perm.ACTIVITIES_EDIT, course.org)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(course, name, value)
    _check(course)
    course.save()
    return course


@transaction.atomic
def attendees_add(*, actor, course: Course, people, signed_in: bool = False) -> int:
    """Add people (members of the union's subtree) to the list; those already on it are kept. Returns how many."""
    course = Course.objects.select_for_update().select_related("org").get(pk=course.pk)
    require(actor, Perm.ACTIVITIES_EDIT, course.org)
    have = set(course.attendances.values_list("person_id", flat=True))
    added = 0
    for p in people:
        if not p.org.path.startswith(course.org.path):
            raise ServiceError(f"{p.name}不是本会的职工，不能加入学员名单。")
        if p.pk in have:
            continue
        Attendance.objects.create(course=course, person=p, signed_in=signed_in)
        have.add(p.pk)
        added += 1
    return added


@transaction.atomic
def attendance_sign(*, actor, course: Course, attendance_ids, signed_in: bool = True) -> int:
    require(actor, Perm.ACTIVITIES_EDIT, course.org)
    return Attendance.objects.filter(course=course, pk__in=list(attendance_ids)).exclude(
        signed_in=signed_in).update(signed_in=signed_in)


@transaction.atomic
def course_hold(*, actor, course: Course) -> Course:
    """Record that the course took place (its day has come); its signed-in attendees count as 人次."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    require(actor, Perm.ACTIVITIES_EDIT, course.org)
    if course.starts_on > localdate():
        raise ServiceError(f"培训日期{course.starts_on:%Y-%m-%d}在今天之后，举办后再登记。")
    if not course.attendances.filter(signed_in=True).exists():
        raise ServiceError("请先登记学员签到。")
    course.status = Course.Status.HELD
    course.save()
    if course.certificate:
        _certificates(course)
    return course


def _certificates(course: Course) -> int:
    """Number the signed-in attendees without a certificate (by name's pinyin), drawn per union and year from one
    counter (core.Sequence, under its row lock): 培证2025-0001. Inside the caller's transaction."""
    rows = list(course.attendances.filter(signed_in=True, certificate_no="").order_by("person__name_pinyin", "id"))
    if not rows:
        return 0
    year = course.starts_on.year
    first = Sequence.next(f"activities.certificate:{course.org_id}:{year}", len(rows))
    for i, a in enumerate(rows):
        a.certificate_no = f"培证{year}-{first + i:04d}"
        a.save(update_fields=["certificate_no"])
    return len(rows)


@transaction.atomic
def certificates_issue(*, actor, course: Course) -> int:
    """Number the certificates of a held course that gives certificates (those signed in later, or a course whose
    certificate was ticked after it was held). Returns how many were numbered now."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    require(actor, Perm.ACTIVITIES_EDIT, course.org)
    if not course.certificate:
        raise ServiceError("本期培训不颁发证书：请先在培训信息中勾选“颁发证书”。")
    if course.status != Course.Status.HELD:
        raise ServiceError("培训登记举办后才能编制证书编号。")
    n = _certificates(course)
    if not n:
        raise ServiceError("已签到的学员都已有证书编号。")
    return n


@transaction.atomic
def material_add(*, actor, course: Course, file, name: str = "") -> CourseMaterial:
    """A training material (课件、讲义), checked by core.uploads.check_attachment (type by extension and first bytes,
    size), stored under a random name."""
    from gonghui.core.uploads import check_attachment

    course = Course.objects.select_related("org").get(pk=course.pk)
    require(actor, Perm.ACTIVITIES_EDIT, course.org)
    original = check_attachment(file, name)
    m = CourseMaterial(course=course, name=original[:200], uploaded_by=acting_user(actor))
    m.file.save(original, file, save=False)
    m.save()
    return m


@transaction.atomic
def material_delete(*, actor, material: CourseMaterial) -> None:
    require(actor, Perm.ACTIVITIES_EDIT, material.course.org)
    stored = material.file.name
    storage = material.file.storage
    material.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def people_by_numbers(org, numbers: str) -> list[Person]:
    """Members of the union's subtree by member number or name (one per line or separated by 、，,)."""
    import re

    keys = [k for k in re.split(r"[、，,\s]+", numbers or "") if k]
    found = []
    for k in keys:
        qs = Person.objects.filter(org__path__startswith=org.path).select_related("org")
        p = qs.filter(member_no=k).first() or qs.filter(name=k).first()
        if p is None:
            raise ServiceError(f"未找到“{k}”：请填写本会会员的会员编号或姓名。")
        found.append(p)
    return found


del datetime
