"""Showing audit entries to people: Chinese field labels (verbose_name) instead of attribute names, choice labels
instead of codes, 是/否 for booleans, names instead of ids for related records, local times.

    {% load gonghui_audit %}
    {% audit_present history as entries %}
    {% for entry in entries %}{% for row in entry.change_rows %}{{ row.label }}：{{ row.before }} → {{ row.after }}…

`present(entries)` does the work in one query per related model for the whole list (no N+1).
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

register = template.Library()

EMPTY = "（空）"


@dataclass(frozen=True)
class ChangeRow:
    name: str
    label: str
    before: str
    after: str


def _model_of(entry):
    if not entry.content_type_id:
        return None
    try:
        return ContentType.objects.get_for_id(entry.content_type_id).model_class()
    except ContentType.DoesNotExist:  # pragma: no cover - content types are PROTECTed
        return None


def _fields_by_attname(model) -> dict[str, models.Field]:
    if model is None:
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def _format_datetime(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def format_value(field: models.Field | None, value, related: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if field is not None:
        if field.is_relation and (field.many_to_one or field.one_to_one):
            obj = (related or {}).get((field.related_model, str(value)))
            return str(obj) if obj is not None else f"编号{value}（已删除）"
        if field.choices:
            labels = {str(k): str(v) for k, v in field.flatchoices}
            if isinstance(value, (list, tuple)):
                return "、".join(labels.get(str(v), str(v)) for v in value)
            return labels.get(str(value), str(value))
        if isinstance(field, models.BooleanField):
            return "是" if value else "否"
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            return _format_datetime(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


def present(entries: Iterable) -> list:
    """The entries, each with `change_rows` (a list of ChangeRow) attached."""
    entries = list(entries)
    wanted: dict[type, set[str]] = defaultdict(set)
    plans = []
    for entry in entries:
        fields = _fields_by_attname(_model_of(entry))
        plans.append(fields)
        for attname, pair in (entry.changes or {}).items():
            field = fields.get(attname)
            if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
                for value in (pair or [None, None])[:2]:
                    if value not in (None, ""):
                        wanted[field.related_model].add(str(value))
    related = {}
    for model, ids in wanted.items():
        pk_field = model._meta.pk
        try:
            keys = [pk_field.to_python(i) for i in ids]
        except Exception:  # noqa: BLE001 - a malformed id shows as "deleted"
            continue
        for pk, obj in model._default_manager.in_bulk(keys).items():
            related[(model, str(pk))] = obj
    for entry, fields in zip(entries, plans):
        rows = []
        for attname, pair in (entry.changes or {}).items():
            before, after = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
            field = fields.get(attname)
            label = str(field.verbose_name) if field is not None else attname
            rows.append(ChangeRow(attname, label, format_value(field, before, related),
                                  format_value(field, after, related)))
        entry.change_rows = rows
    return entries


@register.simple_tag
def audit_present(entries):
    """`{% audit_present history as entries %}`: the entries with readable `change_rows`."""
    return present(entries)


@register.filter
def audit_changes(entry):
    """The readable changes of one entry (related records looked up for this entry alone)."""
    rows = getattr(entry, "change_rows", None)
    if rows is None:
        rows = present([entry])[0].change_rows
    return rows


@register.filter
def audit_object_type(entry) -> str:
    model = _model_of(entry)
    return str(model._meta.verbose_name) if model is not None else ""
