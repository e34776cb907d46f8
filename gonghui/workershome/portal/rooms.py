"""Rooms on the member's phone: 场地预约 in 服务 (the rooms of the member's union, a day's taken slots, book and
cancel)."""
from gonghui.portal import member

member.register_entry(member.MemberEntry(
    key="workershome.rooms", label="场地预约", icon="calendar-week", url_name="workershome:my_rooms",
    section=member.SERVICES, order=51))
