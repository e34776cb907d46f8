"""Hazards on the phone and the desk: 报告隐患 (服务) and 我报告的隐患 (我的), a 首页 card, the to-dos 隐患待转办
(RIGHTS_EDIT) and 隐患整改逾期 (RIGHTS_VIEW), 待整改隐患 for a department's contact (HAZARD_FIX); messages to the
reporter at every change of state and to the department's contacts when a hazard is forwarded to them."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import hazards as selectors

member.register_entry(member.MemberEntry(
    key="rights.hazard_report", label="报告隐患", icon="cone-striped", url_name="rights:my_hazard_report",
    section=member.SERVICES, order=30))
member.register_entry(member.MemberEntry(
    key="rights.my_hazards", label="我报告的隐患", icon="cone", url_name="rights:my_hazards",
    section=member.MINE, order=45))
member.register_card(member.HomeCard(
    key="rights.hazards", template="rights/card_hazards.html", context=selectors.my_card, order=40))

STATE = messaging.register_kind(messaging.MessageKind("rights.hazard_state", "隐患处理进度"))
FORWARDED = messaging.register_kind(messaging.MessageKind("rights.hazard_forwarded", "转办的隐患"))

desk.register(desk.TodoSource(
    key="rights.hazards_to_forward", label="隐患待转办", area="维权服务", perm=Perm.RIGHTS_EDIT, urgency=75,
    count=lambda user, org: selectors.to_forward(user, within=org),
    url=lambda org: reverse("rights:hazard_list") + "?state=reported"))
desk.register(desk.TodoSource(
    key="rights.hazards_overdue", label="隐患整改逾期", area="维权服务", perm=Perm.RIGHTS_VIEW, urgency=65,
    count=lambda user, org: selectors.overdue(user, within=org),
    url=lambda org: reverse("rights:hazard_list") + "?overdue=1"))
desk.register(desk.TodoSource(
    key="rights.hazards_to_fix", label="待整改隐患", area="维权服务", perm=Perm.HAZARD_FIX, urgency=70,
    count=lambda user, org: selectors.for_department(user, open_only=True).filter(org__path__startswith=org.path),
    url=lambda org: reverse("rights:department_hazards")))


def tell_reporter(hazard, title: str, body: str = "") -> None:
    messaging.send(hazard.reporter, STATE.key, title, body, reverse("rights:my_hazard", kwargs={"pk": hazard.pk}),
                   dedupe_key=f"rights.hazard:{hazard.pk}:{hazard.state}")


def tell_department(hazard) -> None:
    for user in hazard.department.contacts.filter(is_active=True):
        messaging.send(user, FORWARDED.key, f"工会转办隐患：{hazard}", hazard.description,
                       reverse("rights:department_hazard", kwargs={"pk": hazard.pk}),
                       dedupe_key=f"rights.hazard_fwd:{hazard.pk}:{hazard.department_id}")
