"""Forms of the activities pages (the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import Award, Event, EventKind

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt(label, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DATETIME, input_formats=DT_FORMATS,
                               help_text=help_text)


class EventForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="活动名称", max_length=100)
    kind = forms.ChoiceField(label="活动类型", choices=EventKind.choices)
    host = forms.ChoiceField(label="组织方式", choices=Event.Host.choices)
    host_name = forms.CharField(label="主办单位", max_length=100, required=False,
                                help_text="参加上级工会活动时填写，如：滨江区总工会")
    scope = forms.ModelChoiceField(label="报名范围", queryset=None, help_text="本会或其下属组织的会员可以报名")
    starts_at = _dt("活动时间")
    ends_at = _dt("结束时间", required=False)
    place = forms.CharField(label="地点", max_length=100, required=False)
    capacity = forms.IntegerField(label="名额", min_value=1, required=False, help_text="不填为不限名额")
    deadline = _dt("报名截止", required=False)
    family_allowed = forms.BooleanField(label="可带家属", required=False)
    family_max = forms.IntegerField(label="每人最多带家属（人）", min_value=0, max_value=10, required=False, initial=0)
    budget = forms.DecimalField(label="预算（元）", min_value=0, max_digits=12, decimal_places=2, initial=0)
    plan = forms.CharField(label="活动方案", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    rules = forms.CharField(label="活动规则 / 报名须知", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="比赛规则请在报名前公布")

    def __init__(self, *args, scopes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes

    def clean_family_max(self):
        return self.cleaned_data.get("family_max") or 0


class CopyForm(StyledFormMixin, forms.Form):
    starts_at = _dt("新活动时间", help_text="沿用本活动的方案、预算和规则；报名截止按同样的间隔顺延")


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200)


class HoldForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="举办日期", widget=DATE)
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False,
                                      help_text="参加上级活动或未在平台报名时填写；平台报名的按签到人数计")
    report = forms.CharField(label="活动小结", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CostForm(StyledFormMixin, forms.Form):
    cost = forms.DecimalField(label="实际支出（元）", min_value=0, max_digits=12, decimal_places=2)


class AwardForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="奖项名称", max_length=50, help_text="如：团体第一名、男子单打一等奖")
    level = forms.ChoiceField(label="等次", choices=Award.Level.choices)
    team = forms.ModelChoiceField(label="获奖队伍", queryset=None, required=False)
    person = forms.ModelChoiceField(label="获奖会员", queryset=None, required=False,
                                    help_text="个人奖项选择报名的会员")
    winner = forms.CharField(label="获奖者（平台外）", max_length=100, required=False,
                             help_text="参加上级活动时的本会代表队名称等")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, teams=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["person"].queryset = people


class TeamForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="队名 / 组名", max_length=50)
    leader = forms.ModelChoiceField(label="领队 / 组长", queryset=None, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people


class SignupForm(StyledFormMixin, forms.Form):
    family = forms.IntegerField(label="携带家属（人）", min_value=0, max_value=10, required=False, initial=0)


class PhotoForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="照片", help_text="JPG、PNG格式，不超过10MB")
    caption = forms.CharField(label="说明", max_length=100, required=False)
