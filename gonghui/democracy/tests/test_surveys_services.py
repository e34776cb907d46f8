"""Surveys and evaluations: building, opening, answering once, the counts and rates, bad input."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.democracy.models import (Answer, EvaluationSubject, Grade, Participation, Question, Response, Survey)
from gonghui.democracy.selectors import surveys as selectors
from gonghui.democracy.services import surveys as services

D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def world(tree, make_user, make_person, officer_a):
    people = [make_person(tree["branch"] if i % 2 else tree["company"], f"会员{i}", birth=D(1980 + i, 1, 2))
              for i in range(4)]
    members = [make_user(f"m{i}", Role.MEMBER, p.org, person=p) for i, p in enumerate(people)]
    outsider_p = make_person(tree["school"], "乙校会员", birth=D(1979, 5, 5))
    outsider = make_user("outsider", Role.MEMBER, tree["school"], person=outsider_p)
    return {"tree": tree, "officer": officer_a, "people": people, "members": members, "outsider": outsider}


def make_survey(world, *, kind=Survey.Kind.QUESTIONNAIRE, anonymous=True, opens=None, closes=None, open_=True):
    officer = world["officer"]
    s = services.survey_create(actor=officer, org=world["tree"]["company"], title="食堂满意度调查", kind=kind,
                               opens_on=opens or TODAY - datetime.timedelta(days=1),
                               closes_on=closes or TODAY + datetime.timedelta(days=5), anonymous=anonymous)
    q1 = services.question_add(actor=officer, survey=s, text="您对食堂饭菜是否满意？", kind=Question.Kind.SINGLE,
                               options=["满意", "基本满意", "不满意"])
    q2 = services.question_add(actor=officer, survey=s, text="希望增加哪些服务？", kind=Question.Kind.MULTIPLE,
                               options=["夜宵", "早餐", "外卖"], required=False)
    q3 = services.question_add(actor=officer, survey=s, text="总体评分", kind=Question.Kind.RATING)
    q4 = services.question_add(actor=officer, survey=s, text="其他意见", kind=Question.Kind.TEXT, required=False)
    if kind == Survey.Kind.EVALUATION:
        services.subject_add(actor=officer, survey=s, name="王主席", post="工会主席")
        services.subject_add(actor=officer, survey=s, name="李副主席", post="工会副主席")
    if open_:
        s = services.survey_open(actor=officer, survey=s)
    return s, (q1, q2, q3, q4)


def full_answers(qs):
    q1, q2, q3, q4 = qs
    return {q1.pk: q1.options.first().pk, q2.pk: [o.pk for o in q2.options.all()[:2]], q3.pk: "4", q4.pk: "多开窗口"}


def test_open_snapshots_the_audiences_accounts_and_answers_count_once(world):
    s, qs = make_survey(world)
    assert s.status == Survey.Status.OPEN and s.online_issued == 4  # the school's member is not in the audience
    m = world["members"][0]
    created, response = services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    assert created and response.person is None  # anonymous: the answer names nobody
    again = services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    assert again == (False, None)
    s.refresh_from_db()
    assert s.online_returned == 1 and Participation.objects.filter(survey=s).count() == 1
    assert Response.objects.filter(survey=s).count() == 1
    assert Answer.objects.filter(response=response).count() == 5  # single, two options, rating, text


def test_named_survey_keeps_the_person(world):
    s, qs = make_survey(world, anonymous=False)
    created, response = services.answer_submit(actor=world["members"][1], survey=s, answers=full_answers(qs))
    assert response.person == world["people"][1]


def test_the_database_refuses_a_second_participation(world):
    s, _ = make_survey(world)
    Participation.objects.create(survey=s, person=world["people"][0], answered_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(survey=s, person=world["people"][0], answered_on=TODAY)


def test_bad_answers(world):
    s, qs = make_survey(world)
    m = world["members"][0]
    q1, q2, q3, q4 = qs
    with pytest.raises(ServiceError, match="必答"):
        services.answer_submit(actor=m, survey=s, answers={q1.pk: q1.options.first().pk})  # rating missing
    with pytest.raises(ServiceError, match="1—5分"):
        services.answer_submit(actor=m, survey=s, answers={**full_answers(qs), q3.pk: "9"})
    with pytest.raises(ServiceError, match="选项无效"):
        services.answer_submit(actor=m, survey=s, answers={**full_answers(qs), q1.pk: q2.options.first().pk})
    with pytest.raises(ServiceError, match="参与范围"):
        services.answer_submit(actor=world["outsider"], survey=s, answers=full_answers(qs))
    assert not Participation.objects.filter(survey=s).exists()  # nothing half-written
    s.refresh_from_db()
    assert s.online_returned == 0


def test_before_it_opens_and_after_it_closes(world):
    s, qs = make_survey(world, opens=TODAY + datetime.timedelta(days=2), closes=TODAY + datetime.timedelta(days=9))
    with pytest.raises(ServiceError, match="尚未开始"):
        services.answer_submit(actor=world["members"][0], survey=s, answers=full_answers(qs))
    s2, qs2 = make_survey(world)
    with pytest.raises(ServiceError, match="已结束"):
        services.answer_submit(actor=world["members"][0], survey=s2, answers=full_answers(qs2),
                               today=s2.closes_on + datetime.timedelta(days=1))
    services.survey_close(actor=world["officer"], survey=s2)
    assert services.survey_close(actor=world["officer"], survey=s2).status == Survey.Status.CLOSED  # idempotent
    with pytest.raises(ServiceError, match="已结束"):
        services.answer_submit(actor=world["members"][0], survey=s2, answers=full_answers(qs2))
    draft, qs3 = make_survey(world, open_=False)
    with pytest.raises(ServiceError, match="尚未开始"):
        services.answer_submit(actor=world["members"][0], survey=draft, answers=full_answers(qs3))


def test_paper_counts_and_both_rates(world):
    s, qs = make_survey(world)
    for m in world["members"][:3]:
        services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    with pytest.raises(ServiceError, match="有效份数（90）不能多于回收份数（80）"):
        services.paper_counts_record(actor=world["officer"], survey=s, issued=100, returned=80, valid=90)
    with pytest.raises(ServiceError, match="回收份数（120）不能多于发放份数（100）"):
        services.paper_counts_record(actor=world["officer"], survey=s, issued=100, returned=120, valid=90)
    with pytest.raises(ServiceError, match="负数"):
        services.paper_counts_record(actor=world["officer"], survey=s, issued=-1, returned=0, valid=0)
    s = services.paper_counts_record(actor=world["officer"], survey=s, issued=96, returned=90, valid=85)
    assert (s.issued, s.returned, s.valid) == (100, 93, 88)
    assert s.return_rate == Decimal("93.0") and s.valid_rate == Decimal("88.0")
    data = selectors.results(s)
    assert data["online"] == {"issued": 4, "returned": 3, "valid": 3}
    q1 = data["questions"][0]
    assert q1["answered"] == 3 and q1["options"][0]["count"] == 3
    assert data["questions"][2]["average"] == 4.0 and data["questions"][3]["texts"] == ["多开窗口"] * 3


def test_evaluation_satisfaction_two_ways(world):
    s, qs = make_survey(world, kind=Survey.Kind.EVALUATION)
    subjects = list(s.subjects.all())
    grades = [Grade.SATISFIED, Grade.BASIC, Grade.UNSATISFIED, Grade.SATISFIED]
    for m, g in zip(world["members"], grades):
        services.answer_submit(actor=m, survey=s, answers=full_answers(qs),
                               grades={subjects[0].pk: g, subjects[1].pk: Grade.SATISFIED})
    with pytest.raises(ServiceError, match="多于有效纸质测评表"):
        services.subject_paper_record(actor=world["officer"], subject=subjects[0], satisfied=5, basic=0,
                                      unsatisfied=0)
    services.paper_counts_record(actor=world["officer"], survey=s, issued=10, returned=9, valid=8)
    services.subject_paper_record(actor=world["officer"], subject=subjects[0], satisfied=4, basic=2, unsatisfied=2)
    first = EvaluationSubject.objects.get(pk=subjects[0].pk)
    assert (first.satisfied, first.basic, first.unsatisfied) == (6, 3, 3)
    assert first.satisfaction_rate == Decimal("75.0")  # (6 + 3) / 12
    assert first.satisfied_share == Decimal("50.0")
    with pytest.raises(ServiceError, match="多于有效份数"):
        services.paper_counts_record(actor=world["officer"], survey=s, issued=10, returned=9, valid=7)
    # a grade missing is a required item missing
    services.survey_close(actor=world["officer"], survey=s)


def test_evaluation_needs_every_grade(world):
    s, qs = make_survey(world, kind=Survey.Kind.EVALUATION)
    first = s.subjects.first()
    with pytest.raises(ServiceError, match="李副主席"):
        services.answer_submit(actor=world["members"][0], survey=s, answers=full_answers(qs),
                               grades={first.pk: Grade.SATISFIED})


def test_building_rules(world):
    officer = world["officer"]
    company = world["tree"]["company"]
    with pytest.raises(ServiceError, match="截止日期不能早于开始日期"):
        services.survey_create(actor=officer, org=company, title="x", opens_on=D(2025, 5, 2), closes_on=D(2025, 5, 1))
    with pytest.raises(ServiceError, match="标题"):
        services.survey_create(actor=officer, org=company, title=" ", opens_on=D(2025, 5, 2), closes_on=D(2025, 5, 3))
    with pytest.raises(ServiceError, match="届次"):
        services.survey_create(actor=officer, org=company, title="测评", opens_on=D(2025, 5, 2),
                               closes_on=D(2025, 5, 3), audience=Survey.Audience.DELEGATES)
    s = services.survey_create(actor=officer, org=company, title="问卷", opens_on=D(2025, 5, 2),
                               closes_on=D(2025, 5, 3))
    with pytest.raises(ServiceError, match="先添加题目"):
        services.survey_open(actor=officer, survey=s)
    with pytest.raises(ServiceError, match="两个不同的选项"):
        services.question_add(actor=officer, survey=s, text="单选", options=["是", "是"])
    with pytest.raises(ServiceError, match="只有民主测评"):
        services.subject_add(actor=officer, survey=s, name="王")
    with pytest.raises(ServiceError, match="尚未发布"):
        services.survey_close(actor=officer, survey=s)
    services.question_add(actor=officer, survey=s, text="单选", options=["是", "否"])
    services.survey_open(actor=officer, survey=s)
    assert services.survey_open(actor=officer, survey=s).status == Survey.Status.OPEN  # double click
    with pytest.raises(ServiceError, match="不能再修改"):
        services.question_add(actor=officer, survey=s, text="再加一题", options=["是", "否"])


def test_another_unions_officer_is_refused(world, officer_b):
    s, _ = make_survey(world)
    with pytest.raises(ValidationError) as e:
        services.survey_close(actor=officer_b, survey=s)
    assert e.value.code == "out_of_scope"
    assert not selectors.surveys(officer_b).filter(pk=s.pk).exists()


def test_member_sees_own_open_surveys_and_the_card(world):
    s, qs = make_survey(world)
    m = world["members"][1]  # in the branch: the company's survey reaches them
    assert [x.pk for x in selectors.my_surveys(m)] == [s.pk]
    assert selectors.home_card(m)["count"] == 1
    services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    assert selectors.home_card(m) is None
    assert list(selectors.my_surveys(world["outsider"])) == []


def test_closing_low_and_not_answered(world):
    s, qs = make_survey(world, closes=TODAY + datetime.timedelta(days=2))
    services.answer_submit(actor=world["members"][0], survey=s, answers=full_answers(qs))
    assert list(selectors.closing_low(world["officer"])) == [s]  # 1 of 4 = 25%
    assert len(selectors.not_answered(s)) == 3
    for m in world["members"][1:]:
        services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    assert list(selectors.closing_low(world["officer"])) == []
