"""Members on the officer's desk (portal.desk): applications to join waiting for a decision — people an officer
registered as 申请入会中, and applications made online (网上入会, portal.JoinApplication) waiting for review —,
transfers waiting on either side, members asking for a password reset. On the member's phone (portal.member): 申请转会
in 服务, a transfer waiting in the 首页's 待办, the member's transfers in 我的申请. Messages when a member starts a
transfer (to both unions' officers) and when it is accepted, refused or withdrawn (to the member)."""
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.scope import Perm, org_q
from gonghui.portal import desk, member, messaging, selectors_join
from gonghui.portal.models_join import JoinApplication

from . import selectors
from .models import Person, Transfer


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


# ---- 转会 (transfers): to-dos, messages, and the member's own side ------------------------------------------------


#: To the officers of both unions when a member starts a transfer from the phone.
TRANSFER_NEW = messaging.register_kind(messaging.MessageKind("members.transfer_new", "会员转会申请"))
#: To the member: their transfer was accepted, refused or withdrawn.
TRANSFER_DECISION = messaging.register_kind(messaging.MessageKind("members.transfer_decision", "转会结果"))


def transfers_in(user, org):
    """Transfers waiting for the receiving union to accept or refuse, into `org`'s subtree: one COUNT."""
    return Transfer.objects.filter(org_q(user, Perm.MEMBERSHIP_MANAGE, field="to_org"),
                                   to_org__path__startswith=org.path, status=Transfer.Status.PENDING)


def transfers_out(user, org):
    """Transfers out of `org`'s subtree still waiting for the other union (follow up or withdraw): one COUNT."""
    return Transfer.objects.filter(org_q(user, Perm.MEMBERSHIP_MANAGE, field="from_org"),
                                   from_org__path__startswith=org.path, status=Transfer.Status.PENDING)


def password_resets(user, org):
    """Members who asked for a password reset (portal.PasswordResetRequest, open), in `org`'s subtree: one COUNT."""
    from gonghui.portal.services_reset import open_requests

    return open_requests(user).filter(person__org__path__startswith=org.path)


desk.register(desk.TodoSource(
    key="members.transfers_in", label="转会待接收", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE, urgency=72,
    count=transfers_in,
    url=lambda org: reverse("members:transfer_list") + f"?direction=in&status={Transfer.Status.PENDING}"))
desk.register(desk.TodoSource(
    key="members.transfers_out", label="转出待对方接收", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE, urgency=45,
    count=transfers_out,
    url=lambda org: reverse("members:transfer_list") + f"?direction=out&status={Transfer.Status.PENDING}"))
desk.register(desk.TodoSource(
    key="members.password_resets", label="会员申请重置密码", area="组织与会员", perm=Perm.MEMBERSHIP_MANAGE,
    urgency=65, count=password_resets, url=lambda org: reverse("portal:password_resets")))


def _account(person_id):
    return User.objects.filter(person_id=person_id, is_active=True).order_by("pk").first()


def tell_transfer_started(transfer: Transfer) -> None:
    """A member started a transfer: the sending union's officers (and, in the system, the receiving union's) are
    told, once per transfer. No ID number in the message."""
    person = transfer.person
    target = transfer.to_org.name if transfer.to_org_id else f"{transfer.to_org_name}（系统外）"
    url = reverse("members:transfer_detail", args=[transfer.pk])
    if transfer.status == Transfer.Status.OUTSIDE:
        body = f"{person.name}在手机上办理了转出至{target}，本会会籍已于{transfer.requested_on:%Y年%-m月%-d日}结束。"
    else:
        body = f"{person.name}在手机上申请从{transfer.from_org.name}转入{target}，等待转入工会接收；接收前仍是本会会员。"
    title = f"会员申请转会：{person.name}"
    sent = set()
    for org in filter(None, (transfer.from_org, transfer.to_org)):
        for officer in desk.officers(org, Perm.MEMBERSHIP_MANAGE):
            if officer.pk not in sent:
                sent.add(officer.pk)
                messaging.send(officer, TRANSFER_NEW.key, title, body, url,
                               dedupe_key=f"members.transfer:{transfer.pk}:new")


def tell_transfer_decision(transfer: Transfer) -> None:
    """The member's account learns that the transfer was accepted, refused or withdrawn (not when they withdrew it
    themselves)."""
    user = _account(transfer.person_id)
    if user is None or (transfer.decided_by_id == user.pk):
        return
    target = transfer.to_org.name if transfer.to_org_id else transfer.to_org_name
    state = transfer.get_status_display()
    body = f"您从{transfer.from_org.name}转入{target}的转会{state}。"
    if transfer.status == Transfer.Status.ACCEPTED:
        body += "您的会籍已转入新工会。"
    elif transfer.decision_note:
        body += f"意见：{transfer.decision_note}"
    messaging.send(user, TRANSFER_DECISION.key, f"转会{state}", body,
                   reverse("members:my_transfer", args=[transfer.pk]),
                   dedupe_key=f"members.transfer:{transfer.pk}:{transfer.status}")


def my_transfers(user):
    """The member's own transfers, newest first (another member's id is not among them: 404)."""
    person_id = getattr(user, "person_id", None)
    return Transfer.objects.filter(person_id=person_id or 0).select_related("from_org", "to_org")


def pending_transfer(user) -> tuple | None:
    """(id, receiving union's name or None, requested on, sending union's name) of the member's newest transfer
    still waiting (`my_transfers(user).filter(status=PENDING).first()`), or None: one hand-written query, since it
    runs on every 首页 (core/rawsql.py)."""
    from gonghui.core import rawsql
    from gonghui.orgs.models import Organization

    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    org = rawsql.table(Organization)
    return rawsql.one(
        f"SELECT t.id, too.name, t.requested_on, fro.name FROM {rawsql.table(Transfer)} t "
        f"INNER JOIN {org} fro ON fro.id = t.from_org_id LEFT OUTER JOIN {org} too ON too.id = t.to_org_id "
        f"WHERE t.person_id = %s AND t.status = %s ORDER BY t.requested_on DESC, t.id DESC LIMIT 1",
        [person_id, Transfer.Status.PENDING])


def _member_todos(user):
    """The member's transfer still waiting for the receiving union: one query."""
    found = pending_transfer(user)
    if found is None:
        return []
    pk, to_name, requested_on, from_name = found
    return [member.TodoItem(f"转会待{to_name or ''}接收", reverse("members:my_transfer", args=[pk]), urgency=60,
                            note=f"{requested_on:%Y年%-m月%-d日}提交，接收前您仍是{from_name}会员")]


def _member_applications(user):
    """The member's transfers as rows of 我的申请: one query."""
    return [member.ApplicationRow(
        kind="转会", title=f"转入{t.to_org.name if t.to_org_id else t.to_org_name + '（系统外）'}",
        state=t.get_status_display(), tone=TRANSFER_TONE.get(t.status, "secondary"), on=t.requested_on,
        url=reverse("members:my_transfer", args=[t.pk])) for t in my_transfers(user)[:50]]


TRANSFER_TONE = {"pending": "warning", "accepted": "success", "rejected": "danger", "cancelled": "secondary",
                 "outside": "secondary"}

member.register_todo(member.MemberTodo(key="members.transfer", items=_member_todos))
member.register_applications(member.MemberApplications(key="members.transfer", label="转会",
                                                       rows=_member_applications, order=30))
member.register_entry(member.MemberEntry(
    key="members.transfer", label="申请转会", icon="arrow-left-right", url_name="members:my_transfer_start",
    section=member.SERVICES, order=30))
