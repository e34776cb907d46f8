"""Pages of the congress room (职代会): terms with their composition check, the rules, sessions with attendance,
the quorum, resolutions and votes, the reports heard; printable sign-in and tally sheets; the 职代会召开情况报告表
(Word); the delegate's sign-in on the phone. Reads go through selectors.congress (404 outside scope); writes through
services.congress (a ServiceError comes back as the Chinese message beside the form)."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.views import ObjectListView

from ..models import CongressRuleSet, CongressSession, Delegate, DelegateCategory, SessionAttendance, SessionReport
from ..selectors import congress as reads
from ..services import congress as services

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


def _need(request, perm=Perm.DEMOCRACY_VIEW):
    if not request.user.is_authenticated or not has_perm(request.user, perm):
        raise Http404("未找到该页面")


def _errors(form, exc: ServiceError) -> None:
    if getattr(exc, "code", None) == "out_of_scope":
        raise Http404(reads.NOT_FOUND)
    for message in exc.messages:
        form.add_error(None, message)


def _within(request, qs, field="org__path"):
    org = getattr(request, "current_org", None)
    return qs.filter(**{f"{field}__startswith": org.path}) if org is not None else qs


# --------------------------------------------------------------------------------------------------- sessions list

class SessionFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="opened_on", lookup_expr="year")
    status = django_filters.ChoiceFilter(label="状态", choices=CongressSession.Status.choices)
    kind = django_filters.ChoiceFilter(label="会议类别", choices=CongressSession.Kind.choices)

    class Meta:
        model = CongressSession
        fields = ["year", "status", "kind"]


class SessionTable(tables.Table):
    name = tables.Column(verbose_name="会议", accessor="pk", order_by=("term__number", "number"),
                         linkify=("democracy:congress_session_detail", {"pk": tables.A("pk")}))
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))
    kind = tables.Column(verbose_name="类别")
    opened_on = tables.DateColumn(verbose_name="开幕日期", format="Y-m-d")
    place = tables.Column(verbose_name="地点")
    status = tables.Column(verbose_name="状态")
    expected = tables.Column(verbose_name="应到")
    attended = tables.Column(verbose_name="实到")
    is_valid = tables.Column(verbose_name="有效", empty_values=())

    class Meta:
        model = CongressSession
        template_name = "core/table.html"
        attrs = ATTRS
        fields = ("name", "org", "kind", "opened_on", "place", "status", "expected", "attended", "is_valid")
        order_by = ("-opened_on",)

    def render_name(self, record):
        return str(record)

    def render_is_valid(self, record):
        if record.is_valid is None:
            return "—"
        return "有效" if record.is_valid else "无效（未达法定人数）"


class SessionListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    title = "职代会会议"
    table_class = SessionTable
    filterset_class = SessionFilterSet
    template_name = "democracy/congress/session_list.html"
    export_formats = ("xlsx",)

    def selector(self, request):
        return _within(request, reads.sessions(request.user))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["terms"] = _within(self.request, reads.terms(self.request.user)).filter(ended_on__isnull=True)
        ctx["can_edit"] = has_perm(self.request.user, Perm.DEMOCRACY_EDIT)
        return ctx

    def export(self, request, queryset, fmt):
        from gonghui.core.views import xlsx_response
        from gonghui.core.excel import Column

        columns = [Column("会议", 22), Column("工会", 24), Column("类别", 10), Column("开幕日期", 12, "date"),
                   Column("闭幕日期", 12, "date"), Column("地点", 18), Column("状态", 8), Column("应到", 8, "number"),
                   Column("实到", 8, "number"), Column("是否有效", 10)]
        rows = ([str(s), s.org.name, s.get_kind_display(), s.opened_on, s.closed_on, s.place, s.get_status_display(),
                 s.expected, s.attended, "" if s.is_valid is None else ("有效" if s.is_valid else "无效")]
                for s in queryset.order_by("opened_on"))
        return xlsx_response(request, model=CongressSession, title="职代会会议", columns=columns, rows=rows,
                             filename="职代会会议")


# --------------------------------------------------------------------------------------------------- terms

@login_required
def term_list(request):
    _need(request)
    terms = (_within(request, reads.terms(request.user))
             .annotate(n_delegates=Count("delegates", filter=Q(delegates__status=Delegate.Status.SERVING)),
                       n_sessions=Count("sessions", distinct=True))
             .order_by("org__path", "congress__kind", "-number"))
    return render(request, "democracy/congress/term_list.html", {"title": "职代会届次与代表", "terms": terms})


@login_required
def term_detail(request, pk):
    _need(request)
    term = reads.term_get(request.user, pk)
    comp = reads.composition(term)
    delegations = (term.delegations.select_related("leader__person")
                   .annotate(n=Count("delegates", filter=Q(delegates__status=Delegate.Status.SERVING))))
    return render(request, "democracy/congress/term_detail.html", {
        "title": str(term), "term": term, "comp": comp, "delegations": delegations,
        "sessions": term.sessions.order_by("number"),
        "can_edit": can_on_org(request.user, Perm.DEMOCRACY_EDIT, term.org),
    })


class DelegateFilterSet(FilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="icontains")
    category = django_filters.ChoiceFilter(label="代表构成", choices=DelegateCategory.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Delegate.Status.choices)
    is_woman = django_filters.BooleanFilter(label="女职工")

    class Meta:
        model = Delegate
        fields = ["q", "category", "status", "is_woman"]


class DelegateTable(tables.Table):
    person = tables.Column(verbose_name="姓名", accessor="person__name", order_by=("person__name_pinyin",))
    member_no = tables.Column(verbose_name="会员编号", accessor="person__member_no")
    department = tables.Column(verbose_name="部门", accessor="person__department")
    delegation = tables.Column(verbose_name="代表团（组）", accessor="delegation__name",
                               order_by=("delegation__order",))
    category = tables.Column(verbose_name="代表构成")
    is_woman = tables.BooleanColumn(verbose_name="女", yesno="是,")
    is_young = tables.BooleanColumn(verbose_name="青年", yesno="是,")
    elected_on = tables.DateColumn(verbose_name="当选日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Delegate
        template_name = "core/table.html"
        attrs = ATTRS
        fields = ("person", "member_no", "department", "delegation", "category", "is_woman", "is_young",
                  "elected_on", "status")


DELEGATE_COLUMNS = ("姓名", "会员编号", "部门", "代表团（组）", "代表构成", "女职工", "青年", "当选日期", "状态")


class DelegateListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    table_class = DelegateTable
    filterset_class = DelegateFilterSet
    export_formats = ("xlsx",)
    template_name = "democracy/congress/delegate_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.DEMOCRACY_VIEW):
            self.term = reads.term_get(request.user, kwargs["pk"])
            self.title = f"{self.term}代表名单"
        return super().dispatch(request, *args, **kwargs)

    def selector(self, request):
        return reads.delegates(request.user).filter(term=self.term)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["term"] = self.term
        ctx["can_import"] = can_on_org(self.request.user, Perm.DEMOCRACY_EDIT, self.term.org)
        return ctx

    def export(self, request, queryset, fmt):
        from gonghui.core.views import xlsx_response
        from gonghui.core.excel import Column

        columns = [Column(h, 14, "date" if h == "当选日期" else "text") for h in DELEGATE_COLUMNS]
        rows = ([d.person.name, d.person.member_no, d.person.department, d.delegation.name if d.delegation else "",
                 d.get_category_display(), "是" if d.is_woman else "", "是" if d.is_young else "", d.elected_on,
                 d.get_status_display()] for d in queryset)
        return xlsx_response(request, model=Delegate, title=self.title, columns=columns, rows=rows,
                             filename=self.title)


# --------------------------------------------------------------------------------------------------- rules

class RuleSetForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="制定单位", queryset=None)
    name = forms.CharField(label="名称", max_length=100)
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    manager_max_percent = forms.DecimalField(label="中层以上管理人员最高比例（%）", initial=20, max_digits=5,
                                             decimal_places=2)
    women_rule = forms.ChoiceField(label="女职工代表比例要求", choices=CongressRuleSet.Women.choices)
    women_min_percent = forms.DecimalField(label="女职工代表最低比例（%）", required=False, max_digits=5,
                                           decimal_places=2)
    quorum_numerator = forms.IntegerField(label="法定人数：全体代表的（分子）", initial=2, min_value=1)
    quorum_denominator = forms.IntegerField(label="（分母）", initial=3, min_value=1)
    pass_numerator = forms.IntegerField(label="通过：赞成票超过全体代表的（分子）", initial=1, min_value=1)
    pass_denominator = forms.IntegerField(label="（分母）", initial=2, min_value=1)
    note = forms.CharField(label="依据/说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.accounts.scope import orgs_in_scope
        from gonghui.orgs.models import Organization

        self.fields["org"].queryset = (orgs_in_scope(user, Perm.DEMOCRACY_EDIT)
                                       .filter(kind__in=Organization.UNION_KINDS).order_by("path"))


@login_required
def rules_list(request):
    _need(request)
    org = getattr(request, "current_org", None)
    current = reads.rules_for(org, localdate()) if org is not None else None
    return render(request, "democracy/congress/rules_list.html", {
        "title": "职代会规则", "rule_sets": reads.rule_sets(request.user).order_by("org__path", "-effective_from"),
        "current": current, "org": org, "can_edit": has_perm(request.user, Perm.DEMOCRACY_EDIT),
    })


@login_required
def rules_edit(request, pk=None):
    _need(request, Perm.DEMOCRACY_EDIT)
    rule_set = reads.rule_set_get(request.user, pk, Perm.DEMOCRACY_EDIT) if pk else None
    initial = {"effective_from": localdate(), "org": getattr(request, "current_org", None)}
    if rule_set is not None:
        initial = {f: getattr(rule_set, f) for f in ("org", "name", "effective_from", "manager_max_percent",
                                                       "women_rule", "women_min_percent", "quorum_numerator",
                                                       "quorum_denominator", "pass_numerator", "pass_denominator",
                                                       "note")}
    form = RuleSetForm(request.POST or None, initial=initial, user=request.user)
    if rule_set is not None:  # a rule set stays with the union that made it
        form.fields["org"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.rule_set_save(
                actor=request.user, org=d["org"], name=d["name"], effective_from=d["effective_from"],
                manager_max_percent=d["manager_max_percent"], women_rule=d["women_rule"],
                women_min_percent=d["women_min_percent"], quorum=(d["quorum_numerator"], d["quorum_denominator"]),
                pass_mark=(d["pass_numerator"], d["pass_denominator"]), note=d["note"], rule_set=rule_set)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已保存职代会规则。")
            return redirect("democracy:congress_rules")
    return render(request, "core/object_form.html", {
        "title": "修改职代会规则" if rule_set else "新增职代会规则", "form": form,
        "cancel_url": reverse("democracy:congress_rules")})


# --------------------------------------------------------------------------------------------------- sessions

class SessionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="会议类别", choices=CongressSession.Kind.choices)
    opened_on = forms.DateField(label="开幕日期", widget=DATE)
    closed_on = forms.DateField(label="闭幕日期", required=False, widget=DATE)
    place = forms.CharField(label="地点", required=False, max_length=100)
    agenda = forms.CharField(label="议程（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 5}))


@login_required
def session_add(request, term_pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    term = reads.term_get(request.user, term_pk, Perm.DEMOCRACY_EDIT)
    form = SessionForm(request.POST or None, initial={"opened_on": localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, term=term, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"已登记{session}。")
            return redirect(session.get_absolute_url())
    return render(request, "core/object_form.html", {"title": f"登记{term}会议", "form": form,
                                                     "cancel_url": reverse("democracy:congress_term_detail",
                                                                           args=[term.pk])})


@login_required
def session_edit(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    initial = {f: getattr(session, f) for f in ("kind", "opened_on", "closed_on", "place", "agenda")}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, note=session.note, **form.cleaned_data)
        except ServiceError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(session.get_absolute_url())
    return render(request, "core/object_form.html", {"title": f"修改{session}", "form": form,
                                                     "cancel_url": session.get_absolute_url()})


def roll_html(state, editable: bool, statuses) -> str:
    """The roll's table rows, written in Python: the same markup the template loop wrote (ids status-<pk> and
    reason-<pk>, classes roll-<status>, the phone icon), at a fraction of the cost — a 2,000-delegate roll took
    ~0.5 s of CPU in the template language (nested option loops, 2,000 × a dozen tags)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    if not state.roll:
        return mark_safe('<tr><td colspan="4" class="text-muted">本届没有在任代表。</td></tr>')
    options = [(value, escape(label)) for value, label in statuses]
    out = []
    append = out.append
    for row in state.roll:
        d, a = row.delegate, row.attendance
        pk = d.pk
        status = a.status if a is not None else ""
        name = escape(d.person.name)
        phone = ' <i class="bi bi-phone text-success" title="手机签到"></i>' if a is not None and a.via == "phone" \
            else ""
        group = escape(d.delegation.name) if d.delegation_id else ""
        reason = escape(a.reason) if a is not None and a.reason else ""
        if editable:
            opts = "".join(f'<option value="{v}"{" selected" if v == status else ""}>{label}</option>'
                           for v, label in options)
            choice = (f'<label class="visually-hidden" for="status-{pk}">{name}出席情况</label>'
                      f'<select class="form-select form-select-sm" name="status-{pk}" id="status-{pk}">'
                      f'<option value="">未登记</option>{opts}</select>')
            why = (f'<label class="visually-hidden" for="reason-{pk}">原因</label><input class="form-control '
                   f'form-control-sm" name="reason-{pk}" id="reason-{pk}" value="{reason}" maxlength="200">')
        else:
            choice, why = escape(a.get_status_display()) if a is not None else "未登记", reason
        append(f'<tr class="roll-{status or "none"}" data-delegate="{pk}"><td>{name}{phone}</td>'
               f'<td class="small">{group}</td><td>{choice}</td><td>{why}</td></tr>')
    return mark_safe("\n".join(out))


@login_required
def session_detail(request, pk):
    _need(request)
    session = reads.session_get(request.user, pk)
    state = reads.session_state(session)
    can_edit = can_on_org(request.user, Perm.DEMOCRACY_EDIT, session.org)
    from ..selectors import proposals as proposal_reads

    proposal_counts, proposal_rows = proposal_reads.session_summary(session)
    return render(request, "democracy/congress/session_detail.html", {
        "proposal_counts": proposal_counts, "proposal_rows": proposal_rows,
        "proposals_url": reverse("democracy:proposals_list") + f"?session={session.pk}",
        "title": str(session), "session": session, "state": state, "can_edit": can_edit,
        "resolutions": session.resolutions.prefetch_related("corrections"), "reports": session.reports.all(),
        "report_form": ReportForm(), "statuses": SessionAttendance.Status.choices,
        "editable": can_edit and session.status != CongressSession.Status.CLOSED,
        "roll_rows": roll_html(state, can_edit and session.status != CongressSession.Status.CLOSED,
                               SessionAttendance.Status.choices),
    })


def _act(request, session, fn, ok: str):
    try:
        fn()
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(reads.NOT_FOUND) from None
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, ok)
    return redirect(session.get_absolute_url())


@require_POST
@login_required
def session_open(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    return _act(request, session, lambda: services.session_open(actor=request.user, session=session),
                "会议已开始，代表可在手机上签到。")


@require_POST
@login_required
def session_close(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)

    def close():
        closed = services.session_close(actor=request.user, session=session)
        if not closed.is_valid:
            messages.warning(request, f"实到{closed.attended}名，未达到法定人数{closed.quorum}名：会议已记为无效。")

    return _act(request, session, close, "会议已闭幕，出席情况和表决结果已登记。")


@require_POST
@login_required
def attendance_save(request, pk):
    """The officer's roll: one select per delegate (出席/请假/缺席) and a reason; only changed rows are written."""
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    state = reads.session_state(session)
    changed, problems = 0, []
    for row in state.roll:
        status = request.POST.get(f"status-{row.delegate.pk}", "")
        reason = request.POST.get(f"reason-{row.delegate.pk}", "").strip()
        if not status or (status == row.status and reason == (row.attendance.reason if row.attendance else "")):
            continue
        try:
            services.attendance_mark(actor=request.user, session=session, delegate=row.delegate, status=status,
                                     reason=reason)
            changed += 1
        except ServiceError as exc:
            if getattr(exc, "code", None) == "out_of_scope":
                raise Http404(reads.NOT_FOUND) from None
            problems.extend(exc.messages)
    for message in problems:
        messages.error(request, message)
    if changed or not problems:
        messages.success(request, f"已登记{changed}名代表的出席情况。")
    return redirect(session.get_absolute_url() + "#roll")


@require_POST
@login_required
def resolution_add(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    title = request.POST.get("title", "")
    return _act(request, session, lambda: services.resolution_add(actor=request.user, session=session, title=title),
                "已添加表决事项。")


@require_POST
@login_required
def resolution_vote(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    resolution = reads.resolution_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    session = resolution.session

    def vote():
        r = services.resolution_vote(actor=request.user, resolution=resolution,
                                     votes_for=request.POST.get("votes_for"),
                                     votes_against=request.POST.get("votes_against"),
                                     votes_abstain=request.POST.get("votes_abstain"))
        need = reads.rules_for(session.org, session.opened_on).pass_of(r.expected)
        messages.info(request, f"“{r.title}”：赞成{r.votes_for}票；全体代表{r.expected}名，通过须不少于{need}票"
                               f"——{r.verdict}。")

    return _act(request, session, vote, "已登记表决结果。")


class CorrectionForm(StyledFormMixin, forms.Form):
    votes_for = forms.IntegerField(label="赞成", min_value=0)
    votes_against = forms.IntegerField(label="反对", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0)
    reason = forms.CharField(label="更正原因", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：计票时漏计第三计票组的票数；更正前的票数保留在更正记录中")


@login_required
def resolution_correct(request, pk):
    """计票更正: the recorded tally corrected with a reason; the old one is kept and the verdict recomputed."""
    _need(request, Perm.DEMOCRACY_EDIT)
    resolution = reads.resolution_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    session = resolution.session
    form = CorrectionForm(request.POST or None, initial={
        "votes_for": resolution.votes_for, "votes_against": resolution.votes_against,
        "votes_abstain": resolution.votes_abstain})
    if request.method == "POST" and form.is_valid():
        try:
            r = services.resolution_correct(actor=request.user, resolution=resolution, **form.cleaned_data)
        except ServiceError as exc:
            if getattr(exc, "code", None) == "out_of_scope":
                raise Http404(reads.NOT_FOUND) from None
            for message in exc.messages:
                form.add_error(None, message)
        else:
            need = reads.rules_for(session.org, session.opened_on).pass_of(r.expected)
            messages.success(request, f"“{r.title}”计票已更正：赞成{r.votes_for}票，反对{r.votes_against}票，"
                                      f"弃权{r.votes_abstain}票；全体代表{r.expected}名，通过须不少于{need}票——"
                                      f"{r.verdict}。")
            return redirect(session.get_absolute_url() + f"#resolution-{r.pk}")
    return render(request, "democracy/congress/resolution_correct.html", {
        "title": f"更正计票：{resolution.title}", "r": resolution, "session": session, "form": form,
        "corrections": resolution.corrections.select_related("corrected_by"),
        "pass_mark": reads.rules_for(session.org, session.opened_on).pass_of(resolution.expected or 0)})


class ReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="报告类别", choices=SessionReport.Kind.choices)
    title = forms.CharField(label="报告名称", required=False, max_length=200)
    presenter = forms.CharField(label="报告人", required=False, max_length=60)
    file = forms.FileField(label="附件", required=False)


@require_POST
@login_required
def report_add(request, pk):
    _need(request, Perm.DEMOCRACY_EDIT)
    session = reads.session_get(request.user, pk, Perm.DEMOCRACY_EDIT)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择报告类别。")
        return redirect(session.get_absolute_url())
    d = form.cleaned_data
    return _act(request, session, lambda: services.report_add(
        actor=request.user, session=session, kind=d["kind"], title=d["title"], presenter=d["presenter"],
        file=d["file"]), "已登记会议报告。")


@login_required
def report_file(request, pk):
    _need(request)
    report = reads.session_report_get(request.user, pk)
    if not report.file:
        raise Http404("该报告没有附件。")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    return FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=report.name)


# --------------------------------------------------------------------------------------------------- printing

@login_required
def sign_in_sheet(request, pk):
    _need(request)
    session = reads.session_get(request.user, pk)
    state = reads.session_state(session)
    return render(request, "democracy/congress/sign_in_sheet.html", {
        "title": f"{session}代表签到表", "session": session, "state": state, "now": localdate()})


@login_required
def tally_sheet(request, pk):
    _need(request)
    session = reads.session_get(request.user, pk)
    state = reads.session_state(session, with_roll=False)
    return render(request, "democracy/congress/tally_sheet.html", {
        "title": f"{session}表决计票表", "session": session, "state": state,
        "resolutions": session.resolutions.all(), "now": localdate()})


@login_required
def session_report_docx(request, pk):
    """职代会召开情况报告表 to the upper union, drafted from the records (Word, the house style)."""
    from ..congress_docs import session_report_document
    from gonghui.reports import docx

    _need(request)
    session = reads.session_get(request.user, pk)
    data = docx.render(session_report_document(session))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{session}召开情况报告表.docx')}"
    return response


# --------------------------------------------------------------------------------------------------- the delegate

@login_required
def member_sign_in(request, pk):
    """The delegate's sign-in on the phone (the member site): the session, the agenda and one button."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("未找到该页面")
    rows = [(s, d) for s, d in reads.open_sessions_for(person) if s.pk == int(pk)]
    if not rows:
        raise Http404("该会议未在签到中，或您不是本届代表。")
    session, delegate = rows[0]
    if request.method == "POST":
        try:
            services.attendance_sign_in(actor=request.user, session=session, person=person)
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "签到成功。")
        return redirect("democracy:congress_member_sign_in", pk=session.pk)
    mine = SessionAttendance.objects.filter(session=session, delegate=delegate).first()
    state = reads.session_state(session, with_roll=False)
    return render(request, "democracy/congress/member_sign_in.html", {
        "title": f"{session}签到", "session": session, "delegate": delegate, "mine": mine, "state": state})
