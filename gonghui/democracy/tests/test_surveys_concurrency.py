"""Answers at once on PostgreSQL: the same member's two submissions count once; many members' answers all count;
an answer racing the closing either counts with its rows or not at all."""

import pytest
from django.db import connection

from gonghui.democracy.models import Participation, Response, Survey
from gonghui.democracy.services import surveys as services
from gonghui.core.testing import at_once as _at_once

from .test_surveys_services import full_answers, make_survey, world  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")]




def test_a_double_tap_counts_once(world):
    s, qs = make_survey(world)
    m = world["members"][0]
    results, errors = _at_once([lambda: services.answer_submit(actor=m, survey=s, answers=full_answers(qs))] * 4)
    assert not errors
    assert sorted(created for created, _ in results) == [False, False, False, True]
    s.refresh_from_db()
    assert s.online_returned == 1 == Participation.objects.filter(survey=s).count() == Response.objects.filter(
        survey=s).count()


def test_every_member_at_once_and_a_close_racing(world):
    s, qs = make_survey(world)
    calls = [lambda m=m: services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
             for m in world["members"]]
    calls.append(lambda: services.survey_close(actor=world["officer"], survey=s))
    results, errors = _at_once(calls)
    assert all("已结束" in str(e) for e in errors)
    s.refresh_from_db()
    assert s.status == Survey.Status.CLOSED
    counted = Participation.objects.filter(survey=s).count()
    assert s.online_returned == counted == Response.objects.filter(survey=s).count() == 4 - len(errors)
