"""Pages of 经费审查 (the audit committee): the year's checks with their flags, the findings (发现问题) with the
treasurer's reply and the committee's resolution, and the yearly 经费审查报告 (issued, exported as Word)."""
from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.timezone import localdate
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.forms import StyledFormMixin
from gonghui.core.views import ActionFormView, PermRequiredMixin
from gonghui.orgs.models import Organization

from ..models import AuditFinding, AuditReport, CheckKind
from ..selectors import audit as selectors
from ..selectors import rules as rule_selectors
from ..services import audit as services
from ._common import call, docx_download, year_param

DATE = forms.DateInput(attrs={"type": "date"})


class RunForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    large_amount = forms.CharField(label="大额支出标准（元）", max_length=20, initial="5000",
                                   help_text="达到该金额的支出须有附件或审批依据")
    repeat_times = forms.IntegerField(label="同一收款方每月次数标准", min_value=2, max_value=100, initial=3)


class FindingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="发现的问题", max_length=100, required=False)
    kind = forms.ChoiceField(label="问题类型", choices=[("", "—")] + CheckKind.choices, required=False)
    detail = forms.CharField(label="具体情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.CharField(label="涉及金额（元）", max_length=20, required=False)


class ReplyForm(StyledFormMixin, forms.Form):
    reply = forms.CharField(label="答复（情况说明和整改措施）", widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(StyledFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(label="结论", choices=[("1", "整改到位，确认"), ("0", "整改不到位，退回")],
                                      coerce=lambda v: v == "1", initial="1")
    resolution = forms.CharField(label="整改结论或退回理由", max_length=300)


class ReportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    issued_on = forms.DateField(label="报告日期", widget=DATE)
    opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="如：经审查，本会经费收支符合规定，账目清楚……；可分段")


def _union(request) -> Organization | None:
    org = request.current_org
    return org if org is not None and org.kind in Organization.UNION_KINDS else None


class AuditView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/audit.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, org = self.request.user, self.request.current_org
        year = year_param(self.request, localdate().year - (1 if localdate().month <= 3 else 0))
        if org is None:
            raise Http404("未找到该页面")
        flags = list(rule_selectors.flags(user, within=org, year=year).order_by("kind", "entry_date", "id")[:500])
        raised = set(selectors.findings(user, within=org, year=year).exclude(entry=None)
                     .values_list("entry_id", "kind"))
        for f in flags:  # raised already: a finding on the same entry and kind (flags are replaced by each run)
            f.raised = (f.entry_id, f.kind) in raised
        open_only = self.request.GET.get("open") == "1"  # the treasurer's to-do: findings awaiting a reply, any year
        found = (selectors.findings(user, within=org).filter(status=AuditFinding.Status.OPEN) if open_only
                 else selectors.findings(user, within=org, year=year))
        ctx.update(title="经费审查", org=org, year=year, years=list(range(localdate().year, localdate().year - 5, -1)),
                   flags=flags, open_only=open_only,
                   findings=list(found.order_by("-year", "org__path", "number")[:500]),
                   run=selectors.runs(user, within=org, year=year).order_by("-ran_at").first(),
                   report=selectors.reports(user, within=org).filter(year=year, org=org).first(),
                   is_auditor=_union(self.request) is not None and can_on_org(user, Perm.FUNDS_AUDIT, org),
                   kinds=CheckKind.choices)
        return ctx


class _AuditorAction(ActionFormView):
    perm = Perm.FUNDS_AUDIT

    def org(self) -> Organization:
        org = _union(self.request)
        if org is None or not can_on_org(self.request.user, Perm.FUNDS_AUDIT, org):
            raise Http404("未找到该页面")
        return org

    def blocked_reason(self):
        org = _union(self.request)
        return "" if org is not None else "经费审查按工会进行：请先在页面顶部切换到一个工会。"

    def back_url(self):
        return reverse("funds:audit")


class RunView(_AuditorAction):
    title = action_label = "运行经费核查"
    icon = "search"
    form_class = RunForm
    intro = ("对本会该年度全部已入账分录逐笔核查：违反经费使用规定、无凭证号、大额支出无附件或审批、整千元支出、"
             "同一收款方一个月内多次收款。结果替换该年度原有的核查提示。")

    def get_form(self):
        form = super().get_form()
        if not form.is_bound:
            form.initial["year"] = year_param(self.request, localdate().year - (1 if localdate().month <= 3 else 0))
        return form

    def perform(self, form):
        return call(services.audit_run, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:audit") + f"?year={result.year}"

    def success_message(self, result):
        total = sum(result.counts.values())
        return f"核查完成：发现{total}处需要关注的问题。" if total else "核查完成：未发现问题。"


class FindingCreateView(_AuditorAction):
    title = action_label = "提出发现的问题"
    icon = "flag"
    form_class = FindingForm
    intro = "提出后，本会经费管理人员将收到待办，答复情况说明和整改措施。"

    def flag(self):
        if "pk" not in self.kwargs:
            return None
        return rule_selectors.flag_get(self.request.user, self.kwargs["pk"], Perm.FUNDS_AUDIT)

    def org(self):
        flag = self.flag()
        if flag is not None:
            return flag.org
        return super().org()

    def summary(self):
        f = self.flag()
        return [("核查提示", f"{f.get_kind_display()}：{f.message}")] + ([("依据", f.rule_text)] if f.rule_text else []) \
            if f is not None else []

    def perform(self, form):
        flag = self.flag()
        d = form.cleaned_data
        return call(services.finding_raise, actor=self.request.user, org=self.org(),
                    year=flag.year if flag else year_param(self.request), flag=flag, title=d["title"],
                    detail=d["detail"], amount=d["amount"] or None, kind=d["kind"])

    def success_url(self, result):
        return reverse("funds:finding_detail", args=[result.pk])

    def success_message(self, result):
        return f"已提出{result}。"


class FindingDetailView(PermRequiredMixin, TemplateView):
    perm = Perm.FUNDS_VIEW
    template_name = "funds/finding_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        f = selectors.finding_get(self.request.user, kwargs["pk"])
        user = self.request.user
        ctx.update(title=str(f), finding=f,
                   can_reply=f.status != AuditFinding.Status.RESOLVED and can_on_org(user, Perm.FUNDS_EDIT, f.org),
                   can_resolve=f.status == AuditFinding.Status.REPLIED and can_on_org(user, Perm.FUNDS_AUDIT, f.org))
        return ctx


class FindingReplyView(ActionFormView):
    perm = Perm.FUNDS_EDIT
    title = action_label = "答复经审发现的问题"
    icon = "reply"
    form_class = ReplyForm

    def finding(self):
        return selectors.finding_get(self.request.user, self.kwargs["pk"], Perm.FUNDS_EDIT)

    def summary(self):
        f = self.finding()
        return [("问题", str(f)), ("具体情况", f.detail or "—")] + ([("经审意见", f.resolution)] if f.resolution else [])

    def back_url(self):
        return reverse("funds:finding_detail", args=[self.kwargs["pk"]])

    def perform(self, form):
        return call(services.finding_reply, actor=self.request.user, finding=self.finding(), **form.cleaned_data)

    def success_message(self, result):
        return "已答复，经审委员会将确认整改情况。"


class FindingResolveView(ActionFormView):
    perm = Perm.FUNDS_AUDIT
    title = action_label = "确认整改情况"
    icon = "check2-square"
    form_class = ResolveForm

    def finding(self):
        return selectors.finding_get(self.request.user, self.kwargs["pk"], Perm.FUNDS_AUDIT)

    def summary(self):
        f = self.finding()
        return [("问题", str(f)), ("财务答复", f.reply or "—")]

    def back_url(self):
        return reverse("funds:finding_detail", args=[self.kwargs["pk"]])

    def perform(self, form):
        return call(services.finding_resolve, actor=self.request.user, finding=self.finding(), **form.cleaned_data)

    def success_message(self, result):
        return "已确认整改到位。" if result.status == AuditFinding.Status.RESOLVED else "已退回，请财务重新答复。"


class ReportIssueView(_AuditorAction):
    title = action_label = "出具经费审查报告"
    icon = "file-earmark-text"
    form_class = ReportForm
    intro = "报告由核查结果、发现问题及整改情况和本委员会的审查意见组成，可导出Word。同一年度再次出具即更新。"

    def get_form(self):
        form = super().get_form()
        if not form.is_bound:
            form.initial.update(year=year_param(self.request, localdate().year - 1), issued_on=localdate())
        return form

    def perform(self, form):
        return call(services.report_issue, actor=self.request.user, org=self.org(), **form.cleaned_data)

    def success_url(self, result):
        return reverse("funds:audit") + f"?year={result.year}"

    def success_message(self, result):
        return f"已出具{result}。"


class ReportDocxView(PermRequiredMixin, View):
    perm = Perm.FUNDS_VIEW

    def get(self, request, pk):
        report = selectors.report_get(request.user, pk)
        return docx_download(selectors.report_document(report), model=AuditReport, org=report.org,
                             name=f"{report.year}年度经费审查报告")
