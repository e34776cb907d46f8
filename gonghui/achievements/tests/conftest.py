"""Fixtures of the achievements tests: the company with criteria, a review panel (one of them also an author), a
member with an account, and the school (another union) with a suggestion of its own."""
from __future__ import annotations

import datetime

import pytest

from gonghui.accounts.roles import Role
from gonghui.achievements.services import suggestions as services

DAY = datetime.date(2025, 3, 3)


@pytest.fixture
def world(tree, make_person, make_user, officer_a, officer_b):
    company, school, branch = tree["company"], tree["school"], tree["branch"]
    author = make_person(branch, "王金点")
    coauthor = make_person(company, "李协作", female=True)
    judges = [make_person(company, name) for name in ("赵评审", "钱评审", "孙评审")]
    criteria = [services.criterion_set(actor=None, org=company, name=n, max_score=m, order=i)
                for i, (n, m) in enumerate((("创新性", 30), ("可行性", 30), ("经济效益", 40)))]
    for p in judges:
        services.panel_add(actor=None, org=company, person=p, role="成员", since=datetime.date(2024, 1, 1))
    services.panel_add(actor=None, org=company, person=coauthor, role="成员", since=datetime.date(2024, 1, 1))
    member = make_user("member_wang", Role.MEMBER, company, person=author)
    judge_user = make_user("judge_zhao", Role.MEMBER, company, person=judges[0])
    coauthor_user = make_user("member_li", Role.MEMBER, company, person=coauthor)
    b_person = make_person(school, "周老师")
    b_suggestion = services.suggestion_submit(actor=None, author=b_person, title="乙校建议", problem="教室投影老化严重",
                                              proposal="更换为激光投影仪", submitted_on=DAY)
    return dict(company=company, school=school, branch=branch, author=author, coauthor=coauthor, judges=judges,
                criteria=criteria, member=member, judge_user=judge_user, coauthor_user=coauthor_user,
                officer=officer_a, officer_b=officer_b, b_person=b_person, b_suggestion=b_suggestion)


def submit(w, *, actor=None, coauthors=(), on=DAY, **extra):
    extra.setdefault("title", "空压机余热回收")
    return services.suggestion_submit(actor=actor, author=w["author"], problem="空压机余热直接排放，浪费能源",
                                      proposal="加装余热回收装置，为浴室供热水", expected_benefit="每年节约燃气费约5万元",
                                      coauthors=coauthors, submitted_on=on, **extra)


def full_scores(w, values=(25, 24, 30)):
    return {c.pk: v for c, v in zip(w["criteria"], values)}
