"""Pages of mediation (劳动争议调解) and legal advice: the union's case list (applicants masked), a case (details
behind 查看详情: RIGHTS_SENSITIVE only, audited), its acts, the 调解协议书 in Word; the member's apply/advice pages."""
from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response

from ..filtersets import CaseFilterSet
from ..forms import AcceptForm, CaseForm, CloseCaseForm, FollowupForm, MyAdviceForm, MyCaseForm, RefuseForm
from ..models import DisputeCase, DisputeOutcome
from ..selectors import disputes as selectors
from ..services import disputes as services
from ..services import legal as legal_services
from ..tables import CaseTable, mask_name
from ._common import InCurrentUnion, call, columns, new_token, person_or_404

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CaseListView(ObjectListView):
    perm = Perm.RIGHTS_VIEW
    title = "劳动争议调解案件"
    filterset_class = CaseFilterSet
    table_class = CaseTable
    export_formats = ("xlsx",)
    add_url_name = "rights:case_add"
    add_perm = Perm.RIGHTS_EDIT

    def selector(self, request):
        return selectors.cases(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        """Masked: the applicant's name and phone never leave in a list (PIPL); no details."""
        from gonghui.core.masking import mask_phone

        rows = ([c.number, c.received_on, mask_name(c.applicant_name), mask_phone(c.applicant_phone),
                 "是" if c.is_member else "否", c.get_kind_display(), c.claim_amount, c.get_state_display(),
                 c.accepted_on, c.due_on, c.closed_on, c.get_outcome_display() if c.outcome else "",
                 c.agreement_amount, c.org.name]
                for c in queryset.order_by("received_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=DisputeCase, title="劳动争议调解案件", filename="劳动争议调解案件",
                             rows=rows, columns=columns("案号", "收到申请:date", "申请人", "联系电话", "会员",
                                                        "争议类型", "请求金额（元）:money", "状态", "受理日期:date",
                                                        "调解期限:date", "结案日期:date", "调解结果",
                                                        "协议金额（元）:money", "工会:20"))


class CaseDetailView(ObjectDetailView):
    perm = Perm.RIGHTS_VIEW
    template_name = "rights/case_detail.html"

    def selector(self, request, pk):
        return selectors.case_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        user = self.request.user
        sensitive = can_on_org(user, Perm.RIGHTS_SENSITIVE, c.org)
        revealed = selectors.case_reveal(user, c.pk) if sensitive and self.request.GET.get("reveal") else None
        ctx.update(title=f"调解案件 {c.number}", c=c, revealed=revealed, sensitive=sensitive,
                   masked_name=mask_name(c.applicant_name), today=localdate(),
                   can_edit=can_on_org(user, Perm.RIGHTS_EDIT, c.org))
        return ctx


class _CaseAction(ActionFormView):
    perm = Perm.RIGHTS_EDIT
    case: DisputeCase | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.case = selectors.case_get(request.user, kwargs["pk"], Perm.RIGHTS_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.case.get_absolute_url() if self.case else reverse("rights:case_list")

    def summary(self):
        if self.case is None:
            return []
        c = self.case
        return [("案号", c.number), ("申请人", mask_name(c.applicant_name)), ("争议类型", c.get_kind_display()),
                ("请求金额", f"{c.claim_amount}元" if c.claim_amount is not None else "—"),
                ("收到申请", f"{c.received_on:%Y-%m-%d}"), ("状态", c.get_state_display())]

    def perform(self, form):
        return call(self.service, actor=self.request.user, **self.arguments(form.cleaned_data))

    def arguments(self, data):
        return {"case": self.case, **data}


class CaseCreateView(InCurrentUnion, _CaseAction):
    title = action_label = "登记调解申请"
    icon = "journal-plus"
    form_class = CaseForm
    service = staticmethod(services.case_register)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("received_on", localdate())
        return form


class AcceptView(_CaseAction):
    title = action_label = "受理"
    icon = "check2"
    form_class = AcceptForm
    service = staticmethod(services.case_accept)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("accepted_on", localdate())
        return form

    def blocked_reason(self):
        accept, close, _ = services.limits_on(self.case.org, self.case.received_on)
        self.intro = f"应在收到申请之日起{accept}日内决定是否受理；受理后{close}日内结案（双方同意可延长一次）。"
        return ""


class RefuseView(_CaseAction):
    title = action_label = "不予受理"
    icon = "x-circle"
    danger = True
    form_class = RefuseForm
    service = staticmethod(services.case_refuse)


class CloseView(_CaseAction):
    title = action_label = "结案"
    icon = "flag"
    form_class = CloseCaseForm
    service = staticmethod(services.case_close)
    intro = "调解成功的填写协议内容和金额（协议金额超过请求金额须说明理由）；调解不成、转仲裁、撤回的只需选择结果和结案日期。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("closed_on", localdate())
        return form


class FollowupView(_CaseAction):
    title = action_label = "回访协议履行情况"
    icon = "telephone"
    form_class = FollowupForm
    service = staticmethod(services.case_followup)


def agreement_docx(request, pk):
    """调解协议书, printed from the record (RIGHTS_SENSITIVE: it names the parties; audited as a reveal)."""
    from gonghui.reports import docx

    from ..documents import agreement_document

    if not request.user.is_authenticated:
        raise Http404
    case = selectors.case_reveal(request.user, pk)
    if case.outcome != DisputeOutcome.SUCCESS:
        raise Http404("该案件没有调解协议")
    response = HttpResponse(docx.render(agreement_document(case)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'调解协议书{case.number}.docx')}"
    return response


def application_docx(request, pk):
    """劳动争议调解申请书, printed from the record (RIGHTS_SENSITIVE: it names the applicant; audited as a reveal)."""
    from gonghui.reports import docx

    from ..documents import application_document

    if not request.user.is_authenticated:
        raise Http404
    case = selectors.case_reveal(request.user, pk)
    response = HttpResponse(docx.render(application_document(case)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'调解申请书{case.number}.docx')}"
    return response


# ---------------------------------------------------------------------------------------------------- the member

class _MemberForm(ActionFormView):
    icon = "pencil-square"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            person_or_404(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial["token"] = new_token()
        return form

    def back_url(self):
        return reverse("rights:my_cases")


class MyCaseApplyView(_MemberForm):
    title = action_label = "申请劳动争议调解"
    icon = "people"
    form_class = MyCaseForm
    intro = "与单位发生劳动争议，可以向工会劳动争议调解委员会申请调解。您填写的情况只有负责调解的工会工作人员可以看到。"

    def perform(self, form):
        return services.case_apply(actor=self.request.user, **form.cleaned_data)

    def success_message(self, result):
        return f"调解申请已提交（{result.number}），工会将在规定期限内决定是否受理。"


class MyAdviceView(_MemberForm):
    title = action_label = "法律咨询"
    icon = "chat-square-text"
    form_class = MyAdviceForm
    intro = "写下您想咨询的劳动法律问题，工会法律服务人员（律师）答复后会通知您。"

    def perform(self, form):
        return legal_services.consult_ask(actor=self.request.user, **form.cleaned_data)

    def success_message(self, result):
        return "咨询已提交，答复后会通知您。"


class MyCasesView(PermRequiredMixin, TemplateView):
    template_name = "rights/my_cases.html"

    def get_context_data(self, **kwargs):
        person_or_404(self.request)
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="我的调解与咨询", cases=list(selectors.my_cases(self.request.user)[:50]),
                   consultations=list(selectors.my_consultations(self.request.user)[:50]))
        return ctx


__all__ = ["CaseListView", "CaseDetailView", "CaseCreateView", "AcceptView", "RefuseView", "CloseView",
           "FollowupView", "agreement_docx", "MyCaseApplyView", "MyAdviceView", "MyCasesView"]
