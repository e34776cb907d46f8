"""Fixtures of the activities tests: a company union with an officer, a chair and members with accounts."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.activities.services import events as services


@pytest.fixture
def world(tree, make_user, make_person):
    company, school = tree["company"], tree["school"]
    officer = make_user("act_officer", Role.OFFICER, company)
    chair = make_user("act_chair", Role.CHAIR, company)
    names = ["赵一", "钱二", "孙三", "李四", "周五", "吴六"]
    members, users = [], []
    for i, name in enumerate(names):
        p = make_person(tree["branch"] if i % 2 else company, name)
        members.append(p)
        users.append(make_user(f"act_m{i}", Role.MEMBER, p.org, person=p))
    outsider = make_person(school, "郑外")
    outsider_user = make_user("act_out", Role.MEMBER, school, person=outsider)
    return {"tree": tree, "company": company, "school": school, "officer": officer, "chair": chair,
            "members": members, "users": users, "outsider": outsider, "outsider_user": outsider_user,
            "officer_b": make_user("act_officer_b", Role.OFFICER, school)}


def soon(days=7, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_event(world, *, capacity=2, budget=0, family_max=0, open_=True, **fields):
    fields.setdefault("title", "春季登山活动")
    fields.setdefault("kind", "outing")
    fields.setdefault("starts_at", soon())
    fields.setdefault("deadline", soon(5))
    e = services.event_create(actor=world["officer"], org=world["company"], capacity=capacity, budget=budget,
                              family_allowed=family_max > 0, family_max=family_max, **fields)
    if budget:
        services.event_approve(actor=world["chair"], event=e)
    if open_:
        services.event_open(actor=world["officer"], event=e)
    e.refresh_from_db()
    return e
