"""The searchable audit log (administrators, chairs and 经审 of their own subtree). Read-only: the app has no way
to change or delete an entry."""
import django_filters
import django_tables2 as tables
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import format_html

from gonghui.accounts.scope import Perm, orgs_in_scope
from gonghui.core.views import ObjectListView

from .filters import FilterSet
from .models import AuditedModel, AuditEntry
from .selectors import audit_list
from .templatetags.gonghui_audit import changes_html, present


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name) if model is not None else obj.model


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


def audited_content_types():
    models = [m for m in apps.get_models() if issubclass(m, AuditedModel)]
    return ContentType.objects.get_for_models(*models, for_concrete_models=False).values()


class AuditFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "操作人/对象/说明"}))
    action = django_filters.ChoiceFilter(label="操作", choices=AuditEntry.Action.choices)
    content_type = ContentTypeFilter(label="对象类型", queryset=ContentType.objects.none())
    org = django_filters.ModelChoiceFilter(label="组织（含下级）", queryset=None, method="filter_org")
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"}))
    ip = django_filters.CharFilter(label="来源地址", method="filter_ip")

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "content_type", "org", "since", "until", "ip"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(audited_content_types(), key=lambda ct: ct.pk)
        self.filters["content_type"].queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in types])
        self.filters["org"].queryset = orgs_in_scope(user, Perm.AUDIT_VIEW).order_by("path")
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor_name__icontains=value) | Q(actor__display_name__contains=value)
                               | Q(object_repr__contains=value) | Q(note__contains=value))

    def filter_org(self, queryset, name, value):
        return queryset.filter(org_path__startswith=value.path) if value else queryset

    def filter_ip(self, queryset, name, value):
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_ipv46_address

        value = value.strip()
        try:
            validate_ipv46_address(value)
        except ValidationError:
            return queryset.none()
        return queryset.filter(ip=value)


class AuditTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i:s", attrs={"td": {"class": "text-nowrap"}})
    actor_name = tables.Column(verbose_name="操作人", default="—", empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    ip = tables.Column(verbose_name="来源地址", default="", attrs={"td": {"class": "text-nowrap"}})
    action = tables.Column(verbose_name="操作", attrs={"td": {"class": "text-nowrap"}})
    content_type = tables.Column(verbose_name="对象类型", orderable=False, attrs={"td": {"class": "text-nowrap"}})
    object_repr = tables.Column(verbose_name="对象", default="")
    changes = tables.Column(verbose_name="变更内容与说明", orderable=False, empty_values=(),
                            attrs={"td": {"class": "small audit-changes"}})

    class Meta:
        model = AuditEntry
        fields = ("at", "actor_name", "ip", "action", "content_type", "object_repr", "changes")
        attrs = {"class": "table table-sm align-middle bg-white audit-table", "id": "audit-table"}
        order_by = ("-at",)

    def _present_page(self):
        """Readable changes for the whole page at once (one query per related model, not per row)."""
        if not getattr(self, "_presented", False):
            page = getattr(self, "page", None)
            if page is not None:
                present([getattr(row, "record", row) for row in page.object_list])
            self._presented = True

    def render_actor_name(self, record):
        self._present_page()
        shown = getattr(record, "actor_display", None) or record.actor_name or "—"
        if record.actor_name and record.actor_name != shown:
            return format_html('<span title="登录名：{}">{}</span>', record.actor_name, shown)
        return shown

    def render_content_type(self, record):
        model = record.content_type.model_class() if record.content_type_id else None
        return model._meta.verbose_name if model is not None else "—"

    def render_changes(self, record):
        self._present_page()
        if getattr(record, "change_rows", None) is None:
            present([record])
        return changes_html(record)


class AuditListView(ObjectListView):
    perm = Perm.AUDIT_VIEW
    title = "审计日志"
    table_class = AuditTable
    filterset_class = AuditFilterSet

    def selector(self, request):
        return audit_list(request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs
