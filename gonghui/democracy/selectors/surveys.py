"""Reads of surveys and evaluations, scoped to the user (officers: DEMOCRACY_VIEW on the survey's union; members:
the open surveys whose audience they are in)."""
from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Avg, Count, Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.members.models import Person

from ..models import (Answer, Delegate, EvaluationSubject, Participation, Question, Survey, rate_percent)

#: A survey whose 回收率 is below this (in percent) is low: a to-do near the closing day, a watch in the summary.
LOW_RETURN_RATE = 80
#: How many days before closing a low return rate becomes a to-do and members are reminded.
CLOSING_DAYS = 3


def surveys(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Survey.objects.filter(org_q(user, perm)).select_related("org", "session__term__congress")


def survey_for(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> Survey:
    return get_object_or_404(surveys(user, perm), pk=pk)


def questions(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Question.objects.filter(org_q(user, perm, "survey__org"))


def subjects(user, perm: str = Perm.DEMOCRACY_VIEW):
    return EvaluationSubject.objects.filter(org_q(user, perm, "survey__org")).select_related("survey")


def _audience_q(person: Person) -> Q:
    """Surveys whose audience includes the person: members' surveys of the person's union or one above it (while a
    member), and delegates' surveys of a term they serve in. Subqueries only: no query of its own."""
    if person.is_member:
        under = Person.objects.filter(pk=person.pk, org__path__startswith=OuterRef("org__path"))
        by_members = Q(Exists(under), audience=Survey.Audience.MEMBERS)
    else:
        by_members = Q(pk__in=[])
    terms = Delegate.objects.filter(person=person, status=Delegate.Status.SERVING).values("term_id")
    return by_members | Q(audience=Survey.Audience.DELEGATES, term_id__in=terms)


def my_surveys(user, on: datetime.date | None = None):
    """The member's open surveys (open and within their dates), each annotated `answered`."""
    person = getattr(user, "person", None)
    if person is None:
        return Survey.objects.none()
    on = on or localdate()
    return (Survey.objects.filter(_audience_q(person), status=Survey.Status.OPEN, opens_on__lte=on,
                                  closes_on__gte=on)
            .annotate(answered=Exists(Participation.objects.filter(survey=OuterRef("pk"), person=person)))
            .select_related("org").order_by("closes_on", "pk"))


def my_survey(user, pk) -> Survey:
    """One survey the member may see: open ones of their audience (answered or not); else 404."""
    person = getattr(user, "person", None)
    if person is None:
        return get_object_or_404(Survey.objects.none(), pk=pk)
    qs = (Survey.objects.filter(_audience_q(person)).exclude(status=Survey.Status.DRAFT)
          .annotate(answered=Exists(Participation.objects.filter(survey=OuterRef("pk"), person=person))))
    return get_object_or_404(qs.select_related("org"), pk=pk)


def home_card(user) -> dict | None:
    """The member's 首页 card: open surveys not yet answered among the first 20 of `my_surveys(user)` (one query).
    None when there are none. The card runs on every 首页, so that query is written out (`my_surveys_head`,
    core/rawsql.py) and tested against `my_surveys`."""
    waiting = [s for s in my_surveys_head(user) if not s.answered]
    if not waiting:
        return None
    return {"surveys": waiting[:3], "count": len(waiting)}


def my_surveys_head(user, on: datetime.date | None = None, limit: int = 20) -> list[Survey]:
    """The first `limit` of `my_surveys(user, on)`, same order, as unsaved Survey objects with id, title, dates and
    `answered`: one hand-written query."""
    from gonghui.core import rawsql
    from gonghui.orgs.models import Organization

    person = getattr(user, "person", None)
    if person is None:
        return []
    on = rawsql.date(on or localdate())
    org = rawsql.table(Organization)
    audience, params = [], []
    if person.is_member:
        audience.append(f"(s.audience = %s AND EXISTS (SELECT 1 FROM {rawsql.table(Person)} pe INNER JOIN {org} po "
                        f"ON po.id = pe.org_id WHERE pe.id = %s AND {rawsql.starts_with('po.path', 'so.path')}))")
        params += [Survey.Audience.MEMBERS, person.pk]
    audience.append(f"(s.audience = %s AND s.term_id IN (SELECT d.term_id FROM {rawsql.table(Delegate)} d "
                    f"WHERE d.person_id = %s AND d.status = %s))")
    params += [Survey.Audience.DELEGATES, person.pk, Delegate.Status.SERVING]
    found = rawsql.rows(
        f"SELECT s.id, s.title, s.opens_on, s.closes_on, EXISTS (SELECT 1 FROM {rawsql.table(Participation)} p "
        f"WHERE p.survey_id = s.id AND p.person_id = %s) FROM {rawsql.table(Survey)} s "
        f"INNER JOIN {org} so ON so.id = s.org_id "
        f"WHERE ({' OR '.join(audience)}) AND s.status = %s AND s.opens_on <= %s AND s.closes_on >= %s "
        f"ORDER BY s.closes_on, s.id LIMIT %s",
        [person.pk, *params, Survey.Status.OPEN, on, on, limit])
    out = []
    for pk, title, opens_on, closes_on, answered in found:
        survey = Survey(id=pk, title=title, opens_on=opens_on, closes_on=closes_on)
        survey.answered = bool(answered)
        out.append(survey)
    return out


def closing_low(user, within=None, on: datetime.date | None = None):
    """Open surveys closing within CLOSING_DAYS whose 回收率 so far is below LOW_RETURN_RATE (the to-do)."""
    on = on or localdate()
    qs = surveys(user).filter(status=Survey.Status.OPEN, closes_on__gte=on,
                              closes_on__lte=on + datetime.timedelta(days=CLOSING_DAYS))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    # returned × 100 < LOW_RETURN_RATE × issued, in integers, in SQL
    return qs.annotate(_r100=(F("paper_returned") + F("online_returned")) * 100,
                       _low=(F("paper_issued") + F("online_issued")) * LOW_RETURN_RATE).filter(_r100__lt=F("_low"))


def not_answered(survey: Survey, day: datetime.date | None = None):
    """The audience's accounts that have not answered yet (for the reminder)."""
    from gonghui.accounts.models import User

    from ..services.surveys import audience_people

    people = audience_people(survey, day).exclude(
        pk__in=Participation.objects.filter(survey=survey).values("person_id"))
    return User.objects.filter(is_active=True, person__in=people).order_by("pk")


# ---------------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------------

def results(survey: Survey) -> dict:
    """Everything the results page, the export and the API show: the counts and rates, per question the options'
    counts (multiple choice: people who chose it, share of the answers), ratings' average and spread, the texts, and
    per evaluation subject 满意/基本满意/不满意 with 满意率 two ways. A fixed number of queries."""
    questions = list(survey.questions.prefetch_related("options"))
    option_counts = Counter(dict(
        ((r["option_id"]), r["n"]) for r in Answer.objects.filter(question__survey=survey, option__isnull=False)
        .values("option_id").annotate(n=Count("pk"))))
    answered = dict(Answer.objects.filter(question__survey=survey).values("question_id")
                    .annotate(n=Count("response", distinct=True)).values_list("question_id", "n"))
    ratings: dict = {}
    for r in (Answer.objects.filter(question__survey=survey, rating__isnull=False)
              .values("question_id", "rating").annotate(n=Count("pk"))):
        ratings.setdefault(r["question_id"], Counter())[r["rating"]] = r["n"]
    averages = dict(Answer.objects.filter(question__survey=survey, rating__isnull=False).values("question_id")
                    .annotate(a=Avg("rating")).values_list("question_id", "a"))
    texts: dict = {}
    for qid, text in (Answer.objects.filter(question__survey=survey, question__kind=Question.Kind.TEXT)
                      .exclude(text="").order_by("pk").values_list("question_id", "text")[:2000]):
        texts.setdefault(qid, []).append(text)
    out_questions = []
    for q in questions:
        n = answered.get(q.pk, 0)
        row = {"id": q.pk, "order": q.order, "text": q.text, "kind": q.kind, "kind_label": q.get_kind_display(),
               "required": q.required, "answered": n, "options": [], "ratings": [], "average": None, "texts": []}
        if q.has_options:
            row["options"] = [{"id": o.pk, "text": o.text, "count": option_counts.get(o.pk, 0),
                               "share": rate_percent(option_counts.get(o.pk, 0), n)} for o in q.options.all()]
        elif q.kind == Question.Kind.RATING:
            c = ratings.get(q.pk, Counter())
            row["ratings"] = [{"rating": i, "count": c.get(i, 0)} for i in range(1, Question.RATING_MAX + 1)]
            avg = averages.get(q.pk)
            row["average"] = None if avg is None else round(float(avg), 2)
        else:
            row["texts"] = texts.get(q.pk, [])
        out_questions.append(row)
    subjects = [{"id": s.pk, "name": s.name, "post": s.post, "satisfied": s.satisfied, "basic": s.basic,
                 "unsatisfied": s.unsatisfied, "votes": s.votes, "satisfaction_rate": s.satisfaction_rate,
                 "satisfied_share": s.satisfied_share,
                 "paper": [s.paper_satisfied, s.paper_basic, s.paper_unsatisfied],
                 "online": [s.online_satisfied, s.online_basic, s.online_unsatisfied]}
                for s in survey.subjects.all()] if survey.is_evaluation else []
    return {
        "issued": survey.issued, "returned": survey.returned, "valid": survey.valid,
        "return_rate": survey.return_rate, "valid_rate": survey.valid_rate,
        "paper": {"issued": survey.paper_issued, "returned": survey.paper_returned, "valid": survey.paper_valid},
        "online": {"issued": survey.online_issued, "returned": survey.online_returned,
                   "valid": survey.online_returned},
        "questions": out_questions, "subjects": subjects,
    }


def charts(survey: Survey, data: dict) -> list[dict]:
    """The results' charts for echarts (static/democracy/surveys.js): a bar per choice/rating question, a stacked
    bar of the evaluation's grades per person."""
    out = []
    for q in data["questions"]:
        if q["options"]:
            out.append({"id": f"q{q['id']}", "title": f"{q['order']}. {q['text']}", "kind": "bar",
                        "categories": [o["text"] for o in q["options"]],
                        "series": [{"name": "人数", "data": [o["count"] for o in q["options"]]}]})
        elif q["ratings"]:
            out.append({"id": f"q{q['id']}", "title": f"{q['order']}. {q['text']}", "kind": "bar",
                        "categories": [f"{r['rating']}分" for r in q["ratings"]],
                        "series": [{"name": "人数", "data": [r["count"] for r in q["ratings"]]}]})
    if data["subjects"]:
        names = [s["name"] for s in data["subjects"]]
        out.insert(0, {"id": "subjects", "title": "测评结果（票数）", "kind": "stack", "categories": names,
                       "series": [{"name": "满意", "data": [s["satisfied"] for s in data["subjects"]]},
                                  {"name": "基本满意", "data": [s["basic"] for s in data["subjects"]]},
                                  {"name": "不满意", "data": [s["unsatisfied"] for s in data["subjects"]]}]})
    return out
