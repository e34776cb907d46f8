"""Helpers shared by the activities services."""
from __future__ import annotations

from gonghui.accounts.scope import require_actor
from gonghui.core.errors import ServiceError
from gonghui.core.services import text  # noqa: F401 (the areas' services import them from here)

OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    require_actor(actor, perm, org, OUT_OF_SCOPE)



def required(value, label: str, limit: int) -> str:
    value = text(value, limit)
    if not value:
        raise ServiceError(f"请填写{label}。")
    return value


def users_of(person_id) -> list:
    """The active accounts linked to a person (a member may have none: then nobody is told)."""
    from gonghui.accounts.models import User

    return list(User.objects.filter(person_id=person_id, is_active=True))


def sqlite_retry(fn, **kwargs):
    """Run a transaction again when SQLite answers "database is locked" / "database table is locked" at once.

    On a file database the settings' busy timeout (20 s) makes writers wait for the write lock, so this rarely
    fires; an in-memory shared-cache database (the test runs) answers SQLITE_LOCKED without waiting, and a very busy
    file database may exceed the timeout. The transaction is whole again each time (nothing was written), and
    only a call outside any outer transaction is retried — inside one, the error goes up to its owner."""
    import random
    import time

    from django.db import OperationalError, connection

    for attempt in range(200):
        try:
            return fn(**kwargs)
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or connection.in_atomic_block \
                    or attempt == 199:
                raise
            time.sleep(random.uniform(0.002, 0.01) * min(attempt + 1, 10))
    raise AssertionError("unreachable")  # pragma: no cover
