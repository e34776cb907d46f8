"""Pages of budgets (预算、决算): the budgets in scope, one budget's execution (by line and month, over-budget lines
flagged), drafting, approval, revisions, and the 决算 (page and Word)."""
from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.core.forms import StyledFormMixin
from gonghui.core.views import ActionFormView, PermRequiredMixin
from gonghui.orgs.models import Organization

from ..models import EXPENSE, INCOME, Budget, Category
from ..selectors import budget as selectors
from ..services import budget as services
from ._common import call, docx_download, year_param

DATE = forms.DateInput(attrs={"type": "date"})


class LinesForm(StyledFormMixin, forms.Form):
    """One amount per category, and the 明细 lines as text ("职工活动支出 文体活动 30000" a line)."""

    details = forms.CharField(label="明细科目（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="每行一项：科目 明细 金额，如“职工活动支出 文体活动 30000”；明细合计不超过科目预算")

    def __init__(self, *args, initial_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        for category in (*INCOME, *EXPENSE):
            self.fields[f"c_{category}"] = forms.CharField(label=Category(category).label, required=False,
                                                           max_length=20)
        self.order_fields([f"c_{c}" for c in (*INCOME, *EXPENSE)] + ["details"])
        if initial_lines is not None and not self.is_bound:
            details = []
            for line in initial_lines:
                if line.subcategory:
                    details.append(f"{line.get_category_display()} {line.subcategory} {line.amount}")
                else:
                    self.initial[f"c_{line.category}"] = str(line.amount)
            self.initial["details"] = "\n".join(details)

    def lines(self) -> list[tuple[str, str, str]]:
        out = [(c, "", v.strip()) for c in (*INCOME, *EXPENSE) if (v := self.cleaned_data.get(f"c_{c}") or "").strip()]
        by_label = {label: value for value, label in Category.choices}
        for number, row in enumerate((self.cleaned_data.get("details") or "").splitlines(), start=1):
            parts = row.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 3 or parts[0] not in by_label:
                raise forms.ValidationError(f"明细第{number}行“{row.strip()[:30]}”应为：科目 明细 金额，科目用会计制度的名称。")
            out.append((by_label[parts[0]], parts[1], parts[2]))
        return out

    def clean(self):
        data = super().clean()
        self.parsed = self.lines()
        return data


class CreateForm(LinesForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    congress_required = forms.BooleanField(label="须经会员（代表）大会审议", required=False)
    note = forms.CharField(label="编制说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["year", "congress_required", "note"] + [f"c_{c}" for c in (*INCOME, *EXPENSE)] + ["details"])


class ApproveForm(StyledFormMixin, forms.Form):
    committee_approved_on = forms.DateField(label="工会委员会批准日期", widget=DATE)
    congress_approved_on = forms.DateField(label="会员（代表）大会通过日期", required=False, widget=DATE)


class ReviseForm(LinesForm):
    reason = forms.CharField(label="调整原因", max_length=300)
    revised_on = forms.DateField(label="调整日期", widget=DATE)
    approved_on = forms.DateField(label="批准日期", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reason", "revised_on", "approved_on"] + [f"c_{c}" for c in (*INCOME, *EXPENSE)]
                          + ["details"])


def _edit_org(request):
    org = request.current_org
    if org is None or org.kind not in Organization.UNION_KINDS or not can_on_org(request.user, Perm.FUNDS_EDIT, org):
        return None
    return org


class BudgetListView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/budget_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        rows = selectors.budgets(self.request.user, within=org).order_by("-year", "org__path")[:200] if org else []
        ctx.update(title="经费预算", budgets=rows, org=org, can_edit=_edit_org(self.request) is not None,
                   this_year=localdate().year)
        return ctx


class BudgetDetailView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/budget_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        budget = selectors.budget_get(self.request.user, kwargs["pk"])
        ex = selectors.execution(budget)
        ctx.update(title=f"{budget.org.name}{budget.year}年经费预算", budget=budget, ex=ex,
                   months=list(range(1, 13)), income_months=ex.month_totals(INCOME),
                   expense_months=ex.month_totals(EXPENSE), revisions=list(budget.revision_set.all()),
                   can_edit=can_on_org(self.request.user, Perm.FUNDS_EDIT, budget.org))
        return ctx


class FinalAccountsView(BudgetDetailView):
    template_name = "funds/budget_final.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{ctx['budget'].org.name}{ctx['budget'].year}年度经费收支决算"
        return ctx


class FinalAccountsDocxView(PermRequiredMixin, View):
    perm = Perm.FUNDS_VIEW

    def get(self, request, pk):
        budget = selectors.budget_get(request.user, pk)
        document = selectors.final_accounts_document(selectors.execution(budget))
        return docx_download(document, model=Budget, org=budget.org, name=f"{budget.year}年度经费收支决算")


class BudgetCreateView(ActionFormView):
    perm = Perm.FUNDS_EDIT
    title = action_label = "编制年度预算"
    icon = "journal-plus"
    form_class = CreateForm
    intro = "按工会会计制度的收支科目编制年度预算，金额为元；可在明细中细分科目。草案经工会委员会审议批准后执行。"

    def blocked_reason(self):
        return "" if _edit_org(self.request) else "预算按工会编制：请先在页面顶部切换到您所在的工会。"

    def get_form(self):
        form = super().get_form()
        if not form.is_bound:
            form.initial["year"] = localdate().year + (1 if localdate().month >= 11 else 0)
        return form

    def back_url(self):
        return reverse("funds:budget_list")

    def perform(self, form):
        org = _edit_org(self.request)
        if org is None:
            raise Http404("未找到该页面")
        return call(services.budget_create, actor=self.request.user, org=org, year=form.cleaned_data["year"],
                    lines=form.parsed, congress_required=form.cleaned_data["congress_required"],
                    note=form.cleaned_data["note"])

    def success_url(self, result):
        return reverse("funds:budget_detail", args=[result.pk])

    def success_message(self, result):
        return f"已编制{result.year}年预算（草案）。"


class _BudgetAction(ActionFormView):
    perm = Perm.FUNDS_EDIT

    def budget(self) -> Budget:
        if not hasattr(self, "_budget"):
            self._budget = selectors.budget_get(self.request.user, self.kwargs["pk"], Perm.FUNDS_EDIT)
        return self._budget

    def back_url(self):
        return reverse("funds:budget_detail", args=[self.kwargs["pk"]])

    def summary(self):
        b = self.budget()
        return [("工会", b.org.name), ("年度", f"{b.year}年"), ("状态", b.get_status_display())]


class BudgetLinesView(_BudgetAction):
    title = action_label = "修改预算草案"
    form_class = LinesForm

    def get_form(self):
        return self.form_class(**self.get_form_kwargs(), initial_lines=list(self.budget().lines.all()))

    def blocked_reason(self):
        return "" if self.budget().status == Budget.Status.DRAFT else "预算已批准，请办理预算调整。"

    def perform(self, form):
        return call(services.budget_lines_set, actor=self.request.user, budget=self.budget(), lines=form.parsed)

    def success_url(self, result):
        return self.back_url()


class BudgetApproveView(_BudgetAction):
    title = action_label = "登记预算批准"
    icon = "check2-circle"
    form_class = ApproveForm
    intro = "登记工会委员会审议批准预算的日期；按规定须经会员（代表）大会审议的，同时登记大会通过日期。"

    def perform(self, form):
        return call(services.budget_approve, actor=self.request.user, budget=self.budget(), **form.cleaned_data)

    def success_url(self, result):
        return self.back_url()


class BudgetReviseView(_BudgetAction):
    title = action_label = "预算调整"
    icon = "arrow-left-right"
    form_class = ReviseForm
    intro = "填写调整后的全部科目金额；系统保存调整前后的对比，作为第N次预算调整留档。"

    def get_form(self):
        form = self.form_class(**self.get_form_kwargs(), initial_lines=list(self.budget().lines.all()))
        if not form.is_bound:
            form.initial["revised_on"] = localdate()
        return form

    def blocked_reason(self):
        return "" if self.budget().status == Budget.Status.APPROVED else "预算尚未批准，直接修改草案即可。"

    def perform(self, form):
        d = form.cleaned_data
        return call(services.budget_revise, actor=self.request.user, budget=self.budget(), lines=form.parsed,
                    reason=d["reason"], revised_on=d["revised_on"], approved_on=d["approved_on"])

    def success_url(self, result):
        return self.back_url()

    def success_message(self, result):
        return f"已办理{result}。"


def current_budget_url(user, org, year=None):
    """The current union's budget of the year, for links (None without one)."""
    year = year or localdate().year
    budget = selectors.budgets(user, within=org).filter(org=org, year=year).first() if org else None
    return reverse("funds:budget_detail", args=[budget.pk]) if budget else None


__all__ = ["ServiceError", "get_object_or_404"]
