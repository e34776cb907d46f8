"""Helpers shared by every app's services."""
from __future__ import annotations

import datetime

from django.db import models
from django.utils.timezone import localdate

from .errors import ConflictError, ServiceError


def text(value, limit: int) -> str:
    """A form's or an API's text, stripped and cut to the column's length ("" for None)."""
    return (value or "").strip()[:limit]


def past_date(day: datetime.date | None, label: str, *, required: bool = True,
              earliest_year: int = 1949) -> datetime.date | None:
    """The date of something done: not in the future, not before `earliest_year` (Chinese message naming `label`)."""
    if day is None:
        if required:
            raise ServiceError(f"请填写{label}。")
        return None
    if day > localdate():
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}在今天之后，请核对。")
    if day.year < earliest_year:
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}过早，请核对。")
    return day


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
