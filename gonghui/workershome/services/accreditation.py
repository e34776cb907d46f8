"""Writes of accreditation (建家): make an application (items copied from the standards), score each item with its
evidence, apply (every item scored, the self total at the level's pass mark), inspect (验收, by the upper union:
HOME_EDIT on an organisation above the applicant) — passed awards the title with level and year. Evidence files
(photos and documents) are attached to an item while the self-assessment is open."""
from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError

from .. import standards
from ..models import Accreditation, AccreditationEvidence, AccreditationItem
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
    if score and not text(evidence, 2000) and not item.files.exists():
        raise ServiceError(f"“{item.text[:12]}…”请说明或上传佐证材料（照片、文件等）。")
    item.self_score, item.evidence = score, text(evidence, 2000)
    item.save()
    return item


def self_total(acc: Accreditation) -> int:
    return acc.items.aggregate(total=Sum("self_score"))["total"] or 0


def _on(day, label: str, earliest, year: int):
    """A date of the flow: today when not given; not in the future, not before the step before it."""
    from gonghui.core.services import past_date

    day = past_date(day or localdate(), label)
    if earliest is not None and day < earliest:
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}早于申报日期{earliest:%Y年%-m月%-d日}。")
    if day.year not in (year, year + 1):
        raise ServiceError(f"{label}应在{year}年或{year + 1}年。")
    return day


@transaction.atomic
def accreditation_apply(*, actor, accreditation: Accreditation, applied_on=None) -> Accreditation:
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
    acc.status, acc.applied_on = Accreditation.Status.APPLIED, _on(applied_on, "申报日期", None, acc.year)
    acc.save()
    return acc


@transaction.atomic
def accreditation_inspect(*, actor, accreditation: Accreditation, score: int, passed: bool,
                          note: str = "", inspected_on=None) -> Accreditation:
    """验收 by the upper union: only someone with HOME_EDIT on an organisation above the applicant. Passed, the
    title is recorded once as the union's honour (achievements' honour_record: 集体, the level of the nearest union
    above, awarded by it on the day of the inspection)."""
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
    acc.inspection_score, acc.inspection_note = score, text(note, 300)
    acc.inspected_on = _on(inspected_on, "验收日期", acc.applied_on, acc.year)
    acc.inspected_by = actor if getattr(actor, "pk", None) else None
    if passed:
        acc.status = Accreditation.Status.AWARDED
        acc.title = f"{acc.year}年度{acc.get_level_display()}"
        acc.awarded_by = awarding_union(acc.org).name if awarding_union(acc.org) else ""
    else:
        acc.status = Accreditation.Status.NOT_PASSED
    acc.save()
    if passed:
        title_honour(acc)
    return acc


def awarding_union(org):
    """The union that inspects and names: the nearest union above the applicant."""
    from gonghui.orgs.models import Organization

    upper = org.parent
    while upper is not None and upper.kind not in Organization.UNION_KINDS:
        upper = upper.parent
    return upper


def honour_level(upper) -> str:
    """The honours area's level of a title named by `upper`: 全国/省/市/区县 by a federation's name, 系统 by an
    industry union, 本单位 by a grassroots union (a 小家 of its own branch)."""
    from gonghui.achievements.models import HonourLevel
    from gonghui.orgs.models import Organization

    if upper is None:
        return HonourLevel.INTERNAL
    if upper.kind == Organization.Kind.INDUSTRY:
        return HonourLevel.SYSTEM
    if upper.kind != Organization.Kind.FEDERATION:
        return HonourLevel.INTERNAL
    name = upper.name
    for word, level in (("全国", HonourLevel.NATIONAL), ("中华", HonourLevel.NATIONAL), ("省", HonourLevel.PROVINCE),
                        ("自治区总工会", HonourLevel.PROVINCE), ("市总工会", HonourLevel.CITY)):
        if word in name and not (word == "省" and "市" in name.split("省", 1)[1]):
            return level
    return HonourLevel.COUNTY


def title_honour(acc: Accreditation):
    """The awarded title as a unit honour of the union (集体荣誉), recorded once: achievements' honour_record returns
    the existing honour for the same recipient, name and year."""
    from gonghui.achievements.models import Honour, HonourTitle
    from gonghui.achievements.services.honours import honour_record

    if acc.status != Accreditation.Status.AWARDED or not acc.title:
        return None
    kind = {Accreditation.Level.MODEL: HonourTitle.MODEL_HOME, Accreditation.Level.ADVANCED: HonourTitle.ADVANCED_UNIT}
    upper = awarding_union(acc.org)
    return honour_record(actor=None, union=acc.org, kind=Honour.Kind.UNIT, title=kind.get(acc.level, HonourTitle.OTHER),
                         name=acc.title, level=honour_level(upper), year=acc.year,
                         awarded_by=acc.awarded_by or (upper.name if upper else acc.org.name),
                         awarded_on=acc.inspected_on, unit_org=acc.org,
                         deeds=f"验收得分{acc.inspection_score}分。{acc.inspection_note}".strip(),
                         note="建家验收命名")


# --- evidence files (佐证材料) -------------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
DOCUMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx"}
EVIDENCE_KINDS = "照片（JPG、PNG、GIF、WebP）或PDF、Word、Excel文件"
THUMB = 320


def _limit() -> int:
    return min(EVIDENCE_MAX_BYTES, getattr(settings, "GONGHUI_MAX_UPLOAD_BYTES", EVIDENCE_MAX_BYTES))


def check_evidence(file) -> tuple[str, bool]:
    """(original name, is_image) of an acceptable evidence file, else ServiceError with the reason in Chinese: a photo
    Pillow opens and verifies as the image its extension says, or a PDF/Word/Excel document whose first bytes match
    (core.uploads.check_attachment); never empty, at most 10 MB."""
    from PIL import Image, UnidentifiedImageError

    from gonghui.core.uploads import check_attachment

    name = os.path.basename(getattr(file, "name", "") or "佐证材料")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in IMAGE_TYPES and ext not in DOCUMENT_TYPES:
        raise ServiceError(f"佐证材料只接受{EVIDENCE_KINDS}。")
    size = getattr(file, "size", None)
    if not size:
        raise ServiceError(f"“{name[:50]}”是空文件。")
    if size > _limit():
        raise ServiceError(f"“{name[:50]}”有{size / 1024 / 1024:.1f}MB，超过{_limit() // 1024 // 1024}MB的上限，"
                           f"请压缩后再上传。")
    if ext in DOCUMENT_TYPES:
        return check_attachment(file, name), False
    try:
        file.seek(0)
        with Image.open(file) as img:
            fmt, dims = img.format, img.size
            if dims[0] * dims[1] > MAX_PIXELS:
                raise ServiceError("照片像素过大（超过4000万像素），请缩小后再上传。")
            img.verify()
    except ServiceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ServiceError(f"“{name[:50]}”不是有效的图片，请上传原始照片。") from None
    finally:
        file.seek(0)
    if fmt != IMAGE_TYPES[ext]:
        raise ServiceError(f"“{name[:50]}”的内容与扩展名不符，请上传原始照片。")
    return name, True


def _thumbnail(file) -> bytes:
    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        img.thumbnail((THUMB, THUMB))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=82)
    file.seek(0)
    return out.getvalue()


@transaction.atomic
def evidence_add(*, actor, item: AccreditationItem, file) -> AccreditationEvidence:
    """Attach a photo or document to a standard item while the self-assessment is open (自评中)."""
    item = AccreditationItem.objects.select_related("accreditation__org").get(pk=item.pk)
    require(actor, Perm.HOME_EDIT, item.accreditation.org)
    if item.accreditation.status != Accreditation.Status.DRAFT:
        raise ServiceError("已申报，不能再上传佐证材料。")
    if file is None:
        raise ServiceError("请选择要上传的照片或文件。")
    name, is_image = check_evidence(file)
    evidence = AccreditationEvidence(item=item, name=name,
                                     uploaded_by=actor if getattr(actor, "pk", None) else None)
    ext = os.path.splitext(name)[1].lower()
    evidence.file.save(f"evidence{ext}", file, save=False)
    if is_image:
        evidence.thumb.save("thumb.jpg", ContentFile(_thumbnail(file)), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: AccreditationEvidence) -> None:
    evidence = AccreditationEvidence.objects.select_related("item__accreditation__org").get(pk=evidence.pk)
    require(actor, Perm.HOME_EDIT, evidence.item.accreditation.org)
    if evidence.item.accreditation.status != Accreditation.Status.DRAFT:
        raise ServiceError("已申报，不能再删除佐证材料。")
    files = [f for f in (evidence.file, evidence.thumb) if f]
    evidence.delete()
    for f in files:  # after the row is gone; a failed unlink leaves an orphan file, never a row without its file
        transaction.on_commit(lambda f=f: f.storage.delete(f.name))
