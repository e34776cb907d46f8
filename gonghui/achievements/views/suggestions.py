"""Pages of rational suggestions: the officers' list, record and actions; the review panel's list and scoring; the
member's phone pages (submit, my suggestions, one suggestion with every step)."""
from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response
from gonghui.members.models import Person

from .. import forms as f
from ..filtersets import SuggestionFilterSet
from ..models import PanelMember, Suggestion, SuggestionAttachment, SuggestionCriterion
from ..selectors import suggestions as selectors
from ..services import suggestions as services
from ..services._common import union_of
from ..tables import SuggestionTable
from ._common import call

S = Suggestion.State


def _people_of(union):
    """Serving people of the union's subtree, for choosers (co-authors, panel)."""
    return Person.objects.filter(org__path__startswith=union.path, left_on__isnull=True, died_on__isnull=True
                                 ).exclude(work_status=Person.WorkStatus.LEFT_OFFICE).order_by("name_pinyin")


EXPORT_COLUMNS = [("编号", 12), ("建议名称", 30), ("建议人", 10), ("所属组织", 16), ("提交日期", 12, "date"),
                  ("状态", 10), ("评审得分", 10, "number"), ("评定等级", 8), ("采纳日期", 12, "date"),
                  ("实施部门", 14), ("经济效益（元）", 14, "money"), ("效益核实日期", 12, "date")]


class SuggestionListView(ObjectListView):
    perm = Perm.ACHIEVE_VIEW
    title = "合理化建议"
    template_name = "achievements/suggestion_list.html"
    filterset_class = SuggestionFilterSet
    table_class = SuggestionTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.suggestions(request.user, within=request.current_org).defer("problem", "proposal",
                                                                                       "expected_benefit")

    def export(self, request, queryset, fmt):
        from gonghui.core.excel import Column

        rows = ((s.code, s.title, s.author.name, s.org.name, s.submitted_on, s.get_state_display(), s.total_score,
                 s.get_grade_display(), s.adopted_on, s.department, s.benefit, s.benefit_verified_on)
                for s in queryset.order_by("submitted_on", "id").iterator(chunk_size=1000))
        return xlsx_response(request, model=Suggestion, title="合理化建议",
                             columns=[Column(*c) for c in EXPORT_COLUMNS], rows=rows, filename="合理化建议")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        ctx["can_edit"] = org is not None and can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org)
        return ctx


class SuggestionDetailView(ObjectDetailView):
    perm = Perm.ACHIEVE_VIEW
    template_name = "achievements/suggestion_detail.html"

    def selector(self, request, pk):
        return selectors.suggestion_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        s = self.object
        scores = list(s.scores.select_related("reviewer", "criterion").order_by("reviewer__name_pinyin",
                                                                                 "criterion__order"))
        ctx.update(title=s.title, s=s, tab=self.request.GET.get("tab", "info"), scores=scores,
                   coauthors=[c.person for c in s.coauthors.select_related("person")],
                   steps=list(s.steps.select_related("actor")), attachments=list(s.attachments.all()),
                   history=object_history(s), can_edit=can_on_org(self.request.user, Perm.ACHIEVE_EDIT, s.org))
        return ctx


class _Action(ActionFormView):
    perm = Perm.ACHIEVE_EDIT
    suggestion: Suggestion | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.suggestion = selectors.suggestion_get(request.user, kwargs["pk"], Perm.ACHIEVE_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.suggestion.get_absolute_url()

    def summary(self):
        s = self.suggestion
        return [("建议", f"{s.code} {s.title}"), ("建议人", s.author.name), ("状态", s.get_state_display()),
                ("评审得分", f"{s.total_score}分" if s.total_score is not None else "未评分")]

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            for name in ("graded_on", "adopted_on", "implemented_on", "scored_on"):  # never the verification date
                if name in form.fields:
                    form.initial.setdefault(name, localdate())
        return form

    def perform(self, form):
        return call(self.act, data=form.cleaned_data)


class ScoreView(_Action):
    title = action_label = "录入评分"
    icon = "clipboard-check"
    form_class = f.ScoreForm
    intro = "按评分标准逐项打分；建议人或共同建议人为评审小组成员的，应当回避。"

    def get_form(self):
        s = self.suggestion
        reviewers = Person.objects.filter(pk__in=services.panel_of(s.union).values("person_id")).order_by(
            "name_pinyin")
        form = f.ScoreForm(**self.get_form_kwargs(), criteria=selectors.criteria(s.union), reviewers=reviewers)
        if self.request.method == "GET":
            form.initial["scored_on"] = localdate()
        return form

    def blocked_reason(self):
        if not selectors.criteria(self.suggestion.union).exists():
            return "尚未设置评分标准，请先在“评分标准与评审小组”中设置。"
        return ""

    def act(self, data):
        return services.suggestion_score(actor=self.request.user, suggestion=self.suggestion,
                                         reviewer=data["reviewer"], scores=self.get_form_scores(data),
                                         on=data["scored_on"])

    def get_form_scores(self, data):
        return {int(k[1:]): v for k, v in data.items() if k.startswith("c") and k[1:].isdigit()}


class GradeView(_Action):
    title = action_label = "评定等级"
    icon = "award"
    form_class = f.GradeForm

    def act(self, data):
        return services.suggestion_grade(actor=self.request.user, suggestion=self.suggestion, grade=data["grade"],
                                         note=data["note"], on=data["graded_on"])


class AdoptView(_Action):
    title = action_label = "决定采纳"
    icon = "check2-circle"
    form_class = f.AdoptForm

    def act(self, data):
        return services.suggestion_adopt(actor=self.request.user, suggestion=self.suggestion,
                                         department=data["department"], on=data["adopted_on"], note=data["note"])


class ImplementView(_Action):
    title = action_label = "登记实施"
    icon = "gear"
    form_class = f.ImplementForm

    def act(self, data):
        return services.suggestion_implement(actor=self.request.user, suggestion=self.suggestion,
                                             on=data["implemented_on"])


class BenefitView(_Action):
    title = action_label = "登记经济效益"
    icon = "cash-coin"
    form_class = f.BenefitForm
    intro = "登记经核实的经济效益（节约成本、增加收入等，单位：元），须填写核实日期。"

    def act(self, data):
        return services.suggestion_benefit(actor=self.request.user, suggestion=self.suggestion, amount=data["amount"],
                                           verified_on=data["verified_on"], note=data["note"])


class OfficerNewView(ActionFormView):
    """An officer enters a suggestion handed in on paper."""

    perm = Perm.ACHIEVE_EDIT
    title = action_label = "登记合理化建议"
    icon = "lightbulb"

    def _union(self):
        org = self.request.current_org
        return union_of(org) if org is not None else None

    def get_form(self):
        union = self._union()
        people = _people_of(union) if union else Person.objects.none()
        form = f.OfficerSuggestionForm(**self.get_form_kwargs(), people=people)
        if self.request.method == "GET":
            form.initial.update(submitted_on=localdate(), token=secrets.token_hex(16))
        return form

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org):
            return "请先在页面顶部切换到本工会。"
        return ""

    def back_url(self):
        return reverse("achievements:suggestion_list")

    def perform(self, form):
        d = form.cleaned_data
        return call(services.suggestion_submit, actor=self.request.user, author=d["author"], title=d["title"],
                    problem=d["problem"], proposal=d["proposal"], expected_benefit=d["expected_benefit"],
                    coauthors=list(d["coauthors"]), attachments=d["attachments"], token=d["token"],
                    submitted_on=d["submitted_on"])

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已登记建议{result.code}。"


# --- criteria and panel -------------------------------------------------------------------------------------------

@login_required
def setup(request):
    """评分标准与评审小组 of the current union: lists and the two add forms on one page."""
    org = request.current_org
    if org is None or not can_on_org(request.user, Perm.ACHIEVE_VIEW, org):
        raise Http404("未找到该页面")
    union = union_of(org)
    can_edit = can_on_org(request.user, Perm.ACHIEVE_EDIT, union)
    cform = f.CriterionForm(request.POST if request.POST.get("form") == "criterion" else None, prefix="c")
    pform = f.PanelForm(request.POST if request.POST.get("form") == "panel" else None, prefix="p",
                        people=_people_of(union))
    if request.method == "POST" and can_edit:
        try:
            if request.POST.get("form") == "criterion" and cform.is_valid():
                d = cform.cleaned_data
                services.criterion_set(actor=request.user, org=union, name=d["name"], max_score=d["max_score"],
                                       order=d["order"] or 0)
                messages.success(request, f"已保存评分项：{d['name']}。")
                return redirect("achievements:setup")
            if request.POST.get("form") == "panel" and pform.is_valid():
                d = pform.cleaned_data
                services.panel_add(actor=request.user, org=union, person=d["person"], role=d["role"])
                messages.success(request, f"已将{d['person'].name}加入评审小组。")
                return redirect("achievements:setup")
            if request.POST.get("form") == "remove":
                member = get_object_or_404(PanelMember, pk=request.POST.get("member"), org=union)
                services.panel_remove(actor=request.user, member=member)
                messages.success(request, f"{member.person.name}已退出评审小组。")
                return redirect("achievements:setup")
            if request.POST.get("form") == "toggle":
                c = get_object_or_404(SuggestionCriterion, pk=request.POST.get("criterion"), org=union)
                services.criterion_set(actor=request.user, org=union, name=c.name, max_score=c.max_score,
                                       order=c.order, active=not c.active)
                return redirect("achievements:setup")
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
    criteria = SuggestionCriterion.objects.filter(org=union).order_by("order", "id")
    return render(request, "achievements/setup.html", {
        "title": "评分标准与评审小组", "union": union, "criteria": criteria, "can_edit": can_edit,
        "panel": PanelMember.objects.filter(org=union, until__isnull=True).select_related("person"),
        "cform": cform, "pform": pform,
        "total": sum(c.max_score for c in criteria if c.active)})


# --- the review panel ---------------------------------------------------------------------------------------------

@login_required
def panel_list(request):
    rows = selectors.to_score(request.user).order_by("submitted_on", "id")[:200]
    done = selectors.for_panel(request.user).filter(scores__reviewer_id=request.user.person_id).distinct() \
        .order_by("-submitted_on")[:50] if request.user.person_id else []
    return render(request, "achievements/panel_list.html", {"title": "待评审的合理化建议", "rows": rows, "done": done})


@login_required
def panel_score(request, pk):
    """A panel member scores a suggestion as themself (an author gets the service's refusal)."""
    s = selectors.panel_get(request.user, pk)
    criteria = list(selectors.criteria(s.union))
    form = f.ScoreForm(request.POST or None, criteria=criteria, reviewers=None,
                       initial={"scored_on": localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_score(actor=request.user, suggestion=s, reviewer=request.user.person,
                                      scores=form.scores(), on=form.cleaned_data["scored_on"])
            messages.success(request, "评分已保存。")
            return redirect("achievements:panel_list")
        except ServiceError as exc:
            if exc.code == "out_of_scope":
                raise Http404("未找到该建议") from exc
            form.add_error(None, exc.messages[0])
    return render(request, "achievements/panel_score.html", {
        "title": f"评审：{s.title}", "s": s, "form": form,
        "attachments": list(s.attachments.all()),
        "mine": list(s.scores.filter(reviewer_id=request.user.person_id).select_related("criterion"))})


# --- the member's phone pages -------------------------------------------------------------------------------------

def _person(request) -> Person:
    if not getattr(request.user, "person_id", None):
        raise Http404("您的账号未关联人员信息")
    return request.user.person


@login_required
def my_list(request):
    _person(request)
    rows = selectors.mine(request.user).order_by("-submitted_on", "-id")[:100]
    return render(request, "achievements/my_list.html", {"title": "我的建议", "rows": rows})


class MyNewView(ActionFormView):
    perm = None
    title = action_label = "提合理化建议"
    icon = "lightbulb"
    template_name = "achievements/member_form.html"
    intro = "围绕安全生产、降本增效、技术改进、管理优化等提出您的金点子。提交后由评审小组评审，每一步都会通知您。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = _person(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        union = union_of(self.person.org)
        form = f.SuggestionForm(**self.get_form_kwargs(), people=_people_of(union).exclude(pk=self.person.pk))
        if self.request.method == "GET":
            form.initial["token"] = secrets.token_hex(16)
        return form

    def back_url(self):
        return reverse("achievements:my_suggestions")

    def perform(self, form):
        d = form.cleaned_data
        return call(services.suggestion_submit, actor=self.request.user, author=self.person, title=d["title"],
                    problem=d["problem"], proposal=d["proposal"], expected_benefit=d["expected_benefit"],
                    coauthors=list(d["coauthors"]), attachments=d["attachments"], token=d["token"])

    def success(self, result):
        messages.success(self.request, f"建议已提交，编号{result.code}。评审进展会通知您。")
        return redirect("achievements:my_suggestion", pk=result.pk)


@login_required
def my_detail(request, pk):
    _person(request)
    s = selectors.mine_get(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.suggestion_withdraw(actor=request.user, suggestion=s)
            messages.success(request, "建议已撤回。")
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        return redirect("achievements:my_suggestion", pk=s.pk)
    return render(request, "achievements/my_detail.html", {
        "title": f"建议{s.code}", "s": s, "steps": list(s.steps.all()),
        "coauthors": [c.person for c in s.coauthors.select_related("person")],
        "attachments": list(s.attachments.all())})


@login_required
def attachment(request, pk):
    """An attachment, for whoever may read its suggestion (officers in scope, the panel, the authors)."""
    a = get_object_or_404(SuggestionAttachment.objects.select_related("suggestion"), pk=pk)
    s_id = a.suggestion_id
    user = request.user
    if not (selectors.suggestions(user).filter(pk=s_id).exists() or selectors.for_panel(user).filter(pk=s_id).exists()
            or selectors.mine(user).filter(pk=s_id).exists()):
        raise Http404("未找到该附件")
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name)


__all__ = ["SuggestionListView", "SuggestionDetailView", "ScoreView", "GradeView", "AdoptView", "ImplementView",
           "BenefitView", "OfficerNewView", "setup", "panel_list", "panel_score", "my_list", "MyNewView", "my_detail",
           "attachment"]
