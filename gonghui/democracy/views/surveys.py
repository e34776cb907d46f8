"""Pages of surveys and evaluations: the officer's list, new survey, builder (questions, options, persons rated,
open, close, paper counts), results with charts and their export; the member's list and answer form (phone shell).
Everything is read through selectors.surveys: another union's survey answers 404."""
from __future__ import annotations

import tempfile

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, org_q
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column, StreamingXlsx
from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin
from gonghui.core.models import AuditEntry
from gonghui.core.views import ObjectListView, ServiceFormView

from ..models import CongressSession, Grade, Question, Survey, Term
from ..selectors import surveys as selectors
from ..services import surveys as services

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_FOUND = "未找到该记录，或不在您的管辖范围内。"


def _run(service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def _first(exc: ServiceError) -> str:
    return exc.messages[0] if exc.messages else str(exc)


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


# ---------------------------------------------------------------------------------------------------------------
# The officer's list
# ---------------------------------------------------------------------------------------------------------------

class SurveyFilterSet(FilterSet):
    q = django_filters.CharFilter(label="标题", field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="类别", choices=Survey.Kind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Survey.Status.choices)
    year = django_filters.NumberFilter(label="年度", field_name="opens_on", lookup_expr="year", min_value=2000,
                                       max_value=2100)

    class Meta:
        model = Survey
        fields = ["q", "kind", "status", "year"]


class SurveyTable(tables.Table):
    title = tables.Column(verbose_name="标题", linkify=("democracy:surveys_detail", {"pk": tables.A("pk")}))
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    kind = tables.Column(verbose_name="类别")
    status = tables.Column(verbose_name="状态")
    opens_on = tables.DateColumn(verbose_name="开始", format="Y-m-d")
    closes_on = tables.DateColumn(verbose_name="截止", format="Y-m-d")
    issued = tables.Column(verbose_name="发放", orderable=False, attrs={"td": {"class": "text-end"}})
    returned = tables.Column(verbose_name="回收", orderable=False, attrs={"td": {"class": "text-end"}})
    valid = tables.Column(verbose_name="有效", orderable=False, attrs={"td": {"class": "text-end"}})
    return_rate = tables.Column(verbose_name="回收率", orderable=False, empty_values=(),
                                attrs={"td": {"class": "text-end"}})
    valid_rate = tables.Column(verbose_name="有效回收率", orderable=False, empty_values=(),
                               attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Survey
        fields = ("title", "org", "kind", "status", "opens_on", "closes_on")
        sequence = ("title", "org", "kind", "status", "opens_on", "closes_on", "issued", "returned", "valid",
                    "return_rate", "valid_rate")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "survey-table"}

    def render_return_rate(self, record):
        return _rate(record.return_rate)

    def render_valid_rate(self, record):
        return _rate(record.valid_rate)


LIST_COLUMNS = [Column("标题", 30), Column("工会", 20), Column("类别", 10), Column("状态", 8),
                Column("开始日期", 12, "date"), Column("截止日期", 12, "date"), Column("匿名", 6),
                Column("发放（份）", 10, "number"), Column("回收（份）", 10, "number"), Column("有效（份）", 10, "number"),
                Column("回收率（%）", 10, "text"), Column("有效回收率（%）", 12, "text")]


def _xlsx(request, *, title: str, columns, rows, filename: str):
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    count = 0
    with StreamingXlsx(handle.name, columns, sheet_name=title[:31], title=title) as book:
        for row in rows:
            book.append(row)
            count += 1
    handle.seek(0)
    org = request.current_org
    audit.record(AuditEntry.Action.EXPORT, model=Survey, note=f"导出{title}：{count}行",
                 org_path=org.path if org is not None else "")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{localdate():%Y%m%d}.xlsx",
                        content_type=XLSX_TYPE)


class SurveyListView(ObjectListView):
    perm = Perm.DEMOCRACY_VIEW
    title = "民主评议与问卷"
    filterset_class = SurveyFilterSet
    table_class = SurveyTable
    add_url_name = "democracy:surveys_create"
    add_perm = Perm.DEMOCRACY_EDIT
    export_formats = ("xlsx",)
    template_name = "democracy/surveys/list.html"

    def selector(self, request):
        qs = selectors.surveys(request.user)
        if request.current_org is not None:
            qs = qs.filter(org__path__startswith=request.current_org.path)
        return qs

    def export(self, request, queryset, fmt):
        rows = ([s.title, s.org.name, s.get_kind_display(), s.get_status_display(), s.opens_on, s.closes_on,
                 "是" if s.anonymous else "否", s.issued, s.returned, s.valid,
                 "" if s.return_rate is None else str(s.return_rate),
                 "" if s.valid_rate is None else str(s.valid_rate)] for s in queryset.iterator())
        return _xlsx(request, title="民主评议与问卷", columns=LIST_COLUMNS, rows=rows, filename="民主评议与问卷")


# ---------------------------------------------------------------------------------------------------------------
# New survey
# ---------------------------------------------------------------------------------------------------------------

class SurveyForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Survey.Kind.choices)
    audience = forms.ChoiceField(label="参与对象", choices=Survey.Audience.choices)
    term = forms.ModelChoiceField(label="届（参与对象为职工代表时）", queryset=Term.objects.none(), required=False)
    session = forms.ModelChoiceField(label="职代会会议（可选）", queryset=CongressSession.objects.none(),
                                     required=False)
    opens_on = forms.DateField(label="开始日期")
    closes_on = forms.DateField(label="截止日期")
    anonymous = forms.BooleanField(label="匿名（不记录答卷人）", required=False, initial=True)
    intro = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        terms = Term.objects.filter(org_q(user, Perm.DEMOCRACY_EDIT)).select_related("congress")
        sessions = CongressSession.objects.filter(org_q(user, Perm.DEMOCRACY_EDIT)).select_related("term__congress")
        if org is not None:
            terms = terms.filter(org__path__startswith=org.path)
            sessions = sessions.filter(org__path__startswith=org.path)
        self.fields["term"].queryset = terms
        self.fields["session"].queryset = sessions


class SurveyCreateView(ServiceFormView):
    perm = Perm.DEMOCRACY_EDIT
    title = "新建问卷或测评"

    def get_form(self):
        return SurveyForm(**self.get_form_kwargs(), user=self.request.user, org=self.request.current_org)

    def perform(self, form):
        org = self.request.current_org
        if org is None:
            raise ServiceError("请先在右上角选择组织。")
        d = form.cleaned_data
        return _run(services.survey_create, actor=self.request.user, org=org, title=d["title"], kind=d["kind"],
                    audience=d["audience"], term=d["term"], session=d["session"], opens_on=d["opens_on"],
                    closes_on=d["closes_on"], anonymous=d["anonymous"], intro=d["intro"])

    def success(self, survey):
        messages.success(self.request, "已新建，请添加题目" + ("和测评对象" if survey.is_evaluation else "") + "后发布。")
        return redirect(survey.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("democracy:surveys_list")
        return ctx


# ---------------------------------------------------------------------------------------------------------------
# Builder and actions
# ---------------------------------------------------------------------------------------------------------------

class QuestionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="题目", max_length=200)
    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    options = forms.CharField(label="选项（选择题，每行一个）", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class SubjectForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    post = forms.CharField(label="职务", max_length=60, required=False)


class CountsForm(StyledFormMixin, forms.Form):
    issued = forms.IntegerField(label="发放（份）", min_value=0)
    returned = forms.IntegerField(label="回收（份）", min_value=0)
    valid = forms.IntegerField(label="有效（份）", min_value=0)


@login_required
def survey_detail(request, pk):
    survey = selectors.survey_for(request.user, pk)
    can_edit = can_on_org(request.user, Perm.DEMOCRACY_EDIT, survey.org)
    return render(request, "democracy/surveys/detail.html", {
        "title": survey.title, "survey": survey, "can_edit": can_edit,
        "questions": survey.questions.prefetch_related("options"), "subjects": survey.subjects.all(),
        "question_form": QuestionForm(), "subject_form": SubjectForm(),
        "counts_form": CountsForm(initial={"issued": survey.paper_issued, "returned": survey.paper_returned,
                                           "valid": survey.paper_valid}),
        "grades": Grade.choices})


@require_POST
@login_required
def survey_action(request, pk, action):
    survey = selectors.survey_for(request.user, pk)
    user = request.user
    try:
        if action == "open":
            _run(services.survey_open, actor=user, survey=survey)
            messages.success(request, "已发布，会员可在手机上作答。")
        elif action == "close":
            _run(services.survey_close, actor=user, survey=survey)
            messages.success(request, "已结束。")
        elif action == "question":
            form = QuestionForm(request.POST)
            if not form.is_valid():
                raise ServiceError("请填写题目并选择题型。")
            d = form.cleaned_data
            _run(services.question_add, actor=user, survey=survey, text=d["text"], kind=d["kind"],
                 required=d["required"], options=d["options"].splitlines())
            messages.success(request, "已添加题目。")
        elif action in ("question_up", "question_down"):
            question = get_object_or_404(survey.questions, pk=request.POST.get("question") or 0)
            _run(services.question_move, actor=user, question=question, up=action == "question_up")
            messages.success(request, "已调整题目顺序。")
        elif action == "question_remove":
            question = get_object_or_404(survey.questions, pk=request.POST.get("question") or 0)
            _run(services.question_remove, actor=user, question=question)
            messages.success(request, "已删除题目。")
        elif action == "subject":
            form = SubjectForm(request.POST)
            if not form.is_valid():
                raise ServiceError("请填写测评对象姓名。")
            _run(services.subject_add, actor=user, survey=survey, name=form.cleaned_data["name"],
                 post=form.cleaned_data["post"])
            messages.success(request, "已添加测评对象。")
        elif action == "subject_remove":
            subject = get_object_or_404(survey.subjects, pk=request.POST.get("subject") or 0)
            _run(services.subject_remove, actor=user, subject=subject)
            messages.success(request, "已删除测评对象。")
        elif action == "counts":
            _run(services.paper_counts_record, actor=user, survey=survey, issued=request.POST.get("issued"),
                 returned=request.POST.get("returned"), valid=request.POST.get("valid"))
            messages.success(request, "已登记纸质问卷份数。")
        elif action == "subject_counts":
            subject = get_object_or_404(survey.subjects, pk=request.POST.get("subject") or 0)
            _run(services.subject_paper_record, actor=user, subject=subject,
                 satisfied=request.POST.get("satisfied"), basic=request.POST.get("basic"),
                 unsatisfied=request.POST.get("unsatisfied"))
            messages.success(request, f"已登记{subject.name}的纸质测评票数。")
        else:
            raise Http404("未知的操作")
    except ServiceError as exc:
        messages.error(request, _first(exc))
    return redirect(survey.get_absolute_url())


@login_required
def question_edit(request, pk, question_pk):
    """Change a question of a draft survey (text, kind, required, options); refused in Chinese once it is open."""
    survey = selectors.survey_for(request.user, pk)
    if not can_on_org(request.user, Perm.DEMOCRACY_EDIT, survey.org):
        raise Http404(NOT_FOUND)
    question = get_object_or_404(survey.questions.prefetch_related("options"), pk=question_pk)
    form = QuestionForm(request.POST or None, initial={
        "text": question.text, "kind": question.kind, "required": question.required,
        "options": "\n".join(o.text for o in question.options.all())})
    blocked = "" if survey.status == Survey.Status.DRAFT else (
        "问卷已发布（进行中），题目不能再修改：已作答的人是按现有题目回答的。" if survey.status == Survey.Status.OPEN
        else "问卷已结束，题目不能再修改。")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _run(services.question_update, actor=request.user, question=question, text=d["text"], kind=d["kind"],
                 required=d["required"], options=d["options"].splitlines())
        except ServiceError as exc:
            form.add_error(None, _first(exc))
        else:
            messages.success(request, "已修改题目。")
            return redirect(survey.get_absolute_url() + "#question-list")
    return render(request, "democracy/surveys/question_edit.html", {
        "title": f"修改题目：{question.text}", "survey": survey, "question": question, "form": form,
        "blocked": blocked}, status=422 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------------

@login_required
def survey_results(request, pk):
    survey = selectors.survey_for(request.user, pk)
    data = selectors.results(survey)
    if request.GET.get("export") == "xlsx":
        return _results_xlsx(request, survey, data)
    return render(request, "democracy/surveys/results.html", {
        "title": f"{survey.title} · 结果", "survey": survey, "data": data,
        "charts": selectors.charts(survey, data)})


def _results_xlsx(request, survey, data):
    columns = [Column("项目", 36), Column("选项/对象", 24), Column("人数/票数", 12, "number"), Column("比例（%）", 12),
               Column("说明", 40)]

    def rows():
        yield ["发放（份）", "纸质+网上", survey.issued, "", f"纸质{survey.paper_issued}，网上{survey.online_issued}"]
        yield ["回收（份）", "纸质+网上", survey.returned, _num(survey.return_rate), "回收率 = 回收 ÷ 发放"]
        yield ["有效（份）", "纸质+网上", survey.valid, _num(survey.valid_rate), "有效回收率 = 有效 ÷ 发放"]
        for s in data["subjects"]:
            label = f"测评：{s['name']}（{s['post']}）" if s["post"] else f"测评：{s['name']}"
            yield [label, "满意", s["satisfied"], "", ""]
            yield [label, "基本满意", s["basic"], "", ""]
            yield [label, "不满意", s["unsatisfied"], "", ""]
            yield [label, "满意率", s["votes"], _num(s["satisfaction_rate"]), "（满意 + 基本满意）÷ 有效票"]
            yield [label, "其中满意", s["votes"], _num(s["satisfied_share"]), "满意 ÷ 有效票"]
        for q in data["questions"]:
            head = f"{q['order']}. {q['text']}"
            for o in q["options"]:
                yield [head, o["text"], o["count"], _num(o["share"]), f"作答{q['answered']}人"]
            for r in q["ratings"]:
                yield [head, f"{r['rating']}分", r["count"], "", f"平均{q['average']}分" if q["average"] else ""]
            for t in q["texts"]:
                yield [head, "", None, "", t]

    return _xlsx(request, title=f"{survey.title}结果"[:60], columns=columns, rows=rows(), filename="问卷结果")


def _num(value) -> str:
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------------------------------------------
# The member's pages
# ---------------------------------------------------------------------------------------------------------------

@login_required
def my_list(request):
    return render(request, "democracy/surveys/my_list.html", {
        "title": "问卷测评", "surveys": list(selectors.my_surveys(request.user)[:50])})


@login_required
def my_answer(request, pk):
    survey = selectors.my_survey(request.user, pk)
    questions = list(survey.questions.prefetch_related("options"))
    subjects = list(survey.subjects.all()) if survey.is_evaluation else []
    error = ""
    if request.method == "POST" and not survey.answered:
        answers = {}
        for q in questions:
            key = f"q{q.pk}"
            answers[q.pk] = request.POST.getlist(key) if q.kind == Question.Kind.MULTIPLE else request.POST.get(key)
        grades = {s.pk: request.POST.get(f"s{s.pk}") for s in subjects}
        try:
            created, _ = services.answer_submit(actor=request.user, survey=survey, answers=answers, grades=grades)
        except ServiceError as exc:
            if getattr(exc, "code", None) == "out_of_scope":
                raise Http404(NOT_FOUND) from None
            error = _first(exc)
            _keep_choices(request.POST, questions, subjects)
        else:
            messages.success(request, "提交成功，感谢您的参与！" if created else "您已提交过本问卷，以第一次提交为准。")
            return redirect("democracy:surveys_my")
    elif request.method == "POST":
        messages.info(request, "您已提交过本问卷，以第一次提交为准。")
        return redirect("democracy:surveys_my")
    today = localdate()
    state = ("answered" if survey.answered else "closed" if survey.status == Survey.Status.CLOSED
             or today > survey.closes_on else "early" if today < survey.opens_on else "open")
    return render(request, "democracy/surveys/my_answer.html", {
        "title": survey.title, "survey": survey, "questions": questions, "subjects": subjects, "state": state,
        "error": error, "grades": Grade.choices,
        "ratings": range(1, Question.RATING_MAX + 1)}, status=422 if error else 200)


def _keep_choices(post, questions, subjects) -> None:
    """After a refused submission the form shows what the member had chosen and written (nothing is lost)."""
    for q in questions:
        values = post.getlist(f"q{q.pk}")
        for o in q.options.all():
            o.checked = str(o.pk) in values
        if q.kind == Question.Kind.RATING:
            q.chosen = int(values[0]) if values and values[0].isdigit() else None
        elif q.kind == Question.Kind.TEXT:
            q.chosen = values[0] if values else ""
    for s in subjects:
        s.chosen = post.get(f"s{s.pk}")
