"""Pages of work injuries (工伤职工): the list (name masked, no details), a record (details behind 查看详情:
RIGHTS_SENSITIVE only, audited) with the union's visits and help from care, and its acts: record, update 工伤认定,
visit (a care condolence), help (a care assistance), link an existing care record.

The forms, table and filters of this part live here (not in forms.py/tables.py/filtersets.py) so that the parts of
the rights area can be worked on side by side."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, org_q
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response

from ..models import WorkInjury
from ..selectors import injuries as selectors
from ..services import injuries as services
from ..tables import ATTRS, mask_name
from ._common import InCurrentUnion, call, columns

DATE = forms.DateInput(attrs={"type": "date"})


# --------------------------------------------------------------------------------------------------- forms, table

class InjuryForm(StyledFormMixin, forms.Form):
    who = forms.CharField(label="受伤职工（身份证号或会员编号）", max_length=32)
    occurred_on = forms.DateField(label="受伤日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, help_text="如：二车间冲压线")
    severity = forms.ChoiceField(label="伤害程度", choices=WorkInjury.Severity.choices)
    description = forms.CharField(label="事故经过与伤情", widget=forms.Textarea(attrs={"rows": 4}))
    recognition = forms.ChoiceField(label="工伤认定", choices=WorkInjury.Recognition.choices)
    recognition_on = forms.DateField(label="认定（申请）日期", widget=DATE, required=False)
    days_off = forms.IntegerField(label="停工留薪（天）", min_value=0, required=False)
    help_note = forms.CharField(label="工会帮助情况", max_length=300, required=False,
                                help_text="如：协助申请工伤认定、督促企业垫付医疗费")


class InjuryUpdateForm(StyledFormMixin, forms.Form):
    recognition = forms.ChoiceField(label="工伤认定", choices=WorkInjury.Recognition.choices)
    recognition_on = forms.DateField(label="认定（申请）日期", widget=DATE, required=False)
    days_off = forms.IntegerField(label="停工留薪（天）", min_value=0, required=False)
    help_note = forms.CharField(label="工会帮助情况", max_length=300, required=False)


class VisitForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label="慰问日期", widget=DATE)
    form = forms.ChoiceField(label="形式", choices=[("cash", "慰问金"), ("transfer", "转账"), ("goods", "慰问品"),
                                                  ("visit_only", "仅看望")])
    amount = forms.DecimalField(label="金额/价值（元）", min_value=0, max_digits=10, decimal_places=2, required=False,
                                help_text="不填按经费标准中“工伤”慰问的标准金额")
    gift = forms.CharField(label="慰问品", max_length=200, required=False)
    visitors = forms.CharField(label="慰问人", max_length=200, required=False)


class AssistForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="救助类别", choices=[("daily", "日常救助"), ("serious_illness", "大病救助"),
                                                     ("mutual_aid", "医疗互助")])
    amount = forms.DecimalField(label="金额（元）", min_value=0, max_digits=10, decimal_places=2)
    reason = forms.CharField(label="申请事由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    applied_on = forms.DateField(label="申请日期", widget=DATE)
    submit = forms.BooleanField(label="直接提交审批", required=False, initial=True)


class LinkForm(StyledFormMixin, forms.Form):
    condolence = forms.ModelChoiceField(label="慰问记录", queryset=None, required=False)
    assistance = forms.ModelChoiceField(label="救助记录", queryset=None, required=False)

    def __init__(self, *args, condolences=None, assistance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condolence"].queryset = condolences
        self.fields["condolence"].label_from_instance = (
            lambda c: f"{c.visited_on:%Y-%m-%d} {c.get_occasion_display()} {c.amount}元")
        self.fields["assistance"].queryset = assistance
        self.fields["assistance"].label_from_instance = (
            lambda a: f"{a.applied_on:%Y-%m-%d} {a.get_kind_display()} {a.amount}元（{a.get_status_display()}）")


class InjuryTable(tables.Table):
    occurred_on = tables.DateColumn(verbose_name="受伤日期", format="Y-m-d",
                                    linkify=("rights:injury_detail", {"pk": tables.A("pk")}))
    person = tables.Column(verbose_name="受伤职工", accessor="person__name", orderable=False)
    place = tables.Column(verbose_name="地点")
    severity = tables.Column(verbose_name="伤害程度")
    recognition = tables.Column(verbose_name="工伤认定")
    days_off = tables.Column(verbose_name="停工留薪（天）", default="—")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = WorkInjury
        template_name = "core/table.html"
        fields = ("occurred_on", "person", "place", "severity", "recognition", "days_off", "org")
        attrs = ATTRS
        order_by = ("-occurred_on",)

    def render_person(self, value):
        return mask_name(value)


class InjuryFilterSet(FilterSet):
    severity = django_filters.ChoiceFilter(label="伤害程度", choices=WorkInjury.Severity.choices)
    recognition = django_filters.ChoiceFilter(label="工伤认定", choices=WorkInjury.Recognition.choices)
    year = django_filters.NumberFilter(label="年度", field_name="occurred_on", lookup_expr="year")

    class Meta:
        model = WorkInjury
        fields = ["severity", "recognition", "year"]


# --------------------------------------------------------------------------------------------------------- pages

class InjuryListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "工伤职工"
    filterset_class = InjuryFilterSet
    table_class = InjuryTable
    export_formats = ("xlsx",)
    add_url_name = "rights:injury_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.injuries(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        """Masked: the name only as 张*, no account of what happened (PIPL)."""
        rows = ([i.occurred_on, mask_name(i.person.name), i.place, i.get_severity_display(),
                 i.get_recognition_display(), i.recognition_on, i.days_off, i.help_note, i.org.name]
                for i in queryset.order_by("occurred_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=WorkInjury, title="工伤职工", filename="工伤职工", rows=rows,
                             columns=columns("受伤日期:date", "受伤职工", "地点:20", "伤害程度", "工伤认定",
                                             "认定（申请）日期:date", "停工留薪（天）", "工会帮助情况:30",
                                             "工会:20"))


class InjuryDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/injury_detail.html"

    def selector(self, request, pk):
        return selectors.injury_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        i = self.object
        user = self.request.user
        sensitive = can_on_org(user, Perm.RIGHTS_SENSITIVE, i.org)
        revealed = selectors.injury_reveal(user, i.pk) if sensitive and self.request.GET.get("reveal") else None
        visits, helps = selectors.care_of(i)
        ctx.update(title=f"工伤 {i.occurred_on:%Y-%m-%d}", i=i, revealed=revealed, sensitive=sensitive,
                   masked_name=mask_name(i.person.name), visits=visits, helps=helps,
                   can_edit=can_on_org(user, Perm.RIGHTS_EDIT, i.org),
                   can_care=can_on_org(user, Perm.CARE_EDIT, i.org),
                   see_care=can_on_org(user, Perm.CARE_VIEW, i.org),
                   # the trail names the member: for the handling roles only
                   history=object_history(i) if sensitive else None)
        return ctx


class _InjuryAction(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    injury: WorkInjury | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.injury = selectors.injury_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.injury.get_absolute_url() if self.injury else reverse("rights:injury_list")

    def summary(self):
        if self.injury is None:
            return []
        i = self.injury
        return [("受伤职工", mask_name(i.person.name)), ("受伤日期", f"{i.occurred_on:%Y-%m-%d}"),
                ("伤害程度", i.get_severity_display()), ("工伤认定", i.get_recognition_display())]

    def perform(self, form):
        return call(self.service, actor=self.request.user, injury=self.injury, **form.cleaned_data)

    def success_url(self, result):
        return self.back_url()


class InjuryCreateView(InCurrentUnion, _InjuryAction):
    title = action_label = "登记工伤职工"
    icon = "bandaid"
    form_class = InjuryForm
    intro = "事故经过与伤情属于个人敏感信息，只有负责维权的工作人员可以查看，每次查看记入操作日志。"

    def perform(self, form):
        from gonghui.members.models import Person

        data = dict(form.cleaned_data)
        who = data.pop("who").strip().upper()
        org = self.request.current_org
        person = (Person.objects.filter(org_q(self.request.user, Perm.RIGHTS_EDIT), org__path__startswith=org.path)
                  .filter(Q(id_number=who) | Q(member_no=who)).first())
        if person is None:
            raise ServiceError("在当前工会中找不到此人，请核对身份证号或会员编号。")
        return call(services.injury_record, actor=self.request.user, person=person, **data)

    def success_url(self, result):
        return result.get_absolute_url()


class InjuryUpdateView(_InjuryAction):
    title = action_label = "工伤认定与停工留薪"
    icon = "clipboard-check"
    form_class = InjuryUpdateForm
    service = staticmethod(services.injury_update)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            i = self.injury
            form.initial.update(recognition=i.recognition, recognition_on=i.recognition_on, days_off=i.days_off,
                                help_note=i.help_note)
        return form

    def perform(self, form):
        return call(services.injury_update, actor=self.request.user, injury=self.injury, **form.cleaned_data)


class _CareAction(_InjuryAction):
    def blocked_reason(self):
        if not can_on_org(self.request.user, Perm.CARE_EDIT, self.injury.org):
            return "登记慰问和救助需要帮扶关怀的录入权限，请联系负责帮扶的工作人员。"
        return ""


class InjuryVisitView(_CareAction):
    title = action_label = "登记工伤慰问"
    icon = "house-heart"
    form_class = VisitForm
    intro = "慰问记入帮扶关怀（事由“工伤”），按经费标准核对金额，计入慰问统计一次。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("visited_on", localdate())
        return form

    def perform(self, form):
        data = dict(form.cleaned_data)
        data["gift"] = data.get("gift") or ""
        data["visitors"] = data.get("visitors") or ""
        return call(services.injury_visit, actor=self.request.user, injury=self.injury, **data)


class InjuryAssistView(_CareAction):
    title = action_label = "申请工伤救助"
    icon = "cash-coin"
    form_class = AssistForm
    intro = "救助按帮扶关怀的审批流程办理，批准发放后计入救助统计。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("applied_on", localdate())
        return form

    def perform(self, form):
        return call(services.injury_assist, actor=self.request.user, injury=self.injury, **form.cleaned_data)


class InjuryLinkView(_InjuryAction):
    title = action_label = "关联已有慰问或救助"
    icon = "link-45deg"
    intro = "帮扶关怀中已登记的这位职工受伤之后的慰问或救助，可以关联到这次工伤（不重复计数）。"

    def get_form(self):
        condolences, assistance = selectors.care_candidates(self.request.user, self.injury)
        return LinkForm(condolences=condolences, assistance=assistance, **self.get_form_kwargs())

    def perform(self, form):
        return call(services.injury_link, actor=self.request.user, injury=self.injury, **form.cleaned_data)


__all__ = ["InjuryListView", "InjuryDetailView", "InjuryCreateView", "InjuryUpdateView", "InjuryVisitView",
           "InjuryAssistView", "InjuryLinkView"]
