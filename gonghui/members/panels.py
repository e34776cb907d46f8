"""Tabs other areas add to a person's page (人员详情), by declaration: an area registers a `PersonPanel` from its
own module (e.g. achievements/hooks.py: 荣誉), and the page shows its tab; the panel's context is read only when its
tab is open (`context(request, person)` → dict, given to the template as `c`; the person was read in scope)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonPanel:
    key: str  # the tab's ?tab= value
    label: str
    template: str
    context: Callable
    perm: str | None = None  # shown only to users holding it on the person's organisation
    order: int = 100


_panels: dict[str, PersonPanel] = {}


def register(panel: PersonPanel) -> PersonPanel:
    _panels[panel.key] = panel
    return panel


def for_person(request, person, tab: str) -> tuple[list[PersonPanel], dict | None, PersonPanel | None]:
    """(the panels this user sees, the open panel's context, the open panel)."""
    from gonghui.accounts.scope import can_on_org

    shown = [p for p in sorted(_panels.values(), key=lambda p: p.order)
             if p.perm is None or can_on_org(request.user, p.perm, person.org)]
    current = next((p for p in shown if p.key == tab), None)
    return shown, (current.context(request, person) if current else None), current
