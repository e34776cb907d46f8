"""Forms of the activities pages (the services check everything again)."""
from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import Article, Award, Course, Event, EventKind, MeetingKind, Newsletter, TrainingKind

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
    remind_days = forms.IntegerField(label="提前提醒（天）", min_value=0, max_value=30, initial=1, required=False,
                                     help_text="活动前几天提醒已报名的会员；0为不提醒，不填为1天")
    plan = forms.CharField(label="活动方案", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    rules = forms.CharField(label="活动规则 / 报名须知", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="比赛规则请在报名前公布")

    def __init__(self, *args, scopes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes

    def clean_family_max(self):
        return self.cleaned_data.get("family_max") or 0

    def clean_remind_days(self):
        value = self.cleaned_data.get("remind_days")
        return 1 if value is None else value


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


class CourseForm(StyledFormMixin, forms.Form):

    title = forms.CharField(label="培训主题", max_length=100)
    kind = forms.ChoiceField(label="培训类别", choices=TrainingKind.choices)
    host = forms.ChoiceField(label="举办方式", choices=Course.Host.choices)
    host_name = forms.CharField(label="举办单位", max_length=100, required=False, help_text="参加上级工会培训时填写")
    trainer = forms.CharField(label="授课人", max_length=100, required=False)
    starts_on = forms.DateField(label="培训日期", widget=DATE)
    hours = forms.DecimalField(label="学时", min_value=0, max_digits=5, decimal_places=1, initial=0)
    place = forms.CharField(label="地点", max_length=100, required=False)
    certificate = forms.BooleanField(label="颁发证书", required=False)
    materials = forms.CharField(label="培训材料", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(StyledFormMixin, forms.Form):

    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    title = forms.CharField(label="会议名称", max_length=100)
    held_on = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    chaired_by = forms.CharField(label="主持人", max_length=50, required=False)
    recorded_by = forms.CharField(label="记录人", max_length=50, required=False)
    attendees = forms.CharField(label="出席人员", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="姓名之间用顿号分隔")
    absentees = forms.CharField(label="请假人员", max_length=200, required=False)
    agenda = forms.CharField(label="议题", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="每行一个议题")
    minutes = forms.CharField(label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 8}))


class DecisionForm(StyledFormMixin, forms.Form):
    text_ = forms.CharField(label="议定事项", max_length=300)
    owner = forms.CharField(label="责任人", max_length=50)
    due_on = forms.DateField(label="完成期限", widget=DATE)


class DecisionDoneForm(StyledFormMixin, forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DATE)
    outcome = forms.CharField(label="落实情况", max_length=300, required=False)


class NewsletterForm(StyledFormMixin, forms.Form):

    kind = forms.ChoiceField(label="类别", choices=Newsletter.Kind.choices)
    title = forms.CharField(label="标题", max_length=100)
    published_on = forms.DateField(label="编发日期", widget=DATE, help_text="期号按年度自动顺排")
    content = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ArticleForm(StyledFormMixin, forms.Form):

    title = forms.CharField(label="稿件标题", max_length=100)
    author = forms.CharField(label="作者", max_length=50)
    outlet = forms.CharField(label="投稿媒体", max_length=100, help_text="如：工人日报、市总工会网站")
    level = forms.ChoiceField(label="媒体级别", choices=Article.Level.choices)
    submitted_on = forms.DateField(label="投稿日期", widget=DATE)


class MaterialForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="培训材料", help_text="PDF、Word、Excel、图片或文本文件，不超过10MB",
                           error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"})


class AttendeesForm(StyledFormMixin, forms.Form):
    people = forms.CharField(label="学员", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="会员编号或姓名，用顿号、逗号或换行分隔")
    signed_in = forms.BooleanField(label="同时登记为已签到", required=False, initial=True)
