"""Forms of the achievements pages (the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import Grade, Honour, HonourLevel, HonourTitle

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class SuggestionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="建议名称", max_length=100)
    problem = forms.CharField(label="存在问题（现状）", widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(label="建议内容（怎么改）", widget=forms.Textarea(attrs={"rows": 4}))
    expected_benefit = forms.CharField(label="预期效益", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text="如：每月节约电费约2000元；减少停机时间")
    coauthors = forms.ModelMultipleChoiceField(label="共同建议人", queryset=None, required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 4}))
    attachments = MultipleFileField(label="附件（照片、图纸等）", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coauthors"].queryset = people


class OfficerSuggestionForm(SuggestionForm):
    author = forms.ModelChoiceField(label="建议人", queryset=None)
    submitted_on = forms.DateField(label="提交日期", widget=DATE)
    field_order = ["author", "submitted_on"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, people=people, **kwargs)
        self.fields["author"].queryset = people


class ScoreForm(StyledFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(label="评审人", queryset=None)
    scored_on = forms.DateField(label="评分日期", widget=DATE)

    def __init__(self, *args, criteria=(), reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        if reviewers is None:
            del self.fields["reviewer"]
        else:
            self.fields["reviewer"].queryset = reviewers
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(label=f"{c.name}（0–{c.max_score}分）", decimal_places=1,
                                                         max_digits=5, widget=forms.NumberInput(attrs={"step": "0.5", "class": "form-control",
                                                                                       "inputmode": "decimal"}))

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class GradeForm(StyledFormMixin, forms.Form):
    grade = forms.ChoiceField(label="评定等级", choices=Grade.choices)
    graded_on = forms.DateField(label="评定日期", widget=DATE)
    note = forms.CharField(label="评定意见", max_length=300, required=False)


class AdoptForm(StyledFormMixin, forms.Form):
    department = forms.CharField(label="实施部门", max_length=50)
    adopted_on = forms.DateField(label="采纳日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)


class ImplementForm(StyledFormMixin, forms.Form):
    implemented_on = forms.DateField(label="实施日期", widget=DATE)


class BenefitForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label="经济效益（元）", max_digits=14, decimal_places=2, min_value=0)
    verified_on = forms.DateField(label="效益核实日期", widget=DATE, required=False,
                                  help_text="财务或实施部门核实效益的日期（必填）")
    note = forms.CharField(label="效益说明", max_length=300, required=False)


class CriterionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="评分项", max_length=50)
    max_score = forms.IntegerField(label="满分", min_value=1, max_value=100)
    order = forms.IntegerField(label="顺序", min_value=0, required=False)


class PanelForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="评审人", queryset=None)
    role = forms.CharField(label="职务", max_length=30, required=False, help_text="如：组长、成员")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class HonourForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="对象", choices=Honour.Kind.choices)
    person = forms.ModelChoiceField(label="获奖个人", queryset=None, required=False)
    unit_name = forms.CharField(label="获奖集体", max_length=100, required=False, help_text="如：机修车间、一分会")
    title = forms.ChoiceField(label="荣誉类别", choices=HonourTitle.choices)
    name = forms.CharField(label="荣誉称号", max_length=100, help_text="如：2025年度市五一劳动奖章")
    level = forms.ChoiceField(label="级别", choices=HonourLevel.choices)
    year = forms.IntegerField(label="年度", min_value=1949)
    awarded_by = forms.CharField(label="授予单位", max_length=100)
    awarded_on = forms.DateField(label="授予日期", widget=DATE)
    deeds = forms.CharField(label="主要事迹", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class NominateForm(HonourForm):
    nominated_on = forms.DateField(label="推荐日期", widget=DATE)
    nominated_by = forms.CharField(label="推荐单位", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("level", "awarded_by", "awarded_on"):
            del self.fields[name]


class PublicityForm(StyledFormMixin, forms.Form):
    starts_on = forms.DateField(label="公示开始", widget=DATE)
    ends_on = forms.DateField(label="公示截止", widget=DATE)


class ApproveForm(StyledFormMixin, forms.Form):
    approved_on = forms.DateField(label="批准日期", widget=DATE)


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="原因", max_length=200)
