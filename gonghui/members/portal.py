"""Members on the officer's desk (portal.desk): applications to join waiting for a decision — people an officer
registered as 申请入会中, and applications made online (网上入会, portal.JoinApplication) waiting for review."""
from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk, selectors_join
from gonghui.portal.models_join import JoinApplication

from . import selectors
from .models import Person


def pending_applications(user, org):
    return selectors.person_list(user, within=org, perm=Perm.MEMBERSHIP_MANAGE).filter(
        member_status=Person.MemberStatus.PENDING)


desk.register(desk.TodoSource(
    key="members.pending", label="入会申请待审批", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE, urgency=70,
    count=pending_applications,
    url=lambda org: reverse("members:person_list") + f"?member_status={Person.MemberStatus.PENDING}"))


def online_applications(user, org):
    """网上入会 applications waiting for review (待审核) in `org`'s subtree, inside the user's scope: one COUNT."""
    return selectors_join.applications_for(user).filter(
        org__path__startswith=org.path, status=JoinApplication.Status.PENDING)


desk.register(desk.TodoSource(
    key="members.join_pending", label="网上入会申请待审核", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE, urgency=75,
    count=online_applications,
    url=lambda org: reverse("portal:join_review_list") + f"?status={JoinApplication.Status.PENDING}"))
