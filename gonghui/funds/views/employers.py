"""Pages of the employer register and 建会 (用人单位台账、建会工作台账、建会率统计口径)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, orgs_in_scope
from gonghui.core import importing
from gonghui.core.formatting import share_text
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView
from gonghui.orgs.models import Organization

from ..filtersets import EmployerFilterSet
from ..forms import CloseForm, EmployerForm, FoundForm, ThresholdForm, VisitForm
from ..models import Employer
from ..selectors import employers as selectors
from ..services import employers as services
from ..services.employers import FOUNDING_KINDS
from ..tables import EmployerTable
from ._common import call, export_response


class EmployerListView(ObjectListView):
    perm = Perm.FUNDS_VIEW
    title = "用人单位台账"
    template_name = "funds/employer_list.html"
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.employers(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        importer = importing.get("employers")
        fields = [c.export_field for c in importer.export_columns()]
        return export_response(request, importer, Employer, queryset.order_by("name").values_list(*fields).iterator(),
                               title="用人单位台账", filename="用人单位台账")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org, today = self.request.current_org, localdate()
        user = self.request.user
        ctx["can_edit"] = org is not None and can_on_org(user, Perm.FUNDS_EDIT, org) \
            and org.kind in Organization.UNION_KINDS
        ctx["org"] = org
        ctx["today"] = today
        if org is not None:
            summary = selectors.register_summary(user, within=org, day=today)
            ctx["summary"] = summary
            ctx["rate"] = share_text(summary["founded"], summary["counted"])
            ctx["threshold"] = selectors.threshold_on(org, today)
        return ctx


class EmployerDetailView(ObjectDetailView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/employer_detail.html"

    def selector(self, request, pk):
        return selectors.employer_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e = self.object
        ctx.update(title=e.name, tab=self.request.GET.get("tab", "info"),
                   visits=list(e.visits.order_by("-visited_on", "-id")),
                   history=object_history(e),
                   can_edit=can_on_org(self.request.user, Perm.FUNDS_EDIT, e.org))
        return ctx


class _EmployerAction(ActionFormView):
    perm = Perm.FUNDS_EDIT
    employer: Employer | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.employer = selectors.employer_get(request.user, kwargs["pk"], Perm.FUNDS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.employer.get_absolute_url() if self.employer else reverse("funds:employer_list")

    def summary(self):
        if self.employer is None:
            return []
        e = self.employer
        return [("单位", e.name), ("统一社会信用代码", e.credit_code or "—"),
                ("职工人数", f"{e.employees}人" if e.employees is not None else "—")]

    def perform(self, form):
        return call(self.service, actor=self.request.user, **self.arguments(form.cleaned_data))

    def arguments(self, data) -> dict:  # pragma: no cover - each action declares it
        raise NotImplementedError


class EmployerCreateView(_EmployerAction):
    title = action_label = "登记用人单位"
    icon = "building-add"
    form_class = EmployerForm
    service = staticmethod(services.employer_create)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("registered_on", localdate())
        return form

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or org.kind not in Organization.UNION_KINDS or not can_on_org(
                self.request.user, Perm.FUNDS_EDIT, org):
            return "请先在页面顶部切换到登记台账的工会（区县总工会、街道工会联合会等）。"
        return ""

    def arguments(self, data):
        return {"org": self.request.current_org, **data}

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已登记：{result.name}。"


class EmployerEditView(_EmployerAction):
    title = action_label = "修改单位信息"
    form_class = EmployerForm
    service = staticmethod(services.employer_update)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {f: getattr(self.employer, f) for f in services.EDITABLE}
        return form

    def arguments(self, data):
        return {"employer": self.employer, **data}


class VisitCreateView(_EmployerAction):
    title = action_label = "登记建会走访"
    icon = "signpost-2"
    form_class = VisitForm
    service = staticmethod(services.visit_record)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("visited_on", localdate())
            form.initial.setdefault("visitor", str(self.request.user))
        return form

    def arguments(self, data):
        return {"employer": self.employer, **data}

    def success_url(self, result):
        return self.employer.get_absolute_url() + "?tab=visits"


class FoundView(_EmployerAction):
    title = action_label = "登记建会"
    icon = "flag"
    form_class = FoundForm
    service = staticmethod(services.employer_found)

    def get_form(self):
        unions = (orgs_in_scope(self.request.user, Perm.FUNDS_EDIT)
                  .filter(kind__in=FOUNDING_KINDS, path__startswith=self.employer.org.path,
                          status=Organization.Status.ACTIVE).order_by("path"))
        form = FoundForm(**self.get_form_kwargs(), unions=unions)
        if self.request.method == "GET":
            e = self.employer
            form.initial = {"founded_on": e.founded_on, "members_on_founding": e.members_on_founding,
                            "union": e.union_id}
        return form

    def arguments(self, data):
        return {"employer": self.employer, **data}


class CloseView(_EmployerAction):
    title = action_label = "注销（迁出）"
    icon = "box-arrow-right"
    danger = True
    form_class = CloseForm
    service = staticmethod(services.employer_close)

    def arguments(self, data):
        return {"employer": self.employer, **data}


class ThresholdView(_EmployerAction):
    title = action_label = "设置建会率统计口径"
    icon = "sliders"
    form_class = ThresholdForm
    service = staticmethod(services.threshold_set)
    intro = "从生效日期起，职工人数低于此数的用人单位不计入建会率（如：25人以上）。以前的设置保留，往年的建会率按当年的口径计算。"

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or org.kind not in Organization.UNION_KINDS or not can_on_org(
                self.request.user, Perm.FUNDS_EDIT, org):
            return "请先在页面顶部切换到登记台账的工会。"
        return ""

    def summary(self):
        org = self.request.current_org
        rows = [("工会", org.name if org else "—")]
        if org is not None:
            for t in selectors.thresholds(self.request.user).filter(org=org)[:5]:
                rows.append(("已有设置", f"{t.effective_from:%Y-%m-%d}起 {t.min_employees}人以上"))
        return rows

    def arguments(self, data):
        return {"org": self.request.current_org, **data}

    def success_message(self, result):
        return f"已设置：{result}。"


__all__ = ["EmployerListView", "EmployerDetailView", "EmployerCreateView", "EmployerEditView", "VisitCreateView",
           "FoundView", "CloseView", "ThresholdView"]
