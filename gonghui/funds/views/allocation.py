"""Pages of union funds (工会经费): the union's year by month (工资总额, 应拨缴, 到账, 应上解, 已上解), the forms that
record them (each arrival, remittance and grant books its ledger entry), and an upper union's view of its subtree
(what each union owes and has paid; 经费拨缴率)."""
from __future__ import annotations

import secrets

from django.http import Http404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.core.formatting import share_text
from gonghui.core.views import ActionFormView, PermRequiredMixin

from ..forms import AllocationPolicyForm, ArrivalForm, BaseForm, GrantForm, RemittanceForm
from ..selectors import allocation as selectors
from ..services import allocation as services
from ._common import call
from .ledger import _year, union_org


class AllocationView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/allocation.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = _year(self.request)
        org = self.request.current_org
        rows = selectors.months(self.request.user, org=org, year=year) if org is not None else []
        due = sum((r["due"] or 0 for r in rows), 0)
        arrived = sum((r["arrived"] for r in rows), 0)
        ctx.update(title="工会经费", year=year, years=list(range(localdate().year, localdate().year - 5, -1)),
                   org=org, rows=rows, total_due=due, total_arrived=arrived,
                   total_upward=sum((r["upward_due"] or 0 for r in rows), 0),
                   total_remitted=sum((r["remitted"] for r in rows), 0),
                   rate=share_text(arrived, due) if due else "—", can_edit=union_org(self.request) is not None,
                   policy=services.policy_for(org, localdate().replace(day=1)) if org is not None else None)
        return ctx


class SubtreeView(PermRequiredMixin, TemplateView):
    """经费拨缴情况: each union of the current organisation's subtree."""

    perm = Perm.FUNDS_VIEW
    template_name = "funds/allocation_subtree.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = _year(self.request)
        org = self.request.current_org
        rows = selectors.subtree(self.request.user, org=org, year=year) if org is not None else []
        recorded = [r for r in rows if r["recorded"]]
        due = sum((r["due"] or 0 for r in recorded), 0)
        arrived = sum((r["arrived"] for r in recorded), 0)
        ctx.update(title="经费拨缴情况", year=year, years=list(range(localdate().year, localdate().year - 5, -1)),
                   org=org, rows=rows, total_due=due, total_arrived=arrived,
                   total_owing=sum((r["owing"] for r in recorded), 0),
                   total_remitted=sum((r["remitted"] for r in recorded), 0),
                   rate=share_text(arrived, due) if due else "—")
        return ctx


class _Action(ActionFormView):
    perm = Perm.FUNDS_EDIT
    with_token = False

    def back_url(self):
        return reverse("funds:allocation")

    def blocked_reason(self):
        if union_org(self.request) is None:
            return "工会经费按工会登记：请先在页面顶部切换到您所在的工会。"
        return ""

    def org(self):
        org = union_org(self.request)
        if org is None:
            raise Http404("未找到该页面")
        return org

    def initial(self) -> dict:
        return {}

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = self.initial() | ({"token": secrets.token_hex(16)} if self.with_token else {})
        return form


def _last_month():
    import datetime

    return localdate().replace(day=1) - datetime.timedelta(days=1)


class PolicyView(_Action):
    title = action_label = "拨缴与上解比例"
    icon = "sliders"
    form_class = AllocationPolicyForm
    intro = "《工会法》规定单位按全部职工工资总额的2%向工会拨缴经费；其中上解上级工会的比例按省、市总工会规定（基层工会一般留成60%）。上级工会设置后，下级工会未单独设置的按上级的执行。"

    def initial(self):
        p = services.policy_for(self.request.current_org, localdate().replace(day=1))
        return {"effective_from": localdate().replace(day=1), "rate": f"{p.rate * 100:.2f}%",
                "upward_share": f"{p.upward_share * 100:.2f}%"}

    def perform(self, form):
        return call(services.policy_set, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"已设置：{result}。"


class BaseView(_Action):
    title = action_label = "登记工资总额"
    icon = "calculator"
    form_class = BaseForm
    intro = "登记单位当月全部职工工资总额，按拨缴比例计算应拨缴经费、按上解比例计算应上解经费。重复登记同一月份会替换原数。"

    def initial(self):
        return {"month": _last_month().replace(day=1)}

    def perform(self, form):
        return call(services.base_set, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"已登记：{result}，应上解{result.upward_due}元。"


class ArrivalView(_Action):
    title = action_label = "登记经费到账"
    icon = "bank"
    form_class = ArrivalForm
    with_token = True
    intro = "单位拨缴的工会经费到账后登记，同时记入收支账（拨缴经费收入，已入账）。"

    def initial(self):
        return {"month": _last_month().replace(day=1), "arrived_on": localdate()}

    def perform(self, form):
        return call(services.arrival_add, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"已登记：{result}，并已记入收支账。"


class RemittanceView(_Action):
    title = action_label = "登记经费上解"
    icon = "send"
    form_class = RemittanceForm
    with_token = True
    intro = "向上级工会上解经费后登记，同时记入收支账（上缴上级支出，已入账）；上级工会在其“待入账”中确认收入。"

    def initial(self):
        return {"month": _last_month().replace(day=1), "remitted_on": localdate()}

    def perform(self, form):
        return call(services.remittance_add, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"已登记：{result}，并已记入收支账。"


class GrantView(_Action):
    title = action_label = "登记补助收入"
    icon = "gift"
    form_class = GrantForm
    with_token = True
    intro = "上级工会补助、行政补助（单位给予工会的经费补助）或政府补助到账后登记，记入收支账相应收入科目。"

    def initial(self):
        return {"entry_date": localdate()}

    def perform(self, form):
        return call(services.grant_add, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:ledger_detail", args=[result.pk])

    def success_message(self, result):
        return f"已记账：{result.summary} {result.amount}元。"


__all__ = ["AllocationView", "SubtreeView", "PolicyView", "BaseView", "ArrivalView", "RemittanceView", "GrantView"]
