"""Who is acting, and from where: set per request (or per command) so that audit records can say so."""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str | None = None
    source: str = "web"  # web, api, command, system


_current: ContextVar[Actor] = ContextVar("gonghui_actor", default=Actor(source="system"))


def current_actor() -> Actor:
    return _current.get()


def acting_user(actor):
    """The user to record as having done it: `actor` when it is a saved user, else whoever the request or command
    context names (services called with actor=None by the system)."""
    if actor is not None and getattr(actor, "pk", None):
        return actor
    user = current_actor().user
    return user if user is not None and getattr(user, "pk", None) else None


@contextlib.contextmanager
def acting_as(user=None, ip: str | None = None, source: str = "command"):
    token = _current.set(Actor(user=user, ip=ip, source=source))
    try:
        yield
    finally:
        _current.reset(token)


def set_actor(actor: Actor):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)
