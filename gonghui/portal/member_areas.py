"""The portal's own areas on the member's phone: 通知公告 (a 首页 card and a 服务 entry), 消息, 修改密码."""
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
    key="profile", label="我的信息与入会记录", icon="person-vcard", url_name="members:me", section=member.MINE,
    order=10))
member.register_entry(member.MemberEntry(
    key="password", label="修改密码", icon="key", url_name="accounts:password_change", section=member.MINE,
    order=90))
