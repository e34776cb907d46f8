"""Pages of legal services (法律服务): consultations and representation (the asker masked in the list and the export,
named on the page to RIGHTS_SENSITIVE holders after 查看咨询人, audited; an officer answers and a member who asked
online gets the `rights.advice` message), lawyers on duty (律师坐班) and 普法 lectures and campaigns."""
from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response

from ..legal_forms import (AnswerForm, ConsultationFilterSet, ConsultationForm, ConsultationTable, DutyFilterSet,
                           DutyForm, DutyTable, LectureFilterSet, LectureForm, LectureTable)
from ..models import Consultation, LawyerDuty, Lecture
from ..selectors import legal as selectors
from ..services import legal as services
from ..tables import mask_name
from ._common import InCurrentUnion, call, columns


class ConsultationListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "法律咨询与代理"
    filterset_class = ConsultationFilterSet
    table_class = ConsultationTable
    export_formats = ("xlsx",)
    add_url_name = "rights:consultation_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.consultations(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        """Masked: the asker's name never leaves in a list (PIPL)."""
        rows = ([c.asked_on, c.get_kind_display(), mask_name(c.asker), "是" if c.asker_user_id else "否", c.question,
                 "已答复" if c.answered_on else "待答复", c.answered_on, c.answer, c.lawyer, c.org.name]
                for c in queryset.order_by("asked_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Consultation, title="法律咨询与代理", filename="法律咨询与代理", rows=rows,
                             columns=columns("日期:date", "类别", "咨询人", "在线提问", "咨询事项:40", "状态",
                                             "解答日期:date", "解答意见:40", "解答人", "工会:20"))


class ConsultationDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/consultation_detail.html"

    def selector(self, request, pk):
        return selectors.consultation_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c, user = self.object, self.request.user
        sensitive = can_on_org(user, Perm.RIGHTS_SENSITIVE, c.org)
        revealed = selectors.consultation_reveal(user, c.pk) if sensitive and self.request.GET.get("reveal") else None
        ctx.update(title=f"法律咨询 {c.asked_on:%Y-%m-%d}", c=c, revealed=revealed, sensitive=sensitive,
                   masked_name=mask_name(c.asker), history=object_history(c),
                   can_edit=can_on_org(user, Perm.RIGHTS_EDIT, c.org))
        return ctx


class ConsultationCreateView(InCurrentUnion, ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "登记法律咨询"
    icon = "chat-square-text"
    form_class = ConsultationForm
    intro = "来电、来访或律师坐班时受理的咨询与代理。会员在手机上提交的咨询会自动出现在列表中。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("asked_on", localdate())
        return form

    def back_url(self):
        return reverse("rights:consultation_list")

    def success_url(self, result):
        return reverse("rights:consultation_detail", args=[result.pk])

    def perform(self, form):
        return call(services.consult_record, actor=self.request.user, **self.arguments(form.cleaned_data))


class AnswerView(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "答复法律咨询"
    icon = "reply"
    form_class = AnswerForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.consultation = selectors.consultation_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        c = self.consultation
        form = self.form_class(asked_on=c.asked_on, **self.get_form_kwargs())
        if self.request.method == "GET":
            form.initial.update(answer=c.answer, lawyer=c.lawyer, answered_on=c.answered_on or localdate())
        return form

    @property
    def intro(self):
        if self.consultation.asker_user_id:
            return "该咨询由会员在线提交，保存后会员会收到答复通知。"
        return ""

    def summary(self):
        c = self.consultation
        return [("咨询人", mask_name(c.asker)), ("日期", f"{c.asked_on:%Y-%m-%d}"), ("类别", c.get_kind_display()),
                ("咨询事项", c.question)]

    def back_url(self):
        return reverse("rights:consultation_detail", args=[self.consultation.pk])

    def perform(self, form):
        return call(services.consult_answer, actor=self.request.user, consultation=self.consultation,
                    **form.cleaned_data)

    def success_message(self, result):
        return "答复已保存，已通知咨询的会员。" if result.asker_user_id else "答复已保存。"


class DutyListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "律师坐班"
    filterset_class = DutyFilterSet
    table_class = DutyTable
    export_formats = ("xlsx",)
    add_url_name = "rights:duty_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.duties(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([d.on_day, d.lawyer, d.firm, d.hours, d.org.name]
                for d in queryset.order_by("on_day", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=LawyerDuty, title="律师坐班", filename="律师坐班", rows=rows,
                             columns=columns("坐班日期:date", "律师", "律师事务所:24", "时长（小时）", "工会:20"))


class DutyCreateView(InCurrentUnion, ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "登记律师坐班"
    icon = "briefcase"
    form_class = DutyForm

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("on_day", localdate())
        return form

    def back_url(self):
        return reverse("rights:duty_list")

    def success_url(self, result):
        return reverse("rights:duty_list")

    def success_message(self, result):
        return f"已登记：{result.on_day:%Y-%m-%d} {result.lawyer}律师坐班{result.hours}小时。"

    def perform(self, form):
        return call(services.duty_record, actor=self.request.user, **self.arguments(form.cleaned_data))


class LectureListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "普法讲座与宣传"
    filterset_class = LectureFilterSet
    table_class = LectureTable
    export_formats = ("xlsx",)
    add_url_name = "rights:lecture_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.lectures(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([x.held_on, x.get_kind_display(), x.title, x.speaker, x.attendance, x.org.name]
                for x in queryset.order_by("held_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Lecture, title="普法讲座与宣传", filename="普法讲座与宣传", rows=rows,
                             columns=columns("日期:date", "类别", "主题:30", "主讲人", "参加人次", "工会:20"))


class LectureCreateView(InCurrentUnion, ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "登记普法讲座（宣传）"
    icon = "megaphone"
    form_class = LectureForm
    intro = "参加人次计入年度总结的“受教育职工人次”。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("held_on", localdate())
        return form

    def back_url(self):
        return reverse("rights:lecture_list")

    def success_url(self, result):
        return reverse("rights:lecture_list")

    def success_message(self, result):
        return f"已登记：{result.title}（{result.attendance}人次）。"

    def perform(self, form):
        return call(services.lecture_record, actor=self.request.user, **self.arguments(form.cleaned_data))


class _EditView(ActionFormView):
    """Correct a lawyer's duty day or a lecture (RIGHTS_EDIT in its union; 404 elsewhere), back to the list."""

    perm = Perm.RIGHTS_EDIT
    fields: tuple[str, ...] = ()
    list_url_name = ""
    record_kwarg = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = self.get_record(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.update({name: getattr(self.record, name) for name in self.fields})
        return form

    def back_url(self):
        return reverse(self.list_url_name)

    def perform(self, form):
        return call(self.service, actor=self.request.user, **{self.record_kwarg: self.record}, **form.cleaned_data)

    def success_message(self, result):
        return "已保存。"


class DutyEditView(_EditView):
    title = action_label = "修改律师坐班记录"
    icon = "briefcase"
    form_class = DutyForm
    fields = ("lawyer", "firm", "on_day", "hours")
    list_url_name, record_kwarg = "rights:duty_list", "duty"
    service = staticmethod(services.duty_update)

    def get_record(self, user, pk):
        return selectors.duty_get(user, pk, Perm.RIGHTS_EDIT)


class LectureEditView(_EditView):
    title = action_label = "修改普法讲座（宣传）"
    icon = "megaphone"
    form_class = LectureForm
    fields = ("kind", "title", "held_on", "speaker", "attendance")
    list_url_name, record_kwarg = "rights:lecture_list", "lecture"
    service = staticmethod(services.lecture_update)

    def get_record(self, user, pk):
        return selectors.lecture_get(user, pk, Perm.RIGHTS_EDIT)


__all__ = ["ConsultationListView", "ConsultationDetailView", "ConsultationCreateView", "AnswerView", "DutyListView",
           "DutyCreateView", "DutyEditView", "LectureListView", "LectureCreateView", "LectureEditView"]
