"""The audit trail: who changed what, when, from where, with the values before and after.

Saves and deletes of every AuditedModel are recorded by signal handlers here; bulk writes (imports) record
through `record_bulk`. Revealing a masked value and exporting lists are recorded through `record`.
"""
from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import bulk
from .context import current_actor
from .masking import mask_value
from .models import AuditedModel, AuditEntry


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def _snapshot(instance: AuditedModel) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.attname in instance.audit_exclude or field.name in instance.audit_exclude:
            continue
        value = getattr(instance, field.attname)
        if field.name in instance.audit_masked:
            value = mask_value(field.name, value)
        data[field.attname] = _plain(value)
    return data


def _loaded_snapshot(instance: AuditedModel) -> dict:
    loaded = getattr(instance, "_audit_loaded", None) or {}
    data = {}
    for field in instance._meta.concrete_fields:
        if field.attname not in loaded or field.attname in instance.audit_exclude:
            continue
        value = loaded[field.attname]
        if field.name in instance.audit_masked:
            value = mask_value(field.name, value)
        data[field.attname] = _plain(value)
    return data


def _entry(action, *, obj=None, model=None, changes=None, note="", org_path=None) -> AuditEntry:
    actor = current_actor()
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    # obj._meta.model, not type(obj): request.user is a lazy proxy whose type is SimpleLazyObject.
    model = model or (obj._meta.model if obj is not None else None)
    return AuditEntry(
        actor=user,
        actor_name=(user.get_username() if user else {"command": "命令行", "system": "系统"}.get(actor.source, ""))[:150],
        ip=actor.ip,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False) if model else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        org_path=org_path if org_path is not None else (obj.audit_org_path() if hasattr(obj, "audit_org_path") else ""),
        changes=changes or {},
        note=note[:500],
    )


def record(action: str, *, obj=None, model=None, changes=None, note: str = "", org_path: str | None = None) -> AuditEntry:
    entry = _entry(action, obj=obj, model=model, changes=changes, note=note, org_path=org_path)
    entry.save()
    return entry


def record_bulk(action: str, objects: Iterable, *, note: str = "", changes_for=None) -> int:
    """One audit entry per object, written in bulk (imports)."""
    entries = []
    for obj in objects:
        changes = changes_for(obj) if changes_for else {k: [None, v] for k, v in _snapshot(obj).items()}
        entries.append(_entry(action, obj=obj, changes=changes, note=note))
    bulk.insert(AuditEntry, entries)
    return len(entries)


def diff(instance: AuditedModel) -> dict:
    before = _loaded_snapshot(instance)
    after = _snapshot(instance)
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@receiver(post_save)
def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    if created:
        changes = {k: [None, v] for k, v in _snapshot(instance).items() if v not in (None, "")}
        record(AuditEntry.Action.CREATE, obj=instance, changes=changes)
    else:
        changes = diff(instance)
        if changes:
            record(AuditEntry.Action.UPDATE, obj=instance, changes=changes)
    # What is saved now is what the next change is compared with.
    instance._audit_loaded = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@receiver(post_delete)
def _on_delete(sender, instance, **kwargs):
    if not isinstance(instance, AuditedModel):
        return
    changes = {k: [v, None] for k, v in _snapshot(instance).items() if v not in (None, "")}
    record(AuditEntry.Action.DELETE, obj=instance, changes=changes)
