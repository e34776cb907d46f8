"""Reads of opinions (职工意见建议): the officers' list (DEMOCRACY_VIEW, scoped), what waits for an answer, the
member's own named opinions, and an anonymous opinion found by its follow-up code (查询码)."""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.orgs.models import PATH_STEP, Organization

from ..models import Opinion

NOT_FOUND = "未找到该意见建议，或不在您的管辖范围内。"
#: The follow-up code's alphabet: no 0/O, 1/I/L that people mistype from a screenshot.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
WAITING = (Opinion.Status.WAITING, Opinion.Status.FORWARDED)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)


def code_hash(code: str) -> str:
    """The keyed hash kept on the row instead of the code (HMAC-SHA256 with the site's secret key)."""
    key = f"gonghui.democracy.opinion-follow:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def union_of(org: Organization) -> Organization:
    """The union an organisation belongs to: itself or its nearest ancestor of a union kind (one query)."""
    if org.kind in Organization.UNION_KINDS:
        return org
    paths = [org.path[:end] for end in range(PATH_STEP, len(org.path) + 1, PATH_STEP)]
    return (Organization.objects.filter(path__in=paths, kind__in=Organization.UNION_KINDS).order_by("-depth").first()
            or org)


def opinions(user, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet[Opinion]:
    return Opinion.objects.filter(org_q(user, perm)).select_related("org", "author", "recorded_by", "department_ref")


def opinion_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> Opinion:
    found = opinions(user, perm).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def waiting(user, *, within: Organization | None = None) -> QuerySet[Opinion]:
    """Opinions not answered yet (待处理 or 已转交) — the officers' to-do."""
    qs = Opinion.objects.filter(org_q(user, Perm.DEMOCRACY_EDIT), status__in=WAITING)
    return qs.filter(org__path__startswith=within.path) if within is not None else qs


def mine(user) -> QuerySet[Opinion]:
    """The member's own named opinions (an anonymous one is found only with its code)."""
    person_id = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or not person_id:
        return Opinion.objects.none()
    return Opinion.objects.filter(author_id=person_id, anonymous=False).select_related("org", "department_ref")


def mine_get(user, pk) -> Opinion:
    found = mine(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def by_code(code: str) -> Opinion | None:
    """The anonymous opinion whose follow-up code this is (None for a wrong or incomplete code)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return (Opinion.objects.filter(anonymous=True, follow_hash=code_hash(code)).select_related("org", "department_ref")
            .first())
