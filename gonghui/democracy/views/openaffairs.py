"""Open affairs pages (厂务公开 / 校务公开 …): the officers' list, form, detail (publish, withdraw, attach), the list
of required categories with what is still to be published, the practice's name; the member's published items
(/democracy/openaffairs/mine/, 18 px type on the phone). Titles say the union's own word for the practice."""
from __future__ import annotations

import datetime
import re

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm, orgs_in_scope
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.selectors import object_history
from gonghui.core.views import ObjectListView, ServiceFormView, xlsx_response
from gonghui.orgs.models import Organization

from ..models import (
    OpenAffairsCategory,
    OpenAffairsChannel,
    OpenAffairsItem,
    OpenAffairsRead,
    OpenAffairsRequirement,
    Practice,
)
from ..selectors import openaffairs as selectors
from ..selectors.opinions import union_of
from ..services import openaffairs as services

BADGE = {"draft": "secondary", "published": "success", "withdrawn": "dark"}


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(selectors.NOT_FOUND) from None
        raise


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]


def current_union(request) -> Organization | None:
    org = getattr(request, "current_org", None)
    return union_of(org) if org is not None else None


def practice_label(request) -> str:
    return selectors.practice_name(current_union(request))


def edit_unions(user):
    return orgs_in_scope(user, Perm.DEMOCRACY_EDIT).filter(kind__in=Organization.UNION_KINDS,
                                                          status=Organization.Status.ACTIVE).order_by("path")


# --- forms, filters, tables ---------------------------------------------------------------------------------------

class ItemForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="工会", queryset=Organization.objects.none())
    title = forms.CharField(label="公开事项", max_length=120)
    category = forms.ChoiceField(label="公开类别", choices=OpenAffairsCategory.choices)
    channel = forms.ChoiceField(label="公开形式", choices=OpenAffairsChannel.choices)
    published_on = forms.DateField(label="公开日期", initial=localdate)
    approved_by = forms.CharField(label="审核批准", max_length=100, required=False,
                                  help_text="批准公开的领导或机构，如：厂务公开领导小组（组长 张明）；公开前必填")
    approved_on = forms.DateField(label="批准日期", required=False)
    content = forms.CharField(label="公开内容", widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="空一行分段；明细可作为附件上传")
    attachment = forms.FileField(label="附件", required=False, help_text="PDF、图片、Word、Excel，不超过10MB")
    publish = forms.BooleanField(label="保存后立即公开", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = edit_unions(user)


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200)


class RequirementForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="公开类别", choices=OpenAffairsCategory.choices)
    frequency = forms.ChoiceField(label="公开频次", choices=OpenAffairsRequirement.Frequency.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SettingForm(StyledFormMixin, forms.Form):
    practice = forms.ChoiceField(label="公开工作名称", choices=Practice.choices)


class ItemFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "标题/内容"}))
    category = django_filters.ChoiceFilter(label="公开类别", choices=OpenAffairsCategory.choices)
    channel = django_filters.ChoiceFilter(label="公开形式", choices=OpenAffairsChannel.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=OpenAffairsItem.Status.choices)
    year = django_filters.NumberFilter(label="年度", field_name="published_on", lookup_expr="year")

    class Meta:
        model = OpenAffairsItem
        fields = ["q", "category", "channel", "status", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value)) if value else queryset


ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class ItemTable(tables.Table):
    published_on = tables.DateColumn(verbose_name="公开日期", format="Y-m-d")
    title = tables.Column(verbose_name="公开事项", linkify=("democracy:openaffairs_detail", {"pk": tables.A("pk")}))
    category = tables.Column(verbose_name="类别")
    channel = tables.Column(verbose_name="形式")
    approved_by = tables.Column(verbose_name="审核批准")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = OpenAffairsItem
        template_name = "core/table.html"
        fields = ("published_on", "title", "category", "channel", "approved_by", "org", "status")
        attrs = ATTRS
        order_by = ("-published_on",)

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', BADGE.get(record.status, "secondary"), value)


COLUMNS = [Column("公开日期", 12, "date"), Column("公开事项", 36), Column("类别", 12), Column("形式", 10),
           Column("审核批准", 24), Column("批准日期", 12, "date"), Column("状态", 8), Column("工会", 24),
           Column("附件数", 8), Column("公开内容", 60)]


def _rows(queryset):
    for i in queryset.annotate(n_attachments=Count("attachments")).iterator(chunk_size=2000):
        yield [i.published_on, i.title, i.get_category_display(), i.get_channel_display(), i.approved_by,
               i.approved_on, i.get_status_display(), i.org.name, i.n_attachments, i.content]




# --- the officers' pages ------------------------------------------------------------------------------------------

class ItemListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    template_name = "democracy/openaffairs/list.html"
    table_class = ItemTable
    filterset_class = ItemFilterSet
    add_url_name = "democracy:openaffairs_add"
    add_perm = Perm.DEMOCRACY_EDIT
    export_formats = ("xlsx",)

    def selector(self, request):
        qs = selectors.items(request.user)
        org = getattr(request, "current_org", None)
        return qs.filter(org__path__startswith=org.path) if org is not None else qs

    @property
    def title(self):
        return f"{practice_label(self.request)}事项"

    def export(self, request, queryset, fmt):
        title = f"{practice_label(request)}事项"
        return xlsx_response(request, model=OpenAffairsItem, title=title, columns=COLUMNS,
                             rows=_rows(queryset.select_related("org")), filename=title)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["practice"] = practice_label(self.request)
        ctx["unpublished"] = selectors.unpublished(self.request.user, within=self.request.current_org)
        ctx["today"] = localdate()
        return ctx


class ItemFormView(ServiceFormView):
    perm = Perm.DEMOCRACY_EDIT
    template_name = "democracy/openaffairs/form.html"
    item = None

    @property
    def title(self):
        return f"修改{practice_label(self.request)}事项" if self.item else f"登记{practice_label(self.request)}事项"

    def get_form(self):
        kwargs = self.get_form_kwargs()
        if self.request.method != "POST":
            if self.item is not None:
                i = self.item
                kwargs["initial"] = {"org": i.org, "title": i.title, "category": i.category, "channel": i.channel,
                                     "published_on": i.published_on, "approved_by": i.approved_by,
                                     "approved_on": i.approved_on, "content": i.content}
            elif current_union(self.request) is not None:
                kwargs["initial"] = {"org": current_union(self.request)}
        return ItemForm(**kwargs, user=self.request.user)

    def perform(self, form):
        if getattr(self.request, "upload_too_large", False):
            raise ServiceError("附件太大，未能上传。")
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        return _call(services.item_save, actor=self.request.user, item=self.item,
                     attachments=[upload] if upload else (), **data)

    def success(self, item):
        messages.success(self.request, f"已{'公开' if item.is_published else '保存'}：{item.title}")
        return redirect("democracy:openaffairs_detail", pk=item.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = (reverse("democracy:openaffairs_detail", args=[self.item.pk]) if self.item
                             else reverse("democracy:openaffairs_list"))
        return ctx


class ItemEditView(ItemFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.DEMOCRACY_EDIT):
            self.item = selectors.item_get(request.user, kwargs["pk"], Perm.DEMOCRACY_EDIT)
            if self.item.status != OpenAffairsItem.Status.DRAFT:
                messages.error(request, "只有草稿可以修改；已公开的事项如有错误，请撤回后重新登记。")
                return redirect("democracy:openaffairs_detail", pk=self.item.pk)
        return super().dispatch(request, *args, **kwargs)


@login_required
def item_detail(request, pk):
    if not has_perm(request.user, Perm.DEMOCRACY_VIEW):
        raise Http404(selectors.NOT_FOUND)
    item = selectors.item_get(request.user, pk)
    can_edit = can_on_org(request.user, Perm.DEMOCRACY_EDIT, item.org)
    return render(request, "democracy/openaffairs/detail.html", {
        "title": item.title, "item": item, "paragraphs": paragraphs(item.content), "can_edit": can_edit,
        "practice": selectors.practice_name(item.org), "attachments": item.attachments.all(),
        "reads": OpenAffairsRead.objects.filter(item=item).count(), "withdraw_form": WithdrawForm(),
        "history": object_history(item)})


def _on_item(request, pk, service, done: str, **extra):
    item = selectors.item_get(request.user, pk)
    try:
        _call(service, actor=request.user, item=item, **extra)
    except ServiceError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done)
    return redirect("democracy:openaffairs_detail", pk=item.pk)


@login_required
@require_POST
def item_publish(request, pk):
    return _on_item(request, pk, services.item_publish, "已公开，会员可在手机上查看。")


@login_required
@require_POST
def item_withdraw(request, pk):
    return _on_item(request, pk, services.item_withdraw, "已撤回，会员不再看到这一事项。",
                    reason=request.POST.get("reason", ""))


@login_required
@require_POST
def item_attach(request, pk):
    item = selectors.item_get(request.user, pk)
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        messages.error(request, "附件太大，未能上传。")
    elif upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            att = _call(services.item_attach, actor=request.user, item=item, file=upload)
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已上传附件：{att.name}")
    return redirect(reverse("democracy:openaffairs_detail", args=[item.pk]) + "#attachments")


@login_required
def attachment_download(request, pk):
    att = selectors.attachment_get(request.user, pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    return FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=att.name)


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return localdate().year
    return year if 1990 <= year <= localdate().year + 1 else localdate().year


@login_required
def required_list(request):
    """The union's list of required categories for a year, each period met or not; add, remove, carry over."""
    if not has_perm(request.user, Perm.DEMOCRACY_VIEW):
        raise Http404(selectors.NOT_FOUND)
    union = current_union(request)
    if union is None or not can_on_org(request.user, Perm.DEMOCRACY_VIEW, union):
        raise Http404("请先在右上角选择一个工会。")
    year = _year(request)
    can_edit = can_on_org(request.user, Perm.DEMOCRACY_EDIT, union)
    form = RequirementForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Http404(selectors.NOT_FOUND)
        if form.is_valid():
            try:
                _call(services.requirement_save, actor=request.user, org=union, year=year, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "已加入应公开清单。")
                return redirect(f"{reverse('democracy:openaffairs_required')}?year={year}")
    reqs = selectors.requirements(request.user).filter(org=union, year=year)
    dues = selectors.dues(reqs, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    by_req: dict[int, list] = {}
    for due in dues:
        by_req.setdefault(due.requirement.pk, []).append(due)
    today = localdate()
    rows = [(r, by_req.get(r.pk, [])) for r in reqs]
    return render(request, "democracy/openaffairs/required.html", {
        "title": f"{year}年{selectors.practice_name(union)}应公开清单", "union": union, "year": year, "rows": rows,
        "today": today, "form": form, "can_edit": can_edit, "years": range(today.year + 1, today.year - 4, -1),
        "setting_form": SettingForm(initial={"practice": selectors.practice_of(union)}) if can_edit else None,
        "met": sum(1 for d in dues if d.met), "due": sum(1 for d in dues if d.end <= today)})


@login_required
@require_POST
def required_delete(request, pk):
    requirement = selectors.requirement_get(request.user, pk)
    _call(services.requirement_delete, actor=request.user, requirement=requirement)
    messages.success(request, f"已从清单中删除：{requirement}")
    return redirect(f"{reverse('democracy:openaffairs_required')}?year={requirement.year}")


@login_required
@require_POST
def required_copy(request):
    union = current_union(request)
    if union is None:
        raise Http404(selectors.NOT_FOUND)
    year = _year(request)
    try:
        made = _call(services.requirements_copy, actor=request.user, org=union, from_year=year - 1, to_year=year)
    except ServiceError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已沿用{year - 1}年清单，新增{len(made)}项。")
    return redirect(f"{reverse('democracy:openaffairs_required')}?year={year}")


@login_required
@require_POST
def setting_save(request):
    union = current_union(request)
    if union is None:
        raise Http404(selectors.NOT_FOUND)
    form = SettingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择公开工作的名称。")
    else:
        try:
            _call(services.setting_save, actor=request.user, org=union, practice=form.cleaned_data["practice"])
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已设置：本会称“{Practice(form.cleaned_data['practice']).label}”。")
    return redirect(f"{reverse('democracy:openaffairs_required')}?year={_year(request)}")


# --- the member's pages -------------------------------------------------------------------------------------------

@login_required
def my_list(request):
    qs = selectors.published_for(request.user)
    category = request.GET.get("category", "")
    if category in OpenAffairsCategory.values:
        qs = qs.filter(category=category)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    person_org = getattr(getattr(request.user, "person", None), "org", None)
    return render(request, "democracy/openaffairs/my_list.html", {
        "title": selectors.practice_name(union_of(person_org)) if person_org else "厂务公开", "page": page,
        "category": category, "categories": OpenAffairsCategory.choices})


@login_required
def my_detail(request, pk):
    item = selectors.published_get(request.user, pk)
    services.item_mark_read(actor=request.user, item=item)
    return render(request, "democracy/openaffairs/my_detail.html", {
        "title": item.title, "item": item, "paragraphs": paragraphs(item.content),
        "attachments": item.attachments.all(), "practice": selectors.practice_name(item.org)})
