"""通知公告: services (every write) and selectors (every read, scoped to the actor).

Who may publish: Perm.NOTICE_PUBLISH on the notice's organisation (its subtree). Who receives a notice (the
audience): the users whose person has an active membership in an organisation inside a target's subtree, and the
users holding an officer's role (any role but 会员) on such an organisation. A notice with no chosen targets goes
to its organisation's whole subtree. A member sees it while it is published, from its publish date, until its
expiry date; opening it records one NoticeRead per user (idempotent).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Perm, Role
from gonghui.accounts.scope import grants, org_q, require_actor
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.core.uploads import check_attachment
from gonghui.members.models import Membership
from gonghui.orgs.models import PATH_STEP, Organization

from .models_notices import Notice, NoticeAttachment, NoticeRead

NOT_FOUND = "未找到该通知，或不在您的管辖范围内。"


# --- services ------------------------------------------------------------------------------------------------------

def _check_targets(org: Organization, targets) -> list[Organization]:
    targets = [t for t in (targets or []) if t is not None]
    for t in targets:
        if not t.path.startswith(org.path):
            raise ServiceError(f"“{t.name}”不在{org.name}之下，不能作为发送范围。")
    return targets


def _check_dates(publish_on, expires_on) -> None:
    if expires_on and publish_on and expires_on < publish_on:
        raise ServiceError("截止日期不能早于发布日期。")


@transaction.atomic
def notice_save(*, actor, org: Organization, title: str, body: str, publish_on=None, expires_on=None,
                pinned: bool = False, targets=None, notice: Notice | None = None, attachments=()) -> Notice:
    """Create a draft (notice=None) or change a draft. Targets must lie in the organisation's subtree."""
    require_actor(actor, Perm.NOTICE_PUBLISH, org, NOT_FOUND)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ServiceError("请填写标题。")
    if not body:
        raise ServiceError("请填写正文。")
    publish_on = publish_on or localdate()
    _check_dates(publish_on, expires_on)
    targets = _check_targets(org, targets)
    if notice is None:
        notice = Notice(author=acting_user(actor))
    else:
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        require_actor(actor, Perm.NOTICE_PUBLISH, notice.org, NOT_FOUND)
        if notice.status != Notice.Status.DRAFT:
            raise ServiceError("只有草稿可以修改；已发布的通知请先撤回。")
    notice.org, notice.title, notice.body = org, title[:120], body
    notice.publish_on, notice.expires_on, notice.pinned = publish_on, expires_on, bool(pinned)
    notice.save()
    notice.targets.set(targets)
    for upload in attachments or ():
        notice_attach(actor=actor, notice=notice, file=upload)
    return notice


@transaction.atomic
def notice_attach(*, actor, notice: Notice, file, name: str = "") -> NoticeAttachment:
    """Attach a document (checked by core.uploads.check_attachment); stored with a random name under
    MEDIA_ROOT/portal/notices/<id>/ and served only to the audience and the publishers."""
    require_actor(actor, Perm.NOTICE_PUBLISH, notice.org, NOT_FOUND)
    if notice.status == Notice.Status.WITHDRAWN:
        raise ServiceError("已撤回的通知不能再添加附件。")
    original = check_attachment(file, name)
    att = NoticeAttachment(notice=notice, name=original[:200], size=file.size, uploaded_by=acting_user(actor))
    att.file.save(original, file, save=False)
    att.save()
    return att


@transaction.atomic
def notice_publish(*, actor, notice: Notice) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    require_actor(actor, Perm.NOTICE_PUBLISH, notice.org, NOT_FOUND)
    if notice.status == Notice.Status.PUBLISHED:
        return notice  # a double click publishes once
    if notice.status != Notice.Status.DRAFT:
        raise ServiceError("已撤回的通知不能再发布；请新建一条通知。")
    if notice.expires_on and notice.expires_on < localdate():
        raise ServiceError("截止日期已过，不能发布。")
    notice.status, notice.published_at = Notice.Status.PUBLISHED, timezone.now()
    notice.save()
    return notice


@transaction.atomic
def notice_withdraw(*, actor, notice: Notice) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    require_actor(actor, Perm.NOTICE_PUBLISH, notice.org, NOT_FOUND)
    if notice.status == Notice.Status.WITHDRAWN:
        return notice
    if notice.status != Notice.Status.PUBLISHED:
        raise ServiceError("只有已发布的通知可以撤回。")
    notice.status, notice.withdrawn_at = Notice.Status.WITHDRAWN, timezone.now()
    notice.save()
    return notice


def notice_mark_read(*, actor, notice: Notice) -> NoticeRead | None:
    """Record that `actor` opened the notice: one row however often (a unique constraint; a concurrent second
    insert reads the winner's row). Only for the audience of a notice they can see; the publishers' own opening is not a read."""
    if not getattr(actor, "is_authenticated", False):
        return None
    # Opened before: the receipt is there (only the audience ever gets one), no need to work out the audience again.
    found = NoticeRead.objects.filter(notice=notice, user=actor).first()
    if found is not None:
        return found
    if not is_received(actor, notice.pk):
        return None
    # get_or_create inserts in a savepoint and, when a concurrent request won (the unique constraint's
    # IntegrityError), reads that row instead.
    return NoticeRead.objects.get_or_create(notice=notice, user=actor)[0]


# --- selectors -----------------------------------------------------------------------------------------------------

def managed(user) -> QuerySet:
    """Notices the user may manage: those of organisations in their NOTICE_PUBLISH scope."""
    return Notice.objects.filter(org_q(user, Perm.NOTICE_PUBLISH)).select_related("org", "author")


def managed_get(user, pk) -> Notice:
    notice = managed(user).filter(pk=pk).first()
    if notice is None:
        raise Http404(NOT_FOUND)
    return notice


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def audience_paths(user) -> list[str]:
    """The organisation paths a user receives notices for: their active membership's and their officer roles'."""
    if not getattr(user, "is_authenticated", False):
        return []
    paths = set()
    if user.person_id:
        # Membership.objects.filter(person_id=…, ended_on__isnull=True).values_list("org__path"), written out: the
        # 首页's notices card and the notices pages run it on every visit (core/rawsql.py).
        from gonghui.core import rawsql

        paths |= {path for (path,) in rawsql.rows(
            f"SELECT o.path FROM {rawsql.table(Membership)} m INNER JOIN {rawsql.table(Organization)} o "
            f"ON o.id = m.org_id WHERE m.person_id = %s AND m.ended_on IS NULL", [user.person_id])}
    # The officer roles on active organisations: the grants scoping already loaded for this request (no query).
    paths |= {path for path, role in grants(user) if role != Role.MEMBER}
    return sorted(paths)


def received(user, *, today=None) -> QuerySet:
    """Published, current notices addressed to an organisation on the user's paths (or above them)."""
    paths = audience_paths(user)
    if not paths:
        return Notice.objects.none()
    today = today or localdate()
    prefixes = sorted({p for path in paths for p in _prefixes(path)})
    Target = Notice.targets.through
    chosen = Target.objects.filter(notice=OuterRef("pk"))
    addressed = Exists(chosen.filter(organization__path__in=prefixes))
    whole = ~Exists(chosen) & Q(org__path__in=prefixes)
    return (Notice.objects.filter(status=Notice.Status.PUBLISHED, publish_on__lte=today)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .filter(addressed | whole).select_related("org")
            .annotate(is_read=Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), user=user))))


@dataclass(frozen=True)
class CardNotice:
    """A notice as the 首页 card lists it."""
    pk: int
    title: str
    pinned: bool
    is_read: bool


def home_card(user, *, limit: int = 3) -> dict:
    """For the member's 首页 (the phone shell plugs it in): the unread count and the latest notices, pinned first.

    The card is on every 首页, so it is one hand-written query (plus the membership's path, `audience_paths`; the
    roles' paths come from the grants the request has loaded): the same rule as `received` (its ORM form cost
    six times the database's own time to build and compile, most of the page), each row carrying the unread count of
    all (a window sum, computed before the LIMIT). `portal/tests/test_notices_services.py` checks it agrees with
    `received` on notices of every kind (targets, whole subtree, expired, future, withdrawn, read)."""
    rows = _received_rows(user, "card", limit)
    return {"unread": int(rows[0][4]) if rows else 0,
            "latest": [CardNotice(pk, title, bool(pinned), bool(is_read)) for pk, title, pinned, is_read, _ in rows]}


def received_marks(user) -> list[tuple[int, bool]]:
    """(id, is_read) of every notice `received(user)` gives, in its order: the hand-written query of `home_card`."""
    return [(pk, bool(is_read)) for pk, is_read in _received_rows(user, "all")]


def is_received(user, pk) -> bool:
    """Whether `received(user)` holds the notice (the same hand-written query, for one id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    return bool(_received_rows(user, "one", pk))


def received_page(user, number, per_page: int = 20):
    """A page of the user's notices for their list: the ids and read marks of all (one query; a member's current
    notices are tens), then that page's notices with their organisation (one more)."""
    page = Paginator(received_marks(user), per_page).get_page(number)
    found = Notice.objects.select_related("org").in_bulk([pk for pk, _ in page.object_list])
    items = []
    for pk, is_read in page.object_list:
        if pk in found:
            found[pk].is_read = is_read
            items.append(found[pk])
    page.object_list = items
    return page


def _received_rows(user, shape: str, arg=None) -> list[tuple]:
    paths = audience_paths(user)
    if not paths:  # no membership and no role: no query at all
        return []
    prefixes = sorted({p for path in paths for p in _prefixes(path)})
    today = connection.ops.adapt_datefield_value(localdate())
    params = [user.pk, Notice.Status.PUBLISHED, today, today, *prefixes, *prefixes]
    if arg is not None:
        params.append(arg)
    from gonghui.core import rawsql

    return rawsql.rows(_received_sql(len(prefixes), shape), params)  # prepared once per connection on PostgreSQL


@functools.lru_cache(maxsize=64)
def _received_sql(n_prefixes: int, shape: str) -> str:
    """`received` as SQL. shape "card": the latest LIMIT %s with the unread count of all on each row; "all": (id,
    is_read) of all, in order; "one": the row of the notice id %s, if received."""
    q = connection.ops.quote_name
    notice, org = q(Notice._meta.db_table), q(Organization._meta.db_table)
    target, read = q(Notice.targets.through._meta.db_table), q(NoticeRead._meta.db_table)
    marks = ", ".join(["%s"] * n_prefixes)
    base = f"""
            SELECT n.id, n.title, n.pinned, n.publish_on,
                   EXISTS (SELECT 1 FROM {read} r WHERE r.notice_id = n.id AND r.user_id = %s) AS is_read
            FROM {notice} n INNER JOIN {org} o ON o.id = n.org_id
            WHERE n.status = %s AND n.publish_on <= %s AND (n.expires_on IS NULL OR n.expires_on >= %s)
              AND (EXISTS (SELECT 1 FROM {target} t INNER JOIN {org} tg ON tg.id = t.organization_id
                           WHERE t.notice_id = n.id AND tg.path IN ({marks}))
                   OR (NOT EXISTS (SELECT 1 FROM {target} t WHERE t.notice_id = n.id) AND o.path IN ({marks})))"""
    order = "ORDER BY v.pinned DESC, v.publish_on DESC, v.id DESC"
    if shape == "card":
        return f"""
        SELECT v.id, v.title, v.pinned, v.is_read, SUM(CASE WHEN v.is_read THEN 0 ELSE 1 END) OVER () AS unread
        FROM ({base}) v {order} LIMIT %s"""
    if shape == "all":
        return f"SELECT v.id, v.is_read FROM ({base}) v {order}"
    if shape == "one":
        return f"{base} AND n.id = %s"
    raise ValueError(shape)


def received_get(user, pk) -> Notice:
    """One of the user's notices (404 otherwise), with its organisation and `is_read`."""
    rows = _received_rows(user, "one", pk) if str(pk).isdigit() else []
    notice = Notice.objects.select_related("org").filter(pk=rows[0][0]).first() if rows else None
    if notice is None:
        raise Http404(NOT_FOUND)
    notice.is_read = bool(rows[0][4])
    return notice


def target_orgs(notice: Notice) -> list[Organization]:
    return list(notice.targets.all()) or [notice.org]


def audience(notice: Notice) -> QuerySet:
    """Users who should read the notice (应读), see the module's docstring."""
    paths = [o.path for o in target_orgs(notice)]
    in_orgs = lambda field: reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))  # noqa: E731
    members = Membership.objects.filter(in_orgs("org__path"), person_id=OuterRef("person_id"), ended_on__isnull=True)
    officers = RoleAssignment.objects.filter(in_orgs("org__path"), user=OuterRef("pk")).exclude(role=Role.MEMBER)
    return User.objects.filter(is_active=True).filter(Exists(members) | Exists(officers))


def read_stats(notice: Notice) -> tuple[int, int]:
    """(已读, 应读): readers who are in the audience, and the audience."""
    people = audience(notice)
    return (people.filter(Exists(NoticeRead.objects.filter(notice=notice, user=OuterRef("pk")))).count(),
            people.count())


def readers(notice: Notice, *, read: bool) -> QuerySet:
    """The audience who have (read=True) or have not read it, with name and organisation; no ID numbers."""
    receipt = NoticeRead.objects.filter(notice=notice, user=OuterRef("pk"))
    qs = audience(notice).filter(Exists(receipt) if read else ~Exists(receipt))
    qs = qs.select_related("person__org").annotate(
        read_at=Subquery(receipt.values("read_at")[:1]),
        role_org=Subquery(RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(role=Role.MEMBER)
                          .order_by("org__path").values("org__name")[:1]))
    return qs.order_by("-read_at", "person__name", "username") if read else qs.order_by("person__name", "username")


def attachment_for(user, pk) -> NoticeAttachment:
    """An attachment only to the notice's audience (while they can see it) or to whoever manages the notice."""
    att = NoticeAttachment.objects.filter(pk=pk).select_related("notice").first()
    if att is None:
        raise Http404(NOT_FOUND)
    if not (managed(user).filter(pk=att.notice_id).exists() or received(user).filter(pk=att.notice_id).exists()):
        raise Http404(NOT_FOUND)
    return att
