"""The union work calendar's plug point (工作日历): areas declare providers of dated entries, the calendar page
(care's `/care/`) shows them all.

A provider is a callable `provider(user, org, start, end)` that yields `Entry` objects for the days `start`..`end`
(inclusive), read through the area's own scoped selectors (the user's scope) and limited to `org`'s subtree (or,
where the area says so, the unions above it). Each provider costs a fixed number of queries whatever the number of
entries. Areas register in their AppConfig.ready():

    from gonghui.core import calendar
    calendar.register("activities", providers.calendar_entries)

`kind` picks the colour and the legend (KINDS); unknown kinds show plain."""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Entry", "KINDS", "register", "entries", "providers"]


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    title: str
    url: str = ""
    kind: str = "other"
    order: int = 50  # within a day: lower first (festivals 0)


#: Entry kinds with their legend (the colours are classes of the same names in care/static/care/calendar.css).
KINDS = {
    "festival": "节日",
    "campaign": "慰问活动",
    "event": "文体活动",
    "course": "培训",
    "meeting": "会议",
}

Provider = Callable[..., Iterable[Entry]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> Provider:
    """Declare a provider under a key (registering the same key again replaces it: reloads, tests)."""
    _providers[key] = provider
    return provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def entries(user, *, org, start: datetime.date, end: datetime.date) -> list[Entry]:
    """Every provider's entries between two days, by date then order then title."""
    out: list[Entry] = []
    for provider in _providers.values():
        out.extend(e for e in provider(user, org, start, end) if start <= e.date <= end)
    return sorted(out, key=lambda e: (e.date, e.order, e.title))
