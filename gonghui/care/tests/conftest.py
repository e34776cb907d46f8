"""Care fixtures: a federation rule set with the DOMAIN.md §4 numbers, members, and users in each role."""
from __future__ import annotations

import datetime

import pytest

from gonghui.accounts.roles import Role
from gonghui.care import services
from gonghui.care.models import Occasion, RecipientKind

D = datetime.date


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made in most care tests; the production hasher would make each one cost half a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rule_set(tree):
    """区总工会 2024 standards (open-ended): hospital 800/500/300 (cap 1000), marriage/childbirth cap 600, death
    cap 2000, relative death cap 1000, birthday 200 (cap 300 a year), festival 500 (cap 1000 a visit, 1500 a year)."""
    rules = [
        {"occasion": Occasion.HOSPITAL, "recipient_kind": RecipientKind.SERVING, "standard": "800", "cap": "1000"},
        {"occasion": Occasion.HOSPITAL, "recipient_kind": RecipientKind.FAMILY, "standard": "500", "cap": "1000"},
        {"occasion": Occasion.HOSPITAL, "recipient_kind": RecipientKind.RETIREE, "standard": "300", "cap": "1000"},
        {"occasion": Occasion.MARRIAGE, "standard": "500", "cap": "600"},
        {"occasion": Occasion.CHILDBIRTH, "standard": "500", "cap": "600"},
        {"occasion": Occasion.DEATH, "standard": "2000", "cap": "2000"},
        {"occasion": Occasion.RELATIVE_DEATH, "standard": "500", "cap": "1000"},
        {"occasion": Occasion.RETIREMENT, "standard": "800", "cap": "1000"},
        {"occasion": Occasion.BIRTHDAY, "standard": "200", "cap": "300", "yearly_cap": "300"},
        {"occasion": Occasion.FESTIVAL, "standard": "500", "cap": "1000", "yearly_cap": "1500"},
    ]
    return services.rule_set_create(actor=None, org=tree["fed"], name="区总工会2024年慰问标准",
                                    effective_from=D(2024, 1, 1), rules=rules)


@pytest.fixture
def member(tree, make_person):
    return make_person(tree["company"], "李困难", birth=D(1980, 5, 12))


@pytest.fixture
def member_user(make_user, tree, member):
    return make_user("member_li", Role.MEMBER, tree["company"], person=member)


@pytest.fixture
def other_member(tree, make_person):
    return make_person(tree["company"], "王其他", birth=D(1982, 6, 1))


@pytest.fixture
def other_member_user(make_user, tree, other_member):
    return make_user("member_wang", Role.MEMBER, tree["company"], person=other_member)


@pytest.fixture
def chair_a(make_user, make_person, tree):
    person = make_person(tree["company"], "赵主席", birth=D(1970, 1, 1))
    return make_user("chair_a", Role.CHAIR, tree["company"], person=person)


@pytest.fixture
def group_leader(make_user, make_person, tree):
    person = make_person(tree["group"], "钱组长", birth=D(1975, 2, 2))
    return make_user("leader_g", Role.GROUP_LEADER, tree["group"], person=person)


@pytest.fixture
def auditor_a(make_user, tree):
    return make_user("auditor_a", Role.AUDITOR, tree["company"])


@pytest.fixture
def women_a(make_user, tree):
    return make_user("women_a", Role.WOMEN, tree["company"])


@pytest.fixture
def upper(make_user, tree):
    return make_user("upper_fed", Role.UPPER, tree["fed"])
