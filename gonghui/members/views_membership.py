"""Membership action pages: 申请入会、批准入会、不予批准、转会、退休、退会、去世, and the handling of transfers
(接收、拒收、撤回) by the receiving and the sending union.

Each action is a small form (a full page, or the same form in a modal when asked by HTMX). Writes go through
`gonghui.members.services`, which lock the person row and check the state, so a second submission of the same
form only gets a Chinese error back. The person is looked up with Perm.MEMBERSHIP_MANAGE: another union's id
answers 404. A transfer is visible to both unions; accepting or refusing it needs the right on the receiving
union, withdrawing it the right on the sending one.
"""
from __future__ import annotations

import re

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localdate

from gonghui.accounts.scope import Perm, can_on_org, has_perm, org_q
from gonghui.core.filters import FilterSet
from gonghui.core.masking import mask_id_number
from gonghui.core.views import ActionFormView
from gonghui.core.views import ObjectDetailView, ObjectListView

from . import selectors, services
from .forms_membership import (
    AdmitForm,
    ApplyForm,
    DeathForm,
    RejectForm,
    RetireForm,
    TransferAcceptForm,
    TransferCancelForm,
    TransferOutForm,
    TransferRejectForm,
    WithdrawForm,
    search_transfer_targets,
)
from .models import Person, Transfer

MS, WS = Person.MemberStatus, Person.WorkStatus
TRANSFER_BADGE = {"pending": "warning", "accepted": "success", "rejected": "danger", "cancelled": "secondary",
                  "outside": "info"}
LONG_WAIT_DAYS = 30


def person_url(person_or_pk, tab: str = "membership") -> str:
    pk = getattr(person_or_pk, "pk", person_or_pk)
    return reverse("members:person_detail", kwargs={"pk": pk}) + f"?tab={tab}"


def waited_days(transfer: Transfer) -> int | None:
    """Days a pending transfer has been waiting for the receiving union."""
    if transfer.status != Transfer.Status.PENDING:
        return None
    return max((localdate() - transfer.requested_on).days, 0)


# ---------------------------------------------------------------------------------------------------------------
# Base: a form page that becomes a modal when loaded by HTMX
# ---------------------------------------------------------------------------------------------------------------
class MembershipActionView(ActionFormView):
    """Membership actions open as a modal when loaded by htmx, as a page otherwise."""

    perm = Perm.MEMBERSHIP_MANAGE
    template_name = "members/membership_form.html"
    modal_template_name = "members/membership_form_modal.html"


# ---------------------------------------------------------------------------------------------------------------
# Actions on a person (their union's officer)
# ---------------------------------------------------------------------------------------------------------------
class PersonActionView(MembershipActionView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = selectors.person_get(request.user, kwargs["pk"], perm=Perm.MEMBERSHIP_MANAGE)
            self.title = f"{self.action_label}：{self.person.name}"
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return person_url(self.person)

    def summary(self):
        p = self.person
        rows = [("姓名", f"{p.name}（{p.get_gender_display()}）"), ("所在组织", p.org.name),
                ("会籍状态", p.get_member_status_display()), ("在职状态", p.get_work_status_display())]
        if p.member_no:
            rows.append(("会员编号", p.member_no))
        if p.joined_on:
            rows.append(("入会日期", f"{p.joined_on:%Y-%m-%d}"))
        return rows

    def _state(self, statuses=None, work=None) -> bool:
        p = self.person
        return (statuses is None or p.member_status in statuses) and (work is None or p.work_status in work)


ALIVE_AND_HERE = (WS.SERVING, WS.RETIRED, WS.LEFT_OFFICE)


class ApplyView(PersonActionView):
    action_label = "申请入会"
    icon = "person-plus"
    intro = "登记入会申请。申请经批准后成为会员。"

    def blocked_reason(self):
        if not self._state((MS.NONE, MS.WITHDRAWN), ALIVE_AND_HERE):
            return f"{self.person.name}当前为“{self.person.get_member_status_display()}”，不能登记入会申请。"
        return ""

    def get_form(self):
        return ApplyForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.member_apply(person=self.person, **form.cleaned_data)

    def success_message(self, result):
        return f"已登记{self.person.name}的入会申请，待批准。"


class AdmitView(PersonActionView):
    action_label = "批准入会"
    icon = "person-check"
    intro = "批准后开始会籍，并给予会员编号。"

    def blocked_reason(self):
        if not self._state((MS.NONE, MS.PENDING, MS.WITHDRAWN), ALIVE_AND_HERE):
            return f"{self.person.name}当前为“{self.person.get_member_status_display()}”，不能批准入会。"
        return ""

    def get_form(self):
        return AdmitForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.member_admit(person=self.person, **form.cleaned_data)

    def success_message(self, membership):
        return f"已批准{self.person.name}入会，会员编号 {membership.member_no}。"


class RejectView(PersonActionView):
    action_label = "不予批准"
    icon = "person-x"
    danger = True
    intro = "入会申请不予批准：申请记录保留，人员恢复为非会员。"

    def blocked_reason(self):
        if self.person.member_status != MS.PENDING:
            return f"{self.person.name}没有待审批的入会申请。"
        return ""

    def get_form(self):
        return RejectForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.member_reject(person=self.person, **form.cleaned_data)

    def success_message(self, result):
        return f"已登记：{self.person.name}的入会申请不予批准。"


class TransferOutView(PersonActionView):
    action_label = "转会"
    icon = "box-arrow-right"
    intro = ("转往系统内的工会：对方工会接收前，本人仍是本会会员；对方长期未接收的，可在“转会办理”中撤回。"
             "转往系统外的工会：转出即结束本会会籍。")

    def blocked_reason(self):
        if self.person.member_status == MS.TRANSFERRING:
            return f"{self.person.name}已有一笔待接收的转会。"
        if self.person.member_status != MS.ACTIVE:
            return f"{self.person.name}目前不是会员，不能转会。"
        return ""

    def get_form(self):
        return TransferOutForm(**self.get_form_kwargs(), person=self.person)

    def perform(self, form):
        data = form.cleaned_data
        return services.member_transfer_out(person=self.person, to_org=data["to_org"],
                                            to_org_name=data["to_org_name"], on=data["on"], reason=data["reason"])

    def success_message(self, transfer):
        if transfer.to_org_id:
            return f"已办理转出，等待“{transfer.to_org.name}”接收；接收前{self.person.name}仍是本会会员。"
        return f"已转出至系统外工会“{transfer.to_org_name}”，本会会籍已结束。"


class RetireView(PersonActionView):
    action_label = "退休"
    icon = "cup-hot"
    intro = "退休后仍是会员，转入退休会员管理（退管）。"

    def blocked_reason(self):
        if self.person.work_status != WS.SERVING:
            return f"{self.person.name}当前为“{self.person.get_work_status_display()}”，不能办理退休。"
        return ""

    def get_form(self):
        return RetireForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.member_retire(person=self.person, **form.cleaned_data)

    def success_message(self, result):
        return f"已登记{self.person.name}退休。"


class WithdrawView(PersonActionView):
    action_label = "退会"
    icon = "box-arrow-left"
    danger = True
    intro = "退会即结束会籍；会籍历史保留。"

    def blocked_reason(self):
        if self.person.member_status == MS.TRANSFERRING:
            return "该会员有待接收的转会，请先撤回转会。"
        if self.person.member_status != MS.ACTIVE:
            return f"{self.person.name}目前不是会员。"
        return ""

    def get_form(self):
        return WithdrawForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.member_withdraw(person=self.person, **form.cleaned_data)

    def success_message(self, result):
        return f"已办理{self.person.name}退会。"


class DeathView(PersonActionView):
    action_label = "登记去世"
    icon = "flower1"
    danger = True
    intro = "登记去世后会籍结束；待接收的转会一并撤回。"

    def blocked_reason(self):
        if self.person.work_status == WS.DECEASED:
            return "已登记去世。"
        return ""

    def get_form(self):
        return DeathForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.person_death(person=self.person, **form.cleaned_data)

    def success_message(self, result):
        return f"已登记{self.person.name}去世。"


# ---------------------------------------------------------------------------------------------------------------
# Transfers
# ---------------------------------------------------------------------------------------------------------------
def transfer_summary(transfer: Transfer) -> list[tuple[str, str]]:
    p = transfer.person
    rows = [
        ("姓名", f"{p.name}（{p.get_gender_display()}）"),
        ("身份证号", mask_id_number(p.id_number) if p.id_number else "未登记"),
        ("转出工会", transfer.from_org.name),
        ("转入工会", transfer.to_org.name if transfer.to_org_id else f"{transfer.to_org_name}（系统外）"),
        ("转出日期", f"{transfer.requested_on:%Y-%m-%d}"),
        ("状态", transfer.get_status_display()),
    ]
    days = waited_days(transfer)
    if days is not None:
        rows.append(("等待", f"已等待{days}天"))
    if transfer.reason:
        rows.append(("转会原因", transfer.reason))
    if transfer.decided_on and transfer.status != Transfer.Status.OUTSIDE:
        rows.append(("处理", f"{transfer.decided_on:%Y-%m-%d} {transfer.decision_note}".strip()))
    return rows


def transfer_permissions(user, transfer: Transfer) -> dict:
    pending = transfer.status == Transfer.Status.PENDING
    return {
        "can_receive": pending and transfer.to_org_id is not None
        and can_on_org(user, Perm.MEMBERSHIP_MANAGE, transfer.to_org),
        "can_cancel": pending and can_on_org(user, Perm.MEMBERSHIP_MANAGE, transfer.from_org),
        "person_visible": can_on_org(user, Perm.PERSON_VIEW, transfer.person.org),
    }


class TransferActionView(MembershipActionView):
    side = "to_org"  # whose officer acts: the receiving union ("to_org") or the sending one ("from_org")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.transfer = selectors.transfer_get(request.user, kwargs["pk"])
            org = getattr(self.transfer, self.side)
            if org is None or not can_on_org(request.user, Perm.MEMBERSHIP_MANAGE, org):
                raise Http404("未找到该记录")
            self.title = f"{self.action_label}：{self.transfer.person.name}"
        return super().dispatch(request, *args, **kwargs)

    def blocked_reason(self):
        if self.transfer.status != Transfer.Status.PENDING:
            return f"该转会当前状态为“{self.transfer.get_status_display()}”，无需再办理。"
        return ""

    def summary(self):
        return transfer_summary(self.transfer)

    def back_url(self):
        return reverse("members:transfer_detail", kwargs={"pk": self.transfer.pk})


class TransferAcceptView(TransferActionView):
    action_label = "接收"
    icon = "box-arrow-in-right"
    intro = "接收后，原工会会籍于接收日期结束，本会会籍同日开始。"

    def get_form(self):
        return TransferAcceptForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.transfer_accept(transfer=self.transfer, **form.cleaned_data)

    def success_url(self, membership):
        if can_on_org(self.request.user, Perm.PERSON_VIEW, membership.org):
            return person_url(membership.person_id)
        return self.back_url()

    def success_message(self, membership):
        return f"已接收{self.transfer.person.name}转入，本会会员编号 {membership.member_no}。"


class TransferRejectView(TransferActionView):
    action_label = "拒收"
    icon = "x-circle"
    danger = True
    intro = "拒收后，本人仍是原工会会员。"

    def get_form(self):
        return TransferRejectForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.transfer_reject(transfer=self.transfer, **form.cleaned_data)

    def success_url(self, transfer):
        return reverse("members:transfer_list") + "?direction=in"

    def success_message(self, transfer):
        return f"已拒收{transfer.person.name}的转会。"


class TransferCancelView(TransferActionView):
    side = "from_org"
    action_label = "撤回转会"
    icon = "arrow-counterclockwise"
    danger = True
    intro = "撤回后，本人仍是本会会员，会籍不中断。"

    def get_form(self):
        return TransferCancelForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.transfer_cancel(transfer=self.transfer, **form.cleaned_data)

    def success_url(self, transfer):
        if can_on_org(self.request.user, Perm.PERSON_VIEW, transfer.from_org):
            return person_url(transfer.person_id)
        return self.back_url()

    def success_message(self, transfer):
        return f"已撤回{transfer.person.name}的转会。"


class TransferDetailView(ObjectDetailView):
    perm = Perm.PERSON_VIEW
    template_name = "members/transfer_detail.html"

    def selector(self, request, pk):
        return selectors.transfer_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        transfer = self.object
        ctx.update(transfer_permissions(self.request.user, transfer), summary=transfer_summary(transfer),
                   waited=waited_days(transfer), long_wait=LONG_WAIT_DAYS)
        return ctx


@login_required
def transfer_org_search(request):
    """HTMX: active unions anywhere in the system matching a code or name, as radio buttons. Only the code and
    name of each are shown."""
    if not has_perm(request.user, Perm.MEMBERSHIP_MANAGE):
        raise Http404
    field = request.GET.get("field", "to_org")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", field):
        field = "to_org"
    exclude = request.GET.get("exclude", "")
    rows, more = search_transfer_targets(request.GET.get("q", ""), exclude=int(exclude) if exclude.isdigit() else None)
    return render(request, "members/membership_org_results.html",
                  {"rows": rows, "more": more, "field": field, "q": request.GET.get("q", "").strip()})


# ---------------------------------------------------------------------------------------------------------------
# Transfer list
# ---------------------------------------------------------------------------------------------------------------
def direction_q(user, within, direction: str) -> Q:
    """Transfers out of ("out") or into ("in") the user's unions, inside the current organisation."""
    side = "from_org" if direction == "out" else "to_org"
    q = org_q(user, Perm.PERSON_VIEW, field=side)
    if within is not None:
        q &= Q(**{f"{side}__path__startswith": within.path})
    return q


class TransferFilterSet(FilterSet):
    direction = django_filters.ChoiceFilter(label="方向", method="filter_direction",
                                            choices=[("out", "转出（本单位转出）"), ("in", "转入（转入本单位）")])
    status = django_filters.ChoiceFilter(label="状态", choices=Transfer.Status.choices)
    q = django_filters.CharFilter(label="姓名", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "姓名"}))

    class Meta:
        model = Transfer
        fields = ["direction", "status", "q"]

    def __init__(self, *args, user=None, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.within = user, within
        for field in self.form.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_direction(self, queryset, name, value):
        return queryset.filter(direction_q(self.user, self.within, value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(person__name__contains=value.strip()) if value.strip() else queryset


class TransferTable(tables.Table):
    person = tables.Column(verbose_name="姓名", order_by=("person__name_pinyin",))
    from_org = tables.Column(verbose_name="转出工会", accessor="from_org__name")
    to_org = tables.Column(verbose_name="转入工会", empty_values=(), order_by=("to_org__name", "to_org_name"))
    requested_on = tables.DateColumn(verbose_name="转出日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    decided_on = tables.Column(verbose_name="等待 / 处理", empty_values=(), order_by=("decided_on",))
    actions = tables.Column(verbose_name="操作", empty_values=(), orderable=False, attrs={"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})

    class Meta:
        model = Transfer
        fields = ("person", "from_org", "to_org", "requested_on", "status", "decided_on", "actions")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "transfer-table"}

    def _user(self):
        return getattr(getattr(self, "request", None), "user", None)

    def render_person(self, record):
        if can_on_org(self._user(), Perm.PERSON_VIEW, record.person.org):
            return format_html('<a href="{}">{}</a>', record.person.get_absolute_url(), record.person.name)
        return record.person.name

    def render_to_org(self, record):
        if record.to_org_id:
            return record.to_org.name
        return format_html('{} <span class="badge text-bg-light">系统外</span>', record.to_org_name)

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', TRANSFER_BADGE.get(record.status, "secondary"), value)

    def render_decided_on(self, record):
        days = waited_days(record)
        if days is not None:
            css = "text-danger fw-semibold" if days > LONG_WAIT_DAYS else "text-muted"
            return format_html('<span class="{}"><i class="bi bi-hourglass-split"></i> 已等待{}天</span>', css, days)
        return f"{record.decided_on:%Y-%m-%d}" if record.decided_on else ""

    def render_actions(self, record):
        perms = transfer_permissions(self._user(), record)
        buttons = []
        if perms["can_receive"]:
            buttons += [("members:transfer_accept", "btn-success", "接收"), ("members:transfer_reject", "btn-outline-danger", "拒收")]
        if perms["can_cancel"]:
            buttons.append(("members:transfer_cancel", "btn-outline-danger", "撤回"))
        detail = reverse("members:transfer_detail", kwargs={"pk": record.pk})
        return format_html(
            '{} <a class="btn btn-sm btn-outline-secondary" href="{}">详情</a>',
            format_html_join(" ", MODAL_LINK, ((css, url, url, label) for css, url, label in (
                (css, reverse(name, kwargs={"pk": record.pk}), label) for name, css, label in buttons))),
            detail,
        )


# A link that opens its form in the page's modal (members/membership_modal.html) and still works without JS.
MODAL_LINK = ('<a class="btn btn-sm {}" href="{}" hx-get="{}" hx-target="#action-modal-content" '
              'data-bs-toggle="modal" data-bs-target="#action-modal">{}</a>')


class TransferListView(ObjectListView):
    perm = Perm.PERSON_VIEW
    title = "转会办理"
    table_class = TransferTable
    filterset_class = TransferFilterSet
    template_name = "members/transfer_list.html"

    def selector(self, request):
        return (selectors.transfer_list(request.user, within=request.current_org)
                .select_related("person__org").order_by("-requested_on", "-id"))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.update(user=self.request.user, within=self.request.current_org)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        pending = self.selector(self.request).filter(status=Transfer.Status.PENDING)
        user, within = self.request.user, self.request.current_org
        ctx.update(incoming_pending=pending.filter(direction_q(user, within, "in")).count(),
                   outgoing_pending=pending.filter(direction_q(user, within, "out")).count(),
                   direction=self.request.GET.get("direction", ""), status=self.request.GET.get("status", ""))
        return ctx
