"""Union-B workers' home objects for tests/test_scope_leaks.py: a book with copies, a loan and a reservation, a room
with a booking, equipment with a loan, an asset in a stock-take, an accreditation with an evidence file, an
e-reading link."""
from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.workershome.models import Room, Source
from gonghui.workershome.services import accreditation, assets, books, equipment, ereading, rooms


def create(b: dict) -> None:
    school, people = b["union"], b["people"]
    book = books.book_create(actor=None, org=school, title="乙校书屋藏书", isbn="9787020024049")
    books.copies_add(actor=None, book=book, count=2, source=Source.DONATION, acquired_on=datetime.date(2024, 3, 1))
    books.lend(actor=None, org=school, code="9787020024049", person=people[0])
    from gonghui.workershome.models import Reservation

    Reservation.objects.create(org=school, book=book, person=people[1])
    room = rooms.room_create(actor=None, org=school, name="乙校活动室", kind=Room.Kind.ACTIVITY,
                             opens_at=datetime.time(8), closes_at=datetime.time(22), weekdays="1234567")
    day = timezone.localdate() + datetime.timedelta(days=3)
    tz = timezone.get_current_timezone()
    rooms.booking_create(actor=None, room=room, person=people[0], purpose="乙校教研活动",
                         starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=tz),
                         ends_at=datetime.datetime.combine(day, datetime.time(11), tzinfo=tz))
    item = equipment.equipment_create(actor=None, org=school, kind="chess", name="乙校象棋", quantity=5)
    equipment.equipment_lend(actor=None, equipment=item, person=people[0], quantity=1)
    tv = assets.asset_create(actor=None, org=school, name="乙校电视机", kind="appliance", quantity=1, unit="台",
                             unit_value="2000", acquired_on=datetime.date(2024, 3, 1))
    take = assets.stocktake_open(actor=None, org=school, year=timezone.localdate().year)
    assets.line_record(actor=None, line=take.lines.get(asset=tv), found=1)
    acc = accreditation.accreditation_create(actor=None, org=school, level="model", year=2025)
    from django.core.files.uploadedfile import SimpleUploadedFile

    accreditation.evidence_add(actor=None, item=acc.items.first(),
                               file=SimpleUploadedFile("乙校建家方案.pdf", b"%PDF-1.4 plan", "application/pdf"))
    ereading.link_create(actor=None, org=school, title="乙校数字图书馆", url="https://lib.example.edu.cn/yixiao",
                         description="乙校教职工专用")
