"""Fixtures shared by every test: a small union tree, people and users with roles."""
from __future__ import annotations

import datetime
import itertools

import pytest

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.core import idcard
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization

PASSWORD = "Gonghui2025test"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; production keeps Django's PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_seq = itertools.count(1)


def make_id(birth=datetime.date(1985, 3, 7), female=False) -> str:
    n = next(_seq) % 500 * 2 + (0 if female else 1)
    return idcard.make("320102", birth, n)


@pytest.fixture
def tree(db):
    """区总工会 → {甲公司工会 → {一分会 → 一组}, 乙学校工会}."""
    fed = org_services.org_create(code="FED", name="测试区总工会", kind=Organization.Kind.FEDERATION)
    company = org_services.org_create(code="A", name="甲公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed,
                                      party_org="甲公司党委")
    branch = org_services.org_create(code="A1", name="甲公司一分会", kind=Organization.Kind.BRANCH, parent=company)
    group = org_services.org_create(code="A1G1", name="一分会第一小组", kind=Organization.Kind.GROUP, parent=branch)
    school = org_services.org_create(code="B", name="乙学校工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
    return {"fed": fed, "company": company, "branch": branch, "group": group, "school": school}


@pytest.fixture
def make_user(db):
    def _make(username, role=None, org=None, person=None, **extra):
        user = User.objects.create_user(username=username, password=PASSWORD, person=person, **extra)
        if role:
            RoleAssignment.objects.create(user=user, org=org, role=role)
        return user

    return _make


@pytest.fixture
def make_person(db):
    from gonghui.members import services

    def _make(org, name="张三", *, female=False, birth=datetime.date(1985, 3, 7), member=True,
              joined=datetime.date(2020, 1, 1), **fields):
        fields.setdefault("id_number", make_id(birth, female))
        person = services.person_create(org=org, name=name, **fields)
        if member:
            services.member_admit(person=person, joined_on=joined)
            person.refresh_from_db()
        return person

    return _make


@pytest.fixture
def officer_a(tree, make_user):
    return make_user("officer_a", Role.OFFICER, tree["company"])


@pytest.fixture
def officer_b(tree, make_user):
    return make_user("officer_b", Role.OFFICER, tree["school"])
