"""Campaign pages (集中慰问: 元旦春节送温暖, 端午, 中秋, 夏送清凉, 金秋助学).

plan → choose recipients by criteria and by hand → amounts or goods → approve → signing sheet (print / .xlsx) →
deliver → close. Views stay thin: reads through `selectors` (another union's campaign answers 404), writes through
`services` with `actor=request.user`. Paying twice is impossible by the services' design (locked campaign row,
only pending rows delivered); the buttons are `data-once` besides.
"""
from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm, orgs_in_scope
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column, StreamingXlsx
from gonghui.core.filters import FilterSet
from gonghui.core.formatting import share_text
from gonghui.core.masking import mask_id_number
from gonghui.core.models import AuditEntry
from gonghui.core.money import capital_amount
from gonghui.core.views import ObjectListView, ServiceFormView
from gonghui.members import selectors as member_selectors
from gonghui.orgs.models import Organization

from . import selectors, services
from .forms_campaigns import (
    KIND_FESTIVAL,
    festival_choices,
    AddRecipientForm,
    AmountForm,
    CampaignForm,
    CriteriaForm,
    DeliverForm,
)
from .models import Campaign, CampaignRecipient
from .services._common import goods_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECIPIENTS_PER_PAGE = 100
PRINT_MAX_ROWS = 3000


def _perm_required(request, perm=Perm.CARE_VIEW):
    if not has_perm(request.user, perm):
        raise Http404("未找到该页面")


def _campaign(request, pk) -> Campaign:
    _perm_required(request)
    return selectors.campaign_get(request.user, pk)


def _detail(campaign, anchor: str = "", query: str = ""):
    url = reverse("care:campaign_detail", kwargs={"pk": campaign.pk})
    return redirect(url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else ""))


def _ids(request) -> list[int]:
    return [int(i) for i in request.POST.getlist("pk") if i.isdigit()]


def _error(request, exc: ServiceError) -> None:
    messages.error(request, "；".join(exc.messages))


def _back_query(request) -> str:
    """The recipient list's paging and filter (kept across a POST so the officer stays where they were)."""
    return (request.POST.get("back") or "").lstrip("?")


# --- list ---------------------------------------------------------------------------------------------------------


class CampaignFilterSet(FilterSet):
    q = django_filters.CharFilter(label="活动名称", field_name="title", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label="类型", choices=Campaign.Kind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Campaign.Status.choices)
    year = django_filters.NumberFilter(label="年度", field_name="planned_on", lookup_expr="year")

    class Meta:
        model = Campaign
        fields = ["q", "kind", "status", "year"]


STATUS_BADGE = {Campaign.Status.DRAFT: "secondary", Campaign.Status.APPROVED: "info",
                Campaign.Status.DELIVERING: "warning", Campaign.Status.CLOSED: "success"}


class CampaignTable(tables.Table):
    title = tables.Column(verbose_name="活动名称", linkify=("care:campaign_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类型")
    org = tables.Column(verbose_name="组织单位", accessor="org__name", order_by="org__path")
    planned_on = tables.DateColumn(verbose_name="计划日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    selected = tables.Column(verbose_name="名单(人)", attrs={"td": {"class": "text-end"}})
    coverage = tables.Column(verbose_name="已发放", accessor="delivered", attrs={"td": {"class": "text-end"}})
    total_amount = tables.Column(verbose_name="金额合计(元)", attrs={"td": {"class": "text-end"}})
    budget = tables.Column(verbose_name="预算(元)", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Campaign
        fields = ()
        sequence = ("title", "kind", "org", "planned_on", "status", "selected", "coverage", "total_amount", "budget")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "campaign-table"}
        empty_text = "还没有集中慰问活动。"

    def render_kind(self, record):
        return record.get_kind_display()

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGE.get(record.status, "secondary"),
                           record.get_status_display())

    def render_coverage(self, record):
        if not record.selected:
            return "—"
        return f"{record.delivered}人（{share_text(record.delivered, record.selected)}）"

    def render_total_amount(self, value):
        return f"{value:,.2f}"

    def render_budget(self, value):
        return f"{value:,.2f}"


class CampaignListView(ObjectListView):
    perm = Perm.CARE_VIEW
    title = "集中慰问"
    table_class = CampaignTable
    filterset_class = CampaignFilterSet
    add_url_name = "care:campaign_add"
    add_perm = Perm.CARE_EDIT

    def selector(self, request):
        return selectors.campaign_list(request.user, within=request.current_org)


# --- plan -----------------------------------------------------------------------------------------------------------


class CampaignCreateView(ServiceFormView):
    perm = Perm.CARE_EDIT
    title = "新建集中慰问活动"
    template_name = "care/campaign_form.html"

    def _orgs(self):
        return orgs_in_scope(self.request.user, Perm.CARE_EDIT).filter(
            status=Organization.Status.ACTIVE).order_by("path")

    def get_form(self):
        kwargs = self.get_form_kwargs()
        if self.request.method != "POST":
            current = getattr(self.request, "current_org", None)
            kind = self.request.GET.get("kind") or Campaign.Kind.SPRING
            kwargs["initial"] = {"org": current if current and can_on_org(self.request.user, Perm.CARE_EDIT, current)
                                 else None, "kind": kind, "festival_code": KIND_FESTIVAL.get(kind, ""),
                                 "planned_on": localdate()}
        return CampaignForm(**kwargs, orgs=self._orgs())

    def perform(self, form):
        data = form.cleaned_data
        return services.campaign_create(
            actor=self.request.user, org=data["org"], kind=data["kind"], title=data["title"],
            planned_on=data["planned_on"], festival_code=data["festival_code"] or "", budget=data["budget"],
            default_amount=data["default_amount"], default_goods=form.goods(), form=data["form"],
            funding_source=data["funding_source"], note=data["note"] or "")

    def success(self, campaign):
        messages.success(self.request, f"已创建活动：{campaign.title}。下一步：选取慰问对象。")
        return redirect("care:campaign_detail", pk=campaign.pk)


# --- detail ---------------------------------------------------------------------------------------------------------


def _figures(campaign: Campaign) -> dict:
    selected, delivered = campaign.selected or 0, campaign.delivered or 0
    total = campaign.total_amount or Decimal("0.00")
    budget = campaign.budget
    return {
        "selected": selected, "delivered": delivered, "pending": selected - delivered, "total": total,
        "coverage": (delivered * 100 // selected) if selected else 0,
        "budget_used": min(100, int(total * 100 / budget)) if budget else None,
        "coverage_text": share_text(delivered, selected) if selected else "0.0%",
        "budget_used_text": share_text(total, budget) if budget else "",
        "over_budget": budget is not None and total > budget,
        "remaining": (budget - total) if budget is not None else None,
        "over_cap": campaign.recipients.filter(over_cap=True).count(),
        "missing_amount": campaign.recipients.filter(Q(amount__isnull=True) | Q(amount__lte=0)).count(),
    }


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    user = request.user
    rows = selectors.campaign_recipients(campaign)
    q = (request.GET.get("q") or "").strip()
    status = request.GET.get("status") or ""
    if q:
        rows = rows.filter(Q(person__name__contains=q) | Q(person__name_initials__startswith=q.lower())
                           | Q(person__department__contains=q))
    if status in CampaignRecipient.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page"))
    can_edit = can_on_org(user, Perm.CARE_EDIT, campaign.org)
    editable = can_edit and campaign.status == Campaign.Status.DRAFT
    deliverable = can_edit and campaign.status in (Campaign.Status.APPROVED, Campaign.Status.DELIVERING)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "care/campaign_detail.html", {
        "title": campaign.title, "campaign": campaign, "figures": _figures(campaign), "page": page,
        "q": q, "status": status, "filter_query": query.urlencode(), "back": request.GET.urlencode(),
        "status_choices": CampaignRecipient.Status.choices, "status_badge": STATUS_BADGE.get(campaign.status),
        "can_edit": can_edit, "editable": editable, "deliverable": deliverable,
        "can_approve": editable and can_on_org(user, Perm.CARE_APPROVE, campaign.org),
        "can_close": can_edit and campaign.status in (Campaign.Status.APPROVED, Campaign.Status.DELIVERING),
        "criteria_form": CriteriaForm(auto_id="crit_%s"), "amount_form": AmountForm(auto_id="amt_%s"),
        "add_form": AddRecipientForm(auto_id="add_%s"),
        "deliver_form": DeliverForm(auto_id="dlv_%s", initial={"delivered_on": localdate(), "signed": True}),
        "selection_log": [{**e, "at": _local_time(e.get("at"))} for e in reversed(campaign.selection_log or [])],
        "festival_name": dict(festival_choices(campaign.planned_on.year)).get(campaign.festival_code, ""),
        "goods": goods_text(campaign.default_goods),
    })


def _local_time(value) -> str:
    """An ISO time from the selection log, in local time (the log stores UTC)."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M}"


# --- choosing recipients --------------------------------------------------------------------------------------------


@login_required
@require_POST
def campaign_select(request, pk):
    """Add everyone matching the criteria (services.Criteria) who is not listed yet."""
    campaign = _campaign(request, pk)
    form = CriteriaForm(request.POST, auto_id="crit_%s")
    if not form.is_valid():
        messages.error(request, "选取条件有误：" + "；".join(f"{form.fields[f].label}：{e[0]}"
                                                      for f, e in form.errors.items() if f in form.fields))
        return _detail(campaign, "criteria")
    data = form.cleaned_data
    criteria = services.Criteria(hardship_level=data["hardship_level"] or "",
                                 retirees_min_age=data["retirees_min_age"], post_contains=data["post_contains"] or "",
                                 children_entering_university=data["children_entering_university"],
                                 work_status=data["work_status"] or "")
    try:
        added = services.campaign_select(actor=request.user, campaign=campaign, criteria=criteria,
                                         amount=data["amount"])
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        _error(request, exc)
    else:
        messages.success(request, f"按条件“{criteria.describe()}”新增{added}人" +
                         ("（符合条件的人已全部在名单中）" if not added else "。"))
    return _detail(campaign, "recipients")


@login_required
def campaign_person_search(request, pk):
    """htmx: people of the campaign's union (and below) matching a name, pinyin initials or department."""
    campaign = _campaign(request, pk)
    q = (request.GET.get("q") or "").strip()
    people = []
    if q and can_on_org(request.user, Perm.CARE_EDIT, campaign.org):
        listed = campaign.recipients.values("person_id")
        people = list(member_selectors.person_list(request.user, within=campaign.org)
                      .filter(Q(name__contains=q) | Q(name_initials__startswith=q.lower()) | Q(name_pinyin__startswith=q.lower()))
                      .exclude(pk__in=listed).order_by("name_pinyin", "id")[:15])
    return render(request, "care/campaign_person_results.html", {"campaign": campaign, "people": people, "q": q})


@login_required
@require_POST
def campaign_recipients_edit(request, pk):
    """The list by hand: `action` = add (one person), remove (selected), amount_selected / amount_all."""
    campaign = _campaign(request, pk)
    action = request.POST.get("action")
    back = _back_query(request)
    try:
        if action == "add":
            form = AddRecipientForm(request.POST, auto_id="add_%s")
            if not form.is_valid():
                messages.error(request, "请先搜索并选择要添加的人员。")
                return _detail(campaign, "add", back)
            person = member_selectors.person_list(request.user, within=campaign.org).filter(
                pk=form.cleaned_data["person"]).first()
            if person is None:
                messages.error(request, "未找到该人员，或不在本活动的工会（含下级）中。")
                return _detail(campaign, "add", back)
            services.campaign_add_recipient(actor=request.user, campaign=campaign, person=person,
                                            amount=form.cleaned_data["amount"], note=form.cleaned_data["note"] or "")
            messages.success(request, f"已添加：{person.name}")
        elif action == "remove":
            ids = _ids(request)
            if not ids:
                messages.warning(request, "请先勾选要移除的人员。")
                return _detail(campaign, "recipients", back)
            removed = services.campaign_remove_recipients(actor=request.user, campaign=campaign, recipient_ids=ids)
            messages.success(request, f"已从名单移除{removed}人。")
        elif action in ("amount_selected", "amount_all"):
            form = AmountForm(request.POST, auto_id="amt_%s")
            if not form.is_valid():
                messages.error(request, "金额或物品填写有误：" + "；".join(e[0] for e in form.errors.values()))
                return _detail(campaign, "recipients", back)
            ids = _ids(request) if action == "amount_selected" else None
            if ids is not None and not ids:
                messages.warning(request, "请先勾选要设置金额的人员（或选择“设置全部”）。")
                return _detail(campaign, "recipients", back)
            data = form.cleaned_data
            goods = form.goods()
            if data["amount"] is None and not goods:
                messages.error(request, "请填写金额或物品。")
                return _detail(campaign, "recipients", back)
            changed = services.campaign_set_amounts(
                actor=request.user, campaign=campaign, amount=data["amount"], goods=goods, recipient_ids=ids,
                over_cap_reason=data["over_cap_reason"] or None)
            messages.success(request, f"已为{changed}人设置金额。")
        else:
            messages.error(request, "未知的操作。")
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        _error(request, exc)
    return _detail(campaign, "recipients", back)


# --- approve, deliver, close ----------------------------------------------------------------------------------------


def _post_action(request, pk, fn, done: str):
    campaign = _campaign(request, pk)
    try:
        result = fn(campaign)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        _error(request, exc)
    else:
        messages.success(request, done.format(result=result))
    return campaign


@login_required
@require_POST
def campaign_approve(request, pk):
    campaign = _post_action(request, pk, lambda c: services.campaign_approve(actor=request.user, campaign=c),
                            "活动已审批，可以打印签收表并发放。")
    return _detail(campaign)


@login_required
@require_POST
def campaign_deliver(request, pk):
    """Mark delivered: all pending (`scope=all`) or the ticked rows. A second click or a second officer finds
    nothing left to deliver (the service locks the campaign and delivers pending rows only)."""
    campaign = _campaign(request, pk)
    back = _back_query(request)
    form = DeliverForm(request.POST, auto_id="dlv_%s")
    if not form.is_valid():
        messages.error(request, "请填写发放日期。")
        return _detail(campaign, "recipients", back)
    ids = None if request.POST.get("scope") == "all" else _ids(request)
    if ids is not None and not ids:
        messages.warning(request, "请先勾选要发放的人员（或选择“全部发放”）。")
        return _detail(campaign, "recipients", back)
    try:
        count = services.campaign_deliver(actor=request.user, campaign=campaign,
                                          delivered_on=form.cleaned_data["delivered_on"], recipient_ids=ids,
                                          signed=form.cleaned_data["signed"])
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        _error(request, exc)
    else:
        if count:
            messages.success(request, f"已登记发放{count}人。")
        else:
            messages.info(request, "没有需要发放的对象：所选人员均已发放（不会重复发放）。")
    return _detail(campaign, "recipients", back)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = _post_action(request, pk, lambda c: services.campaign_close(actor=request.user, campaign=c),
                            "活动已结束。")
    return _detail(campaign)


# --- signing sheet --------------------------------------------------------------------------------------------------


def _sheet_rows(request, campaign):
    """The signing sheet's rows (selectors.campaign_signing_sheet) with the masked ID number of each person,
    read in the same order."""
    rows = selectors.campaign_signing_sheet(request.user, campaign)
    ids = (campaign.recipients.order_by("person__org__path", "person__department", "person__name_pinyin", "id")
           .values_list("person__id_number", flat=True))
    for row, id_number in zip(rows, ids.iterator(chunk_size=2000)):
        row["id_number"] = mask_id_number(id_number)
    return rows


def _sheet_columns():
    """SIGNING_SHEET_COLUMNS with the masked ID number after the name."""
    columns = []
    for key, label in selectors.SIGNING_SHEET_COLUMNS:
        columns.append((key, label))
        if key == "name":
            columns.append(("id_number", "身份证号"))
    return columns


WIDTHS = {"no": 6, "org": 22, "department": 14, "name": 10, "id_number": 21, "family_member": 10, "amount": 11,
          "goods": 22, "status": 8, "delivered_on": 12, "signature": 14}
KINDS = {"amount": "money", "delivered_on": "date", "no": "number"}


@login_required
def campaign_sheet(request, pk):
    """签收表: a printable A4 page, or `?format=xlsx` an .xlsx written row by row (constant memory). ID numbers
    are masked; text a spreadsheet would run as a formula is neutralised by StreamingXlsx."""
    campaign = _campaign(request, pk)
    fmt = request.GET.get("format", "print")
    columns = _sheet_columns()
    now = timezone.localtime()
    if fmt == "xlsx":
        rows = _sheet_rows(request, campaign)
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
        title = f"{campaign.org.name} {campaign.title} 签收表（{campaign.planned_on:%Y-%m-%d}，身份证号已脱敏）"
        with StreamingXlsx(handle.name, [Column(label, WIDTHS.get(key, 12), KINDS.get(key, "text"))
                                         for key, label in columns], sheet_name="签收表", title=title) as book:
            for row in rows:
                book.append([row.get(key) for key, _ in columns])
        _record_export(campaign, "xlsx", len(rows))
        handle.seek(0)
        filename = f"签收表_{campaign.title}_{now:%Y%m%d}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    total = campaign.recipients.count()
    too_many = total > PRINT_MAX_ROWS
    rows = [] if too_many else _sheet_rows(request, campaign)
    if not too_many:
        _record_export(campaign, "print", len(rows))
    total_amount = sum((r["amount"] or 0 for r in rows), Decimal("0.00"))
    cells = [[(_cell(row.get(key)), CELL_CLASS.get(key, "")) for key, _ in columns] for row in rows]
    return render(request, "care/campaign_sheet_print.html", {
        "title": f"{campaign.title}签收表", "campaign": campaign, "rows": cells, "columns": columns, "now": now,
        "total": total, "too_many": too_many, "max_rows": PRINT_MAX_ROWS, "total_amount": total_amount,
        "total_capitals": capital_amount(total_amount),
    })


CELL_CLASS = {"no": "n", "name": "n", "id_number": "n", "family_member": "n", "amount": "m", "status": "n",
              "delivered_on": "n", "signature": "sign"}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _record_export(campaign, fmt: str, count: int) -> None:
    audit.record(AuditEntry.Action.EXPORT, obj=campaign, changes={"format": fmt, "rows": count},
                 note=f"{'导出' if fmt == 'xlsx' else '打印'}签收表（{count}行，身份证号已脱敏）")
