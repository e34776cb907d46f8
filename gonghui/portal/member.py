"""The member's phone shell (issue 9): menu entries and 首页 cards that work areas declare.

A work area plugs in from its own `<app>/portal.py` (imported by PortalConfig.ready(), see desk.autodiscover):

    from gonghui.portal import member

    member.register_entry(member.MemberEntry(
        key="care.apply", label="申请救助", icon="hand-thumbs-up", url_name="care:my_apply", section="服务", order=10))
    member.register_card(member.HomeCard(
        key="notices", template="portal/member/card_notices.html", context=notices.home_card, order=10))

MemberEntry
    section "服务" lists it on /portal/services/, "我的" on /portal/me/; lower order first.
HomeCard
    context(user) -> dict, or None to leave the card out for this user; rendered with `template` on /portal/
    (首页), lower order first. Each card must cost a fixed number of queries (the page's count is asserted in
    portal/tests/test_member_shell.py).
MemberTodo
    the member's own to-dos on the 首页's 待办 card (the officer's desk has TodoSource; this is the member's):
    items(user) -> list[TodoItem(label, url, urgency, note)], a fixed number of queries whatever the data
    (one for each source declared so far), higher urgency first:

        member.register_todo(member.MemberTodo(key="members.transfer", items=my_transfer_todos))
MemberApplications
    the member's applications of one kind on /portal/me/applications/ (我的申请): rows(user) ->
    list[ApplicationRow(kind, title, state, tone, on, url)], each source a fixed number of queries.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


SERVICES = "服务"
MINE = "我的"
SECTIONS = (SERVICES, MINE)

_entries: dict[str, MemberEntry] = {}
_cards: dict[str, HomeCard] = {}
_todos: dict[str, MemberTodo] = {}
_applications: dict[str, MemberApplications] = {}


@dataclass(frozen=True)
class MemberEntry:
    key: str
    label: str
    icon: str  # a Bootstrap Icons name without "bi-"
    url_name: str
    section: str
    order: int = 100

    @property
    def url(self) -> str:
        # remembered per process like the menu's addresses (code-derived, never data: accounts.context_processors)
        from django.urls import get_script_prefix, get_urlconf

        from gonghui.accounts.context_processors import _href

        return _href(self.url_name, get_script_prefix(), get_urlconf())


@dataclass(frozen=True)
class HomeCard:
    key: str
    template: str
    context: Callable  # (user) -> dict | None
    order: int = 100


def register_entry(entry: MemberEntry) -> MemberEntry:
    """Declare a member entry; the same key again replaces it (module reloads in tests)."""
    if entry.section not in SECTIONS:
        raise ValueError(f"MemberEntry {entry.key}: section must be one of {SECTIONS}, not {entry.section!r}")
    _entries[entry.key] = entry
    return entry


def register_card(card: HomeCard) -> HomeCard:
    _cards[card.key] = card
    return card


@dataclass(frozen=True)
class TodoItem:
    label: str
    url: str
    urgency: int = 50  # higher first
    note: str = ""
    count: int | None = None  # shown as a badge when given


@dataclass(frozen=True)
class MemberTodo:
    key: str
    items: Callable  # (user) -> list[TodoItem]


@dataclass(frozen=True)
class ApplicationRow:
    kind: str  # 入会, 救助, 转会 …
    title: str
    state: str  # the state's Chinese label
    tone: str  # a Bootstrap colour: warning (waiting), success, danger, secondary
    on: object  # the date it was made (datetime.date)
    url: str = ""


@dataclass(frozen=True)
class MemberApplications:
    key: str
    label: str
    rows: Callable  # (user) -> list[ApplicationRow]
    order: int = 100


def register_todo(source: MemberTodo) -> MemberTodo:
    """Declare a source of the member's own to-dos; the same key again replaces it."""
    _todos[source.key] = source
    return source


def register_applications(source: MemberApplications) -> MemberApplications:
    _applications[source.key] = source
    return source


def unregister(key: str) -> None:
    _entries.pop(key, None)
    _cards.pop(key, None)
    _todos.pop(key, None)
    _applications.pop(key, None)


def todos(user) -> list[TodoItem]:
    """Every source's items for `user`, most urgent first."""
    items = [item for key in sorted(_todos) for item in _todos[key].items(user)]
    return sorted(items, key=lambda i: -i.urgency)


def applications(user) -> list[tuple[MemberApplications, list[ApplicationRow]]]:
    """(source, rows) of every kind of application, in order; a kind with no rows is kept (it says 暂无)."""
    return [(source, source.rows(user)) for source in sorted(_applications.values(), key=lambda s: (s.order, s.key))]


def entries(section: str) -> list[MemberEntry]:
    return sorted((e for e in _entries.values() if e.section == section), key=lambda e: (e.order, e.key))


def cards() -> list[HomeCard]:
    return sorted(_cards.values(), key=lambda c: (c.order, c.key))


def home_cards(user) -> list[tuple[HomeCard, dict]]:
    """The cards for `user`'s 首页 with their context, in order; a card whose context is None is left out."""
    out = []
    for card in cards():
        ctx = card.context(user)
        if ctx is not None:
            out.append((card, ctx))
    return out


def unread_messages(user) -> int:
    """The user's unread message count, asked once per request (the tab bar's badge and the 消息 card share it)."""
    cached = getattr(user, "_gonghui_unread", None)
    if cached is None:
        from . import messaging

        cached = user._gonghui_unread = messaging.unread_count(user)
    return cached
