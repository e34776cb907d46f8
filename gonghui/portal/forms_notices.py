"""Forms of the notice pages: they parse input; the rules are portal.notices' (ServiceError → form error)."""
from __future__ import annotations

import django_filters
from django import forms
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import orgs_in_scope
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.orgs.models import Organization

from .models_notices import Notice


class NoticeForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="发布单位", queryset=Organization.objects.none())
    targets = forms.ModelMultipleChoiceField(
        label="发送范围（可多选）", queryset=Organization.objects.none(), required=False,
        help_text="不选则发给发布单位及其全部下级组织；选中的组织连同其下级都会收到。")
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="纯文本；空一行分段。")
    publish_on = forms.DateField(label="发布日期", widget=forms.DateInput, initial=localdate)
    expires_on = forms.DateField(label="截止日期", widget=forms.DateInput, required=False,
                                 help_text="过期后会员不再看到；可不填。")
    pinned = forms.BooleanField(label="置顶", required=False)
    attachment = forms.FileField(label="附件", required=False,
                                 help_text="PDF、图片、Word、Excel 或文本文件，不超过10MB；保存后可继续添加。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = (orgs_in_scope(user, Perm.NOTICE_PUBLISH).filter(status=Organization.Status.ACTIVE)
                .exclude(kind=Organization.Kind.GROUP).order_by("path"))
        self.fields["org"].queryset = orgs
        self.fields["targets"].queryset = orgs
        self.fields["targets"].widget.attrs["size"] = 6


class NoticeFilterSet(FilterSet):
    title = django_filters.CharFilter(label="标题", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=Notice.Status.choices)

    class Meta:
        model = Notice
        fields = ["title", "status"]
