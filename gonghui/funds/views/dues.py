"""Pages of dues (会费收缴): the year by month (应收/实收/收缴率), settings, the bulk computation, payroll deduction and
cash collection with receipts, arrears by member and month, a member's dues page for officers, and 我的会费."""
from __future__ import annotations

import secrets

import django_filters
import django_tables2 as tables
from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, is_member_only
from gonghui.core.filters import FilterSet
from gonghui.core.formatting import share_text
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin
from gonghui.members.selectors import person_list
from gonghui.orgs.models import Organization

from ..forms import CollectForm, ComputeForm, ExemptionForm, PayrollCollectForm, PolicyForm, WageForm
from ..models import DuesCharge, DuesReceipt
from ..selectors import dues as selectors
from ..services import dues as services
from ..tables import ATTRS
from ._common import call


def _union_org(request):
    """The current organisation when it is a union the user may keep dues for, else None."""
    org = request.current_org
    if org is None or org.kind not in Organization.UNION_KINDS:
        return None
    return org if can_on_org(request.user, Perm.FUNDS_EDIT, org) else None


class DuesView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/dues.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        year = min(max(year, 2000), today.year + 1)
        org = self.request.current_org
        rows = selectors.by_month(self.request.user, within=org, year=year) if org is not None else []
        due = sum((r["due"] or 0 for r in rows), 0)
        paid = sum((r["paid"] or 0 for r in rows), 0)
        for r in rows:
            r["rate"] = share_text(r["paid"] or 0, r["due"]) if r["due"] else "—"
        ctx.update(title="会费收缴", year=year, years=list(range(today.year, today.year - 5, -1)), rows=rows,
                   total_due=due, total_paid=paid, total_rate=share_text(paid, due) if due else "—",
                   org=org, can_edit=_union_org(self.request) is not None,
                   policy=services.policy_for(org, services.month_start(today)) if org is not None else None)
        return ctx


class _DuesAction(ActionFormView):
    perm = Perm.FUNDS_EDIT

    def back_url(self):
        return reverse("funds:dues")

    def blocked_reason(self):
        if _union_org(self.request) is None:
            return "会费由基层工会统一核定和收缴：请先在页面顶部切换到您所在的工会。"
        return ""

    def org(self):
        org = _union_org(self.request)
        if org is None:
            raise Http404("未找到该页面")
        return org


class PolicyView(_DuesAction):
    title = action_label = "会费缴纳标准"
    icon = "sliders"
    form_class = PolicyForm
    intro = "按《中国工会章程》，会员每月按本人基本工资的0.5%缴纳会费。设置从某月起执行，以前月份已核定的会费不变。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET" and self.request.current_org is not None:
            p = services.policy_for(self.request.current_org, services.month_start(localdate()))
            form.initial = {"effective_from": services.month_start(localdate()), "rate": f"{p.rate * 100:.2f}%",
                            "rounding": p.rounding, "retired": p.retired}
        return form

    def perform(self, form):
        return call(services.policy_set, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"已设置：{result}。"


class ComputeView(_DuesAction):
    title = action_label = "核定应缴会费"
    icon = "calculator"
    form_class = ComputeForm
    intro = "按会员当月（或之前最近一次）登记的月基本工资、本会缴纳标准和减免记录，批量计算每位会员当月应缴会费；已缴的月份不再变动。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"month": services.month_start(localdate())}
        return form

    def perform(self, form):
        return call(services.dues_compute, actor=self.request.user, org=self.org(), month=form.cleaned_data["month"])

    def success_message(self, result):
        return result.text


class PayrollCollectView(_DuesAction):
    title = action_label = "登记工资代扣"
    icon = "bank"
    form_class = PayrollCollectForm
    intro = "登记单位财务按月从工资中代扣的会费：该月所有已核定、尚未缴纳的会费一次登记在同一张凭证下。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"month": services.month_start(localdate()), "paid_on": localdate(),
                            "token": secrets.token_hex(16)}
        return form

    def perform(self, form):
        return call(services.dues_collect_payroll, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已登记工资代扣：{result.payments.count()}人，合计{result.total}元。"


class _PersonAction(_DuesAction):
    person = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            people = person_list(request.user, perm=Perm.FUNDS_EDIT)
            self.person = people.filter(pk=kwargs["pk"]).first()
            if self.person is None:
                raise Http404("未找到该人员")
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return reverse("funds:dues_person", args=[self.person.pk])

    def summary(self):
        return [("会员", self.person.name), ("所在组织", self.person.org.name),
                ("会员编号", self.person.member_no or "—")]


class CollectView(_PersonAction):
    title = action_label = "收缴会费"
    icon = "cash-coin"
    form_class = CollectForm

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            first = self.request.GET.get("month")
            month = services.month_start(localdate())
            form.initial = {"first": first or month, "last": first or month, "paid_on": localdate(),
                            "token": secrets.token_hex(16), "method": DuesReceipt.Method.CASH}
        return form

    def perform(self, form):
        data = dict(form.cleaned_data)
        months = form.months()
        for key in ("first", "last"):
            data.pop(key)
        return call(services.dues_collect, actor=self.request.user, org=self.org(), person=self.person,
                    months=months, **data)

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已收缴：{result.payments.count()}个月，合计{result.total}元，收据{result.receipt_no}。"


class ExemptionView(_PersonAction):
    title = action_label = "登记会费减免"
    icon = "shield-check"
    form_class = ExemptionForm

    def perform(self, form):
        return call(services.exemption_add, actor=self.request.user, person=self.person, **form.cleaned_data)


class WageView(_PersonAction):
    title = action_label = "登记月基本工资"
    icon = "wallet2"
    form_class = WageForm

    def perform(self, form):
        return call(services.wage_set, actor=self.request.user, person=self.person, **form.cleaned_data)


class DuesPersonView(PermRequiredMixin, TemplateView):
    """One member's dues: months due and paid, wages, exemptions."""

    perm = Perm.FUNDS_VIEW
    template_name = "funds/dues_person.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = person_list(self.request.user, perm=Perm.FUNDS_VIEW).filter(pk=kwargs["pk"]).first()
        if person is None:
            raise Http404("未找到该人员")
        user = self.request.user
        ctx.update(title=f"{person.name}的会费", person=person,
                   charges=list(selectors.charges(user).filter(person=person).select_related("payment__receipt")
                                .order_by("-month")[:36]),
                   wages=list(selectors.wages(user).filter(person=person).order_by("-month")[:24]),
                   exemptions=list(selectors.exemptions(user).filter(person=person)),
                   can_edit=can_on_org(user, Perm.FUNDS_EDIT, person.org))
        return ctx


class ArrearsFilterSet(FilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="icontains")
    start = django_filters.DateFilter(label="月份从", field_name="month", lookup_expr="gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    end = django_filters.DateFilter(label="月份至", field_name="month", lookup_expr="lte",
                                    widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = DuesCharge
        fields = ["q", "start", "end"]


class ArrearsTable(tables.Table):
    person = tables.Column(verbose_name="会员", accessor="person__name", order_by=("person__name_pinyin", "month"),
                           linkify=("funds:dues_person", {"pk": tables.A("person_id")}))
    org = tables.Column(verbose_name="所在组织", accessor="org__name", order_by=("org__path", "month"))
    month = tables.DateColumn(verbose_name="月份", format="Y-m")
    wage = tables.Column(verbose_name="月基本工资", attrs={"td": {"class": "text-end"}})
    amount = tables.Column(verbose_name="欠缴金额（元）", attrs={"td": {"class": "text-end"}})
    collect = tables.LinkColumn("funds:dues_collect", args=[tables.A("person_id")], text="收缴", orderable=False,
                                verbose_name="", empty_values=())

    class Meta:
        model = DuesCharge
        template_name = "core/table.html"
        fields = ("person", "org", "month", "wage", "amount")
        attrs = ATTRS
        order_by = ("month",)


class ArrearsListView(ObjectListView):
    perm = Perm.FUNDS_VIEW
    title = "欠缴会费"
    filterset_class = ArrearsFilterSet
    table_class = ArrearsTable

    def selector(self, request):
        return selectors.arrears(request.user, within=request.current_org, until=localdate())


class ReceiptTable(tables.Table):
    receipt_no = tables.Column(verbose_name="收据编号", linkify=("funds:receipt_detail", {"pk": tables.A("pk")}))
    paid_on = tables.DateColumn(verbose_name="收缴日期", format="Y-m-d")
    method = tables.Column(verbose_name="方式")
    payer = tables.Column(verbose_name="缴款会员", accessor="payer__name", default="（代扣）")
    total = tables.Column(verbose_name="金额（元）", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="收缴工会", accessor="org__name")

    class Meta:
        model = DuesReceipt
        template_name = "core/table.html"
        fields = ("receipt_no", "paid_on", "method", "payer", "total", "org")
        attrs = ATTRS
        order_by = ("-paid_on",)


class ReceiptFilterSet(FilterSet):
    receipt_no = django_filters.CharFilter(label="收据编号", lookup_expr="icontains")
    method = django_filters.ChoiceFilter(label="方式", choices=DuesReceipt.Method.choices)

    class Meta:
        model = DuesReceipt
        fields = ["receipt_no", "method"]


class ReceiptListView(ObjectListView):
    perm = Perm.FUNDS_VIEW
    title = "会费收据"
    filterset_class = ReceiptFilterSet
    table_class = ReceiptTable

    def selector(self, request):
        return selectors.receipts(request.user, within=request.current_org)


class ReceiptDetailView(ObjectDetailView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/receipt_detail.html"

    def selector(self, request, pk):
        return selectors.receipt_get(request.user, pk)

    def get_context_data(self, **kwargs):
        from gonghui.core.money import capital_amount

        ctx = super().get_context_data(**kwargs)
        r = self.object
        ctx.update(title=str(r), payments=list(r.payments.select_related("person").order_by("person__name_pinyin",
                                                                                            "month")[:500]),
                   capital=capital_amount(r.total))
        return ctx


class MyDuesView(PermRequiredMixin, TemplateView):
    """我的会费: a member's own months (due, paid, receipt); 404 for a user without a person."""

    template_name = "funds/my_dues.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not getattr(self.request.user, "person_id", None):
            raise Http404("未找到该页面")
        rows = list(selectors.my_dues(self.request.user)[:36])
        ctx.update(title="我的会费", rows=rows,
                   paid_total=sum((r.payment.amount for r in rows if hasattr(r, "payment")), 0),
                   owed=[r for r in rows if r.amount > 0 and not hasattr(r, "payment")],
                   member_only=is_member_only(self.request.user))
        return ctx


__all__ = ["DuesView", "PolicyView", "ComputeView", "PayrollCollectView", "CollectView", "ExemptionView", "WageView",
           "DuesPersonView", "ArrearsListView", "ReceiptListView", "ReceiptDetailView", "MyDuesView"]
