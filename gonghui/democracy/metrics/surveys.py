"""Figures of surveys and evaluations (民主评议、测评、问卷). A survey counts in the period when it opened (opens_on),
once it was published (drafts never count). Counts are 份: issued (发放) = paper + the audience's accounts when it
opened; returned (回收) = paper returned + online answers; valid (有效) = paper valid + online answers (the online form
refuses an incomplete answer). 回收率 = 回收 ÷ 发放 and 有效回收率 = 有效 ÷ 发放 are two figures, never merged.
Evaluations (民主测评) have their own counts ("发放测评表11031份，有效10259份，有效回收率93%") and the 测评满意率 =
(满意 + 基本满意) ÷ 有效票 over every person rated (the share 满意 alone is a figure beside it)."""
from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum

from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month, subtree
from gonghui.reports.registry import ChartSpec

from ..models import EvaluationSubject, Survey

EVALUATION = Q(kind=Survey.Kind.EVALUATION)
NOT_EVALUATION = ~EVALUATION


def surveys_held(org, start, end) -> QuerySet[Survey]:
    return subtree(Survey.objects.filter(opens_on__range=(start, end)).exclude(status=Survey.Status.DRAFT), org)


def subjects_rated(org, start, end) -> QuerySet[EvaluationSubject]:
    return subtree(EvaluationSubject.objects.filter(survey__opens_on__range=(start, end))
                   .exclude(survey__status=Survey.Status.DRAFT), org, "survey__org")


ISSUED = Sum(F("paper_issued") + F("online_issued"))
RETURNED = Sum(F("paper_returned") + F("online_returned"))
VALID = Sum(F("paper_valid") + F("online_returned"))
VOTES = Sum(F("paper_satisfied") + F("paper_basic") + F("paper_unsatisfied")
            + F("online_satisfied") + F("online_basic") + F("online_unsatisfied"))
CONTENT = Sum(F("paper_satisfied") + F("paper_basic") + F("online_satisfied") + F("online_basic"))
SATISFIED = Sum(F("paper_satisfied") + F("online_satisfied"))
BY = {"kind": Breakdown("按类别", "kind", dict(Survey.Kind.choices)), "month": by_month("opens_on")}


def _counts(prefix: str, label: str, where) -> list:
    issued = Metric(f"democracy.surveys.{prefix}issued", f"发放{label}", "份", "sum", surveys_held, ISSUED,
                    where=where, by=BY, date_field="opens_on")
    returned = Metric(f"democracy.surveys.{prefix}returned", f"回收{label}", "份", "sum", surveys_held, RETURNED,
                      where=where, by=BY, date_field="opens_on")
    valid = Metric(f"democracy.surveys.{prefix}valid", f"有效{label}", "份", "sum", surveys_held, VALID,
                   where=where, by=BY, date_field="opens_on")
    return [issued, returned, valid,
            Ratio(f"democracy.surveys.{prefix}return_rate", f"{label}回收率", numerator=returned, denominator=issued,
                  note="回收份数 ÷ 发放份数", date_field="opens_on"),
            Ratio(f"democracy.surveys.{prefix}valid_rate", f"{label}有效回收率", numerator=valid, denominator=issued,
                  note="有效份数 ÷ 发放份数", date_field="opens_on")]


_votes = Metric("democracy.surveys.eval_votes", "民主测评有效票", "人次", "sum", subjects_rated, VOTES,
                date_field="survey__opens_on", org_field="survey__org")
_content = Metric("democracy.surveys.eval_content", "民主测评满意和基本满意票", "人次", "sum", subjects_rated, CONTENT,
                  date_field="survey__opens_on", org_field="survey__org")
_satisfied = Metric("democracy.surveys.eval_satisfied", "民主测评满意票", "人次", "sum", subjects_rated, SATISFIED,
                    date_field="survey__opens_on", org_field="survey__org")

METRICS: list = [
    Metric("democracy.surveys.held", "开展问卷调查和民主测评", "次", "events", surveys_held, Count("pk"), by=BY,
           date_field="opens_on"),
    Metric("democracy.surveys.questionnaires", "开展职工问卷调查", "次", "events", surveys_held, Count("pk"),
           where=NOT_EVALUATION, by=BY, date_field="opens_on"),
    Metric("democracy.surveys.evaluations", "开展民主测评", "次", "events", surveys_held, Count("pk"),
           where=EVALUATION, date_field="opens_on"),
    Metric("democracy.surveys.eval_subjects", "民主测评对象", "人", "events", subjects_rated, Count("pk"),
           date_field="survey__opens_on", org_field="survey__org"),
    *_counts("", "问卷（测评表）", None),
    *_counts("q_", "问卷", NOT_EVALUATION),
    *_counts("eval_", "测评表", EVALUATION),
    _votes, _content, _satisfied,
    Ratio("democracy.surveys.eval_satisfaction", "民主测评满意率", numerator=_content, denominator=_votes,
          note="（满意 + 基本满意）÷ 有效票，全部测评对象合计", date_field="survey__opens_on"),
    Ratio("democracy.surveys.eval_satisfied_share", "民主测评“满意”票占比", numerator=_satisfied,
          denominator=_votes, note="满意 ÷ 有效票", date_field="survey__opens_on"),
]
KEY: list[str] = ["democracy.surveys.held", "democracy.surveys.valid_rate", "democracy.surveys.eval_satisfaction"]
CHARTS: list = [
    ChartSpec("democracy.surveys.forms", "问卷（测评表）发放、回收与有效份数", "bar",
              ("democracy.surveys.issued", "democracy.surveys.returned", "democracy.surveys.valid"), by="kind"),
]
