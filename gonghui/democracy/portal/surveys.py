"""Surveys on the member's phone and the officer's desk (portal.member, portal.desk, portal.messaging).

- Member: the entry 问卷测评 in 服务 and a 首页 card "问卷待填写" (open surveys of their audience not yet answered,
  one query; no card when there are none).
- Officer's to-do: an open survey closing within 3 days whose 回收率 is still below 80% (selectors.closing_low).
- Reminder (`gonghui remind`): members of an open survey's audience with an account who have not answered, from
  3 days before it closes; the dedupe key makes a second run on the same day send nothing twice.
"""
from __future__ import annotations

import datetime

from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk, member, messaging

from .. import importing_surveys  # noqa: F401  (registers the paper-count importer with the import engine)
from ..models import Survey
from ..selectors import surveys as selectors

REMIND = messaging.register_kind(messaging.MessageKind("democracy.survey_remind", "问卷填写提醒"))

member.register_entry(member.MemberEntry(
    key="democracy.surveys", label="问卷测评", icon="ui-checks", url_name="democracy:surveys_my",
    section=member.SERVICES, order=40))
member.register_card(member.HomeCard(
    key="democracy.surveys", template="democracy/surveys/card.html",
    context=lambda user: selectors.home_card(user), order=20))

desk.register(desk.TodoSource(
    key="democracy.surveys_low", label="问卷即将截止、回收率偏低", area="民主管理", perm=Perm.DEMOCRACY_EDIT,
    urgency=45, count=lambda user, org: selectors.closing_low(user, within=org),
    url=lambda org: reverse("democracy:surveys_list") + "?status=open"))


def not_answered(day: datetime.date):
    """Open surveys closing within CLOSING_DAYS: each account of the audience that has not answered."""
    closing = (Survey.objects.filter(status=Survey.Status.OPEN, opens_on__lte=day, closes_on__gte=day,
                                     closes_on__lte=day + datetime.timedelta(days=selectors.CLOSING_DAYS))
               .select_related("org"))
    for survey in closing:
        url = reverse("democracy:surveys_answer", args=[survey.pk])
        for user in selectors.not_answered(survey, day).iterator(chunk_size=500):
            yield desk.Notice(user, f"survey:{survey.pk}", f"请填写问卷：{survey.title}",
                              f"{survey.org.name}的“{survey.title}”将于{survey.closes_on:%Y年%-m月%-d日}截止，"
                              "您还没有填写，请抽空作答。", url)


desk.register_reminder(desk.Reminder("democracy.survey_remind", "问卷截止前提醒未填写的会员", REMIND.key, not_answered))
