"""Pages of equipment (器材) and its loans (器材借用)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.views import ActionFormView, ObjectListView, PermRequiredMixin, xlsx_response
from django.views.generic import TemplateView

from ..filtersets import EquipmentLoanFilterSet
from ..forms import ConfirmForm, EquipmentForm, EquipmentLendForm
from ..models import EquipmentLoan
from ..selectors import equipment as selectors
from ..selectors.common import find_person
from ..services import equipment as services
from ..tables import EquipmentLoanTable
from ._common import BLOCKED, call, home_org


class EquipmentListView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/equipment_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="文体器材", items=list(selectors.equipment(self.request.user,
                                                                    within=self.request.current_org)),
                   can_edit=home_org(self.request) is not None)
        return ctx


class EquipmentCreateView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "登记器材"
    icon = "dribbble"
    form_class = EquipmentForm

    def blocked_reason(self):
        return "" if home_org(self.request) else BLOCKED

    def back_url(self):
        return reverse("workershome:equipment_list")

    def perform(self, form):
        org = home_org(self.request)
        if org is None:
            raise ServiceError(BLOCKED)
        return call(services.equipment_create, actor=self.request.user, org=org, **form.cleaned_data)


class EquipmentLendView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "借出器材"
    icon = "box-arrow-up-right"
    form_class = EquipmentLendForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = selectors.equipment_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        return [("器材", self.item.name), ("数量", f"{self.item.quantity}{self.item.unit}")]

    def back_url(self):
        return reverse("workershome:equipment_list")

    def perform(self, form):
        person = find_person(self.item.org, form.cleaned_data["person"])
        return call(services.equipment_lend, actor=self.request.user, equipment=self.item, person=person,
                    quantity=form.cleaned_data["quantity"])


class EquipmentLoanListView(ObjectListView):
    perm = Perm.HOME_VIEW
    title = "器材借用记录"
    filterset_class = EquipmentLoanFilterSet
    table_class = EquipmentLoanTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.equipment_loans(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ((l.equipment.name, l.get_kind_display(), l.quantity, l.person.name, l.lent_on, l.due_on,
                 l.returned_on) for l in queryset.order_by("-lent_on").iterator(chunk_size=500))
        return xlsx_response(request, model=EquipmentLoan, title="器材借用记录",
                             columns=[Column("器材", 20), Column("类别", 10), Column("数量", 8), Column("借用人", 10), Column("借出日期", 12, "date"),
                                      Column("应还日期", 12, "date"), Column("归还日期", 12, "date")], rows=rows, filename="器材借用记录")


class EquipmentReturnView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "归还器材"
    icon = "box-arrow-in-down"
    form_class = ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.loan = selectors.equipment_loan_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        l = self.loan
        return [("器材", l.equipment.name), ("数量", str(l.quantity)), ("借用人", l.person.name),
                ("借出日期", f"{l.lent_on:%Y-%m-%d}")]

    def back_url(self):
        return reverse("workershome:equipment_loans")

    def perform(self, form):
        return call(services.equipment_return, actor=self.request.user, loan=self.loan)
