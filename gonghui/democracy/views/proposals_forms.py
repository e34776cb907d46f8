"""Forms, filters and tables of the proposals pages."""
from __future__ import annotations

import re

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.timezone import localdate

from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin

from ..models import (
    CongressSession,
    Delegate,
    Department,
    Proposal,
    ProposalCategory,
    ProposalState,
    Satisfaction,
    Term,
)

DATE = forms.DateInput(attrs={"type": "date"})
CODE_RE = re.compile(r"第?\s*(\d{1,3})\s*[-－—–]\s*(\d{1,5})\s*号?")
S = ProposalState
BADGE = {"submitted": "warning", "registered": "info", "merged": "secondary", "opinion": "secondary",
         "rejected": "dark", "assigned": "primary", "answered": "info", "rated": "success", "closed": "success"}


# ---------------------------------------------------------------------------------------------------------------
# Filters and the table
# ---------------------------------------------------------------------------------------------------------------

class ProposalFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "案由/提案人/编号"}))
    state = django_filters.ChoiceFilter(label="状态", choices=ProposalState.choices)
    category = django_filters.ChoiceFilter(label="类别", choices=ProposalCategory.choices)
    department = django_filters.ModelChoiceFilter(label="承办部门", queryset=Department.objects.none())
    term = django_filters.ModelChoiceFilter(label="届", queryset=Term.objects.none())
    session = django_filters.ModelChoiceFilter(label="提交会议", queryset=CongressSession.objects.none())
    overdue = django_filters.BooleanFilter(label="答复逾期", method="filter_overdue",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "是")]))

    class Meta:
        model = Proposal
        fields = ["q", "state", "category", "department", "term", "session", "overdue"]

    def __init__(self, *args, departments=None, terms=None, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.filters["department"].queryset = departments
            self.form.fields["department"].queryset = departments
        if terms is not None:
            self.filters["term"].queryset = terms
            self.form.fields["term"].queryset = terms
        if sessions is not None:
            self.filters["session"].queryset = sessions
            self.form.fields["session"].queryset = sessions

    def filter_q(self, queryset, name, value):
        """A proposal's code (第10-015号, 10-015, 10－15) finds that one proposal by the (term, number) index; anything
        else searches the title, the proposer's exact name (through the delegates with that name: no join of every
        proposal to its proposer) and a bare number."""
        value = value.strip()
        if not value:
            return queryset
        code = CODE_RE.fullmatch(value)
        if code:
            return queryset.filter(term__number=int(code[1]), number=int(code[2]))
        q = Q(title__contains=value) | Q(proposer_id__in=Delegate.objects.filter(person__name=value).values("pk"))
        digits = value.strip("第号")
        if digits.isdigit():
            q |= Q(number=int(digits))
        return queryset.filter(q)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(state=S.ASSIGNED, due_on__lt=localdate())
        return queryset


class ProposalTable(tables.Table):
    """The proposals list. Columns (headers, sorting) are django-tables2's; the rows are drawn by
    democracy/proposals/table.html in one plain loop (django-tables2's per-cell rendering cost ~2 ms a row, as the
    person list found)."""

    code = tables.Column(verbose_name="编号", accessor="number", order_by=("term__number", "number"),
                         linkify=("democracy:proposals_detail", {"pk": tables.A("pk")}))
    title = tables.Column(verbose_name="案由", linkify=("democracy:proposals_detail", {"pk": tables.A("pk")}))
    category = tables.Column(verbose_name="类别")
    proposer = tables.Column(verbose_name="提案人", accessor="proposer__person__name",
                             order_by=("proposer__person__name_pinyin", "id"), attrs={"td": {"class": "name-cell"}})
    cosigner_count = tables.Column(verbose_name="附议")
    submitted_on = tables.DateColumn(verbose_name="提交日期", format="Y-m-d")
    state = tables.Column(verbose_name="状态")
    department = tables.Column(verbose_name="承办部门", accessor="department__name", default="")
    due_on = tables.DateColumn(verbose_name="答复期限", format="Y-m-d", default="")
    rating = tables.Column(verbose_name="满意度", default="")

    class Meta:
        model = Proposal
        template_name = "democracy/proposals/table.html"
        fields = ("code", "title", "category", "proposer", "cosigner_count", "submitted_on", "state", "department",
                  "due_on", "rating")
        attrs = {"class": "table table-hover table-sm align-middle bg-white"}
        order_by = ("-submitted_on",)

    def page_records(self) -> list[Proposal]:
        """The current page's proposals, each with what its row shows (badge, overdue)."""
        today = localdate()
        records = [row.record for row in self.paginated_rows]
        for p in records:
            p.badge = BADGE.get(p.state, "secondary")
            p.overdue = p.is_overdue(today)
        return records

    # The cells as django-tables2 would render them (used if the table is rendered with another template).
    def render_code(self, record, value):
        return record.code

    def render_state(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', BADGE.get(record.state, "secondary"), value)

    def render_due_on(self, record, value):
        if not value:
            return ""
        overdue = record.is_overdue(localdate())
        return format_html('<span class="{}">{}{}</span>', "text-danger fw-semibold" if overdue else "",
                           value.strftime("%Y-%m-%d"), "（已逾期）" if overdue else "")


# ---------------------------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------------------------

class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="审查结果", choices=[("", "请选择")] + [
        (s.value, s.label) for s in (S.REGISTERED, S.MERGED, S.OPINION, S.REJECTED)])
    merged_into = forms.ModelChoiceField(label="并入提案（并案时）", queryset=Proposal.objects.none(), required=False)
    note = forms.CharField(label="审查意见 / 理由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="不予立案、作为意见建议处理时必填")

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            self.fields["merged_into"].queryset = (Proposal.objects.filter(
                term_id=proposal.term_id, state__in=[S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.RATED, S.CLOSED])
                .exclude(pk=proposal.pk).select_related("term").order_by("number"))


class AssignForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.none())
    due_on = forms.DateField(label="答复期限", widget=DATE, required=False, help_text="不填则为交办之日起30日")
    note = forms.CharField(label="交办意见", max_length=300, required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AnswerForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label="答复部门", queryset=Department.objects.none())
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="写明办理措施、进度和结果；暂不能解决的说明原因")

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class RateForm(StyledFormMixin, forms.Form):
    rating = forms.ChoiceField(label="对答复是否满意", choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="不满意时请写明原因")


class SendBackForm(StyledFormMixin, forms.Form):
    due_on = forms.DateField(label="再次答复期限", widget=DATE, required=False, help_text="不填则为30日")
    note = forms.CharField(label="退回意见", max_length=300, required=False)


class CloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="办结说明", max_length=300, required=False)


class DepartmentForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="部门名称", max_length=60)
    contacts = forms.ModelMultipleChoiceField(label="联系人", queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text="具有“提案承办部门联系人”角色的账号")
    order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = users


class DepartmentEditForm(DepartmentForm):
    is_active = forms.BooleanField(label="在用", required=False,
                                   help_text="停用后不能再交办新提案；已交办的提案照常答复，记录保留")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（{obj.opened_on:%Y年%-m月%-d日}，{obj.get_status_display()}）"


class ProposalForm(StyledFormMixin, forms.Form):
    """A delegate's proposal (on the phone) or an officer entering a paper one (ProposalEntryForm): the same fields,
    the same checks (the service's)."""

    title = forms.CharField(label="案由（标题）", max_length=100,
                            widget=forms.TextInput(attrs={"placeholder": "如：关于改善一车间通风条件的建议"}))
    category = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(ProposalCategory.choices))
    session = SessionChoiceField(label="提交会议", queryset=CongressSession.objects.none(), required=False,
                                 empty_label="闭会期间（不指定会议）",
                                 help_text="默认为本届正在召开或即将召开的会议")
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="存在的问题、原因和影响")
    measures = forms.CharField(label="建议措施", widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="具体、可行的办法")
    cosigners = forms.ModelMultipleChoiceField(label="附议人（同届职工代表，可不选）", queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=None, sessions=None, default_session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = people
        self.fields["cosigners"].label_from_instance = lambda p: p.name
        self.fields["session"].queryset = sessions if sessions is not None else CongressSession.objects.none()
        if default_session is not None and not self.is_bound:
            self.initial.setdefault("session", default_session.pk)


class ProposalEntryForm(ProposalForm):
    """代为录入: an officer enters a delegate's paper proposal — who raised it and when, then the delegate's form."""

    proposer = forms.ModelChoiceField(label="提案人（本届在任代表）", queryset=None)
    submitted_on = forms.DateField(label="提交日期（书面提案上的日期）", widget=DATE, initial=localdate)
    field_order = ["proposer", "submitted_on", "title", "category", "session", "reasons", "measures", "cosigners"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, people=people, **kwargs)
        self.fields["proposer"].queryset = people
        self.fields["proposer"].label_from_instance = lambda p: p.name
        self.fields["cosigners"].widget = forms.SelectMultiple(attrs={"size": 8})
        self.fields["cosigners"].help_text = "按住 Ctrl（Mac 为 Command）可多选"
        self.fields["cosigners"].widget.choices = self.fields["cosigners"].choices
        self.order_fields(self.field_order)


class ProposalEditForm(StyledFormMixin, forms.Form):
    """Change a proposal: the text while it waits for review, the session it is raised for."""

    title = forms.CharField(label="案由（标题）", max_length=100)
    category = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(ProposalCategory.choices))
    session = SessionChoiceField(label="提交会议", queryset=CongressSession.objects.none(), required=False,
                                 empty_label="闭会期间（不指定会议）")
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(label="建议措施", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, sessions=None, text_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions if sessions is not None else CongressSession.objects.none()
        if not text_editable:  # reviewed: only the session may still change
            for name in ("title", "category", "reasons", "measures"):
                del self.fields[name]


class ReportForm(StyledFormMixin, forms.Form):
    term = forms.ModelChoiceField(label="届", queryset=Term.objects.none())
    session = forms.ModelChoiceField(label="会议（可不选：全届）", queryset=CongressSession.objects.none(),
                                     required=False, empty_label="（全届）")

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["session"].queryset = CongressSession.objects.filter(term__in=terms).select_related(
            "term__congress")
