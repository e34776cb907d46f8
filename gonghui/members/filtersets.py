from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.timezone import localdate

from gonghui.accounts.scope import orgs_in_scope

from .models import Gender, Person

CATEGORY_CHOICES = [
    ("female", "女职工"),
    ("model_worker", "劳动模范"),
    ("hardship", "困难职工"),
    ("military", "军烈属"),
    ("retired", "退休"),
    ("migrant", "农民工"),
    ("dispatched", "劳务派遣"),
    ("only_child", "独生子女父母"),
]
CATEGORY_Q = {
    "female": Q(gender=Gender.FEMALE),
    "model_worker": ~Q(model_worker=""),
    "hardship": ~Q(hardship_level=""),
    "military": Q(is_military_family=True),
    "retired": Q(work_status__in=[Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE]),
    "migrant": Q(employment_type=Person.Employment.MIGRANT),
    "dispatched": Q(employment_type=Person.Employment.DISPATCHED),
    "only_child": Q(is_only_child_parent=True),
}
AGE_BANDS = [("0-29", "30岁以下"), ("30-39", "30–39岁"), ("40-49", "40–49岁"), ("50-59", "50–59岁"), ("60-200", "60岁及以上")]


def search_q(text: str) -> Q:
    """One box finds anyone: a Chinese name (or part), full pinyin or initials, a member number,
    or the last digits of a phone or ID number."""
    text = re.sub(r"\s+", "", text or "").lower()
    if not text:
        return Q()
    if re.fullmatch(r"\d{3,}x?", text):
        digits = text.upper()
        return Q(id_number__endswith=digits) | Q(phone__endswith=digits) | Q(member_no__endswith=digits)
    if re.fullmatch(r"[a-z]+", text):
        return Q(name_pinyin__startswith=text) | Q(name_initials__startswith=text)
    if re.fullmatch(r"[a-z0-9\-]+", text):
        return Q(member_no__iexact=text) | Q(member_no__istartswith=text)
    return Q(name__contains=text)


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "姓名/拼音/首字母/编号/手机或身份证尾号"}))
    org = django_filters.ModelChoiceFilter(label="组织（含下级）", queryset=None, method="filter_org")
    member_status = django_filters.ChoiceFilter(label="会籍状态", choices=Person.MemberStatus.choices)
    work_status = django_filters.ChoiceFilter(label="在职状态", choices=Person.WorkStatus.choices)
    gender = django_filters.ChoiceFilter(label="性别", choices=Gender.choices)
    category = django_filters.ChoiceFilter(label="人员类别", choices=CATEGORY_CHOICES, method="filter_category")
    age = django_filters.ChoiceFilter(label="年龄段", choices=AGE_BANDS, method="filter_age")
    join_year = django_filters.NumberFilter(label="入会年份", field_name="joined_on", lookup_expr="year")

    class Meta:
        model = Person
        fields = ["q", "org", "member_status", "work_status", "gender", "category", "age", "join_year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["org"].queryset = orgs_in_scope(user) if user is not None else Person.objects.none()
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_org(self, queryset, name, value):
        return queryset.filter(org__path__startswith=value.path) if value else queryset

    def filter_category(self, queryset, name, value):
        return queryset.filter(CATEGORY_Q[value]) if value in CATEGORY_Q else queryset

    def filter_age(self, queryset, name, value):
        low, high = (int(x) for x in value.split("-"))
        today = localdate()
        latest_birth = today.replace(year=today.year - low)
        earliest_birth = today.replace(year=today.year - high - 1) + datetime.timedelta(days=1)
        return queryset.filter(birth_date__lte=latest_birth, birth_date__gte=earliest_birth)
