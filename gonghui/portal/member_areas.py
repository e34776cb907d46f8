"""The portal's own areas on the member's phone: 通知公告 (a 首页 card and a 服务 entry), 消息, 修改密码, the 待办 card,
网上入会 in the member's to-dos and applications."""
from django.urls import reverse

from . import member, notices

member.register_card(member.HomeCard(
    key="notices", template="portal/member/card_notices.html", context=lambda user: notices.home_card(user),
    order=10))
member.register_card(member.HomeCard(
    key="messages", template="portal/member/card_messages.html",
    context=lambda user: {"unread": member.unread_messages(user)}, order=20))
member.register_entry(member.MemberEntry(
    key="notices", label="通知公告", icon="newspaper", url_name="portal:my_notices", section=member.SERVICES,
    order=50))
member.register_entry(member.MemberEntry(
    key="messages", label="消息", icon="bell", url_name="portal:messages", section=member.MINE, order=50))
member.register_entry(member.MemberEntry(
    key="profile", label="我的信息、会籍与家属", icon="person-vcard", url_name="members:me", section=member.MINE,
    order=10))
member.register_entry(member.MemberEntry(
    key="password", label="修改密码", icon="key", url_name="accounts:password_change", section=member.MINE,
    order=90))


# ---- the member's 待办 card and 我的申请 ---------------------------------------------------------------------------

def _my_join_applications(user):
    """The member's online applications to join (网上入会): theirs by the person they became, or by their ID number
    (a registered non-member who logs in applied on the public page). One query."""
    from django.db.models import Q

    from .models_join import JoinApplication

    person = getattr(user, "person", None)
    if person is None:
        return JoinApplication.objects.none()
    q = Q(person_id=person.pk)
    if person.id_number:
        q |= Q(id_number=person.id_number)
    return JoinApplication.objects.filter(q).select_related("org")


def join_sent_back(user) -> tuple | None:
    """(number, reason) of the member's newest application sent back for more material (需补充材料), as
    `_my_join_applications(user).filter(status=MORE_INFO).first()`, or None: one hand-written query, since it runs
    on every 首页 (core/rawsql.py)."""
    from gonghui.core import rawsql

    from .models_join import JoinApplication

    person = getattr(user, "person", None)
    if person is None:
        return None
    mine, params = "a.person_id = %s", [person.pk]
    if person.id_number:
        mine, params = "(a.person_id = %s OR a.id_number = %s)", [person.pk, person.id_number]
    return rawsql.one(f"SELECT a.number, a.reason FROM {rawsql.table(JoinApplication)} a WHERE {mine} "
                      f"AND a.status = %s ORDER BY a.submitted_at DESC, a.id DESC LIMIT 1",
                      [*params, JoinApplication.Status.MORE_INFO])


def _join_todos(user):
    """An application the union sent back for more material (需补充材料): one query."""
    found = join_sent_back(user)
    if found is None:
        return []
    number, reason = found
    return [member.TodoItem("入会申请需补充材料", reverse("portal:join_status"), urgency=80,
                            note=f"申请号 {number}：{reason}"[:120])]


JOIN_TONE = {"pending": "warning", "more_info": "warning", "approved": "success", "refused": "danger"}


def _join_rows(user):
    return [member.ApplicationRow(kind="入会", title=f"申请加入{a.org.name}（{a.number}）",
                                  state=a.get_status_display(), tone=JOIN_TONE.get(a.status, "secondary"),
                                  on=a.submitted_at.date(), url=reverse("portal:join_status"))
            for a in _my_join_applications(user)[:20]]


member.register_card(member.HomeCard(
    key="todos", template="portal/member/card_todos.html", context=lambda user: {"items": member.todos(user)},
    order=5))
member.register_todo(member.MemberTodo(key="portal.join", items=_join_todos))
member.register_applications(member.MemberApplications(key="portal.join", label="入会", rows=_join_rows, order=10))
member.register_entry(member.MemberEntry(
    key="applications", label="我的申请", icon="list-check", url_name="portal:member_applications",
    section=member.MINE, order=20))
