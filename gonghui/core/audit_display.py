"""How recorded values read to people (history tabs, the audit log): what each app says about its own fields.

The generic rendering (templatetags/gonghui_audit.py) already gives Chinese field labels, choice labels, 是/否,
the related record's name and local times. An app adds what only it knows in a module `<app>/audit_display.py`
(found on first use, like metrics_registry):

    from gonghui.core.audit_display import hide, formatter

    hide("care.condolence", "dedupe_key")                  # recorded, never shown (internal keys)

    @formatter("care.assistance", "approval_steps")
    def _steps(value):                                      # a recorded value (JSON form) → str or Table
        return " → ".join(step["label"] for step in value)

Never shown anywhere: the primary key, `version`, and the fields a model excludes from the trail (audit_exclude:
older entries may still hold them).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils import timezone
from django.utils.html import format_html, format_html_join

HIDDEN_EVERYWHERE = frozenset({"version"})
#: a table longer than this is folded in a <details> element ("展开")
FOLD_ROWS = 5

_hidden: dict[str, set[str]] = {}
_formatters: dict[tuple[str, str], Callable] = {}
_discovered = False


def hide(model_label: str, *fields: str) -> None:
    _hidden.setdefault(model_label.lower(), set()).update(fields)


def formatter(model_label: str, *fields: str):
    def register(function):
        for name in fields:
            _formatters[(model_label.lower(), name)] = function
        return function

    return register


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            import_module(f"{config.name}.audit_display")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.audit_display":
                raise


def hidden_fields(model) -> set[str]:
    """attnames and names never shown for `model`."""
    _discover()
    names = set(HIDDEN_EVERYWHERE) | set(getattr(model, "audit_exclude", ()))
    names |= _hidden.get(model._meta.label_lower, set())
    pk = model._meta.pk
    names |= {pk.name, pk.attname}
    result = set(names)
    for name in names:  # "org" hides "org_id" too
        try:
            result.add(model._meta.get_field(name).attname)
        except Exception:  # noqa: BLE001 - a name that is no field (any more)
            pass
    return result


def formatter_for(model, attname: str) -> Callable | None:
    _discover()
    if model is None:
        return None
    return _formatters.get((model._meta.label_lower, attname))


def datetime_text(value, *, seconds: bool = False) -> str:
    """An ISO date-time string (as recorded) in local time, to the minute (or second); anything else as it is."""
    if not isinstance(value, str):
        return str(value)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Table:
    """A small table as a recorded value (a submission's figures, a selection log). Rendered as HTML by templates
    (`__html__`), as "a：b；c：d" text by str()."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, headers: Iterable[str], rows: Iterable[Iterable]) -> "Table":
        return cls(tuple(str(h) for h in headers), tuple(tuple("" if c is None else str(c) for c in r) for r in rows))

    def __str__(self) -> str:
        return "；".join("，".join(row) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __html__(self) -> str:
        head = format_html_join("", "<th>{}</th>", ((h,) for h in self.headers))
        body = format_html_join("", "<tr>{}</tr>", (
            (format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in self.rows))
        table = format_html('<table class="table table-sm table-bordered audit-value mb-1"><thead><tr>{}</tr>'
                            '</thead><tbody>{}</tbody></table>', head, body)
        if len(self.rows) > FOLD_ROWS:
            return format_html('<details class="audit-fold"><summary>展开（共{}项）</summary>{}</details>',
                               len(self.rows), table)
        return table
