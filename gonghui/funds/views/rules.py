"""Pages of the fund rules (经费使用规定): the rule sets the current union follows (its own and its federation's,
care's condolence lines with them), the year's breaches with the rule each breaks, adding a rule, checking the
books again, and saying what an expenditure is for (用途、人数、审批依据)."""
from __future__ import annotations

import datetime

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm
from gonghui.core.forms import StyledFormMixin
from gonghui.core.views import ActionFormView, PermRequiredMixin
from gonghui.orgs.models import Organization

from ..models import EXPENSE, Category, Purpose, SpendingRule
from ..selectors import ledger as ledger_selectors
from ..selectors import rules as selectors
from ..services import rules as services
from ._common import call, year_param


class RuleForm(StyledFormMixin, forms.Form):
    basis = forms.ChoiceField(label="口径", choices=SpendingRule.Basis.choices)
    purpose = forms.ChoiceField(label="用途", choices=[("", "—")] + Purpose.choices, required=False)
    category = forms.ChoiceField(label="支出科目（仅比例上限）", required=False,
                                 choices=[("", "—")] + [(c, Category(c).label) for c in EXPENSE])
    limit = forms.CharField(label="上限", max_length=20, help_text="元；比例上限填百分数，如 60")
    note = forms.CharField(label="依据", max_length=200, required=False)


class TagForm(StyledFormMixin, forms.Form):
    purpose = forms.ChoiceField(label="用途", choices=[("", "—")] + Purpose.choices, required=False)
    heads = forms.IntegerField(label="人数", min_value=1, required=False, help_text="按人均标准核对时填写")
    approval = forms.CharField(label="审批依据", max_length=100, required=False,
                               help_text="审批单号或会议纪要，如“工会委员会2025年第3次会议”")


class CheckForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class RulesView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/rules.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, org = self.request.user, self.request.current_org
        year = year_param(self.request)
        sets = list(selectors.rule_sets(user, within=org)) if org else []
        for s in sets:
            s.can_edit = can_on_org(user, Perm.FUNDS_EDIT, s.org)
            s.care_lines = [r for r in s.rules.all() if r.yearly_cap or r.cap_amount]
        breaches = list(selectors.breaches(user, within=org, year=year).order_by("org__path", "entry_date", "id")[:300]) \
            if org else []
        can_check = org is not None and org.kind in Organization.UNION_KINDS and (
            can_on_org(user, Perm.FUNDS_EDIT, org) or can_on_org(user, Perm.FUNDS_AUDIT, org))
        untagged = []
        if org is not None and org.kind in Organization.UNION_KINDS and can_on_org(user, Perm.FUNDS_EDIT, org):
            # the union's spending of the year that does not say what it was for (one query)
            untagged = list(ledger_selectors.booked(user, org=org, start=datetime.date(year, 1, 1),
                                                    end=datetime.date(year, 12, 31))
                            .filter(category__in=EXPENSE, tag__isnull=True, reverses__isnull=True)
                            .order_by("-entry_date", "-id")[:50])
        ctx.update(title="经费使用规定", org=org, year=year, sets=sets, breaches=breaches, can_check=can_check,
                   untagged=untagged,
                   years=list(range(localdate().year, localdate().year - 5, -1)),
                   can_audit=has_perm(user, Perm.FUNDS_AUDIT))
        return ctx


class RuleAddView(ActionFormView):
    perm = Perm.FUNDS_EDIT
    title = action_label = "添加经费使用规定"
    icon = "plus-circle"
    form_class = RuleForm
    intro = ("人均上限按用途设置（如活动餐费每人每次50元、节日慰问品每人每年1500元）；比例上限按用途或支出科目设置"
             "（如职工活动支出占全年支出不超过60%）。同一用途同一口径再次保存即修改。")

    def rule_set(self):
        rule_set = selectors.rule_set_get(self.request.user, self.kwargs["pk"])
        if not can_on_org(self.request.user, Perm.FUNDS_EDIT, rule_set.org):
            raise Http404("未找到该页面")
        return rule_set

    def summary(self):
        s = self.rule_set()
        return [("经费标准", s.name), ("制定单位", s.org.name), ("生效日期", str(s.effective_from))]

    def back_url(self):
        return reverse("funds:rules")

    def perform(self, form):
        return call(services.spending_rule_save, actor=self.request.user, rule_set=self.rule_set(),
                    **form.cleaned_data)

    def success_message(self, result):
        return f"已保存：{result}。"


class RuleDeleteView(ActionFormView):
    perm = Perm.FUNDS_EDIT
    title = action_label = "删除经费使用规定"
    icon = "trash"
    danger = True
    form_class = forms.Form

    def rule(self):
        return selectors.spending_rule_get(self.request.user, self.kwargs["pk"])

    def summary(self):
        r = self.rule()
        return [("规定", str(r)), ("经费标准", r.rule_set.name)]

    def back_url(self):
        return reverse("funds:rules")

    def perform(self, form):
        return call(services.spending_rule_delete, actor=self.request.user, rule=self.rule())

    def success_message(self, result):
        return "已删除。"


class RulesCheckView(ActionFormView):
    perm = Perm.FUNDS_VIEW
    title = action_label = "按经费使用规定核对"
    icon = "search"
    form_class = CheckForm
    intro = "逐笔核对本会该年度已入账的支出是否符合入账日适用的经费使用规定，结果替换该年度原有的核对结果。"

    def get_form(self):
        form = super().get_form()
        if not form.is_bound:
            form.initial["year"] = year_param(self.request)
        return form

    def blocked_reason(self):
        org = self.request.current_org
        return "" if org is not None and org.kind in Organization.UNION_KINDS else "请先在页面顶部切换到一个工会。"

    def back_url(self):
        return reverse("funds:rules")

    def perform(self, form):
        org = self.request.current_org
        if org is None:
            raise Http404("未找到该页面")
        return call(services.rules_check, actor=self.request.user, org=org, year=form.cleaned_data["year"])

    def success_url(self, result):
        return reverse("funds:rules") + f"?year={self.request.POST.get('year')}"

    def success_message(self, result):
        return f"核对完成：发现{len(result)}处不符合规定。" if result else "核对完成：未发现不符合规定的支出。"


class EntryTagView(ActionFormView):
    perm = Perm.FUNDS_EDIT
    title = action_label = "注明用途"
    icon = "tag"
    form_class = TagForm
    intro = "注明支出的用途和人数，系统按入账日适用的经费使用规定核对人均标准和全年上限。"

    def entry(self):
        return ledger_selectors.entry_get(self.request.user, self.kwargs["pk"], Perm.FUNDS_EDIT)

    def get_form(self):
        form = super().get_form()
        tag = getattr(self.entry(), "tag", None)
        if not form.is_bound and tag is not None:
            form.initial = {"purpose": tag.purpose, "heads": tag.heads, "approval": tag.approval}
        return form

    def summary(self):
        e = self.entry()
        return [("日期", str(e.entry_date)), ("科目", e.get_category_display()), ("金额", f"{e.amount}元"),
                ("摘要", e.summary)]

    def back_url(self):
        return reverse("funds:rules")

    def perform(self, form):
        return call(services.entry_tag, actor=self.request.user, entry=self.entry(), **form.cleaned_data)

    def success_message(self, result):
        return f"已注明用途：{result}。"
