"""Forms of the campaign (集中慰问) and fund-rule (经费标准) pages. They only shape input: every rule is the
services' business (their ServiceError comes back as a form error)."""
from __future__ import annotations

from django import forms
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core import festivals
from gonghui.core.forms import StyledFormMixin

from .models import (
    Assistance,
    Campaign,
    FundingSource,
    HardshipLevel,
    LifeEventKind,
    Occasion,
    PaymentForm,
    RecipientKind,
)

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": 0}


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def festival_choices(year: int | None = None) -> list[tuple[str, str]]:
    """Festival codes with their names (every festival occurs every year), in calendar order."""
    year = year or localdate().year
    seen: dict[str, str] = {}
    for f in festivals.festivals(year):
        seen.setdefault(f.code, f.name)
    return [("", "（不指定）"), *seen.items()]


#: The festival each kind of campaign is usually held for.
KIND_FESTIVAL = {Campaign.Kind.SPRING: "chunjie", Campaign.Kind.DUANWU: "duanwu", Campaign.Kind.ZHONGQIU: "zhongqiu"}


class GoodsFieldsMixin(forms.Form):
    """One line of goods (rice, oil …): name, quantity, unit, value per person."""

    goods_name = forms.CharField(label="物品名称", max_length=50, required=False,
                                 help_text="实物发放时填写，如：大米")
    goods_quantity = forms.DecimalField(label="数量", max_digits=8, decimal_places=2, min_value=0, required=False)
    goods_unit = forms.CharField(label="单位", max_length=10, required=False)
    goods_value = forms.DecimalField(label="物品价值(元)", required=False, **MONEY)

    def goods(self) -> list[dict] | None:
        data = self.cleaned_data
        if not (data.get("goods_name") or "").strip():
            return None
        return [{"name": data["goods_name"].strip(), "quantity": str(data.get("goods_quantity") or 1),
                 "unit": (data.get("goods_unit") or "").strip(),
                 "value": str(data["goods_value"]) if data.get("goods_value") is not None else None}]


class CampaignForm(StyledFormMixin, GoodsFieldsMixin):
    org = OrgChoiceField(label="组织单位", queryset=None)
    kind = forms.ChoiceField(label="活动类型", choices=Campaign.Kind.choices)
    title = forms.CharField(label="活动名称", max_length=100)
    planned_on = forms.DateField(label="计划日期", widget=forms.DateInput)
    festival_code = forms.ChoiceField(label="节日", choices=(), required=False)
    budget = forms.DecimalField(label="预算(元)", max_digits=12, decimal_places=2, min_value=0, required=False)
    default_amount = forms.DecimalField(label="每人标准(元)", required=False, **MONEY,
                                        help_text="选取名单时每人默认金额；实物发放可只填物品价值")
    form = forms.ChoiceField(label="发放形式", choices=PaymentForm.choices, initial=PaymentForm.CASH)
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices, initial=FundingSource.OWN)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["org", "kind", "title", "planned_on", "festival_code", "budget", "default_amount", "form",
                   "funding_source", "goods_name", "goods_quantity", "goods_unit", "goods_value", "note"]

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["festival_code"].choices = festival_choices()


class CriteriaForm(StyledFormMixin, forms.Form):
    hardship_level = forms.ChoiceField(label="困难职工", required=False, choices=[
        ("", "（不限）"), ("any", "全部在档困难职工"), *HardshipLevel.choices])
    retirees_min_age = forms.IntegerField(label="退休职工年满(岁)", required=False, min_value=40, max_value=120)
    post_contains = forms.CharField(label="岗位包含", max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"placeholder": "如：高温"}))
    work_status = forms.ChoiceField(label="在职状态", required=False,
                                    choices=[("", "（不限）"), ("serving", "在职"), ("retired", "退休")])
    children_entering_university = forms.BooleanField(label="子女当年考入大学", required=False)
    amount = forms.DecimalField(label="每人金额(元)", required=False, **MONEY,
                                help_text="空则用活动的每人标准")


class AmountForm(StyledFormMixin, GoodsFieldsMixin):
    amount = forms.DecimalField(label="金额(元)", required=False, **MONEY)
    over_cap_reason = forms.CharField(label="超标准原因", max_length=300, required=False)


class AddRecipientForm(StyledFormMixin, forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label="金额(元)", required=False, **MONEY)
    note = forms.CharField(label="备注", max_length=200, required=False)


class DeliverForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(label="发放日期", widget=forms.DateInput)
    signed = forms.BooleanField(label="已签收", required=False, initial=True)


# --- fund rules ---------------------------------------------------------------------------------------------------


class RuleSetForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="制定单位", queryset=None)
    name = forms.CharField(label="名称", max_length=100)
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput)
    effective_to = forms.DateField(label="失效日期", widget=forms.DateInput, required=False,
                                   help_text="含当日；空表示长期有效")
    copy_from = forms.ModelChoiceField(label="复制条目自", queryset=None, required=False,
                                       help_text="可从已有标准复制全部条目，再逐条修改")
    note = forms.CharField(label="依据/说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, orgs=None, rule_sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["copy_from"].queryset = rule_sets
        self.fields["copy_from"].label_from_instance = lambda rs: f"{rs.org.name} · {rs.name}"


class RuleSetEditForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput)
    effective_to = forms.DateField(label="失效日期", widget=forms.DateInput, required=False,
                                   help_text="含当日；空表示长期有效")
    note = forms.CharField(label="依据/说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AidRuleForm(StyledFormMixin, forms.Form):
    occasion = forms.ChoiceField(label="事由", choices=Occasion.choices)
    recipient_kind = forms.ChoiceField(label="慰问对象", choices=[("", "所有对象"), *RecipientKind.choices], required=False)
    standard = forms.DecimalField(label="标准金额(元)", required=False, **MONEY)
    cap = forms.DecimalField(label="单次上限(元)", required=False, **MONEY)
    yearly_cap = forms.DecimalField(label="每人每年上限(元)", required=False, **MONEY)


class MustVisitRuleForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="制定单位", queryset=None)
    event_kind = forms.ChoiceField(label="必访事项", choices=LifeEventKind.choices)
    window_days = forms.IntegerField(label="应在几天内看望", min_value=1, max_value=365, initial=7)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


STEP_ROLES = [("", "有帮扶审批权限的人"), *[(r, label) for r, label in Role.choices if r != Role.MEMBER]]
MAX_STEPS = 4


class ApprovalFlowForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="工会", queryset=None)
    kind = forms.ChoiceField(label="救助类别", required=False, choices=[("", "所有类别"), *Assistance.Kind.choices])
    name = forms.CharField(label="流程名称", max_length=100, required=False, help_text="空则按环节自动命名")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        for i in range(1, MAX_STEPS + 1):
            self.fields[f"step{i}_role"] = forms.ChoiceField(label=f"第{i}环节·审批角色", choices=STEP_ROLES,
                                                             required=False)
            self.fields[f"step{i}_label"] = forms.CharField(label=f"第{i}环节·名称", max_length=50, required=False)
            self.fields[f"step{i}_role"].widget.attrs["class"] = "form-select"
            self.fields[f"step{i}_label"].widget.attrs["class"] = "form-control"

    def steps(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data.get(f"step{i}_role") or "", data[f"step{i}_label"].strip())
                for i in range(1, MAX_STEPS + 1) if (data.get(f"step{i}_label") or "").strip()]
