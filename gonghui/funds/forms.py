"""Forms of the funds pages (each part's; the services check everything again)."""
from __future__ import annotations

import datetime

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import DuesExemption, DuesPolicy, DuesReceipt, EmployerKind, FoundingVisit, Rounding

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


# --- dues -----------------------------------------------------------------------------------------------------------

class MonthInput(forms.TextInput):
    """<input type="month"> (not a DateInput: StyledFormMixin turns those into date pickers)."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.DateField):
    """A month (<input type="month">: "2025-03"); 2025-03-01 and 2025/3 are read too."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y年%m月"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class PolicyForm(StyledFormMixin, forms.Form):
    effective_from = MonthField(label="生效月份")
    rate = forms.CharField(label="缴纳比例", initial="0.5%", max_length=10, help_text="如0.5%（章程规定）")
    rounding = forms.ChoiceField(label="尾数处理", choices=Rounding.choices)
    retired = forms.ChoiceField(label="退休会员", choices=DuesPolicy.Retired.choices)
    note = forms.CharField(label="依据", max_length=200, required=False)


class ComputeForm(StyledFormMixin, forms.Form):
    month = MonthField(label="核定月份")


class PayrollCollectForm(StyledFormMixin, forms.Form):
    month = MonthField(label="会费月份")
    paid_on = forms.DateField(label="代扣日期", widget=DATE)
    receipt_no = forms.CharField(label="收据（凭证）编号", max_length=40)
    note = forms.CharField(label="备注", max_length=200, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class CollectForm(StyledFormMixin, forms.Form):
    first = MonthField(label="从月份")
    last = MonthField(label="到月份", help_text="一次缴纳一年时选择12个月")
    method = forms.ChoiceField(label="收缴方式", choices=[c for c in DuesReceipt.Method.choices if c[0] != "payroll"])
    paid_on = forms.DateField(label="收缴日期", widget=DATE)
    receipt_no = forms.CharField(label="收据编号", max_length=40)
    note = forms.CharField(label="备注", max_length=200, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", "截止月份不能早于起始月份。")
        return data

    def months(self):
        first, last = self.cleaned_data["first"], self.cleaned_data["last"]
        out = []
        while first <= last and len(out) < 25:
            out.append(first)
            first = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return out


class ExemptionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=DuesExemption.Kind.choices)
    reason = forms.ChoiceField(label="原因", choices=DuesExemption.Reason.choices)
    rate = forms.CharField(label="减缴后比例", max_length=10, required=False, help_text="减缴时填写，如0.25%")
    starts_on = MonthField(label="起始月份")
    ends_on = MonthField(label="截止月份", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class WageForm(StyledFormMixin, forms.Form):
    month = MonthField(label="月份")
    amount = forms.CharField(label="月基本工资（元）", max_length=20)


# --- ledger ---------------------------------------------------------------------------------------------------------

from .models import Category  # noqa: E402

AMOUNT_HELP = "阿拉伯数字，可带千分位和“元”，如 1,200.00"


class EntryForm(StyledFormMixin, forms.Form):
    entry_date = forms.DateField(label="日期", widget=DATE)
    category = forms.ChoiceField(label="科目", choices=Category.choices)
    subcategory = forms.CharField(label="明细科目", max_length=40, required=False, help_text="如 文体活动、业务招待费")
    amount = forms.CharField(label="金额（元）", max_length=30, help_text=AMOUNT_HELP)
    summary = forms.CharField(label="摘要", max_length=200)
    counterparty = forms.CharField(label="对方单位/个人", max_length=100, required=False)
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False, help_text="如 记-2025-03-012；本会内不可重复")
    note = forms.CharField(label="备注", max_length=300, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class BookForm(StyledFormMixin, forms.Form):
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
    entry_date = forms.DateField(label="记账日期", widget=DATE)
    category = forms.ChoiceField(label="科目", choices=Category.choices)


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="不入账原因", max_length=200, help_text="如：已由行政福利费列支")


class ReverseForm(StyledFormMixin, forms.Form):
    entry_date = forms.DateField(label="冲销日期", widget=DATE, help_text="须在未结账的月份")
    reason = forms.CharField(label="冲销原因", max_length=200)
    voucher_no = forms.CharField(label="冲销凭证号", max_length=40, required=False)


class ProposeForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label="从", widget=DATE)
    end = forms.DateField(label="到", widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data


class CloseMonthForm(StyledFormMixin, forms.Form):
    month = MonthField(label="结账月份")


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="附件（原始凭证、发票）")


class PublishForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="公开内容", choices=[("finance", "工会经费收支情况"), ("hospitality", "业务招待费")])
    approved_by = forms.CharField(label="批准公开", max_length=50, help_text="如：工会委员会、经审委员会")
    published_on = forms.DateField(label="公开日期", widget=DATE)


# --- union funds ----------------------------------------------------------------------------------------------------

class AllocationPolicyForm(StyledFormMixin, forms.Form):
    effective_from = MonthField(label="生效月份")
    rate = forms.CharField(label="拨缴比例", initial="2%", max_length=10, help_text="工资总额的2%（《工会法》）")
    upward_share = forms.CharField(label="上解比例", initial="40%", max_length=10, help_text="按上级工会规定，如40%")
    note = forms.CharField(label="依据", max_length=200, required=False)


class BaseForm(StyledFormMixin, forms.Form):
    month = MonthField(label="月份")
    payroll = forms.CharField(label="工资总额（元）", max_length=30, help_text="全部职工工资总额；" + AMOUNT_HELP)
    employees = forms.IntegerField(label="职工人数", min_value=0, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ArrivalForm(StyledFormMixin, forms.Form):
    month = MonthField(label="所属月份")
    arrived_on = forms.DateField(label="到账日期", widget=DATE)
    amount = forms.CharField(label="到账金额（元）", max_length=30, help_text=AMOUNT_HELP)
    payer = forms.CharField(label="拨缴单位", max_length=100, required=False)
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class RemittanceForm(StyledFormMixin, forms.Form):
    month = MonthField(label="所属月份")
    remitted_on = forms.DateField(label="上解日期", widget=DATE)
    amount = forms.CharField(label="上解金额（元）", max_length=30, help_text=AMOUNT_HELP)
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class GrantForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=[(c, Category(c).label) for c in (
        Category.UPPER_GRANT, Category.ADMIN_GRANT, Category.GOVERNMENT_GRANT)])
    entry_date = forms.DateField(label="到账日期", widget=DATE)
    amount = forms.CharField(label="金额（元）", max_length=30, help_text=AMOUNT_HELP)
    counterparty = forms.CharField(label="拨款单位", max_length=100)
    summary = forms.CharField(label="摘要", max_length=200, required=False)
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
