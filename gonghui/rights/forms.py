"""Forms of the rights pages (the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import DisputeKind, DisputeOutcome, HazardKind

DATE = forms.DateInput(attrs={"type": "date"})


class HazardReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="隐患类别", choices=HazardKind.choices)
    location = forms.CharField(label="地点", max_length=100, help_text="如：二车间3号冲压机旁")
    description = forms.CharField(label="隐患情况", max_length=500, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label="照片", required=False, help_text="可拍照上传，JPG/PNG，不超过10MB",
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    safety_rep = forms.BooleanField(label="我是群众安全生产监督员", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class HazardEntryForm(HazardReportForm):
    """An officer enters a report received otherwise (phone, paper)."""

    reporter_name = forms.CharField(label="报告人", max_length=50)
    reported_on = forms.DateField(label="上报日期", widget=DATE)
    field_order = ["reporter_name", "reported_on"]


class ForwardForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=None)
    note = forms.CharField(label="转办意见", max_length=300, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class UnfoundedForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="核实情况", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class FixForm(StyledFormMixin, forms.Form):
    fixed_on = forms.DateField(label="整改日期", widget=DATE)
    note = forms.CharField(label="整改情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(StyledFormMixin, forms.Form):
    plan = forms.CharField(label="整改计划（措施、责任人）", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="计划完成日期", widget=DATE)


# --- disputes ---------------------------------------------------------------------------------------------------------

class CaseForm(StyledFormMixin, forms.Form):
    applicant_name = forms.CharField(label="申请人", max_length=50)
    applicant_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    is_member = forms.BooleanField(label="申请人是会员", required=False, initial=True)
    other_party = forms.CharField(label="被申请人", max_length=100)
    kind = forms.ChoiceField(label="争议类型", choices=DisputeKind.choices)
    claim_amount = forms.CharField(label="请求金额（元）", max_length=20, required=False)
    details = forms.CharField(label="争议事实与请求", widget=forms.Textarea(attrs={"rows": 4}))
    received_on = forms.DateField(label="收到申请日期", widget=DATE)


class MyCaseForm(StyledFormMixin, forms.Form):
    other_party = forms.CharField(label="被申请人（单位或个人）", max_length=100)
    kind = forms.ChoiceField(label="争议类型", choices=DisputeKind.choices)
    claim_amount = forms.CharField(label="请求金额（元）", max_length=20, required=False)
    details = forms.CharField(label="争议事实与请求", widget=forms.Textarea(attrs={"rows": 5}))
    applicant_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class AcceptForm(StyledFormMixin, forms.Form):
    accepted_on = forms.DateField(label="受理日期", widget=DATE)
    mediators = forms.CharField(label="调解员", max_length=100)


class RefuseForm(StyledFormMixin, forms.Form):
    refused_on = forms.DateField(label="不予受理日期", widget=DATE)
    reason = forms.CharField(label="理由", max_length=300)


class CloseCaseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="调解结果", choices=DisputeOutcome.choices)
    mediated_on = forms.DateField(label="调解日期", widget=DATE, required=False)
    closed_on = forms.DateField(label="结案日期", widget=DATE)
    agreement_amount = forms.CharField(label="协议金额（元）", max_length=20, required=False)
    agreement_text = forms.CharField(label="协议内容", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    over_claim_reason = forms.CharField(label="协议金额超过请求金额的理由", max_length=300, required=False)


class FollowupForm(StyledFormMixin, forms.Form):
    followup_on = forms.DateField(label="回访日期", widget=DATE)
    fulfilled = forms.BooleanField(label="协议已履行", required=False)
    note = forms.CharField(label="履行情况", max_length=300)


class MyAdviceForm(StyledFormMixin, forms.Form):
    question = forms.CharField(label="想咨询的问题", max_length=500, widget=forms.Textarea(attrs={"rows": 5}))
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class MaternityForm(StyledFormMixin, forms.Form):
    who = forms.CharField(label="女职工（身份证号或会员编号）", max_length=32)
    phase = forms.ChoiceField(label="阶段", choices=[("pregnancy", "孕期"), ("maternity", "产期"), ("nursing", "哺乳期")])
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="预计结束日期", widget=DATE)
    protections = forms.CharField(label="应享受的保护", max_length=300, required=False,
                                  help_text="不填时按《女职工劳动保护特别规定》写入该阶段的主要保护")
    note = forms.CharField(label="备注", max_length=300, required=False)
