"""Pages of hazards (劳动保护监督): the union's list and record, the department's inbox, the member's phone pages."""
from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response

from ..filtersets import HazardFilterSet
from ..forms import FixForm, ForwardForm, HazardEntryForm, HazardReportForm, PlanForm, UnfoundedForm
from ..models import Hazard, HazardState
from ..selectors import hazards as selectors
from ..services import hazards as services
from ..tables import HazardTable
from ._common import InCurrentUnion, call, columns, new_token, person_or_404


class HazardListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "隐患信息（劳动保护监督）"
    template_name = "rights/hazard_list.html"
    filterset_class = HazardFilterSet
    table_class = HazardTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.hazards(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([h.reported_on, h.get_kind_display(), h.location, h.description, h.reporter_name,
                 h.get_state_display(), h.department.name if h.department else "", h.forwarded_on, h.due_on,
                 h.fixed_on, h.fix_note or h.plan_note or h.unfounded_note, h.org.name]
                for h in queryset.order_by("reported_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Hazard, title="隐患信息", filename="隐患信息", rows=rows, columns=columns(
            "上报日期:date", "类别", "地点:20", "隐患情况:40", "报告人", "状态", "承办部门", "转办日期:date",
            "计划完成日期:date", "整改日期:date", "处理情况:40", "工会:20"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        if org is not None:
            by_state = selectors.summary(self.request.user, within=org)
            ctx["states"] = [(s.value, s.label, by_state.get(s.value, 0)) for s in HazardState]
            ctx["total"] = sum(by_state.values())
            ctx["can_edit"] = can_on_org(self.request.user, Perm.RIGHTS_EDIT, org)
        return ctx


class HazardDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/hazard_detail.html"

    def selector(self, request, pk):
        return selectors.hazard_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h = self.object
        ctx.update(title=str(h), h=h, photos=list(h.photos.all()), history=object_history(h),
                   can_edit=can_on_org(self.request.user, Perm.RIGHTS_EDIT, h.org), steps=steps(h))
        return ctx


def steps(h: Hazard) -> list[tuple[str, object, str]]:
    """The hazard's timeline: (what, date, note)."""
    rows = [("已上报", h.reported_on, f"{h.reporter_name}报告")]
    if h.forwarded_on:
        rows.append(("已转办", h.forwarded_on, f"转{h.department.name}办理" + (f"：{h.forward_note}" if h.forward_note
                                                                              else "")))
    if h.planned_on:
        rows.append(("正在落实", h.planned_on, f"{h.plan_note}（计划{h.due_on:%Y-%m-%d}前完成）"))
    if h.fixed_on:
        rows.append(("已整改", h.fixed_on, h.fix_note))
    if h.unfounded_on:
        rows.append(("不属实", h.unfounded_on, h.unfounded_note))
    return rows


class _HazardAction(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    hazard: Hazard | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.hazard = self.lookup(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def lookup(self, request, pk):
        return selectors.hazard_get(request.user, pk, Perm.RIGHTS_EDIT)

    def back_url(self):
        return self.hazard.get_absolute_url() if self.hazard else reverse("rights:hazard_list")

    def summary(self):
        if self.hazard is None:
            return []
        h = self.hazard
        return [("隐患", str(h)), ("情况", h.description), ("报告人", h.reporter_name),
                ("上报日期", f"{h.reported_on:%Y-%m-%d}"), ("状态", h.get_state_display())]

    def perform(self, form):
        return call(self.service, actor=self.request.user, **self.arguments(form.cleaned_data))


class HazardEntryView(InCurrentUnion, _HazardAction):
    title = action_label = "录入隐患信息"
    icon = "cone-striped"
    form_class = HazardEntryForm
    service = staticmethod(services.hazard_report)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.update(reported_on=localdate(), token=new_token())
        return form


class ForwardView(_HazardAction):
    title = action_label = "转办"
    icon = "send"
    form_class = ForwardForm
    service = staticmethod(services.hazard_forward)
    intro = "把隐患转给负责整改的部门；部门联系人登记整改情况或整改计划，报告人在手机上可以看到进度。"

    def get_form(self):
        from gonghui.democracy.models import Department

        from gonghui.orgs.models import PATH_STEP

        path = self.hazard.org.path
        union_paths = [path[: i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]
        departments = Department.objects.filter(org__path__in=union_paths, is_active=True).select_related("org")
        return ForwardForm(**self.get_form_kwargs(), departments=departments)

    def arguments(self, data):
        return {"hazard": self.hazard, **data}

    def success_message(self, result):
        return f"已转{result.department.name}办理。"


class UnfoundedView(_HazardAction):
    title = action_label = "核实为不属实"
    icon = "x-circle"
    danger = True
    form_class = UnfoundedForm
    service = staticmethod(services.hazard_unfounded)

    def arguments(self, data):
        return {"hazard": self.hazard, **data}


# ------------------------------------------------------------------------------------------------ the department

class DepartmentListView(PermRequiredMixin, TemplateView):
    perm = Perm.HAZARD_FIX
    template_name = "rights/department_hazards.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.for_department(self.request.user)
        ctx.update(title="转办给本部门的隐患", open=list(qs.filter(state__in=[HazardState.FORWARDED,
                                                                           HazardState.PLANNED])[:200]),
                   done=list(qs.filter(state=HazardState.FIXED)[:50]), today=localdate())
        return ctx


class DepartmentDetailView(PermRequiredMixin, TemplateView):
    perm = Perm.HAZARD_FIX
    template_name = "rights/hazard_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h = selectors.department_get(self.request.user, kwargs["pk"])
        ctx.update(title=str(h), h=h, photos=list(h.photos.all()), steps=steps(h), department_view=True)
        return ctx


class _DepartmentAction(_HazardAction):
    perm = Perm.HAZARD_FIX

    def lookup(self, request, pk):
        return selectors.department_get(request.user, pk)

    def back_url(self):
        return reverse("rights:department_hazard", kwargs={"pk": self.hazard.pk})

    def arguments(self, data):
        return {"hazard": self.hazard, **data}


class FixView(_DepartmentAction):
    title = action_label = "登记整改情况"
    icon = "check2-circle"
    form_class = FixForm
    service = staticmethod(services.hazard_fix)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("fixed_on", localdate())
        return form


class PlanView(_DepartmentAction):
    title = action_label = "登记整改计划"
    icon = "calendar-check"
    form_class = PlanForm
    service = staticmethod(services.hazard_plan)
    intro = "不能立即整改的，登记整改措施和计划完成日期（状态为“正在落实”）；完成后再登记整改情况。"


# ---------------------------------------------------------------------------------------------------- the member

class MyReportView(ActionFormView):
    """A member reports a hazard from the phone (with a photo); a double click posts once (the form token)."""

    title = action_label = "报告隐患"
    icon = "cone-striped"
    form_class = HazardReportForm
    intro = "发现安全隐患，拍照并写明地点和情况，工会将转有关部门整改，您可以在“我报告的隐患”中查看进度。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            person_or_404(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial["token"] = new_token()
        return form

    def back_url(self):
        return reverse("rights:my_hazards")

    def perform(self, form):
        from gonghui.core.errors import ServiceError

        if getattr(self.request, "upload_too_large", False):
            raise ServiceError("照片太大，未能上传（不超过10MB）。")
        data = form.cleaned_data
        return services.hazard_report(actor=self.request.user, kind=data["kind"], location=data["location"],
                                      description=data["description"], photo=data.get("photo"),
                                      token=data.get("token") or "", safety_rep=data.get("safety_rep", False))

    def success_url(self, result):
        return reverse("rights:my_hazard", kwargs={"pk": result.pk})

    def success_message(self, result):
        return "隐患已上报，感谢您的监督。"


class MyListView(PermRequiredMixin, TemplateView):
    template_name = "rights/my_hazards.html"

    def get_context_data(self, **kwargs):
        person_or_404(self.request)
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="我报告的隐患", hazards=list(selectors.mine(self.request.user)[:100]))
        return ctx


class MyDetailView(PermRequiredMixin, TemplateView):
    template_name = "rights/my_hazard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h = selectors.my_get(self.request.user, kwargs["pk"])
        ctx.update(title=str(h), h=h, steps=steps(h), photos=list(h.photos.all()))
        return ctx


def photo(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    p = selectors.photo_get(request.user, pk)
    return FileResponse(p.file.open("rb"), filename=p.name)


