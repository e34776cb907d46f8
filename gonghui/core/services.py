"""Helpers shared by every app's services."""
from __future__ import annotations

from django.db import models

from .errors import ConflictError


def update_fields(instance: models.Model, *, version: int | None = None, **values) -> models.Model:
    """Change fields of a versioned record without losing a concurrent edit.

    The row is updated only where its version is still the one the editor started from; otherwise ConflictError.
    The save goes through Model.save so that the audit trail records before and after.
    """
    model = type(instance)
    if version is not None:
        if hasattr(instance, "_audit_loaded") is False:
            instance.refresh_from_db()
        claimed = model.objects.filter(pk=instance.pk, version=version).update(version=models.F("version") + 1)
        if not claimed:
            raise ConflictError()
        instance.version = version + 1
        if getattr(instance, "_audit_loaded", None) is not None:
            instance._audit_loaded["version"] = instance.version
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
