"""Capacity holds under concurrency: members signing up at the same moment for fewer places give exactly that many
confirmed and the rest waiting, no errors, on SQLite and PostgreSQL; a cancellation racing new sign-ups promotes
exactly one; a member's double tap from two threads makes one sign-up."""

import pytest
from django.db import connection

from gonghui.activities.models import Signup
from gonghui.activities.services import events as services
from gonghui.core.testing import at_once as _at_once

from .conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)




@pytest.fixture
def crowd(world, make_user, make_person):
    from gonghui.accounts.roles import Role

    users = list(world["users"])
    for i in range(10):
        p = make_person(world["company"], f"并发{i}")
        users.append(make_user(f"crowd{i}", Role.MEMBER, world["company"], person=p))
    return users


def test_sixteen_members_at_once_for_five_places(world, crowd):
    e = make_event(world, capacity=5)
    results, errors = _at_once([lambda u=u: services.signup(actor=u, event=e) for u in crowd])
    assert not errors, errors
    assert len(results) == len(crowd) == 16
    rows = Signup.objects.filter(event=e)
    assert rows.filter(status="confirmed").count() == 5
    assert rows.filter(status="waiting").count() == 11


def test_a_double_tap_from_two_threads_makes_one_signup(world):
    e = make_event(world, capacity=5)
    u = world["users"][0]
    results, errors = _at_once([lambda: services.signup(actor=u, event=e)] * 4)
    assert not errors, errors
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert Signup.objects.filter(event=e).count() == 1


def test_a_cancellation_racing_signups_promotes_exactly_one(world, crowd):
    e = make_event(world, capacity=3)
    first = [services.signup(actor=u, event=e)[0] for u in crowd[:5]]  # 3 confirmed, 2 waiting
    calls = [lambda: services.signup_cancel(actor=crowd[0], signup=first[0])]
    calls += [lambda u=u: services.signup(actor=u, event=e) for u in crowd[5:12]]
    results, errors = _at_once(calls)
    assert not errors, errors
    assert Signup.objects.filter(event=e, status="confirmed").count() == 3
    promoted = Signup.objects.get(pk=first[3].pk)
    assert promoted.status == "confirmed" and promoted.promoted_at  # the first in line, not a newcomer


def test_database_vendor_is_reported(world):
    assert connection.vendor in ("sqlite", "postgresql")
