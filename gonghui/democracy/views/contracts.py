"""Collective contract pages (集体合同): the list (filters, .xlsx), a contract with its versions, filing, checks and
documents, the acts on it (sign, submit, the bureau's answer, renew, terminate, attach, check, rectify), 签订率 of a
subtree for upper unions, and the member's reading pages (the contracts in force of their union).

Reads go through selectors/contracts.py (another union's id answers 404), writes through services/contracts.py
with actor=request.user; a service's "out of scope" answers 404 as well.
"""
from __future__ import annotations

import datetime

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from gonghui.accounts.scope import Perm, can_on_org, has_perm, orgs_in_scope
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.models import AuditEntry
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response
from gonghui.orgs.models import Organization

from ..models import CollectiveContract, CongressSession, ContractKind, PerformanceCheck
from ..models.contracts import in_force_q
from ..selectors import contracts as selectors
from ..services import contracts as services

NOT_FOUND = "未找到该记录"
Status = CollectiveContract.Status
DATE = forms.DateInput


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


# --- list -----------------------------------------------------------------------------------------------------------

STATE_CHOICES = [("in_force", "生效中"), ("expiring", "90日内到期（未续签）"), ("filing_overdue", "逾期未报送备案"),
                 ("pending", "草案/已签订/已报送"), ("ended", "已到期/已续签/已终止")]


class ContractFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "合同名称/企业/工会"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=ContractKind.choices)
    state = django_filters.ChoiceFilter(label="现状", choices=STATE_CHOICES, method="filter_state")
    year = django_filters.NumberFilter(label="签订年度", field_name="signed_on", lookup_expr="year")

    class Meta:
        model = CollectiveContract
        fields = ["q", "kind", "state", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__contains=value) | Q(employer_name__contains=value)
                               | Q(org__name__contains=value))

    def filter_state(self, queryset, name, value):
        today = localdate()
        if value == "in_force":
            return queryset.filter(in_force_q(today))
        if value == "expiring":
            return queryset.filter(pk__in=selectors.expiring(self.request.user).values("pk"))
        if value == "filing_overdue":
            return queryset.filter(pk__in=selectors.filing_overdue(self.request.user).values("pk"))
        if value == "pending":
            return queryset.filter(status__in=[Status.NEGOTIATING, Status.SIGNED, Status.FILED]).exclude(
                in_force_q(today))
        if value == "ended":
            return queryset.filter(Q(status__in=selectors.CLOSED) | Q(ends_on__lt=today, submitted_on__isnull=False))
        return queryset


STATE_BADGE = {Status.NEGOTIATING: "secondary", Status.SIGNED: "info", Status.FILED: "warning",
               Status.IN_FORCE: "success", Status.OBJECTED: "danger", Status.EXPIRED: "dark", Status.RENEWED: "light",
               Status.TERMINATED: "secondary"}


def state_badge(contract: CollectiveContract, today: datetime.date):
    state = contract.state_on(today)
    extra = ""
    if state == Status.IN_FORCE and contract.ends_on and (contract.ends_on - today).days <= selectors.EXPIRY_NOTICE_DAYS:
        extra = f"（{(contract.ends_on - today).days}日后到期）"
    elif contract.filing_overdue(today):
        extra = "（逾期未报送）"
    return format_html('<span class="badge text-bg-{}">{}</span>{}', STATE_BADGE.get(state, "secondary"),
                       Status(state).label, extra)


class ContractTable(tables.Table):
    title = tables.Column(verbose_name="合同名称", linkify=("democracy:contracts_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    version = tables.Column(verbose_name="版次")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    employer_name = tables.Column(verbose_name="企业方")
    signed_on = tables.DateColumn(verbose_name="签订日期", format="Y-m-d")
    term = tables.Column(verbose_name="期限", accessor="starts_on", order_by=("ends_on",))
    submitted_on = tables.DateColumn(verbose_name="报送备案", format="Y-m-d")
    status = tables.Column(verbose_name="现状", orderable=False)

    class Meta:
        model = CollectiveContract
        template_name = "core/table.html"
        fields = ()
        sequence = ("title", "kind", "version", "org", "employer_name", "signed_on", "term", "submitted_on", "status")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "contract-table"}
        order_by = ("-signed_on",)
        empty_text = "还没有集体合同。"

    def render_kind(self, record):
        return record.get_kind_display()

    def render_version(self, value):
        return f"第{value}版"

    def render_term(self, record):
        return f"{record.starts_on:%Y-%m-%d} 至 {record.ends_on:%Y-%m-%d}" if record.ends_on else "—"

    def render_status(self, record):
        return state_badge(record, localdate())


COLUMNS = [Column("合同名称", 36), Column("类别", 24), Column("版次", 6), Column("工会", 24), Column("企业方", 24),
           Column("企业方首席代表", 12), Column("工会方首席代表", 12), Column("覆盖职工(人)", 10),
           Column("签订日期", 12), Column("期限起始", 12), Column("期限届满", 12), Column("审议的职代会", 20),
           Column("报送备案日期", 12), Column("备案部门", 20), Column("审查通过", 12), Column("现状", 14)]


def _rows(queryset):
    today = localdate()
    for c in queryset.iterator(chunk_size=500):
        yield [c.title, c.get_kind_display(), c.version, c.org.name, c.employer_name, c.employer_representative,
               c.union_representative, c.employees_covered, c.signed_on, c.starts_on, c.ends_on,
               str(c.session) if c.session_id else "", c.submitted_on, c.bureau, c.accepted_on, c.state_label(today)]




class ContractListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    title = "集体合同"
    template_name = "democracy/contracts/list.html"
    table_class = ContractTable
    filterset_class = ContractFilterSet
    add_url_name = "democracy:contracts_add"
    add_perm = Perm.DEMOCRACY_EDIT
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.contracts(request.user, within=request.current_org)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_stats"] = has_perm(self.request.user, Perm.DEMOCRACY_STATS)
        return ctx

    def export(self, request, queryset, fmt):
        return xlsx_response(request, model=CollectiveContract, title="集体合同", columns=COLUMNS,
                             rows=_rows(queryset.order_by("org__path", "kind", "version")), filename="集体合同")


# --- forms ----------------------------------------------------------------------------------------------------------

class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（{obj.opened_on:%Y-%m-%d}）"


def _sessions(org):
    if org is None:
        return CongressSession.objects.none()
    return CongressSession.objects.filter(org=org).select_related("term__congress").order_by("-opened_on")


class ContractForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="工会", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="合同类别", choices=ContractKind.choices)
    title = forms.CharField(label="合同名称", max_length=120, required=False, help_text="不填则按“企业名称+合同类别”生成")
    employer_name = forms.CharField(label="企业（用人单位）方", max_length=100, required=False,
                                    help_text="不填则取工会所在单位")
    employer_representative = forms.CharField(label="企业方首席代表", max_length=50, required=False)
    union_representative = forms.CharField(label="工会（职工）方首席代表", max_length=50, required=False)
    employer_signatories = forms.CharField(label="企业方签字人", max_length=200, required=False)
    union_signatories = forms.CharField(label="工会方签字人", max_length=200, required=False)
    employees_covered = forms.IntegerField(label="覆盖职工人数", min_value=0, required=False)
    signed_on = forms.DateField(label="签订日期", widget=DATE(), required=False, help_text="尚在协商的合同不填")
    starts_on = forms.DateField(label="期限起始日", widget=DATE(), required=False)
    ends_on = forms.DateField(label="期限届满日", widget=DATE(), required=False, help_text="合同期限为1至3年")
    session = SessionChoice(label="审议通过的职代会会议", queryset=CongressSession.objects.none(), required=False)
    content = forms.CharField(label="合同文本（主要条款）", widget=forms.Textarea(attrs={"rows": 8}), required=False,
                              help_text="会员可在手机上阅读生效合同的文本")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organization.objects.none()
        org = self.initial.get("org")
        if self.is_bound:
            org = self.fields["org"].queryset.filter(pk=self.data.get("org") or 0).first()
        self.fields["session"].queryset = CongressSession.objects.filter(org__in=self.fields["org"].queryset) \
            .select_related("term__congress").order_by("-opened_on")


class ContractCreateView(ActionFormView):
    perm = Perm.DEMOCRACY_EDIT
    title = "登记集体合同"
    action_label = "登记"
    icon = "file-earmark-text"
    intro = "集体合同期限1至3年；签订后10日内报送劳动保障行政部门审查，15日内未提出异议即行生效。"
    template_name = "democracy/contracts/action_form.html"

    def _orgs(self):
        return orgs_in_scope(self.request.user, Perm.DEMOCRACY_EDIT).filter(
            kind__in=Organization.UNION_KINDS, status=Organization.Status.ACTIVE).order_by("path")

    def get_form(self):
        kwargs = self.get_form_kwargs()
        if self.request.method != "POST":
            current = getattr(self.request, "current_org", None)
            kwargs["initial"] = {"org": current if current is not None and current.kind in Organization.UNION_KINDS
                                 and can_on_org(self.request.user, Perm.DEMOCRACY_EDIT, current) else None,
                                 "kind": self.request.GET.get("kind") or ContractKind.COMPREHENSIVE}
        return ContractForm(**kwargs, orgs=self._orgs())

    def back_url(self):
        return reverse("democracy:contracts_list")

    def perform(self, form):
        d = form.cleaned_data
        return _call(services.contract_create, actor=self.request.user, org=d["org"], kind=d["kind"],
                     title=d["title"], employer_name=d["employer_name"],
                     employer_representative=d["employer_representative"],
                     union_representative=d["union_representative"], employer_signatories=d["employer_signatories"],
                     union_signatories=d["union_signatories"], employees_covered=d["employees_covered"],
                     signed_on=d["signed_on"], starts_on=d["starts_on"], ends_on=d["ends_on"], session=d["session"],
                     content=d["content"], note=d["note"])

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已登记：{result.title}。"


class ContractActionView(ActionFormView):
    """An act on one contract (404 outside the user's DEMOCRACY_EDIT scope)."""

    perm = Perm.DEMOCRACY_EDIT
    template_name = "democracy/contracts/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.DEMOCRACY_EDIT):
            self.contract = selectors.contract_get(request.user, kwargs["pk"], perm=Perm.DEMOCRACY_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(**self.get_form_kwargs(), **self.form_kwargs())

    def form_kwargs(self):
        return {}

    def back_url(self):
        return self.contract.get_absolute_url()

    def summary(self):
        c = self.contract
        rows = [("合同", f"{c.title}（第{c.version}版）"), ("工会", c.org.name), ("企业方", c.employer_name)]
        if c.signed_on:
            rows.append(("签订日期", f"{c.signed_on:%Y-%m-%d}"))
        if c.ends_on:
            rows.append(("期限", f"{c.starts_on:%Y-%m-%d} 至 {c.ends_on:%Y-%m-%d}"))
        return rows

    def perform(self, form):
        return _call(self.act, **form.cleaned_data)


class SignForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=DATE())
    starts_on = forms.DateField(label="期限起始日", widget=DATE())
    ends_on = forms.DateField(label="期限届满日", widget=DATE(), help_text="合同期限为1至3年")
    session = SessionChoice(label="审议通过的职代会会议", queryset=CongressSession.objects.none(), required=False)
    employer_signatories = forms.CharField(label="企业方签字人", max_length=200, required=False)
    union_signatories = forms.CharField(label="工会方签字人", max_length=200, required=False)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(org)


class ContractSignView(ContractActionView):
    form_class = SignForm
    title = action_label = "签订合同"
    icon = "pen"

    def form_kwargs(self):
        return {"org": self.contract.org}

    def blocked_reason(self):
        return "" if self.contract.status == Status.NEGOTIATING else "该合同已签订或已结束，不能再签订。"

    def act(self, **d):
        return services.contract_sign(actor=self.request.user, contract=self.contract, **d)


class SubmitForm(StyledFormMixin, forms.Form):
    submitted_on = forms.DateField(label="报送日期", widget=DATE(), initial=localdate)
    bureau = forms.CharField(label="受理备案的劳动保障行政部门", max_length=100,
                             help_text="如：XX区人力资源和社会保障局")


class ContractSubmitView(ContractActionView):
    form_class = SubmitForm
    title = action_label = "报送备案"
    icon = "send"

    @property
    def intro(self):
        due = self.contract.filing_due_on
        return f"应在签订后10日内（{due:%Y年%-m月%-d日}前）报送劳动保障行政部门审查。" if due else ""

    def blocked_reason(self):
        if self.contract.submitted_on:
            return f"已于{self.contract.submitted_on:%Y-%m-%d}报送备案。"
        return "" if self.contract.status == Status.SIGNED else "合同签订后才能报送备案。"

    def act(self, **d):
        return services.contract_submit(actor=self.request.user, contract=self.contract, **d)


class ReviewForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label="审查结果", choices=[("accepted", "审查通过（无异议）"), ("objected", "提出异议")],
                               widget=forms.RadioSelect)
    day = forms.DateField(label="日期", widget=DATE(), help_text="收到审查意见书的日期")
    objection = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ContractReviewView(ContractActionView):
    form_class = ReviewForm
    title = action_label = "登记审查结果"
    icon = "clipboard-check"

    @property
    def intro(self):
        end = self.contract.objection_deadline
        return f"劳动保障行政部门自收到文本之日起15日内（{end:%Y年%-m月%-d日}前）未提出异议的，合同即行生效。" if end else ""

    def blocked_reason(self):
        return "" if self.contract.status == Status.FILED else "合同报送备案后、尚未登记审查结果时才能登记。"

    def act(self, result, day, objection):
        if result == "accepted":
            return services.contract_review(actor=self.request.user, contract=self.contract, accepted_on=day)
        return services.contract_review(actor=self.request.user, contract=self.contract, objected_on=day,
                                        objection=objection)


class RenewForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=DATE(), required=False,
                                help_text="尚在协商的不填：先建新版本草案，签订后再登记")
    starts_on = forms.DateField(label="期限起始日", widget=DATE(), required=False)
    ends_on = forms.DateField(label="期限届满日", widget=DATE(), required=False, help_text="合同期限为1至3年")
    session = SessionChoice(label="审议通过的职代会会议", queryset=CongressSession.objects.none(), required=False)
    title = forms.CharField(label="合同名称", max_length=120, required=False, help_text="不填则沿用原名称")
    content = forms.CharField(label="合同文本（主要条款）", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                              help_text="不填则沿用上一版文本")
    employees_covered = forms.IntegerField(label="覆盖职工人数", min_value=0, required=False)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(org)


class ContractRenewView(ContractActionView):
    form_class = RenewForm
    title = action_label = "续签"
    icon = "arrow-repeat"
    intro = "续签生成新版本，原合同保留；新合同签订后原合同标记为“已续签”。"

    def form_kwargs(self):
        return {"org": self.contract.org}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method != "POST" and self.contract.ends_on:
            start = self.contract.ends_on + datetime.timedelta(days=1)
            from ..models.contracts import add_years

            kwargs["initial"] = {"starts_on": start, "ends_on": add_years(start, 3) - datetime.timedelta(days=1)}
        return kwargs

    def blocked_reason(self):
        renewal = CollectiveContract.objects.filter(previous=self.contract).first()
        if renewal is not None:
            return f"该合同已续签为第{renewal.version}版。"
        return ""

    def act(self, signed_on, starts_on, ends_on, session, title, content, employees_covered):
        return services.contract_renew(actor=self.request.user, contract=self.contract, signed_on=signed_on,
                                       starts_on=starts_on, ends_on=ends_on, session=session, title=title,
                                       content=content or None, employees_covered=employees_covered)

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已续签：{result.title}（第{result.version}版）。"


class TerminateForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label="终止日期", widget=DATE())
    reason = forms.CharField(label="终止原因", max_length=200)


class ContractTerminateView(ContractActionView):
    form_class = TerminateForm
    title = action_label = "终止合同"
    icon = "x-octagon"
    danger = True

    def act(self, **d):
        return services.contract_terminate(actor=self.request.user, contract=self.contract, **d)


class EditForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="合同名称", max_length=120)
    employer_name = forms.CharField(label="企业（用人单位）方", max_length=100)
    employer_representative = forms.CharField(label="企业方首席代表", max_length=50, required=False)
    union_representative = forms.CharField(label="工会（职工）方首席代表", max_length=50, required=False)
    employer_signatories = forms.CharField(label="企业方签字人", max_length=200, required=False)
    union_signatories = forms.CharField(label="工会方签字人", max_length=200, required=False)
    employees_covered = forms.IntegerField(label="覆盖职工人数", min_value=0, required=False)
    session = SessionChoice(label="审议通过的职代会会议", queryset=CongressSession.objects.none(), required=False)
    content = forms.CharField(label="合同文本（主要条款）", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(org)


class ContractEditView(ContractActionView):
    form_class = EditForm
    title = action_label = "修改合同信息"
    icon = "pencil"

    def form_kwargs(self):
        return {"org": self.contract.org}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method != "POST":
            c = self.contract
            kwargs["initial"] = {name: getattr(c, name) for name in (
                "title", "employer_name", "employer_representative", "union_representative", "employer_signatories",
                "union_signatories", "employees_covered", "content", "note")} | {"session": c.session_id}
        return kwargs

    def act(self, title, session, **parties):
        return services.contract_update(actor=self.request.user, contract=self.contract, title=title,
                                        session=session, **parties)


class CheckForm(StyledFormMixin, forms.Form):
    checked_on = forms.DateField(label="检查日期", widget=DATE(), initial=localdate)
    checkers = forms.CharField(label="检查人员", max_length=200, required=False)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rectified = forms.BooleanField(label="问题已整改", required=False)
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE(), required=False)
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CheckCreateView(ContractActionView):
    form_class = CheckForm
    title = action_label = "登记履约检查"
    icon = "search"
    intro = "集体合同每年至少进行一次履约检查，发现的问题督促整改。"

    def act(self, **d):
        return services.check_record(actor=self.request.user, contract=self.contract, **d)

    def success_url(self, result):
        return self.contract.get_absolute_url() + "#checks"


class RectifyForm(StyledFormMixin, forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE(), initial=localdate)
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))


class CheckRectifyView(ContractActionView):
    form_class = RectifyForm
    title = action_label = "登记整改"
    icon = "check2-square"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.DEMOCRACY_EDIT):
            self.check = selectors.check_get(request.user, kwargs["check_pk"], perm=Perm.DEMOCRACY_EDIT)
            kwargs["pk"] = self.check.contract_id
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        return super().summary() + [(f"{self.check.year}年度发现的问题", self.check.problems or "无")]

    def act(self, **d):
        return services.check_rectify(actor=self.request.user, check=self.check, **d)

    def success_url(self, result):
        return self.contract.get_absolute_url() + "#checks"


class AttachForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="附件", help_text="合同文本扫描件、审查意见书等（PDF、Word、图片，10MB以内）")


class ContractAttachView(ContractActionView):
    form_class = AttachForm
    title = action_label = "上传附件"
    icon = "paperclip"

    def act(self, file):
        return services.contract_attach(actor=self.request.user, contract=self.contract, file=file, name=file.name)

    def success_url(self, result):
        return self.contract.get_absolute_url() + "#documents"


# --- detail ---------------------------------------------------------------------------------------------------------

class ContractDetailView(ObjectDetailView):
    perm = Perm.DEMOCRACY_VIEW
    template_name = "democracy/contracts/detail.html"

    def selector(self, request, pk):
        return selectors.contract_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c, user, today = self.object, self.request.user, localdate()
        editable = can_on_org(user, Perm.DEMOCRACY_EDIT, c.org)
        renewal = CollectiveContract.objects.filter(previous=c).first()
        state = c.state_on(today)
        ctx.update(
            title=c.title, today=today, state=state, state_badge=state_badge(c, today),
            versions=[(v, v.state_label(today)) for v in selectors.versions(c)], renewal=renewal,
            checks=c.checks.order_by("-year"), documents=selectors.documents(c),
            history=object_history(c),
            can_edit=editable and c.status not in CollectiveContract.CLOSED,
            can_sign=editable and c.status == Status.NEGOTIATING,
            can_submit=editable and c.status == Status.SIGNED,
            can_review=editable and c.status == Status.FILED,
            can_renew=editable and renewal is None and c.status not in (
                Status.NEGOTIATING, Status.TERMINATED, Status.OBJECTED, Status.RENEWED),
            can_check=editable and c.signed_on is not None and c.status not in (Status.NEGOTIATING,),
            can_terminate=editable and c.status not in CollectiveContract.CLOSED,
            editable=editable,
            filing_overdue=c.filing_overdue(today),
            days_left=c.days_to_expiry(today) if state == Status.IN_FORCE else None,
            expiring=state == Status.IN_FORCE and renewal is None and c.ends_on
            and (c.ends_on - today).days <= selectors.EXPIRY_NOTICE_DAYS,
        )
        return ctx


@login_required
def document_download(request, pk):
    doc = selectors.document_get(request.user, pk)
    audit.record(AuditEntry.Action.EXPORT, model=type(doc), note=f"下载集体合同附件：{doc.name}",
                 org_path=doc.org.path)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)


# --- 签订率 ---------------------------------------------------------------------------------------------------------

class CoverageForm(forms.Form):
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="合同类别", choices=ContractKind.choices, required=False)


class CoverageView(PermRequiredMixin, SingleTableMixin, TemplateView):
    """Upper unions: 签订率 of the current organisation's subtree on a day, per kind and per child union, and the
    grassroots unions without a contract of the kind in force (the list, exported as .xlsx)."""

    perm = Perm.DEMOCRACY_STATS
    template_name = "democracy/contracts/coverage.html"
    title = "集体合同签订率"
    table_pagination = {"per_page": 50}

    class Table(tables.Table):
        name = tables.Column(verbose_name="基层工会", order_by=("path",))
        parent = tables.Column(verbose_name="上级组织", accessor="parent__name", order_by=("parent__path",))
        employer = tables.Column(verbose_name="所在单位")
        last_ends_on = tables.DateColumn(verbose_name="上一份合同届满", format="Y-m-d")

        class Meta:
            model = Organization
            template_name = "core/table.html"
            fields = ()
            sequence = ("name", "parent", "employer", "last_ends_on")
            attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "without-table"}
            empty_text = "下属基层工会均已签订。"

        def render_last_ends_on(self, value):
            return format_html("{}（已到期）", f"{value:%Y-%m-%d}") if value else "从未签订"

    table_class = Table

    def _params(self):
        form = CoverageForm(self.request.GET or None)
        on, kind = localdate(), ContractKind.COMPREHENSIVE
        if form.is_valid():
            on = form.cleaned_data["on"] or on
            kind = form.cleaned_data["kind"] or kind
        return form, on, kind

    def get_table_data(self):
        return self.get_queryset()

    def get_queryset(self):
        _, on, kind = self._params()
        return selectors.unions_without_contract(self.request.user, within=self.request.current_org, on=on,
                                                 kind=kind)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            _, on, kind = self._params()
            rows = ([o.name, o.parent.name if o.parent_id else "", o.employer, o.last_ends_on]
                    for o in self.get_queryset())
            return xlsx_response(request, model=Organization, title=f"未签订{ContractKind(kind).label}的基层工会",
                                 columns=[Column("基层工会", 30), Column("上级组织", 24), Column("所在单位", 30),
                                          Column("上一份合同届满", 14)], rows=rows, filename="未签订集体合同的基层工会")
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, on, kind = self._params()
        org = self.request.current_org
        per_kind = []
        for value, label in ContractKind.choices:
            signed, total = selectors.coverage(org, on, value)
            per_kind.append({"kind": value, "label": label, "signed": signed, "total": total,
                             "rate": round(signed * 100 / total, 1) if total else None, "current": value == kind})
        ctx.update(title=self.title, form=form, on=on, kind=kind, kind_label=ContractKind(kind).label, per_kind=per_kind,
                   by_child=selectors.unions_by_child(org, on, kind), org=org)
        return ctx


# --- members --------------------------------------------------------------------------------------------------------

@login_required
def my_contracts(request):
    rows = list(selectors.member_contracts(request.user))
    return render(request, "democracy/contracts/my_list.html", {"title": "集体合同", "contracts": rows})


@login_required
def my_contract(request, pk):
    c = selectors.member_contract_get(request.user, pk)
    paragraphs = [p.strip() for p in c.content.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return render(request, "democracy/contracts/my_detail.html", {
        "title": c.title, "c": c, "paragraphs": paragraphs, "documents": selectors.documents(c)})
