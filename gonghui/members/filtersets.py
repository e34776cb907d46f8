from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate

from gonghui.accounts.scope import orgs_in_scope
from gonghui.core.filters import FilterSet
from gonghui.orgs.models import Organization

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


def prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix` (lower-case ASCII letters, for pinyin), written as a range.

    Django's startswith is `LIKE 'x%' ESCAPE '\\'`, which SQLite (case-insensitive LIKE) and PostgreSQL (outside
    the C collation) cannot serve from an ordinary index; `field >= 'zhang' AND field < 'zhanh'` is a b-tree
    range on both. Letters-only strings sort alphabetically in every collation, so the range is exact.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def tail_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix` (digits, an X first for an ID number ending in X; its last character is always
    a digit), as an index range re-checked exactly by startswith. The range ends where the prefix's last digit is
    followed by the next digit, or by X after 9: digits sort before letters in every collation, so every text that
    starts with the prefix lies inside the range whatever follows it."""
    last = prefix[-1]
    upper = prefix[:-1] + ("X" if last == "9" else chr(ord(last) + 1))
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper, f"{field}__startswith": prefix})


def search_q(text: str) -> Q:
    """One box finds anyone: a Chinese name (or part), full pinyin or initials (prefix), a member number
    (whole or beginning), or the last digits of a phone or ID number (three or more)."""
    text = re.sub(r"\s+", "", text or "").lower().replace("ü", "v")
    if not text:
        return Q()
    if re.fullmatch(r"\d{3,}x?", text):
        # "Ends with" is "the reversed copy starts with" (Person.*_reversed, kept by the database): an index
        # range on each, re-checked with startswith (as for member numbers), never a scan of every row.
        tail = text.upper()[::-1]
        return (Q(tail_q("id_number_reversed", tail)) | Q(tail_q("phone_reversed", tail))
                | Q(tail_q("member_no_reversed", tail)))
    if re.fullmatch(r"[a-z]+", text):
        # Pinyin is stored in lower case without spaces (张三 → zhangsan / zs): see core.pinyin.
        return prefix_q("name_pinyin", text) | prefix_q("name_initials", text)
    if re.fullmatch(r"[a-z0-9\-]+", text):
        # Member numbers are the organisation code and a number ("BJ01-000123"), usually in capitals: the
        # beginning as typed or in capitals, each an index range (startswith re-checks it where the collation
        # ignores the hyphen when sorting).
        return Q(prefix_q("member_no", text.upper()), member_no__startswith=text.upper()) | Q(
            prefix_q("member_no", text), member_no__startswith=text)
    return Q(name__contains=text)


class OrgSelect(forms.Select):
    """The organisation filter's <select>, written out in Python from (id, name, depth) rows.

    Django draws every <option> through a template from a model instance; for a federation's 600 organisations
    that alone took 70 ms of the list page. Same markup; labels are indented by depth.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:  # plain choices: Django's own rendering
            return super().render(name, value, attrs, renderer)
        empty_label = getattr(choices.field, "empty_label", None)
        rows = list(queryset.values_list("pk", "name", "depth"))
        top = min((depth for _, _, depth in rows), default=0)
        parts = [f'<select name="{escape(name)}"{flatatt(attrs)}>']
        if empty_label is not None:
            parts.append(f'<option value=""{" selected" if selected == "" else ""}>{escape(empty_label)}</option>')
        for pk, label, depth in rows:
            key = str(pk)
            parts.append(f'<option value="{key}"{" selected" if key == selected else ""}>'
                         f'{"　" * (depth - top)}{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))


class PersonFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "姓名/拼音/首字母/编号/手机或身份证尾号"}))
    org = django_filters.ModelChoiceFilter(label="组织（含下级）", queryset=None, method="filter_org", widget=OrgSelect)
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
        orgs = orgs_in_scope(user) if user is not None else Organization.objects.none()
        current = getattr(self.request, "current_org", None)
        if current is not None:
            # The list shows the current organisation's subtree: only its organisations are worth offering.
            orgs = orgs.filter(path__startswith=current.path)
        self.filters["org"].queryset = orgs.only("id", "name", "depth", "path").order_by("path")
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_org(self, queryset, name, value):
        if not value:
            return queryset
        from .selectors import org_ids

        return queryset.filter(org_id__in=org_ids(Organization.objects.filter(path__startswith=value.path)))

    def filter_category(self, queryset, name, value):
        return queryset.filter(CATEGORY_Q[value]) if value in CATEGORY_Q else queryset

    def filter_age(self, queryset, name, value):
        low, high = (int(x) for x in value.split("-"))
        today = localdate()
        latest_birth = _years_before(today, low)
        earliest_birth = _years_before(today, high + 1) + datetime.timedelta(days=1)
        return queryset.filter(birth_date__lte=latest_birth, birth_date__gte=earliest_birth)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 29 February becomes 28 February in a common year (date.replace would fail)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
