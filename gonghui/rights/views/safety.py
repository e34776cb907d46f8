"""Pages of the mass safety campaigns (安康杯, 安全生产月, 监督员培训): list (export), record, a campaign with its
安康杯 teams (the entries of the linked 建功立业 competition), update, add a team.

The forms, table and filters of this part live here (not in forms.py/tables.py/filtersets.py) so that the parts of
the rights area can be worked on side by side."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response

from ..models import SafetyCampaign
from ..selectors import safety as selectors
from ..services import safety as services
from ..tables import ATTRS
from ._common import InCurrentUnion, call, columns

DATE = forms.DateInput(attrs={"type": "date"})


class CampaignForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=SafetyCampaign.Kind.choices)
    title = forms.CharField(label="名称", max_length=100, help_text="如：2025年“安康杯”竞赛")
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    competition = forms.ModelChoiceField(label="安康杯竞赛（建功立业中已有的）", queryset=None, required=False,
                                         empty_label="新建（在建功立业中建立竞赛）",
                                         help_text="只用于安康杯竞赛：参赛班组记在该竞赛中，不重复统计")
    activities = forms.IntegerField(label="开展活动（项）", min_value=0, required=False)
    participants = forms.IntegerField(label="参与职工（人次）", min_value=0, required=False)
    trained = forms.IntegerField(label="培训监督员（人）", min_value=0, required=False,
                                 help_text="只用于群众安全生产监督员培训")
    result = forms.CharField(label="成绩与奖项", max_length=200, required=False)
    note = forms.CharField(label="活动情况", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, competitions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = competitions


class CampaignUpdateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="名称", max_length=100)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    activities = forms.IntegerField(label="开展活动（项）", min_value=0, required=False)
    participants = forms.IntegerField(label="参与职工（人次）", min_value=0, required=False)
    trained = forms.IntegerField(label="培训监督员（人）", min_value=0, required=False)
    result = forms.CharField(label="成绩与奖项", max_length=200, required=False)
    note = forms.CharField(label="活动情况", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TeamForm(StyledFormMixin, forms.Form):
    team = forms.CharField(label="班组名称", max_length=60, help_text="如：二车间冲压班")
    members = forms.IntegerField(label="班组人数", min_value=1)


class CampaignTable(tables.Table):
    starts_on = tables.DateColumn(verbose_name="开始日期", format="Y-m-d",
                                  linkify=("rights:safety_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    title = tables.Column(verbose_name="名称")
    participants = tables.Column(verbose_name="参与职工（人次）", default="—")
    trained = tables.Column(verbose_name="培训监督员（人）", default="—")
    result = tables.Column(verbose_name="成绩与奖项", default="—")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = SafetyCampaign
        template_name = "core/table.html"
        fields = ("starts_on", "kind", "title", "participants", "trained", "result", "org")
        attrs = ATTRS
        order_by = ("-starts_on",)


class CampaignFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=SafetyCampaign.Kind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = SafetyCampaign
        fields = ["kind", "year"]


class CampaignListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "安全生产活动（安康杯、安全生产月、监督员培训）"
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    export_formats = ("xlsx",)
    add_url_name = "rights:safety_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.campaigns(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        from django.db.models import Count, Q, Sum

        qs = queryset.annotate(
            team_count=Count("competition__entries", filter=~Q(competition__entries__team="")),
            team_members=Sum("competition__entries__members", filter=~Q(competition__entries__team="")))
        rows = ([c.starts_on, c.ends_on, c.get_kind_display(), c.title, c.team_count or None, c.team_members,
                 c.activities, c.participants, c.trained, c.result, c.note, c.org.name]
                for c in qs.order_by("starts_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=SafetyCampaign, title="安全生产活动", filename="安全生产活动", rows=rows,
                             columns=columns("开始日期:date", "结束日期:date", "类别", "名称:24", "参赛班组（个）",
                                             "班组人数", "开展活动（项）", "参与职工（人次）", "培训监督员（人）",
                                             "成绩与奖项:24", "活动情况:30", "工会:20"))


class CampaignDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/safety_detail.html"

    def selector(self, request, pk):
        return selectors.campaign_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        user = self.request.user
        teams = selectors.teams(c)
        ctx.update(title=c.title, c=c, teams=teams, team_members=sum(t.members for t in teams),
                   can_edit=can_on_org(user, Perm.RIGHTS_EDIT, c.org),
                   see_competition=c.competition_id and can_on_org(user, Perm.ACHIEVE_VIEW, c.competition.org),
                   history=object_history(c))
        return ctx


class _CampaignAction(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    campaign: SafetyCampaign | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.campaign = selectors.campaign_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.campaign.get_absolute_url() if self.campaign else reverse("rights:safety_list")

    def summary(self):
        if self.campaign is None:
            return []
        c = self.campaign
        return [("类别", c.get_kind_display()), ("名称", c.title), ("开始日期", f"{c.starts_on:%Y-%m-%d}")]


class CampaignCreateView(InCurrentUnion, _CampaignAction):
    title = action_label = "登记安全生产活动"
    icon = "shield-check"
    intro = "安康杯竞赛的参赛班组记在建功立业的竞赛中（可选已有的，或在此新建），两处统计的是同一批班组。"

    def get_form(self):
        org = self.request.current_org
        competitions = (selectors.free_competitions(self.request.user, org) if org is not None
                        else SafetyCampaign.objects.none())
        return CampaignForm(competitions=competitions, **self.get_form_kwargs())

    def perform(self, form):
        return call(services.campaign_create, actor=self.request.user, **self.arguments(form.cleaned_data))


class CampaignUpdateView(_CampaignAction):
    title = action_label = "修改活动情况"
    icon = "pencil-square"
    form_class = CampaignUpdateForm

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.update({name: getattr(self.campaign, name) for name in services.UPDATABLE})
        return form

    def perform(self, form):
        return call(services.campaign_update, actor=self.request.user, campaign=self.campaign, **form.cleaned_data)


class TeamAddView(_CampaignAction):
    title = action_label = "添加参赛班组"
    icon = "people"
    form_class = TeamForm
    intro = "班组记入建功立业中的安康杯竞赛（评分、名次和奖项在那里登记）。"

    def blocked_reason(self):
        if self.campaign.competition_id is None:
            return "只有“安康杯”竞赛登记参赛班组。"
        if not can_on_org(self.request.user, Perm.ACHIEVE_EDIT, self.campaign.competition.org):
            return "添加参赛班组需要建功立业的录入权限。"
        return ""

    def perform(self, form):
        return call(services.team_add, actor=self.request.user, campaign=self.campaign, **form.cleaned_data)


__all__ = ["CampaignListView", "CampaignDetailView", "CampaignCreateView", "CampaignUpdateView", "TeamAddView"]
