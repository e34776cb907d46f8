"""Forms of the 女职工工作 pages (the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .forms import DATE
from .models import ContractCheck


class ContractCheckForm(StyledFormMixin, forms.Form):
    contract = forms.ModelChoiceField(label="专项集体合同", queryset=None,
                                      error_messages={"required": "请选择要检查的专项集体合同。",
                                                      "invalid_choice": "请选择列表中的专项集体合同。"})
    checked_on = forms.DateField(label="检查日期", widget=DATE)
    checkers = forms.CharField(label="检查人", max_length=100, help_text="如：女职工委员会主任王芳、委员李娜")
    items = forms.CharField(label="检查内容", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="如：三期保护、女职工卫生费发放、女职工专项体检、哺乳室设置、生育津贴")
    findings = forms.CharField(label="发现的问题", max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    state = forms.ChoiceField(label="落实情况", choices=ContractCheck.State.choices)
    fixed_on = forms.DateField(label="整改完成日期", required=False, widget=DATE, help_text="“问题已整改”时填写")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.title}（{c.org.name}，{c.signed_on:%Y-%m-%d}签订）"


class CheckFixedForm(StyledFormMixin, forms.Form):
    fixed_on = forms.DateField(label="整改完成日期", widget=DATE)
    note = forms.CharField(label="整改情况", max_length=300, required=False)


class MutualAidForm(StyledFormMixin, forms.Form):
    who = forms.CharField(label="女职工（身份证号或会员编号）", max_length=32)
    year = forms.IntegerField(label="保障年度", min_value=2000, max_value=2100,
                              error_messages={"invalid": "请填写年度，如 2025。"})
    plan = forms.CharField(label="保障计划", max_length=100, initial="女职工安康互助保障",
                           help_text="如：女职工特殊疾病互助保障（每份30元）")
    premium = forms.DecimalField(label="互助金（元）", max_digits=10, decimal_places=2, min_value=0,
                                 error_messages={"invalid": "请填写金额，如 30 或 30.50。"})
    claims = forms.DecimalField(label="已获给付（元）", max_digits=12, decimal_places=2, min_value=0, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)


class ClaimForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label="给付金额（元）", max_digits=12, decimal_places=2,
                                error_messages={"invalid": "请填写金额，如 5000。"})


class CampaignForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="活动主题", max_length=100, help_text="如：《女职工劳动保护特别规定》宣讲")
    speaker = forms.CharField(label="主讲人（组织者）", max_length=50, required=False)
    attendance = forms.IntegerField(label="参加人次", min_value=1, max_value=1_000_000,
                                    error_messages={"invalid": "参加人次应为正整数。"})
