"""Democratic evaluation and surveys (民主评议、测评、问卷).

- `Survey`: a questionnaire (问卷调查), an evaluation of leaders (民主测评) or a satisfaction survey (满意度调查) of a
  union, for an audience: the members of the union's subtree, or the delegates of a term (leaders are rated by the
  delegates at a congress session: `session` links it when there is one). Dates opens_on..closes_on (Beijing days,
  inclusive), anonymous or named, status draft → open → closed.
- `Question` (single choice, multiple choice, rating 1..5, free text; order; required) with `Option`s.
- `EvaluationSubject`: a person rated in a 民主测评 (name, post), with the tallies 满意 / 基本满意 / 不满意 from paper
  forms and from online answers kept apart.
- Online answers: `Participation` is the "has answered" row (survey, person; unique: once per person, enforced by
  the database). `Response` holds the answers; for an anonymous survey it has no person, no time and a random id,
  and neither row is audited, so nothing an officer can read ties an answer to the person who gave it (see
  docs/ENGINEERING.md "Surveys and evaluations").
- Counts: every survey keeps three counts, issued (发放), returned (回收) and valid (有效): the paper forms typed in
  (paper_*) plus online (online_issued = the audience's accounts when the survey opened; online_returned = the
  online answers, each valid because the form refuses an incomplete one). 回收率 = returned ÷ issued and
  有效回收率 = valid ÷ issued are kept apart.
"""
from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import CheckConstraint, F, Q
from django.urls import reverse

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from .congress import CongressSession, Term

__all__ = ["Survey", "Question", "Option", "EvaluationSubject", "Grade", "Participation", "Response", "Answer",
           "rate_percent"]


def rate_percent(numerator: int, denominator: int) -> Decimal | None:
    """A rate in percent to one decimal place (None without a denominator)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class Grade(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Survey(AuditedModel):
    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "问卷调查"
        EVALUATION = "evaluation", "民主测评"
        SATISFACTION = "satisfaction", "满意度调查"

    class Audience(models.TextChoices):
        MEMBERS = "members", "本会（含下属组织）会员"
        DELEGATES = "delegates", "本届职工代表"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField("标题", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.QUESTIONNAIRE)
    intro = models.TextField("说明", blank=True)
    audience = models.CharField("参与对象", max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", help_text="参与对象为职工代表时必填")
    session = models.ForeignKey(CongressSession, verbose_name="职代会会议", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="surveys", help_text="在职代会上进行的测评可关联该次会议")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    anonymous = models.BooleanField("匿名", default=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    paper_issued = models.PositiveIntegerField("纸质发放（份）", default=0)
    paper_returned = models.PositiveIntegerField("纸质回收（份）", default=0)
    paper_valid = models.PositiveIntegerField("纸质有效（份）", default=0)
    online_issued = models.PositiveIntegerField("网上发放（份）", default=0,
                                                help_text="开始时参与对象中有账号的人数")
    online_returned = models.PositiveIntegerField("网上提交（份）", default=0)
    opened_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷测评"
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["org", "opens_on"], name="democracy_survey_org_opens"),
                   models.Index(fields=["status", "closes_on"], name="democracy_survey_status")]
        constraints = [
            CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="democracy_survey_dates"),
            CheckConstraint(condition=Q(paper_returned__lte=F("paper_issued")) & Q(paper_valid__lte=F("paper_returned")),
                            name="democracy_survey_paper_counts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:surveys_detail", args=[self.pk])

    # The three counts (paper + online) and the two rates, kept apart.
    @property
    def issued(self) -> int:
        return self.paper_issued + self.online_issued

    @property
    def returned(self) -> int:
        return self.paper_returned + self.online_returned

    @property
    def valid(self) -> int:
        return self.paper_valid + self.online_returned

    @property
    def return_rate(self) -> Decimal | None:
        return rate_percent(self.returned, self.issued)

    @property
    def valid_rate(self) -> Decimal | None:
        return rate_percent(self.valid, self.issued)

    @property
    def is_evaluation(self) -> bool:
        return self.kind == self.Kind.EVALUATION


class Question(AuditedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        RATING = "rating", "评分（1—5分）"
        TEXT = "text", "文字回答"

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("序号", default=0)
    kind = models.CharField("题型", max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField("题目", max_length=200)
    required = models.BooleanField("必答", default=True)

    RATING_MAX = 5

    class Meta:
        verbose_name = verbose_name_plural = "问卷题目"
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Option(AuditedModel):
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField("序号", default=0)
    text = models.CharField("选项", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "问卷选项"
        ordering = ["question", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "text"], name="democracy_option_unique")]

    def __str__(self) -> str:
        return self.text


class EvaluationSubject(AuditedModel):
    """A person rated in a 民主测评. Tallies from paper forms (typed in) and online answers (counted at each answer,
    in the answer's transaction) are kept apart; 满意率 = (满意 + 基本满意) ÷ 有效票, the share 满意 alone beside it."""

    survey = models.ForeignKey(Survey, verbose_name="测评", on_delete=models.CASCADE, related_name="subjects")
    order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=60, blank=True)
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    paper_satisfied = models.PositiveIntegerField("纸质满意", default=0)
    paper_basic = models.PositiveIntegerField("纸质基本满意", default=0)
    paper_unsatisfied = models.PositiveIntegerField("纸质不满意", default=0)
    online_satisfied = models.PositiveIntegerField("网上满意", default=0)
    online_basic = models.PositiveIntegerField("网上基本满意", default=0)
    online_unsatisfied = models.PositiveIntegerField("网上不满意", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "测评对象"
        ordering = ["survey", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "name", "post"], name="democracy_subject_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name

    @property
    def satisfied(self) -> int:
        return self.paper_satisfied + self.online_satisfied

    @property
    def basic(self) -> int:
        return self.paper_basic + self.online_basic

    @property
    def unsatisfied(self) -> int:
        return self.paper_unsatisfied + self.online_unsatisfied

    @property
    def votes(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """满意率 as 测评 write it: (满意 + 基本满意) ÷ 有效票."""
        return rate_percent(self.satisfied + self.basic, self.votes)

    @property
    def satisfied_share(self) -> Decimal | None:
        """满意 alone ÷ 有效票 (shown beside the 满意率)."""
        return rate_percent(self.satisfied, self.votes)


class Participation(models.Model):
    """"Has answered": one row per person and survey (the database refuses a second). Not audited and kept apart
    from the answers: for an anonymous survey nothing links it to the Response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField("提交日期")

    class Meta:
        verbose_name = verbose_name_plural = "参与记录"
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="democracy_survey_answer_once")]


class Response(models.Model):
    """One submitted form. Random id, no time; `person` only for a named survey."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "答卷"
        indexes = [models.Index(fields=["survey"], name="democracy_response_survey")]


class Answer(models.Model):
    """One answer of a Response: a chosen option (one row per option of a multiple choice), a rating, a text, or the
    grade of an evaluation subject."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    subject = models.ForeignKey(EvaluationSubject, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答题"
        indexes = [models.Index(fields=["question", "option"], name="democracy_answer_question")]
