"""Members on the officer's desk (portal.desk): applications to join waiting for a decision."""
from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk

from . import selectors
from .models import Person


def pending_applications(user, org):
    return selectors.person_list(user, within=org, perm=Perm.MEMBERSHIP_MANAGE).filter(
        member_status=Person.MemberStatus.PENDING)


desk.register(desk.TodoSource(
    key="members.pending", label="入会申请待审批", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE, urgency=70,
    count=pending_applications,
    url=lambda org: reverse("members:person_list") + f"?member_status={Person.MemberStatus.PENDING}"))
