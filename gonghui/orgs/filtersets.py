import django_filters
from django import forms
from django.db.models import Q

from gonghui.core.filters import FilterSet

from .models import Organization


class OrganizationFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "名称或代码"}))
    kind = django_filters.ChoiceFilter(label="类型", choices=Organization.Kind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Organization.Status.choices)

    class Meta:
        model = Organization
        fields = ["q", "kind", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(code__icontains=value) | Q(short_name__contains=value))
