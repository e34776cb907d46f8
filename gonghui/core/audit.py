"""The audit trail: who changed what, when, from where, with the values before and after.

Saves and deletes of every AuditedModel are recorded by signal handlers here; bulk writes record through
`record_bulk` (model objects) or `record_rows` (plain rows: a roster import's 100,000 people), one entry per
record either way. Revealing a masked value and exporting lists are recorded through `record`.
"""
from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import bulk
from .context import current_actor
from .masking import mask_value
from .models import AuditedModel, AuditEntry


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal)):
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


def _actor() -> tuple:
    """(user or None, actor_name, ip, source) of whoever is acting now."""
    actor = current_actor()
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    name = (user.get_username() if user else {"command": "命令行", "system": "系统"}.get(actor.source, ""))[:150]
    return user, name, actor.ip, actor.source


def _entry(action, *, obj=None, model=None, changes=None, note="", org_path=None) -> AuditEntry:
    user, actor_name, ip, source = _actor()
    # obj._meta.model, not type(obj): request.user is a lazy proxy whose type is SimpleLazyObject.
    model = model or (obj._meta.model if obj is not None else None)
    return AuditEntry(
        actor=user,
        actor_name=actor_name,
        ip=ip,
        source=source,
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
    rows = []
    for obj in objects:
        changes = changes_for(obj) if changes_for else {k: [None, v] for k, v in _snapshot(obj).items()}
        rows.append((obj._meta.model, obj.pk, str(obj),
                     obj.audit_org_path() if hasattr(obj, "audit_org_path") else "", changes))
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(row[0], []).append(row[1:])
    for model, model_rows in by_model.items():
        record_rows(action, model, model_rows, note=note)
    return len(rows)


def record_rows(action: str, model, rows: Iterable[tuple], *, note: str = "") -> int:
    """One audit entry per row for bulk writes that hold no model objects (100,000 people of an import).

    Each row is (pk, repr, org_path, changes): changes a dict of field → [before, after] with sensitive values
    already masked, or that dict's JSON text (encoded by the caller, for speed). The entries are the ones
    `record` would write — who, when, from where, which object, the values — all at one timestamp, sent with
    core.bulk.insert_rows.
    """
    user, actor_name, ip, source = _actor()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = [("" if pk is None else str(pk), str(label)[:200], org_path or "", changes or {})
               for pk, label, org_path, changes in rows]
    bulk.insert_rows(AuditEntry, ("object_id", "object_repr", "org_path", "changes"), entries, constants={
        "at": timezone.now(), "actor_id": user.pk if user else None, "actor_name": actor_name, "ip": ip or None,
        "source": source, "action": action, "content_type_id": content_type.pk, "note": note[:500]})
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


def _m2m_field(sender, model):
    """The AuditedModel and its M2M field name whose through table is `sender`, when that field is audited."""
    for field in model._meta.many_to_many:
        if field.remote_field.through is sender and field.name in getattr(model, "audit_m2m", ()):
            return field
    return None


def _m2m_labels(model, pks) -> list[str]:
    return sorted(str(obj) for obj in model._default_manager.filter(pk__in=pks))


@receiver(m2m_changed)
def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Changes of an M2M field listed in `audit_m2m` (e.g. a department's contacts): one UPDATE entry per owning
    record with the field's members before and after (their str), written after the change. `set()` sends a remove
    and an add: each is recorded. `clear()` reads the members before it runs (pre_clear)."""
    if action not in ("pre_clear", "post_clear", "post_add", "post_remove"):
        return
    if not reverse:
        owner_model, owners = type(instance)._meta.model, [instance]
    else:  # user.proposal_departments.add(department): the owners are the departments in pk_set
        owner_model = model
        owners = None
    if not issubclass(owner_model, AuditedModel):
        return
    field = _m2m_field(sender, owner_model)
    if field is None:
        return
    if action == "pre_clear":
        if not reverse:
            instance._audit_m2m_cleared = list(getattr(instance, field.name).values_list("pk", flat=True))
        else:
            instance._audit_m2m_cleared = list(owner_model._default_manager.filter(
                **{field.name: instance}).values_list("pk", flat=True))
        return
    target = field.remote_field.model
    if not reverse:
        current = set(getattr(instance, field.name).values_list("pk", flat=True))
        if action == "post_add":
            before = current - set(pk_set or ())
        elif action == "post_remove":
            before = current | set(pk_set or ())
        else:
            before = set(getattr(instance, "_audit_m2m_cleared", ()))
        if before == current:
            return
        record(AuditEntry.Action.UPDATE, obj=instance,
               changes={field.name: [_m2m_labels(target, before), _m2m_labels(target, current)]},
               note=f"{field.verbose_name}变更")
        return
    # reverse: the instance (e.g. a user) joined or left the owners' field
    ids = set(pk_set or ()) if action != "post_clear" else set(getattr(instance, "_audit_m2m_cleared", ()))
    for owner in owner_model._default_manager.filter(pk__in=ids):
        current = set(getattr(owner, field.name).values_list("pk", flat=True))
        before = (current - {instance.pk}) if action == "post_add" else (current | {instance.pk})
        if before != current:
            record(AuditEntry.Action.UPDATE, obj=owner,
                   changes={field.name: [_m2m_labels(target, before), _m2m_labels(target, current)]},
                   note=f"{field.verbose_name}变更")
