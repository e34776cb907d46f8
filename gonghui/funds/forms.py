"""Forms of the funds pages (each part's; the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import EmployerKind, FoundingVisit

DATE = forms.DateInput(attrs={"type": "date"})


class EmployerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30, required=False,
                                  help_text="18位，按GB 32100-2015校验最后一位；个别单位暂无可不填")
    kind = forms.ChoiceField(label="单位类型", choices=EmployerKind.choices)
    employees = forms.IntegerField(label="职工人数", min_value=0, max_value=2_000_000, required=False)
    employees_on = forms.DateField(label="人数统计日期", required=False, widget=DATE)
    address = forms.CharField(label="地址", max_length=200, required=False)
    district = forms.CharField(label="所在街道（乡镇）", max_length=50, required=False)
    registered_on = forms.DateField(label="列入台账日期", widget=DATE)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class VisitForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    visitor = forms.CharField(label="走访人", max_length=50)
    outcome = forms.ChoiceField(label="结果", choices=FoundingVisit.Outcome.choices)
    note = forms.CharField(label="情况记录", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FoundForm(StyledFormMixin, forms.Form):
    founded_on = forms.DateField(label="建会日期", widget=DATE)
    members_on_founding = forms.IntegerField(label="建会时会员人数", min_value=1, required=False)
    union = forms.ModelChoiceField(label="平台上的工会", queryset=None, required=False,
                                   help_text="该单位的基层工会或所属联合工会已在平台上时选择")

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions


class CloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label="注销（迁出）日期", widget=DATE)
    reason = forms.CharField(label="原因", max_length=200)


class ThresholdForm(StyledFormMixin, forms.Form):
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    min_employees = forms.IntegerField(label="纳入建会率统计的最少职工人数", min_value=0, max_value=100000)
    note = forms.CharField(label="依据", max_length=200, required=False)
