"""A union with a reading room and a room: 甲公司工会 (the officer's), members in its branch, 乙学校工会 beside it."""
from __future__ import annotations

import datetime

import pytest

from gonghui.accounts.roles import Role
from gonghui.workershome.models import Room, Source
from gonghui.workershome.services import books as book_services
from gonghui.workershome.services import rooms as room_services


@pytest.fixture
def home(tree, make_person, make_user):
    company = tree["company"]
    officer = make_user("home_officer", Role.OFFICER, company)
    members = [make_person(tree["branch"], name) for name in ("王芳", "李强", "赵敏")]
    member_users = [make_user(f"home_member{i}", Role.MEMBER, company, person=p) for i, p in enumerate(members)]
    book = book_services.book_create(actor=officer, org=company, title="平凡的世界", author="路遥",
                                     publisher="北京十月文艺出版社", isbn="978-7-5366-9293-0", category="I")
    copies = book_services.copies_add(actor=officer, book=book, count=2, source=Source.PURCHASE,
                                      acquired_on=datetime.date(2025, 1, 10))
    room = room_services.room_create(actor=officer, org=company, name="职工活动室", kind=Room.Kind.ACTIVITY,
                                     opens_at=datetime.time(8, 30), closes_at=datetime.time(21, 0),
                                     weekdays="1234567", capacity=30)
    outsider = make_person(tree["school"], "孙校")
    return {"org": company, "officer": officer, "members": members, "member_users": member_users, "book": book,
            "copies": copies, "room": room, "outsider": outsider, "tree": tree}
