"""Mediation and legal advice on the phone and the desk: 申请调解 and 法律咨询 (服务), 我的调解与咨询 (我的); to-dos
调解申请待受理, 调解超期未结案 and 法律咨询待答复; messages to the applicant at each step and to the union's officers
when a member applies (the details are never in a message)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import disputes as selectors

member.register_entry(member.MemberEntry(
    key="rights.apply", label="申请劳动争议调解", icon="people", url_name="rights:my_case_apply",
    section=member.SERVICES, order=32))
member.register_entry(member.MemberEntry(
    key="rights.advice", label="法律咨询", icon="chat-square-text", url_name="rights:my_advice",
    section=member.SERVICES, order=34))
member.register_entry(member.MemberEntry(
    key="rights.my_cases", label="我的调解与咨询", icon="journal-text", url_name="rights:my_cases",
    section=member.MINE, order=46))

CASE = messaging.register_kind(messaging.MessageKind("rights.case", "劳动争议调解"))
CASE_NEW = messaging.register_kind(messaging.MessageKind("rights.case_new", "调解申请"))
ADVICE = messaging.register_kind(messaging.MessageKind("rights.advice", "法律咨询答复"))

desk.register(desk.TodoSource(
    key="rights.cases_to_accept", label="调解申请待受理", area="维权服务", perm=Perm.RIGHTS_EDIT, urgency=78,
    count=lambda user, org: selectors.to_accept(user, within=org),
    url=lambda org: reverse("rights:case_list") + "?state=applied"))
desk.register(desk.TodoSource(
    key="rights.cases_overdue", label="调解超期未结案", area="维权服务", perm=Perm.RIGHTS_VIEW, urgency=72,
    count=lambda user, org: selectors.overdue(user, within=org),
    url=lambda org: reverse("rights:case_list") + "?overdue=1"))
desk.register(desk.TodoSource(
    key="rights.advice_unanswered", label="法律咨询待答复", area="维权服务", perm=Perm.RIGHTS_EDIT, urgency=55,
    count=lambda user, org: selectors.unanswered(user, within=org),
    url=lambda org: reverse("rights:consultation_list") + "?answered=no"))


def tell_applicant(case, title: str, body: str = "") -> None:
    if case.applicant_user_id:
        messaging.send(case.applicant_user, CASE.key, title, body, reverse("rights:my_cases"),
                       dedupe_key=f"rights.case:{case.pk}:{case.state}")


def tell_officers_new(case) -> None:
    for user in desk.officers(case.org, Perm.RIGHTS_EDIT):
        messaging.send(user, CASE_NEW.key, f"收到劳动争议调解申请（{case.number}）", "",
                       reverse("rights:case_detail", kwargs={"pk": case.pk}),
                       dedupe_key=f"rights.case_new:{case.pk}")
