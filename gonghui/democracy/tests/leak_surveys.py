"""Union-B objects of this part for tests/test_scope_leaks.py (called by leak_objects.create): an open survey with
a question and an answer by union B's member, and an evaluation with a person rated."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.democracy.models import Question, Survey
from gonghui.democracy.services import surveys as services


def create(b: dict) -> None:
    today = localdate()
    s = services.survey_create(actor=None, org=b["union"], title="乙校问卷", opens_on=today - datetime.timedelta(days=1),
                               closes_on=today + datetime.timedelta(days=5))
    q = services.question_add(actor=None, survey=s, text="乙校题目", kind=Question.Kind.SINGLE, options=["是", "否"])
    services.survey_open(actor=None, survey=s)
    if getattr(b.get("member_user"), "person", None) is not None:
        services.answer_submit(actor=b["member_user"], survey=s, answers={q.pk: q.options.first().pk})
    ev = services.survey_create(actor=None, org=b["union"], title="乙校测评", kind=Survey.Kind.EVALUATION,
                                opens_on=today, closes_on=today)
    services.subject_add(actor=None, survey=ev, name="乙校主席", post="工会主席")
