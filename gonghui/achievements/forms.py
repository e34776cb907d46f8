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


class CompetitionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="竞赛名称", max_length=100, help_text="如：2025年安康杯竞赛")
    kind = forms.ChoiceField(label="类别", choices=[])
    trade = forms.CharField(label="工种（技能比武）", max_length=50, required=False)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    rules = forms.CharField(label="竞赛规则与评分标准", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    team_based = forms.TypedChoiceField(label="参赛方式", choices=[("1", "以班组为单位"), ("0", "以个人参赛")],
                                        coerce=lambda v: v == "1", initial="1")
    rounds = forms.IntegerField(label="轮次", min_value=1, max_value=20, initial=1)
    max_score = forms.IntegerField(label="每轮满分", min_value=1, max_value=1000, initial=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Competition

        self.fields["kind"].choices = Competition.Kind.choices


class EntryForm(StyledFormMixin, forms.Form):
    team = forms.CharField(label="参赛班组", max_length=60, required=False)
    members = forms.IntegerField(label="参赛人数", min_value=1, max_value=999, required=False, initial=1)
    person = forms.ModelChoiceField(label="参赛职工", queryset=None, required=False)

    def __init__(self, *args, team_based=True, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team_based:
            del self.fields["person"]
            self.fields["team"].required = True
        else:
            del self.fields["team"], self.fields["members"]
            self.fields["person"].queryset = people
            self.fields["person"].required = True


class ScoreSheetForm(StyledFormMixin, forms.Form):
    """One round's scores of all entries (blank: not scored yet); the service checks the range and names the entry."""

    def __init__(self, *args, entries=(), max_score=100, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for e in self.entries:
            self.fields[f"e{e.pk}"] = forms.CharField(
                label=str(e), required=False, max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control",
                                              "placeholder": f"0–{max_score}"}))

    def scores(self) -> dict:
        return {e.pk: self.cleaned_data.get(f"e{e.pk}", "") for e in self.entries}


class FinishForm(StyledFormMixin, forms.Form):
    finished_on = forms.DateField(label="评定日期", widget=DATE)
    title = forms.CharField(label="获奖者获得的称号", max_length=60, required=False,
                            help_text="如：安康杯优胜班组、岗位标兵；填写后记入评先评优（本单位级）")


class PairForm(StyledFormMixin, forms.Form):
    master = forms.ModelChoiceField(label="师傅", queryset=None)
    apprentice = forms.ModelChoiceField(label="徒弟", queryset=None)
    started_on = forms.DateField(label="结对日期", widget=DATE)
    agreement = forms.CharField(label="师徒协议", max_length=100, required=False, help_text="协议编号或名称")
    goals = forms.CharField(label="培养目标", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="计划出师日期", widget=DATE, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["master"].queryset = people
        self.fields["apprentice"].queryset = people


class AssessForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="考核结果", choices=[])
    assessed_on = forms.DateField(label="考核日期", widget=DATE)
    note = forms.CharField(label="考核情况", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import MentorPair

        self.fields["outcome"].choices = MentorPair.Outcome.choices
