"""Writes of the reports app: drafts of documents and the wording they are drafted from.

Every function takes the acting user as `actor` (None: the system itself — commands, demo data — with no scope
check) and keyword arguments, runs in a transaction and raises ServiceError with a Chinese message. Outside the
actor's scope the error has code "out_of_scope" (pages answer 404).

Drafts (Perm.REPORT_DRAFT on the draft's union)
    draft_generate(actor=, org=, kind=, period=, style=)   a new draft from the records (drafting.build)
    draft_save(actor=, draft=, version=, document=, style=) the edited document; optimistic locking on `version`
    draft_save_as_new(actor=, draft=, document=, style=)   the edits of a stale tab kept as a new draft
    draft_check(actor=, draft=)                             核对数字: stale figures, stored as stale_count/checked_at
    draft_finalise / draft_reopen(actor=, draft=, version=) 定稿 and back
    draft_delete(actor=, draft=)
Wording (Perm.REPORT_TEMPLATES on the union; a row for everywhere only by a superuser)
    template_save(actor=, org=, kind=, section=, heading=, body=, active=, version=)
    template_reset(actor=, org=, kind=, section=)            back to the inherited or shipped wording
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.scope import Perm, require_actor
from gonghui.core.errors import ConflictError, ServiceError
from gonghui.core.services import update_fields

from . import drafting
from .documents import Document, from_dict, to_dict
from .drafting import editor, templates, wording
from .models import Draft, DocumentKind, SectionTemplate, Style
from .periods import Period, PeriodError, parse

OUT_OF_SCOPE = "未找到该文稿或模板，或不在您的管辖范围内。"
CONFLICT = ("这份文稿已在其他窗口或由他人保存过，您这次的修改没有保存（仍保留在本页中）。"
            "可以“另存为新文稿”保留您的修改，或刷新页面查看最新内容后重新修改。")
FINAL = "文稿已定稿，不能修改；如需修改，请先撤销定稿。"
DOUBLE_SUBMIT_SECONDS = 10


def _require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _lock(draft: Draft) -> Draft:
    return Draft.objects.select_for_update().select_related("org").get(pk=draft.pk)


# ---------------------------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def draft_generate(*, actor, org, kind: str, period: Period | str, style: str = Style.MIXED,
                   today: datetime.date | None = None) -> Draft:
    """A new draft of `org`'s document for the period. The same request sent twice within a few seconds (a double
    click) gives back the draft just made."""
    _require(actor, Perm.REPORT_DRAFT, org)
    if kind not in DocumentKind.values:
        raise ServiceError("请选择文稿类型。")
    if style not in Style.values:
        raise ServiceError("请选择数字写法。")
    try:
        period = parse(period) if isinstance(period, str) else period
        document = drafting.build(kind, org, period, style=style, today=today)
    except PeriodError as exc:
        raise ServiceError(str(exc)) from None
    recent = (Draft.objects.filter(org=org, kind=kind, period=period.key, style=style, version=1,
                                   created_by=_user(actor),
                                   created_at__gte=timezone.now() - datetime.timedelta(seconds=DOUBLE_SUBMIT_SECONDS))
              .order_by("-pk").first())
    if recent is not None and _user(actor) is not None:
        return recent
    return Draft.objects.create(org=org, kind=kind, period=period.key, period_label=period.label, style=style,
                                title=document.title[:200], content=to_dict(document), created_by=_user(actor))


def _editable(draft: Draft) -> None:
    if draft.status == Draft.Status.FINAL:
        raise ServiceError(FINAL, code="final")


@transaction.atomic
def draft_save(*, actor, draft: Draft, version: int, document: Document, style: str | None = None) -> Draft:
    """Store the edited document. `version` is the one the editor started from: if someone saved since, nothing
    is written and ConflictError says so. A new style phrases every figure again (from its value)."""
    draft = _lock(draft)
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    _editable(draft)
    style = style or draft.style
    if style not in Style.values:
        raise ServiceError("请选择数字写法。")
    if style != draft.style:
        document = editor.restyle(document, style)
    if not document.title.strip():
        raise ServiceError("标题不能为空。")
    try:
        return update_fields(draft, version=version, content=to_dict(document), title=document.title[:200],
                             style=style)
    except ConflictError:
        raise ConflictError(CONFLICT) from None


@transaction.atomic
def draft_save_as_new(*, actor, draft: Draft, document: Document, style: str | None = None) -> Draft:
    """The document as a new draft of the same union, kind and period (a stale tab's edits are not lost)."""
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    style = style or draft.style
    if style not in Style.values:
        raise ServiceError("请选择数字写法。")
    document = editor.restyle(document, style) if style != draft.style else document
    title = document.title.strip() or draft.title
    return Draft.objects.create(org=draft.org, kind=draft.kind, period=draft.period, period_label=draft.period_label,
                                style=style, title=title[:200], content=to_dict(document), created_by=_user(actor))


@transaction.atomic
def draft_check(*, actor, draft: Draft) -> list[drafting.StaleFigure]:
    """核对数字: every figure in the stored document computed again; the count of stale ones is kept on the draft.
    The version is not changed (checking changes no word), so an editor open elsewhere can still save."""
    draft = _lock(draft)
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    stale = drafting.check(from_dict(draft.content))
    draft.stale_count, draft.checked_at = len(stale), timezone.now()
    draft.save(update_fields=["stale_count", "checked_at", "updated_at"])
    return stale


@transaction.atomic
def draft_finalise(*, actor, draft: Draft, version: int) -> Draft:
    draft = _lock(draft)
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    if draft.status == Draft.Status.FINAL:
        return draft  # a second click
    try:
        return update_fields(draft, version=version, status=Draft.Status.FINAL)
    except ConflictError:
        raise ConflictError(CONFLICT) from None


@transaction.atomic
def draft_reopen(*, actor, draft: Draft, version: int) -> Draft:
    draft = _lock(draft)
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    if draft.status == Draft.Status.DRAFT:
        return draft
    try:
        return update_fields(draft, version=version, status=Draft.Status.DRAFT)
    except ConflictError:
        raise ConflictError(CONFLICT) from None


@transaction.atomic
def draft_delete(*, actor, draft: Draft) -> None:
    draft = _lock(draft)
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    if draft.status == Draft.Status.FINAL:
        raise ServiceError("已定稿的文稿不能删除；如确需删除，请先撤销定稿。")
    draft.delete()


# ---------------------------------------------------------------------------------------------------------------
# Wording
# ---------------------------------------------------------------------------------------------------------------


def _template_scope(actor, org) -> None:
    if org is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise ServiceError("只有系统管理员可以修改适用于全部组织的默认措辞。", code="out_of_scope")
    else:
        _require(actor, Perm.REPORT_TEMPLATES, org)


def _known_section(kind: str, section: str) -> None:
    if kind not in DocumentKind.values:
        raise ServiceError("请选择文稿类型。")
    if section not in templates.section_codes(kind):
        raise ServiceError(f"文稿中没有“{section}”这一部分。")


def validate_wording(heading: str, body: str) -> list[str]:
    """The template language's errors of a heading and a body, each saying where."""
    errors = [f"标题：{e}" for e in wording.validate(heading)] + [f"正文：{e}" for e in wording.validate(body)]
    if len(heading) > 200:
        errors.append("标题不能超过200个字。")
    return errors


@transaction.atomic
def template_save(*, actor, org, kind: str, section: str, heading: str = "", body: str = "", active: bool = True,
                  version: int | None = None) -> SectionTemplate:
    """The wording of one section for `org`'s subtree (org None: everywhere). An empty heading or body keeps the
    default's. Unknown metrics or variables are refused, named."""
    _template_scope(actor, org)
    _known_section(kind, section)
    heading, body = (heading or "").strip(), (body or "").replace("\r\n", "\n").strip()
    if not heading and not body:
        raise ServiceError("标题和正文不能都为空；如要恢复默认措辞，请使用“恢复默认”。")
    errors = validate_wording(heading, body)
    if errors:
        raise ServiceError(errors)
    row = SectionTemplate.objects.select_for_update().filter(org=org, kind=kind, section=section).first()
    if row is None:
        try:
            with transaction.atomic():
                return SectionTemplate.objects.create(org=org, kind=kind, section=section, heading=heading, body=body,
                                                      active=active, updated_by=_user(actor))
        except IntegrityError:  # the same form sent twice at once: the first one made the row
            row = SectionTemplate.objects.select_for_update().get(org=org, kind=kind, section=section)
    try:
        return update_fields(row, version=version, heading=heading, body=body, active=active,
                             updated_by=_user(actor))
    except ConflictError:
        raise ConflictError("这段措辞已被他人修改，请刷新页面后在最新内容上重新修改。") from None


@transaction.atomic
def template_reset(*, actor, org, kind: str, section: str) -> int:
    """Remove `org`'s own wording of the section (the inherited or shipped wording applies again)."""
    _template_scope(actor, org)
    _known_section(kind, section)
    deleted = 0
    for row in SectionTemplate.objects.select_for_update().filter(org=org, kind=kind, section=section):
        row.delete()
        deleted += 1
    return deleted
