"""The officer's desk: to-do sources and reminders that work areas declare (issue 9).

A work area plugs in from its own `<app>/portal.py` module, imported by PortalConfig.ready() (`autodiscover`):

    from gonghui.portal import desk

    desk.register(desk.TodoSource(
        key="care.awaiting", label="待我审批的救助申请", area="帮扶关怀", perm=None, urgency=90,
        count=lambda user, org: selectors.assistance_awaiting(user, within=org),
        url=lambda org: reverse("care:assistance_awaiting")))

    desk.register_reminder(desk.Reminder(key="care.review_due", label="困难档案复核到期", collect=fn))

TodoSource
    count(user, org) -> int, or a queryset (counted with one COUNT query): what waits for the user inside the
    current organisation's subtree. It must read through the area's own selectors, which scope to the user.
    perm: the permission the user needs on `org` for the source to be asked at all (None: the source scopes
    itself, e.g. an approval inbox that role holders without a permission also have).
    urgency: higher first on the desk.
    Each source costs a fixed number of queries whatever the number of items (asserted in portal/tests).

Reminder
    collect(day) -> iterable of Notice(user, object_key, title, body, url): what to remind whom of on `day`.
    `gonghui remind` sends each as a message with dedupe_key "remind:<reminder key>:<object_key>:<day>", so that
    running it twice a day sends nothing twice (messaging.send skips a dedupe_key the recipient already has).
"""
from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet
from django.utils.module_loading import module_has_submodule

from gonghui.accounts.scope import can_on_org

MODULE = "portal"  # gonghui/<app>/portal.py

_sources: dict[str, TodoSource] = {}
_reminders: dict[str, Reminder] = {}


@dataclass(frozen=True)
class TodoSource:
    key: str
    label: str
    area: str
    perm: str | None
    urgency: int
    count: Callable  # (user, org) -> int | QuerySet
    url: Callable  # (org) -> str


@dataclass(frozen=True)
class Todo:
    key: str
    label: str
    area: str
    count: int
    url: str
    urgency: int


@dataclass(frozen=True)
class Notice:
    user: object
    object_key: str
    title: str
    body: str = ""
    url: str = ""


@dataclass(frozen=True)
class Reminder:
    key: str
    label: str
    kind: str  # a messaging.MessageKind key
    collect: Callable  # (day) -> Iterable[Notice]


def register(source: TodoSource) -> TodoSource:
    """Declare a to-do source; registering the same key again replaces it (module reloads in tests)."""
    _sources[source.key] = source
    return source


def register_reminder(reminder: Reminder) -> Reminder:
    _reminders[reminder.key] = reminder
    return reminder


def sources() -> list[TodoSource]:
    return sorted(_sources.values(), key=lambda s: (-s.urgency, s.key))


def reminders() -> list[Reminder]:
    return sorted(_reminders.values(), key=lambda r: r.key)


def _counted(value) -> int:
    return value.count() if isinstance(value, QuerySet) else int(value or 0)


def todos(user, org) -> list[Todo]:
    """The user's to-dos in `org`'s subtree: each source the user may ask with a count above zero, most urgent
    first. Nothing for a user without an organisation."""
    if org is None or not getattr(user, "is_authenticated", False):
        return []
    out = []
    for source in sources():
        if source.perm is not None and not can_on_org(user, source.perm, org):
            continue
        n = _counted(source.count(user, org))
        if n > 0:
            out.append(Todo(source.key, source.label, source.area, n, source.url(org), source.urgency))
    return out


def run_reminders(day: datetime.date | None = None) -> dict[str, int]:
    """Send every registered reminder's notices for `day`; returns {reminder key: messages sent now}."""
    from django.utils.timezone import localdate

    from . import messaging

    day = day or localdate()
    sent = {}
    for reminder in reminders():
        n = 0
        notices: Iterable[Notice] = reminder.collect(day)
        for notice in notices:
            made = messaging.send(notice.user, reminder.kind, notice.title, notice.body, notice.url,
                                  dedupe_key=f"remind:{reminder.key}:{notice.object_key}:{day.isoformat()}")
            n += made is not None
        sent[reminder.key] = n
    return sent


def autodiscover() -> list[str]:
    """Import each gonghui app's `portal` module (where it declares its to-dos, message kinds and reminders)."""
    imported = []
    for config in apps.get_app_configs():
        if config.name.startswith("gonghui.") and config.name != "gonghui.portal" \
                and module_has_submodule(config.module, MODULE):
            importlib.import_module(f"{config.name}.{MODULE}")
            imported.append(f"{config.name}.{MODULE}")
    return imported


def officers(org, perm: str) -> list:
    """The active accounts that hold `perm` through a role on `org`'s union: on `org` itself, or on an ancestor up to
    and including the nearest union (Organization.UNION_KINDS) — the people who do that union's work. Two queries."""
    from gonghui.accounts.models import User
    from gonghui.accounts.roles import ROLE_PERMS
    from gonghui.orgs.models import PATH_STEP, Organization

    paths = [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]
    chain = list(Organization.objects.filter(path__in=paths).order_by("-depth").values_list("path", "kind"))
    mine = []
    for path, kind in chain:
        mine.append(path)
        if kind in Organization.UNION_KINDS:
            break
    roles = [role for role, perms in ROLE_PERMS.items() if perm in perms]
    return list(User.objects.filter(is_active=True, roles__role__in=roles, roles__org__path__in=mine,
                                    roles__org__status=Organization.Status.ACTIVE).distinct().order_by("pk"))


class SystemActor:
    """The reminder command reads through the areas' selectors as the system: everywhere, nobody's own records."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = None
    id = None
    person_id = None
    _gonghui_grants: list = []


SYSTEM = SystemActor()
