"""Pages of petitions (信访) and risk screening (矛盾排查): lists with filters, search and Excel export, create and
edit forms, a record's page with its history. A petitioner is named only on the petition's page, to RIGHTS_SENSITIVE
holders after 查看信访人 (audited); lists and the export show 赵*."""
from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response

from ..models import Petition, Risk
from ..screening_forms import PetitionFilterSet, PetitionForm, PetitionTable, RiskFilterSet, RiskForm, RiskTable
from ..selectors import screening as selectors
from ..services import screening as services
from ..tables import mask_name
from ._common import InCurrentUnion, call, columns


class PetitionListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "信访登记"
    filterset_class = PetitionFilterSet
    table_class = PetitionTable
    export_formats = ("xlsx",)
    add_url_name = "rights:petition_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.petitions(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        """Masked: the petitioner's name never leaves in a list (PIPL)."""
        rows = ([p.received_on, p.get_channel_display(), mask_name(p.petitioner), p.people, p.matter, p.handler,
                 p.state_label, p.answered_on, p.answer, p.org.name]
                for p in queryset.order_by("received_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Petition, title="信访登记", filename="信访登记", rows=rows,
                             columns=columns("受理日期:date", "方式", "来访（来信）人", "人数", "反映事项:40", "承办人",
                                             "状态", "答复日期:date", "答复意见:40", "工会:20"))


class PetitionDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/petition_detail.html"

    def selector(self, request, pk):
        return selectors.petition_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p, user = self.object, self.request.user
        sensitive = can_on_org(user, Perm.RIGHTS_SENSITIVE, p.org)
        revealed = selectors.petition_reveal(user, p.pk) if sensitive and self.request.GET.get("reveal") else None
        ctx.update(title=f"信访 {p.received_on:%Y-%m-%d} {p.get_channel_display()}", p=p, revealed=revealed,
                   sensitive=sensitive, masked_name=mask_name(p.petitioner), history=object_history(p),
                   can_edit=can_on_org(user, Perm.RIGHTS_EDIT, p.org))
        return ctx


class PetitionCreateView(InCurrentUnion, ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "登记信访"
    icon = "envelope-paper"
    form_class = PetitionForm
    intro = "来访、来信、来电或网上反映的事项。已答复的可一并填写答复意见和日期。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("received_on", localdate())
        return form

    def back_url(self):
        return reverse("rights:petition_list")

    def perform(self, form):
        return call(services.petition_record, actor=self.request.user, **self.arguments(form.cleaned_data))


class PetitionEditView(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "修改信访记录"
    form_class = PetitionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.petition = selectors.petition_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            p = self.petition
            form.initial.update(channel=p.channel, received_on=p.received_on, petitioner=p.petitioner,
                                people=p.people, matter=p.matter, handler=p.handler, answer=p.answer,
                                answered_on=p.answered_on)
        return form

    def back_url(self):
        return self.petition.get_absolute_url()

    def perform(self, form):
        return call(services.petition_update, actor=self.request.user, petition=self.petition, **form.cleaned_data)

    def success_message(self, result):
        return "信访记录已保存。"


class RiskListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "矛盾排查"
    filterset_class = RiskFilterSet
    table_class = RiskTable
    export_formats = ("xlsx",)
    add_url_name = "rights:risk_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.risks(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([r.screened_on, r.matter, r.people, r.measures, r.state_label, r.resolved_on, r.org.name]
                for r in queryset.order_by("screened_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Risk, title="矛盾排查", filename="矛盾排查", rows=rows,
                             columns=columns("排查日期:date", "矛盾隐患:40", "涉及职工（人）", "化解措施:40", "状态",
                                             "化解日期:date", "工会:20"))


class RiskDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/risk_detail.html"

    def selector(self, request, pk):
        return selectors.risk_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        r = self.object
        ctx.update(title=f"矛盾排查 {r.screened_on:%Y-%m-%d}", r=r, history=object_history(r),
                   can_edit=can_on_org(self.request.user, Perm.RIGHTS_EDIT, r.org))
        return ctx


class RiskCreateView(InCurrentUnion, ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "登记矛盾隐患"
    icon = "search"
    form_class = RiskForm
    intro = "定期排查出的劳动关系矛盾隐患（集体性、苗头性问题）。已化解的可一并填写化解日期。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("screened_on", localdate())
        return form

    def back_url(self):
        return reverse("rights:risk_list")

    def perform(self, form):
        return call(services.risk_record, actor=self.request.user, **self.arguments(form.cleaned_data))


class RiskEditView(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    title = action_label = "修改矛盾排查记录"
    form_class = RiskForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.risk = selectors.risk_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            r = self.risk
            form.initial.update(screened_on=r.screened_on, matter=r.matter, people=r.people, measures=r.measures,
                                resolved_on=r.resolved_on)
        return form

    def back_url(self):
        return self.risk.get_absolute_url()

    def perform(self, form):
        return call(services.risk_update, actor=self.request.user, risk=self.risk, **form.cleaned_data)

    def success_message(self, result):
        return "矛盾排查记录已保存。"


__all__ = ["PetitionListView", "PetitionDetailView", "PetitionCreateView", "PetitionEditView", "RiskListView",
           "RiskDetailView", "RiskCreateView", "RiskEditView"]
