"""Opinion pages (职工意见建议): the officers' list (export), recording an opinion from a 座谈会 / 接待日, the detail
with forwarding and answering; the member's 意见箱 (leave one, named or anonymous; their named ones; look an
anonymous one up by its follow-up code, sent by POST so that it stays out of addresses and logs)."""
from __future__ import annotations

import secrets

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.selectors import object_history
from gonghui.core.views import ObjectListView, ServiceFormView
from gonghui.orgs.models import Organization

from ..models import Department, Opinion, OpinionCategory
from ..selectors import opinions as selectors
from ..services import opinions as services
from .openaffairs import current_union, edit_unions, paragraphs, xlsx_response

BADGE = {"waiting": "warning", "forwarded": "info", "answered": "success"}
ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(selectors.NOT_FOUND) from None
        raise


# --- forms, filters, table ----------------------------------------------------------------------------------------

class RecordForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="工会", queryset=Organization.objects.none())
    channel = forms.ChoiceField(label="收集渠道", choices=Opinion.Channel.choices, initial=Opinion.Channel.FORUM)
    occasion = forms.CharField(label="会议或活动", max_length=100, required=False,
                               help_text="如：2025年第二季度经理接待日、一线职工座谈会")
    submitted_on = forms.DateField(label="提出日期", initial=localdate)
    category = forms.ChoiceField(label="类别", choices=OpinionCategory.choices)
    author_name = forms.CharField(label="提出人", max_length=50, required=False, help_text="可不填，或写“某车间职工”")
    title = forms.CharField(label="标题", max_length=100, required=False, help_text="不填则取内容的第一句")
    content = forms.CharField(label="意见建议内容", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = edit_unions(user)


class ForwardForm(StyledFormMixin, forms.Form):
    """The department is chosen from the union's 承办部门 (shared with proposals); a name typed in `other` is matched
    to one by name, else kept as text (a department not set up yet)."""

    department = forms.ModelChoiceField(label="承办部门", queryset=None, required=False, empty_label="请选择")
    other = forms.CharField(label="其他部门（部门库中没有时填写名称）", max_length=60, required=False)
    note = forms.CharField(label="转交说明", max_length=200, required=False)
    forwarded_on = forms.DateField(label="转交日期", initial=localdate)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import Department

        self.fields["department"].queryset = (Department.objects.filter(org=org, is_active=True)
                                              if org is not None else Department.objects.none())

    def clean(self):
        data = super().clean()
        other = (data.get("other") or "").strip()
        if not data.get("department") and not other:
            raise forms.ValidationError("请选择承办部门，或填写其他部门的名称。")
        data["department"] = data.get("department") or other
        data.pop("other", None)
        return data


class AnswerForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=Opinion.Outcome.choices)
    answered_on = forms.DateField(label="答复日期", initial=localdate)
    answered_by = forms.CharField(label="答复人（部门）", max_length=60, required=False)
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))


class BoxForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=OpinionCategory.choices, initial=OpinionCategory.OTHER)
    title = forms.CharField(label="标题", max_length=100, required=False, help_text="可不填")
    content = forms.CharField(label="您的意见或建议", widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label="匿名提交（工会看不到您的姓名）", required=False)
    submit_key = forms.CharField(widget=forms.HiddenInput, required=False)


class FollowForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="查询码", max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX"}))


class OpinionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "标题/内容/承办部门"}))
    status = django_filters.ChoiceFilter(label="状态", method="filter_status",
                                         choices=[("open", "未答复（待处理和已转交）"), *Opinion.Status.choices])
    channel = django_filters.ChoiceFilter(label="收集渠道", choices=Opinion.Channel.choices)
    category = django_filters.ChoiceFilter(label="类别", choices=OpinionCategory.choices)
    year = django_filters.NumberFilter(label="年度", field_name="submitted_on", lookup_expr="year")
    department = django_filters.ModelChoiceFilter(label="承办部门", field_name="department_ref",
                                                  queryset=Department.objects.none())

    class Meta:
        model = Opinion
        fields = ["q", "status", "channel", "category", "year", "department"]

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.filters["department"].queryset = departments
            self.form.fields["department"].queryset = departments

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value)
                               | Q(department__icontains=value) | Q(department_ref__name__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=selectors.WAITING)
        return queryset.filter(status=value) if value else queryset


class OpinionTable(tables.Table):
    submitted_on = tables.DateColumn(verbose_name="提出日期", format="Y-m-d")
    title = tables.Column(verbose_name="标题", linkify=("democracy:opinions_detail", {"pk": tables.A("pk")}))
    category = tables.Column(verbose_name="类别")
    channel = tables.Column(verbose_name="渠道")
    author = tables.Column(verbose_name="提出人", accessor="author_display", orderable=False)
    department = tables.Column(verbose_name="承办部门", accessor="department_name",
                               order_by=("department_ref__name", "department"))
    status = tables.Column(verbose_name="状态")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))

    class Meta:
        model = Opinion
        template_name = "core/table.html"
        fields = ("submitted_on", "title", "category", "channel", "author", "department", "status", "org")
        attrs = ATTRS
        order_by = ("-submitted_on",)

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', BADGE.get(record.status, "secondary"), value)


COLUMNS = [Column("提出日期", 12, "date"), Column("标题", 30), Column("类别", 10), Column("渠道", 10),
           Column("会议或活动", 24), Column("提出人", 12), Column("内容", 60), Column("承办部门", 16),
           Column("转交日期", 12, "date"), Column("状态", 8), Column("办理结果", 14), Column("答复日期", 12, "date"),
           Column("答复内容", 60), Column("工会", 24)]


def _rows(queryset):
    for o in queryset.iterator(chunk_size=2000):
        yield [o.submitted_on, o.title, o.get_category_display(), o.get_channel_display(), o.occasion,
               o.author_display, o.content, o.department_name, o.forwarded_on, o.get_status_display(),
               o.get_outcome_display() if o.outcome else "", o.answered_on, o.answer, o.org.name]


# --- the officers' pages ------------------------------------------------------------------------------------------

class OpinionListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    title = "职工意见建议"
    table_class = OpinionTable
    filterset_class = OpinionFilterSet
    add_url_name = "democracy:opinions_add"
    add_perm = Perm.DEMOCRACY_EDIT
    export_formats = ("xlsx",)

    def selector(self, request):
        qs = selectors.opinions(request.user)
        org = getattr(request, "current_org", None)
        return qs.filter(org__path__startswith=org.path) if org is not None else qs

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        from ..selectors import proposals as proposal_selectors

        departments = proposal_selectors.departments(self.request.user)
        org = getattr(self.request, "current_org", None)
        kwargs["departments"] = (departments.filter(org__path__startswith=org.path) if org is not None
                                 else departments)
        return kwargs

    def export(self, request, queryset, fmt):
        return xlsx_response(request, model=Opinion, title="职工意见建议", columns=COLUMNS, rows=_rows(queryset),
                             filename="职工意见建议")


class OpinionRecordView(ServiceFormView):
    perm = Perm.DEMOCRACY_EDIT
    title = "登记职工意见建议（座谈会、接待日等）"

    def get_form(self):
        kwargs = self.get_form_kwargs()
        union = current_union(self.request)
        if self.request.method != "POST" and union is not None:
            kwargs["initial"] = {"org": union}
        return RecordForm(**kwargs, user=self.request.user)

    def perform(self, form):
        return _call(services.opinion_record, actor=self.request.user, **form.cleaned_data)

    def success(self, opinion):
        messages.success(self.request, f"已登记：{opinion.title}")
        return redirect("democracy:opinions_detail", pk=opinion.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("democracy:opinions_list")
        return ctx


def _detail(request, opinion, *, forward_form=None, answer_form=None, status=200):
    can_edit = can_on_org(request.user, Perm.DEMOCRACY_EDIT, opinion.org)
    return render(request, "democracy/opinions/detail.html", {
        "title": opinion.title, "o": opinion, "paragraphs": paragraphs(opinion.content), "can_edit": can_edit,
        "forward_form": forward_form or ForwardForm(org=opinion.org, initial=(
            {"department": opinion.department_ref_id} if opinion.department_ref_id
            else {"other": opinion.department})),
        "answer_form": answer_form or AnswerForm(initial={"answer": opinion.answer, "outcome": opinion.outcome,
                                                          "answered_by": opinion.answered_by}),
        "history": object_history(opinion)}, status=status)


@login_required
def opinion_detail(request, pk):
    if not has_perm(request.user, Perm.DEMOCRACY_VIEW):
        raise Http404(selectors.NOT_FOUND)
    return _detail(request, selectors.opinion_get(request.user, pk))


@login_required
@require_POST
def opinion_forward(request, pk):
    opinion = selectors.opinion_get(request.user, pk)
    form = ForwardForm(request.POST, org=opinion.org)
    if form.is_valid():
        try:
            _call(services.opinion_forward, actor=request.user, opinion=opinion, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"已转交{form.cleaned_data['department']}办理。")  # a Department's str is its name
            return redirect("democracy:opinions_detail", pk=opinion.pk)
    return _detail(request, opinion, forward_form=form, status=422)


@login_required
@require_POST
def opinion_answer(request, pk):
    opinion = selectors.opinion_get(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            _call(services.opinion_answer, actor=request.user, opinion=opinion, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, "已记录答复" + ("，提出人会收到消息。" if opinion.author_id else "。"))
            return redirect("democracy:opinions_detail", pk=opinion.pk)
    return _detail(request, opinion, answer_form=form, status=422)


# --- the member's pages -------------------------------------------------------------------------------------------

def _box(request, form, *, status=200, code=None, sent=None):
    return render(request, "democracy/opinions/box.html", {
        "title": "意见箱", "form": form, "mine": selectors.mine(request.user)[:50], "code": code, "sent": sent,
        "follow_form": FollowForm()}, status=status)


@login_required
@never_cache
def box(request):
    """The member's 意见箱: the form, then their named opinions. After an anonymous opinion the page shows its
    follow-up code once (rendered, not redirected: the code is never stored or put in an address)."""
    if request.method == "POST":
        form = BoxForm(request.POST)
        if form.is_valid():
            try:
                opinion, code = services.opinion_submit(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.messages[0])
            else:
                if not opinion.anonymous:
                    messages.success(request, "已提交，工会答复后会通知您。")
                    return redirect("democracy:opinions_my_detail", pk=opinion.pk)
                fresh = BoxForm(initial={"submit_key": secrets.token_urlsafe(24)})
                return _box(request, fresh, code=code, sent=opinion)
        return _box(request, form, status=422)
    return _box(request, BoxForm(initial={"submit_key": secrets.token_urlsafe(24)}))


@login_required
def my_detail(request, pk):
    opinion = selectors.mine_get(request.user, pk)
    return render(request, "democracy/opinions/my_detail.html", {
        "title": opinion.title, "o": opinion, "paragraphs": paragraphs(opinion.content),
        "answer": paragraphs(opinion.answer)})


@login_required
@never_cache
@require_POST
def follow(request):
    """An anonymous opinion by its code (POST: the code stays out of the address bar and the server's logs)."""
    form = FollowForm(request.POST)
    opinion = selectors.by_code(form.data.get("code", "")) if form.is_valid() else None
    if opinion is None:
        messages.error(request, "查询码不正确，请核对后重新输入（12位，字母不区分大小写）。")
        return redirect("democracy:opinions_box")
    return render(request, "democracy/opinions/my_detail.html", {
        "title": opinion.title, "o": opinion, "paragraphs": paragraphs(opinion.content),
        "answer": paragraphs(opinion.answer), "by_code": True})
