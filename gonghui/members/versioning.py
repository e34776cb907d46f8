"""A change token of membership data, so that figures computed from it can be cached and never be stale.

Every write that can change a membership figure — a person, a membership period, a membership event or an
organisation (a move changes whose figures a subtree's people count in) — gives the token a new value: through the
model signals (save, delete), the models' querysets (update, bulk_create) and core.bulk's rows_written signal (the
import's plain-SQL writes). A cache key that holds the token is then valid as long as nothing has changed
(core.views_home caches the home page's figures this way; a reader reads the token before it computes).

The token is written right after the writer's transaction commits (once per transaction, `on_commit`), in a
statement of its own. Written inside the transaction, the one row would queue every writer of membership data
behind the others until they commit (an import holds a transaction for seconds), and a writer that bumped and then
locked a row another writer held could deadlock with it. After the commit, the price is a window of a few
milliseconds between the commit and the new token in which a reader may still be served the figures cached before
the write; the writer's own response comes after the token, so the writer never sees stale figures. A rolled-back
transaction writes no token.
"""
from __future__ import annotations

import secrets

from django.db import models, transaction

VERSIONED = ("members.Person", "members.Membership", "members.MembershipEvent", "orgs.Organization")


def current() -> int:
    from .models import DataVersion

    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def bump() -> None:
    """Give the token a new value once the current transaction commits (now, outside a transaction)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _write()
        return
    # Once per transaction: a registration made at this level or an enclosing one will run whenever this work
    # commits (a savepoint rolled back takes the registrations made inside it, and the writes, with it).
    level = set(connection.savepoint_ids)
    if not any(callback is _write and sids <= level for sids, callback, _ in connection.run_on_commit):
        transaction.on_commit(_write)


def _write() -> None:
    """A new random value rather than value + 1: after a restore from a backup or a rolled-back test database
    the numbers would repeat with other data behind them; 62 random bits do not."""
    from .models import DataVersion

    value = secrets.randbits(62)
    if not DataVersion.objects.filter(pk=1).update(value=value):
        DataVersion.objects.update_or_create(pk=1, defaults={"value": value})


class VersionedQuerySet(models.QuerySet):
    """update() and bulk_create() send no signals: they count as changes here (delete() sends them)."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            bump()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bump()
        return created


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from gonghui.core.bulk import rows_written

    def changed(sender, **kwargs):
        if not kwargs.get("raw"):
            bump()

    for label in VERSIONED:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"versioning-save-{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"versioning-delete-{label}")
        rows_written.connect(changed, sender=model, weak=False, dispatch_uid=f"versioning-bulk-{label}")
