"""Pages of technical innovation (技术创新): projects (立项), patents and innovation studios — lists with filters,
search and Excel export, the create and edit forms, and each record's page. The forms, filters and tables of this
part live here too (the services check everything again)."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, orgs_in_scope
from gonghui.core import patentno
from gonghui.core.excel import Column
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import HonourLevel, InnovationProject, InnovationStudio, Patent
from ..selectors import innovation as selectors
from ..services import innovation as services
from ..services._common import union_of
from ..tables import ATTRS
from ._common import call
from .suggestions import _people_of

DATE = forms.DateInput(attrs={"type": "date"})
PEOPLE = forms.SelectMultiple(attrs={"size": 6})


# ---- forms -------------------------------------------------------------------------------------------------------

class _InnovationForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="所属组织", queryset=Organization.objects.none())

    def __init__(self, *args, orgs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Person:
                field.queryset = people


class ProjectForm(_InnovationForm):
    name = forms.CharField(label="项目名称", max_length=100)
    leader = forms.ModelChoiceField(label="项目负责人", queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(label="项目组成员", queryset=Person.objects.none(), required=False,
                                             widget=PEOPLE)
    started_on = forms.DateField(label="立项日期", widget=DATE)
    state = forms.ChoiceField(label="状态", choices=InnovationProject.State.choices)
    finished_on = forms.DateField(label="结题日期", widget=DATE, required=False, help_text="结题时填写")
    goal = forms.CharField(label="研究内容与目标", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label="成果", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="结题时必填：解决了什么问题，形成的专利、工法、标准等")
    benefit = forms.DecimalField(label="经济效益（元）", required=False, min_value=0, max_digits=14, decimal_places=2)


class PatentForm(_InnovationForm):
    number = forms.CharField(label="专利号", max_length=30, help_text="如 ZL 2017 1 0601862.3（含校验位）")
    kind = forms.ChoiceField(label="专利类别", choices=Patent.Kind.choices)
    title = forms.CharField(label="专利名称", max_length=150)
    granted_on = forms.DateField(label="授权日期", widget=DATE)
    holders = forms.ModelMultipleChoiceField(label="发明人（设计人）", queryset=Person.objects.none(), widget=PEOPLE)
    patentee = forms.CharField(label="专利权人", max_length=100, required=False, help_text="一般为企业名称")
    project = forms.ModelChoiceField(label="所属项目", queryset=InnovationProject.objects.none(), required=False)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects if projects is not None else InnovationProject.objects.none()

    def clean_number(self):
        code = patentno.normalize(self.cleaned_data["number"])
        if (reason := patentno.problem(code)) is not None:
            raise forms.ValidationError(reason + "。")
        return code


class StudioForm(_InnovationForm):
    name = forms.CharField(label="工作室名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=InnovationStudio.Kind.choices)
    leader = forms.ModelChoiceField(label="领衔人", queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(label="成员", queryset=Person.objects.none(), required=False,
                                             widget=PEOPLE)
    founded_on = forms.DateField(label="成立日期", widget=DATE)
    level = forms.ChoiceField(label="命名级别", choices=[("", "未命名"), *HonourLevel.choices], required=False)
    named_on = forms.DateField(label="命名日期", widget=DATE, required=False)
    output = forms.CharField(label="创新成果", required=False, widget=forms.Textarea(attrs={"rows": 3}))


# ---- filters and tables ------------------------------------------------------------------------------------------

class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "项目名称/负责人"}))
    state = django_filters.ChoiceFilter(label="状态", choices=InnovationProject.State.choices)
    year = django_filters.NumberFilter(label="立项年度", field_name="started_on", lookup_expr="year")

    class Meta:
        model = InnovationProject
        fields = ["q", "state", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(leader__name__icontains=value)) if value else queryset


class PatentFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "专利号/名称"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=Patent.Kind.choices)
    year = django_filters.NumberFilter(label="授权年度", field_name="granted_on", lookup_expr="year")

    class Meta:
        model = Patent
        fields = ["q", "kind", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = patentno.normalize(value)
        q = Q(title__icontains=value)
        if code:
            q |= Q(number__contains=code)
        return queryset.filter(q)


class StudioFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "名称/领衔人"}))
    kind = django_filters.ChoiceFilter(label="类型", choices=InnovationStudio.Kind.choices)
    level = django_filters.ChoiceFilter(label="命名级别", choices=HonourLevel.choices)

    class Meta:
        model = InnovationStudio
        fields = ["q", "kind", "level"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(leader__name__icontains=value)) if value else queryset


class ProjectTable(tables.Table):
    name = tables.Column(verbose_name="项目名称",
                         linkify=("achievements:innovation_project_detail", {"pk": tables.A("pk")}))
    leader = tables.Column(verbose_name="负责人", accessor="leader__name", order_by=("leader__name_pinyin",))
    started_on = tables.DateColumn(verbose_name="立项日期", format="Y-m-d")
    state = tables.Column(verbose_name="状态")
    finished_on = tables.DateColumn(verbose_name="结题日期", format="Y-m-d")
    benefit = tables.Column(verbose_name="效益（元）", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = InnovationProject
        template_name = "core/table.html"
        fields = ("name", "leader", "started_on", "state", "finished_on", "benefit", "org")
        attrs = ATTRS
        order_by = ("-started_on",)

    def render_benefit(self, value):
        return f"{value:,}"


class PatentTable(tables.Table):
    number = tables.Column(verbose_name="专利号", linkify=("achievements:patent_detail", {"pk": tables.A("pk")}))
    title = tables.Column(verbose_name="专利名称", linkify=("achievements:patent_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    granted_on = tables.DateColumn(verbose_name="授权日期", format="Y-m-d")
    project = tables.Column(verbose_name="所属项目", accessor="project__name")
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Patent
        template_name = "core/table.html"
        fields = ("number", "title", "kind", "granted_on", "project", "org")
        attrs = ATTRS
        order_by = ("-granted_on",)

    def render_number(self, record):
        return record.display_number


class StudioTable(tables.Table):
    name = tables.Column(verbose_name="工作室名称", linkify=("achievements:studio_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类型")
    leader = tables.Column(verbose_name="领衔人", accessor="leader__name", order_by=("leader__name_pinyin",))
    founded_on = tables.DateColumn(verbose_name="成立日期", format="Y-m-d")
    level = tables.Column(verbose_name="命名级别")
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = InnovationStudio
        template_name = "core/table.html"
        fields = ("name", "kind", "leader", "founded_on", "level", "org")
        attrs = ATTRS
        order_by = ("-founded_on",)


# ---- lists -------------------------------------------------------------------------------------------------------

def _names(people) -> str:
    return "、".join(p.name for p in people)


class _List(ObjectListView):
    perm = Perm.ACHIEVE_VIEW
    template_name = "achievements/innovation_list.html"
    export_formats = ("xlsx",)
    add_name = ""
    tabs = (("技术创新项目", "achievements:innovation_project_list"), ("专利", "achievements:patent_list"),
            ("创新工作室", "achievements:studio_list"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        ctx.update(can_edit=org is not None and can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org),
                   add_name=self.add_name, tabs=[(label, reverse(name)) for label, name in self.tabs])
        return ctx


class ProjectListView(_List):
    title = "技术创新项目"
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    add_name = "achievements:innovation_project_add"

    def selector(self, request):
        return selectors.projects(request.user, within=request.current_org).defer("goal", "result")

    def export(self, request, queryset, fmt):
        columns = [("项目名称", 30), ("负责人", 10), ("项目组成员", 30), ("立项日期", 12, "date"), ("状态", 8),
                   ("结题日期", 12, "date"), ("成果", 40), ("经济效益（元）", 14, "money"), ("所属组织", 16)]
        rows = ((p.name, p.leader.name, _names(p.members.all()), p.started_on, p.get_state_display(), p.finished_on,
                 p.result, p.benefit, p.org.name)
                for p in queryset.defer(None).prefetch_related("members").order_by("started_on", "id"))
        return xlsx_response(request, model=InnovationProject, title="技术创新项目",
                             columns=[Column(*c) for c in columns], rows=rows, filename="技术创新项目")


class PatentListView(_List):
    title = "专利"
    filterset_class = PatentFilterSet
    table_class = PatentTable
    add_name = "achievements:patent_add"

    def selector(self, request):
        return selectors.patents(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        columns = [("专利号", 22), ("专利名称", 30), ("类别", 8), ("授权日期", 12, "date"), ("发明人", 24),
                   ("专利权人", 20), ("所属项目", 24), ("所属组织", 16)]
        rows = ((p.display_number, p.title, p.get_kind_display(), p.granted_on, _names(p.holders.all()), p.patentee,
                 p.project.name if p.project_id else "", p.org.name)
                for p in queryset.prefetch_related("holders").order_by("granted_on", "id"))
        return xlsx_response(request, model=Patent, title="专利", columns=[Column(*c) for c in columns], rows=rows,
                             filename="专利")


class StudioListView(_List):
    title = "创新工作室"
    filterset_class = StudioFilterSet
    table_class = StudioTable
    add_name = "achievements:studio_add"

    def selector(self, request):
        return selectors.studios(request.user, within=request.current_org).defer("output")

    def export(self, request, queryset, fmt):
        columns = [("工作室名称", 30), ("类型", 14), ("领衔人", 10), ("成员", 30), ("成立日期", 12, "date"),
                   ("命名级别", 8), ("命名日期", 12, "date"), ("创新成果", 40), ("所属组织", 16)]
        rows = ((s.name, s.get_kind_display(), s.leader.name, _names(s.members.all()), s.founded_on,
                 s.get_level_display(), s.named_on, s.output, s.org.name)
                for s in queryset.defer(None).prefetch_related("members").order_by("founded_on", "id"))
        return xlsx_response(request, model=InnovationStudio, title="创新工作室",
                             columns=[Column(*c) for c in columns], rows=rows, filename="创新工作室")


# ---- detail pages ------------------------------------------------------------------------------------------------

class _Detail(ObjectDetailView):
    perm = Perm.ACHIEVE_VIEW
    template_name = "achievements/innovation_detail.html"
    part = ""
    getter = None  # the selector, set by each page

    def selector(self, request, pk):
        return type(self).getter(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        o = self.object
        ctx.update(title=str(o) if self.part != "patent" else o.title, o=o, part=self.part, history=object_history(o),
                   can_edit=can_on_org(self.request.user, Perm.ACHIEVE_EDIT, o.org))
        return ctx


class ProjectDetailView(_Detail):
    part = "project"
    getter = staticmethod(selectors.project_get)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(members=self.object.members.order_by("name_pinyin"),
                   patents=self.object.patents.filter(org__path__startswith=union_of(self.object.org).path))
        return ctx


class PatentDetailView(_Detail):
    part = "patent"
    getter = staticmethod(selectors.patent_get)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.object.holders.order_by("name_pinyin")
        return ctx


class StudioDetailView(_Detail):
    part = "studio"
    getter = staticmethod(selectors.studio_get)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.object.members.order_by("name_pinyin")
        return ctx


# ---- create and edit ---------------------------------------------------------------------------------------------

class _Edit(ActionFormView):
    """Create (no pk) or edit (pk, read with ACHIEVE_EDIT: 404 outside the scope) one record."""

    perm = Perm.ACHIEVE_EDIT
    getter = None
    list_name = ""
    icon = "pencil-square"

    def dispatch(self, request, *args, **kwargs):
        self.instance = None
        if request.user.is_authenticated and "pk" in kwargs:
            self.instance = type(self).getter(request.user, kwargs["pk"], Perm.ACHIEVE_EDIT)
        return super().dispatch(request, *args, **kwargs)

    @property
    def action_label(self):
        return f"修改{self.noun}" if self.instance else f"登记{self.noun}"

    @property
    def title(self):
        return self.action_label

    def _union(self):
        if self.instance is not None:
            return union_of(self.instance.org)
        org = self.request.current_org
        return union_of(org) if org is not None else None

    def blocked_reason(self):
        if self.instance is not None:
            return ""
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org):
            return "请先在页面顶部切换到本工会。"
        return ""

    def form_extra(self, union) -> dict:
        return {}

    def initial(self) -> dict:
        return {}

    def get_form(self):
        union = self._union()
        if union is None:
            orgs, people = Organization.objects.none(), Person.objects.none()
        else:
            orgs = orgs_in_scope(self.request.user, Perm.ACHIEVE_EDIT).filter(path__startswith=union.path
                                                                              ).order_by("path")
            people = _people_of(union)
            if self.instance is not None:  # people who left stay selectable on their own record
                people = people | Person.objects.filter(pk__in=self._people_ids())
        form = self.form_class(**self.get_form_kwargs(), orgs=orgs.distinct(), people=people.distinct(),
                               **self.form_extra(union))
        if self.request.method == "GET":
            form.initial.update(self.initial() if self.instance else {"org": self.request.current_org.pk}
                                if self.request.current_org else {})
        return form

    def _people_ids(self) -> list[int]:
        return []

    def back_url(self):
        return self.instance.get_absolute_url() if self.instance else reverse(self.list_name)

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已保存：{result}。"


class ProjectEditView(_Edit):
    noun = "技术创新项目"
    form_class = ProjectForm
    getter = staticmethod(selectors.project_get)
    list_name = "achievements:innovation_project_list"

    def _people_ids(self):
        return [self.instance.leader_id, *self.instance.members.values_list("pk", flat=True)]

    def initial(self):
        p = self.instance
        return dict(org=p.org_id, name=p.name, leader=p.leader_id, members=list(p.members.values_list("pk", flat=True)),
                    started_on=p.started_on, state=p.state, finished_on=p.finished_on, goal=p.goal, result=p.result,
                    benefit=p.benefit)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET" and not self.instance:
            form.initial.setdefault("started_on", localdate())
        return form

    def perform(self, form):
        d = form.cleaned_data
        return call(services.project_save, actor=self.request.user, project=self.instance, org=d["org"],
                    name=d["name"], leader=d["leader"], members=list(d["members"]), started_on=d["started_on"],
                    state=d["state"], finished_on=d["finished_on"], goal=d["goal"], result=d["result"],
                    benefit=d["benefit"])


class PatentEditView(_Edit):
    noun = "专利"
    form_class = PatentForm
    getter = staticmethod(selectors.patent_get)
    list_name = "achievements:patent_list"

    def form_extra(self, union):
        projects = (InnovationProject.objects.filter(org__path__startswith=union.path).order_by("-started_on")
                    if union else InnovationProject.objects.none())
        return {"projects": projects}

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET" and not self.instance:
            project = self.request.GET.get("project")
            if project and project.isdigit():
                form.initial["project"] = int(project)
        return form

    def _people_ids(self):
        return list(self.instance.holders.values_list("pk", flat=True))

    def initial(self):
        p = self.instance
        return dict(org=p.org_id, number=p.display_number, kind=p.kind, title=p.title, granted_on=p.granted_on,
                    holders=list(p.holders.values_list("pk", flat=True)), patentee=p.patentee, project=p.project_id)

    def perform(self, form):
        d = form.cleaned_data
        return call(services.patent_save, actor=self.request.user, patent=self.instance, org=d["org"],
                    number=d["number"], kind=d["kind"], title=d["title"], granted_on=d["granted_on"],
                    holders=list(d["holders"]), patentee=d["patentee"], project=d["project"])


class StudioEditView(_Edit):
    noun = "创新工作室"
    form_class = StudioForm
    getter = staticmethod(selectors.studio_get)
    list_name = "achievements:studio_list"

    def _people_ids(self):
        return [self.instance.leader_id, *self.instance.members.values_list("pk", flat=True)]

    def initial(self):
        s = self.instance
        return dict(org=s.org_id, name=s.name, kind=s.kind, leader=s.leader_id,
                    members=list(s.members.values_list("pk", flat=True)), founded_on=s.founded_on, level=s.level,
                    named_on=s.named_on, output=s.output)

    def perform(self, form):
        d = form.cleaned_data
        return call(services.studio_save, actor=self.request.user, studio=self.instance, org=d["org"],
                    name=d["name"], kind=d["kind"], leader=d["leader"], members=list(d["members"]),
                    founded_on=d["founded_on"], level=d["level"], named_on=d["named_on"], output=d["output"])
