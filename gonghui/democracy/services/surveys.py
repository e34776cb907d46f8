"""Surveys and evaluations (问卷调查、民主测评、满意度调查): build, open, answer, record paper counts, close.

Answering (`answer_submit`) is once per person: the "has answered" row (`Participation`, unique on survey+person)
is inserted first in a savepoint; a second submission (a double click, two tabs, two workers at once) finds the
constraint and returns the first one's result without writing anything. The survey's counter (online_returned) and
the evaluation subjects' tallies are raised with F() in the same transaction, on the survey's row (status still open,
so an answer racing the closing is refused), so a counted answer and its rows are committed together or not at all.
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import (Answer, CongressSession, Delegate, EvaluationSubject, Grade, Option, Participation, Question,
                      Response, Survey, Term)
from ._common import require

__all__ = ["survey_create", "survey_update", "question_add", "question_update", "question_move", "question_remove", "subject_add", "subject_remove",
           "survey_open", "survey_close", "paper_counts_record", "subject_paper_record", "answer_submit",
           "audience_people", "in_audience", "MEMBER_STATUSES"]

MEMBER_STATUSES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
EARLIEST = datetime.date(2000, 1, 1)


def _check_dates(opens_on, closes_on) -> None:
    if opens_on is None or closes_on is None:
        raise ServiceError("请填写开始日期和截止日期。")
    if closes_on < opens_on:
        raise ServiceError("截止日期不能早于开始日期。")
    if opens_on < EARLIEST:
        raise ServiceError("开始日期不能早于2000年1月1日，请检查年份。")
    if closes_on > localdate() + datetime.timedelta(days=366 * 2):
        raise ServiceError("截止日期不能晚于两年以后，请检查年份。")


def _check_audience(org, audience, term, session):
    if audience not in Survey.Audience.values:
        raise ServiceError("请选择参与对象。")
    if session is not None:
        if not session.org.path.startswith(org.path) and not org.path.startswith(session.org.path):
            raise ServiceError("所选职代会会议不属于本会。")
        term = term or session.term
        if session.term_id != term.pk:
            raise ServiceError("所选职代会会议不属于所选的届。")
    if audience == Survey.Audience.DELEGATES:
        if term is None:
            raise ServiceError("参与对象为职工代表时，请选择届次。")
        if term.org_id != org.pk:
            raise ServiceError("所选的届不属于本会的职代会。")
    return term


def _draft(survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.OPEN:
        raise ServiceError("问卷已发布（进行中），题目和测评对象不能再修改：已作答的人是按现有题目回答的。"
                           "如需调整，请结束本问卷后另建一份。")
    if survey.status != Survey.Status.DRAFT:
        raise ServiceError("问卷已结束，题目和测评对象不能再修改。")
    return survey


@transaction.atomic
def survey_create(*, actor, org: Organization, title: str, kind: str = Survey.Kind.QUESTIONNAIRE,
                  opens_on: datetime.date, closes_on: datetime.date, audience: str = Survey.Audience.MEMBERS,
                  anonymous: bool = True, intro: str = "", term: Term | None = None,
                  session: CongressSession | None = None) -> Survey:
    require(actor, Perm.DEMOCRACY_EDIT, org)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写问卷标题。")
    if kind not in Survey.Kind.values:
        raise ServiceError("请选择类别（问卷调查、民主测评或满意度调查）。")
    _check_dates(opens_on, closes_on)
    term = _check_audience(org, audience, term, session)
    if audience == Survey.Audience.MEMBERS:
        term = None if session is None else term
    return Survey.objects.create(org=org, title=title[:100], kind=kind, intro=(intro or "").strip(),
                                 audience=audience, term=term, session=session, opens_on=opens_on,
                                 closes_on=closes_on, anonymous=bool(anonymous))


@transaction.atomic
def survey_update(*, actor, survey: Survey, closes_on: datetime.date | None = None, title: str | None = None,
                  intro: str | None = None) -> Survey:
    """Extend the closing date (also while open) or change the title/intro (drafts only)."""
    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        raise ServiceError("问卷已结束，不能再修改。")
    fields = []
    if closes_on is not None and closes_on != survey.closes_on:
        _check_dates(survey.opens_on, closes_on)
        survey.closes_on = closes_on
        fields.append("closes_on")
    if survey.status == Survey.Status.DRAFT:
        if title is not None and title.strip():
            survey.title, fields = title.strip()[:100], fields + ["title"]
        if intro is not None:
            survey.intro, fields = intro.strip(), fields + ["intro"]
    if fields:
        survey.save(update_fields=fields)
    return survey


def _question_input(text, kind, options) -> tuple[str, list[str]]:
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写题目。")
    if kind not in Question.Kind.values:
        raise ServiceError("请选择题型。")
    cleaned = []
    for o in options or ():
        o = (o or "").strip()
        if o and o[:100] not in cleaned:
            cleaned.append(o[:100])
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(cleaned) < 2:
            raise ServiceError("选择题至少需要两个不同的选项（每行一个）。")
    elif cleaned:
        raise ServiceError("评分题和文字题不设选项，请清空选项。")
    return text[:200], cleaned


@transaction.atomic
def question_add(*, actor, survey: Survey, text: str, kind: str = Question.Kind.SINGLE, required: bool = True,
                 options: list[str] | tuple = ()) -> Question:
    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    survey = _draft(survey)
    text, cleaned = _question_input(text, kind, options)
    order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    q = Question.objects.create(survey=survey, order=order, kind=kind, text=text, required=bool(required))
    for i, o in enumerate(cleaned, start=1):
        Option.objects.create(question=q, order=i, text=o)
    return q


@transaction.atomic
def question_update(*, actor, question: Question, text: str, kind: str, required: bool = True,
                    options: list[str] | tuple = ()) -> Question:
    """Change a question of a draft survey: its text, kind, required flag and options (in the order given). Options
    kept by text keep their row (renumbered); dropped ones are deleted; new ones added. Refused once the survey is
    open (people answer the questions as they stand)."""
    require(actor, Perm.DEMOCRACY_EDIT, question.survey.org)
    _draft(question.survey)
    question = Question.objects.select_for_update().get(pk=question.pk)
    text, cleaned = _question_input(text, kind, options)
    changed = [f for f, v in (("text", text), ("kind", kind), ("required", bool(required)))
               if getattr(question, f) != v]
    for f in changed:
        setattr(question, f, {"text": text, "kind": kind, "required": bool(required)}[f])
    if changed:
        question.save(update_fields=changed)
    existing = {o.text: o for o in question.options.all()}
    for o in existing.values():
        if o.text not in cleaned:
            o.delete()
    # Renumber in two passes so that no two options ever share an order mid-way (orders are not unique, but
    # keeping them tidy keeps the audit trail readable).
    for i, t in enumerate(cleaned, start=1):
        o = existing.get(t)
        if o is None:
            Option.objects.create(question=question, order=i, text=t)
        elif o.order != i:
            o.order = i
            o.save(update_fields=["order"])
    return question


@transaction.atomic
def question_move(*, actor, question: Question, up: bool) -> Question:
    """Move a question of a draft survey one place up or down (the first up or the last down stays)."""
    require(actor, Perm.DEMOCRACY_EDIT, question.survey.org)
    survey = _draft(question.survey)
    rows = list(survey.questions.order_by("order", "id"))
    index = next(i for i, q in enumerate(rows) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for i, q in enumerate(rows, start=1):
        if q.order != i:
            q.order = i
            q.save(update_fields=["order"])
    return next(q for q in rows if q.pk == question.pk)


@transaction.atomic
def question_remove(*, actor, question: Question) -> None:
    require(actor, Perm.DEMOCRACY_EDIT, question.survey.org)
    survey = _draft(question.survey)
    question.delete()
    for i, q in enumerate(survey.questions.order_by("order", "id"), start=1):  # close the gap
        if q.order != i:
            q.order = i
            q.save(update_fields=["order"])


@transaction.atomic
def subject_add(*, actor, survey: Survey, name: str, post: str = "", person: Person | None = None) -> EvaluationSubject:
    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    survey = _draft(survey)
    if not survey.is_evaluation:
        raise ServiceError("只有民主测评才有测评对象。")
    name, post = (name or "").strip(), (post or "").strip()
    if not name:
        raise ServiceError("请填写测评对象姓名。")
    if person is not None and not person.org.path.startswith(survey.org.path):
        raise ServiceError("测评对象不是本会（或下属组织）的人员。")
    if EvaluationSubject.objects.filter(survey=survey, name=name, post=post).exists():
        raise ServiceError(f"已有测评对象“{name}”。")
    order = (survey.subjects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return EvaluationSubject.objects.create(survey=survey, order=order, name=name[:40], post=post[:60], person=person)


@transaction.atomic
def subject_remove(*, actor, subject: EvaluationSubject) -> None:
    require(actor, Perm.DEMOCRACY_EDIT, subject.survey.org)
    _draft(subject.survey)
    subject.delete()


def audience_people(survey: Survey, day: datetime.date | None = None):
    """The people the survey is for on the day: members of the union's subtree, or the serving delegates of the
    term."""
    day = day or localdate()
    if survey.audience == Survey.Audience.DELEGATES:
        ids = (Delegate.objects.filter(term_id=survey.term_id, status=Delegate.Status.SERVING)
               .values("person_id"))
        return Person.objects.filter(pk__in=ids)
    return Person.objects.filter(org__path__startswith=survey.org.path, member_status__in=MEMBER_STATUSES,
                                 died_on__isnull=True)


def in_audience(survey: Survey, person: Person | None, day: datetime.date | None = None) -> bool:
    if person is None:
        return False
    return audience_people(survey, day).filter(pk=person.pk).exists()


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """Publish: from now on the audience answers in the portal. Idempotent (an open survey stays as it is). The
    online issued count is the audience's accounts at this moment."""
    from gonghui.accounts.models import User

    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.OPEN:
        return survey
    if survey.status == Survey.Status.CLOSED:
        raise ServiceError("问卷已结束，不能再发布。")
    if survey.is_evaluation:
        if not survey.subjects.exists():
            raise ServiceError("请先添加测评对象，再发布测评。")
    elif not survey.questions.exists():
        raise ServiceError("请先添加题目，再发布问卷。")
    people = audience_people(survey, survey.opens_on)
    survey.online_issued = User.objects.filter(is_active=True, person__in=people).count()
    survey.status = Survey.Status.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["online_issued", "status", "opened_at"])
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """End it: no more answers. Idempotent. A draft cannot be closed (it was never held)."""
    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        return survey
    if survey.status == Survey.Status.DRAFT:
        raise ServiceError("问卷尚未发布，不能结束；不需要的草稿可直接不用。")
    survey.status = Survey.Status.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


def _count(value, label: str) -> int:
    if value in (None, ""):
        return 0
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ServiceError(f"{label}应为整数。") from None
    if n < 0:
        raise ServiceError(f"{label}不能为负数。")
    if n > 10_000_000:
        raise ServiceError(f"{label}过大，请检查。")
    return n


def check_counts(issued, returned, valid) -> tuple[int, int, int]:
    issued, returned, valid = _count(issued, "发放份数"), _count(returned, "回收份数"), _count(valid, "有效份数")
    if returned > issued:
        raise ServiceError(f"回收份数（{returned}）不能多于发放份数（{issued}）。")
    if valid > returned:
        raise ServiceError(f"有效份数（{valid}）不能多于回收份数（{returned}）。")
    return issued, returned, valid


@transaction.atomic
def paper_counts_record(*, actor, survey: Survey, issued, returned, valid) -> Survey:
    """The paper forms' three counts (replacing those typed before; the online answers are counted apart)."""
    require(actor, Perm.DEMOCRACY_EDIT, survey.org)
    issued, returned, valid = check_counts(issued, returned, valid)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.DRAFT:
        raise ServiceError("问卷尚未发布，请发布后再登记纸质问卷份数。")
    if survey.is_evaluation:
        most = max((s.paper_satisfied + s.paper_basic + s.paper_unsatisfied for s in survey.subjects.all()),
                   default=0)
        if most > valid:
            raise ServiceError(f"已登记的纸质测评票数（最多{most}票）多于有效份数（{valid}），请先核对各测评对象的票数。")
    if (survey.paper_issued, survey.paper_returned, survey.paper_valid) != (issued, returned, valid):
        survey.paper_issued, survey.paper_returned, survey.paper_valid = issued, returned, valid
        survey.save(update_fields=["paper_issued", "paper_returned", "paper_valid"])
    return survey


@transaction.atomic
def subject_paper_record(*, actor, subject: EvaluationSubject, satisfied, basic, unsatisfied) -> EvaluationSubject:
    """A subject's tallies from the paper forms; together no more than the valid paper forms."""
    require(actor, Perm.DEMOCRACY_EDIT, subject.survey.org)
    s, b, u = _count(satisfied, "满意票数"), _count(basic, "基本满意票数"), _count(unsatisfied, "不满意票数")
    survey = Survey.objects.select_for_update().get(pk=subject.survey_id)
    if s + b + u > survey.paper_valid:
        raise ServiceError(f"{subject.name}的纸质票数合计{s + b + u}票，多于有效纸质测评表{survey.paper_valid}份。"
                           "请先登记纸质测评表的发放、回收、有效份数。")
    subject = EvaluationSubject.objects.get(pk=subject.pk)
    subject.paper_satisfied, subject.paper_basic, subject.paper_unsatisfied = s, b, u
    subject.save(update_fields=["paper_satisfied", "paper_basic", "paper_unsatisfied"])
    return subject


def _clean_answers(survey: Survey, answers: dict, grades: dict) -> tuple[list[Answer], dict[str, list[int]]]:
    """Check every answer against the questions; build the Answer rows (unsaved) and the subjects' grades."""
    rows: list[Answer] = []
    answers = {str(k): v for k, v in (answers or {}).items()}
    grades = {str(k): v for k, v in (grades or {}).items()}
    missing = []
    for q in survey.questions.prefetch_related("options"):
        value = answers.get(str(q.pk))
        if isinstance(value, str):
            value = value.strip()
        empty = value in (None, "", [], ())
        if empty:
            if q.required:
                missing.append(f"第{q.order}题")
            continue
        if q.kind == Question.Kind.SINGLE:
            option = next((o for o in q.options.all() if str(o.pk) == str(value)), None)
            if option is None:
                raise ServiceError(f"第{q.order}题的选项无效，请重新选择。")
            rows.append(Answer(question=q, option=option))
        elif q.kind == Question.Kind.MULTIPLE:
            chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
            options = [o for o in q.options.all() if str(o.pk) in chosen]
            if len(options) != len(chosen):
                raise ServiceError(f"第{q.order}题的选项无效，请重新选择。")
            rows.extend(Answer(question=q, option=o) for o in options)
        elif q.kind == Question.Kind.RATING:
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= Question.RATING_MAX:
                raise ServiceError(f"第{q.order}题请打1—{Question.RATING_MAX}分。")
            rows.append(Answer(question=q, rating=rating))
        else:
            rows.append(Answer(question=q, text=str(value)[:2000]))
    tallies: dict[str, list[int]] = {g: [] for g in Grade.values}
    if survey.is_evaluation:
        for s in survey.subjects.all():
            grade = grades.get(str(s.pk))
            if grade not in Grade.values:
                missing.append(s.name)
                continue
            rows.append(Answer(subject=s, grade=grade))
            tallies[grade].append(s.pk)
    if missing:
        raise ServiceError("还有未作答的必答项：" + "、".join(missing[:10]) + ("等" if len(missing) > 10 else "") + "。")
    if not rows:
        raise ServiceError("请至少回答一题后再提交。")
    return rows, tallies


@transaction.atomic
def answer_submit(*, actor, survey: Survey, answers: dict | None = None, grades: dict | None = None,
                  today: datetime.date | None = None) -> tuple[bool, Response | None]:
    """A member's online answer. Returns (created, response): a second submission by the same person returns
    (False, None) and changes nothing (the first answer stands). For an anonymous survey the response keeps no
    person and no time; the participation row alone says that the person answered."""
    person = getattr(actor, "person", None)
    today = today or localdate()
    survey = Survey.objects.select_related("org").get(pk=survey.pk)
    if survey.status == Survey.Status.DRAFT or today < survey.opens_on:
        raise ServiceError(f"问卷尚未开始，{survey.opens_on:%Y年%-m月%-d日}起可以作答。")
    if survey.status == Survey.Status.CLOSED or today > survey.closes_on:
        raise ServiceError("问卷已结束，不能再提交。")
    if person is None or not in_audience(survey, person, today):
        raise ServiceError("您不在本次问卷的参与范围内。", code="out_of_scope")
    if Participation.objects.filter(survey=survey, person=person).exists():
        return False, None
    rows, tallies = _clean_answers(survey, answers, grades)
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, person=person, answered_on=today)
    except IntegrityError:  # the same person's other submission won the race
        return False, None
    # Counted on the survey's row, which is locked until commit; a survey closed meanwhile counts nothing.
    if not Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).update(
            online_returned=F("online_returned") + 1):
        raise ServiceError("问卷已结束，不能再提交。")
    response = Response.objects.create(survey=survey, person=None if survey.anonymous else person)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    field = {Grade.SATISFIED: "online_satisfied", Grade.BASIC: "online_basic", Grade.UNSATISFIED: "online_unsatisfied"}
    for grade, ids in tallies.items():
        if ids:
            EvaluationSubject.objects.filter(pk__in=ids).update(**{field[grade]: F(field[grade]) + 1})
    return True, response
