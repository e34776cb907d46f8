"""Reads of drafts and section wording, scoped to the acting user (404 outside scope)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.scope import Perm, org_q

from .drafting import templates
from .models import Draft, SectionTemplate

NOT_FOUND = "未找到该文稿"


def draft_list(user, *, org=None) -> QuerySet[Draft]:
    """Drafts the user may work on (REPORT_DRAFT on their union), newest first; `org`: of that union only."""
    qs = (Draft.objects.filter(org_q(user, Perm.REPORT_DRAFT)).select_related("org", "created_by")
          .defer("content").order_by("-updated_at", "-pk"))
    return qs.filter(org=org) if org is not None else qs


def draft_get(user, pk) -> Draft:
    return get_object_or_404(Draft.objects.filter(org_q(user, Perm.REPORT_DRAFT)).select_related("org"), pk=pk)


def wording_rows(user, *, org, kind: str) -> dict[str, SectionTemplate]:
    """The rows that apply to `org` (its own, its ancestors', everywhere), for a user who may edit its wording;
    nothing for anyone else."""
    from gonghui.accounts.scope import can_on_org

    if org is None or not can_on_org(user, Perm.REPORT_TEMPLATES, org):
        return {}
    return templates.candidate_rows(kind, org)


def own_row(user, *, org, kind: str, section: str) -> SectionTemplate | None:
    """The row of `org` itself (org None: the one for everywhere) — what the edit page changes."""
    qs = SectionTemplate.objects.filter(kind=kind, section=section)
    if org is None:
        return qs.filter(org__isnull=True).first() if getattr(user, "is_superuser", False) else None
    return qs.filter(org_q(user, Perm.REPORT_TEMPLATES)).filter(org=org).first()


def own_rows_everywhere(user, *, kind: str) -> QuerySet[SectionTemplate]:
    """The rows for every union (org empty), for superusers (who alone may edit them)."""
    if not getattr(user, "is_superuser", False):
        return SectionTemplate.objects.none()
    return SectionTemplate.objects.filter(kind=kind, org__isnull=True, active=True)
