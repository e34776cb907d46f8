"""Membership dates that cannot be (members.validators): before the birth, in the future, after the death — in the
services, the API and the roster import."""
from __future__ import annotations

import datetime

import pytest
from django.utils.timezone import localdate
from rest_framework.test import APIClient

from gonghui.core.errors import ServiceError
from gonghui.members import services
from gonghui.members.models import Person
from gonghui.members.validators import ABOUT_DEATH, AFTER_OK, date_problem

from .import_helpers import new_id, row, stage, xlsx_bytes

D = datetime.date
TODAY = localdate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_rule():
    birth, died = D(1960, 1, 1), D(2020, 6, 1)
    assert date_problem(D(1959, 1, 1), "慰问日期", birth=birth, whose="张三的") == \
        "慰问日期（1959-01-01）不能早于张三的出生日期（1960-01-01）"
    assert "不能晚于张三的去世日期" in date_problem(D(2021, 1, 1), "慰问日期", birth=birth, died=died, whose="张三的")
    assert "不能早于张三的去世日期" in date_problem(D(2020, 5, 1), "慰问日期", died=died, whose="张三的",
                                          death=ABOUT_DEATH)
    assert date_problem(D(2021, 1, 1), "慰问日期", died=died, death=AFTER_OK) is None
    assert date_problem(TODAY + datetime.timedelta(days=1), "发放日期") == "发放日期不能晚于今天"
    assert date_problem(TODAY + datetime.timedelta(days=30), "退休日期", future_days=366) is None


def test_membership_events_before_birth_are_refused(tree, make_person):
    person = make_person(tree["company"], "钱新", birth=D(1990, 3, 3), member=False)
    with pytest.raises(ServiceError, match="申请日期（1989-01-01）不能早于钱新的出生日期"):
        services.member_apply(person=person, applied_on=D(1989, 1, 1))
    with pytest.raises(ServiceError, match="入会日期（1989-01-01）不能早于钱新的出生日期"):
        services.member_admit(person=person, joined_on=D(1989, 1, 1))
    with pytest.raises(ServiceError, match="退休日期（1989-01-01）不能早于钱新的出生日期"):
        services.member_retire(person=person, on=D(1989, 1, 1))
    with pytest.raises(ServiceError, match="去世日期（1989-01-01）不能早于钱新的出生日期"):
        services.person_death(person=person, on=D(1989, 1, 1))
    assert Person.objects.get(pk=person.pk).died_on is None


def test_hiring_in_the_future_is_refused(tree):
    with pytest.raises(ServiceError, match="入职日期不能晚于今天"):
        services.person_create(org=tree["company"], name="孙未来", id_number=new_id(D(1990, 1, 1)),
                               hired_on=TODAY + datetime.timedelta(days=40))


def test_editing_a_birth_date_after_the_membership_began_is_refused(tree, make_person):
    person = make_person(tree["company"], "李改", birth=D(1985, 3, 7), joined=D(2005, 1, 1), id_number=None,
                         gender="M")
    with pytest.raises(ServiceError, match="入会日期（2005-01-01）不能早于出生日期（2006-01-01）"):
        services.person_update(person=person, version=person.version, birth_date=D(2006, 1, 1))


def test_api_refuses_a_death_before_birth(tree, make_person, officer_a):
    person = make_person(tree["company"], "赵接口", birth=D(1990, 3, 3))
    api = APIClient()
    api.force_authenticate(officer_a)
    response = api.post(f"/api/people/{person.pk}/death/", {"on": "1980-01-01"}, format="json")
    assert response.status_code == 400 and "不能早于赵接口的出生日期" in response.json()["detail"]


def test_import_refuses_dates_that_cannot_be(tmp_path, tree, officer_a):
    later = (TODAY + datetime.timedelta(days=40)).isoformat()
    rows = [row("甲", new_id(D(1990, 5, 17)), 入会日期="1989-01-01"),
            row("乙", new_id(D(1990, 5, 17)), 入职日期=later),
            row("丙", new_id(D(1990, 5, 17)), 参加工作时间=later)]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert reasons[(2, "入会日期")] == "入会日期（1989-01-01）不能早于出生日期（1990-05-17）"
    assert reasons[(3, "入职日期")] == "入职日期不能晚于今天"
    assert reasons[(4, "参加工作时间")] == "参加工作时间不能晚于今天"
    assert batch.rejected_count == 3
