"""Pages of labour competitions (the list, one competition with its ranking and awards, create and edit, entries, a
round's score sheet, finishing) and mentoring pairs (the list, forming a pair, the assessment)."""
from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response
from gonghui.members.models import Person

from .. import forms as f
from ..filtersets import CompetitionFilterSet, PairFilterSet
from ..models import Competition, CompetitionEntry, CompetitionScore, MentorPair
from ..selectors import competitions as selectors
from ..services import competitions as services
from ..services._common import union_of
from ..tables import CompetitionTable, PairTable
from ._common import call
from .suggestions import _people_of

COMPETITION_COLUMNS = [("竞赛名称", 30), ("类别", 12), ("工种", 10), ("开始日期", 12, "date"), ("结束日期", 12, "date"),
                       ("轮次", 6, "number"), ("每轮满分", 8, "number"), ("参赛方式", 8), ("参赛数", 8, "number"),
                       ("状态", 8), ("评定日期", 12, "date"), ("主办工会", 16)]
PAIR_COLUMNS = [("师傅", 10), ("徒弟", 10), ("结对日期", 12, "date"), ("师徒协议", 16), ("培养目标", 30),
                ("计划出师日期", 12, "date"), ("考核结果", 14), ("考核日期", 12, "date"), ("考核情况", 24),
                ("所属工会", 16)]


def _can_edit(user, org) -> bool:
    return org is not None and can_on_org(user, Perm.ACHIEVE_EDIT, org)


class CompetitionListView(ObjectListView):
    perm = Perm.ACHIEVE_VIEW
    title = "劳动竞赛与技能比武"
    template_name = "achievements/competition_list.html"
    filterset_class = CompetitionFilterSet
    table_class = CompetitionTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.competitions(request.user, within=request.current_org).defer("rules")

    def export(self, request, queryset, fmt):
        from gonghui.core.excel import Column

        rows = ((c.name, c.get_kind_display(), c.trade, c.starts_on, c.ends_on, c.rounds, c.max_score,
                 "班组" if c.team_based else "个人", c.entry_count, c.get_state_display(), c.finished_on, c.org.name)
                for c in queryset.order_by("starts_on", "id"))
        return xlsx_response(request, model=Competition, title="劳动竞赛",
                             columns=[Column(*c) for c in COMPETITION_COLUMNS], rows=rows, filename="劳动竞赛")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = _can_edit(self.request.user, self.request.current_org)
        return ctx


def _rows(c: Competition):
    entries = services.ranking(c) if c.state == c.State.OPEN else list(
        c.entries.select_related("person").order_by("rank", "team", "id"))
    scores = {(e, r): s for e, r, s in CompetitionScore.objects.filter(entry__competition=c).values_list(
        "entry_id", "round", "score")}
    return [(e, [scores.get((e.pk, n), "") for n in range(1, c.rounds + 1)]) for e in entries]


class CompetitionDetailView(ObjectDetailView):
    perm = Perm.ACHIEVE_VIEW
    template_name = "achievements/competition_detail.html"

    def selector(self, request, pk):
        return selectors.competition_get(request.user, pk)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(self.get_object())
        return super().get(request, *args, **kwargs)

    def export(self, c):
        from gonghui.core.excel import Column

        columns = [Column("名次", 6, "number"), Column("班组" if c.team_based else "职工", 16),
                   Column("人数", 6, "number"),
                   *[Column(f"第{n}轮", 8, "number") for n in range(1, c.rounds + 1)],
                   Column("总分", 8, "number"), Column("奖项", 8), Column("称号", 16)]
        rows = ((e.rank, str(e), e.members, *[s if s != "" else None for s in scores], e.total, e.award, e.title)
                for e, scores in _rows(c))
        return xlsx_response(self.request, model=CompetitionEntry, title=f"{c.name}排名"[:31], columns=columns,
                             rows=rows, filename=f"{c.name}排名")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx.update(title=c.name, c=c, rows=_rows(c), round_numbers=range(1, c.rounds + 1),
                   can_edit=_can_edit(self.request.user, c.org) and c.state == c.State.OPEN,
                   history=object_history(c))
        return ctx


class _InUnion(ActionFormView):
    perm = Perm.ACHIEVE_EDIT

    def _union(self):
        org = self.request.current_org
        return union_of(org) if org is not None else None

    def blocked_reason(self):
        if not _can_edit(self.request.user, self.request.current_org):
            return "请先在页面顶部切换到本工会。"
        return ""


def _competition_data(form):
    d = form.cleaned_data
    return dict(name=d["name"], kind=d["kind"], trade=d["trade"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                rules=d["rules"], team_based=d["team_based"], rounds=d["rounds"], max_score=d["max_score"])


class CompetitionCreateView(_InUnion):
    title = action_label = "新建劳动竞赛"
    icon = "trophy"
    form_class = f.CompetitionForm
    intro = "填写竞赛的类别、起止日期、规则与评分标准、轮次和每轮满分；以班组或个人参赛。"

    def back_url(self):
        return reverse("achievements:competition_list")

    def success_url(self, result):
        return reverse("achievements:competition_detail", args=[result.pk])

    def perform(self, form):
        return call(services.competition_create, actor=self.request.user, org=self._union(),
                    **_competition_data(form))


class _CompetitionAction(ActionFormView):
    perm = Perm.ACHIEVE_EDIT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.competition = selectors.competition_get(request.user, kwargs["pk"], Perm.ACHIEVE_EDIT)
            if "round" in kwargs and not 1 <= kwargs["round"] <= self.competition.rounds:
                raise Http404("没有这一轮")
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return reverse("achievements:competition_detail", args=[self.competition.pk])

    def success_url(self, result):
        return self.back_url()

    def summary(self):
        c = self.competition
        return [("竞赛", c.name), ("类别", c.get_kind_display()),
                ("轮次与满分", f"{c.rounds}轮，每轮满分{c.max_score}分"), ("状态", c.get_state_display())]

    def blocked_reason(self):
        if self.competition.state != Competition.State.OPEN:
            return "竞赛已评定，不能再修改。"
        return ""


class CompetitionEditView(_CompetitionAction):
    title = action_label = "修改竞赛"
    form_class = f.CompetitionForm

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            c = self.competition
            form.initial.update(name=c.name, kind=c.kind, trade=c.trade, starts_on=c.starts_on, ends_on=c.ends_on,
                                rules=c.rules, team_based="1" if c.team_based else "0", rounds=c.rounds,
                                max_score=c.max_score)
        return form

    def perform(self, form):
        return call(services.competition_update, actor=self.request.user, competition=self.competition,
                    **_competition_data(form))


class EntryAddView(_CompetitionAction):
    title = action_label = "报名参赛"
    icon = "person-plus"
    form_class = f.EntryForm

    def get_form(self):
        c = self.competition
        return self.form_class(**self.get_form_kwargs(), team_based=c.team_based,
                               people=None if c.team_based else _people_of(c.org))

    def perform(self, form):
        d = form.cleaned_data
        return call(services.entry_add, actor=self.request.user, competition=self.competition,
                    team=d.get("team", ""), members=d.get("members") or 1, person=d.get("person"))

    def success_message(self, result):
        return f"已报名：{result}。"

    def success_url(self, result):
        if "another" in self.request.POST:
            return reverse("achievements:competition_entry_add", args=[self.competition.pk])
        return self.back_url()


class ScoreSheetView(_CompetitionAction):
    """All entries of one round on one form; the service checks every score and names the entry of a wrong one."""

    icon = "123"
    form_class = f.ScoreSheetForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = kwargs["round"]

    @property
    def title(self):
        return f"第{self.round}轮评分"

    action_label = "保存本轮得分"

    def get_form(self):
        c = self.competition
        entries = list(c.entries.select_related("person").order_by("team", "id"))
        form = self.form_class(**self.get_form_kwargs(), entries=entries, max_score=c.max_score)
        if self.request.method == "GET":
            for entry_id, score in CompetitionScore.objects.filter(entry__competition=c, round=self.round
                                                                   ).values_list("entry_id", "score"):
                form.initial[f"e{entry_id}"] = f"{score}"
        return form

    def blocked_reason(self):
        c = self.competition
        if not c.entries.exists():
            return "尚无参赛者，请先报名。"
        return super().blocked_reason()

    def summary(self):
        c = self.competition
        return [("竞赛", c.name), ("轮次", f"第{self.round}轮（共{c.rounds}轮）"), ("得分范围", f"0–{c.max_score}分，"
                                                                                  "最多一位小数；空着表示未评分")]

    def perform(self, form):
        return call(services.scores_record, actor=self.request.user, competition=self.competition, round=self.round,
                    scores=form.scores())

    def success_message(self, result):
        return f"已保存第{self.round}轮得分{result}项。"


class FinishView(_CompetitionAction):
    title = action_label = "评定（确定名次与奖项）"
    icon = "award"
    form_class = f.FinishForm
    intro = ("按总分排定名次：第1名一等奖，第2–3名二等奖，第4–6名三等奖（有成绩者）。评定后不能再报名或改分；"
             "填写的称号记入评先评优（本单位级）。")

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("finished_on", localdate())
        return form

    def perform(self, form):
        d = form.cleaned_data
        return call(services.competition_finish, actor=self.request.user, competition=self.competition,
                    on=d["finished_on"], title=d["title"])

    def success_message(self, result):
        return "已评定，名次与奖项已确定。"


class PairListView(ObjectListView):
    perm = Perm.ACHIEVE_VIEW
    title = "师带徒"
    template_name = "achievements/pair_list.html"
    filterset_class = PairFilterSet
    table_class = PairTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.pairs(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        from gonghui.core.excel import Column

        rows = ((p.master.name, p.apprentice.name, p.started_on, p.agreement, p.goals, p.due_on,
                 p.get_outcome_display() if p.outcome else "在带", p.assessed_on, p.note, p.org.name)
                for p in queryset.order_by("started_on", "id"))
        return xlsx_response(request, model=MentorPair, title="师徒结对", columns=[Column(*c) for c in PAIR_COLUMNS],
                             rows=rows, filename="师带徒")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = _can_edit(self.request.user, self.request.current_org)
        return ctx


class PairCreateView(_InUnion):
    title = action_label = "师徒结对"
    icon = "people"
    form_class = f.PairForm
    intro = "师傅和徒弟须是本工会的职工；计划出师日期应晚于结对日期。"

    def get_form(self):
        union = self._union()
        form = self.form_class(**self.get_form_kwargs(),
                               people=_people_of(union) if union else Person.objects.none())
        if self.request.method == "GET":
            form.initial.setdefault("started_on", localdate())
        return form

    def back_url(self):
        return reverse("achievements:pair_list")

    def perform(self, form):
        d = form.cleaned_data
        return call(services.pair_create, actor=self.request.user, org=self._union(), master=d["master"],
                    apprentice=d["apprentice"], started_on=d["started_on"], agreement=d["agreement"],
                    goals=d["goals"], due_on=d["due_on"])

    def success_message(self, result):
        return f"已结对：{result}。"


class PairAssessView(ActionFormView):
    perm = Perm.ACHIEVE_EDIT
    title = action_label = "出师考核"
    icon = "clipboard-check"
    form_class = f.AssessForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.pair = selectors.pair_get(request.user, kwargs["pk"], Perm.ACHIEVE_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return reverse("achievements:pair_list")

    def summary(self):
        p = self.pair
        return [("师傅", p.master.name), ("徒弟", p.apprentice.name), ("结对日期", f"{p.started_on:%Y-%m-%d}"),
                ("培养目标", p.goals or "—")]

    def blocked_reason(self):
        p = self.pair
        if p.outcome:
            return f"该师徒对子已于{p.assessed_on:%Y年%-m月%-d日}考核（{p.get_outcome_display()}）。"
        return ""

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("assessed_on", localdate())
        return form

    def perform(self, form):
        d = form.cleaned_data
        return call(services.pair_assess, actor=self.request.user, pair=self.pair, outcome=d["outcome"],
                    on=d["assessed_on"], note=d["note"])
