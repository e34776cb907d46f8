from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from gonghui.accounts.scope import Perm, scope_paths

from .models import AuditEntry


def object_history(obj) -> QuerySet[AuditEntry]:
    """The audit entries of one record (its history tab)."""
    ct = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("-at", "-id")


def audit_list(user) -> QuerySet[AuditEntry]:
    """The audit log a user may search: everything for administrators, their subtree's entries otherwise."""
    from django.db.models import Q

    paths = scope_paths(user, Perm.AUDIT_VIEW)
    qs = AuditEntry.objects.select_related("content_type")
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    q = Q()
    for p in paths:
        q |= Q(org_path__startswith=p)
    return qs.filter(q)
