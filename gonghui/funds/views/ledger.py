"""Pages of the ledger (收支账): the union's entries (filters, export of vouchers), an entry by hand, an entry's page
with its attachments, booking / refusing / reversing, the proposals inbox (待入账), month closing (结账), the year's
收支表 (category × month) and publishing the year's statements as open-affairs items."""
from __future__ import annotations

import csv
import datetime
import secrets

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_tables2.paginators import LazyPaginator

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.core.models import AuditEntry
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response
from gonghui.orgs.models import Organization

from ..forms import (DATE, AttachmentForm, BookForm, CloseMonthForm, EntryForm, ProposeForm, PublishForm, RejectForm,
                     ReverseForm)
from ..models import INCOME, Category, ClosedMonth, LedgerEntry
from ..selectors import ledger as selectors
from ..services import ledger as services
from ..services import publication
from ..tables import ATTRS
from ._common import call


def union_org(request):
    """The current organisation when it is a union whose books the user keeps, else None."""
    org = request.current_org
    if org is None or org.kind not in Organization.UNION_KINDS:
        return None
    return org if can_on_org(request.user, Perm.FUNDS_EDIT, org) else None


def _year(request) -> int:
    today = localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    return min(max(year, 2000), today.year + 1)


# --- the list -------------------------------------------------------------------------------------------------------

class LedgerFilterSet(FilterSet):
    start = django_filters.DateFilter(label="日期从", field_name="entry_date", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="日期至", field_name="entry_date", lookup_expr="lte", widget=DATE)
    category = django_filters.ChoiceFilter(label="科目", choices=Category.choices)
    direction = django_filters.ChoiceFilter(label="收支", choices=[("in", "收入"), ("out", "支出")])
    status = django_filters.ChoiceFilter(label="状态", choices=LedgerEntry.Status.choices)
    voucher = django_filters.CharFilter(label="凭证号", method="filter_voucher")
    q = django_filters.CharFilter(label="摘要/对方", method="filter_q")

    class Meta:
        model = LedgerEntry
        fields = ["start", "end", "category", "direction", "status", "voucher", "q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(summary__icontains=value) | Q(counterparty__icontains=value)
                               | Q(subcategory__icontains=value))

    def filter_voucher(self, queryset, name, value):
        """Voucher numbers starting with the text, as a range (an index on (org, voucher_no) answers it on both
        databases; LIKE with ESCAPE does not use it on SQLite)."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(voucher_no__gte=value, voucher_no__lt=value + "\U0010ffff").exclude(voucher_no="")


class LedgerTable(tables.Table):
    entry_date = tables.DateColumn(verbose_name="日期", format="Y-m-d",
                                   linkify=("funds:ledger_detail", {"pk": tables.A("pk")}))
    voucher_no = tables.Column(verbose_name="凭证号", default="—")
    category = tables.Column(verbose_name="科目")
    summary = tables.Column(verbose_name="摘要")
    counterparty = tables.Column(verbose_name="对方单位/个人")
    income = tables.Column(verbose_name="收入（元）", accessor="amount", orderable=False, empty_values=(),
                           attrs={"td": {"class": "text-end"}})
    expense = tables.Column(verbose_name="支出（元）", accessor="amount", orderable=False, empty_values=(),
                            attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = LedgerEntry
        template_name = "funds/ledger_table.html"
        fields = ("entry_date", "voucher_no", "category", "summary", "counterparty", "income", "expense", "status")
        attrs = ATTRS
        order_by = ("-entry_date",)

    def page_records(self) -> list[LedgerEntry]:
        """This page's entries for funds/ledger_table.html's plain loop (django-tables2's per-cell rendering costs
        about 1 ms a row: more than the page's queries)."""
        badges = {"proposed": "warning", "booked": "success", "rejected": "secondary"}
        records = [row.record for row in self.paginated_rows]
        for e in records:
            e.badge = badges[e.status]
        return records

    def order_entry_date(self, queryset, is_descending):
        return queryset.order_by(*(("-entry_date", "-id") if is_descending else ("entry_date", "id"))), True

    def render_category(self, record, value):
        return f"{value}·{record.subcategory}" if record.subcategory else value

    def render_income(self, record):
        return record.amount if record.direction == "in" else ""

    def render_expense(self, record):
        return record.amount if record.direction == "out" else ""

    def render_status(self, record, value):
        css = {"proposed": "warning", "booked": "success", "rejected": "secondary"}[record.status]
        extra = " 冲销" if record.reverses_id else ""
        return format_html('<span class="badge text-bg-{}">{}{}</span>', css, value, extra)


class BoundedLazyPaginator(LazyPaginator):
    """LazyPaginator without a COUNT; a page number past any ledger (?page=99999999999999999999, which SQLite
    cannot even take as an OFFSET) shows the first page instead of failing."""

    MAX_PAGE = 1_000_000

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > self.MAX_PAGE:
            from django.core.paginator import PageNotAnInteger

            raise PageNotAnInteger("页码过大")
        return number


class LedgerListView(ObjectListView):
    perm = Perm.FUNDS_VIEW
    title = "收支账"
    template_name = "funds/ledger_list.html"
    filterset_class = LedgerFilterSet
    table_class = LedgerTable
    export_formats = ("csv", "xlsx")
    # No COUNT(*) of the whole ledger on every page: the lazy paginator reads one row past the page.
    table_pagination = {"per_page": 50, "paginator_class": BoundedLazyPaginator}

    def selector(self, request):
        return selectors.books_of(request.user, request.current_org)

    def export(self, request, queryset, fmt):
        return voucher_export(request, queryset, fmt)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(org=self.request.current_org, can_edit=union_org(self.request) is not None)
        return ctx


def voucher_export(request, queryset, fmt: str):
    """凭证导出: booked entries as two voucher lines each (CSV with a UTF-8 BOM for Excel, or .xlsx)."""
    rows = selectors.voucher_rows(queryset)
    name = f"记账凭证-{localdate():%Y%m%d}"
    if fmt == "xlsx":
        from gonghui.core.excel import Column

        widths = {"摘要": 36, "科目名称": 24, "对方单位": 24, "凭证字号": 16}
        columns = [Column(h, widths.get(h, 12), "money" if h.endswith("金额") else "text")
                   for h in selectors.VOUCHER_COLUMNS]
        return xlsx_response(request, model=LedgerEntry, title="记账凭证", columns=columns,
                             rows=rows, filename="记账凭证")

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    org = request.current_org
    audit.record(AuditEntry.Action.EXPORT, model=LedgerEntry, note="导出记账凭证（CSV）",
                 org_path=org.path if org is not None else "")

    def lines():
        yield "\ufeff" + writer.writerow(selectors.VOUCHER_COLUMNS)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.csv"
    return response


# --- one entry ------------------------------------------------------------------------------------------------------

class LedgerDetailView(ObjectDetailView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/ledger_detail.html"

    def selector(self, request, pk):
        return selectors.entry_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e = self.object
        source = services.links.source_of(e.source_key) if e.source_key else None
        ctx.update(title=f"收支分录：{e.summary}", entry=e, source=source,
                   attachments=list(e.attachments.all()),
                   reversal=LedgerEntry.objects.filter(reverses=e).first(),
                   can_edit=can_on_org(self.request.user, Perm.FUNDS_EDIT, e.org),
                   attach_form=AttachmentForm())
        return ctx


@login_required
@require_POST
def attachment_upload(request, pk):
    entry = selectors.entry_get(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            att = call(services.attachment_add, actor=request.user, entry=entry, file=form.cleaned_data["file"])
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已上传附件：{att.name}")
    return redirect(reverse("funds:ledger_detail", args=[entry.pk]) + "#attachments")


@login_required
def attachment_download(request, pk):
    att = selectors.attachment_get(request.user, pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    return FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=att.name)


class _LedgerAction(ActionFormView):
    perm = Perm.FUNDS_EDIT

    def back_url(self):
        return reverse("funds:ledger")

    def blocked_reason(self):
        if union_org(self.request) is None:
            return "收支账按工会记账：请先在页面顶部切换到您所在的工会。"
        return ""

    def org(self):
        org = union_org(self.request)
        if org is None:
            raise Http404("未找到该页面")
        return org


class EntryAddView(_LedgerAction):
    title = action_label = "录入收支分录"
    icon = "journal-plus"
    form_class = EntryForm
    intro = "手工录入一笔已发生的收入或支出（如上级补助到账、报销发票）。关怀、会费等业务产生的收支请在“待入账”中确认，不要重复录入。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"entry_date": localdate(), "token": secrets.token_hex(16)}
        return form

    def perform(self, form):
        return call(services.entry_add, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:ledger_detail", args=[result.pk])

    def success_message(self, result):
        return f"已记账：{result.summary} {result.amount}元。"


class _EntryAction(_LedgerAction):
    entry = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = selectors.entry_get(request.user, kwargs["pk"], Perm.FUNDS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def blocked_reason(self):
        return ""

    def back_url(self):
        return reverse("funds:ledger_detail", args=[self.entry.pk])

    def summary(self):
        e = self.entry
        return [("日期", f"{e.entry_date:%Y-%m-%d}"), ("科目", e.get_category_display()), ("金额", f"{e.amount}元"),
                ("摘要", e.summary), ("对方", e.counterparty or "—"), ("状态", e.get_status_display())]


class BookView(_EntryAction):
    title = action_label = "确认入账"
    icon = "journal-check"
    form_class = BookForm

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"entry_date": self.entry.entry_date, "category": self.entry.category}
        return form

    def blocked_reason(self):
        if self.entry.status != LedgerEntry.Status.PROPOSED:
            return f"该分录{self.entry.get_status_display()}，无需再记账。"
        return ""

    def perform(self, form):
        return call(services.entry_book, actor=self.request.user, entry=self.entry, **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:ledger_inbox")

    def success_message(self, result):
        return f"已入账：{result.summary}，凭证号{result.voucher_no or '（未填）'}。"


class RejectView(_EntryAction):
    title = action_label = "不入账"
    icon = "x-circle"
    danger = True
    form_class = RejectForm
    intro = "确定不入账的分录保留在账上（状态“不入账”），不会再次生成。"

    def perform(self, form):
        return call(services.entry_reject, actor=self.request.user, entry=self.entry, **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:ledger_inbox")


class ReverseView(_EntryAction):
    title = action_label = "冲销分录"
    icon = "arrow-counterclockwise"
    danger = True
    form_class = ReverseForm
    intro = "已入账的分录不能修改或删除。冲销会在未结账月份生成一笔金额相反的分录（红字冲销），原分录保留。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"entry_date": localdate()}
        return form

    def blocked_reason(self):
        if self.entry.status != LedgerEntry.Status.BOOKED:
            return "只有已入账的分录可以冲销。"
        return ""

    def perform(self, form):
        return call(services.entry_reverse, actor=self.request.user, entry=self.entry, **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:ledger_detail", args=[result.pk])

    def success_message(self, result):
        return f"已冲销：{result.amount}元。"


# --- proposals ------------------------------------------------------------------------------------------------------

class InboxTable(LedgerTable):
    select = tables.CheckBoxColumn(accessor="pk", orderable=False, attrs={
        "th__input": {"name": "select-all", "aria-label": "全选"}, "td__input": {"name": "pk", "aria-label": "选择"}})
    source = tables.Column(verbose_name="来源", accessor="source_key", orderable=False)
    actions = tables.TemplateColumn(
        '<a class="btn btn-sm btn-outline-primary" href="{% url \'funds:ledger_book\' record.pk %}">入账</a> '
        '<a class="btn btn-sm btn-outline-secondary" href="{% url \'funds:ledger_reject\' record.pk %}">不入账</a>',
        verbose_name="", orderable=False)

    class Meta(LedgerTable.Meta):
        template_name = "core/table.html"
        sequence = ("select", "entry_date", "category", "summary", "counterparty", "income", "expense", "source",
                    "actions")
        exclude = ("voucher_no", "status")
        order_by = ("entry_date",)

    def render_source(self, record, value):
        source = services.links.source_of(value)
        label = source.label if source else value
        if record.source_url:
            return format_html('<a href="{}">{}</a>', record.source_url, label)
        return label


class InboxFilterSet(FilterSet):
    start = django_filters.DateFilter(label="日期从", field_name="entry_date", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="日期至", field_name="entry_date", lookup_expr="lte", widget=DATE)
    category = django_filters.ChoiceFilter(label="科目", choices=Category.choices)

    class Meta:
        model = LedgerEntry
        fields = ["start", "end", "category"]


class InboxView(ObjectListView):
    perm = Perm.FUNDS_EDIT
    title = "待入账"
    template_name = "funds/ledger_inbox.html"
    filterset_class = InboxFilterSet
    table_class = InboxTable
    bulk_actions = (("book", "批量入账"),)

    def selector(self, request):
        org = request.current_org
        if org is None:
            return selectors.proposed(request.user).none()
        return selectors.proposed(request.user, within=org)

    def bulk_action(self, request, action, queryset):
        prefix = request.POST.get("voucher_prefix", "")
        try:
            n = call(services.entries_book, actor=request.user, entries=queryset, voucher_prefix=prefix)
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已入账{n}条。")
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_propose"] = union_org(self.request) is not None
        return ctx


class ProposeView(_LedgerAction):
    title = action_label = "生成待入账分录"
    icon = "arrow-repeat"
    form_class = ProposeForm
    intro = "从关怀救助、慰问、会费收缴和下级工会上解等业务中，找出本会期间内已发生的收支，生成待入账分录；已生成、已入账或已确定不入账的不会重复生成。"

    def back_url(self):
        return reverse("funds:ledger_inbox")

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            today = localdate()
            form.initial = {"start": today.replace(month=1, day=1), "end": today}
        return form

    def perform(self, form):
        return call(services.ledger_propose, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        if not result.created:
            return f"没有新的待入账分录（已生成过{result.known}条）。"
        return f"已生成待入账分录{result.created}条。"


# --- months and the year --------------------------------------------------------------------------------------------

class MonthsView(PermRequiredMixin, TemplateView):
    """结账: the year's months, closed or open, with what is still waiting in each."""

    perm = Perm.FUNDS_VIEW
    template_name = "funds/ledger_months.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Count
        from django.db.models.functions import TruncMonth

        ctx = super().get_context_data(**kwargs)
        year = _year(self.request)
        org = self.request.current_org
        rows = []
        if org is not None and org.kind in Organization.UNION_KINDS:
            closed = {c.month: c for c in ClosedMonth.objects.filter(org=org, month__year=year).select_related(
                "closed_by")} if can_on_org(self.request.user, Perm.FUNDS_VIEW, org) else {}
            counts = {(r["m"], r["status"]): r["n"] for r in selectors.books_of(self.request.user, org)
                      .filter(entry_date__year=year).annotate(m=TruncMonth("entry_date")).values("m", "status")
                      .annotate(n=Count("pk")).order_by()}
            today = localdate()
            for m in range(1, 13):
                month = datetime.date(year, m, 1)
                if month > today:
                    break
                rows.append({"month": month, "closed": closed.get(month),
                             "booked": counts.get((month, "booked"), 0),
                             "proposed": counts.get((month, "proposed"), 0)})
        ctx.update(title="结账", year=year, years=list(range(localdate().year, localdate().year - 5, -1)),
                   rows=rows, org=org, can_edit=union_org(self.request) is not None)
        return ctx


class CloseMonthView(_LedgerAction):
    title = action_label = "月末结账"
    icon = "lock"
    danger = True
    form_class = CloseMonthForm
    intro = "结账后该月不能再记账、冲销或把分录记入该月；更正须在以后月份做冲销分录。该月仍有待入账分录时不能结账。"

    def back_url(self):
        return reverse("funds:ledger_months")

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            month = self.request.GET.get("month")
            form.initial = {"month": month or (localdate().replace(day=1) - datetime.timedelta(days=1))}
        return form

    def perform(self, form):
        return call(services.month_close, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_message(self, result):
        return f"{result.month:%Y年%-m月}已结账。"


class BalancesView(PermRequiredMixin, TemplateView):
    """收支表: booked amounts by category and month of a year, with totals, income, spending and the balance."""

    perm = Perm.FUNDS_VIEW
    template_name = "funds/ledger_balances.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = _year(self.request)
        org = self.request.current_org
        table = None
        if org is not None and org.kind in Organization.UNION_KINDS:
            table = selectors.balances(self.request.user, org=org, year=year)
        rows = []
        if table is not None:
            for value, label in Category.choices:
                months = table["months"][value]
                if not months and not table["totals"][value]:
                    continue
                rows.append({"category": value, "label": label, "income": value in INCOME,
                             "months": [months.get(m) for m in range(1, 13)], "total": table["totals"][value]})
        month_in = [sum((r["months"][i] or 0 for r in rows if r["income"]), 0) for i in range(12)]
        month_out = [sum((r["months"][i] or 0 for r in rows if not r["income"]), 0) for i in range(12)]
        ctx.update(title="收支表", year=year, years=list(range(localdate().year, localdate().year - 5, -1)),
                   org=org, table=table, income_rows=[r for r in rows if r["income"]],
                   expense_rows=[r for r in rows if not r["income"]], month_in=month_in, month_out=month_out,
                   months=list(range(1, 13)), can_publish=union_org(self.request) is not None
                   and can_on_org(self.request.user, Perm.DEMOCRACY_EDIT, org))
        return ctx


class PublishView(_LedgerAction):
    title = action_label = "公开收支情况"
    icon = "megaphone"
    form_class = PublishForm
    intro = "把本年度（或上年度）已入账的收支按科目汇总，作为“财务收支”或“业务招待费”公开事项发布给会员；同一年度同一内容只发布一次。"

    def back_url(self):
        return reverse("funds:ledger_balances")

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial = {"year": _year(self.request), "published_on": localdate(), "kind": "finance",
                            "approved_by": "工会委员会"}
        return form

    def perform(self, form):
        return call(publication.statement_publish, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return reverse("democracy:openaffairs_detail", args=[result.pk])

    def success_message(self, result):
        return f"已公开：{result.title}。"


__all__ = ["LedgerListView", "LedgerDetailView", "EntryAddView", "BookView", "RejectView", "ReverseView", "InboxView",
           "ProposeView", "MonthsView", "CloseMonthView", "BalancesView", "PublishView", "attachment_upload",
           "attachment_download", "union_org", "MyStatementsView"]


class MyStatementsView(PermRequiredMixin, TemplateView):
    """经费收支公开 (the member's 服务 entry): the statements drawn from the ledger that the member's unions published
    (open-affairs items of source funds.ledger the member may read), newest first; each opens the member's item page."""

    template_name = "funds/my_statements.html"

    def get_context_data(self, **kwargs):
        from gonghui.democracy.selectors.openaffairs import published_for

        from ..services.publication import SOURCE

        ctx = super().get_context_data(**kwargs)
        items = list(published_for(self.request.user).filter(source=SOURCE).order_by("-published_on", "-id")[:40])
        ctx.update(title="经费收支公开", items=items)
        return ctx
