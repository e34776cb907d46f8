"""Dues on the member's phone: 我的会费 in 我的 (portal.member plug point)."""
from gonghui.portal import member

member.register_entry(member.MemberEntry(
    key="funds.my_dues", label="我的会费", icon="receipt", url_name="funds:my_dues", section=member.MINE, order=40))
