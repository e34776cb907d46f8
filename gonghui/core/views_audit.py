import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q

from gonghui.accounts.scope import Perm
from gonghui.core.views import ObjectListView

from .models import AuditEntry
from .selectors import audit_list


class AuditFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "操作人/对象/说明"}))
    action = django_filters.ChoiceFilter(label="操作", choices=AuditEntry.Action.choices)
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"}))
    ip = django_filters.CharFilter(label="来源地址", field_name="ip")

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "since", "until", "ip"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(actor_name__icontains=value) | Q(object_repr__contains=value) | Q(note__contains=value))


class AuditTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i:s")
    changes = tables.TemplateColumn(verbose_name="变更前后", orderable=False, template_code=(
        '{% for f, pair in value.items %}<div class="small"><span class="text-muted">{{ f }}</span>：'
        '{{ pair.0|default_if_none:"（空）" }} → {{ pair.1|default_if_none:"（空）" }}</div>{% endfor %}'))

    class Meta:
        model = AuditEntry
        fields = ("at", "actor_name", "ip", "action", "content_type", "object_repr", "changes", "note")
        attrs = {"class": "table table-sm align-middle bg-white", "id": "audit-table"}


class AuditListView(ObjectListView):
    perm = Perm.AUDIT_VIEW
    title = "审计日志"
    table_class = AuditTable
    filterset_class = AuditFilterSet

    def selector(self, request):
        return audit_list(request.user)
