"""Tables of the activities lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from .models import Event

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}
TONE = {"draft": "secondary", "approved": "info", "open": "success", "closed": "warning", "held": "primary",
        "cancelled": "dark"}


class EventTable(tables.Table):
    title = tables.Column(verbose_name="活动名称", linkify=("activities:event_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类型")
    starts_at = tables.DateTimeColumn(verbose_name="活动时间", format="Y-m-d H:i")
    status = tables.Column(verbose_name="状态")
    confirmed = tables.Column(verbose_name="报名", empty_values=(), orderable=False, attrs={"td": {"class": "text-end"}})
    budget = tables.Column(verbose_name="预算（元）", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="组织工会", accessor="org__name", order_by=("org__path", "-starts_at"))

    class Meta:
        model = Event
        template_name = "core/table.html"
        fields = ("title", "kind", "starts_at", "status", "confirmed", "budget", "org")
        attrs = ATTRS
        order_by = ("-starts_at",)

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', TONE.get(record.status, "secondary"), value)

    def render_confirmed(self, record):
        if record.is_upper and record.participants is not None:
            return f"{record.participants}人"
        cap = f"/{record.capacity}" if record.capacity else ""
        wait = f"（候补{record.waiting}）" if record.waiting else ""
        return f"{record.confirmed}{cap}{wait}"

    def render_title(self, record, value):
        if record.is_upper:
            return format_html('{} <span class="badge text-bg-light border">{}</span>', value, record.host_name)
        return value
