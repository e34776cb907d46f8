"""Proposals pages: the officers' list (filters, export), a proposal's page with its steps and the committee's
actions (review, assign, send back, close, record a rating), the department contact's list and answer form,
departments, the 提案办理情况报告 (Word), and the delegate's phone pages (raise, co-sign, mine, rate)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.models import User
from gonghui.accounts.roles import ROLE_PERMS, Perm
from gonghui.accounts.scope import can_on_org, has_perm
from gonghui.core.errors import ServiceError
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView
from gonghui.members.models import Person

from ..models import Delegate, Department, Proposal, ProposalState, Term
from ..selectors import congress as congress_selectors
from ..selectors import proposals as selectors
from ..services import proposals as services
from . import proposals_forms as f

S = ProposalState


def _not_found(exc: ServiceError):
    if getattr(exc, "code", None) == "out_of_scope":
        raise Http404("未找到该记录") from exc
    raise exc


def list_columns(qs):
    """What the list's table shows, without the long texts (a narrow row sorts and pages faster)."""
    return qs.select_related(None).select_related("term", "proposer__person", "department").defer(
        "reasons", "measures", "review_note")


# ---------------------------------------------------------------------------------------------------------------
# Officers: list, detail
# ---------------------------------------------------------------------------------------------------------------

class ProposalListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    title = "提案管理"
    table_class = f.ProposalTable
    filterset_class = f.ProposalFilterSet
    template_name = "democracy/proposals/list.html"
    export_formats = ("xlsx",)

    def dispatch(self, request, *args, **kwargs):
        # The committee (PROPOSAL_REVIEW) reads the list too.
        if request.user.is_authenticated and not has_perm(request.user, Perm.DEMOCRACY_VIEW) \
                and has_perm(request.user, Perm.PROPOSAL_REVIEW):
            self.perm = Perm.PROPOSAL_REVIEW
        return super().dispatch(request, *args, **kwargs)

    def selector(self, request):
        return list_columns(selectors.proposals(request.user, within=request.current_org))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        org = self.request.current_org
        kwargs["departments"] = selectors.departments(self.request.user, Perm.DEMOCRACY_VIEW).filter(
            org__path__startswith=org.path) if org else Department.objects.none()
        kwargs["terms"] = congress_selectors.terms(self.request.user).filter(
            org__path__startswith=org.path) if org else congress_selectors.terms(self.request.user).none()
        sessions = congress_selectors.sessions(self.request.user).order_by("-opened_on")
        kwargs["sessions"] = sessions.filter(org__path__startswith=org.path) if org else sessions.none()
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["links"] = ([("代为录入书面提案", reverse("democracy:proposals_enter"), "pencil-square")]
                        if has_perm(user, Perm.DEMOCRACY_EDIT) or has_perm(user, Perm.PROPOSAL_REVIEW) else []) + [
                        ("承办部门", reverse("democracy:proposals_departments"), "building"),
                        ("办理情况报告", reverse("democracy:proposals_report"), "file-earmark-word")]
        ctx["import_url"] = reverse("importing:start", args=["democracy_proposals"]) if has_perm(
            user, Perm.DEMOCRACY_EDIT) else ""
        return ctx

    def export(self, request, queryset, fmt):
        from ..proposals_import import export_response

        return export_response(request, queryset)


class ProposalDetailView(ObjectDetailView):
    perm = None
    template_name = "democracy/proposals/detail.html"

    def selector(self, request, pk):
        return selectors.proposal_for(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p, user = self.object, self.request.user
        review = services.can_review(user, p.org)
        answer = services.can_answer(user, p)
        ctx.update(
            title=f"提案{p.code}：{p.title}", p=p,
            cosigners=p.cosigners.select_related("delegate__person"),
            answers=p.answers.select_related("department", "answered_by"),
            steps=p.steps.select_related("actor"),
            merged=p.merged.select_related("term"),
            overdue=p.is_overdue(localdate()),
            can_review=review and p.state == S.SUBMITTED,
            can_edit=review,
            can_assign=review and p.state == S.REGISTERED,
            can_answer=answer and p.state == S.ASSIGNED,
            can_rate=review and p.state == S.ANSWERED,
            can_send_back=review and p.state == S.RATED and p.rating == "unsatisfied" and not p.sent_back,
            can_close=review and p.state in (S.ANSWERED, S.RATED),
            history=object_history(p)[:50] if can_on_org(user, Perm.DEMOCRACY_VIEW, p.org) else [],
            tab=self.request.GET.get("tab", "info"),
        )
        return ctx


# ---------------------------------------------------------------------------------------------------------------
# The committee's and the department's acts on one proposal
# ---------------------------------------------------------------------------------------------------------------

class ProposalActionView(ActionFormView):
    perm = None
    template_name = "democracy/proposals/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.proposal = selectors.proposal_for(request.user, kwargs["pk"])
            if not self.allowed(request.user):
                raise Http404("未找到该页面")
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        return services.can_review(user, self.proposal.org)

    def form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        return self.form_class(**self.get_form_kwargs(), **self.form_kwargs())

    def summary(self):
        p = self.proposal
        return [("提案", f"{p.code}《{p.title}》"), ("提案人", p.proposer.person.name),
                ("类别", p.get_category_display()), ("状态", p.get_state_display())]

    def back_url(self):
        return self.proposal.get_absolute_url()

    def perform(self, form):
        try:
            return self.act(form.cleaned_data)
        except ServiceError as exc:
            _not_found(exc)

    def act(self, data):  # pragma: no cover
        raise NotImplementedError


class ReviewView(ProposalActionView):
    title = action_label = "审查提案"
    icon = "clipboard-check"
    form_class = f.ReviewForm
    intro = "提案委员会审查：立案、并案（并入同届已立案提案）、作为意见建议处理或不予立案（须写明理由）。"

    def form_kwargs(self):
        return {"proposal": self.proposal}

    def blocked_reason(self):
        return "" if self.proposal.state == S.SUBMITTED else f"该提案已审查（{self.proposal.get_state_display()}）。"

    def act(self, data):
        return services.proposal_review(actor=self.request.user, proposal=self.proposal, decision=data["decision"],
                                        note=data["note"], merged_into=data["merged_into"])


class AssignView(ProposalActionView):
    title = action_label = "交办提案"
    icon = "send"
    form_class = f.AssignForm
    intro = "将已立案的提案交承办部门办理，并确定答复期限。"

    def form_kwargs(self):
        return {"departments": Department.objects.filter(org=self.proposal.org, is_active=True)}

    def blocked_reason(self):
        if self.proposal.state != S.REGISTERED:
            return f"只有已立案的提案才能交办（该提案为“{self.proposal.get_state_display()}”）。"
        if not Department.objects.filter(org=self.proposal.org, is_active=True).exists():
            return "尚未设置承办部门，请先在“承办部门”中添加。"
        return ""

    def act(self, data):
        return services.proposal_assign(actor=self.request.user, proposal=self.proposal,
                                        department=data["department"], due_on=data["due_on"], note=data["note"])


class AnswerView(ProposalActionView):
    title = action_label = "答复提案"
    icon = "reply"
    form_class = f.AnswerForm
    intro = "承办部门答复提案。答复后提案人将收到消息并进行满意度评价。"

    def allowed(self, user):
        return services.can_answer(user, self.proposal)

    def form_kwargs(self):
        user, p = self.request.user, self.proposal
        if services.can_review(user, p.org):
            departments = Department.objects.filter(org=p.org)
        else:
            departments = selectors.my_departments(user).filter(org=p.org)
        return {"departments": departments, "initial": {"department": p.department_id}}

    def get_form(self):
        kwargs = self.form_kwargs()
        return self.form_class(**self.get_form_kwargs(), **kwargs)

    def summary(self):
        p = self.proposal
        return super().summary() + [("承办部门", p.department.name if p.department else ""),
                                    ("答复期限", f"{p.due_on:%Y-%m-%d}" if p.due_on else ""),
                                    ("理由", p.reasons), ("建议措施", p.measures)]

    def blocked_reason(self):
        return "" if self.proposal.state == S.ASSIGNED else f"该提案当前为“{self.proposal.get_state_display()}”，不能答复。"

    def success_url(self, result):
        if services.can_review(self.request.user, self.proposal.org):
            return self.proposal.get_absolute_url()
        return reverse("democracy:proposals_department")

    def act(self, data):
        return services.proposal_answer(actor=self.request.user, proposal=self.proposal,
                                        department=data["department"], text=data["text"])


class RateView(ProposalActionView):
    title = action_label = "记录满意度评价"
    icon = "star"
    form_class = f.RateForm
    intro = "代提案人记录其对答复的评价（书面评价表）。提案人也可在手机上自行评价。"

    def blocked_reason(self):
        return "" if self.proposal.state == S.ANSWERED else "该提案当前不能评价。"

    def act(self, data):
        return services.proposal_rate(actor=self.request.user, proposal=self.proposal, rating=data["rating"],
                                      note=data["note"])


class SendBackView(ProposalActionView):
    title = action_label = "退回重办"
    icon = "arrow-counterclockwise"
    form_class = f.SendBackForm
    intro = "提案人对答复不满意的，可退回承办部门重新办理一次。"

    def act(self, data):
        return services.proposal_send_back(actor=self.request.user, proposal=self.proposal, due_on=data["due_on"],
                                           note=data["note"])


class CloseView(ProposalActionView):
    title = action_label = "办结提案"
    icon = "check2-all"
    form_class = f.CloseForm
    intro = "已答复（或已评价）的提案办结归档。"

    def act(self, data):
        return services.proposal_close(actor=self.request.user, proposal=self.proposal, note=data["note"])


# ---------------------------------------------------------------------------------------------------------------
# 代为录入 (an officer enters a delegate's paper proposal) and editing a proposal (its text, its session)
# ---------------------------------------------------------------------------------------------------------------

def _entry_terms(user, org):
    """Terms in office where the user may act as the committee (enter paper proposals), inside the current org."""
    from ..selectors.proposals import review_q

    terms = Term.objects.filter(review_q(user), ended_on__isnull=True).select_related("congress", "org")
    if org is not None:
        terms = terms.filter(org__path__startswith=org.path)
    return terms.order_by("org__path", "-number")


class EnterView(ActionFormView):
    """代为录入: the committee or an officer enters a delegate's paper proposal. The form is the delegate's own
    (ProposalForm) with the proposer and the paper's date; the service checks the same things and records who
    entered it (`Proposal.entered_by`, the submit step, the audit entry)."""

    perm = None
    title = action_label = "代为录入书面提案"
    icon = "pencil-square"
    template_name = "democracy/proposals/enter_form.html"
    form_class = f.ProposalEntryForm
    intro = "职工代表提交书面提案的，由提案工作人员代为录入；录入人记入办理记录和操作日志。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            terms = list(_entry_terms(request.user, request.current_org))
            if not terms and not _entry_terms(request.user, None).exists():
                raise Http404("未找到该页面")
            self.terms = terms
            wanted = request.GET.get("term") or request.POST.get("term")
            self.term = next((t for t in terms if str(t.pk) == str(wanted)), terms[0] if terms else None)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        people = Person.objects.none()
        kwargs = {}
        if self.term is not None:
            people = (Person.objects.filter(delegate_terms__term_id=self.term.pk,
                                            delegate_terms__status=Delegate.Status.SERVING).order_by("name_pinyin"))
            kwargs = dict(sessions=congress_selectors.session_choices(self.term),
                          default_session=congress_selectors.default_session(self.term))
        return self.form_class(**self.get_form_kwargs(), people=people, **kwargs)

    def blocked_reason(self):
        return "" if self.term else "当前组织没有在任的职代会届次，不能录入提案。"

    def summary(self):
        return [("届次", f"{self.term.org.name} {self.term}")] if self.term else []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["terms"], ctx["term"] = self.terms, self.term
        return ctx

    def back_url(self):
        return reverse("democracy:proposals_list")

    def perform(self, form):
        if self.term is None:
            raise ServiceError("当前组织没有在任的职代会届次，不能录入提案。")
        data = form.cleaned_data
        try:
            return services.proposal_submit(
                actor=self.request.user, term=self.term, proposer=data["proposer"], title=data["title"],
                category=data["category"], reasons=data["reasons"], measures=data["measures"],
                cosigners=list(data["cosigners"]), session=data.get("session"), submitted_on=data["submitted_on"])
        except ServiceError as exc:
            _not_found(exc)

    def success_message(self, result):
        return f"已代{result.proposer.person.name}录入提案，编号{result.code}。"

    def success_url(self, result):
        return result.get_absolute_url()


class EditView(ProposalActionView):
    """修改提案: the committee changes the text while 已提交, and the session at any time."""

    title = action_label = "修改提案"
    icon = "pencil"
    form_class = f.ProposalEditForm
    intro = "审查前可修改提案内容；提交会议（本届哪一次会议）可随时调整。"

    def form_kwargs(self):
        p = self.proposal
        editable = p.state == S.SUBMITTED
        initial = {"session": p.session_id}
        if editable:
            initial.update(title=p.title, category=p.category, reasons=p.reasons, measures=p.measures)
        return {"sessions": congress_selectors.session_choices(p.term), "text_editable": editable,
                "initial": initial}

    def act(self, data):
        return services.proposal_update(actor=self.request.user, proposal=self.proposal, title=data.get("title"),
                                        category=data.get("category"), reasons=data.get("reasons"),
                                        measures=data.get("measures"), session=data.get("session"))

    def success_message(self, result):
        return "提案已修改。"


# ---------------------------------------------------------------------------------------------------------------
# The department contact's list; departments
# ---------------------------------------------------------------------------------------------------------------

class DepartmentInboxView(ObjectListView):
    """承办部门联系人: the proposals assigned to their departments."""

    perm = Perm.PROPOSAL_ANSWER
    title = "本部门承办的提案"
    table_class = f.ProposalTable
    filterset_class = f.ProposalFilterSet
    template_name = "democracy/proposals/list.html"

    def selector(self, request):
        return list_columns(selectors.proposals(request.user).filter(
            department__in=selectors.my_departments(request.user)))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = selectors.my_departments(self.request.user)
        kwargs["terms"] = congress_selectors.terms(self.request.user).none()
        kwargs["sessions"] = congress_selectors.sessions(self.request.user).none()
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["waiting"] = selectors.to_answer(self.request.user).select_related("term", "department")[:50]
        ctx["today"] = localdate()
        return ctx


def _contact_users(org):
    roles = [role for role, perms in ROLE_PERMS.items() if Perm.PROPOSAL_ANSWER in perms]
    from gonghui.orgs.models import PATH_STEP

    paths = [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]
    return (User.objects.filter(is_active=True, roles__role__in=roles, roles__org__path__in=paths)
            .distinct().order_by("username"))


@login_required
def departments(request):
    if not has_perm(request.user, Perm.DEMOCRACY_VIEW):
        raise Http404("未找到该页面")
    org = request.current_org
    rows = selectors.departments(request.user).prefetch_related("contacts")
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    can_edit = org is not None and services.can_review(request.user, org)
    form = f.DepartmentForm(request.POST or None, users=_contact_users(org) if org else User.objects.none())
    if request.method == "POST":
        if not can_edit:
            raise Http404("未找到该页面")
        if form.is_valid():
            try:
                d = services.department_save(actor=request.user, org=org, name=form.cleaned_data["name"],
                                             contacts=form.cleaned_data["contacts"],
                                             order=form.cleaned_data["order"] or 0)
            except ServiceError as exc:
                if exc.code == "out_of_scope":
                    raise Http404("未找到该页面") from exc
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"已添加承办部门：{d.name}。")
                return redirect("democracy:proposals_departments")
    return render(request, "democracy/proposals/departments.html",
                  {"title": "提案承办部门", "rows": rows, "form": form, "can_edit": can_edit})


def _department_for_edit(request, pk) -> Department:
    d = selectors.department_for(request.user, pk)
    if not services.can_review(request.user, d.org):
        raise Http404("未找到该页面")
    return d


@login_required
def department_edit(request, pk):
    """Rename a department, change its contacts and order, deactivate it (停用) or delete it if never used."""
    d = _department_for_edit(request, pk)
    current = list(d.contacts.all())
    ids = set(_contact_users(d.org).values_list("pk", flat=True)) | {u.pk for u in current}
    users = User.objects.filter(pk__in=ids).order_by("username")
    form = f.DepartmentEditForm(request.POST or None, users=users, initial={
        "name": d.name, "order": d.order, "is_active": d.is_active, "contacts": [u.pk for u in current]})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            try:
                services.department_delete(actor=request.user, department=d)
            except ServiceError as exc:
                if exc.code == "out_of_scope":
                    raise Http404("未找到该页面") from exc
                messages.error(request, exc.messages[0])
                return redirect("democracy:proposals_department_edit", pk=d.pk)
            messages.success(request, f"已删除承办部门：{d.name}。")
            return redirect("democracy:proposals_departments")
        if form.is_valid():
            try:
                d = services.department_save(actor=request.user, org=d.org, department=d,
                                             name=form.cleaned_data["name"], contacts=form.cleaned_data["contacts"],
                                             order=form.cleaned_data["order"] or 0,
                                             is_active=form.cleaned_data["is_active"])
            except ServiceError as exc:
                if exc.code == "out_of_scope":
                    raise Http404("未找到该页面") from exc
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"已保存承办部门：{d.name}{'' if d.is_active else '（已停用）'}。")
                return redirect("democracy:proposals_departments")
    return render(request, "democracy/proposals/department_edit.html", {
        "title": f"承办部门：{d.name}", "d": d, "form": form, "uses": services.department_uses(d),
        "history": _history_rows(d)})


def _history_rows(d: Department) -> list[dict]:
    """The department's audit entries with field labels and lists (contacts) written out."""
    labels = {"name": "部门名称", "order": "排序", "is_active": "在用", "contacts": "联系人"}

    def said(value):
        if isinstance(value, list):
            return "、".join(str(v) for v in value) or "（无）"
        if isinstance(value, bool):
            return "是" if value else "否"
        return "" if value is None else str(value)

    return [{"at": e.at, "actor": e.actor_name or "系统", "action": e.get_action_display(),
             "changes": [(labels.get(k, k), said(v[0]), said(v[1])) for k, v in (e.changes or {}).items()
                         if k in labels]}
            for e in object_history(d)[:30]]


# ---------------------------------------------------------------------------------------------------------------
# 提案办理情况报告
# ---------------------------------------------------------------------------------------------------------------

@login_required
def report(request):
    if not (has_perm(request.user, Perm.DEMOCRACY_VIEW) or has_perm(request.user, Perm.PROPOSAL_REVIEW)):
        raise Http404("未找到该页面")
    terms = congress_selectors.terms(request.user)
    if request.current_org is not None:
        terms = terms.filter(org__path__startswith=request.current_org.path)
    form = f.ReportForm(request.GET or None, terms=terms)
    if request.GET and form.is_valid():
        from ..proposals_report import docx_response

        return docx_response(request, term=form.cleaned_data["term"], session=form.cleaned_data["session"])
    return render(request, "democracy/proposals/report_form.html", {"title": "提案办理情况报告", "form": form})


# ---------------------------------------------------------------------------------------------------------------
# The delegate's phone pages
# ---------------------------------------------------------------------------------------------------------------

def _person(request) -> Person:
    if not getattr(request.user, "person_id", None):
        raise Http404("您的账号未关联人员信息")
    return request.user.person


@login_required
def my_list(request):
    person = _person(request)
    delegacies = list(congress_selectors.serving_delegacies(person))
    rows = selectors.mine(request.user).order_by("-submitted_on", "-id")[:100]
    return render(request, "democracy/proposals/my_list.html", {
        "title": "我的提案", "rows": rows, "delegacies": delegacies, "person": person})


class MyNewView(ActionFormView):
    perm = None
    title = action_label = "提出提案"
    icon = "lightbulb"
    template_name = "democracy/proposals/member_form.html"
    form_class = f.ProposalForm
    intro = "职工代表就企业生产经营、职工切身利益等提出提案，可邀请同届代表附议。提交后由提案委员会审查。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = _person(request)
            self.delegacy = congress_selectors.serving_delegacies(self.person).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        people = Person.objects.none()
        if self.delegacy is not None:
            people = (Person.objects.filter(delegate_terms__term_id=self.delegacy.term_id,
                                            delegate_terms__status=Delegate.Status.SERVING)
                      .exclude(pk=self.person.pk).order_by("name_pinyin"))
            term = self.delegacy.term
            return self.form_class(**self.get_form_kwargs(), people=people,
                                   sessions=congress_selectors.session_choices(term, include_closed=False),
                                   default_session=congress_selectors.default_session(term))
        return self.form_class(**self.get_form_kwargs(), people=people)

    def blocked_reason(self):
        return "" if self.delegacy else "您不是在任职工代表，不能提出提案。如有意见建议，可通过意见箱反映。"

    def back_url(self):
        return reverse("democracy:proposals_my_list")

    def perform(self, form):
        if self.delegacy is None:
            raise ServiceError("您不是在任职工代表，不能提出提案。")
        data = form.cleaned_data
        return services.proposal_submit(actor=self.request.user, term=self.delegacy.term, proposer=self.person,
                                        title=data["title"], category=data["category"], reasons=data["reasons"],
                                        measures=data["measures"], cosigners=list(data["cosigners"]),
                                        session=data.get("session"))

    def success(self, result):
        messages.success(self.request, f"提案已提交，编号{result.code}。提案委员会审查后将通知您。")
        return redirect("democracy:proposals_my_detail", pk=result.pk)


@login_required
def my_cosign(request):
    person = _person(request)
    rows = selectors.cosignable(request.user).order_by("-submitted_on", "-id")[:100]
    signed = set(selectors.mine(request.user).values_list("pk", flat=True))
    return render(request, "democracy/proposals/my_cosign.html", {
        "title": "附议提案", "rows": rows, "signed": signed, "person": person})


@login_required
def my_detail(request, pk):
    person = _person(request)
    p = selectors.member_proposal_for(request.user, pk)
    own = p.proposer.person_id == person.pk
    cosigners = list(p.cosigners.select_related("delegate__person"))
    signed = any(c.delegate.person_id == person.pk for c in cosigners)
    rate_form = f.RateForm(request.POST or None) if own and p.state == S.ANSWERED else None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cosign" and not own:
                services.proposal_cosign(actor=request.user, proposal=p, person=person)
                messages.success(request, "已附议。")
                return redirect("democracy:proposals_my_detail", pk=p.pk)
            if request.POST.get("action") == "rate" and rate_form is not None and rate_form.is_valid():
                services.proposal_rate(actor=request.user, proposal=p, rating=rate_form.cleaned_data["rating"],
                                       note=rate_form.cleaned_data["note"])
                messages.success(request, "感谢您的评价。")
                return redirect("democracy:proposals_my_detail", pk=p.pk)
            if request.POST.get("action") == "rate" and p.state == S.RATED:
                return redirect("democracy:proposals_my_detail", pk=p.pk)  # a second click after rating
        except ServiceError as exc:
            if exc.code == "out_of_scope":
                raise Http404("未找到该提案") from exc
            messages.error(request, exc.messages[0])
    return render(request, "democracy/proposals/my_detail.html", {
        "title": f"提案{p.code}", "p": p, "own": own, "signed": signed, "cosigners": cosigners,
        "answers": p.answers.select_related("department") if p.state not in (S.SUBMITTED,) else [],
        "rate_form": rate_form, "can_cosign": not own and not signed and p.state == S.SUBMITTED})

class MyEditView(MyNewView):
    """The delegate changes their own proposal while it waits for review (text and session; co-proposers sign
    themselves)."""

    title = action_label = "修改提案"
    icon = "pencil"
    form_class = f.ProposalEditForm
    intro = "提案委员会审查前，您可以修改提案内容和提交会议。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            person = _person(request)
            self.proposal = selectors.member_proposal_for(request.user, kwargs["pk"])
            if self.proposal.proposer.person_id != person.pk:
                raise Http404("未找到该提案")
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        p = self.proposal
        return self.form_class(**self.get_form_kwargs(), sessions=congress_selectors.session_choices(
            p.term, include_closed=False), initial={"session": p.session_id, "title": p.title,
                                                    "category": p.category, "reasons": p.reasons,
                                                    "measures": p.measures})

    def blocked_reason(self):
        p = self.proposal
        return "" if p.state == S.SUBMITTED else f"该提案已审查（{p.get_state_display()}），不能再修改。"

    def back_url(self):
        return reverse("democracy:proposals_my_detail", args=[self.proposal.pk])

    def perform(self, form):
        data = form.cleaned_data
        try:
            return services.proposal_update(actor=self.request.user, proposal=self.proposal, title=data["title"],
                                            category=data["category"], reasons=data["reasons"],
                                            measures=data["measures"], session=data.get("session"))
        except ServiceError as exc:
            _not_found(exc)

    def success(self, result):
        messages.success(self.request, "提案已修改。")
        return redirect("democracy:proposals_my_detail", pk=result.pk)


__all__ = ["EnterView", "EditView", "MyEditView", "ProposalListView", "ProposalDetailView", "ReviewView", "AssignView", "AnswerView", "RateView",
           "SendBackView", "CloseView", "DepartmentInboxView", "departments", "department_edit", "report", "my_list", "MyNewView",
           "my_cosign", "my_detail"]
