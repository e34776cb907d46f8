"""Women's special protection pages. The 三期 register: WOMEN_REGISTER only (another role gets 404); each reading of
the list is audited. 女职工工作 (WOMEN_WORK): the desk, special-contract checks, 安康互助保障, 维权行动月 activities."""
from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, org_q
from gonghui.core.errors import ServiceError
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response
from gonghui.reports.periods import Period

from ..filtersets import MaternityFilterSet
from ..filtersets_women import CampaignFilterSet, ContractCheckFilterSet, MutualAidFilterSet
from ..forms import MaternityForm
from ..forms_women import CampaignForm, CheckFixedForm, ClaimForm, ContractCheckForm, MutualAidForm
from ..models import ContractCheck, Lecture, MaternityRecord, MutualAidEnrolment
from ..selectors import women as selectors
from ..services import women as services
from ..tables import MaternityTable
from ..tables_women import CampaignTable, ContractCheckTable, MutualAidTable
from ._common import call, columns


class RegisterListView(ObjectListView):
    perm = Perm.WOMEN_REGISTER
    title = "“三期”女职工登记"
    table_class = MaternityTable
    filterset_class = MaternityFilterSet
    add_url_name = "rights:maternity_add"
    add_perm = Perm.WOMEN_REGISTER

    def selector(self, request):
        return selectors.register(request.user, within=request.current_org)


class RegisterAddView(ActionFormView):
    perm = Perm.WOMEN_REGISTER
    title = action_label = "登记“三期”女职工"
    icon = "heart-pulse"
    form_class = MaternityForm
    intro = "“三期”信息属于个人敏感信息，只有女职工委员会和工会主席可以查看，每次查看记入操作日志。"

    def back_url(self):
        return reverse("rights:maternity_list")

    def perform(self, form):
        from gonghui.members.models import Person

        data = dict(form.cleaned_data)
        who = data.pop("who").strip().upper()
        person = (Person.objects.filter(org_q(self.request.user, Perm.WOMEN_REGISTER))
                  .filter(Q(id_number=who) | Q(member_no=who)).first())
        if person is None:
            raise ServiceError("在您负责的工会中找不到此人，请核对身份证号或会员编号。")
        return call(services.maternity_record, actor=self.request.user, person=person, **data)

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.WOMEN_REGISTER, org):
            return "请先在页面顶部切换到您负责的工会。"
        return ""


# --- 女职工工作 (WOMEN_WORK): the desk and its lists ----------------------------------------------------------------


def _person_by_id(user, who: str, perm: str):
    from gonghui.members.models import Person

    who = who.strip().upper()
    person = Person.objects.filter(org_q(user, perm)).filter(Q(id_number=who) | Q(member_no=who)).first()
    if person is None:
        raise ServiceError("在您负责的工会中找不到此人，请核对身份证号或会员编号。")
    return person


class _InUnion:
    def blocked_reason(self):
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.WOMEN_WORK, org):
            return "请先在页面顶部切换到您负责的工会。"
        return ""


class DeskView(PermRequiredMixin, TemplateView):
    """女职工工作: one page for the 女职工委员会 with this year's figures of the union chosen at the top, each linking
    to its list (the health checks are care's records, read through care's figure)."""

    perm = Perm.WOMEN_WORK
    template_name = "rights/women_desk.html"

    def get_context_data(self, **kwargs):
        from gonghui.reports import registry

        ctx = super().get_context_data(**kwargs)
        user, org = self.request.user, self.request.current_org
        today = localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        year = min(max(year, 2000), today.year + 1)
        ctx.update(title="女职工工作", year=year, years=range(today.year, today.year - 4, -1), org=org)
        if org is None or not can_on_org(user, Perm.WOMEN_WORK, org):
            ctx["blocked"] = "请先在页面顶部切换到您负责的工会。"
            return ctx
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        checks = selectors.contract_checks(user, within=org).filter(checked_on__year=year).aggregate(
            n=Count("pk"), open=Count("pk", filter=Q(state=ContractCheck.State.ISSUES)))
        aid = selectors.mutual_aid(user, within=org).filter(year=year).aggregate(
            people=Count("person", distinct=True), premium=Sum("premium"), claims=Sum("claims"))
        campaign = selectors.campaign(user, within=org).filter(held_on__year=year).aggregate(
            n=Count("pk"), attendance=Sum("attendance"))
        register = None
        if can_on_org(user, Perm.WOMEN_REGISTER, org):  # a count only: no one's details, so no reveal
            register = (MaternityRecord.objects.filter(org__path__startswith=org.path, ends_on__gte=today,
                                                       starts_on__lte=today)
                        .aggregate(n=Count("person", distinct=True))["n"])
        health = registry.compute(["rights.women.health_checks"], org, Period.year(year))["rights.women.health_checks"]
        contracts = selectors.women_contracts(user, within=org).order_by("-signed_on")
        ctx.update(
            women=selectors.women_members(user, org).count(), register=register, checks=checks, aid=aid,
            campaign=campaign, health=health or 0, contracts=contracts[:5],
            can_care=can_on_org(user, Perm.CARE_VIEW, org),
            can_contracts=can_on_org(user, Perm.DEMOCRACY_VIEW, org),
            start=start, end=end,
        )
        return ctx


class CheckListView(ObjectListView):
    perm = Perm.WOMEN_WORK
    title = "女职工专项集体合同履约检查"
    table_class = ContractCheckTable
    filterset_class = ContractCheckFilterSet
    export_formats = ("xlsx",)
    add_url_name = "rights:women_check_add"
    add_perm = Perm.WOMEN_WORK

    def selector(self, request):
        return selectors.contract_checks(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([c.checked_on, c.contract.title, c.checkers, c.items, c.findings, c.get_state_display(), c.fixed_on,
                 c.note, c.org.name]
                for c in queryset.order_by("checked_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=ContractCheck, title="女职工专项集体合同履约检查", filename="专项合同检查",
                             rows=rows, columns=columns("检查日期:date", "专项集体合同:30", "检查人:16", "检查内容:40",
                                                        "发现的问题:40", "落实情况", "整改完成日期:date", "备注:20",
                                                        "工会:20"))


class CheckAddView(_InUnion, ActionFormView):
    perm = Perm.WOMEN_WORK
    title = action_label = "登记专项集体合同履约检查"
    icon = "clipboard-check"
    form_class = ContractCheckForm
    intro = "检查女职工权益保护专项集体合同各项条款的落实情况；发现问题的，整改完成后在检查页面登记。"

    def get_form(self):
        contracts = selectors.women_contracts(self.request.user, within=self.request.current_org)
        return ContractCheckForm(contracts=contracts, **self.get_form_kwargs())

    def back_url(self):
        return reverse("rights:women_check_list")

    def perform(self, form):
        return call(services.contract_check_record, actor=self.request.user, **form.cleaned_data)

    def success_url(self, result):
        return result.get_absolute_url()


class CheckDetailView(ObjectDetailView):
    perm = Perm.WOMEN_WORK
    template_name = "rights/women_check_detail.html"

    def selector(self, request, pk):
        return selectors.contract_check_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=f"专项集体合同履约检查 {self.object.checked_on:%Y-%m-%d}", c=self.object,
                   can_contracts=can_on_org(self.request.user, Perm.DEMOCRACY_VIEW, self.object.org))
        return ctx


class CheckFixedView(ActionFormView):
    perm = Perm.WOMEN_WORK
    title = action_label = "登记整改完成"
    icon = "check2-circle"
    form_class = CheckFixedForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check = selectors.contract_check_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        return [("专项集体合同", self.check.contract.title), ("检查日期", f"{self.check.checked_on:%Y-%m-%d}"),
                ("发现的问题", self.check.findings)]

    def back_url(self):
        return self.check.get_absolute_url()

    def perform(self, form):
        return call(services.contract_check_fixed, actor=self.request.user, check=self.check, **form.cleaned_data)


class MutualAidListView(ObjectListView):
    perm = Perm.WOMEN_WORK
    title = "女职工安康互助保障"
    table_class = MutualAidTable
    filterset_class = MutualAidFilterSet
    export_formats = ("xlsx",)
    add_url_name = "rights:women_aid_add"
    add_perm = Perm.WOMEN_WORK

    def selector(self, request):
        return selectors.mutual_aid(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([e.year, e.person.name, e.person.member_no, e.plan, e.premium, e.claims, e.note, e.org.name]
                for e in queryset.order_by("year", "org__path", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=MutualAidEnrolment, title="女职工安康互助保障", filename="女职工安康互助保障",
                             rows=rows, columns=columns("保障年度", "女职工", "会员编号:14", "保障计划:24",
                                                        "互助金（元）:money", "已获给付（元）:money", "备注:20",
                                                        "所在组织:20"))


class MutualAidAddView(_InUnion, ActionFormView):
    perm = Perm.WOMEN_WORK
    title = action_label = "办理女职工安康互助保障"
    icon = "shield-plus"
    form_class = MutualAidForm
    intro = "女职工安康互助保障只适用于在册的女会员，每人每年度办理一次。"

    def back_url(self):
        return reverse("rights:women_aid_list")

    def perform(self, form):
        data = dict(form.cleaned_data)
        person = _person_by_id(self.request.user, data.pop("who"), Perm.WOMEN_WORK)
        return call(services.mutual_aid_enrol, actor=self.request.user, person=person, **data)


class MutualAidClaimView(ActionFormView):
    perm = Perm.WOMEN_WORK
    title = action_label = "登记互助保障给付"
    icon = "cash-coin"
    form_class = ClaimForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.enrolment = selectors.mutual_aid_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        e = self.enrolment
        return [("女职工", e.person.name), ("保障年度", f"{e.year}年"), ("保障计划", e.plan),
                ("已获给付", f"{e.claims}元")]

    def back_url(self):
        return reverse("rights:women_aid_list")

    def perform(self, form):
        return call(services.mutual_aid_claim, actor=self.request.user, enrolment=self.enrolment,
                    **form.cleaned_data)


class CampaignListView(ObjectListView):
    perm = Perm.WOMEN_WORK
    title = "女职工维权行动月活动"
    table_class = CampaignTable
    filterset_class = CampaignFilterSet
    export_formats = ("xlsx",)
    add_url_name = "rights:women_campaign_add"
    add_perm = Perm.WOMEN_WORK

    def selector(self, request):
        return selectors.campaign(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([x.held_on, x.title, x.speaker, x.attendance, x.org.name]
                for x in queryset.order_by("held_on", "pk").iterator(chunk_size=1000))
        return xlsx_response(request, model=Lecture, title="女职工维权行动月活动", filename="女职工维权行动月活动",
                             rows=rows, columns=columns("日期:date", "活动主题:40", "主讲人（组织者）:16", "参加人次",
                                                        "工会:20"))


class CampaignAddView(_InUnion, ActionFormView):
    perm = Perm.WOMEN_WORK
    title = action_label = "登记女职工维权行动月活动"
    icon = "megaphone"
    form_class = CampaignForm
    intro = "每年3月结合“三八”国际妇女节开展女职工维权行动月，宣传《女职工劳动保护特别规定》等法律法规。"

    def back_url(self):
        return reverse("rights:women_campaign_list")

    def perform(self, form):
        return call(services.campaign_record, actor=self.request.user, org=self.request.current_org,
                    **form.cleaned_data)
