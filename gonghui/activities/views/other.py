"""Pages of training (培训), meetings (会议, minutes printed in the house style) and publicity (简报, 投稿)."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.timezone import localdate
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin
from gonghui.orgs.models import Organization

from .. import filtersets
from ..forms import (ArticleForm, AttendeesForm, CourseForm, MaterialForm, DecisionDoneForm, DecisionForm, MeetingForm,
                     NewsletterForm)
from ..selectors import other as selectors
from ..services import meetings as meeting_services
from ..services import publicity as publicity_services
from ..services import training as training_services
from ..tables import ArticleTable, CourseTable, DecisionTable, MeetingTable, NewsletterTable
from ._common import ExportMixin, call, d, post_action


def _can_add(request) -> bool:
    org = request.current_org
    return org is not None and org.kind in Organization.UNION_KINDS and can_on_org(
        request.user, Perm.ACTIVITIES_EDIT, org)


class _List(ExportMixin, ObjectListView):
    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/simple_list.html"
    add_name = ""
    add_label = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(can_edit=_can_add(self.request), add_name=self.add_name, add_label=self.add_label)
        return ctx


class _Add(ActionFormView):
    perm = Perm.ACTIVITIES_EDIT
    back_name = ""

    def back_url(self):
        return reverse(self.back_name)

    def blocked_reason(self):
        return "" if _can_add(self.request) else "请先在页面顶部切换到本会（工会）。"

    def perform(self, form):
        return call(self.service, actor=self.request.user, org=self.request.current_org, **form.cleaned_data)


# ---------------------------------------------------------------------------------------------------- training

class CourseListView(_List):
    export_fields = [("培训主题", 28, lambda c: c.title), ("类别", 12, lambda c: c.get_kind_display()),
                     ("举办方式", 14, lambda c: c.get_host_display()), ("日期", 12, lambda c: d(c.starts_on)),
                     ("学时", 6, lambda c: c.hours), ("授课人", 14, lambda c: c.trainer),
                     ("学员", 6, lambda c: c.listed), ("签到", 6, lambda c: c.signed),
                     ("状态", 8, lambda c: c.get_status_display())]
    filterset_class = filtersets.CourseFilterSet
    title = "教育培训"
    table_class = CourseTable
    add_name, add_label = "activities:course_add", "登记培训"

    def selector(self, request):
        return selectors.courses(request.user, within=request.current_org)


class CourseCreateView(_Add):
    title = action_label = "登记培训"
    icon = "mortarboard"
    form_class = CourseForm
    back_name = "activities:course_list"
    service = staticmethod(training_services.course_save)

    def success_url(self, result):
        return result.get_absolute_url()


class CourseDetailView(ObjectDetailView):
    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/course_detail.html"

    def selector(self, request, pk):
        return selectors.course_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx.update(title=c.title, rows=list(selectors.attendances(c)), form=AttendeesForm(),
                   can_edit=can_on_org(self.request.user, Perm.ACTIVITIES_EDIT, c.org),
                   files=list(c.files.select_related("uploaded_by")), material_form=MaterialForm())
        return ctx

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(request, selectors.course_get(request.user, kwargs["pk"]))
        return super().get(request, *args, **kwargs)

    def export(self, request, c):
        """The course's attendees with sign-in and certificate numbers (学员名单及证书编号)."""
        from gonghui.core.excel import Column
        from gonghui.core.views import xlsx_response

        from ..models import Attendance

        columns = [Column("姓名", 10), Column("会员编号", 14), Column("所在组织", 24), Column("签到", 6),
                   Column("证书编号", 16), Column("培训主题", 28), Column("培训日期", 12), Column("学时", 6)]
        rows = ([a.person.name, a.person.member_no, a.person.org.name, "是" if a.signed_in else "",
                 a.certificate_no, c.title, d(c.starts_on), c.hours] for a in selectors.attendances(c))
        return xlsx_response(request, model=Attendance, title=f"{c.title}学员名单", columns=columns, rows=rows,
                             filename=f"{c.title}学员名单")


class CourseActView(PermRequiredMixin, View):
    perm = Perm.ACTIVITIES_EDIT

    def post(self, request, pk):
        c = selectors.course_get(request.user, pk, Perm.ACTIVITIES_EDIT)
        url = c.get_absolute_url()
        act = request.POST.get("act")
        try:
            if act == "add":
                form = AttendeesForm(request.POST)
                if form.is_valid():
                    people = training_services.people_by_numbers(c.org, form.cleaned_data["people"])
                    n = call(training_services.attendees_add, actor=request.user, course=c, people=people,
                             signed_in=form.cleaned_data["signed_in"])
                    messages.success(request, f"已加入学员{n}人。")
            elif act in ("sign", "unsign"):
                ids = [int(i) for i in request.POST.getlist("attendance") if i.isdigit()]
                n = call(training_services.attendance_sign, actor=request.user, course=c, attendance_ids=ids,
                         signed_in=act == "sign")
                messages.success(request, f"已更新{n}人的签到。")
            elif act == "hold":
                call(training_services.course_hold, actor=request.user, course=c)
                messages.success(request, "已登记举办。" + ("已为签到学员编制证书编号。" if c.certificate else ""))
            elif act == "certificates":
                n = call(training_services.certificates_issue, actor=request.user, course=c)
                messages.success(request, f"已为{n}名学员编制证书编号。")
            elif act == "material":
                form = MaterialForm(request.POST, request.FILES)
                if getattr(request, "upload_too_large", False):
                    messages.error(request, "文件太大，未能上传：培训材料不能超过10MB。")
                elif not form.is_valid():
                    messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
                else:
                    m = call(training_services.material_add, actor=request.user, course=c,
                             file=form.cleaned_data["file"])
                    messages.success(request, f"已上传培训材料：{m.name}")
                url += "#materials"
            elif act == "material_delete":
                pk_ = request.POST.get("material", "")
                m = selectors.material_get(request.user, int(pk_) if pk_.isdigit() else 0, Perm.ACTIVITIES_EDIT)
                if m.course_id != c.pk:
                    raise Http404("未找到该材料")
                call(training_services.material_delete, actor=request.user, material=m)
                messages.success(request, f"已删除培训材料：{m.name}")
                url += "#materials"
        except ServiceError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(url)


class MaterialView(PermRequiredMixin, View):
    """A training material, only to those who may see the course (another union's id: 404)."""

    perm = Perm.ACTIVITIES_VIEW

    def get(self, request, pk):
        from django.http import FileResponse

        m = selectors.material_get(request.user, pk)
        try:
            handle = m.file.open("rb")
        except FileNotFoundError:
            raise Http404("文件已丢失，请联系管理员。") from None
        return FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=m.name)


# ---------------------------------------------------------------------------------------------------- meetings

class MeetingListView(_List):
    export_fields = [("会议名称", 28, lambda m: m.title), ("类型", 14, lambda m: m.get_kind_display()),
                     ("日期", 12, lambda m: d(m.held_on)), ("主持人", 10, lambda m: m.chaired_by),
                     ("出席人数", 8, lambda m: m.attendee_count), ("议定事项", 8, lambda m: m.n_decisions)]
    filterset_class = filtersets.MeetingFilterSet
    title = "会议记录"
    table_class = MeetingTable
    add_name, add_label = "activities:meeting_add", "登记会议"

    def selector(self, request):
        return selectors.meetings(request.user, within=request.current_org)


class MeetingCreateView(_Add):
    title = action_label = "登记会议"
    icon = "people"
    form_class = MeetingForm
    back_name = "activities:meeting_list"
    service = staticmethod(meeting_services.meeting_save)

    def success_url(self, result):
        return result.get_absolute_url()


class MeetingEditView(ActionFormView):
    perm = Perm.ACTIVITIES_EDIT
    title = action_label = "修改会议记录和纪要"
    form_class = MeetingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.meeting = selectors.meeting_get(request.user, kwargs["pk"], Perm.ACTIVITIES_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {f: getattr(self.meeting, f) for f in meeting_services.EDITABLE}
        return form

    def back_url(self):
        return self.meeting.get_absolute_url()

    def perform(self, form):
        return call(meeting_services.meeting_save, actor=self.request.user, meeting=self.meeting,
                    **form.cleaned_data)


class MeetingDetailView(ObjectDetailView):
    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/meeting_detail.html"

    def selector(self, request, pk):
        return selectors.meeting_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        m = self.object
        ctx.update(title=m.title, decisions=list(m.decisions.all()), today=localdate(),
                   agenda=[a for a in m.agenda.splitlines() if a.strip()],
                   can_edit=can_on_org(self.request.user, Perm.ACTIVITIES_EDIT, m.org))
        return ctx


class MinutesPrintView(PermRequiredMixin, TemplateView):
    """会议纪要 in the house style: title, meeting facts, agenda, the minutes' paragraphs, decisions with owners."""

    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/minutes_print.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        m = selectors.meeting_get(self.request.user, kwargs["pk"])
        ctx.update(m=m, title=f"{m.title}纪要", decisions=list(m.decisions.all()),
                   agenda=[a for a in m.agenda.splitlines() if a.strip()],
                   paragraphs=[p for p in m.minutes.split("\n") if p.strip()])
        return ctx


class DecisionAddView(ActionFormView):
    perm = Perm.ACTIVITIES_EDIT
    title = action_label = "登记议定事项"
    icon = "check2-square"
    form_class = DecisionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.meeting = selectors.meeting_get(request.user, kwargs["pk"], Perm.ACTIVITIES_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.meeting.get_absolute_url()

    def perform(self, form):
        return call(meeting_services.decision_add, actor=self.request.user, meeting=self.meeting,
                    **form.cleaned_data)


class DecisionDoneView(ActionFormView):
    perm = Perm.ACTIVITIES_EDIT
    title = action_label = "登记落实情况"
    icon = "check2-all"
    form_class = DecisionDoneForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.decision = selectors.decision_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        d = self.decision
        return [("议定事项", d.text), ("责任人", d.owner), ("完成期限", f"{d.due_on:%Y-%m-%d}")]

    def back_url(self):
        return self.decision.meeting.get_absolute_url()

    def perform(self, form):
        return call(meeting_services.decision_done, actor=self.request.user, decision=self.decision,
                    **form.cleaned_data)


class DecisionListView(_List):
    export_fields = [("议定事项", 36, lambda x: x.text), ("会议", 24, lambda x: x.meeting.title),
                     ("责任人", 10, lambda x: x.owner), ("完成期限", 12, lambda x: d(x.due_on)),
                     ("完成日期", 12, lambda x: d(x.done_on)), ("落实情况", 30, lambda x: x.outcome)]
    filterset_class = filtersets.DecisionFilterSet
    title = "会议议定事项"
    table_class = DecisionTable

    def selector(self, request):
        qs = selectors.decisions(request.user, within=request.current_org)
        if request.GET.get("overdue"):
            qs = qs.filter(done_on__isnull=True, due_on__lt=localdate())
        return qs


# ---------------------------------------------------------------------------------------------------- publicity

class NewsletterListView(_List):
    export_fields = [("类别", 10, lambda n: n.get_kind_display()), ("年度", 6, lambda n: n.year),
                     ("期号", 6, lambda n: n.number), ("标题", 30, lambda n: n.title),
                     ("编发日期", 12, lambda n: d(n.published_on))]
    filterset_class = filtersets.NewsletterFilterSet
    title = "简报与宣传栏"
    table_class = NewsletterTable
    add_name, add_label = "activities:newsletter_add", "编发一期"

    def selector(self, request):
        return selectors.newsletters(request.user, within=request.current_org)


class NewsletterCreateView(_Add):
    title = action_label = "编发简报 / 宣传栏"
    icon = "newspaper"
    form_class = NewsletterForm
    back_name = "activities:newsletter_list"
    service = staticmethod(publicity_services.newsletter_publish)

    def success_message(self, result):
        return f"已登记：{result}。"


class ArticleListView(_List):
    export_fields = [("稿件标题", 30, lambda a: a.title), ("作者", 10, lambda a: a.author),
                     ("投稿媒体", 18, lambda a: a.outlet), ("级别", 8, lambda a: a.get_level_display()),
                     ("投稿日期", 12, lambda a: d(a.submitted_on)), ("状态", 8, lambda a: a.get_status_display()),
                     ("录用日期", 12, lambda a: d(a.accepted_on))]
    filterset_class = filtersets.ArticleFilterSet
    title = "投稿与录用"
    table_class = ArticleTable
    add_name, add_label = "activities:article_add", "登记投稿"

    def selector(self, request):
        return selectors.articles(request.user, within=request.current_org)


class ArticleCreateView(_Add):
    title = action_label = "登记投稿"
    icon = "send"
    form_class = ArticleForm
    back_name = "activities:article_list"
    service = staticmethod(publicity_services.article_submit)


class ArticleDecideView(PermRequiredMixin, View):
    perm = Perm.ACTIVITIES_EDIT

    def post(self, request, pk):
        a = selectors.article_get(request.user, pk)
        accepted = request.POST.get("accepted") == "1"
        try:
            on = datetime.date.fromisoformat(request.POST.get("on") or "") if accepted else None
        except ValueError:
            on = None
        response, _ = post_action(request, publicity_services.article_decide, reverse("activities:article_list"),
                                  "已登记录用。" if accepted else "已登记未录用。", actor=request.user, article=a,
                                  accepted=accepted, on=on)
        return response
