"""Showing audit entries to people: Chinese field labels (verbose_name) instead of attribute names, choice labels
instead of codes, 是/否 for booleans, names instead of ids for related records, local times.

    {% load gonghui_audit %}
    {% audit_present history as entries %}
    {% for entry in entries %}{% for row in entry.change_rows %}{{ row.label }}：{{ row.before }} → {{ row.after }}…

`present(entries)` does the work in one query per related model for the whole list (no N+1).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gonghui.core.audit_display import Table, datetime_text, formatter_for, hidden_fields

register = template.Library()

EMPTY = "（空）"


@dataclass(frozen=True)
class ChangeRow:
    name: str
    label: str
    before: object  # str, or an audit_display.Table
    after: object


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


JSON_KEYS = {"name": "名称", "label": "名称", "order": "顺序", "quantity": "数量", "unit": "单位", "value": "金额（元）",
             "at": "时间", "by": "操作人", "note": "说明", "reason": "原因"}


def _json_value(value):
    """A JSON structure (list or dict) as words or a small table."""
    if isinstance(value, dict):
        if not value:
            return EMPTY
        return Table.of(("项目", "内容"), ((JSON_KEYS.get(str(k), k), _json_cell(v)) for k, v in value.items()))
    if all(not isinstance(v, (dict, list, tuple)) for v in value):
        return "、".join(_json_cell(v) for v in value)
    if all(isinstance(v, dict) for v in value):
        keys = list(dict.fromkeys(k for v in value for k in v))
        return Table.of((JSON_KEYS.get(str(k), k) for k in keys), ([_json_cell(v.get(k)) for k in keys] for v in value))
    return "、".join(_json_cell(v) for v in value)


def _json_cell(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_json_cell(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{JSON_KEYS.get(str(k), k)}：{_json_cell(v)}" for k, v in value.items())
    return str(value)


def format_value(field: models.Field | None, value, related: dict | None = None, model=None):
    """The value as a person reads it: a str, or a Table (rendered as HTML in templates)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    custom = formatter_for(model, field.attname) if field is not None else None
    if custom is not None:
        shown = custom(value)
        if shown is not None:
            return shown if not (isinstance(shown, str) and shown == "") else EMPTY
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
            return datetime_text(value, seconds=True)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple, dict)):
        return _json_value(value)
    return str(value)


def _actor_names(entries) -> dict:
    from django.contrib.auth import get_user_model

    ids = {e.actor_id for e in entries if e.actor_id}
    if not ids:
        return {}
    users = get_user_model()._default_manager.filter(pk__in=ids).only("pk", "username", "display_name")
    return {u.pk: str(u) for u in users}


def present(entries: Iterable) -> list:
    """The entries, each with `change_rows` (a list of ChangeRow: internal fields left out, unchanged values
    left out) and `actor_display` (the person's name; the login name stays in `actor_name`) attached."""
    entries = list(entries)
    wanted: dict[type, set[str]] = defaultdict(set)
    plans = []
    for entry in entries:
        model = _model_of(entry)
        fields = _fields_by_attname(model)
        hidden = hidden_fields(model) if model is not None else set()
        plans.append((model, fields, hidden))
        for attname, pair in (entry.changes or {}).items():
            field = fields.get(attname)
            if attname in hidden:
                continue
            if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
                for value in (pair or [None, None])[:2] if isinstance(pair, (list, tuple)) else [pair]:
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
    actors = _actor_names(entries)
    for entry, (model, fields, hidden) in zip(entries, plans):
        rows = []
        for attname, pair in (entry.changes or {}).items():
            if attname in hidden:
                continue
            before, after = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
            if before == after:
                continue
            field = fields.get(attname)
            label = str(field.verbose_name) if field is not None else attname
            rows.append(ChangeRow(attname, label, format_value(field, before, related, model),
                                  format_value(field, after, related, model)))
        entry.change_rows = rows
        entry.actor_display = actors.get(entry.actor_id) or entry.actor_name or ""
    return entries


#: changes shown before the rest is folded ("展开其余N项")
SHOWN_ROWS = 4


def changes_html(entry, shown: int = SHOWN_ROWS):
    """An entry's changes as HTML: "标签：前 → 后" (a creation lists its values, a deletion what was there); more than
    `shown` rows fold the rest in a <details> element; the note follows."""
    rows = getattr(entry, "change_rows", None)
    if rows is None:
        rows = present([entry])[0].change_rows
    action = entry.action

    def line(row):
        if action == "create" or (row.before == EMPTY and action != "update"):
            return format_html('<div class="audit-change"><span class="text-muted">{}</span>：{}</div>',
                               row.label, row.after)
        if action == "delete":
            return format_html('<div class="audit-change"><span class="text-muted">{}</span>：{}</div>',
                               row.label, row.before)
        return format_html('<div class="audit-change"><span class="text-muted">{}</span>：{} → {}</div>',
                           row.label, row.before, row.after)

    parts = [line(r) for r in rows[:shown]]
    if len(rows) > shown:
        rest = mark_safe("".join(line(r) for r in rows[shown:]))
        parts.append(format_html('<details class="audit-fold"><summary>展开其余{}项</summary>{}</details>',
                                 len(rows) - shown, rest))
    if entry.note:
        parts.append(format_html('<div class="audit-note">{}</div>', entry.note))
    return mark_safe("".join(parts))


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
def audit_changes_html(entry):
    """`{{ entry|audit_changes_html }}`: the entry's readable changes, long ones folded."""
    return changes_html(entry)


@register.filter
def audit_object_type(entry) -> str:
    model = _model_of(entry)
    return str(model._meta.verbose_name) if model is not None else ""
